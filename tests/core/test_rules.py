"""The policy, rule by rule, with plain values: no database, no clock.

Read together with rules.py, these tests are the domain in examples.
"""

from datetime import date, timedelta

import pytest

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import InvalidInput, NotFound, Refused
from doorstroom_cli.core.rules import (
    Alert,
    AlertKind,
    Application,
    Cooperation,
    Destination,
    Dwelling,
    Pool,
    Stay,
)

TODAY = date(2026, 11, 23)

POOL = (
    Dwelling("W1", "Woning 1", "Centrum", 2),
    Dwelling("W2", "Woning 2", "Noord", 4),
    Dwelling("W3", "Woning 3", "Oost", 6),
)


def applicant(household=None, urgency=3, adults=1, children=0, registered=TODAY, id=None):
    return Application(id, household, registered, urgency, adults, children)


def stay(id=1, household=1, dwelling="W1", start=TODAY, **kwargs):
    return Stay(id, applicant(household, id=id), dwelling, start, **kwargs)


# -- R2, R3: six weeks, then a week at a time ---------------------------------


def test_a_stay_ends_six_weeks_after_its_start():
    assert stay(start=date(2026, 11, 23)).end == date(2027, 1, 4)
    assert rules.STAY_DAYS == 42


def test_each_extension_adds_a_week():
    assert stay(start=date(2026, 11, 23), weeks_extended=2).end == date(2027, 1, 18)


def test_the_daily_run_extends_a_stay_on_its_end_day():
    due = stay(start=TODAY - timedelta(days=42))
    plan = rules.plan_extensions([due], TODAY)
    [extension] = plan.extended
    assert (extension.old_end, extension.new_end) == (TODAY, TODAY + timedelta(days=7))
    assert extension.tacit and extension.weeks == (TODAY,)


def test_the_daily_run_leaves_a_stay_alone_before_its_end():
    assert rules.plan_extensions([stay(start=TODAY - timedelta(days=41))], TODAY).extended == ()


def test_after_missed_days_one_run_catches_up_week_by_week():
    # The end was 15 days ago: three weeks bring it after today.
    late = stay(start=TODAY - timedelta(days=42 + 15))
    [extension] = rules.plan_extensions([late], TODAY).extended
    old = TODAY - timedelta(days=15)
    assert extension.weeks == (old, old + timedelta(days=7), old + timedelta(days=14))
    assert extension.new_end == TODAY + timedelta(days=6)


# -- R4: evaluations decide whether tacit extension goes on --------------------


def test_insufficient_cooperation_stops_tacit_extension():
    due = stay(
        start=TODAY - timedelta(days=42),
        last_evaluation=TODAY - timedelta(days=3),
        last_cooperation=Cooperation.ONVOLDOENDE,
    )
    plan = rules.plan_extensions([due], TODAY)
    assert plan.extended == ()
    assert plan.skipped == (due,)


@pytest.mark.parametrize(
    ("level", "extendable"),
    [("volledig", True), ("gedeeltelijk", True), ("onvoldoende", False)],
)
def test_an_evaluation_sets_whether_the_stay_is_extendable(level, extendable):
    evaluation = rules.evaluate(stay(start=TODAY - timedelta(days=10)), Cooperation(level), TODAY)
    assert evaluation.extendable is extendable
    assert evaluation.next_evaluation == TODAY + timedelta(days=rules.EVALUATION_INTERVAL_DAYS)
    assert evaluation.end == TODAY - timedelta(days=10) + timedelta(days=42)


def test_a_later_evaluation_restores_extension():
    stopped = stay(last_evaluation=TODAY, last_cooperation=Cooperation.ONVOLDOENDE)
    assert not stopped.extendable
    assert rules.evaluate(stopped, Cooperation.GEDEELTELIJK, TODAY).extendable


def test_the_coordinator_may_extend_by_hand_even_when_not_extendable():
    stopped = stay(start=TODAY - timedelta(days=40), last_cooperation=Cooperation.ONVOLDOENDE)
    extension = rules.extend_by_hand(stopped, 2, TODAY)
    assert extension.new_end == stopped.end + timedelta(days=14)
    assert not extension.tacit
    assert extension.weeks == (TODAY, TODAY)


