"""The commands as plain functions: load, decide, store.

Each function opens one transaction on the ``Store``, loads what is open,
asks ``rules`` for the decision and writes it with its audit row. It returns
the decision for the caller to render. The command line (``cli/``) and the
property tests both drive the tool through these functions.

Service is a safe API: every text it is given is checked here (core/texts.py),
whoever calls it, so no caller can store an escape sequence or a bidi
override. A refusal names the text by the command-line option it comes
from (``--note``), which is what the coordinator typed. The results are
NamedTuples: immutable like the rules' dataclasses, and about six times
cheaper to define, which every command pays at start-up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import NamedTuple

from .core import rules
from .storage import Store
from .core.texts import one_line, optional_text

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
) -> Admission:
    """Register a household and place it at once when the rules allow it.

    ``name`` is the household's name, or the id of a registered household
    that comes back. A name whose key matches registered households is
    decided by ``rules.returning_household``; ``new_household`` says it is
    another household all the same, which the audit row records by id.
    ``intake`` holds the optional texts of storage.INTAKE_TEXTS (wijkcoach,
    referrer and the three casework questions)."""
    from .core.errors import InvalidInput, NotFound, Refused

    name = rules.household_name(name)
    agreements = optional_text(agreements, "--agreements")
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
        applicant = rules.Application(None, known, today, urgency, adults, children)
        placement = rules.admit(pool, applicant, today, dwelling, reason)
        stored = store.add_application(name, applicant, alternative, agreements, intake, distinct_from)
        if placement is not None:
            placement = replace(placement, application=stored)
            store.add_stay(placement)
            return Admission(stored, placement, None, known is not None)
    waiting = replace(pool, waiting=(*pool.waiting, stored))
    position = rules.waitlist_position(waiting, stored)
    return Admission(stored, None, position, known is not None)


def place_next(store: Store, today: date, dwelling: str | None = None) -> rules.Placement:
    """Place the highest-ranked waiting household that fits a free dwelling."""
    with store.writing(today):
        placement = rules.place_next(store.load_pool(today), today, dwelling)
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
    alerts: list[rules.Alert]
    compaction_pending: bool = False
    """A purge could not rewrite the file: removed names may still be in it."""


def status(store: Store, today: date) -> Overview:
    """The daily overview; reads only."""
    with store.reading():
        pool = store.load_pool(today)
        names = store.open_names()
        pending = store.compaction_pending()
    return Overview(today, pool, names, rules.alerts(pool, today), pending)


def export(store: Store, today: date, first: date, last: date, write) -> int:
    """Stream the stays overlapping [first, last] as export rows into ``write``.

    ``write`` takes an iterable of rows and returns how many it wrote; the
    rows are produced while the database is read, so memory stays flat.
    """
    from . import export as csv_export

    with store.reading():
        key = store.pseudonym_key()
        return write(csv_export.rows(store.stays_overlapping(first, last), key, today))


class Report(NamedTuple):
    """The figures of a period, and the lengths of stay behind them."""

    figures: dict
    lengths: list[int]


def report(store: Store, period, tariffs=None) -> Report:
    """Compute the figures for a period; reads only."""
    from . import figures

    with store.reading():
        stays = list(store.stays_overlapping(period.first, period.last))
        document = figures.report(
            period,
            stays,
            store.dwellings_in_pool(),
            store.outages(),
            store.extensions_granted(period.first, period.last),
            store.waiting_at_end_of(period.last),
            tariffs,
        )
    return Report(document, figures.lengths_of_stay(stays, period))


def log(store: Store, today: date, ref: str | None, limit: int) -> list[dict]:
    """The newest audit entries: of one household (REF, also one that has
    left) or of everything: at most ``rules.MOST_LOG_ENTRIES``."""
    if not 1 <= limit <= rules.MOST_LOG_ENTRIES:
        from .core.errors import InvalidInput

        raise InvalidInput(
            "The log shows from 1 to {most} entries, not {limit}.",
            most=rules.MOST_LOG_ENTRIES,
            limit=limit,
        )
    with store.reading():
        household = None if ref is None else _household(store, today, ref)
        return store.audit_entries(household, limit)


def _household(store: Store, today: date, ref: str, *, by_name: bool = False) -> int:
    """The household REF means, also one that has left: its id, the code of
    the dwelling it lives in, or (``by_name``) a part of its name that fits
    it alone. Inside a read transaction."""
    from .core.errors import NotFound, Refused

    household = rules.household_number(ref)
    if household is not None:
        if not store.household_exists(household):
            raise NotFound(
                "There is no household {household}.",
                household=household,
            )
        return household
    pool = store.load_pool(today)
    if by_name:
        try:
            pool.dwelling(ref)
        except NotFound:
            # Compared by name key (case, width, accents folded); a name
            # that is the whole key of one household wins over households
            # whose names merely contain it (Smit beside Müller-Smit).
            matches = store.households_named_like(rules.name_key(ref))
            whole = [match for match in matches if match[2]]
            matches = whole or matches
            if not matches:
                raise NotFound(
                    "No household's name contains '{ref}'.",
                    ref=ref.strip(),
                ) from None
            if len(matches) > 1:
                listed = ", ".join(f"{number} {name}" for number, name, _ in matches[:10])
                raise Refused(
                    "'{ref}' fits several households ({listed}); give the id.",
                    ref=ref.strip(),
                    listed=listed,
                ) from None
            return matches[0][0]
    return rules.locate(pool, ref).household


class Backup(NamedTuple):
    """What ``backup`` wrote: the new file and its size."""

    path: Path
    size: int


def backup(store: Store, target: Path) -> Backup:
    """A checked, owner-only copy of the database in a new file."""
    store.copy_to(target)
    return Backup(target, target.stat().st_size)


class Restoration(NamedTuple):
    """What ``restore`` did: the backup put back, and where the replaced
    database is kept."""

    restored: Path
    kept: Path


def restore(database, source, today: date, *, actor: str, now, stamp: str) -> Restoration:
    """Replace the database with a verified backup, all or nothing; the
    replaced one is kept beside it and the restore is audited in the
    restored database (storage/restore.py). Works on the file, not on a Store:
    the current database may be too damaged to open."""
    from .storage import restore as safekeeping

    kept = safekeeping.restore(database, source, business_date=today, actor=actor, now=now, stamp=stamp)
    return Restoration(Path(source), Path(kept))


class Copy(NamedTuple):
    """A backup or kept file that still holds names of households that left."""

    path: Path
    households: list[int]


class Purge(NamedTuple):
    """What ``purge`` did, or with ``dry_run`` would do."""

    households: list[int]
    compaction_pending: bool
    """Only with ``dry_run``: an earlier purge's text may still be in the file."""
    copies: list[Copy]
    unreadable: list[Path]
    deleted: list[Path]
    compacted: bool = False
    """The file was rewritten now, so no removed text is left in it (also
    what an earlier purge removed but could not rewrite)."""


