"""The flow out (issue 14 §1): the steps of a household's route to a home of
its own, which of them the steps so far allow, and what they make urgent.

A household with an open case (in a dwelling or on the waitlist) goes
through these steps, in any order the rules below allow:

    ingeschreven            registered as a woningzoekende (--corporatie)
    urgentie-aangevraagd    urgentie requested
    urgentie-besluit        the decision on it: toegekend (--valid-until) or afgewezen
    beschikking-aangevraagd a beschikking requested
    beschikking-ontvangen   the beschikking received
    aanbod                  a dwelling offered (--corporatie)
    bezichtiging            the offered dwelling viewed
    aanbod-besluit          the offer accepted or refused (--reason when refused)
    sleutel                 the key date (may lie in the future)

A decision needs its open request, a viewing and a decision on an offer an
open offer, a new offer waits for the decision on the last one, and there
is one key. No step is dated before the registration or (but the key)
after today. ``outflow_alerts`` says what needs attention; who they apply
to is in its docstring and docs/cli-contract.md.
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from typing import NamedTuple

from ..dates import dutch
from ..errors import InvalidInput, N_, Refused

OUTFLOW_MISSING_DAYS = 14
"""``outflow_missing``: this many days after a stay's start without a registration or urgentie request."""
OUTFLOW_STALLED_DAYS = 21
"""``outflow_stalled``: this many days since the last step (before a key date)."""
URGENTIE_EXPIRING_DAYS = 14
"""``urgentie_expiring``: an urgentie's last valid day within this many days."""
KEY_DATE_DAYS = 7
"""``key_date``: the key date within this many days."""


class OutflowStep(str, Enum):
    """The steps of the route out, in their usual order."""

    INGESCHREVEN = "ingeschreven"
    URGENTIE_AANGEVRAAGD = "urgentie-aangevraagd"
    URGENTIE_BESLUIT = "urgentie-besluit"
    BESCHIKKING_AANGEVRAAGD = "beschikking-aangevraagd"
    BESCHIKKING_ONTVANGEN = "beschikking-ontvangen"
    AANBOD = "aanbod"
    BEZICHTIGING = "bezichtiging"
    AANBOD_BESLUIT = "aanbod-besluit"
    SLEUTEL = "sleutel"


class StepResult(str, Enum):
    """The result of a decision step."""

    TOEGEKEND = "toegekend"
    AFGEWEZEN = "afgewezen"
    GEACCEPTEERD = "geaccepteerd"
    GEWEIGERD = "geweigerd"


class RefusalReason(str, Enum):
    """Why an offer was refused: a slug, so the report can count them and no
    personal text reaches the figures (a story goes in --note)."""

    TE_KLEIN = "te-klein"
    TE_DUUR = "te-duur"
    LIGGING = "ligging"
    STAAT = "staat"
    GEZONDHEID = "gezondheid"
    ANDERS = "anders"


_RESULTS = {
    OutflowStep.URGENTIE_BESLUIT: (StepResult.TOEGEKEND, StepResult.AFGEWEZEN),
    OutflowStep.AANBOD_BESLUIT: (StepResult.GEACCEPTEERD, StepResult.GEWEIGERD),
}
"""The steps that take --result, with the results each allows."""

_OPTIONS = {
    "--result": (OutflowStep.URGENTIE_BESLUIT, OutflowStep.AANBOD_BESLUIT),
    "--valid-until": (OutflowStep.URGENTIE_BESLUIT,),
    "--corporatie": (OutflowStep.INGESCHREVEN, OutflowStep.AANBOD),
    "--reason": (OutflowStep.AANBOD_BESLUIT,),
}
"""The options only some steps take (--date and --note go with every step)."""


class RouteStep(NamedTuple):
    """One recorded step of a household's route out. ``application`` is the
    open application it belongs to; ``corporatie`` and ``note`` are free
    text (purge erases them), ``reason`` a RefusalReason slug."""

    kind: OutflowStep
    on: date
    application: int | None = None
    result: StepResult | None = None
    valid_until: date | None = None
    corporatie: str | None = None
    reason: RefusalReason | None = None
    note: str | None = None
    id: int | None = None


def options_given(step: RouteStep) -> list[str]:
    """The step-specific options a step was given, as the options' names."""
    values = {
        "--result": step.result, "--valid-until": step.valid_until,
        "--corporatie": step.corporatie, "--reason": step.reason,
    }
    return [option for option, value in values.items() if value is not None]


