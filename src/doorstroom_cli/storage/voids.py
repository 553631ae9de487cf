"""``undo``: finding a person's last change, taking it back, the voids.

A change is the audit entries of one command (``audit.change_id``). Taking
it back writes an ``undo`` audit entry, names every entry of the change in
``voids``, and moves the history rows the change wrote into their
``voided_<table>`` twin (m012), free text emptied, with ``voided_by``: the
tables every command and figure reads then hold what they held before the
change, and the audit trail is only added to.

Each kind of change is one function here, registered by its audit action
with ``@takes_back("action")``; it puts the current state (``open_cases``,
``dwellings``, the periods out of use) back as it was and voids the rows the
entry wrote. Covering a new kind of change is one such function (and, for a
new history table, its twin in a migration).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ..core import rules
from ..core.errors import Refused
from ..core.texts import json_object
from .connection import INTAKE_TEXTS

if TYPE_CHECKING:
    from .queries import AuditEntry

Undoer = Callable[["Voids", "AuditEntry", int], None]
UNDOERS: dict[str, Undoer] = {}
"""Audit action -> the function that takes such an entry back."""

VOIDABLE = ("applications", "stays", "extensions", "evaluations", "closures", "dwelling_outages",
            "stay_moves", "outflow_steps", "followups")
"""The history tables an undo takes rows from, each with its ``voided_`` twin (m012; outflow_steps m013, followups m014)."""

EMPTIED = {
    "applications": ("agreements", *INTAKE_TEXTS, "wijk"),
    "stays": ("reason",),
    "evaluations": ("note",),
    "closures": ("note",),
    "stay_moves": ("reason",),
    "outflow_steps": ("corporatie", "note"),
    "followups": ("note",),
}
"""Free text a voided row does not keep: a record taken back keeps no note."""


def takes_back(action: str) -> Callable[[Undoer], Undoer]:
    """Register the function that takes back an audit entry of ``action``."""

    def register(function: Undoer) -> Undoer:
        UNDOERS[action] = function
        return function

    return register


def covered() -> frozenset[str]:
    return frozenset(UNDOERS)


_ENTRY = "SELECT id, recorded_at, business_date, actor, action, household_id, detail FROM audit"


class Voids:
    """Undo, for a ``Store``."""

    def _entries(self, where: str, parameters: tuple) -> list[AuditEntry]:
        from .queries import AuditEntry

        return [
            AuditEntry(row_id, recorded_at, day, actor, action, household, json_object(detail), None)
            for row_id, recorded_at, day, actor, action, household, detail in self.conn.execute(
                f"{_ENTRY} WHERE {where} ORDER BY id", parameters
            )
        ]

    def last_change(self, actor: str, day: str) -> list[AuditEntry]:
        """The entries (oldest first) of the newest change ``actor`` made on
        ``day`` that is neither an undo nor undone; empty when there is none."""
        row = self.conn.execute(
            "SELECT id, change_id FROM audit WHERE business_date = ? AND actor = ? AND action <> ?"
            " AND id NOT IN (SELECT audit_id FROM voids) ORDER BY id DESC LIMIT 1",
            (day, actor, rules.UNDO_ACTION),
        ).fetchone()
        if row is None:
            return []
        first = row[1] if row[1] is not None else row[0]
        return self._entries("id = ? OR change_id = ?", (first, first))

    def entries_after(self, entry: int) -> list[AuditEntry]:
        """The entries after ``entry`` that are neither undos nor undone, oldest first."""
        return self._entries(
            "id > ? AND action <> ? AND id NOT IN (SELECT audit_id FROM voids)",
            (entry, rules.UNDO_ACTION),
        )

    def take_back(self, change: list[AuditEntry]) -> int:
        """Undo ``change`` (checked by ``rules.check_undo``) inside
        ``writing()``: its own audit entry first, then each entry newest
        first, then the voids. Returns the undo's audit id."""
        first = change[0]
        households = [entry.household for entry in change if entry.household is not None]
        undo = self._audit(
            rules.UNDO_ACTION, households[0] if households else None,
            undone=[entry.id for entry in change], kind=first.action,
        )
        for entry in reversed(change):
            UNDOERS[entry.action](self, entry, undo)
        for entry in change:
            self._execute("INSERT INTO voids (audit_id, undo_audit_id) VALUES (?, ?)", (entry.id, undo))
        self._records_days_without_voids()
        return undo

    def _records_days_without_voids(self) -> None:
        """The first and last day of the records (m009) as the changes still
        standing give them, so that what undo took back moves no capacity."""
        for name, extreme in (("records_from", "min"), ("records_until", "max")):
            (day,) = self.conn.execute(
                f"SELECT {extreme}(business_date) FROM audit WHERE action <> ?"
                " AND id NOT IN (SELECT audit_id FROM voids)",
                (rules.UNDO_ACTION,),
            ).fetchone()
            if day is None:
                self._execute("DELETE FROM settings WHERE name = ?", (name,))
            else:
                self._execute(
                    "INSERT INTO settings (name, value) VALUES (?, ?)"
                    " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    (name, day),
                )

    def _void_rows(self, table: str, where: str, parameters: tuple, by: int) -> int:
        """Move the rows of ``table`` matching ``where`` to ``voided_<table>``,
        voided by audit entry ``by``; returns how many."""
        columns = [name for _, name, *_ in self.conn.execute(f"PRAGMA table_info({table})")]
        emptied = EMPTIED.get(table, ())
        chosen = ", ".join("NULL" if column in emptied else column for column in columns)
        self._execute(
            f"INSERT INTO voided_{table} ({', '.join(columns)}, voided_by)"
            f" SELECT {chosen}, ? FROM {table} WHERE {where}",
            (by, *parameters),
        )
        return self._execute(f"DELETE FROM {table} WHERE {where}", parameters).rowcount


