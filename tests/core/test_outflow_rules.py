"""The route out (issue 14 §1) as pure rules: which step the steps so far
allow, and the four alerts with their boundary days."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import InvalidInput, Refused

S = rules.OutflowStep
R = rules.StepResult
REGISTERED = date(2026, 9, 1)
TODAY = date(2026, 10, 1)


def step(kind, on=TODAY, **options):
    return rules.RouteStep(kind, on, 7, **options)


def check(new, earlier=()):
    return rules.check_step(new, list(earlier), REGISTERED, TODAY)


def test_every_step_in_its_usual_order_is_allowed():
    route = [
        step(S.INGESCHREVEN, date(2026, 9, 2), corporatie="Domijn"),
        step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 3)),
        step(S.URGENTIE_BESLUIT, date(2026, 9, 20), result=R.TOEGEKEND, valid_until=date(2027, 3, 20)),
        step(S.BESCHIKKING_AANGEVRAAGD, date(2026, 9, 21)),
        step(S.BESCHIKKING_ONTVANGEN, date(2026, 9, 22)),
        step(S.AANBOD, date(2026, 9, 23), corporatie="Ons Huis"),
        step(S.BEZICHTIGING, date(2026, 9, 24)),
        step(S.AANBOD_BESLUIT, date(2026, 9, 25), result=R.GEWEIGERD, reason=rules.RefusalReason.TE_KLEIN),
        step(S.AANBOD, date(2026, 9, 26)),
        step(S.AANBOD_BESLUIT, date(2026, 9, 27), result=R.GEACCEPTEERD),
        step(S.SLEUTEL, date(2026, 10, 15)),  # the key date may lie ahead
    ]
    for number, new in enumerate(route):
        assert check(new, route[:number]) == new


@pytest.mark.parametrize("new, earlier, words", [
    # the five refusals of the issue
    (step(S.URGENTIE_BESLUIT, result=R.TOEGEKEND), [], "needs an open urgentie request"),
    (step(S.BESCHIKKING_ONTVANGEN), [], "needs an open beschikking request"),
    (step(S.AANBOD_BESLUIT, result=R.GEACCEPTEERD), [], "needs an open offer"),
    (step(S.AANBOD_BESLUIT, result=R.GEACCEPTEERD),
     [step(S.AANBOD, date(2026, 9, 5)), step(S.AANBOD_BESLUIT, date(2026, 9, 6), result=R.GEACCEPTEERD)],
     "needs an open offer"),
    (step(S.SLEUTEL), [step(S.SLEUTEL, date(2026, 9, 30))], "already recorded (30-09-2026)"),
    (step(S.INGESCHREVEN, date(2026, 8, 31)), [], "lies before the registration (01-09-2026)"),
    # and the ones that follow from them
    (step(S.BEZICHTIGING), [], "needs an open offer"),
    (step(S.AANBOD), [step(S.AANBOD, date(2026, 9, 5))], "still open"),
    (step(S.URGENTIE_AANGEVRAAGD), [step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 5))], "still open"),
    (step(S.URGENTIE_BESLUIT, date(2026, 9, 4), result=R.AFGEWEZEN),
     [step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 5))], "lies before the step it answers (05-09-2026)"),
])
def test_a_step_the_route_does_not_allow_is_refused(new, earlier, words):
    with pytest.raises(Refused) as refused:
        check(new, earlier)
    assert words in refused.value.sentence(str)


@pytest.mark.parametrize("new, words", [
    (step(S.AANBOD, result=R.GEACCEPTEERD), "The step aanbod takes no --result."),
    (step(S.INGESCHREVEN, valid_until=TODAY), "The step ingeschreven takes no --valid-until."),
    (step(S.URGENTIE_AANGEVRAAGD, corporatie="Domijn"), "The step urgentie-aangevraagd takes no --corporatie."),
    (step(S.SLEUTEL, reason=rules.RefusalReason.ANDERS), "The step sleutel takes no --reason."),
    (step(S.URGENTIE_BESLUIT), "The step urgentie-besluit needs --result (toegekend, afgewezen)."),
    (step(S.AANBOD_BESLUIT, result=R.TOEGEKEND), "The result of aanbod-besluit is one of geaccepteerd, geweigerd."),
    (step(S.AANBOD_BESLUIT, result=R.GEWEIGERD), "A refused offer needs --reason."),
    (step(S.AANBOD_BESLUIT, result=R.GEACCEPTEERD, reason=rules.RefusalReason.ANDERS), "--reason goes with a refused"),
    (step(S.URGENTIE_BESLUIT, result=R.AFGEWEZEN, valid_until=TODAY), "--valid-until goes with an urgentie that is"),
    (step(S.URGENTIE_BESLUIT, result=R.TOEGEKEND, valid_until=TODAY - timedelta(days=1)), "before the day of"),
    (step(S.INGESCHREVEN, TODAY + timedelta(days=1)), "only the key date (sleutel) may"),
])
def test_options_a_step_does_not_take_or_needs_are_usage_errors(new, words):
    earlier = [step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 5)), step(S.AANBOD, date(2026, 9, 6))]
    with pytest.raises(InvalidInput) as refused:
        check(new, earlier)
    assert words in refused.value.sentence(str)


def cases(start=date(2026, 9, 1), dwelling="W1"):
    return [(3, 7, dwelling, start)]


def kinds(steps, today, start=date(2026, 9, 1), dwelling="W1"):
    return [a.kind.value for a in rules.outflow_alerts(cases(start, dwelling), {7: steps}, today)]


def test_outflow_missing_from_the_fourteenth_day_of_the_stay():
    start = date(2026, 9, 1)
    assert kinds([], start + timedelta(days=13)) == []
    assert kinds([], start + timedelta(days=14)) == ["outflow_missing"]
    (alert,) = rules.outflow_alerts(cases(), {}, start + timedelta(days=20))
    assert (alert.household, alert.dwelling, alert.day) == (3, "W1", date(2026, 9, 15))
    # a registration or an urgentie request answers it; another step does not
    assert kinds([step(S.INGESCHREVEN, date(2026, 9, 20))], date(2026, 9, 21)) == []
    assert kinds([step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 20))], date(2026, 9, 21)) == []
    assert kinds([step(S.BESCHIKKING_AANGEVRAAGD, date(2026, 9, 20))], date(2026, 9, 21)) == ["outflow_missing"]
    # a waiting household has no start yet: never missing
    assert kinds([], date(2027, 1, 1), start=None, dwelling=None) == []


def test_outflow_stalled_twenty_one_days_after_the_last_step_until_a_key_date():
    last = date(2026, 9, 10)
    steps = [step(S.INGESCHREVEN, date(2026, 9, 2)), step(S.URGENTIE_AANGEVRAAGD, last)]
    assert kinds(steps, last + timedelta(days=20)) == []
    assert kinds(steps, last + timedelta(days=21)) == ["outflow_stalled"]
    (alert,) = rules.outflow_alerts(cases(), {7: steps}, last + timedelta(days=30))
    assert alert.day == last
    # waiting households stall too
    assert kinds(steps, last + timedelta(days=21), start=None, dwelling=None) == ["outflow_stalled"]
    # a key date ends the route: no stall, however long ago
    keyed = steps + [step(S.SLEUTEL, date(2026, 9, 11))]
    assert kinds(keyed, date(2026, 12, 1)) == []


def test_urgentie_expiring_within_fourteen_days_of_its_last_valid_day():
    until = date(2026, 12, 1)
    steps = [step(S.URGENTIE_AANGEVRAAGD, date(2026, 11, 1)),
             step(S.URGENTIE_BESLUIT, date(2026, 11, 10), result=R.TOEGEKEND, valid_until=until)]
    assert kinds(steps, until - timedelta(days=15)) == []
    assert kinds(steps, until - timedelta(days=14)) == ["urgentie_expiring"]
    assert kinds(steps, until) == ["outflow_stalled", "urgentie_expiring"]  # 21 days after the decision
    assert "urgentie_expiring" not in kinds(steps, until + timedelta(days=1))
    assert kinds(steps + [step(S.SLEUTEL, date(2026, 11, 25))], until) == []  # the key is there


def test_key_date_within_seven_days():
    key = date(2026, 10, 20)
    steps = [step(S.INGESCHREVEN, date(2026, 10, 1)), step(S.SLEUTEL, key)]
    assert kinds(steps, key - timedelta(days=8)) == []
    assert kinds(steps, key - timedelta(days=7)) == ["key_date"]
    assert kinds(steps, key) == ["key_date"]
    assert kinds(steps, key + timedelta(days=1)) == []


@settings(derandomize=True, max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(list(S)), st.sampled_from([None, *R]), st.integers(0, 40)), max_size=14))
def test_whatever_is_tried_the_allowed_route_stays_sound(attempts):
    """Record whatever the rules allow from random attempts: there is never
    more than one key, a decision always answers an earlier open request,
    and at most one offer is open at a time."""
    route: list = []
    for kind, result, offset in attempts:
        reason = rules.RefusalReason.ANDERS if result is R.GEWEIGERD else None
        new = rules.RouteStep(kind, REGISTERED + timedelta(days=offset), 7, result=result, reason=reason)
        try:
            route.append(rules.check_step(new, route, REGISTERED, TODAY))
        except (Refused, InvalidInput):
            continue
    assert sum(s.kind is S.SLEUTEL for s in route) <= 1
    open_offers = 0
    for number, taken in enumerate(route):
        if taken.kind is S.AANBOD:
            open_offers += 1
        if taken.kind is S.AANBOD_BESLUIT:
            open_offers -= 1
        assert 0 <= open_offers <= 1
        if taken.kind is S.URGENTIE_BESLUIT:
            assert any(s.kind is S.URGENTIE_AANGEVRAAGD and s.on <= taken.on for s in route[:number])
        assert taken.on >= REGISTERED


def test_a_backdated_step_must_fit_the_route_in_date_order():
    """Found by the red team: an offer dated between an earlier offer and
    its decision was accepted, leaving an offer that could never be decided."""
    offered = [step(S.AANBOD, date(2026, 9, 5)),
               step(S.AANBOD_BESLUIT, date(2026, 9, 15), result=R.GEWEIGERD, reason=rules.RefusalReason.TE_KLEIN)]
    with pytest.raises(Refused, match="offer of 05-09-2026 is still open"):
        check(step(S.AANBOD, date(2026, 9, 10)), offered)
    asked = [step(S.BESCHIKKING_AANGEVRAAGD, date(2026, 9, 10)), step(S.BESCHIKKING_ONTVANGEN, date(2026, 9, 15))]
    with pytest.raises(Refused, match="still open"):
        check(step(S.BESCHIKKING_AANGEVRAAGD, date(2026, 9, 12)), asked)
    # A decision dated back before a viewing of the same offer leaves that viewing without an open offer:
    viewed = [step(S.AANBOD, date(2026, 9, 5)), step(S.BEZICHTIGING, date(2026, 9, 12))]
    with pytest.raises(Refused, match="would not fit before the step bezichtiging of 12-09-2026"):
        check(step(S.AANBOD_BESLUIT, date(2026, 9, 8), result=R.GEACCEPTEERD), viewed)
    assert check(step(S.AANBOD_BESLUIT, date(2026, 9, 13), result=R.GEACCEPTEERD), viewed).on == date(2026, 9, 13)
    # Dated back where it fits, a step is accepted: registration after an offer was decided.
    assert check(step(S.INGESCHREVEN, date(2026, 9, 2)), offered).kind is S.INGESCHREVEN
    assert check(step(S.URGENTIE_AANGEVRAAGD, date(2026, 9, 8)), offered).kind is S.URGENTIE_AANGEVRAAGD
