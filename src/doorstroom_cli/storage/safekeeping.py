"""Backups and retention: a checked copy of the file, and purge (erase, rewrite, the copies that still hold names)."""

from __future__ import annotations

import os
import sqlite3
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .. import clock
from ..core.errors import EnvironmentFailure, InvalidInput, Refused

if TYPE_CHECKING:
    pass
from .checks import _one_line, _open_read_only, _translated_errors, check_database_file
from .connection import INTAKE_TEXTS


class Safekeeping:
    """Copies and retention, for a ``Store``."""

    # -- Copies ------------------------------------------------------------

    def copy_to(self, target: Path) -> None:
        """A consistent copy of the whole database in a new owner-only file,
        made with SQLite's online backup API (other processes may go on
        writing) and checked with integrity_check. The copy is made under a
        temporary name (``.NAME.XXXXXX.partial``) and given its name only
        once it is checked and on disk, so a process killed half-way leaves
        nothing that looks like a backup. An existing file is never
        overwritten; a copy that fails is removed."""
        from .. import files

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
            self._execute(f"UPDATE stay_moves SET reason = NULL WHERE stay_id IN ({stays})", (household,))
            self._execute(f"UPDATE followups SET note = NULL WHERE stay_id IN ({stays})", (household,))
            self._execute(f"UPDATE closures SET note = NULL WHERE application_id IN ({applications})", (household,))
            self._execute(f"UPDATE outflow_steps SET corporatie = NULL, note = NULL WHERE application_id IN"
                          f" ({applications})", (household,))
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