def check_step(step: RouteStep, earlier: list[RouteStep], registered: date, today: date) -> RouteStep:
    """The step, if the steps so far (``earlier``, of the same application)
    allow it; else a refusal in one sentence. ``registered`` is the
    application's registration day."""
    for option in options_given(step):
        if step.kind not in _OPTIONS[option]:
            raise InvalidInput(
                "The step {step} takes no {option}.", step=step.kind.value, option=option,
            )
    if step.kind in _RESULTS:
        allowed = _RESULTS[step.kind]
        if step.result is None:
            raise InvalidInput(
                "The step {step} needs --result ({choices}).",
                step=step.kind.value, choices=", ".join(result.value for result in allowed),
            )
        if step.result not in allowed:
            raise InvalidInput(
                "The result of {step} is one of {choices}.",
                step=step.kind.value, choices=", ".join(result.value for result in allowed),
            )
    if step.valid_until is not None and step.result is not StepResult.TOEGEKEND:
        raise InvalidInput("--valid-until goes with an urgentie that is granted (--result toegekend).")
    if step.valid_until is not None and step.valid_until < step.on:
        raise InvalidInput("--valid-until lies before the day of the decision.")
    if step.kind is OutflowStep.AANBOD_BESLUIT:
        if step.result is StepResult.GEWEIGERD and step.reason is None:
            raise InvalidInput("A refused offer needs --reason.")
        if step.result is StepResult.GEACCEPTEERD and step.reason is not None:
            raise InvalidInput("--reason goes with a refused offer (--result geweigerd).")
    if step.on < registered:
        raise Refused(
            "{day} lies before the registration ({registered}); nothing was recorded.",
            day=dutch(step.on), registered=dutch(registered),
        )
    if step.on > today and step.kind is not OutflowStep.SLEUTEL:
        raise InvalidInput(
            "--date lies in the future; only the key date (sleutel) may.",
        )
    _check_in_place(step, sorted(earlier, key=lambda s: (s.on, s.id or 0)))
    return step


def _check_in_place(step: RouteStep, ordered: list[RouteStep]) -> None:
    """A step may be dated back, but the route must still fit together in
    date order: the step against the steps up to its day, then every later
    step against what comes before it (so a backdated offer cannot slip in
    before the decision on an earlier one)."""
    _check_order(step, ordered)  # against all that is recorded, as entered
    route = [s for s in ordered if s.on <= step.on]
    _check_order(step, route)
    route.append(step)
    for later in (s for s in ordered if s.on > step.on):
        try:
            _check_order(later, route)
        except Refused:
            raise Refused(
                "A step {step} on {day} would not fit before the step {later} of {later_day} that is already "
                "recorded; nothing was recorded.",
                step=step.kind.value, day=dutch(step.on), later=later.kind.value, later_day=dutch(later.on),
            ) from None
        route.append(later)


_REQUEST_OF = {
    OutflowStep.URGENTIE_BESLUIT: (OutflowStep.URGENTIE_AANGEVRAAGD, N_("an open urgentie request")),
    OutflowStep.BESCHIKKING_ONTVANGEN: (OutflowStep.BESCHIKKING_AANGEVRAAGD, N_("an open beschikking request")),
    OutflowStep.BEZICHTIGING: (OutflowStep.AANBOD, N_("an open offer")),
    OutflowStep.AANBOD_BESLUIT: (OutflowStep.AANBOD, N_("an open offer")),
}
"""A step that answers an earlier one, with the earlier one's kind and name."""

_CLOSES = {
    OutflowStep.URGENTIE_BESLUIT: OutflowStep.URGENTIE_AANGEVRAAGD,
    OutflowStep.BESCHIKKING_ONTVANGEN: OutflowStep.BESCHIKKING_AANGEVRAAGD,
    OutflowStep.AANBOD_BESLUIT: OutflowStep.AANBOD,
}
"""The answer that closes a request (a viewing leaves the offer open)."""


def open_request(kind: OutflowStep, steps: list[RouteStep]) -> RouteStep | None:
    """The last request of ``kind`` (urgentie-aangevraagd, beschikking-
    aangevraagd, aanbod) that no later step has answered, or None."""
    answer = next(answer for answer, request in _CLOSES.items() if request is kind)
    last = None
    for step in steps:
        if step.kind is kind:
            last = step
        elif step.kind is answer:
            last = None
    return last


def _check_order(step: RouteStep, earlier: list[RouteStep]) -> None:
    key = next((s for s in earlier if s.kind is OutflowStep.SLEUTEL), None)
    if step.kind is OutflowStep.SLEUTEL and key is not None:
        raise Refused(
            "The key date is already recorded ({day}); a second one is not (undo the first).",
            day=dutch(key.on),
        )
    if step.kind in _CLOSES.values() and step.kind is not OutflowStep.AANBOD:
        pending = open_request(step.kind, earlier)
        if pending is not None:
            raise Refused(
                "The step {step} of {day} is still open; record the step that answers it first.",
                step=step.kind.value, day=dutch(pending.on),
            )
    if step.kind is OutflowStep.AANBOD:
        pending = open_request(OutflowStep.AANBOD, earlier)
        if pending is not None:
            raise Refused(
                "The offer of {day} is still open; record aanbod-besluit first.", day=dutch(pending.on),
            )
    if step.kind in _REQUEST_OF:
        kind, name = _REQUEST_OF[step.kind]
        request = open_request(kind, earlier)
        if request is None:
            raise Refused(
                "{step} needs {request} first; nothing was recorded.",
                step=step.kind.value, request=name,
            )
        if step.on < request.on:
            raise Refused(
                "{step} lies before the step it answers ({day}); nothing was recorded.",
                step=step.kind.value, day=dutch(request.on),
            )