def _older(entry: AuditEntry) -> Refused:
    return Refused(
        "Log entry {entry} ({action}) was written by an older version of doorstroom without what "
        "undo needs to take it back; nothing was changed.",
        entry=entry.id, action=entry.action,
    )


def _detail(entry: AuditEntry, *keys: str) -> list:
    detail = entry.detail or {}
    if any(key not in detail for key in keys):
        raise _older(entry)
    return [detail[key] for key in keys]


@takes_back("register")
def _register(store: Voids, entry: AuditEntry, undo: int) -> None:
    """An intake: its open case and application go; a household it created
    keeps no name (like a purged one), since nothing else is known of it."""
    (application,) = _detail(entry, "application")
    store._execute("DELETE FROM open_cases WHERE application_id = ?", (application,))
    store._void_rows("applications", "id = ?", (application,), undo)
    household = entry.household
    others = store.conn.execute(
        "SELECT count(*) FROM applications WHERE household_id = ?", (household,)
    ).fetchone()[0]
    if not others and not (entry.detail or {}).get("readmission"):
        store._execute(
            "UPDATE households SET name = ?, name_key = '' WHERE id = ?",
            (f"(removed {household})", household),
        )


@takes_back("place")
def _place(store: Voids, entry: AuditEntry, undo: int) -> None:
    """A placement: the household waits again, the dwelling is free."""
    application, stay = _detail(entry, "application", "stay")
    store._execute(
        "UPDATE open_cases SET stay_id = NULL, dwelling_code = NULL WHERE application_id = ? AND stay_id = ?",
        (application, stay),
    )
    store._void_rows("stays", "id = ?", (stay,), undo)


@takes_back("extend")
def _extend(store: Voids, entry: AuditEntry, undo: int) -> None:
    """Weeks of extension: the newest rows of the stay (nothing later stands on them)."""
    stay, weeks = _detail(entry, "stay", "weeks")
    store._void_rows(
        "extensions",
        "id IN (SELECT id FROM extensions WHERE stay_id = ? ORDER BY id DESC LIMIT ?)",
        (stay, int(weeks)), undo,
    )


