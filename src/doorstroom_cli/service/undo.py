"""undo: take back the newest change of the same person on the same day."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..core import rules
from ..storage import AuditEntry, Store


class Undoing(NamedTuple):
    """The change undo took back (or, ``dry_run``, would take back)."""

    change: list[AuditEntry]
    """Its audit entries, oldest first."""
    dry_run: bool
    undo: int | None
    """The undo's own audit id (None for a dry run)."""


def _step(entry: AuditEntry) -> rules.Step:
    return rules.Step(
        entry.id, entry.action, entry.household, rules.dwellings_named(entry.detail), entry.actor, entry.date
    )


def undo(store: Store, today: date, *, dry_run: bool = False, expected: int | None = None) -> Undoing:
    """Take back ``store.actor``'s newest change of ``today`` that is not an
    undo and not undone, unless a later change stands on it
    (``rules.check_undo``). ``expected``: the first audit id a dry run
    named (the question asked the person about that one); another change
    found now is refused instead of taken back unseen."""
    from ..core.errors import Refused
    from ..storage.voids import covered

    with store.reading() if dry_run else store.writing(today):
        change = store.last_change(store.actor, today.isoformat())
        if not change:
            raise Refused(
                "{actor} made no change today that undo can take back; nothing was changed.",
                actor=store.actor,
            )
        if expected is not None and change[0].id != expected:
            raise Refused(
                "The records changed while you were asked; nothing was changed. Run undo again."
            )
        later = store.entries_after(change[-1].id)
        rules.check_undo(tuple(map(_step, change)), [_step(entry) for entry in later], covered())
        undone = None if dry_run else store.take_back(change)
    return Undoing(change, dry_run, undone)
