"""Periods out of use and stays never overlap (issue 11, item 1), and the
alerts of the day the tool acts on (item 5): the rules with plain values."""

from datetime import date, timedelta

import pytest

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import Refused
from doorstroom_cli.core.rules import AlertKind, Application, Cooperation, Dwelling, OutOfUse, Pool, Stay

TODAY = date(2026, 10, 1)


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def dwelling(code="W1", *outages, persons=4, in_use=True) -> Dwelling:
    return Dwelling(code, code, "Centrum", persons, in_use, tuple(outages))


def waiting(household=1, urgency=3) -> Application:
    return Application(household, household, TODAY - timedelta(days=3), urgency)


def living(start=TODAY, outage_from=None, weeks=0, **kwargs) -> Stay:
    return Stay(1, Application(1, 1, start, 3), "W1", start, weeks, outage_from=outage_from, **kwargs)


# -- No placement into a coming period out of use ------------------------------


def test_a_dwelling_going_out_of_use_within_six_weeks_is_not_offered():
    soon = dwelling("W1", OutOfUse(days(42), days(50), "lekkage"))
    later = dwelling("W2", OutOfUse(days(43), None))
    pool = Pool((soon, later), (), (waiting(),))
    assert [d.code for d in pool.free_dwellings(TODAY)] == ["W2"]
    assert rules.place_next(pool, TODAY).dwelling == "W2"
    assert rules.admit(Pool((soon, later)), Application(None, None, TODAY, 3), TODAY).dwelling == "W2"
    with pytest.raises(Refused, match="goes out of use on 12-11-2026, within the six weeks"):
        rules.admit(Pool((soon, later)), Application(None, None, TODAY, 3), TODAY, dwelling="W1")
    with pytest.raises(Refused, match="goes out of use on 12-11-2026"):
        rules.place_next(pool, TODAY, "W1")
    # A period that ended before the start holds nothing back.
    assert dwelling("W1", OutOfUse(days(-10), days(-1))).placeable(TODAY)


def test_nobody_is_next_in_line_for_a_dwelling_going_out_of_use():
    stay = living(days(-42))
    pool = Pool((dwelling("W1", OutOfUse(days(1), None)),), (stay,), (waiting(2),))
    assert rules.release(pool, stay, rules.Destination.NETWERK, TODAY).next_in_line is None
    free = Pool((dwelling("W1"),), (stay,), (waiting(2),))
    assert rules.release(free, stay, rules.Destination.NETWERK, TODAY).next_in_line.household == 2


def test_a_dwelling_a_later_recorded_stay_occupies_is_not_free_before_it_ends():
    later = Dwelling("W1", "W1", "Centrum", 4, occupied_until=days(10))
    with pytest.raises(Refused, match="The records hold a stay in W1 until 11-10-2026"):
        rules.admit(Pool((later,)), Application(None, None, TODAY, 3), TODAY, dwelling="W1")
    assert rules.admit(Pool((later,)), Application(None, None, TODAY, 3), TODAY) is None
    assert later.placeable(days(10))


# -- Planning a period for an occupied dwelling --------------------------------


def test_an_occupied_dwelling_can_be_taken_out_of_use_from_tomorrow_on():
    pool = Pool((dwelling(),), (living(days(-10)),))
    assert rules.check_out_of_use(pool, "W1", days(1), None, TODAY).code == "W1"
    with pytest.raises(Refused, match="from tomorrow on.*doorstroom move"):
        rules.check_out_of_use(pool, "W1", TODAY, None, TODAY)


# -- The stay ends the day the period begins at the latest ---------------------


def test_a_stay_ends_the_day_its_dwelling_goes_out_of_use_at_the_latest():
    assert living(outage_from=days(20)).end == days(20)
    assert living(outage_from=days(60)).end == days(42)
    assert living(outage_from=days(20)).stopped_by_outage
    assert living(outage_from=days(48)).stopped_by_outage  # a week to day 49 would hold the night of day 48
    assert not living(outage_from=days(49)).stopped_by_outage  # the departure day is no night


