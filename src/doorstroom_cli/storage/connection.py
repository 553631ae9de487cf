"""Opening the file and its transactions: the part of the store every other part stands on.

See the package's docstring for the choices that matter."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..core import rules
from ..core.dates import EARLIEST, LATEST, dutch
from ..core.errors import EnvironmentFailure
from ..locations import check_private_files, create_private_file, refuse_network_filesystem

if TYPE_CHECKING:
    pass
from .checks import _one_line, _translated_errors
from .checks import made_here
from .migrations import SCHEMA_VERSION

INTAKE_TEXTS = ("wijkcoach", "referrer", "wish", "own_effort", "needs")
"""Optional intake texts (m005): personal data, erased by purge like the agreements."""

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a command waits for another one that is writing."""

MEMORY = ":memory:"

_EARLIEST, _LATEST = EARLIEST.isoformat(), LATEST.isoformat()
"""The date window as stored text: the schema keeps every stored date in ISO
form, so comparing the text compares the dates."""


class Connection:
    """One open doorstroom database: opening, the daily check, transactions, the audit row."""

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        actor: str,
        now: Callable[[], datetime],
        busy_timeout: float | None = None,
    ) -> None:
        """``now`` is the clock the audit trail and the daily check read
        (``clock.utc_now`` in the CLI, a fixed moment in tests): the store
        never reads the wall clock itself. ``busy_timeout`` defaults to
        ``BUSY_TIMEOUT_SECONDS``, read when the store opens."""
        if busy_timeout is None:
            busy_timeout = BUSY_TIMEOUT_SECONDS
        self.path = str(path)
        self.actor = actor
        self._now = now
        self._business_date: date | None = None
        self._change: int | None = None
        """The first audit row of the open transaction (audit.change_id)."""
        self._records_moved = False
        """Whether the open transaction has moved records_from/records_until."""
        self.readable_by_others = False
        self._identity: tuple[int, int] | None = None
        with _translated_errors(self.path):
            if self.path != MEMORY:
                refuse_network_filesystem(Path(self.path))
                create_private_file(Path(self.path))
                self.readable_by_others = check_private_files(Path(self.path))
                opened = os.stat(self.path)
                self._identity = (opened.st_dev, opened.st_ino)
            self.conn = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None
            )
            try:
                if self.path != MEMORY and not made_here(self.conn):  # before anything is written
                    raise EnvironmentFailure(
                        "{path} is not a doorstroom database; nothing was changed (give doorstroom "
                        "a file of its own).",
                        path=self.path,
                    )
                self._check_version()
                self._configure()
                if self.path != MEMORY:
                    # Again, now that SQLite has its -wal and -shm files open:
                    # one made in the meantime is caught before a write.
                    check_private_files(Path(self.path))
                self._migrate()
            except BaseException:
                self.conn.close()
                raise

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- Opening ---------------------------------------------------------

    def _configure(self) -> None:
        self.conn.execute("PRAGMA foreign_keys = ON")
        if self.path != MEMORY:
            mode = self.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if mode.lower() != "wal":
                raise EnvironmentFailure(
                    "The database {path} cannot use a write-ahead log (journal mode {mode}).",
                    path=self.path,
                    mode=mode,
                )
        self.conn.execute("PRAGMA synchronous = FULL")

    def _schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        """Apply pending schema steps; an up-to-date file costs one pragma."""
        if self._check_version() == SCHEMA_VERSION:
            return
        from . import migrations

        self.conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while this one waited.
            version = self._check_version()
            if version < SCHEMA_VERSION:
                migrations.apply(self.conn, version)
            self.conn.execute("COMMIT")
        except BaseException:
            self._rollback()
            raise

    def _check_once_a_day(self) -> None:
        """Refuse to write to a damaged file: the first change of each day
        runs SQLite's quick_check (milliseconds for a pool's database, a few
        seconds for a century of history, so not on every command)."""
        checked_on = clock.utc_stamp(self._now())[:10]
        row = self.conn.execute("SELECT value FROM settings WHERE name = 'quick_check'").fetchone()
        if row is not None and row[0] == checked_on:
            return
        (result,) = self.conn.execute("PRAGMA quick_check").fetchone()
        if result != "ok":
            raise EnvironmentFailure(
                "The database {path} is damaged ({problem}); nothing was changed. Put "
                "back a backup with 'doorstroom restore FILE'.",
                path=self.path,
                problem=_one_line(result),
            )
        self.conn.execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES ('quick_check', ?)", (checked_on,)
        )

    def _check_still_in_place(self) -> None:
        """Refuse to write when ``restore`` has renamed another file over the
        path since this store opened it (only done over a damaged database,
        storage/restore.py): the change would land in the replaced file."""
        if self._identity is None:
            return
        try:
            now = os.stat(self.path)
        except FileNotFoundError:
            now = None
        if now is None or (now.st_dev, now.st_ino) != self._identity:
            raise EnvironmentFailure(
                "The database {path} was replaced by a restore while this command had it open; "
                "nothing was changed, run the command again.",
                path=self.path,
            )

    def _rollback(self) -> None:
        """Undo the open transaction, if an error has not already ended it."""
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _check_version(self) -> int:
        version = self._schema_version()
        if version > SCHEMA_VERSION:
            raise EnvironmentFailure(
                "The database {path} was made by a newer version of doorstroom; update "
                "the program before using it.",
                path=self.path,
            )
        return version

    # -- Transactions ----------------------------------------------------

    @contextmanager
    def writing(self, business_date: date) -> Iterator[Connection]:
        """One change and its audit rows: all of it, or none of it."""
        with _translated_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            self._business_date = business_date
            self._change = None
            self._records_moved = False
            try:
                self._check_still_in_place()
                self._check_once_a_day()
                yield self
                self.conn.execute("COMMIT")
            except BaseException:
                self._rollback()
                raise
            finally:
                self._business_date = None
                self._change = None
                self._records_moved = False

    @contextmanager
    def reading(self) -> Iterator[Connection]:
        """A consistent snapshot for several queries; changes nothing."""
        with _translated_errors(self.path):
            self.conn.execute("BEGIN")
            try:
                yield self
            finally:
                self._rollback()

    # -- Stored dates: inside the window, or one sentence ---------------

    def _day(self, text: str, household: int | None, stay: int | None = None) -> date:
        """A stored date of a household (or of a stay: its household is
        looked up), refused when it lies outside the date window."""
        if _EARLIEST <= text <= _LATEST:
            return date.fromisoformat(text)
        if household is None and stay is not None:
            household = self._household_of_stay(stay)
        raise EnvironmentFailure(
            "The database {path} holds the date {day} for household {household}, outside "
            "the dates doorstroom works with ({earliest} to {latest}); nothing was changed. "
            "An older version may have stored it: put back a backup from before then with "
            "'doorstroom restore FILE'.",
            path=self.path, day=text, household=household,
            earliest=dutch(EARLIEST), latest=dutch(LATEST),
        )

    def _stay_start(self, start: str, weeks: int, household: int | None, stay: int | None = None) -> date:
        """A stay's stored start, checked, and its weeks of extension: the
        planned departure they make must not pass rules.LAST_PLANNED_DEPARTURE
        (counted in whole numbers, so even a count of millions cannot overflow)."""
        begun = self._day(start, household, stay)
        days = rules.STAY_DAYS + rules.EXTENSION_DAYS * weeks
        if begun.toordinal() + days > rules.LAST_PLANNED_DEPARTURE.toordinal():
            if household is None and stay is not None:
                household = self._household_of_stay(stay)
            raise EnvironmentFailure(
                "The database {path} holds {weeks} weeks of extension for household "
                "{household}, which puts the planned departure after {last}; nothing was "
                "changed. An older version may have stored them: put back a backup from "
                "before then with 'doorstroom restore FILE'.",
                path=self.path, weeks=weeks, household=household,
                last=dutch(rules.LAST_PLANNED_DEPARTURE),
            )
        return begun

    def _check_stay_starts(self) -> None:
        """Refuse a stay whose start lies outside the date window: the
        earliest and latest start, the two ends of ``stays_by_start`` (m016)."""
        earliest, latest = self.conn.execute(
            "SELECT (SELECT min(start) FROM stays), (SELECT max(start) FROM stays)"
        ).fetchone()
        for start in (earliest, latest):
            if start is not None and not _EARLIEST <= start <= _LATEST:
                (stay,) = self.conn.execute("SELECT id FROM stays WHERE start = ?", (start,)).fetchone()
                self._day(start, None, stay)

    def _household_of_stay(self, stay: int) -> int | None:
        row = self.conn.execute(
            "SELECT a.household_id FROM stays s JOIN applications a ON a.id = s.application_id"
            " WHERE s.id = ?",
            (stay,),
        ).fetchone()
        return None if row is None else row[0]

    def _audit(self, action: str, household: int | None, **detail: object) -> int:
        """Who did what, when: never a name or a note, only what points at them.

        Every row after the first of one transaction names that first row
        (``change_id``): together they are the one change ``undo`` takes back.
        Returns the row's id."""
        import json  # writes only; status never pays for it

        row = self._insert(
            "INSERT INTO audit (recorded_at, business_date, actor, action, household_id, detail,"
            " change_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                clock.utc_stamp(self._now()),
                self._business_date.isoformat(),
                self.actor,
                action,
                household,
                json.dumps(detail, sort_keys=True),
                self._change,
            ),
        )
        # The first and last day of the records (storage/history.py): set by
        # the first change, moved out by a change dated before or after them.
        # Every row of a transaction has its business date, so its first row
        # moves them (not each row: extend --auto writes one per stay).
        # An undo is no record of its own: take_back sets them anew.
        if action != rules.UNDO_ACTION and not self._records_moved:
            for name, further in (("records_from", "<"), ("records_until", ">")):
                self._execute(
                    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name)"
                    f" DO UPDATE SET value = excluded.value WHERE excluded.value {further} value",
                    (name, self._business_date.isoformat()),
                )
            self._records_moved = True
        if self._change is None:
            self._change = row
        return row

    def _fresh_id(self, table: str) -> int:
        """A row id that neither ``table`` nor its ``voided_`` twin has used,
        so the audit's ids never point at two records (an undo moves rows to
        the twin, and SQLite would give the next row the freed id)."""
        (highest,) = self.conn.execute(
            f"SELECT max(coalesce((SELECT max(id) FROM {table}), 0),"
            f" coalesce((SELECT max(id) FROM voided_{table}), 0))"
        ).fetchone()
        return highest + 1

    def _insert(self, sql: str, parameters: tuple) -> int:
        return self._execute(sql, parameters).lastrowid

    def _execute(self, sql: str, parameters: tuple) -> sqlite3.Cursor:
        if self._business_date is None:
            raise RuntimeError("changes are written inside Store.writing() only")
        return self.conn.execute(sql, parameters)