def test_an_extension_by_hand_is_at_least_a_week():
    with pytest.raises(InvalidInput):
        rules.extend_by_hand(stay(), 0, TODAY)


def test_the_next_evaluation_counts_from_the_start_until_the_first_one():
    assert stay(start=TODAY).next_evaluation == TODAY + timedelta(days=14)
    held = stay(start=TODAY - timedelta(days=20), last_evaluation=TODAY - timedelta(days=1))
    assert held.next_evaluation == TODAY + timedelta(days=13)


def test_history_runs_forward():
    started = stay(start=TODAY)
    with pytest.raises(Refused, match="before the start"):
        rules.evaluate(started, Cooperation.VOLLEDIG, TODAY - timedelta(days=1))
    with pytest.raises(Refused, match="before the last evaluation"):
        rules.evaluate(
            stay(start=TODAY - timedelta(days=30), last_evaluation=TODAY),
            Cooperation.VOLLEDIG,
            TODAY - timedelta(days=1),
        )
    with pytest.raises(Refused, match="before the start"):
        rules.release(Pool(POOL, (started,)), started, Destination.NETWERK, TODAY - timedelta(days=1))


# -- R5: who is placed first ------------------------------------------------------


def test_the_waitlist_ranks_by_urgency_then_registration():
    early_low = applicant(1, urgency=2, registered=date(2026, 11, 1), id=1)
    late_high = applicant(2, urgency=4, registered=date(2026, 11, 20), id=2)
    early_high = applicant(3, urgency=4, registered=date(2026, 11, 10), id=3)
    same_day_later = applicant(4, urgency=4, registered=date(2026, 11, 10), id=4)
    pool = Pool(POOL, (), (early_low, late_high, same_day_later, early_high))
    assert pool.waitlist() == [early_high, same_day_later, late_high, early_low]


def test_a_new_household_gets_the_smallest_free_dwelling_that_fits():
    placement = rules.admit(Pool(POOL), applicant(adults=2, children=1), TODAY)
    assert placement.dwelling == "W2"
    assert (placement.start, placement.end) == (TODAY, TODAY + timedelta(days=42))


def test_a_new_household_waits_when_a_higher_ranked_one_fits_the_free_dwelling():
    waiting = applicant(1, urgency=4, id=1, registered=TODAY - timedelta(days=3))
    pool = Pool((POOL[0],), (), (waiting,))
    assert rules.admit(pool, applicant(urgency=3), TODAY) is None


def test_a_household_that_does_not_fit_does_not_block_the_next():
    large = applicant(1, urgency=5, adults=2, children=3, id=1)  # 5 persons
    pool = Pool((POOL[0],), (), (large,))  # W1 houses 2
    placement = rules.admit(pool, applicant(urgency=1), TODAY)
    assert placement.dwelling == "W1"


def test_a_more_urgent_newcomer_goes_ahead_of_those_waiting():
    waiting = applicant(1, urgency=2, id=1, registered=TODAY - timedelta(days=30))
    pool = Pool((POOL[0],), (), (waiting,))
    assert rules.admit(pool, applicant(urgency=5), TODAY).dwelling == "W1"


def test_asking_for_a_dwelling_ahead_of_a_higher_ranked_household_needs_a_reason():
    waiting = applicant(1, urgency=5, id=1)
    pool = Pool(POOL, (), (waiting,))
    with pytest.raises(Refused, match="ranks higher and fits W2; give --reason"):
        rules.admit(pool, applicant(urgency=1), TODAY, dwelling="W2")
    placement = rules.admit(pool, applicant(urgency=1), TODAY, dwelling="w2", reason="school nearby")
    assert placement.dwelling == "W2" and placement.out_of_order
    assert placement.reason == "school nearby"


def test_asking_for_a_dwelling_that_is_taken_too_small_or_out_of_use_is_refused():
    out_of_use = Dwelling("W4", "Woning 4", "Zuid", 4, in_use=False)
    pool = Pool((*POOL, out_of_use), (stay(dwelling="W3", household=9),))
    with pytest.raises(Refused, match="occupied"):
        rules.admit(pool, applicant(), TODAY, dwelling="W3")
    with pytest.raises(Refused, match="houses at most 2"):
        rules.admit(pool, applicant(adults=2, children=1), TODAY, dwelling="W1")
    with pytest.raises(Refused, match="out of use"):
        rules.admit(pool, applicant(), TODAY, dwelling="W4")
    with pytest.raises(NotFound):
        rules.admit(pool, applicant(), TODAY, dwelling="W9")