def test_tacit_extension_stops_before_the_period_and_says_why():
    # Due on day 42 with the period from day 56: one week fits (to 49), the next would run into it.
    stay = living(outage_from=days(56))
    plan = rules.plan_extensions([stay], days(60))
    assert [len(e.weeks) for e in plan.extended] == [2]  # 42 -> 49 -> 56: ends the day the period begins
    assert plan.extended[0].new_end == days(56)
    after = living(outage_from=days(56), weeks=2)
    assert plan.stopped == (after,) and plan.skipped == ()  # as it stands after the weeks that fit
    again = rules.plan_extensions([after], days(60))
    assert again.extended == () and again.stopped == (after,)


def test_a_run_after_missed_days_lists_the_stopped_stay_with_the_end_it_now_has():
    """The case the coordinator state machine found (seed 3): due on 05-03,
    missed runs until 15-03, the dwelling out of use from 18-03. One week fits
    (to 12-03), the next would run into the period; the stopped stay carries
    that end, 12-03 (it is overdue now), not the 05-03 it had before the run."""
    start = date(2026, 3, 5) - timedelta(days=42)
    stay = Stay(1, Application(1, 1, start, 3), "W1", start, outage_from=date(2026, 3, 18))
    plan = rules.plan_extensions([stay], date(2026, 3, 15))
    [extension] = plan.extended
    assert (extension.old_end, extension.new_end) == (date(2026, 3, 5), date(2026, 3, 12))
    [stopped] = plan.stopped
    assert (stopped.end, stopped.weeks_extended, stopped.stopped_by_outage) == (date(2026, 3, 12), 1, True)
    assert rules.plan_extensions([stopped], date(2026, 3, 15)).extended == ()


def test_tacit_extension_of_a_stay_whose_period_begins_before_its_end_grants_nothing():
    stay = living(outage_from=days(20))
    plan = rules.plan_extensions([stay], days(20))
    assert plan.extended == () and plan.stopped == (stay,)


def test_extending_by_hand_into_a_period_out_of_use_is_refused_and_says_move():
    stay = living(outage_from=days(50))
    with pytest.raises(Refused, match=r"out of use from 20-11-2026.*doorstroom move"):
        rules.extend_by_hand(stay, 2, days(40))
    assert rules.extend_by_hand(living(outage_from=days(56)), 2, days(40)).new_end == days(56)


# -- What needs attention ------------------------------------------------------


def test_outage_ahead_names_an_occupied_dwelling_within_fourteen_days():
    near = rules.alerts(Pool((dwelling(),), (living(days(-10), outage_from=days(14)),)), TODAY)
    assert rules.Alert(AlertKind.OUTAGE_AHEAD, 1, "W1", days(14)) in near
    far = rules.alerts(Pool((dwelling(),), (living(days(-10), outage_from=days(15)),)), TODAY)
    assert all(a.kind is not AlertKind.OUTAGE_AHEAD for a in far)
    begun = rules.alerts(Pool((dwelling(),), (living(days(-10), outage_from=days(-1)),)), TODAY)
    assert rules.Alert(AlertKind.OUTAGE_AHEAD, 1, "W1", days(-1), begun=True) in begun
    assert rules.Alert(AlertKind.OVERDUE, 1, "W1", days(-1)) in begun


def test_a_stay_stopped_by_a_period_out_of_use_is_not_pending_but_ends_soon():
    stay = living(days(-40), outage_from=days(2))
    kinds = [a.kind for a in rules.alerts(Pool((dwelling(),), (stay,)), TODAY)]
    assert AlertKind.ENDS_SOON in kinds and AlertKind.EXTENSION_PENDING not in kinds


def test_extension_pending_only_once_the_end_has_passed():
    on_the_day = living(days(-42))
    assert on_the_day.end == TODAY
    assert all(a.kind is not AlertKind.EXTENSION_PENDING for a in rules.alerts(Pool((dwelling(),), (on_the_day,)), TODAY))
    restored = living(days(-42), last_evaluation=TODAY, last_cooperation=Cooperation.VOLLEDIG)
    assert rules.alerts(Pool((dwelling(),), (restored,)), TODAY) == []
    passed = living(days(-43))
    assert rules.Alert(AlertKind.EXTENSION_PENDING, 1, "W1", days(-1)) in rules.alerts(
        Pool((dwelling(),), (passed,)), TODAY
    )
