"""log, backup, restore and purge."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import NamedTuple

from ..core import rules
from ..storage import AuditEntry, Store
from .households import _household


def log(store: Store, today: date, ref: str | None, limit: int) -> list[AuditEntry]:
    """The newest audit entries: of one household (REF, also one that has
    left) or of everything: at most ``rules.MOST_LOG_ENTRIES``."""
    if not 1 <= limit <= rules.MOST_LOG_ENTRIES:
        from ..core.errors import InvalidInput

        raise InvalidInput(
            "The log shows from 1 to {most} entries, not {limit}.",
            most=rules.MOST_LOG_ENTRIES,
            limit=limit,
        )
    with store.reading():
        household = None if ref is None else _household(store, today, ref)
        return store.audit_entries(household, limit)


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
    from ..storage import restore as safekeeping

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
        from ..core.errors import InvalidInput

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
        from ..files import delete_copies as delete

        deleted = delete([copy.path for copy in found])
    return Purge(households, pending, found, unreadable, deleted, compacted)


def _copies_with_names(copies: Sequence[Path], before: date, purged: frozenset) -> tuple[list[Copy], list[Path]]:
    from ..core.errors import EnvironmentFailure
    from ..storage import names_in_copy

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