def test_next_places_the_highest_ranked_household_that_fits():
    large = applicant(1, urgency=5, adults=2, children=2, id=1)
    small = applicant(2, urgency=3, id=2)
    pool = Pool((POOL[0],), (), (large, small))
    placement = rules.place_next(pool, TODAY)
    assert placement.application is small and placement.dwelling == "W1"


def test_next_refuses_when_nobody_fits_or_nothing_is_free():
    with pytest.raises(Refused, match="No waiting household fits"):
        rules.place_next(Pool(POOL, (), ()), TODAY)
    with pytest.raises(Refused, match="No dwelling is free"):
        rules.place_next(Pool((POOL[0],), (stay(),), (applicant(2, id=2),)), TODAY)


def test_a_household_registered_after_today_is_not_yet_waiting():
    future = applicant(1, id=1, registered=TODAY + timedelta(days=1))
    with pytest.raises(Refused):
        rules.place_next(Pool(POOL, (), (future,)), TODAY)


def test_a_household_larger_than_any_dwelling_is_refused_at_intake():
    with pytest.raises(Refused, match="No dwelling in the pool houses 7"):
        rules.admit(Pool(POOL), applicant(adults=2, children=5), TODAY)


# -- R8: one open case per household ------------------------------------------


def test_a_household_has_one_open_application_or_stay():
    living = Pool(POOL, (stay(household=1),))
    with pytest.raises(Refused, match="already lives in W1"):
        rules.admit(living, applicant(household=1), TODAY)
    waiting = Pool(POOL, (), (applicant(1, id=1),))
    with pytest.raises(Refused, match="already on the waitlist"):
        rules.admit(waiting, applicant(household=1), TODAY)


def test_the_same_name_is_the_same_household():
    assert rules.household_key("  de  Vries ") == rules.household_key("De Vries")
    with pytest.raises(InvalidInput):
        rules.household_name("   ")


@pytest.mark.parametrize(
    "typed, registered",
    [
        ("Zoe\u0308 Jansen", "Zoë Jansen"),  # decomposed (NFD) and composed (NFC)
        ("ＺＯË　ＪＡＮＳＥＮ", "Zoë Jansen"),  # fullwidth letters and space
        ("ZOE JANSEN", "Zoë Jansen"),
        ("YILMAZ", "Yılmaz"),  # the Turkish dotless ı
        ("İlhan", "ilhan"),  # the Turkish dotted İ
        ("celik", "Çelik"),
        ("Strasse", "Straße"),
    ],
)
def test_one_household_however_its_name_is_typed(typed, registered):
    assert rules.household_key(typed) == rules.household_key(registered)


def test_names_that_differ_in_letters_keep_different_keys():
    assert rules.household_key("Smit") != rules.household_key("Müller-Smit")
    assert rules.household_key("Jansen") != rules.household_key("Janssen")


@pytest.mark.parametrize("name", ["Zo\u200bë Jansen", "\u200eJansen", "Jan\u200fsen", "Jansen\ufeff", "Jan\u00adsen"])
def test_a_name_with_an_invisible_character_is_refused(name):
    with pytest.raises(InvalidInput, match="invisible character"):
        rules.household_name(name)


def test_a_name_is_kept_composed_and_needs_a_letter_that_counts():
    assert rules.household_name("Zoe\u0308  Jansen") == "Zoë Jansen"
    with pytest.raises(InvalidInput):
        rules.household_name("\u0301")  # only a combining accent: its key would be empty


@pytest.mark.parametrize("ref", ["W\u200b1", "1\u200b", "\u2060W2"])
def test_a_reference_with_an_invisible_character_is_refused(ref):
    with pytest.raises(InvalidInput, match="invisible character"):
        rules.household_number(ref)
    with pytest.raises(InvalidInput, match="invisible character"):
        Pool(POOL).dwelling(ref)


