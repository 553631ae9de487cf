"""The household's own wijk (issue 14 §4): placement prefers, among the free
dwellings the household fits and has the first claim on, one in its wijk,
then the smallest. The rank order still decides who is placed, and a
dwelling kept for the only household that fits it stays kept."""

from datetime import date, timedelta

import pytest

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import InvalidInput
from doorstroom_cli.core.rules import Application, Dwelling, Pool

TODAY = date(2026, 11, 23)

# Two dwellings for four, in two wijken, a small one, and the one for six.
POOL = (
    Dwelling("W1", "Woning 1", "Centrum", 2),
    Dwelling("W2", "Woning 2", "Noord", 4),
    Dwelling("W3", "Woning 3", "Oost", 6),
    Dwelling("W4", "Woning 4", "Twekkelerveld", 4),
)


def applicant(household=None, urgency=3, adults=1, children=0, registered=TODAY, id=None, wijk=None):
    return Application(id, household, registered, urgency, adults, children, wijk)


def test_a_new_household_gets_a_dwelling_in_its_own_wijk_before_the_smallest():
    assert rules.admit(Pool(POOL), applicant(wijk="Twekkelerveld"), TODAY).dwelling == "W4"
    assert rules.admit(Pool(POOL), applicant(wijk="Centrum"), TODAY).dwelling == "W1"
    # Without a wijk, or in a wijk without a free dwelling: the smallest that fits.
    assert rules.admit(Pool(POOL), applicant(), TODAY).dwelling == "W1"
    assert rules.admit(Pool(POOL), applicant(wijk="Stroinkslanden"), TODAY).dwelling == "W1"


@pytest.mark.parametrize("typed", ["twekkelerveld", "TWEKKELERVELD", "Twékkelerveld", "  Twekkelerveld "])
def test_the_wijk_is_compared_with_case_and_accents_folded(typed):
    assert rules.same_wijk(typed.strip(), "Twekkelerveld")
    assert rules.admit(Pool(POOL), applicant(wijk=rules.household_wijk(typed)), TODAY).dwelling == "W4"


def test_a_wijk_whose_dwellings_do_not_fit_gives_the_smallest_that_fits():
    family = applicant(adults=2, children=1, wijk="Centrum")  # W1 houses 2
    assert rules.admit(Pool(POOL), family, TODAY).dwelling == "W2"


def test_the_wijk_never_places_a_lower_ranked_household_first():
    # Household 2 lives in Twekkelerveld, where W4 is free; household 1
    # ranks higher and has no wijk: it is placed first, in the smallest (W1).
    higher = applicant(1, urgency=5, id=1)
    lower = applicant(2, urgency=2, id=2, wijk="Twekkelerveld")
    pool = Pool(POOL, (), (higher, lower))
    placement = rules.place_next(pool, TODAY)
    assert (placement.application, placement.dwelling, placement.out_of_order) == (higher, "W1", False)
    # A newcomer of a lower rank waits while a higher-ranked one fits W4.
    only_w4 = Pool((POOL[3],), (), (higher,))
    assert rules.admit(only_w4, applicant(urgency=1, wijk="Twekkelerveld"), TODAY) is None


def test_next_gives_the_first_in_line_the_free_dwelling_in_its_wijk():
    first = applicant(1, urgency=5, id=1, wijk="Noord")
    second = applicant(2, urgency=2, id=2, wijk="Twekkelerveld")
    pool = Pool(POOL, (), (first, second))
    placement = rules.place_next(pool, TODAY)
    assert (placement.application, placement.dwelling) == (first, "W2")
    chosen = rules.place_chosen(pool, 2, TODAY, reason="placed first")
    assert chosen.dwelling == "W4"


def test_the_dwelling_kept_for_the_only_household_that_fits_it_stays_kept():
    # W3 (six persons) lies in Oost, the couple's wijk; the family of six
    # fits only W3, so W3 is kept for it and the couple gets another dwelling.
    family = applicant(2, urgency=2, adults=2, children=4, id=2)
    couple = applicant(1, urgency=5, adults=2, id=1, wijk="Oost")
    pool = Pool(POOL, (), (couple, family))
    placement = rules.place_next(pool, TODAY)
    assert (placement.application, placement.dwelling) == (couple, "W1")
    assert rules.admit(Pool(POOL, (), (family,)), applicant(urgency=5, adults=2, wijk="oost"), TODAY).dwelling == "W1"
    assert rules.place_chosen(pool, 1, TODAY).dwelling == "W1"
    # With a reason the claims are set aside, yet the kept dwelling is still
    # not taken for the wijk while another one fits.
    assert rules.place_next(pool, TODAY, reason="medical urgency").dwelling == "W1"


def test_a_chosen_household_gets_a_dwelling_it_has_the_first_claim_on_before_its_wijk():
    # Household 1 (four persons) ranks first and fits W2 and W4, not W1;
    # household 2 is chosen: W4 is in its wijk, but household 1 has the
    # first claim on it, and on W1 household 2 has it: W1, in order.
    four = applicant(1, urgency=5, adults=2, children=2, id=1)
    chosen = applicant(2, urgency=2, id=2, wijk="Twekkelerveld")
    pool = Pool((POOL[0], POOL[3]), (), (four, chosen))
    placement = rules.place_chosen(pool, 2, TODAY)
    assert (placement.dwelling, placement.out_of_order) == ("W1", False)


@pytest.mark.parametrize("text", ["", "   ", "Oost\nWest", "Oo\u200bst"])
def test_a_wijk_is_one_line_of_visible_text(text):
    with pytest.raises(InvalidInput):
        rules.household_wijk(text)


def test_a_wijk_is_kept_with_its_white_space_folded():
    assert rules.household_wijk("  De   Laares ") == "De Laares"
    assert rules.household_wijk(None) is None
    assert not rules.same_wijk(None, "Oost") and not rules.same_wijk("Oost", "West")


def test_the_stay_keeps_the_application_it_was_placed_with():
    placement = rules.admit(Pool(POOL), applicant(wijk="Noord", registered=TODAY - timedelta(days=1)), TODAY)
    assert placement.application.wijk == "Noord" and placement.dwelling == "W2"
