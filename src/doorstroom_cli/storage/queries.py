"""What the commands read: the open pool, households, figures and the audit trail. No names or notes in the figures."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from ..core import rules
from ..core.texts import extension_detail, json_object

if TYPE_CHECKING:
    from ..figures import Outage, StayRecord
from .connection import INTAKE_TEXTS, _EARLIEST, _LATEST


class AuditEntry(NamedTuple):
    """One row of the audit trail: who did what, when; never a name or a note."""

    id: int
    recorded_at: str
    date: str
    actor: str
    action: str
    household: int | None
    detail: dict | None
    """None: the stored detail is not the JSON object the tool writes."""
    undone_by: int | None = None
    """The audit id of the undo that took this entry back, if one did."""


class Queries:
    """Reading, for a ``Store``."""

    # -- Loading ---------------------------------------------------------

    def load_pool(self, today: date) -> rules.Pool:
        """What is open on ``today``: dwellings, stays and waiting applications.

        The dwellings as ``dwellings_on`` gives them (storage/history.py);
        each stay carries the first day of its dwelling's next period out of
        use. A stay is in the dwelling its open case names: where it began,
        or where its last move took it.
        """
        occupied = {code for (code,) in self.conn.execute("SELECT dwelling_code FROM open_cases"
                                                          " WHERE dwelling_code IS NOT NULL")}
        dwellings = self.dwellings_on(today, occupied)
        rows = self.conn.execute(
            """
            SELECT o.application_id, o.household_id, a.registered, a.urgency,
                   a.adults, a.children, a.wijk, s.id, o.dwelling_code, s.start,
                   (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id),
                   (SELECT v.held_on FROM evaluations v WHERE v.stay_id = s.id
                     ORDER BY v.id DESC LIMIT 1),
                   (SELECT v.cooperation FROM evaluations v WHERE v.stay_id = s.id
                     ORDER BY v.id DESC LIMIT 1),
                   (SELECT m.moved_on FROM stay_moves m WHERE m.stay_id = s.id
                     ORDER BY m.id DESC LIMIT 1)
            FROM open_cases o
            JOIN applications a ON a.id = o.application_id
            LEFT JOIN stays s ON s.id = o.stay_id
            ORDER BY o.application_id
            """
        )
        return rules.Pool(dwellings, *self._cases(rows, dwellings, today))

    def open_names(self) -> dict[int, str]:
        """The names of the households with an open case, for the overview."""
        return dict(
            self.conn.execute(
                "SELECT h.id, h.name FROM open_cases o JOIN households h ON h.id = o.household_id"
            )
        )

    def households_keyed(self, key: str) -> list[tuple[int, str]]:
        """R8: the households (id, name) registered under this name key, by
        id; never a purged household (its key is '')."""
        if not key:
            return []
        return list(
            self.conn.execute(
                "SELECT id, name FROM households WHERE name_key = ? ORDER BY id", (key,)
            )
        )

    def household_purged(self, household: int) -> bool:
        """Whether purge removed this household's name (its key is then '')."""
        row = self.conn.execute("SELECT name_key FROM households WHERE id = ?", (household,)).fetchone()
        return row is not None and row[0] == ""

    # -- Figures and export: no names, no notes ---------------------------

    def stays_overlapping(self, first: date, last: date) -> Iterator[StayRecord]:
        """Every stay that overlaps [first, last], oldest first, as the
        figures' records: the report and the export read the same ones.

        Each stay is as it was on ``last``: a departure after it is None (and
        its destination), and only the weeks granted by then are counted, so
        a period that has ended reads the same on any later day. (A stay
        that had left by then has every week before its departure: those are
        counted from the index alone, without reading each extension's day.)

        Such a stay began by ``last`` and either ended on or after ``first``
        (found through ``closures_by_day``) or is still open (``open_cases``):
        a period's figures read that period, not every stay of the years
        before it. A period from before the first departure (the export
        without --from) reads the stays table in turn instead.

        Streamed: each record is built when it is asked for, so the export's
        memory does not grow with history. A start outside the date window
        (what an older version's DOORSTROOM_TODAY=9999-12-25 left) is found
        through the index here, before the first row, so nothing is half
        written; every other stored date is checked as its record is built."""
        self._check_stay_starts()  # now, not at the first row: before any header
        (first_departure,) = self.conn.execute("SELECT min(closed_on) FROM closures").fetchone()
        if first_departure is None or first.isoformat() <= first_departure:
            # Every stay that began by ``last`` qualifies: reading the stays
            # in turn is cheaper than reaching each through the index.
            source = "stays s LEFT JOIN closures c ON c.application_id = s.application_id"
        else:
            source = _STAYS_ENDED_FROM_FIRST_OR_OPEN
        # A pool that never moved anyone pays nothing for moves.
        moves = _MOVES_OF_STAY if self.conn.execute("SELECT 1 FROM stay_moves LIMIT 1").fetchone() else "NULL"
        rows = self.conn.execute(
            f"""
            SELECT s.id, s.dwelling_code, a.registered, s.start, c.closed_on,
                   c.destination, a.alternative, a.urgency, a.adults, a.children,
                   CASE WHEN c.closed_on <= :last
                        THEN (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id)
                        ELSE (SELECT count(*) FROM extensions e
                              WHERE e.stay_id = s.id AND e.granted_on <= :last) END,
                   {moves}
            FROM {source}
            JOIN applications a ON a.id = s.application_id
            WHERE s.start <= :last
            ORDER BY s.start, s.id
            """,
            {"first": first.isoformat(), "last": last.isoformat()},
        )
        return self._stay_records(rows, last.isoformat())

    def _stay_records(self, rows: sqlite3.Cursor, last: str) -> Iterator[StayRecord]:
        """The query's rows as records, each date checked and parsed once
        (the text comparison is the cheap test; a failure takes the slow path
        that names the household). A departure after ``last`` is left out,
        once its date has been checked."""
        from ..figures import StayRecord

        destinations = {d.value: d for d in rules.Destination}
        alternatives = {a.value: a for a in rules.Alternative}
        day = date.fromisoformat
        record = StayRecord._make  # from one tuple: cheaper than eleven arguments
        last_planned = rules.LAST_PLANNED_DEPARTURE.toordinal()
        stay_days, extension_days = rules.STAY_DAYS, rules.EXTENSION_DAYS
        for (stay_id, dwelling, registered, start, closed_on, destination,
             alternative, urgency, adults, children, weeks, moved) in rows:
            if not (
                _EARLIEST <= registered <= _LATEST
                and _EARLIEST <= start <= _LATEST
                and (closed_on is None or _EARLIEST <= closed_on <= _LATEST)
            ):
                for text in (registered, start, closed_on):
                    if text is not None:
                        self._day(text, None, stay_id)  # refuses the first outside the window
            begun = day(start)
            if begun.toordinal() + stay_days + extension_days * weeks > last_planned:
                self._stay_start(start, weeks, None, stay_id)  # refuses, naming the household
            yield record((
                stay_id,
                dwelling,
                day(registered),
                begun,
                day(closed_on) if closed_on and closed_on <= last else None,
                destinations.get(destination) if closed_on and closed_on <= last else None,
                alternatives[alternative],
                urgency,
                adults,
                children,
                weeks,
                self._moves(moved, stay_id) if moved else (),
            ))

    def _moves(self, text: str, stay_id: int) -> tuple[tuple[date, str], ...]:
        """(day, dwelling moved to) of each move of a stay, in order, from
        ``_MOVES_OF_STAY``'s text; each day checked against the window."""
        return tuple(
            (self._day(part[:10], None, stay_id), part[11:]) for part in text.split(_RECORD)
        )

    def extensions_granted(self, first: date, last: date) -> list[tuple[int, date]]:
        """(stay, day) of each week granted in [first, last] (``extensions_by_day``)."""
        return [
            (stay_id, self._day(granted_on, None, stay_id))
            for stay_id, granted_on in self.conn.execute(
                "SELECT stay_id, granted_on FROM extensions WHERE granted_on BETWEEN ? AND ?",
                (first.isoformat(), last.isoformat()),
            )
        ]

    def dwellings_in_pool(self) -> list[str]:
        """Codes of the dwellings the pool file puts in use (outages apart)."""
        return [code for (code,) in self.conn.execute("SELECT code FROM dwellings WHERE in_use = 1")]

    def outages(self) -> list[Outage]:
        """The periods out of use. Their days are not held to the date window:
        every use clamps them to a period or compares them, and an older
        version's "until 31-12-9999" must not lock the pool out."""
        from ..figures import Outage

        return [
            Outage(code, date.fromisoformat(first), date.fromisoformat(last) if last else None)
            for code, first, last in self.conn.execute(
                "SELECT dwelling_code, first_day, last_day FROM dwelling_outages"
            )
        ]

    def outage_periods(self, since: date) -> list[tuple[str, date, date | None, str | None]]:
        """(dwelling, first day, last day or None, reason) of the periods out
        of use that have not ended before ``since``."""
        return [
            (code, date.fromisoformat(first), date.fromisoformat(last) if last else None, reason)
            for code, first, last, reason in self.conn.execute(
                "SELECT dwelling_code, first_day, last_day, reason FROM dwelling_outages"
                " WHERE last_day IS NULL OR last_day >= ? ORDER BY dwelling_code, first_day",
                (since.isoformat(),),
            )
        ]

    def records_from(self) -> date | None:
        """The first day the database recorded anything (capacity starts there)."""
        row = self.conn.execute("SELECT value FROM settings WHERE name = 'records_from'").fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def household_exists(self, household: int) -> bool:
        return self.conn.execute("SELECT 1 FROM households WHERE id = ?", (household,)).fetchone() is not None

    def audit_entries(self, household: int | None, limit: int) -> list[AuditEntry]:
        """The newest audit rows, for one household or all; a detail that is
        not a JSON object (stored behind the tool's back) is None, so the log
        stays readable whatever a row holds."""
        where, parameters = ("WHERE household_id = ?", (household, limit)) if household else ("", (limit,))
        return [
            AuditEntry(row_id, recorded_at, business_date, actor, action, household_id, json_object(detail), undone)
            for row_id, recorded_at, business_date, actor, action, household_id, detail, undone in self.conn.execute(
                "SELECT id, recorded_at, business_date, actor, action, household_id, detail,"
                " (SELECT undo_audit_id FROM voids WHERE audit_id = audit.id)"
                f" FROM audit {where} ORDER BY id DESC LIMIT ?",
                parameters,
            )
        ]

    def households_named_like(self, key: str) -> list[tuple[int, str, bool]]:
        """Households whose name key contains ``key`` (a name key itself), by
        id, as (id, name, whether the whole key is ``key``); never a purged
        household."""
        if not key:
            return []
        return [
            (household, name, bool(whole))
            for household, name, whole in self.conn.execute(
                "SELECT id, name, name_key = :key FROM households"
                " WHERE name_key <> '' AND instr(name_key, :key) > 0 ORDER BY id",
                {"key": key},
            )
        ]

    def household_story(self, household: int) -> tuple[str, list[dict]]:
        """A household's name and everything that happened to it, oldest first."""
        (name,) = self.conn.execute("SELECT name FROM households WHERE id = ?", (household,)).fetchone()
        events: list[dict] = []
        # Extensions by stay, from their audit rows; an unreadable one is told once, as such.
        extensions: dict[int, list[dict]] = {}
        for business_date, actor, detail in self.conn.execute(
            "SELECT business_date, actor, detail FROM audit"
            " WHERE household_id = ? AND action = 'extend'"
            " AND id NOT IN (SELECT audit_id FROM voids) ORDER BY id",
            (household,),
        ):
            extension = extension_detail(detail)
            event = {"date": business_date, "event": "extended",
                     **{key: (extension or {}).get(key) for key in ("weeks", "tacit", "old_end", "new_end")}, "by": actor}
            if extension is None:
                events.append({**event, "detail_unreadable": True})
            else:
                extensions.setdefault(extension["stay"], []).append(event)
        for (app_id, registered, urgency, alternative, adults, children, agreements, wijk,
             *intake) in self.conn.execute(
            "SELECT id, registered, urgency, alternative, adults, children, agreements, wijk, "
            + ", ".join(INTAKE_TEXTS)
            + " FROM applications WHERE household_id = ? ORDER BY id",
            (household,),
        ):
            events.append({"date": registered, "event": "registered", "urgency": urgency,
                           "alternative": alternative, "adults": adults, "children": children,
                           "wijk": wijk, "agreements": agreements, **dict(zip(INTAKE_TEXTS, intake))})
            stay = self.conn.execute(
                "SELECT id, dwelling_code, start, out_of_order, reason FROM stays WHERE application_id = ?",
                (app_id,),
            ).fetchone()
            if stay is not None:
                stay_id, dwelling, start, out_of_order, reason = stay
                events.append({"date": start, "event": "placed", "dwelling": dwelling,
                               "out_of_order": bool(out_of_order), "reason": reason})
                for held_on, cooperation, note in self.conn.execute(
                    "SELECT held_on, cooperation, note FROM evaluations WHERE stay_id = ? ORDER BY id",
                    (stay_id,),
                ):
                    events.append({"date": held_on, "event": "evaluated", "cooperation": cooperation, "note": note})
                for moved_on, source, target, reason in self.conn.execute(
                    "SELECT moved_on, from_dwelling, to_dwelling, reason FROM stay_moves"
                    " WHERE stay_id = ? ORDER BY id",
                    (stay_id,),
                ):
                    events.append({"date": moved_on, "event": "moved", "from": source, "to": target,
                                   "reason": reason})
                events += extensions.get(stay_id, [])
            closure = self.conn.execute(
                "SELECT closed_on, destination, note FROM closures WHERE application_id = ?", (app_id,)
            ).fetchone()
            if closure is not None:
                closed_on, destination, note = closure
                events.append({"date": closed_on, "event": "departed" if stay is not None else "withdrawn",
                               "destination": destination, "note": note})
        # On one day: the night's tacit extension comes before that day's talk.
        order = {"registered": 0, "placed": 1, "extended": 2, "evaluated": 3, "moved": 4, "departed": 5,
                 "withdrawn": 5}
        events.sort(key=lambda e: (e["date"], order[e["event"]]))
        return name, events

    def pseudonym_key(self) -> bytes:
        (value,) = self.conn.execute(
            "SELECT value FROM settings WHERE name = 'pseudonym_key'"
        ).fetchone()
        return bytes.fromhex(value)


_UNIT, _RECORD = "\x1f", "\x1e"
"""Separators no stored date or dwelling code can hold (control characters)."""

_MOVES_OF_STAY = f"""
    (SELECT group_concat(moved_on || char({ord(_UNIT)}) || to_dwelling, char({ord(_RECORD)}))
     FROM (SELECT moved_on, to_dwelling FROM stay_moves m WHERE m.stay_id = s.id ORDER BY m.id))"""
"""A stay's moves as one text, oldest first (NULL for a stay that never
moved): "day<US>to" per move, joined by RS; found through stay_moves_by_stay."""

_STAYS_ENDED_FROM_FIRST_OR_OPEN = """
    (SELECT application_id, closed_on, destination FROM closures WHERE closed_on >= :first
     UNION ALL
     SELECT application_id, NULL, NULL FROM open_cases WHERE stay_id IS NOT NULL) c
    JOIN stays s ON s.application_id = c.application_id"""
"""The stays that ended on or after the period's first day, and the open
ones (every stay without a closure has an open case)."""
