"""Taking back a change (``undo``): which change, and whether a later one
stands on it.

A change is what one command wrote: one or more audit entries (``admit``
writes ``register`` and ``place``, ``extend --auto`` one ``extend`` a stay).
Undo takes back the newest change the same person made through the tool on
the same day; an undo itself and a change already taken back are passed
over, so a second undo takes back the change before. A later change by
anyone that concerns the same household or the same dwelling stands on it,
and so does a later restore or purge: then undo is refused, naming that
change, because taking the first one back would leave the second on
nothing.
"""

from __future__ import annotations

from typing import NamedTuple

from ..errors import Refused

UNDO_ACTION = "undo"
"""The audit action of an undo: never itself taken back."""

BLOCKING_ACTIONS = frozenset({"restore", "purge", "compact"})
"""Changes every earlier change stands on: after a restore the records are
the backup's, after a purge the names are gone."""

DWELLING_KEYS = ("dwelling", "from", "to")
"""The keys of an audit detail that name a dwelling (``move`` has two)."""


class Step(NamedTuple):
    """One audit entry as undo weighs it."""

    id: int
    action: str
    household: int | None
    dwellings: frozenset[str]
    actor: str
    day: str


def dwellings_named(detail: dict | None) -> frozenset[str]:
    """The dwellings an audit entry's detail names."""
    if not detail:
        return frozenset()
    return frozenset(str(detail[key]) for key in DWELLING_KEYS if isinstance(detail.get(key), str))


def stands_on(later: Step, change: tuple[Step, ...]) -> bool:
    """Whether ``later`` depends on ``change``: the same household or
    dwelling, or a restore or purge after it."""
    if later.action in BLOCKING_ACTIONS:
        return True
    households = {step.household for step in change if step.household is not None}
    dwellings = frozenset().union(*(step.dwellings for step in change))
    return (later.household is not None and later.household in households) or bool(later.dwellings & dwellings)


def check_undo(change: tuple[Step, ...], later: list[Step], covered: frozenset[str]) -> None:
    """Refuse unless ``change`` can be taken back: every entry of a kind
    undo covers, and no later change (``later``: the entries after it that
    are neither undos nor undone, oldest first) standing on it."""
    for step in change:
        if step.action not in covered:
            raise Refused(
                "Your last change today ({action}, log entry {entry}) is not one undo can take "
                "back; nothing was changed.",
                action=step.action, entry=step.id,
            )
    for step in later:
        if stands_on(step, change):
            raise Refused(
                "Log entry {entry} cannot be undone: a later change stands on it ({action} by "
                "{actor}, log entry {later}); nothing was changed.",
                entry=change[0].id, action=step.action, actor=step.actor, later=step.id,
            )