# -- Finding a household -------------------------------------------------------


def test_a_reference_is_a_household_id_or_a_dwelling_code():
    living = stay(household=7, dwelling="W2")
    waiting = applicant(8, id=8)
    pool = Pool(POOL, (living,), (waiting,))
    assert rules.locate(pool, "7") is living
    assert rules.locate(pool, "w2") is living
    assert rules.locate(pool, "8") is waiting
    with pytest.raises(Refused, match="W1 has no resident"):
        rules.locate(pool, "W1")
    with pytest.raises(NotFound, match="Household 9 has no open"):
        rules.locate(pool, "9")
    with pytest.raises(NotFound, match="no household or dwelling"):
        rules.locate(pool, "X")
    with pytest.raises(Refused, match="on the waitlist"):
        rules.locate_stay(pool, "8", "evaluated")


# -- R5: a chosen household, and the dwelling kept for the one household it fits --
#
# In POOL only W3 houses six persons: a household of six fits W3 alone.


def issue_11():
    """W3 (six persons) has come free. A couple (urgency 4) ranks above a
    family of six (urgency 3, waiting since long before), which fits only W3."""
    couple = applicant(1, urgency=4, adults=2, id=1, registered=TODAY - timedelta(days=10))
    family = applicant(2, urgency=3, adults=2, children=4, id=2, registered=TODAY - timedelta(days=88))
    w1_taken = stay(id=9, household=9, dwelling="W1")
    w2_taken = stay(id=8, household=8, dwelling="W2")
    return Pool(POOL, (w1_taken, w2_taken), (couple, family)), couple, family


def test_a_household_of_six_fits_only_the_one_dwelling_for_six():
    pool, couple, family = issue_11()
    assert rules.only_fit(pool, family) == "W3"
    assert rules.only_fit(pool, couple) is None  # W2 and W3 house a couple


def test_a_dwelling_out_of_use_still_counts_for_what_a_household_fits():
    second_large = Dwelling("W4", "Woning 4", "Zuid", 6, in_use=False)
    family = applicant(2, adults=2, children=4, id=2)
    assert rules.only_fit(Pool((*POOL, second_large)), family) is None
    only_large_under_repair = (POOL[0], POOL[1], Dwelling("W3", "Woning 3", "Oost", 6, in_use=False))
    assert rules.only_fit(Pool(only_large_under_repair), family) == "W3"


def test_the_dwelling_a_household_fits_alone_is_kept_for_it():
    pool, couple, family = issue_11()
    assert rules.claimant(pool, pool.dwelling("W3"), pool.waitlist()) is family
    for placement in (rules.place_next(pool, TODAY), rules.place_next(pool, TODAY, "W3")):
        assert (placement.application, placement.dwelling) == (family, "W3")
        assert not placement.out_of_order  # keeping it is the rule, not an exception
    # With W2 (four persons) free too, the couple ranks first and gets W2.
    both_free = Pool(POOL, (pool.stays[0],), pool.waiting)
    placements = [rules.place_next(both_free, TODAY)]
    placements.append(rules.place_next(Pool(POOL, (pool.stays[0], stay(id=6, household=1, dwelling="W2")),
                                            (family,)), TODAY))
    assert [(p.application, p.dwelling) for p in placements] == [(couple, "W2"), (family, "W3")]


def test_with_a_reason_next_gives_the_kept_dwelling_in_rank_order_out_of_order():
    pool, couple, family = issue_11()
    placement = rules.place_next(pool, TODAY, "W3", reason="  medical   urgency ")
    assert (placement.application, placement.dwelling) == (couple, "W3")
    assert placement.out_of_order and placement.passed_over == 2
    assert placement.reason == "medical urgency"


def test_a_kept_dwelling_is_the_ordinary_order_when_its_household_is_first_in_line():
    family = applicant(2, urgency=5, adults=2, children=4, id=2)
    couple = applicant(1, urgency=4, adults=2, id=1)
    pool = Pool(POOL, (), (couple, family))
    placement = rules.place_chosen(pool, 2, TODAY)
    assert (placement.dwelling, placement.out_of_order) == ("W3", False)


