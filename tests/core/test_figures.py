"""The report's definitions on a small hand-made history, counted by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from doorstroom_cli import figures
from doorstroom_cli.core.errors import InvalidInput
from doorstroom_cli.figures import ApplicationRecord, Outage, Period, StayRecord
from doorstroom_cli.core.rules import Alternative, Destination

Q3 = Period(date(2026, 7, 1), date(2026, 9, 30))  # 92 days
DWELLINGS = ["W1", "W2", "W3", "W4", "W5", "W6"]


def stay(id, dwelling, start, departure, destination=None, alternative=Alternative.ANDERS, weeks=0):
    return StayRecord(
        id, dwelling, start, start, departure,
        Destination(destination) if destination else None, alternative, 3, 1, 0, weeks,
    )


A = stay(1, "W1", date(2026, 6, 20), date(2026, 7, 10), "eigen-woning", Alternative.PLEEGZORG)  # crosses the start
B = stay(2, "W2", date(2026, 9, 20), None, alternative=Alternative.CRISISOPVANG)  # still active
C = stay(3, "W3", date(2026, 8, 1), date(2026, 8, 1), "onbekend")  # same-day release
D = stay(4, "W4", date(2026, 9, 25), date(2026, 10, 15), "netwerk", Alternative.PLEEGZORG)  # crosses the end
E = stay(5, "W5", date(2026, 5, 1), date(2026, 6, 30), "netwerk")  # before the period
F = stay(6, "W5", date(2026, 7, 1), date(2026, 8, 26), "netwerk", Alternative.MAATSCHAPPELIJKE_OPVANG, weeks=2)
OUTAGE = Outage("W6", date(2026, 8, 1), date(2026, 8, 31))  # W6 out of use in August
EXTENSIONS = [(6, date(2026, 8, 12)), (6, date(2026, 8, 19)), (2, date(2026, 6, 1))]
WAITING = [ApplicationRecord(n, date(2026, 9, n), None, None) for n in (1, 2, 3)]  # three waiting at the end


@pytest.fixture
def q3():
    return figures.report(
        Q3, [A, B, C, D, E, F], DWELLINGS, [OUTAGE], EXTENSIONS, WAITING,
        tariffs={Alternative.PLEEGZORG: Decimal("100.50")},
    )


def test_nights_count_from_the_start_up_to_not_including_the_departure():
    assert A.nights_in(Q3) == 9  # 1-10 July
    assert B.nights_in(Q3) == 11  # 20-30 September, still there
    assert C.nights_in(Q3) == 0  # left the day it came
    assert D.nights_in(Q3) == 6  # 25-30 September
    assert E.nights_in(Q3) == 0
    assert F.nights_in(Q3) == 56  # 1 July - 25 August


def test_nights_capacity_and_occupancy(q3):
    assert q3["nights"] == 9 + 11 + 0 + 6 + 56
    assert q3["capacity_nights"] == 6 * 92 - 31
    assert q3["occupancy"] == 82 / 521


def test_monthly_occupancy_counts_a_dwelling_out_of_use_as_no_capacity(q3):
    assert q3["monthly"] == [
        {"month": "2026-07", "nights": 9 + 31, "capacity_nights": 186, "occupancy": 40 / 186},
        {"month": "2026-08", "nights": 25, "capacity_nights": 186 - 31, "occupancy": 25 / 155},
        {"month": "2026-09", "nights": 11 + 6, "capacity_nights": 180, "occupancy": 17 / 180},
    ]


def test_counts_of_stays(q3):
    assert (q3["admissions"], q3["departures"], q3["stays"], q3["waiting"]) == (4, 3, 5, 3)


def test_length_of_stay_of_the_departed(q3):
    # A 20 days, C 0 days, F 56 days; D leaves after the period.
    assert q3["length_of_stay"] == {"mean": 76 / 3, "median": 20, "max": 56}
    assert q3["within_six_weeks"] == 2 / 3


def test_destinations_and_permanent_share(q3):
    assert q3["destinations"] == {
        "eigen-woning": 1, "omklapwoning": 0, "terug-naar-huis": 0, "netwerk": 1,
        "maatschappelijke-opvang": 0, "beschermd-wonen": 0, "crisisopvang": 0,
        "anders": 0, "onbekend": 1,
    }
    assert q3["permanent_share"] == 1 / 3


def test_nights_per_alternative_and_cost_only_where_a_tariff_is_set(q3):
    assert q3["alternatives"] == {
        "maatschappelijke-opvang": {"nights": 56, "daily_tariff": None, "cost": None},
        "pleegzorg": {"nights": 15, "daily_tariff": 100.5, "cost": 1507.5},
        "crisisopvang": {"nights": 11, "daily_tariff": None, "cost": None},
        "anders": {"nights": 0, "daily_tariff": None, "cost": None},
    }


def test_extensions_granted_in_the_period(q3):
    assert q3["extensions"] == {"applied": 2, "stays": 1}


def test_stayers_of_the_quarter_history(q3):
    # Open at 30 September: B (from 20 September: 10 days) and D (from 25
    # September: 5 days; it leaves on 15 October, after the period).
    assert q3["stayers"] == {"count": 2, "length_of_stay": {"mean": 7.5, "median": 7.5, "max": 10}}


# -- Stayers, waiting time and withdrawals: a second hand-made history -------
#
# Stays (registered, start, departure), period Q3 = 1 July - 30 September 2026:
#   P1 20-06, 05-07, 01-08   placed in Q3 after 15 days; gone by the end
#   P2 01-07, 01-07, -       placed in Q3 after 0 days; open: 1 July - 30 Sept = 91 days
#   P3 01-05, 01-06, 10-10   placed before Q3; open at the end: 1 June - 30 Sept = 121 days
#   P4 01-09, 30-09, -       placed on the last day after 29 days; open: 0 days
#   P5 25-09, 02-10, -       placed after Q3: no stay in the period, waiting at its end
P1 = StayRecord(11, "W1", date(2026, 6, 20), date(2026, 7, 5), date(2026, 8, 1), Destination.NETWERK,
                Alternative.ANDERS, 3, 1, 0, 0)
P2 = StayRecord(12, "W2", date(2026, 7, 1), date(2026, 7, 1), None, None, Alternative.ANDERS, 3, 1, 0, 0)
P3 = StayRecord(13, "W3", date(2026, 5, 1), date(2026, 6, 1), date(2026, 10, 10), Destination.NETWERK,
                Alternative.ANDERS, 3, 1, 0, 3)
P4 = StayRecord(14, "W4", date(2026, 9, 1), date(2026, 9, 30), None, None, Alternative.ANDERS, 3, 1, 0, 0)
P5 = StayRecord(15, "W5", date(2026, 9, 25), date(2026, 10, 2), None, None, Alternative.ANDERS, 3, 1, 0, 0)
# Applications (registered, placed, closed):
#   W1 10-08, -, -        waiting at the end: 10 Aug - 30 Sept = 51 days
#   W2 15-07, -, 20-08    withdrawn in Q3
#   W3 01-06, -, 30-06    withdrawn before Q3: neither
#   W4 20-09, -, 03-10    withdrawn after Q3: waiting at the end, 10 days
#   W5 01-10, -, -        registered after Q3: neither
#   W6 30-09, -, 30-09    registered and withdrawn on the last day: withdrawn, not waiting
#   and the applications of P1-P5: P5 (placed 2 October) waited 5 days at the end.
APPLICATIONS = [
    ApplicationRecord(21, date(2026, 8, 10), None, None),
    ApplicationRecord(22, date(2026, 7, 15), None, date(2026, 8, 20)),
    ApplicationRecord(23, date(2026, 6, 1), None, date(2026, 6, 30)),
    ApplicationRecord(24, date(2026, 9, 20), None, date(2026, 10, 3)),
    ApplicationRecord(25, date(2026, 10, 1), None, None),
    ApplicationRecord(26, date(2026, 9, 30), None, date(2026, 9, 30)),
    *(ApplicationRecord(s.id, s.registered, s.start, s.departure) for s in (P1, P2, P3, P4, P5)),
]


@pytest.fixture
def waits():
    return figures.report(Q3, [P1, P2, P3, P4, P5], DWELLINGS, [], [], APPLICATIONS)


def test_stayers_are_the_stays_open_at_the_end_counted_to_the_last_day(waits):
    # P2 91, P3 121 (its departure in October is after the period), P4 0.
    assert waits["stayers"] == {"count": 3, "length_of_stay": {"mean": 212 / 3, "median": 91, "max": 121}}


def test_a_stay_that_departs_after_the_period_is_a_stayer_whether_or_not_its_departure_is_known(waits):
    as_it_was = P3._replace(departure=None, destination=None)  # what storage reads for Q3
    again = figures.report(Q3, [P1, P2, as_it_was, P4, P5], DWELLINGS, [], [], APPLICATIONS)
    assert again == waits


def test_waiting_time_of_those_placed_in_the_period(waits):
    # P1 15, P2 0, P4 29 days; P3 was placed before, P5 after the period.
    assert waits["waiting_time"]["placed"] == {"count": 3, "mean": 44 / 3, "median": 15, "max": 29}
    assert waits["admissions"] == 3


def test_waiting_time_of_those_still_waiting_at_the_end(waits):
    # W1 51, W4 10, P5 5 days: registered by 30 September, neither placed nor closed by then.
    assert waits["waiting_time"]["still_waiting"] == {"count": 3, "median": 10, "max": 51}
    assert waits["waiting"] == 3


def test_withdrawals_are_applications_closed_in_the_period_without_a_stay(waits):
    # W2 (20 August) and W6 (30 September); W3 before, W4 after the period;
    # P1 left in the period, but that is a departure.
    assert waits["withdrawals"] == 2
    assert waits["departures"] == 1


def test_the_report_has_exactly_the_contract_keys(q3):
    assert list(q3) == [
        "from", "to", "nights", "capacity_nights", "occupancy", "monthly", "dwellings", "admissions",
        "departures", "stays", "waiting", "withdrawals", "waiting_time", "length_of_stay",
        "within_six_weeks", "stayers", "destinations", "permanent_share", "alternatives",
        "extensions",
    ]
    assert (q3["from"], q3["to"]) == ("2026-07-01", "2026-09-30")


def test_an_empty_period_is_all_zeros():
    empty = figures.report(Q3, [], DWELLINGS, [], [], [])
    assert empty["nights"] == 0 and empty["occupancy"] == 0
    assert empty["length_of_stay"] == {"mean": 0, "median": 0, "max": 0}
    assert empty["within_six_weeks"] == 0 and empty["permanent_share"] == 0
    # The new figures follow length_of_stay: 0, never null, for an empty set.
    assert empty["stayers"] == {"count": 0, "length_of_stay": {"mean": 0, "median": 0, "max": 0}}
    assert empty["waiting_time"] == {
        "placed": {"count": 0, "mean": 0, "median": 0, "max": 0},
        "still_waiting": {"count": 0, "median": 0, "max": 0},
    }
    assert (empty["waiting"], empty["withdrawals"]) == (0, 0)
    no_capacity = figures.report(Q3, [], [], [], [], [])
    assert no_capacity["occupancy"] == 0 and no_capacity["monthly"][0]["occupancy"] == 0


def test_overlapping_outages_of_one_dwelling_count_once():
    outages = [Outage("W1", date(2026, 7, 1), date(2026, 7, 10)), Outage("W1", date(2026, 7, 5), None)]
    assert figures.capacity_nights(["W1"], outages, Q3) == 0


def test_capacity_starts_with_the_records():
    # Records from 16-09: 15 days of Q3 per dwelling (16-30 September), July and August add none.
    assert figures.capacity_nights(DWELLINGS, [], Q3, records_from=date(2026, 9, 16)) == 6 * 15
    assert figures.capacity_nights(DWELLINGS, [], Q3, records_from=date(2026, 10, 1)) == 0
    assert figures.capacity_nights(DWELLINGS, [], Q3, records_from=date(2026, 1, 1)) == 6 * 92
    report = figures.report(Q3, [B], DWELLINGS, [], [], [], records_from=date(2026, 9, 16))
    assert report["capacity_nights"] == 90 and report["nights"] == 11  # B: 20-30 September
    assert [m["capacity_nights"] for m in report["monthly"]] == [0, 0, 90]


def test_a_night_lived_in_a_dwelling_out_of_use_counts_as_capacity():
    # W2 out of use from 25-09; household B (from 20-09) is still there: all 6 of those days are lived in.
    outage = [Outage("W2", date(2026, 9, 25), None)]
    assert figures.capacity_nights(["W2"], outage, Q3) == 92 - 6  # 25-30 September out of use
    assert figures.capacity_nights(["W2"], outage, Q3, [B]) == 92
    left = stay(6, "W2", date(2026, 9, 20), date(2026, 9, 27), "netwerk")  # left on 27-09: 2 nights in it
    assert figures.capacity_nights(["W2"], outage, Q3, [left]) == 92 - 6 + 2
    report = figures.report(Q3, [left], ["W2"], outage, [], [])
    assert report["nights"] == 7 and report["capacity_nights"] == 88


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [
        (date(2026, 11, 23), date(2026, 7, 1), date(2026, 9, 30)),
        (date(2027, 1, 1), date(2026, 10, 1), date(2026, 12, 31)),
        (date(2026, 3, 31), date(2025, 10, 1), date(2025, 12, 31)),
    ],
)
def test_the_default_period_is_the_last_full_quarter(today, first, last):
    assert figures.reporting_period(None, None, today) == Period(first, last)


def test_a_period_ending_after_today_is_clamped_and_a_reversed_one_refused():
    today = date(2026, 11, 23)
    assert figures.reporting_period(date(2026, 10, 1), date(2027, 3, 31), today).last == today
    assert figures.reporting_period(None, date(2026, 8, 15), today).first == date(2026, 7, 1)
    with pytest.raises(InvalidInput, match="before it begins"):
        figures.reporting_period(date(2026, 9, 1), date(2026, 8, 1), today)


def test_a_period_that_begins_after_today_is_refused_with_a_sentence_about_the_future():
    """Not "ends (today) before it begins", which is what clamping made of it."""
    today = date(2026, 11, 23)
    assert figures.reporting_period(today, None, today) == Period(today, today)
    for last in (None, date(2027, 3, 31)):
        with pytest.raises(InvalidInput, match="begins .* after today"):
            figures.reporting_period(date(2026, 11, 24), last, today)


from hypothesis import given
from hypothesis import strategies as st


@given(
    spans=st.lists(st.tuples(st.integers(-400, 400), st.none() | st.integers(0, 300)), max_size=12),
    first=st.integers(-100, 100),
    length=st.integers(0, 500),
)
def test_monthly_nights_equal_the_definition_month_by_month(spans, first, length):
    """The one-pass spread over months gives what nights_in gives per month."""
    origin = date(2026, 1, 1)
    period = Period(origin + timedelta(days=first), origin + timedelta(days=first + length))
    stays = [
        stay(n, "W1", origin + timedelta(days=start),
             None if nights is None else origin + timedelta(days=start + nights), "netwerk")
        for n, (start, nights) in enumerate(spans)
    ]
    monthly = figures.report(period, stays, DWELLINGS, [], [], [])["monthly"]
    expected = [sum(s.nights_in(month) for s in stays if s.overlaps(period)) for month in period.months()]
    assert [m["nights"] for m in monthly] == expected


# -- A stay that moved: each night counts towards the dwelling slept in ---------

SEPTEMBER = Period(date(2026, 9, 1), date(2026, 9, 30))
# M lived in W1 from 20 August and moved to W3 on 10 September (that night is
# W3's); N left W3 on 10 September, the day M came.
def moved_and_left():
    moved = stay(7, "W1", date(2026, 8, 20), date(2026, 10, 5), "netwerk")._replace(moves=((date(2026, 9, 10), "W3"),))
    return moved, stay(8, "W3", date(2026, 9, 1), date(2026, 9, 10), "netwerk")


def test_the_dwelling_of_each_night_of_a_stay_that_moved():
    M, _ = moved_and_left()
    assert M.dwellings == ("W1", "W3")
    assert M.dwelling_on(date(2026, 9, 9)) == "W1"
    assert M.dwelling_on(date(2026, 9, 10)) == "W3"  # the night of the move day is the new dwelling's
    assert M.nights_by_dwelling(Q3) == {"W1": 21, "W3": 21}  # 20 Aug - 9 Sep; 10 - 30 Sep
    assert M.nights_by_dwelling(SEPTEMBER) == {"W1": 9, "W3": 21}
    assert M.nights_in(Q3) == 42  # the stay itself is one stay of 42 nights in Q3


def test_the_report_counts_per_dwelling_where_the_household_slept():
    M, N = moved_and_left()
    september = figures.report(SEPTEMBER, [M, N], DWELLINGS, [], [], [])
    by_code = {d["code"]: d for d in september["dwellings"]}
    assert [d["code"] for d in september["dwellings"]] == DWELLINGS
    assert by_code["W1"] == {"code": "W1", "nights": 9, "capacity_nights": 30, "occupancy": 9 / 30}
    assert by_code["W3"] == {"code": "W3", "nights": 9 + 21, "capacity_nights": 30, "occupancy": 1.0}
    assert by_code["W2"]["nights"] == 0
    assert september["nights"] == 9 + 21 + 9 == sum(d["nights"] for d in september["dwellings"])


def test_the_report_per_dwelling_without_moves_and_with_an_outage(q3):
    by_code = {d["code"]: d for d in q3["dwellings"]}
    assert by_code["W1"]["nights"] == 9 and by_code["W5"]["nights"] == 56
    assert by_code["W6"] == {"code": "W6", "nights": 0, "capacity_nights": 92 - 31, "occupancy": 0.0}
    assert sum(d["nights"] for d in q3["dwellings"]) == q3["nights"]


def test_a_dwelling_not_in_use_with_nights_is_listed_without_capacity():
    M, _ = moved_and_left()
    september = figures.report(SEPTEMBER, [M], ["W3"], [], [], [])
    assert september["dwellings"] == [
        {"code": "W1", "nights": 9, "capacity_nights": 0, "occupancy": 0.0},
        {"code": "W3", "nights": 21, "capacity_nights": 30, "occupancy": 0.7},
    ]


@given(
    start=st.integers(0, 200),
    steps=st.lists(st.integers(0, 40), max_size=4),
    stayed=st.none() | st.integers(0, 200),
    first=st.integers(-50, 250),
    length=st.integers(0, 200),
)
def test_the_nights_of_a_moved_stay_per_dwelling_add_up_to_its_nights(start, steps, stayed, first, length):
    """However often it moved, a stay's nights per dwelling add up to its
    nights, and each night is the dwelling that dwelling_on names."""
    origin = date(2026, 1, 1)
    begun = origin + timedelta(days=start)
    departure = None if stayed is None else begun + timedelta(days=stayed)
    moves, day = [], begun
    for n, step in enumerate(steps):
        day += timedelta(days=step)
        if departure is not None and day > departure:
            break
        moves.append((day, f"W{n % 2 + 2}" if not moves or moves[-1][1] != f"W{n % 2 + 2}" else "W6"))
    moved = stay(1, "W1", begun, departure, "netwerk" if departure else None)._replace(moves=tuple(moves))
    period = Period(origin + timedelta(days=first), origin + timedelta(days=first + length))
    counted = moved.nights_by_dwelling(period)
    assert sum(counted.values()) == moved.nights_in(period)
    end = min(period.last + timedelta(days=1), departure or date.max)
    expected: dict[str, int] = {}
    night = max(begun, period.first)
    while night < end:
        code = moved.dwelling_on(night)
        expected[code] = expected.get(code, 0) + 1
        night += timedelta(days=1)
    assert counted == expected


def test_capacity_follows_a_stay_that_moved_into_the_dwelling_it_slept_in():
    """Counted by hand, September (30 days): the household lives in W1 from
    1 September, moves to W2 on 11 September and stays there, overdue, when
    W2 goes out of use on 20 September; W1 (empty after the move) is out of
    use from 15 September.
    W1: in use 1-14 September = 14 (15-30 out of use, nobody slept there);
    W2: in use all 30 days (20-30 out of use, but lived in every night).
    Nights: 10 in W1 (1-10), 20 in W2 (11-30). Crediting the stay to W1,
    where it began, gave W1 30 and W2 19: fewer than its 20 nights."""
    moved = stay(9, "W1", date(2026, 9, 1), None)._replace(moves=((date(2026, 9, 11), "W2"),))
    outages = [Outage("W1", date(2026, 9, 15), None), Outage("W2", date(2026, 9, 20), None)]
    assert figures.capacity_nights(["W1"], outages, SEPTEMBER, [moved]) == 14
    assert figures.capacity_nights(["W2"], outages, SEPTEMBER, [moved]) == 30
    report = figures.report(SEPTEMBER, [moved], ["W1", "W2"], outages, [], [])
    assert (report["nights"], report["capacity_nights"]) == (30, 44)
    assert [(d["code"], d["nights"], d["capacity_nights"]) for d in report["dwellings"]] == [
        ("W1", 10, 14), ("W2", 20, 30)]
    assert report["monthly"][0]["capacity_nights"] == 44
