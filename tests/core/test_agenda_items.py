"""The agenda's items, with plain values: known answers and invariants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doorstroom_cli.core import agenda, rules
from doorstroom_cli.core.agenda import ItemKind, OutagePeriod
from doorstroom_cli.core.errors import InvalidInput

TODAY = date(2026, 11, 23)
DWELLINGS = (rules.Dwelling("W1", "W1", "Centrum", 4), rules.Dwelling("W2", "W2", "Noord", 4))
ONVOLDOENDE = rules.Cooperation.ONVOLDOENDE


def stay(start: date, *, household=7, dwelling="W1", weeks=0, evaluated=None, cooperation=None, id=1, outage_from=None):
    application = rules.Application(id, household, start, 3)
    return rules.Stay(id, application, dwelling, start, weeks, evaluated, cooperation, outage_from)


def items(*stays, first=TODAY, days=28, held=None, coaches=None, outages=(), wijkcoach=None):
    first, last = agenda.period(first, days)
    return agenda.items(
        rules.Pool(DWELLINGS, tuple(stays)), first, last,
        evaluations_held=held or {}, wijkcoaches=coaches or {}, outages=outages, wijkcoach=wijkcoach,
    )


def seen(found):
    return [(item.day, item.kind.value) for item in found]


def test_evaluations_fall_every_fourteen_days_from_the_start_and_six_weeks_at_start_plus_42():
    found = items(stay(date(2026, 11, 16)), days=42)
    assert seen(found) == [
        (date(2026, 11, 30), "evaluation"),   # start + 14
        (date(2026, 12, 14), "evaluation"),
        (date(2026, 12, 28), "evaluation"),
        (date(2026, 12, 28), "six_weeks"),    # start + 42
    ]
    start = date(2026, 11, 2)
    # Evaluation 1 was held on time, so this is evaluation 2, 3 of the stay.
    numbered = items(stay(start, evaluated=date(2026, 11, 16)), held={1: 1})
    assert [item.uid for item in numbered] == [
        "evaluation-7-2026-11-30@doorstroom", "evaluation-7-2026-12-14@doorstroom",
        "six_weeks-7-2026-12-14@doorstroom",
    ]


def test_an_overdue_evaluation_shows_on_the_first_day_with_its_original_due_day():
    start = date(2026, 11, 2)  # evaluation 1 was due on 16-11 and not held
    first, *rest = items(stay(start))
    assert (first.day, first.kind, first.due, first.overdue) == (TODAY, ItemKind.EVALUATION, date(2026, 11, 16), True)
    assert first.uid == "evaluation-7-2026-11-16@doorstroom"
    # The next is projected 14 days after the day it is shown.
    assert (rest[0].day, rest[0].kind, rest[0].uid) == (
        date(2026, 12, 7), ItemKind.EVALUATION, "evaluation-7-2026-11-30@doorstroom"
    )


def test_a_moved_evaluation_keeps_its_uid():
    """Evaluation 1 held three days late moves evaluation 2 by three days;
    its UID is that of the n-th evaluation of the stay, so it stays."""
    start = date(2026, 11, 9)
    before = [i for i in items(stay(start)) if i.kind is ItemKind.EVALUATION]
    late = [i for i in items(stay(start, evaluated=date(2026, 11, 26)), held={1: 1}, first=date(2026, 11, 26))
            if i.kind is ItemKind.EVALUATION]
    assert (before[1].day, late[0].day) == (date(2026, 12, 7), date(2026, 12, 10))
    assert before[1].uid == late[0].uid == "evaluation-7-2026-12-07@doorstroom"


def test_a_departure_only_where_tacit_extension_will_not_follow():
    start = date(2026, 10, 26)  # end 07-12-2026
    assert ItemKind.DEPARTURE not in [i.kind for i in items(stay(start))]
    stopped = items(stay(start, evaluated=date(2026, 11, 20), cooperation=ONVOLDOENDE), held={1: 2})
    departure = [i for i in stopped if i.kind is ItemKind.DEPARTURE]
    assert [(i.day, i.reason.value, i.uid) for i in departure] == [
        (date(2026, 12, 7), "not_extendable", "departure-7-2026-12-07@doorstroom")
    ]
    # No evaluation, no six weeks on or after the day the household leaves.
    assert all(i.day < date(2026, 12, 7) for i in stopped if i.kind is not ItemKind.DEPARTURE)


def test_a_departure_moved_by_hand_keeps_its_uid_and_an_overdue_one_shows_first():
    start = date(2026, 10, 26)
    moved = items(stay(start, weeks=1, evaluated=date(2026, 11, 20), cooperation=ONVOLDOENDE))
    (departure,) = [i for i in moved if i.kind is ItemKind.DEPARTURE]
    assert (departure.day, departure.uid) == (date(2026, 12, 14), "departure-7-2026-12-07@doorstroom")
    gone = items(stay(date(2026, 10, 1), evaluated=date(2026, 11, 1), cooperation=ONVOLDOENDE))
    assert seen(gone) == [(TODAY, "departure")] and gone[0].due == date(2026, 11, 12) and gone[0].overdue


def test_a_stay_ends_where_its_dwelling_goes_out_of_use():
    start = date(2026, 11, 16)
    outages = [OutagePeriod("W1", date(2026, 12, 4), date(2026, 12, 10)), OutagePeriod("W2", date(2026, 12, 1), None)]
    found = items(stay(start, outage_from=date(2026, 12, 4)), outages=outages)
    assert seen(found) == [
        (date(2026, 11, 30), "evaluation"),
        (date(2026, 12, 1), "outage_start"),   # W2, empty: only its own item
        (date(2026, 12, 4), "departure"),      # W1's household must leave before the works
        (date(2026, 12, 4), "outage_start"),
        (date(2026, 12, 11), "outage_end"),    # W1 back in use the day after the period
    ]
    departure = found[2]
    assert (departure.reason.value, departure.household, departure.dwelling) == ("outage", 7, "W1")
    assert [i.uid for i in found[3:]] == ["outage_start-W1-2026-12-04@doorstroom", "outage_end-W1-2026-12-04@doorstroom"]


def test_tacit_extension_stops_at_the_last_week_before_an_outage():
    """End 28-12; a week more would run into 08-01, so the stay ends on
    04-01 after one more tacit week (rules.plan_extensions)."""
    found = items(stay(date(2026, 11, 16), outage_from=date(2027, 1, 8)), days=60,
                  outages=[OutagePeriod("W1", date(2027, 1, 8), None)])
    departure = [(i.day, i.reason.value) for i in found if i.kind is ItemKind.DEPARTURE]
    assert departure == [(date(2027, 1, 4), "outage")]
    assert [i.day for i in found if i.kind is ItemKind.SIX_WEEKS] == [date(2026, 12, 28)]


def test_an_old_outage_until_9999_does_not_overflow():
    found = items(outages=[OutagePeriod("W2", date(2026, 1, 1), date(9999, 12, 31))])
    assert found == []


def test_an_impossible_count_of_evaluations_does_not_overflow():
    (item,) = items(stay(date(2026, 11, 9)), held={1: 10**9}, days=1)
    assert item.day == TODAY and item.key == date.max


def test_the_wijkcoach_filter_folds_case_and_accents_and_drops_outages():
    a, b = stay(date(2026, 11, 2)), stay(date(2026, 11, 9), household=8, dwelling="W2", id=2)
    coaches = {1: "Zoë de Vries", 2: "Ayşe Yılmaz"}
    outages = [OutagePeriod("W1", date(2027, 1, 1), None), OutagePeriod("W2", date(2026, 12, 1), date(2026, 12, 2))]
    for typed in ("ZOE DE VRIES", "zoë  de vries", "Zoë de Vries"):
        found = items(a, b, coaches=coaches, outages=outages, wijkcoach=typed)
        assert found and {i.household for i in found} == {7}
    assert {i.household for i in items(a, b, coaches=coaches, wijkcoach="ayse yilmaz")} == {8}
    assert items(a, b, coaches=coaches, wijkcoach="de Vries") == []


@pytest.mark.parametrize("days", [0, -1, rules.MOST_AGENDA_DAYS + 1])
def test_the_period_is_one_day_to_a_year(days):
    with pytest.raises(InvalidInput):
        agenda.period(TODAY, days)


def test_the_period_stays_in_the_date_window():
    assert agenda.period(date(2099, 12, 31), 1) == (date(2099, 12, 31), date(2099, 12, 31))
    with pytest.raises(InvalidInput, match="run past"):
        agenda.period(date(2099, 12, 31), 2)


starts = st.dates(min_value=date(2026, 6, 1), max_value=TODAY)


@settings(max_examples=100, deadline=None)
@given(
    start=starts,
    late=st.integers(min_value=0, max_value=40),
    weeks=st.integers(min_value=0, max_value=8),
    stopped=st.booleans(),
    days=st.integers(min_value=1, max_value=120),
    offset=st.integers(min_value=0, max_value=30),
)
def test_items_lie_in_the_period_in_day_order_with_unique_uids(start, late, weeks, stopped, days, offset):
    evaluated = min(start + timedelta(days=late), TODAY) if late else None
    cooperation = ONVOLDOENDE if stopped and evaluated else (rules.Cooperation.VOLLEDIG if evaluated else None)
    first = TODAY + timedelta(days=offset)
    found = items(stay(start, weeks=weeks, evaluated=evaluated, cooperation=cooperation),
                  held={1: 1 if evaluated else 0}, first=first, days=days)
    last = first + timedelta(days=days - 1)
    assert all(first <= i.day <= last and i.due <= i.day for i in found)
    assert [i.day for i in found] == sorted(i.day for i in found)
    assert len({i.uid for i in found}) == len(found)
    evaluations = [i.day for i in found if i.kind is ItemKind.EVALUATION]
    assert all((b - a).days == rules.EVALUATION_INTERVAL_DAYS for a, b in zip(evaluations, evaluations[1:]))
    departures = [i.day for i in found if i.kind is ItemKind.DEPARTURE]
    assert len(departures) <= (1 if cooperation is ONVOLDOENDE else 0)
    if departures:
        assert all(i.day < departures[0] for i in found if i.kind is ItemKind.EVALUATION)
