"""outflow: record a step of a household's route to a home of its own (issue 14 §1)."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..core import rules
from ..core.texts import one_line, optional_text
from ..storage import Store


class Recorded(NamedTuple):
    """What ``outflow`` stored: the step (with its id) and whose it is."""

    household: int
    dwelling: str | None
    step: rules.RouteStep


def outflow(
    store: Store,
    today: date,
    ref: str,
    kind: rules.OutflowStep,
    *,
    on: date | None = None,
    result: rules.StepResult | None = None,
    valid_until: date | None = None,
    corporatie: str | None = None,
    reason: rules.RefusalReason | None = None,
    note: str | None = None,
) -> Recorded:
    """Record one step for the household REF means (an id or the code of the
    dwelling it lives in), dated ``on`` (default today), if the steps so far
    allow it (``rules.check_step``). Only an open case has a route out: a
    household in a dwelling or on the waitlist."""
    from ..core.errors import NotFound, Refused

    corporatie = None if corporatie is None else one_line(corporatie, "--corporatie")
    note = optional_text(note, "--note")
    with store.writing(today):
        pool = store.load_pool(today)
        try:
            case = rules.locate(pool, ref)
        except NotFound:
            household = rules.household_number(ref)
            if household is None or not store.household_exists(household):
                raise
            raise Refused(
                "Household {household} is not in a dwelling or on the waitlist; its route out is "
                "recorded only while its case is open.",
                household=household,
            ) from None
        application = case.application if isinstance(case, rules.Stay) else case
        step = rules.RouteStep(
            kind, on or today, application.id, result, valid_until, corporatie, reason, note,
        )
        step = rules.check_step(step, store.outflow_steps_of(application.id), application.registered, today)
        step_id = store.add_outflow_step(step, application.household)
    dwelling = case.dwelling if isinstance(case, rules.Stay) else None
    return Recorded(application.household, dwelling, step._replace(id=step_id))