def purge(
    store: Store,
    today: date,
    before: date,
    *,
    dry_run: bool,
    copies: Sequence[Path] = (),
    delete_copies: bool = False,
) -> Purge:
    """Remove the personal text of households that left before ``before``.

    The organisation sets the retention term; doorstroom never assumes one.
    Stays, dates, destinations and the audit trail stay, without names.
    Then the file is rewritten so that the text is gone from the disk too;
    a rewrite an earlier purge could not finish is finished here, even when
    no household is left to erase (not with ``dry_run``, which changes
    nothing). Last, ``copies`` (backups, kept files) are read: those that
    still hold the name of a household that left before ``before`` or
    whose name was purged (also now), whatever the copy says of its stay,
    are listed, and deleted with ``delete_copies``.
    """
    if before > today:
        from .core.errors import InvalidInput

        raise InvalidInput("--before cannot lie in the future.")
    if dry_run:
        with store.reading():
            households = store.purgeable_households(before)
            pending = store.compaction_pending()
            purged = store.purged_households(households) if copies else frozenset()
    else:
        with store.writing(today):
            households = store.purgeable_households(before)
            if households:
                store.erase_personal_text(households, before)
            pending = store.compaction_pending()
            purged = store.purged_households() if copies else frozenset()
    compacted = False
    if pending and not dry_run:
        store.compact(today)
        pending, compacted = False, True
    found, unreadable = _copies_with_names(copies, before, purged)
    deleted: list[Path] = []
    if delete_copies and not dry_run:
        from .files import delete_copies as delete

        deleted = delete([copy.path for copy in found])
    return Purge(households, pending, found, unreadable, deleted, compacted)