def test_the_highest_ranked_of_two_households_of_six_gets_the_kept_dwelling():
    first = applicant(2, urgency=3, adults=2, children=4, id=2, registered=TODAY - timedelta(days=30))
    second = applicant(3, urgency=3, adults=3, children=3, id=3, registered=TODAY - timedelta(days=5))
    couple = applicant(1, urgency=5, adults=2, id=1)
    pool = Pool(POOL, (), (couple, first, second))
    assert rules.claimant(pool, pool.dwelling("W3"), pool.waitlist()) is first


def test_a_newcomer_does_not_take_the_dwelling_kept_for_a_household_of_six():
    pool, couple, family = issue_11()
    newcomer = applicant(urgency=5, adults=2)
    assert rules.admit(pool, newcomer, TODAY) is None  # waits: W3 is kept
    with pytest.raises(Refused, match="Household 2 fits only W3 of the pool, so W3 is kept for it"):
        rules.admit(pool, newcomer, TODAY, dwelling="W3")
    placement = rules.admit(pool, newcomer, TODAY, dwelling="W3", reason="acute")
    assert placement.out_of_order and placement.passed_over == 2


def test_a_chosen_household_with_the_first_claim_needs_no_reason():
    pool, couple, family = issue_11()
    placement = rules.place_chosen(pool, 2, TODAY, "W3")
    assert (placement.application, placement.dwelling, placement.out_of_order) == (family, "W3", False)
    assert rules.place_chosen(pool, 2, TODAY).dwelling == "W3"  # the dwelling it fits


def test_placing_a_chosen_household_ahead_of_another_needs_a_reason_and_names_it():
    pool, couple, family = issue_11()
    with pytest.raises(Refused, match="^Household 2 fits only W3 of the pool, so W3 is kept for it; give --reason"):
        rules.place_chosen(pool, 1, TODAY)
    placement = rules.place_chosen(pool, 1, TODAY, reason="school in de wijk")
    assert (placement.application, placement.dwelling) == (couple, "W3")
    assert (placement.out_of_order, placement.passed_over, placement.reason) == (True, 2, "school in de wijk")
    lower = applicant(3, urgency=1, id=3)
    pool = Pool(POOL, (), (couple, lower))
    with pytest.raises(Refused, match="^Household 1 ranks higher and fits W1; give --reason"):
        rules.place_chosen(pool, 3, TODAY)


def test_a_chosen_household_gets_the_smallest_free_dwelling_that_fits_it():
    high = applicant(1, urgency=5, id=1)  # one person: first claim on every dwelling
    low = applicant(3, urgency=1, adults=3, id=3)  # three persons fit W2 and W3
    with pytest.raises(Refused, match="^Household 1 ranks higher and fits W2"):
        rules.place_chosen(Pool(POOL, (), (high, low)), 3, TODAY)
    placement = rules.place_chosen(Pool(POOL, (), (high, low)), 3, TODAY, reason="x")
    assert (placement.dwelling, placement.out_of_order) == ("W2", True)
    assert rules.place_chosen(Pool(POOL, (), (low,)), 3, TODAY).dwelling == "W2"


def test_placing_a_chosen_household_is_refused_when_it_cannot_be_placed():
    pool, couple, family = issue_11()
    with pytest.raises(NotFound, match="Household 7 has no open application or stay"):
        rules.place_chosen(pool, 7, TODAY)
    with pytest.raises(Refused, match="Household 9 already lives in W1"):
        rules.place_chosen(pool, 9, TODAY)
    with pytest.raises(Refused, match="Dwelling W1 is occupied by household 9"):
        rules.place_chosen(pool, 1, TODAY, "W1")
    with pytest.raises(Refused, match="Dwelling W3 houses at most 6 persons; this household has 7"):
        rules.place_chosen(Pool(POOL, (), (applicant(4, adults=7, id=4),)), 4, TODAY, "W3")
    everything_taken = Pool(POOL[:1], (stay(id=9, household=9),), (couple,))
    with pytest.raises(Refused, match="No dwelling is free"):
        rules.place_chosen(everything_taken, 1, TODAY)
    with pytest.raises(Refused, match="No free dwelling is large enough for household 2 \\(6 persons\\)"):
        rules.place_chosen(Pool(POOL, (stay(id=7, household=7, dwelling="W3"),), (family,)), 2, TODAY)
    later = applicant(5, id=5, registered=TODAY + timedelta(days=1))
    with pytest.raises(Refused, match="registered on 24-11-2026, after 23-11-2026"):
        rules.place_chosen(Pool(POOL, (), (later,)), 5, TODAY)
    with pytest.raises(InvalidInput, match="The reason cannot be empty"):
        rules.place_chosen(pool, 1, TODAY, reason="  ")


