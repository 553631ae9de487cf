"""admit, extend, evaluate, move, release, status."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..core import rules
from ..core.texts import optional_text
from ..storage import Store


INTAKE_OPTIONS = {
    "wijkcoach": "--wijkcoach", "referrer": "--referrer", "wish": "--wish",
    "own_effort": "--can-do", "needs": "--needs",
}
"""The optional intake texts (storage.INTAKE_TEXTS) by the option that gives them."""


class Admission(NamedTuple):
    """What ``admit`` did: the stored application, and its stay or place in line."""

    application: rules.Application
    placement: rules.Placement | None
    position: int | None
    readmission: bool


def admit(
    store: Store,
    today: date,
    name: str,
    *,
    urgency: int,
    alternative: rules.Alternative,
    adults: int = 1,
    children: int = 0,
    agreements: str | None = None,
    dwelling: str | None = None,
    reason: str | None = None,
    intake: dict[str, str | None] | None = None,
    new_household: bool = False,
    wijk: str | None = None,
) -> Admission:
    """Register a household and place it at once when the rules allow it.

    ``name`` is the household's name, or the id of a registered household
    that comes back. A name whose key matches registered households is
    decided by ``rules.returning_household``; ``new_household`` says it is
    another household all the same, which the audit row records by id.
    ``intake`` holds the optional texts of storage.INTAKE_TEXTS (wijkcoach,
    referrer and the three casework questions); ``wijk`` is the household's
    own wijk, which placement prefers (``rules.best_fit``)."""
    from ..core.errors import InvalidInput, NotFound, Refused

    name = rules.household_name(name)
    agreements = optional_text(agreements, "--agreements")
    wijk = rules.household_wijk(wijk)
    intake = {field: optional_text(text, INTAKE_OPTIONS[field]) for field, text in (intake or {}).items()}
    by_id = rules.household_number(name)
    if by_id is not None and new_household:
        raise InvalidInput("--new-household goes with a name, not with a household id.")
    distinct_from = None
    with store.writing(today):
        pool = store.load_pool(today)
        if by_id is not None:
            if not store.household_exists(by_id):
                raise NotFound("There is no household {household}.", household=by_id)
            if store.household_purged(by_id):
                raise Refused(
                    "The name of household {household} was removed (purge); admit it by name as a new "
                    "household.",
                    household=by_id,
                )
            known = by_id
        else:
            namesakes = store.households_keyed(rules.household_key(name))
            known = rules.returning_household(pool, name, namesakes, new_household=new_household)
            if new_household:
                distinct_from = [household for household, _ in namesakes]
        applicant = rules.Application(None, known, today, urgency, adults, children, wijk)
        placement = rules.admit(pool, applicant, today, dwelling, reason)
        stored = store.add_application(name, applicant, alternative, agreements, intake, distinct_from)
        if placement is not None:
            placement = placement._replace(application=stored)
            store.add_stay(placement)
            return Admission(stored, placement, None, known is not None)
    waiting = pool._replace(waiting=(*pool.waiting, stored))
    position = rules.waitlist_position(waiting, stored)
    return Admission(stored, None, position, known is not None)


def place_next(
    store: Store,
    today: date,
    dwelling: str | None = None,
    *,
    household: int | None = None,
    reason: str | None = None,
) -> rules.Placement:
    """Place the waiting household that has the first claim on a free
    dwelling (``admit --next``), or this ``household`` (``--household``);
    ``reason`` records why when that is out of order."""
    with store.writing(today):
        pool = store.load_pool(today)
        if household is None:
            placement = rules.place_next(pool, today, dwelling, reason)
        else:
            placement = rules.place_chosen(pool, household, today, dwelling, reason)
        store.add_stay(placement)
    return placement


def extend_auto(store: Store, today: date, *, dry_run: bool = False) -> rules.ExtensionPlan:
    """The nightly run: apply (or with ``dry_run`` only show) today's tacit extensions."""
    if dry_run:
        with store.reading():
            return rules.plan_extensions(store.load_pool(today).stays, today)
    with store.writing(today):
        plan = rules.plan_extensions(store.load_pool(today).stays, today)
        for extension in plan.extended:
            store.add_extension(extension)
    return plan


def extend(store: Store, today: date, ref: str, weeks: int = 1) -> rules.Extension:
    """Extend one stay by hand."""
    with store.writing(today):
        stay = rules.locate_stay(store.load_pool(today), ref, "extended")
        extension = rules.extend_by_hand(stay, weeks, today)
        store.add_extension(extension)
    return extension


def evaluate(
    store: Store,
    today: date,
    ref: str,
    cooperation: rules.Cooperation,
    note: str | None = None,
) -> rules.Evaluation:
    """Record an evaluation talk and what it means for tacit extension."""
    note = optional_text(note, "--note")
    with store.writing(today):
        stay = rules.locate_stay(store.load_pool(today), ref, "evaluated")
        evaluation = rules.evaluate(stay, cooperation, today)
        store.add_evaluation(evaluation, note)
    return evaluation


def move(store: Store, today: date, ref: str, to: str, reason: str | None = None) -> rules.Move:
    """Move a household to another free dwelling that fits it; its stay goes
    on. The rules check ``reason`` (``rules.move``), as they do admit's."""
    with store.writing(today):
        pool = store.load_pool(today)
        stay = rules.locate_stay(pool, ref, "moved")
        moved = rules.move(pool, stay, to, today, reason)
        store.add_move(moved)
    return moved


def release(
    store: Store,
    today: date,
    ref: str,
    destination: rules.Destination,
    note: str | None = None,
) -> rules.Departure:
    """End a stay today, or withdraw a waiting application."""
    note = optional_text(note, "--note")
    with store.writing(today):
        pool = store.load_pool(today)
        case = rules.locate(pool, ref)
        departure = rules.release(pool, case, destination, today)
        store.add_closure(departure, note)
    return departure


class Overview(NamedTuple):
    """Everything the daily screen shows."""

    today: date
    pool: rules.Pool
    names: dict[int, str]
    alerts: list
    """rules.Alert, then rules.OutflowAlert (the route out, issue 14)."""
    compaction_pending: bool = False
    """A purge could not rewrite the file: removed names may still be in it."""
    recorded_until: date | None = None
    """Set for a day before the last recorded change (that change's day): the
    pool is then the one the records give for that day."""


def status(store: Store, today: date) -> Overview:
    """The daily overview; reads only. For a day before the last recorded
    change it shows the pool as it was on that day, never the open cases
    of later days (storage/history.py)."""
    with store.reading():
        until = store.records_until()
        past = until is not None and today < until
        pool = store.pool_as_of(today) if past else store.load_pool(today)
        if past:
            names = store.names_of([s.household for s in pool.stays] + [a.household for a in pool.waiting])
        else:
            names = store.open_names()
        pending = store.compaction_pending()
        since = store.aftercare_from()
        aftercare = rules.followup_alerts(store.followups_open(today, since), today, since)
        cases = [(s.household, s.application.id, s.dwelling, s.start) for s in pool.stays]
        cases += [(a.household, a.id, None, None) for a in pool.waiting]
        steps = store.outflow_steps_for([case[1] for case in cases])
    if past:  # the route as it was known that day
        steps = {application: [s for s in own if s.on <= today or s.kind is rules.OutflowStep.SLEUTEL]
                 for application, own in steps.items()}
    found = rules.alerts(pool, today) + aftercare + rules.outflow_alerts(cases, steps, today)  # the route out last (contract)
    return Overview(today, pool, names, found, pending, until if past else None)
