"""The only module that speaks SQL.

A ``Store`` opens (or creates) the one SQLite file, brings its schema up to
date, loads what is open into ``rules`` types, and writes each decision with
its audit row. Choices that matter:

- Every change happens inside ``writing()``, which begins with
  ``BEGIN IMMEDIATE``: the write lock is taken before the first read, so
  cron's ``extend --auto`` and a coordinator working at the same time
  cannot both decide on the same state and lose one of the updates.
- WAL journal, ``synchronous=FULL`` (a confirmed change survives a power
  cut), foreign keys on, and a busy timeout: a second writer waits instead
  of failing at once.
- History is appended: extensions, evaluations and departures are rows of
  their own. Only ``open_cases``, the index of what is open now, changes.
- The file is created readable by its owner only; SQLite gives the -wal and
  -shm files the same permissions. A database whose files another user
  owns or may change, or that lies on a network file system, is refused
  before SQLite opens it (``locations.check_private_files``).
- Every stored date is read back through a check that it lies in the date
  window (``dates.EARLIEST`` to ``dates.LATEST``): a row written by an older
  version with a date like 9999-12-25 is named in one sentence instead of
  crashing every command that computes with it.
- SQLite's own errors never leave this module: they become
  ``EnvironmentFailure`` (or ``InvalidInput`` for an unusable path).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from . import clock

from .core import rules
from .core.dates import EARLIEST, LATEST, dutch
from .core.errors import EnvironmentFailure, InvalidInput, Refused
from .core.texts import extension_detail, json_object
from .locations import check_private_files, create_private_file, refuse_network_filesystem
from .migrations import SCHEMA_VERSION, made_here

if TYPE_CHECKING:
    from .figures import Outage, StayRecord

INTAKE_TEXTS = ("wijkcoach", "referrer", "wish", "own_effort", "needs")
"""Optional intake texts (m005): personal data, erased by purge like the agreements."""

BUSY_TIMEOUT_SECONDS = 10.0
"""How long a command waits for another one that is writing."""

MEMORY = ":memory:"

_EARLIEST, _LATEST = EARLIEST.isoformat(), LATEST.isoformat()
"""The date window as stored text: the schema keeps every stored date in ISO
form, so comparing the text compares the dates."""


class Store:
    """One open doorstroom database."""

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

    def __enter__(self) -> Store:
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
        safekeeping.py): the change would land in the replaced file."""
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
    def writing(self, business_date: date) -> Iterator[Store]:
        """One change and its audit rows: all of it, or none of it."""
        with _translated_errors(self.path):
            self.conn.execute("BEGIN IMMEDIATE")
            self._business_date = business_date
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

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A consistent snapshot for several queries; changes nothing."""
        with _translated_errors(self.path):
            self.conn.execute("BEGIN")
            try:
                yield self
            finally:
                self._rollback()

    # -- Copies ------------------------------------------------------------

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the whole database in a new owner-only file,
        made with SQLite's online backup API (other processes may go on
        writing) and checked with integrity_check. The copy is made under a
        temporary name (``.NAME.XXXXXX.partial``) and given its name only
        once it is checked and on disk, so a process killed half-way leaves
        nothing that looks like a backup. An existing file is never
        overwritten; a copy that fails is removed."""
        from . import files

        if target.exists() or target.is_symlink():
            raise Refused(
                "{target} already exists; a backup never overwrites a file.",
                target=target,
            )
        if not target.parent.is_dir():
            raise InvalidInput(
                "The folder {parent} does not exist.",
                parent=target.parent,
            )
        descriptor, temporary = files.temporary_beside(target)
        os.close(descriptor)
        try:
            with _translated_errors(str(target)):
                copy = sqlite3.connect(temporary, isolation_level=None)
                try:
                    self.conn.backup(copy)
                    copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
                finally:
                    copy.close()
            check_database_file(temporary)
            try:
                files.sync_file(temporary)
                files.place_new(temporary, target)
            except OSError as error:
                raise files.output_error(target, error) from None
        finally:
            temporary.unlink(missing_ok=True)

    # -- Retention ---------------------------------------------------------

    def purgeable_households(self, before: date) -> list[int]:
        """Households with no open case whose last application or stay
        ended before ``before`` and that still carry personal text."""
        return _purgeable(self.conn, before)

    def purged_households(self, also: list[int] = ()) -> frozenset[tuple]:
        """The households purged (or, ``also``, about to be) as ``_APPLICATIONS``
        rows: what names them in any copy of this database, and never in a
        copy of another one whose household has the same id (names_in_copy)."""
        wanted = "h.name_key = '' OR h.id IN ({})".format(", ".join("?" * len(also)))
        return frozenset(self.conn.execute(_APPLICATIONS + wanted, tuple(also)))

    def erase_personal_text(self, households: list[int], before: date) -> None:
        """Remove names, agreements, reasons and notes of these households;
        keep the pseudonymous rows the figures need. Inside ``writing()``;
        call ``compact()`` after it so no trace is left in the file. Until
        that has succeeded, the settings row ``compaction_pending`` says
        that the file may still hold the removed text."""
        self.conn.execute("PRAGMA secure_delete = ON")
        for household in households:
            self._execute(
                "UPDATE households SET name = ?, name_key = '' WHERE id = ?",
                (f"(removed {household})", household),
            )
            applications = "SELECT id FROM applications WHERE household_id = ?"
            stays = f"SELECT id FROM stays WHERE application_id IN ({applications})"
            erased = ", ".join(f"{field} = NULL" for field in ("agreements", *INTAKE_TEXTS))
            self._execute(f"UPDATE applications SET {erased} WHERE household_id = ?", (household,))
            self._execute(f"UPDATE stays SET reason = NULL WHERE application_id IN ({applications})", (household,))
            self._execute(f"UPDATE evaluations SET note = NULL WHERE stay_id IN ({stays})", (household,))
            self._execute(f"UPDATE closures SET note = NULL WHERE application_id IN ({applications})", (household,))
        self._execute(
            "INSERT OR REPLACE INTO settings (name, value) VALUES ('compaction_pending', ?)",
            (clock.utc_stamp(self._now()),),
        )
        self._audit("purge", None, households=len(households), before=before.isoformat())

    def compaction_pending(self) -> bool:
        """Whether text removed by a purge may still be found in the file."""
        return self.conn.execute(
            "SELECT 1 FROM settings WHERE name = 'compaction_pending'"
        ).fetchone() is not None

    def compact(self, business_date: date) -> None:
        """Rewrite the file without free pages and empty the write-ahead log,
        so that removed text survives nowhere on disk; then, and only then,
        clear ``compaction_pending`` (with an audit row ``compact``).

        A truncating checkpoint waits up to the busy timeout for readers;
        while another connection still reads, it reports "busy" instead of
        failing, and the old pages stay in the file. That, a full disk or
        any other failure here comes after the purge was committed, so the
        sentence says what did happen, and the next purge finishes the job.
        """
        try:
            self.conn.execute("PRAGMA secure_delete = ON")
            if self._checkpointed():
                self.conn.execute("VACUUM")
                if self._checkpointed():
                    with self.writing(business_date):
                        self._execute("DELETE FROM settings WHERE name = 'compaction_pending'", ())
                        self._audit("compact", None)
                    self._checkpointed()  # holds no removed text, whatever it says
                    return
        except EnvironmentFailure as failure:  # from writing(): busy, full, unusable
            raise _compaction_failed(self.path, str(failure)) from None
        except sqlite3.Error as error:
            self._rollback()
            raise _compaction_failed(self.path, str(error)) from None
        raise _compaction_failed(self.path, "busy")

    def _checkpointed(self) -> bool:
        """A truncating checkpoint that moved every frame back into the file."""
        busy, log, moved = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        return busy == 0 and log in (0, moved)

    # -- Loading ---------------------------------------------------------

    def load_pool(self, today: date) -> rules.Pool:
        """What is open on ``today``: dwellings, stays and waiting applications.

        A dwelling is in use unless the pool file says otherwise or an outage
        covers today.
        """
        dwellings = tuple(
            rules.Dwelling(code, label, wijk, max_persons, bool(in_use))
            for code, label, wijk, max_persons, in_use in self.conn.execute(
                """
                SELECT code, label, wijk, max_persons,
                       in_use AND NOT EXISTS (
                           SELECT 1 FROM dwelling_outages o
                           WHERE o.dwelling_code = d.code AND o.first_day <= :today
                             AND (o.last_day IS NULL OR o.last_day >= :today))
                FROM dwellings d ORDER BY code
                """,
                {"today": today.isoformat()},
            )
        )
        stays: list[rules.Stay] = []
        waiting: list[rules.Application] = []
        rows = self.conn.execute(
            """
            SELECT o.application_id, o.household_id, a.registered, a.urgency,
                   a.adults, a.children, s.id, s.dwelling_code, s.start,
                   (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id),
                   (SELECT v.held_on FROM evaluations v WHERE v.stay_id = s.id
                     ORDER BY v.id DESC LIMIT 1),
                   (SELECT v.cooperation FROM evaluations v WHERE v.stay_id = s.id
                     ORDER BY v.id DESC LIMIT 1)
            FROM open_cases o
            JOIN applications a ON a.id = o.application_id
            LEFT JOIN stays s ON s.id = o.stay_id
            ORDER BY o.application_id
            """
        )
        for (app_id, household, registered, urgency, adults, children,
             stay_id, dwelling, start, weeks, held_on, cooperation) in rows:
            application = rules.Application(
                app_id, household, self._day(registered, household), urgency, adults, children
            )
            if stay_id is None:
                waiting.append(application)
                continue
            stays.append(
                rules.Stay(
                    stay_id,
                    application,
                    dwelling,
                    self._stay_start(start, weeks, household),
                    weeks,
                    self._day(held_on, household) if held_on else None,
                    rules.Cooperation(cooperation) if cooperation else None,
                )
            )
        return rules.Pool(dwellings, tuple(stays), tuple(waiting))

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
        rows = self.conn.execute(
            f"""
            SELECT s.id, s.dwelling_code, a.registered, s.start, c.closed_on,
                   c.destination, a.alternative, a.urgency, a.adults, a.children,
                   (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id)
            FROM {source}
            JOIN applications a ON a.id = s.application_id
            WHERE s.start <= :last
            ORDER BY s.start, s.id
            """,
            {"first": first.isoformat(), "last": last.isoformat()},
        )
        return self._stay_records(rows)

    def _stay_records(self, rows: sqlite3.Cursor) -> Iterator[StayRecord]:
        """The query's rows as records, each date checked and parsed once
        (the text comparison is the cheap test; a failure takes the slow path
        that names the household)."""
        from .figures import StayRecord

        destinations = {d.value: d for d in rules.Destination}
        alternatives = {a.value: a for a in rules.Alternative}
        day = date.fromisoformat
        record = StayRecord._make  # from one tuple: cheaper than eleven arguments
        last_planned = rules.LAST_PLANNED_DEPARTURE.toordinal()
        stay_days, extension_days = rules.STAY_DAYS, rules.EXTENSION_DAYS
        for (stay_id, dwelling, registered, start, closed_on, destination,
             alternative, urgency, adults, children, weeks) in rows:
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
                day(closed_on) if closed_on else None,
                destinations.get(destination),
                alternatives[alternative],
                urgency,
                adults,
                children,
                weeks,
            ))

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
        from .figures import Outage

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

    def waiting_at_end_of(self, day: date) -> int:
        """Applications registered by ``day``, not placed and not closed by then.

        Only an application still open, or closed after ``day``, can have been
        waiting then: those are the candidates, not every application ever.
        """
        return self.conn.execute(
            """
            SELECT count(*) FROM (
                SELECT application_id FROM open_cases
                UNION
                SELECT application_id FROM closures WHERE closed_on > :day
            ) candidate
            JOIN applications a ON a.id = candidate.application_id
            LEFT JOIN stays s ON s.application_id = a.id
            LEFT JOIN closures c ON c.application_id = a.id
            WHERE a.registered <= :day
              AND (s.id IS NULL OR s.start > :day)
              AND (c.id IS NULL OR c.closed_on > :day)
            """,
            {"day": day.isoformat()},
        ).fetchone()[0]

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
        earliest and latest start of each dwelling, read from its index."""
        earliest, latest = self.conn.execute(
            """
            SELECT min(first), max(last) FROM (
                SELECT (SELECT min(start) FROM stays s WHERE s.dwelling_code = d.code) AS first,
                       (SELECT max(start) FROM stays s WHERE s.dwelling_code = d.code) AS last
                FROM dwellings d)
            """
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

    def household_exists(self, household: int) -> bool:
        return self.conn.execute("SELECT 1 FROM households WHERE id = ?", (household,)).fetchone() is not None

    def audit_entries(self, household: int | None, limit: int) -> list[dict]:
        """The newest audit rows, for one household or all; a detail that is
        not a JSON object (stored behind the tool's back) is None, marked
        ``detail_unreadable``, so the log stays readable whatever a row holds."""
        where, parameters = ("WHERE household_id = ?", (household, limit)) if household else ("", (limit,))
        return [
            {
                "id": row_id,
                "recorded_at": recorded_at,
                "date": business_date,
                "actor": actor,
                "action": action,
                "household": household_id,
                "detail": (parsed := json_object(detail)),
                **({} if parsed is not None else {"detail_unreadable": True}),
            }
            for row_id, recorded_at, business_date, actor, action, household_id, detail in self.conn.execute(
                "SELECT id, recorded_at, business_date, actor, action, household_id, detail"
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
            " WHERE household_id = ? AND action = 'extend' ORDER BY id",
            (household,),
        ):
            extension = extension_detail(detail)
            event = {"date": business_date, "event": "extended",
                     **{key: (extension or {}).get(key) for key in ("weeks", "tacit", "old_end", "new_end")}, "by": actor}
            if extension is None:
                events.append({**event, "detail_unreadable": True})
            else:
                extensions.setdefault(extension["stay"], []).append(event)
        for (app_id, registered, urgency, alternative, adults, children, agreements,
             *intake) in self.conn.execute(
            "SELECT id, registered, urgency, alternative, adults, children, agreements, "
            + ", ".join(INTAKE_TEXTS)
            + " FROM applications WHERE household_id = ? ORDER BY id",
            (household,),
        ):
            events.append({"date": registered, "event": "registered", "urgency": urgency,
                           "alternative": alternative, "adults": adults, "children": children,
                           "agreements": agreements, **dict(zip(INTAKE_TEXTS, intake))})
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
                events += extensions.get(stay_id, [])
            closure = self.conn.execute(
                "SELECT closed_on, destination, note FROM closures WHERE application_id = ?", (app_id,)
            ).fetchone()
            if closure is not None:
                closed_on, destination, note = closure
                events.append({"date": closed_on, "event": "departed" if stay is not None else "withdrawn",
                               "destination": destination, "note": note})
        # On one day: the night's tacit extension comes before that day's talk.
        order = {"registered": 0, "placed": 1, "extended": 2, "evaluated": 3, "departed": 4, "withdrawn": 4}
        events.sort(key=lambda e: (e["date"], order[e["event"]]))
        return name, events

    def pseudonym_key(self) -> bytes:
        (value,) = self.conn.execute(
            "SELECT value FROM settings WHERE name = 'pseudonym_key'"
        ).fetchone()
        return bytes.fromhex(value)

    # -- Writing (only inside writing()) ---------------------------------

    def add_application(
        self,
        name: str,
        applicant: rules.Application,
        alternative: rules.Alternative,
        agreements: str | None,
        intake: dict[str, str | None] | None = None,
        distinct_from: list[int] | None = None,
    ) -> rules.Application:
        """Register an intake (and the household if it is new); return it stored.

        ``intake`` holds the optional INTAKE_TEXTS by name. ``distinct_from``
        (given with --new-household) lists the households with the same name
        key that the coordinator said this new one is not; the audit row
        keeps their ids."""
        intake = intake or {}
        if not set(intake) <= set(INTAKE_TEXTS):
            raise ValueError(f"unknown intake fields: {sorted(set(intake) - set(INTAKE_TEXTS))}")
        household = applicant.household
        if household is None:
            household = self._insert(
                "INSERT INTO households (name, name_key) VALUES (?, ?)",
                (rules.household_name(name), rules.household_key(name)),
            )
        application_id = self._insert(
            "INSERT INTO applications (household_id, registered, urgency, alternative,"
            " adults, children, agreements, wijkcoach, referrer, wish, own_effort, needs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                household,
                applicant.registered.isoformat(),
                applicant.urgency,
                rules.Alternative(alternative).value,
                applicant.adults,
                applicant.children,
                agreements,
                *(intake.get(field) for field in INTAKE_TEXTS),
            ),
        )
        self._execute(
            "INSERT INTO open_cases (application_id, household_id) VALUES (?, ?)",
            (application_id, household),
        )
        self._audit(
            "register",
            household,
            application=application_id,
            urgency=applicant.urgency,
            persons=applicant.persons,
            alternative=rules.Alternative(alternative).value,
            readmission=applicant.household is not None,
            **({} if distinct_from is None else {"distinct_from": distinct_from}),
        )
        return rules.Application(
            application_id,
            household,
            applicant.registered,
            applicant.urgency,
            applicant.adults,
            applicant.children,
        )

    def add_stay(self, placement: rules.Placement) -> int:
        application = placement.application
        stay_id = self._insert(
            "INSERT INTO stays (application_id, dwelling_code, start, out_of_order, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            (
                application.id,
                placement.dwelling,
                placement.start.isoformat(),
                int(placement.out_of_order),
                placement.reason,
            ),
        )
        self._execute(
            "UPDATE open_cases SET stay_id = ?, dwelling_code = ? WHERE application_id = ?",
            (stay_id, placement.dwelling, application.id),
        )
        self._audit(
            "place",
            application.household,
            application=application.id,
            stay=stay_id,
            dwelling=placement.dwelling,
            start=placement.start.isoformat(),
            out_of_order=placement.out_of_order,
        )
        return stay_id

    def add_extension(self, extension: rules.Extension) -> None:
        stay = extension.stay
        for granted_on in extension.weeks:
            self._execute(
                "INSERT INTO extensions (stay_id, granted_on, tacit) VALUES (?, ?, ?)",
                (stay.id, granted_on.isoformat(), int(extension.tacit)),
            )
        self._audit(
            "extend",
            stay.household,
            stay=stay.id,
            dwelling=stay.dwelling,
            weeks=len(extension.weeks),
            tacit=extension.tacit,
            old_end=extension.old_end.isoformat(),
            new_end=extension.new_end.isoformat(),
        )

    def add_evaluation(self, evaluation: rules.Evaluation, note: str | None) -> None:
        stay = evaluation.stay
        self._execute(
            "INSERT INTO evaluations (stay_id, held_on, cooperation, note) VALUES (?, ?, ?, ?)",
            (stay.id, evaluation.held_on.isoformat(), evaluation.cooperation.value, note),
        )
        self._audit(
            "evaluate",
            stay.household,
            stay=stay.id,
            cooperation=evaluation.cooperation.value,
            note=note is not None,
        )

    def add_closure(self, departure: rules.Departure, note: str | None) -> None:
        application = departure.application
        self._execute(
            "INSERT INTO closures (application_id, closed_on, destination, note)"
            " VALUES (?, ?, ?, ?)",
            (application.id, departure.on.isoformat(), departure.destination.value, note),
        )
        self._execute("DELETE FROM open_cases WHERE application_id = ?", (application.id,))
        self._audit(
            "depart" if departure.stay is not None else "withdraw",
            application.household,
            application=application.id,
            stay=None if departure.stay is None else departure.stay.id,
            destination=departure.destination.value,
            note=note is not None,
        )

    def add_dwelling(self, dwelling: rules.Dwelling) -> None:
        """Add a dwelling to the pool (the benchmark's 60-dwelling region)."""
        self._execute(
            "INSERT INTO dwellings (code, label, wijk, max_persons, in_use) VALUES (?, ?, ?, ?, ?)",
            (dwelling.code, dwelling.label, dwelling.wijk, dwelling.max_persons, int(dwelling.in_use)),
        )
        self._audit("add_dwelling", None, dwelling=dwelling.code)

    def update_dwelling(self, dwelling: rules.Dwelling) -> None:
        """Record a dwelling's new label, wijk or capacity."""
        self._execute(
            "UPDATE dwellings SET label = ?, wijk = ?, max_persons = ? WHERE code = ?",
            (dwelling.label, dwelling.wijk, dwelling.max_persons, dwelling.code),
        )
        self._audit("change_dwelling", None, dwelling=dwelling.code, max_persons=dwelling.max_persons)

    def end_outage(self, code: str, today: date) -> bool:
        """Put a dwelling back in use from today: the period that covers
        today ends yesterday (one that began today is withdrawn)."""
        yesterday = date.fromordinal(today.toordinal() - 1).isoformat()
        covering = """dwelling_code = :code AND first_day <= :today
                      AND (last_day IS NULL OR last_day >= :today)"""
        values = {"code": code, "today": today.isoformat(), "yesterday": yesterday}
        changed = self._execute(
            f"DELETE FROM dwelling_outages WHERE {covering} AND first_day = :today", values
        ).rowcount
        changed += self._execute(
            f"UPDATE dwelling_outages SET last_day = :yesterday WHERE {covering}", values
        ).rowcount
        if changed:
            self._audit("back_in_use", None, dwelling=code)
        return bool(changed)

    def add_outage(self, dwelling: str, first: date, last: date | None, reason: str | None) -> None:
        """Record a period in which a dwelling is out of use."""
        self._execute(
            "INSERT INTO dwelling_outages (dwelling_code, first_day, last_day, reason)"
            " VALUES (?, ?, ?, ?)",
            (dwelling, first.isoformat(), None if last is None else last.isoformat(), reason),
        )
        self._audit(
            "outage", None, dwelling=dwelling, first_day=first.isoformat(),
            last_day=None if last is None else last.isoformat(),
        )

    def _audit(self, action: str, household: int | None, **detail: object) -> None:
        """Who did what, when: never a name or a note, only what points at them."""
        import json  # writes only; status never pays for it

        self._execute(
            "INSERT INTO audit (recorded_at, business_date, actor, action, household_id, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                clock.utc_stamp(self._now()),
                self._business_date.isoformat(),
                self.actor,
                action,
                household,
                json.dumps(detail, sort_keys=True),
            ),
        )

    def _insert(self, sql: str, parameters: tuple) -> int:
        return self._execute(sql, parameters).lastrowid

    def _execute(self, sql: str, parameters: tuple) -> sqlite3.Cursor:
        if self._business_date is None:
            raise RuntimeError("changes are written inside Store.writing() only")
        return self.conn.execute(sql, parameters)


_STAYS_ENDED_FROM_FIRST_OR_OPEN = """
    (SELECT application_id, closed_on, destination FROM closures WHERE closed_on >= :first
     UNION ALL
     SELECT application_id, NULL, NULL FROM open_cases WHERE stay_id IS NOT NULL) c
    JOIN stays s ON s.application_id = c.application_id"""
"""The stays that ended on or after the period's first day, and the open
ones (every stay without a closure has an open case)."""


def _open_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot change the file (backups, checks, completion)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def completion_candidates(path: Path) -> list[tuple[str, str]]:
    """(value, hint) pairs for shell completion of REF: dwelling codes with
    their resident, and the ids of open households with their name. Read-only,
    without migrations; an unusable file simply offers nothing."""
    if not path.is_file():
        return []
    try:
        conn = _open_read_only(path, timeout=0.5)
        try:
            rows = conn.execute(
                """
                SELECT o.household_id, h.name, o.dwelling_code FROM open_cases o
                JOIN households h ON h.id = o.household_id ORDER BY o.household_id
                """
            ).fetchall()
            codes = [code for (code,) in conn.execute("SELECT code FROM dwellings ORDER BY code")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    living = {code: name for _, name, code in rows if code}
    return [(code, living.get(code, "free")) for code in codes] + [
        (str(household), name) for household, name, _ in rows
    ]


_PURGEABLE = """
    SELECT h.id FROM households h
    WHERE h.name_key <> ''
      AND NOT EXISTS (SELECT 1 FROM open_cases o WHERE o.household_id = h.id)
      AND (SELECT max(c.closed_on) FROM applications a
           JOIN closures c ON c.application_id = a.id
           WHERE a.household_id = h.id) < :before
    ORDER BY h.id
"""


def _purgeable(conn: sqlite3.Connection, before: date) -> list[int]:
    return [household for (household,) in conn.execute(_PURGEABLE, {"before": before.isoformat()})]


def _compaction_failed(path: str, problem: str) -> EnvironmentFailure:
    """The purge was committed, the rewrite of the file was not: say both."""
    text = problem.lower()
    if "busy" in text or "locked" in text:
        return EnvironmentFailure(
            "The names and notes are removed from the records, but another program is reading "
            "the database {path}, so they may still be found in the file; close that program "
            "and run the same purge command again.",
            path=path,
        )
    if "full" in text:
        return EnvironmentFailure(
            "The names and notes are removed from the records, but the disk is full, so they "
            "may still be found in the file {path}; free some space and run the same purge "
            "command again.",
            path=path,
        )
    return EnvironmentFailure(
        "The names and notes are removed from the records, but the file {path} could not be "
        "rewritten ({problem}), so they may still be found in it; run the same purge command again.",
        path=path,
        problem=_one_line(problem),
    )


_APPLICATIONS = """SELECT h.id, a.id, a.registered, a.urgency, a.alternative FROM households h
    JOIN applications a ON a.household_id = h.id WHERE """
"""A household with its applications as no purge or later change alters them."""


def names_in_copy(path: Path, before: date, purged: frozenset[tuple] = frozenset()) -> list[int]:
    """The households whose name a backup or kept file still holds but should
    not: those that left before ``before`` by its own records, and those
    ``purged`` (``Store.purged_households``) whatever it says of them: a copy
    made during the stay has the name too, and a restore would bring it back.
    Opened read-only; a file that cannot be read raises ``EnvironmentFailure``."""
    try:
        conn = _open_read_only(path, timeout=1.0)
        try:
            named = conn.execute(_APPLICATIONS + "h.name_key <> ''") if purged else ()
            return sorted(set(_purgeable(conn, before)) | {row[0] for row in named if row in purged})
        finally:
            conn.close()
    except (sqlite3.Error, OSError):
        raise EnvironmentFailure(
            "{path} cannot be read.",
            path=path,
        ) from None


def _one_line(finding: str) -> str:
    """SQLite's multi-line check report, shortened to fit in one sentence."""
    return " ".join(finding.replace("*", "").split())[:120]


def check_database_file(path: Path) -> int:
    """Open a file read-only and make sure it is a whole doorstroom database.

    Returns its schema version. Used before a backup is trusted and before a
    restore replaces anything.
    """
    if not path.is_file():
        raise InvalidInput(
            "{path} is not a file.",
            path=path,
        )
    with _translated_errors(str(path)):
        conn = _open_read_only(path)
        try:
            (result,) = conn.execute("PRAGMA integrity_check").fetchone()
            tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            (version,) = conn.execute("PRAGMA user_version").fetchone()
        finally:
            conn.close()
    if result != "ok":
        raise EnvironmentFailure(
            "{path} is damaged ({problem}).",
            path=path,
            problem=_one_line(result),
        )
    if not {"dwellings", "households", "applications", "stays", "audit"} <= tables:
        raise InvalidInput(
            "{path} is not a doorstroom database.",
            path=path,
        )
    if version > SCHEMA_VERSION:
        raise EnvironmentFailure(
            "{path} was made by a newer version of doorstroom.",
            path=path,
        )
    return version


@contextmanager
def _translated_errors(path: str) -> Iterator[None]:
    """Turn SQLite's and the file system's failures into one sentence each."""
    try:
        yield
    except sqlite3.IntegrityError:
        raise Refused(
            "The database refused the change because it would break a rule; "
            "nothing was changed."
        ) from None
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text:
            raise EnvironmentFailure(
                "The database is busy with another program; nothing was changed, "
                "try again in a moment."
            ) from None
        if "readonly" in text or "read-only" in text:
            raise EnvironmentFailure(
                "The database {path} is read-only; nothing was changed.",
                path=path,
            ) from None
        if "disk" in text and "full" in text:
            raise EnvironmentFailure("The disk is full; nothing was changed.") from None
        raise EnvironmentFailure(
            "The database {path} cannot be used ({text}); nothing was changed.",
            path=path,
            text=text,
        ) from None
    except sqlite3.DatabaseError:
        raise EnvironmentFailure(
            "{path} is not a doorstroom database, or it is damaged; nothing was "
            "changed (a damaged database is put back from a backup with 'doorstroom "
            "restore FILE').",
            path=path,
        ) from None
    except PermissionError:
        raise EnvironmentFailure(
            "No permission to open the database {path}.",
            path=path,
        ) from None
