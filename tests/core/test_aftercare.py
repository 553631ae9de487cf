"""Aftercare (issue 14 §2, §3): the follow-ups after a departure, which one a
contact records, the alerts, and the report's retention and returns, on
hand-counted histories with their boundary days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from doorstroom_cli import aftercare_figures as aftercare
from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import InvalidInput, Refused
from doorstroom_cli.core.rules import AlertKind, Departed, Destination, Method, Outcome, Recorded

EIGEN, OMKLAP, NETWERK, ANDERS = (Destination.EIGEN_WONING, Destination.OMKLAPWONING, Destination.NETWERK,
                                  Destination.ANDERS)


def windows_read(first, last):
    """Every departure window the report reads for [first, last]: the
    three follow-ups' (retention) and the cohort's (returns)."""
    return [*aftercare.due_windows(first, last).values(), aftercare.cohort_window(first, last)]


def departed(stay, departed_on, destination=EIGEN, again=None, household=None):
    return Departed(stay, household or stay, "W1", departed_on, destination, again)


def series(departure, *recorded):
    return departure, rules.followup_schedule(departure, [Recorded(m, day, outcome) for m, day, outcome in recorded])


# -- The follow-ups of a departure ---------------------------------------------


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(-24, 24))
def test_months_are_counted_as_dateutils_relativedelta_counts_them(day, months):
    if date(2000, 1, 1) <= day + relativedelta(months=months) <= date(2099, 12, 31):
        assert rules.add_months(day, months) == day + relativedelta(months=months)


def test_a_departure_plans_follow_ups_at_3_6_and_12_months_open_until_the_next_is_due():
    # 31 August: the shorter months clamp to their last day, as relativedelta does.
    planned = rules.followup_schedule(departed(1, date(2026, 8, 31)))
    assert [(p.months, p.due, p.until) for p in planned] == [
        (3, date(2026, 11, 30), date(2027, 2, 28)),
        (6, date(2027, 2, 28), date(2027, 8, 31)),
        (12, date(2027, 8, 31), date(2028, 2, 29)),  # the last one: 18 months after the departure
    ]
    assert rules.FOLLOWUP_MONTHS == (3, 6, 12)


LEFT = departed(1, date(2026, 2, 10))  # 3 months: 10 May, 6 months: 10 August, 12 months: 10 February 2027


def test_a_follow_up_records_the_earliest_open_one_that_is_due():
    planned = rules.followup_schedule(LEFT)
    assert rules.choose_followup(LEFT, planned, date(2026, 5, 10)).months == 3  # its due day
    assert rules.choose_followup(LEFT, planned, date(2026, 8, 9)).months == 3  # the day before the next is due
    # On the 6-month due day the 3-month one was missed: the 6-month one is recorded.
    assert rules.choose_followup(LEFT, planned, date(2026, 8, 10)).months == 6
    done = rules.followup_schedule(LEFT, [Recorded(3, date(2026, 5, 12), Outcome.ZELFDE_WONING)])
    assert rules.choose_followup(LEFT, done, date(2026, 8, 10)).months == 6
    # After the 12-month one is recorded, the missed 6-month one is not open any more.
    late = rules.followup_schedule(LEFT, [Recorded(12, date(2027, 2, 11), Outcome.ZELFDE_WONING)])
    with pytest.raises(Refused, match="no open follow-up"):
        rules.choose_followup(LEFT, late, date(2027, 3, 1))


def test_one_not_due_yet_is_refused_unless_the_date_of_the_contact_is_given_after_the_departure():
    planned = rules.followup_schedule(LEFT)
    with pytest.raises(Refused, match="is due on 10-05-2026; .* --date"):
        rules.choose_followup(LEFT, planned, date(2026, 5, 9))
    assert rules.choose_followup(LEFT, planned, date(2026, 5, 9), on=date(2026, 2, 11)).months == 3
    with pytest.raises(Refused, match="would not lie after the departure"):
        rules.choose_followup(LEFT, planned, date(2026, 5, 9), on=date(2026, 2, 10))  # the departure day
    with pytest.raises(InvalidInput, match="lies after today"):
        rules.choose_followup(LEFT, planned, date(2026, 5, 9), on=date(2026, 5, 10))
    # A contact dated back is recorded as the follow-up that was open on that day.
    assert rules.choose_followup(LEFT, planned, date(2026, 9, 1), on=date(2026, 7, 1)).months == 3
    done = rules.followup_schedule(LEFT, [Recorded(3, date(2026, 7, 1), Outcome.ZELFDE_WONING)])
    with pytest.raises(Refused, match="before the follow-up .* recorded on 01-07-2026"):
        rules.choose_followup(LEFT, done, date(2026, 9, 1), on=date(2026, 6, 30))


def test_a_new_registration_ends_the_follow_ups():
    again = departed(1, date(2026, 2, 10), again=date(2026, 6, 1))
    planned = rules.followup_schedule(again)
    assert rules.choose_followup(again, planned, date(2026, 5, 31)).months == 3
    with pytest.raises(Refused, match="registered again on 01-06-2026"):
        rules.choose_followup(again, planned, date(2026, 6, 1))
    assert rules.followup_alerts([(again, planned)], date(2026, 6, 1)) == []


def test_record_keeps_the_contact_day_outcome_and_method():
    recorded = rules.record_followup(LEFT, rules.followup_schedule(LEFT), "andere-woning", "bezoek",
                                     date(2026, 9, 1), on=date(2026, 8, 20))
    assert (recorded.planned.months, recorded.held_on, recorded.outcome, recorded.method) == (
        6, date(2026, 8, 20), Outcome.ANDERE_WONING, Method.BEZOEK)


def test_alerts_due_from_the_due_day_for_30_days_then_overdue_until_the_next_falls_due():
    # day            alert
    # 09-05-2026     none (3 months due on 10-05)
    # 10-05-2026     followup_due (3)       day 0
    # 08-06-2026     followup_due (3)       day 29
    # 09-06-2026     followup_overdue (3)   day 30
    # 09-08-2026     followup_overdue (3)   the day before the 6-month one is due
    # 10-08-2026     followup_due (6)
    # 10-02-2027     followup_due (12); overdue from 12-03-2027 until 09-08-2027
    # 10-08-2027     none: 18 months after the departure
    one = [series(LEFT)]

    def alerted(day):
        return [(a.kind, a.months, a.day) for a in rules.followup_alerts(one, day)]

    assert alerted(date(2026, 5, 9)) == []
    assert alerted(date(2026, 5, 10)) == [(AlertKind.FOLLOWUP_DUE, 3, date(2026, 5, 10))]
    assert alerted(date(2026, 6, 8)) == [(AlertKind.FOLLOWUP_DUE, 3, date(2026, 5, 10))]
    assert alerted(date(2026, 6, 9)) == [(AlertKind.FOLLOWUP_OVERDUE, 3, date(2026, 5, 10))]
    assert alerted(date(2026, 8, 9)) == [(AlertKind.FOLLOWUP_OVERDUE, 3, date(2026, 5, 10))]
    assert alerted(date(2026, 8, 10)) == [(AlertKind.FOLLOWUP_DUE, 6, date(2026, 8, 10))]
    assert alerted(date(2027, 2, 10)) == [(AlertKind.FOLLOWUP_DUE, 12, date(2027, 2, 10))]
    assert alerted(date(2027, 3, 12)) == [(AlertKind.FOLLOWUP_OVERDUE, 12, date(2027, 2, 10))]
    assert alerted(date(2027, 8, 9)) == [(AlertKind.FOLLOWUP_OVERDUE, 12, date(2027, 2, 10))]
    assert alerted(date(2027, 8, 10)) == []
    recorded = [series(LEFT, (3, date(2026, 5, 20), Outcome.NIET_BEREIKT))]
    assert rules.followup_alerts(recorded, date(2026, 6, 9)) == []


# -- retention: still housed at the follow-ups -------------------------------------

Q3 = (date(2026, 7, 1), date(2026, 9, 30))

# stay  departed    destination   follow-up due (in Q3?)        recorded                    counts in
# 1     01-04-2026  eigen-woning  3m 01-07-2026 (first day)     05-07 zelfde-woning         3: due reached housed
#                                 6m 01-10-2026 (day after: no)
# 2     30-06-2026  omklapwoning  3m 30-09-2026 (last day)      02-10 andere-woning (late)  3: due
# 3     31-03-2026  netwerk       3m 30-06-2026 (day before: no)
#                                 6m 30-09-2026                 30-09 niet-bereikt          6: due
# 4     15-01-2026  eigen-woning  6m 15-07-2026                 20-07 opvang                6: due reached
# 5     31-08-2025  eigen-woning  3m 30-11-2025, 6m 28-02-2026 (no)
#                                 12m 31-08-2026                01-09 andere-woning         12: due reached housed
# 6     31-05-2026  anders        3m 31-08-2026                 none                        3: due
# 7     31-12-2025  eigen-woning  6m 30-06-2026 (clamped: no), 12m 31-12-2026 (no)
#
# 3 months: due 3 (1, 2, 6), reached 1, housed 1 -> 1/1 of reached, 1/3 of due
# 6 months: due 2 (3, 4), reached 1 (4), housed 0
# 12 months: due 1 (5), reached 1, housed 1
RETENTION = [
    series(departed(1, date(2026, 4, 1)), (3, date(2026, 7, 5), Outcome.ZELFDE_WONING)),
    series(departed(2, date(2026, 6, 30), OMKLAP), (3, date(2026, 10, 2), Outcome.ANDERE_WONING)),
    series(departed(3, date(2026, 3, 31), NETWERK), (6, date(2026, 9, 30), Outcome.NIET_BEREIKT)),
    series(departed(4, date(2026, 1, 15)), (6, date(2026, 7, 20), Outcome.OPVANG)),
    series(departed(5, date(2025, 8, 31)), (12, date(2026, 9, 1), Outcome.ANDERE_WONING)),
    series(departed(6, date(2026, 5, 31), ANDERS)),
    series(departed(7, date(2025, 12, 31))),
]


def test_retention_counts_the_follow_ups_due_in_the_period_by_hand():
    assert aftercare.retention(RETENTION, *Q3) == {
        "3": {"due": 3, "reached": 1, "housed": 1, "housed_share_of_reached": 1.0, "housed_share_of_due": 1 / 3},
        "6": {"due": 2, "reached": 1, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0},
        "12": {"due": 1, "reached": 1, "housed": 1, "housed_share_of_reached": 1.0, "housed_share_of_due": 1.0},
    }


def test_retention_counted_from_the_due_windows_counts_the_same_by_hand():
    # The table above: departures 1, 2, 6 in the 3-month window (1-4 to 30-6), 3 and 4 in
    # the 6-month one (1-1 to 31-3), 5 in the 12-month one; stay 7 is in none.
    assert counted(RETENTION, *Q3) == aftercare.retention(RETENTION, *Q3)
    recorded = [(date(2026, 3, 31), Recorded(3, date(2026, 7, 1), Outcome.ZELFDE_WONING)),  # due 30-06: no
                (date(2026, 3, 31), Recorded(6, date(2026, 9, 30), Outcome.ANDERE_WONING)),
                (date(2026, 4, 1), Recorded(3, date(2026, 10, 1), Outcome.ZELFDE_WONING))]  # after the period
    assert aftercare.retention_counted({3: 2, 6: 1}, recorded, *Q3)["6"] == {
        "due": 1, "reached": 1, "housed": 1, "housed_share_of_reached": 1.0, "housed_share_of_due": 1.0}
    assert aftercare.retention_counted({3: 2, 6: 1}, recorded, *Q3)["3"]["reached"] == 0


def test_retention_of_an_empty_period_is_zero():
    assert aftercare.retention([], *Q3)["6"] == {
        "due": 0, "reached": 0, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0}


def test_the_departures_read_are_those_with_a_follow_up_due_in_the_period_and_the_cohorts():
    three, six, twelve, cohort = windows_read(*Q3)
    assert (three.first, three.last) == (date(2026, 4, 1), date(2026, 6, 30))  # 31-03 is due 30-06
    assert (six.first, six.last) == (date(2026, 1, 1), date(2026, 3, 31))
    assert (twelve.first, twelve.last) == (date(2025, 7, 1), date(2025, 9, 30))
    assert three.destinations is six.destinations is twelve.destinations is None
    assert (cohort.first, cohort.last) == (date(2024, 7, 1), date(2024, 9, 30))  # 730 days before
    assert cohort.destinations == {EIGEN, OMKLAP}
    read = [d for d, _ in RETENTION if any(in_window(d, w) for w in (three, six, twelve, cohort))]
    assert [d.stay for d in read] == [1, 2, 3, 4, 5, 6]  # 7 (31-12-2025) has nothing due in Q3


@pytest.mark.parametrize("first, last, months, window", [
    # 28, 29 and 30 November all fall due on 28 February (not a leap year)
    (date(2026, 2, 28), date(2026, 2, 28), 3, (date(2025, 11, 28), date(2025, 11, 30))),
    (date(2028, 2, 29), date(2028, 2, 29), 3, (date(2027, 11, 29), date(2027, 11, 30))),  # leap year
    (date(2026, 2, 1), date(2026, 2, 28), 3, (date(2025, 11, 1), date(2025, 11, 30))),
    # 31 March + 3 months = 30 June: in a quarter that ends on 30 June, not in the next
    (date(2026, 4, 1), date(2026, 6, 30), 3, (date(2026, 1, 1), date(2026, 3, 31))),
    (date(2026, 7, 1), date(2026, 9, 30), 3, (date(2026, 4, 1), date(2026, 6, 30))),
    # 31 August + 6 months = 28 February
    (date(2026, 2, 28), date(2026, 3, 1), 6, (date(2025, 8, 28), date(2025, 9, 1))),
    # 29 February + 12 months = 28 February; 1 March a year later is its own
    (date(2029, 2, 28), date(2029, 2, 28), 12, (date(2028, 2, 28), date(2028, 2, 29))),
    (date(2029, 3, 1), date(2029, 3, 1), 12, (date(2028, 3, 1), date(2028, 3, 1))),
    # 31 May: 28 February + 3 months is 28 May, so the window starts on 1 March
    (date(2026, 5, 31), date(2026, 6, 1), 3, (date(2026, 3, 1), date(2026, 3, 1))),
    (date(2026, 5, 29), date(2026, 5, 31), 3, (date(2026, 3, 1), date(2026, 2, 28))),  # none: empty
])
def test_a_due_window_holds_exactly_the_departures_due_with_the_month_end_clamps(first, last, months, window):
    assert aftercare.due_window(first, last, months) == window


@given(st.dates(date(2000, 1, 1), date(2099, 12, 31)), st.integers(0, 400), st.sampled_from(rules.FOLLOWUP_MONTHS))
def test_a_due_window_is_exact(first, length, months):
    """Every departure day in the window falls due in the period after
    ``months`` (dateutil's count), and the day before and after it do not."""
    last = first + timedelta(days=length)
    start, end = aftercare.due_window(first, last, months)

    def due_in_period(day):
        return first <= day + relativedelta(months=months) <= last

    assert not due_in_period(start - timedelta(days=1)) and not due_in_period(end + timedelta(days=1))
    day = start
    while day <= end:
        assert due_in_period(day)
        day += timedelta(days=1)
    if start > end:  # an empty window: no day of the month-end around it falls due in the period
        assert not any(due_in_period(end + timedelta(days=k)) for k in range(-3, 4))


# -- returns: back within two years of moving to a home of its own ------------------

# Period Q3 2026: the cohort's window is 01-07-2024 (from - 730) to 30-09-2024 (to - 730).
#
# household  departure(s)                 return                                   days   counts in
# 1          01-07-2024 eigen (first day) registered 28-12-2024                    180    180 365 730
# 2          10-07-2024 omklap            registered 07-01-2025                    181    365 730
# 3          30-09-2024 eigen (last day)  follow-up dakloos 30-12-2024 (earlier     91    180 365 730
#                                         than its registration 04-11-2025)
# 4          30-06-2024 eigen             (day before the window: not in the cohort)
# 5          01-10-2024 eigen             (day after the window: not in the cohort)
# 6          01-08-2024 netwerk           (not permanent), then 15-08-2024 eigen:   -      cohort only
#            no return after it
# 7          05-07-2024 eigen, back 20-07, then 20-08-2024 eigen: the earliest     15     180 365 730
# 8          01-09-2024 eigen             registered 01-09-2026                    730    730
# 9          01-09-2024 eigen             registered 02-09-2026                    731    none
# 10         15-07-2024 eigen             follow-up bij-netwerk (no return)        -      none
#
# cohort 8 (1, 2, 3, 6, 7, 8, 9, 10); within 180: 3 (1, 3, 7); 365: 4 (+2); 730: 5 (+8); share 5/8
RETURNS = [
    series(departed(1, date(2024, 7, 1), again=date(2024, 12, 28))),
    series(departed(2, date(2024, 7, 10), OMKLAP, again=date(2025, 1, 7))),
    series(departed(3, date(2024, 9, 30), again=date(2025, 11, 4)), (3, date(2024, 12, 30), Outcome.DAKLOOS)),
    series(departed(4, date(2024, 6, 30), again=date(2024, 7, 15))),
    series(departed(5, date(2024, 10, 1), again=date(2024, 10, 15))),
    series(departed(61, date(2024, 8, 1), NETWERK, again=date(2024, 8, 5), household=6)),
    series(departed(62, date(2024, 8, 15), household=6)),
    series(departed(71, date(2024, 7, 5), again=date(2024, 7, 20), household=7)),
    series(departed(72, date(2024, 8, 20), household=7)),
    series(departed(8, date(2024, 9, 1), again=date(2026, 9, 1))),
    series(departed(9, date(2024, 9, 1), again=date(2026, 9, 2))),
    series(departed(10, date(2024, 7, 15)), (6, date(2025, 1, 20), Outcome.BIJ_NETWERK)),
]


def test_returns_count_the_cohort_and_its_returns_by_hand_with_the_boundary_days():
    assert aftercare.returns(RETURNS, *Q3) == {
        "cohort": 8, "within_180": 3, "within_365": 4, "within_730": 5, "share_within_730": 5 / 8,
    }


def test_a_return_on_day_180_counts_within_180_and_one_on_day_181_does_not():
    window = (date(2026, 7, 1), date(2026, 7, 1))
    day180 = [series(departed(1, date(2024, 7, 1), again=date(2024, 7, 1) + timedelta(days=180)))]
    day181 = [series(departed(1, date(2024, 7, 1), again=date(2024, 7, 1) + timedelta(days=181)))]
    assert aftercare.returns(day180, *window)["within_180"] == 1
    assert aftercare.returns(day181, *window)["within_180"] == 0
    assert aftercare.returns(day181, *window)["within_365"] == 1


def test_an_upgraded_database_raises_no_follow_up_that_fell_due_before_it_had_aftercare():
    # LEFT's 3-month follow-up fell due on 10-05-2026; aftercare came on 01-06-2026.
    one = [series(LEFT)]
    assert [a.kind for a in rules.followup_alerts(one, date(2026, 6, 9))] == [AlertKind.FOLLOWUP_OVERDUE]
    assert rules.followup_alerts(one, date(2026, 6, 9), since=date(2026, 6, 1)) == []
    assert [(a.kind, a.months) for a in rules.followup_alerts(one, date(2026, 8, 10), since=date(2026, 6, 1))] == [
        (AlertKind.FOLLOWUP_DUE, 6)]


def in_window(departure: Departed, window: aftercare.DepartureWindow) -> bool:
    return window.first <= departure.departed <= window.last and (
        window.destinations is None or departure.destination in window.destinations)


def counted(series, first: date, last: date):
    """What the report reads for retention: the departures in each due
    window counted, and (departure day, follow-up) of the follow-ups
    recorded for departures in any of them."""
    windows = aftercare.due_windows(first, last)
    due = {months: sum(in_window(d, w) for d, _ in series) for months, w in windows.items()}
    recorded = [(d.departed, p.recorded) for d, planned in series if any(in_window(d, w) for w in windows.values())
                for p in planned if p.recorded is not None]
    return aftercare.retention_counted(due, recorded, first, last)


def month_edge(first: date, last: date):
    """A day around a window's edge: the period's first or last day, a
    follow-up's months or the cohort's 730 days back, a few days either way."""
    return st.tuples(st.sampled_from([first, last]), st.sampled_from([*rules.FOLLOWUP_MONTHS, 730]),
                     st.integers(-4, 4)).map(
        lambda t: (t[0] - timedelta(days=730) if t[1] == 730 else rules.add_months(t[0], -t[1]))
        + timedelta(days=t[2]))


periods = st.one_of(
    st.dates(date(2024, 1, 1), date(2027, 12, 31)),
    # a month's last or first day, where the clamps are
    st.tuples(st.integers(2024, 2027), st.integers(1, 12), st.booleans()).map(
        lambda t: rules.add_months(date(t[0], t[1], 1), t[2]) - timedelta(days=t[2])),
)


@given(periods, st.integers(0, 400), st.booleans(), st.data())
def test_the_departure_windows_give_the_figures_of_all_departures(first, length, to_month_end, data):
    """The report reads only the departures in the windows it reads (windows_read)
    (not the months between, nor the cohort's temporary departures): the
    figures must equal those of every departure. Departures are drawn
    around the period and around each window's edge (month ends that
    clamp), to every destination, with follow-ups recorded early, on time,
    late or after the period, and some registering again."""
    last = first + timedelta(days=length)
    if to_month_end:  # the last day of that month, where the clamps are
        last = rules.add_months(last.replace(day=1), 1) - timedelta(days=1)
    days = st.one_of(st.integers(-800, 400).map(lambda k: first + timedelta(days=k)), month_edge(first, last))
    departures = data.draw(st.lists(st.tuples(
        days, st.sampled_from(list(Destination)), st.integers(0, 6),
        st.lists(st.tuples(st.sampled_from(rules.FOLLOWUP_MONTHS), st.integers(-20, 60),
                           st.sampled_from(list(Outcome))), max_size=3),
        st.none() | st.integers(0, 800),
    ), max_size=40))
    series = []
    for stay, (day, destination, household, follow_ups, again) in enumerate(departures, start=1):
        d = departed(stay, day, destination, None if again is None else day + timedelta(days=again), household + 1)
        recorded = {months: Recorded(months, rules.add_months(day, months) + timedelta(days=late), outcome)
                    for months, late, outcome in follow_ups}
        series.append((d, rules.followup_schedule(d, list(recorded.values()))))
    windows = windows_read(first, last)
    read = [(d, p) for d, p in series if any(in_window(d, w) for w in windows)]
    assert aftercare.retention(read, first, last) == aftercare.retention(series, first, last)
    assert aftercare.returns(read, first, last) == aftercare.returns(series, first, last)
    # What the report reads: the due departures counted with their recorded follow-ups, the cohort whole.
    assert counted(series, first, last) == aftercare.retention(series, first, last)
    cohort = [(d, p) for d, p in series if in_window(d, aftercare.cohort_window(first, last))]
    assert aftercare.returns(cohort, first, last) == aftercare.returns(series, first, last)


def month_ends():
    """Periods that begin or end on a month's last or first day, 2027 to 2029 (2028 a leap year)."""
    starts = [date(year, month, 1) for year in (2027, 2028, 2029) for month in range(1, 13)]
    for start in starts:
        end = rules.add_months(start, 1) - timedelta(days=1)
        yield start, end  # a month
        yield end, end  # its last day
        yield end, rules.add_months(end, 3)  # from a month's end, a quarter on


@pytest.mark.parametrize("first, last", list(month_ends()))
def test_the_departure_windows_give_the_figures_of_a_departure_on_every_day(first, last):
    """One departure on each day from 800 days before the period to its
    end, to each destination in turn, each with its 3-month follow-up
    recorded (housed or returned): the windows read give the figures of all."""
    outcomes = [Outcome.ZELFDE_WONING, Outcome.DAKLOOS, Outcome.NIET_BEREIKT]
    kinds = list(Destination)
    series = []
    for number in range((last - first).days + 801):
        day = first - timedelta(days=800) + timedelta(days=number)
        d = departed(number + 1, day, kinds[number % len(kinds)], household=number % 50 + 1)
        series.append((d, rules.followup_schedule(d, [Recorded(3, rules.add_months(day, 3), outcomes[number % 3])])))
    windows = windows_read(first, last)
    read = [(d, p) for d, p in series if any(in_window(d, w) for w in windows)]
    assert aftercare.retention(read, first, last) == aftercare.retention(series, first, last)
    assert aftercare.returns(read, first, last) == aftercare.returns(series, first, last)
    assert len(read) < len(series) / 2  # and the months between are not read
    assert counted(series, first, last) == aftercare.retention(series, first, last)


@given(st.lists(st.tuples(st.dates(date(2020, 1, 1), date(2030, 12, 31)),
                          st.lists(st.tuples(st.sampled_from(rules.FOLLOWUP_MONTHS), st.integers(0, 400),
                                             st.sampled_from(list(Outcome))), max_size=3)), max_size=20))
def test_the_schedules_of_many_departures_are_each_ones_schedule(departures):
    """followup_schedules (the report's thousands at once) gives what
    followup_schedule gives for each departure with its own records."""
    found, recorded = [], {}
    for stay, (day, follow_ups) in enumerate(departures, start=1):
        found.append(departed(stay, day))
        if follow_ups:
            recorded[stay] = [Recorded(m, day + timedelta(days=k), outcome) for m, k, outcome in follow_ups]
    assert rules.followup_schedules(found, recorded) == [
        (d, rules.followup_schedule(d, recorded.get(d.stay, ()))) for d in found]