def _copies_with_names(copies: Sequence[Path], before: date, purged: frozenset) -> tuple[list[Copy], list[Path]]:
    from .core.errors import EnvironmentFailure
    from .storage import names_in_copy

    found: list[Copy] = []
    unreadable: list[Path] = []
    for path in copies:
        try:
            households = names_in_copy(path, before, purged)
        except EnvironmentFailure:
            unreadable.append(path)
            continue
        if households:
            found.append(Copy(path, households))
    return found, unreadable


class PoolView(NamedTuple):
    """The dwellings with their residents and periods out of use."""

    today: date
    pool: rules.Pool
    outages: list


def dwellings(store: Store, today: date) -> PoolView:
    with store.reading():
        return PoolView(today, store.load_pool(today), store.outage_periods(today))


def change_dwelling(
    store: Store, today: date, code: str, *, label: str | None, wijk: str | None, max_persons: int | None
) -> rules.Dwelling:
    label = None if label is None else one_line(label, "--label")
    wijk = None if wijk is None else one_line(wijk, "--wijk")
    with store.writing(today):
        pool = store.load_pool(today)
        current = pool.dwelling(code)
        if max_persons is not None:
            rules.check_capacity_change(pool, code, max_persons)
        changed = replace(
            current,
            label=current.label if label is None else label,
            wijk=current.wijk if wijk is None else wijk,
            max_persons=current.max_persons if max_persons is None else max_persons,
        )
        store.update_dwelling(changed)
    return changed


def take_out_of_use(
    store: Store, today: date, code: str, first: date, last: date | None, reason: str | None
) -> rules.Dwelling:
    reason = optional_text(reason, "--reason")
    with store.writing(today):
        dwelling = rules.check_out_of_use(store.load_pool(today), code, first, last, today)
        store.add_outage(dwelling.code, first, last, reason)
    return dwelling


def bring_back_into_use(store: Store, today: date, code: str) -> rules.Dwelling:
    from .core.errors import Refused

    with store.writing(today):
        dwelling = store.load_pool(today).dwelling(code)
        if not store.end_outage(dwelling.code, today):
            raise Refused(
                "Dwelling {code} is not out of use today.",
                code=dwelling.code,
            )
    return dwelling


class Story(NamedTuple):
    """A household's timeline, for ``show``."""

    household: int
    name: str
    events: list


def show(store: Store, today: date, ref: str) -> Story:
    """Everything that happened to one household. REF is an id, the code of
    the dwelling it lives in, or a part of its name that fits only it."""
    with store.reading():
        household = _household(store, today, ref, by_name=True)
        name, events = store.household_story(household)
    return Story(household, name, _with_waitlist_time(events, today))


def _with_waitlist_time(events: list[dict], today: date) -> list[dict]:
    """Add the days on the waitlist: ``waited_days`` to each placement, and
    ``waiting_days`` (until today) to an application still waiting."""
    registered = None
    for event in events:
        if event["event"] == "registered":
            registered = event
        elif event["event"] in ("placed", "withdrawn") and registered is not None:
            if event["event"] == "placed":
                event["waited_days"] = (date.fromisoformat(event["date"]) - date.fromisoformat(registered["date"])).days
            registered = None
    if registered is not None:
        registered["waiting_days"] = (today - date.fromisoformat(registered["date"])).days
    return events