@takes_back("evaluate")
def _evaluate(store: Voids, entry: AuditEntry, undo: int) -> None:
    (stay,) = _detail(entry, "stay")
    store._void_rows(
        "evaluations", "id = (SELECT max(id) FROM evaluations WHERE stay_id = ?)", (stay,), undo
    )


@takes_back("depart")
@takes_back("withdraw")
def _close(store: Voids, entry: AuditEntry, undo: int) -> None:
    """A departure or withdrawal: the case is open again, in its dwelling."""
    application, stay = _detail(entry, "application", "stay")
    dwelling = (entry.detail or {}).get("dwelling")
    if stay is not None and dwelling is None:
        (dwelling,) = store.conn.execute("SELECT dwelling_code FROM stays WHERE id = ?", (stay,)).fetchone()
    if dwelling is not None:
        taken = store.conn.execute(
            "SELECT household_id FROM open_cases WHERE dwelling_code = ?", (dwelling,)
        ).fetchone()
        if taken is not None:
            raise Refused(
                "Log entry {entry} cannot be undone: dwelling {code} has since been given to "
                "household {household}; nothing was changed.",
                entry=entry.id, code=dwelling, household=taken[0],
            )
    store._void_rows("closures", "application_id = ?", (application,), undo)
    store._execute(
        "INSERT INTO open_cases (application_id, household_id, stay_id, dwelling_code) VALUES (?, ?, ?, ?)",
        (application, entry.household, stay, dwelling),
    )


@takes_back("outage")
def _outage(store: Voids, entry: AuditEntry, undo: int) -> None:
    """A period out of use: found by the id its entry names, else (an older
    entry, or a period withdrawn and recorded again under a new id) by its
    dwelling and days."""
    dwelling, first, last = _detail(entry, "dwelling", "first_day", "last_day")
    outage = (entry.detail or {}).get("outage")
    if outage is not None and store._void_rows("dwelling_outages", "id = ?", (outage,), undo):
        return
    same = "id = (SELECT max(id) FROM dwelling_outages WHERE dwelling_code = ? AND first_day = ? AND last_day IS ?)"
    if not store._void_rows("dwelling_outages", same, (dwelling, first, last), undo):
        raise _older(entry)


@takes_back("back_in_use")
def _back_in_use(store: Voids, entry: AuditEntry, undo: int) -> None:
    """Back in use: the periods it ended run as before; one it withdrew
    (it would have begun that day) is recorded again."""
    ended, withdrawn = _detail(entry, "ended", "withdrawn")
    for outage, last_day in ended:
        store._execute("UPDATE dwelling_outages SET last_day = ? WHERE id = ?", (last_day, outage))
    for outage in withdrawn:
        store._execute(
            "INSERT INTO dwelling_outages (id, dwelling_code, first_day, last_day, reason)"
            " SELECT ?, dwelling_code, first_day, last_day, reason FROM voided_dwelling_outages"
            " WHERE id = ? AND voided_by = ?",
            (store._fresh_id("dwelling_outages"), outage, entry.id),
        )


@takes_back("change_dwelling")
def _change_dwelling(store: Voids, entry: AuditEntry, undo: int) -> None:
    dwelling, label, wijk, persons = _detail(entry, "dwelling", "old_label", "old_wijk", "old_max_persons")
    store._execute(
        "UPDATE dwellings SET label = ?, wijk = ?, max_persons = ? WHERE code = ?",
        (label, wijk, persons, dwelling),
    )


@takes_back("move")
def _move(store: Voids, entry: AuditEntry, undo: int) -> None:
    """A move: the household is back in the dwelling it came from."""
    move, stay, source = _detail(entry, "move", "stay", "from")
    store._execute("UPDATE open_cases SET dwelling_code = ? WHERE stay_id = ?", (source, stay))
    store._void_rows("stay_moves", "id = ?", (move,), undo)
