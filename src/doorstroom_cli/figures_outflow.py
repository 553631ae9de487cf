"""The route out as figures (issue 14 §3 ``outflow``, §5 the export's two
columns), pure: over the routes storage gives (``Store.outflow_routes``),
each (household, application, stay id or None, stay start or None, steps).

docs/figures.md defines each number; tests/core/test_outflow_figures.py
counts a history by hand. A request and its answer are paired in the order
the route was recorded (by date, then as entered), as ``rules.check_step``
allowed them: a decision answers the open request before it, a key the
last accepted offer before it.
"""

from __future__ import annotations

from datetime import date

from .core import rules

S = rules.OutflowStep


def _spread(days: list[int]) -> dict:
    """Median and max of day counts, 0 each when there are none (as the report's other summaries)."""
    import statistics

    return {"median": statistics.median(days) if days else 0, "max": max(days, default=0)}


def _pairs(steps: list[rules.RouteStep], request: S, answer: S, accepted_only: bool = False):
    """(request, answer) for each answer, with the request it answered."""
    open_request = None
    for step in steps:
        if step.kind is request:
            open_request = step
        elif step.kind is answer and open_request is not None:
            if not accepted_only or step.result is rules.StepResult.GEACCEPTEERD:
                yield open_request, step
            open_request = None


def _keys_after_offers(steps: list[rules.RouteStep]):
    """(offer, key) for a key date after an accepted offer: the last one before the key."""
    accepted = None
    for offer, decision in _pairs(steps, S.AANBOD, S.AANBOD_BESLUIT):
        if decision.result is rules.StepResult.GEACCEPTEERD:
            accepted = offer
    key = next((s for s in steps if s.kind is S.SLEUTEL), None)
    if key is not None and accepted is not None and accepted.on <= key.on:
        yield accepted, key


def start_to_request(start: date | None, steps: list[rules.RouteStep]) -> int | None:
    """Days from the stay's start to the application's first urgentie request
    (0 when it was asked for before the stay began); None without a stay or a request."""
    first = next((s for s in steps if s.kind is S.URGENTIE_AANGEVRAAGD), None)
    if start is None or first is None:
        return None
    return max(0, (first.on - start).days)


def offer_to_key(steps: list[rules.RouteStep]) -> int | None:
    """Days from the accepted offer to the key date; None without both."""
    for offer, key in _keys_after_offers(steps):
        return (key.on - offer.on).days
    return None


def outflow(routes: list[tuple], first: date, last: date) -> dict:
    """The ``outflow`` figure of the period [first, last], over the steps dated in it."""

    def inside(step: rules.RouteStep) -> bool:
        return first <= step.on <= last

    households, requested = set(), set()
    to_request, to_decision, to_key = [], [], []
    offers = refused = 0
    reasons = {reason.value: 0 for reason in rules.RefusalReason}
    for household, _application, _stay, start, steps in routes:
        steps = sorted(steps, key=lambda s: (s.on, s.id or 0))
        if any(inside(s) for s in steps):
            households.add(household)
        first_request = next((s for s in steps if s.kind is S.URGENTIE_AANGEVRAAGD), None)
        if any(inside(s) for s in steps if s.kind is S.URGENTIE_AANGEVRAAGD):
            requested.add(household)
        if first_request is not None and inside(first_request) and start is not None:
            to_request.append(start_to_request(start, steps))
        to_decision += [(d.on - r.on).days for r, d in _pairs(steps, S.URGENTIE_AANGEVRAAGD, S.URGENTIE_BESLUIT)
                        if inside(d)]
        offers += sum(1 for s in steps if s.kind is S.AANBOD and inside(s))
        for s in steps:
            if s.kind is S.AANBOD_BESLUIT and s.result is rules.StepResult.GEWEIGERD and inside(s):
                refused += 1
                reasons[(s.reason or rules.RefusalReason.ANDERS).value] += 1
        to_key += [(key.on - offer.on).days for offer, key in _keys_after_offers(steps) if inside(key)]
    return {
        "households": len(households),
        "with_urgentie_request": len(requested),
        "days_start_to_urgentie_request": _spread(to_request),
        "days_request_to_decision": _spread(to_decision),
        "offers": offers,
        "offers_refused": refused,
        "refusal_reasons": reasons,
        "days_offer_to_key": _spread(to_key),
    }


def by_stay(routes: list[tuple], day: date) -> dict[int, tuple[int | None, int | None]]:
    """Per stay: (days start to first urgentie request,
    days offer to key), from the steps dated on or before ``day`` (the day
    the export describes), for the export's two columns."""
    found = {}
    for _household, _application, stay, start, steps in routes:
        known = sorted((s for s in steps if s.on <= day), key=lambda s: (s.on, s.id or 0))
        if stay is not None:
            found[stay] = (start_to_request(start, known), offer_to_key(known))
    return found