def test_status_marks_each_household_that_fits_only_one_dwelling():
    pool, couple, family = issue_11()
    assert rules.alerts(pool, TODAY) == [
        Alert(AlertKind.FREE_WITH_WAITLIST, 2, "W3"),  # the kept dwelling is free: for household 2
        Alert(AlertKind.ONLY_FITS, 2, "W3"),
    ]
    occupied = Pool(POOL, (stay(id=9, household=9, dwelling="W3"),), (couple, family))
    assert [a for a in rules.alerts(occupied, TODAY) if a.kind is AlertKind.ONLY_FITS] == [
        Alert(AlertKind.ONLY_FITS, 2, "W3")
    ]


def test_a_departure_from_the_kept_dwelling_names_the_household_it_is_kept_for():
    pool, couple, family = issue_11()
    living = stay(id=7, household=7, dwelling="W3", start=TODAY - timedelta(days=50))
    pool = Pool(POOL, (*pool.stays, living), pool.waiting)
    assert rules.release(pool, living, Destination.NETWERK, TODAY).next_in_line is family


# -- Departure ---------------------------------------------------------------


def test_a_departure_counts_days_and_names_who_is_next_for_the_dwelling():
    living = stay(household=1, dwelling="W2", start=TODAY - timedelta(days=69))
    too_large = applicant(2, urgency=5, adults=2, children=3, id=2)
    fits = applicant(3, urgency=2, id=3)
    pool = Pool(POOL, (living,), (too_large, fits))
    departure = rules.release(pool, living, Destination.EIGEN_WONING, TODAY)
    assert departure.days == 69
    assert departure.next_in_line is fits
    assert departure.destination.category is rules.Category.PERMANENT


def test_withdrawing_a_waiting_application_has_no_stay_and_no_days():
    waiting = applicant(2, id=2)
    departure = rules.release(Pool(POOL, (), (waiting,)), waiting, Destination.ONBEKEND, TODAY)
    assert departure.stay is None and departure.days is None and departure.next_in_line is None


def test_every_destination_has_a_category():
    assert {d.category for d in Destination} == set(rules.Category)


# -- Alerts --------------------------------------------------------------------


def test_alerts_name_what_needs_attention_most_pressing_first():
    stopped = dict(last_evaluation=TODAY - timedelta(days=5), last_cooperation=Cooperation.ONVOLDOENDE)
    overdue = stay(1, 1, "W1", TODAY - timedelta(days=45), **stopped)
    ends_soon = stay(2, 2, "W2", TODAY - timedelta(days=40), **stopped)
    pending = stay(3, 3, "W3", TODAY - timedelta(days=43))  # never evaluated, end yesterday
    free = Dwelling("W4", "Woning 4", "Zuid", 4)
    waiting = applicant(4, id=4)
    pool = Pool((*POOL, free), (overdue, ends_soon, pending), (waiting,))
    assert rules.alerts(pool, TODAY) == [
        Alert(AlertKind.OVERDUE, 1, "W1", TODAY - timedelta(days=3)),
        Alert(AlertKind.EXTENSION_PENDING, 3, "W3", TODAY - timedelta(days=1)),
        Alert(AlertKind.ENDS_SOON, 2, "W2", TODAY + timedelta(days=2)),
        Alert(AlertKind.EVALUATION_DUE, 3, "W3", TODAY - timedelta(days=29)),
        Alert(AlertKind.FREE_WITH_WAITLIST, 4, "W4"),
    ]


def test_an_extendable_stay_far_from_its_end_raises_no_alert():
    assert rules.alerts(Pool(POOL, (stay(start=TODAY - timedelta(days=3)),)), TODAY) == []