class OutflowAlertKind(str, Enum):
    """The flow out's alerts in the daily overview (after the stay alerts)."""

    OUTFLOW_MISSING = "outflow_missing"
    OUTFLOW_STALLED = "outflow_stalled"
    URGENTIE_EXPIRING = "urgentie_expiring"
    KEY_DATE = "key_date"


class OutflowAlert(NamedTuple):
    """An outflow alert: ``day`` is the date it is about (the day the
    alert became due, the last step, the urgentie's last valid day, the key date)."""

    kind: OutflowAlertKind
    household: int | None
    dwelling: str | None
    day: date


def outflow_alerts(cases, steps: dict[int, list[RouteStep]], today: date) -> list[OutflowAlert]:
    """What the flow out needs today, per open case.

    ``cases`` are (household, application id, dwelling or None, stay start
    or None) of every open case; ``steps`` the steps by application.

    outflow_missing    a resident (in a dwelling), OUTFLOW_MISSING_DAYS or
                       more after the stay's start, with no ingeschreven or
                       urgentie-aangevraagd step; a waiting household is not
                       alerted (its six weeks have not begun)
    outflow_stalled    anyone with at least one step and no key date, whose
                       last step lies OUTFLOW_STALLED_DAYS or more ago (a
                       resident without steps has outflow_missing instead)
    urgentie_expiring  anyone whose last urgentie-besluit granted it until a
                       day from today to URGENTIE_EXPIRING_DAYS ahead, before a key date
    key_date           anyone whose key date lies from today to KEY_DATE_DAYS ahead
    """
    found: list[OutflowAlert] = []
    for household, application, dwelling, start in cases:
        own = sorted(steps.get(application, []), key=lambda s: (s.on, s.id or 0))
        key = next((s for s in own if s.kind is OutflowStep.SLEUTEL), None)
        started = {OutflowStep.INGESCHREVEN, OutflowStep.URGENTIE_AANGEVRAAGD}
        if start is not None and (today - start).days >= OUTFLOW_MISSING_DAYS and not any(
            s.kind in started for s in own
        ):
            found.append(OutflowAlert(OutflowAlertKind.OUTFLOW_MISSING, household, dwelling,
                                      date.fromordinal(start.toordinal() + OUTFLOW_MISSING_DAYS)))
        past = [s for s in own if s.on <= today]
        if key is None and past and (today - past[-1].on).days >= OUTFLOW_STALLED_DAYS:
            found.append(OutflowAlert(OutflowAlertKind.OUTFLOW_STALLED, household, dwelling, past[-1].on))
        decisions = [s for s in own if s.kind is OutflowStep.URGENTIE_BESLUIT]
        if key is None and decisions and decisions[-1].valid_until is not None:
            left = (decisions[-1].valid_until - today).days
            if 0 <= left <= URGENTIE_EXPIRING_DAYS:
                found.append(OutflowAlert(OutflowAlertKind.URGENTIE_EXPIRING, household, dwelling,
                                          decisions[-1].valid_until))
        if key is not None and 0 <= (key.on - today).days <= KEY_DATE_DAYS:
            found.append(OutflowAlert(OutflowAlertKind.KEY_DATE, household, dwelling, key.on))
    order = list(OutflowAlertKind)
    return sorted(found, key=lambda a: (order.index(a.kind), a.day, a.household or 0))


def route_dates(steps: list[RouteStep]) -> tuple[date | None, date | None]:
    """(the last valid day of the urgentie last granted, the key date) of a
    route, for the agenda; the urgentie's day is None once a key date is set."""
    ordered = sorted(steps, key=lambda s: (s.on, s.id or 0))
    key = next((s.on for s in ordered if s.kind is OutflowStep.SLEUTEL), None)
    decisions = [s for s in ordered if s.kind is OutflowStep.URGENTIE_BESLUIT]
    valid = decisions[-1].valid_until if decisions and key is None else None
    return valid, key


__all__ = [
    "KEY_DATE_DAYS", "OUTFLOW_MISSING_DAYS", "OUTFLOW_STALLED_DAYS", "URGENTIE_EXPIRING_DAYS",
    "OutflowAlert", "OutflowAlertKind", "OutflowStep", "RefusalReason", "RouteStep", "StepResult",
    "check_step", "open_request", "options_given", "outflow_alerts", "route_dates",
]
