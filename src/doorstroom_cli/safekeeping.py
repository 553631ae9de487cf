"""Restoring a backup: only the tool's own kind of file, and all or nothing.

SQL and files only (no Typer, no sentences other than the errors' templates).
A restore runs in this order:

1. One restore per folder at a time (``flock`` on the folder; a second one
   waits, then is refused). Leftover temporary files of a killed restore
   are removed.
2. The candidate is copied (SQLite's backup API) into a new owner-only
   temporary file in the database's folder, migrated there, and verified:
   its ``sqlite_master`` must equal what the tool's own migrations create
   (no extra table, view, trigger or index; none missing), the record of
   schema steps must be the tool's, and every row must pass the tool's own
   input checks, checked by queries (``verify_candidate``). The candidate
   itself is only read.
3. The write lock on the live database is taken (``BEGIN IMMEDIATE``) and
   ``quick_check`` run under it.
4. Healthy live database: a second connection copies it into the kept file
   (backup API; readers are not blocked by the lock, writers are), which
   appears under its unique name only when whole (``os.link`` of a
   finished temporary file: never overwritten, never truncated). Then, in
   the same transaction, every object of the live database is dropped and
   recreated from the verified copy, the rows copied, and the audit row
   ``restore`` added; ``COMMIT`` makes all of it happen at once (WAL), or
   none of it. The live file keeps its inode, so other processes that have
   it open simply see the new content after the commit: nothing can write
   into a replaced file, and SQLite's -wal and -shm stay its own.
5. Damaged or unreadable live database (no lock, or ``quick_check`` fails):
   the kept file is a byte copy of the database and of its -wal, taken
   under the write lock when SQLite can still give it. The verified copy,
   with the audit row, is fsynced, locked exclusively (so that a command
   opening the database waits), renamed over the live path in one
   ``os.replace``, the folder fsynced, and only then are the old -wal and
   -shm removed, before the lock is let go.

Any failure before the commit or the rename leaves the live database as it
was and removes the temporary and kept files of this attempt (the live file
is unchanged, so the kept copy would only repeat it).
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

from .core.dates import EARLIEST, LATEST
from . import clock, migrations
from .core import rules
from .core.errors import DoorstroomError, EnvironmentFailure, InvalidInput

DATE_MIN = EARLIEST.isoformat()
DATE_MAX = LATEST.isoformat()
"""Every stored date lies in the window the tool accepts (core/dates.py)."""

BUSY_TIMEOUT_SECONDS = 10.0

_IGNORED = ("sqlite_sequence",)
_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_BIDI_CONTROLS = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


# -- The candidate ----------------------------------------------------------


def _plain(text: object, multiline: int) -> int:
    """1 when ``text`` has no control character (newline and tab allowed in
    multi-line text) and no bidirectional override, as texts.check wants."""
    if not isinstance(text, str):
        return 0
    for char in text:
        if multiline and char in "\n\t":
            continue
        if unicodedata.category(char) in {"Cc", "Cs"} or char in _BIDI_CONTROLS:
            return 0
    return 1


def _quoted(values) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _integer(lowest: int | None = None, highest: int | None = None) -> str:
    bounds = "".join(
        [f" AND {{c}} >= {lowest}" if lowest is not None else "",
         f" AND {{c}} <= {highest}" if highest is not None else ""]
    )
    return "typeof({c}) = 'integer'" + bounds


_FLAG = "typeof({c}) = 'integer' AND {c} IN (0, 1)"
_KEY = "typeof({c}) = 'integer'"
_DAY = f"typeof({{c}}) = 'text' AND date({{c}}) IS {{c}} AND {{c}} BETWEEN '{DATE_MIN}' AND '{DATE_MAX}'"
_LINE = "typeof({c}) = 'text' AND doorstroom_plain({c}, 0) AND trim({c}) <> ''"
_NOTE = "typeof({c}) = 'text' AND doorstroom_plain({c}, 1)"


def _optional(condition: str) -> str:
    return "{c} IS NULL OR (" + condition + ")"


def _one_of(kind) -> str:
    return "typeof({c}) = 'text' AND {c} IN (" + _quoted(member.value for member in kind) + ")"


# What every row must satisfy, by table and column: the input checks of the
# commands, as queries (not only CHECK constraints, which a file written with
# ignore_check_constraints does not honour).
ROW_CHECKS: dict[str, list[tuple[str, str]]] = {
    "dwellings": [
        ("code", _LINE + " AND {c} GLOB '*[^0-9]*'"),
        ("label", _LINE), ("wijk", _LINE),
        ("max_persons", _integer(1)), ("in_use", _FLAG),
    ],
    "households": [
        ("id", _KEY), ("name", _LINE),
        ("name_key", "typeof({c}) = 'text' AND doorstroom_plain({c}, 0)"),
    ],
    "applications": [
        ("id", _KEY), ("household_id", _KEY), ("registered", _DAY),
        ("urgency", _integer(rules.URGENCY_LOWEST, rules.URGENCY_HIGHEST)),
        ("alternative", _one_of(rules.Alternative)),
        ("adults", _integer(1)), ("children", _integer(0)),
        ("agreements", _optional(_NOTE)),
        *((field, _optional(_NOTE)) for field in ("wijkcoach", "referrer", "wish", "own_effort", "needs")),
    ],
    "stays": [
        ("id", _KEY), ("application_id", _KEY), ("dwelling_code", _LINE), ("start", _DAY),
        ("out_of_order", _FLAG), ("reason", _optional(_LINE)),
    ],
    "extensions": [("id", _KEY), ("stay_id", _KEY), ("granted_on", _DAY), ("tacit", _FLAG)],
    "evaluations": [
        ("id", _KEY), ("stay_id", _KEY), ("held_on", _DAY),
        ("cooperation", _one_of(rules.Cooperation)), ("note", _optional(_NOTE)),
    ],
    "closures": [
        ("id", _KEY), ("application_id", _KEY), ("closed_on", _DAY),
        ("destination", _one_of(rules.Destination)), ("note", _optional(_NOTE)),
    ],
    "open_cases": [
        ("application_id", _KEY), ("household_id", _KEY),
        ("stay_id", _optional(_KEY)), ("dwelling_code", _optional(_LINE)),
    ],
    "settings": [
        ("name", _LINE),
        ("value", _LINE + " AND ({c} GLOB '[0-9a-f]*' AND length({c}) = 64 AND {c} NOT GLOB '*[^0-9a-f]*'"
                  " OR name <> 'pseudonym_key')"
                  " AND (date({c}) IS {c} AND {c} BETWEEN '" + DATE_MIN + "' AND '" + DATE_MAX + "'"
                  " OR name <> 'quick_check')"),
    ],
    "dwelling_outages": [
        ("id", _KEY), ("dwelling_code", _LINE), ("first_day", _DAY),
        ("last_day", _optional(_DAY + " AND {c} >= first_day")), ("reason", _optional(_LINE)),
    ],
    "audit": [
        ("id", _KEY),
        ("recorded_at", "typeof({c}) = 'text' AND doorstroom_plain({c}, 0) AND julianday({c}) IS NOT NULL"
                        f" AND substr({{c}}, 1, 10) BETWEEN '{DATE_MIN}' AND '{DATE_MAX}'"),
        ("business_date", _DAY), ("actor", _LINE),
        ("action", "typeof({c}) = 'text' AND {c} GLOB '[a-z]*' AND {c} NOT GLOB '*[^a-z_]*'"),
        ("household_id", _optional(_KEY)),
        ("detail", "typeof({c}) = 'text' AND CASE WHEN json_valid({c}) THEN json_type({c}) = 'object' END"),
    ],
}


def _schema(conn: sqlite3.Connection, schema: str = "main") -> dict[tuple[str, str], tuple]:
    """(type, name) -> (table, sql) of every object but SQLite's own counters."""
    return {
        (kind, name): (table, sql)
        for kind, name, table, sql in conn.execute(
            f"SELECT type, name, tbl_name, sql FROM {schema}.sqlite_master"
        )
        if name not in _IGNORED and not name.startswith("sqlite_stat")
    }


@lru_cache(maxsize=1)
def reference_schema() -> dict[tuple[str, str], tuple]:
    """What the tool's own migrations create in a new database."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        conn.execute("BEGIN")
        migrations.apply(conn)
        conn.execute("COMMIT")
        return _schema(conn)
    finally:
        conn.close()


def _first_difference(found: dict, wanted: dict, path: Path) -> InvalidInput | None:
    for key in sorted(set(found) | set(wanted)):
        kind, name = key
        if key not in wanted:
            return InvalidInput(
                "{path} cannot be restored: it is not doorstroom's own schema (it has an extra "
                "{kind} {name}); the database was not changed.",
                path=path, kind=kind, name=name,
            )
        if key not in found:
            return InvalidInput(
                "{path} cannot be restored: it is not doorstroom's own schema (the {kind} {name} "
                "is missing); the database was not changed.",
                path=path, kind=kind, name=name,
            )
        if found[key] != wanted[key]:
            return InvalidInput(
                "{path} cannot be restored: it is not doorstroom's own schema (the {kind} {name} "
                "differs); the database was not changed.",
                path=path, kind=kind, name=name,
            )
    return None


def verify_candidate(conn: sqlite3.Connection, source: Path) -> None:
    """Migrate the (temporary copy of the) candidate on ``conn`` and refuse
    it, naming the first difference, unless it is exactly the tool's own
    schema with rows the tool itself would have accepted."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    if version < migrations.SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            migrations.apply(conn)
            conn.execute("COMMIT")
        except Exception as error:  # noqa: BLE001 - any step that fails refuses the file
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            if isinstance(error, sqlite3.OperationalError) and "full" in str(error):
                raise
            raise InvalidInput(
                "{path} cannot be brought up to this version of doorstroom ({problem}); the "
                "database was not changed.",
                path=source, problem=" ".join(str(error).split())[:120],
            ) from None
    difference = _first_difference(_schema(conn), reference_schema(), source)
    if difference is not None:
        raise difference
    steps = [name for (name,) in conn.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY name",
        (migrations.MIGRATION_SET,),
    )]
    others = conn.execute(
        "SELECT count(*) FROM _sqlite_migrations WHERE migration_set IS NOT ?", (migrations.MIGRATION_SET,)
    ).fetchone()[0]
    if others or steps != sorted(step.__name__ for step in migrations.STEPS):
        raise InvalidInput(
            "{path} cannot be restored: its record of schema steps is not doorstroom's own; the "
            "database was not changed.",
            path=source,
        )
    conn.create_function("doorstroom_plain", 2, _plain, deterministic=True)
    for table, columns in ROW_CHECKS.items():
        for column, condition in columns:
            rule = condition.format(c=f'"{column}"')
            row = conn.execute(
                f'SELECT rowid FROM "{table}" WHERE NOT coalesce(({rule}), 0) ORDER BY rowid LIMIT 1'
            ).fetchone()
            if row is not None:
                raise InvalidInput(
                    "{path} cannot be restored: row {row} of table {table} has a value in {column} "
                    "that doorstroom does not accept; the database was not changed.",
                    path=source, row=row[0], table=table, column=column,
                )
    dangling = conn.execute("PRAGMA foreign_key_check").fetchone()
    if dangling is not None:
        raise InvalidInput(
            "{path} cannot be restored: row {row} of table {table} refers to a row that does not "
            "exist; the database was not changed.",
            path=source, row=dangling[1], table=dangling[0],
        )
    if conn.execute("SELECT count(*) FROM settings WHERE name = 'pseudonym_key'").fetchone()[0] != 1:
        raise InvalidInput(
            "{path} cannot be restored: it has no key for the export's pseudonyms; the database "
            "was not changed.",
            path=source,
        )


# -- Files --------------------------------------------------------------------


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _new_temporary(folder: Path, database: Path, what: str) -> Path:
    """A new, empty, owner-only file beside the database (O_EXCL)."""
    descriptor, name = tempfile.mkstemp(prefix=f".{database.name}.{what}-", suffix=".tmp", dir=folder)
    os.close(descriptor)
    os.chmod(name, 0o600)
    return Path(name)


def _remove(*paths: Path) -> None:
    for path in paths:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")


def _byte_copy(source: Path, target: Path) -> None:
    with open(source, "rb") as reading, open(target, "wb") as writing:
        while chunk := reading.read(1 << 20):
            writing.write(chunk)
        writing.flush()
        os.fsync(writing.fileno())


def _backup(source: sqlite3.Connection, target: Path) -> None:
    """A consistent copy of ``source`` in ``target`` as one self-contained file."""
    copy = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(copy)
        copy.execute("PRAGMA journal_mode = DELETE")
    finally:
        copy.close()
    _fsync(target)


def _publish(finished: dict[str, Path], folder: Path, base: str, directory: int | None) -> Path:
    """Give the finished kept file(s) a name nobody has used (``os.link``
    fails rather than overwrite), so that a kept file is always whole."""
    number = 1
    while True:
        name = folder / (base if number == 1 else f"{base}-{number}")
        made: list[Path] = []
        try:
            for suffix, path in finished.items():
                os.link(path, f"{name}{suffix}")
                made.append(Path(f"{name}{suffix}"))
        except FileExistsError:
            for path in made:
                os.unlink(path)
            number += 1
            continue
        for path in finished.values():
            os.unlink(path)
        if directory is not None:
            os.fsync(directory)
        return name


@contextmanager
def _one_restore_at_a_time(folder: Path, database: Path, timeout: float) -> Iterator[int | None]:
    """Hold an exclusive ``flock`` on the folder; yields its descriptor (for
    fsync), or None where the system has no flock (then SQLite's lock alone
    orders restores over a healthy file)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield None
        return
    directory = os.open(folder, os.O_RDONLY)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(directory, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise EnvironmentFailure(
                        "Another restore of {database} is under way; nothing was changed, try "
                        "again when it has finished.",
                        database=database,
                    ) from None
                time.sleep(0.05)
        for leftover in folder.glob(f".{database.name}.*.tmp*"):  # of a restore that was killed
            with suppress(FileNotFoundError):
                leftover.unlink()
        yield directory
    finally:
        os.close(directory)


# -- The restore ----------------------------------------------------------------


def _is_damage(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT
    return "malformed" in str(error) or "not a database" in str(error)


def _audit_restore(conn: sqlite3.Connection, schema: str, kept: Path, business_date: date,
                   actor: str, now: Callable[[], datetime]) -> None:
    conn.execute(
        f"INSERT INTO {schema}.audit (recorded_at, business_date, actor, action, household_id, detail)"
        " VALUES (?, ?, ?, 'restore', NULL, ?)",
        (clock.utc_stamp(now()), business_date.isoformat(), actor,
         json.dumps({"previous": kept.name}, sort_keys=True)),
    )


def _rebuild(conn: sqlite3.Connection) -> None:
    """Inside the live database's write transaction: drop everything in
    ``main`` and recreate it, rows included, from the attached ``candidate``."""
    conn.execute("PRAGMA secure_delete = ON")  # the replaced rows are in the kept file only
    order = {"trigger": 0, "view": 1, "index": 2, "table": 3}
    existing = conn.execute(
        "SELECT type, name FROM main.sqlite_master WHERE type IN ('trigger', 'view', 'table')"
        " AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for kind, name in sorted(existing, key=lambda row: order[row[0]]):
        conn.execute(f'DROP {kind.upper()} IF EXISTS main."{name.replace(chr(34), chr(34) * 2)}"')
    objects = conn.execute(
        "SELECT type, name, sql FROM candidate.sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite_%' ORDER BY rowid"
    ).fetchall()
    tables = [(name, sql) for kind, name, sql in objects if kind == "table"]
    for name, sql in tables:
        conn.execute(sql)
        conn.execute(f'INSERT INTO main."{name}" SELECT * FROM candidate."{name}"')
    for kind, _, sql in objects:
        if kind != "table":
            conn.execute(sql)
    (version,) = conn.execute("PRAGMA candidate.user_version").fetchone()
    conn.execute(f"PRAGMA main.user_version = {int(version)}")
    if _schema(conn, "main") != reference_schema():
        raise RuntimeError("the rebuilt schema is not the reference schema")


def _replace_in_place(live: sqlite3.Connection, database: Path, temporary: Path, keep: Callable,
                      audit: Callable) -> Path:
    """The healthy case: kept copy and replacement under one write lock."""
    finished = _new_temporary(database.parent, database, "before-restore")
    reader = sqlite3.connect(database, isolation_level=None)
    try:
        _backup(reader, finished)  # the lock holder cannot be the backup's source
        kept = keep({"": finished})
    except BaseException:
        _remove(finished)
        raise
    finally:
        reader.close()
    try:
        _rebuild(live)
        audit(live, "main", kept)
        live.execute("COMMIT")
    except BaseException:
        _remove(kept)
        raise
    return kept


def _replace_file(live: sqlite3.Connection | None, database: Path, temporary: Path, keep: Callable,
                  audit: Callable, directory: int | None) -> Path:
    """The damaged case: keep the files' bytes, rename the verified copy in."""
    wal = Path(f"{database}-wal")
    finished: dict[str, Path] = {}
    try:
        finished[""] = _new_temporary(database.parent, database, "before-restore")
        _byte_copy(database, finished[""])
        if wal.exists() and wal.stat().st_size > 0:
            finished["-wal"] = _new_temporary(database.parent, database, "before-restore-wal")
            _byte_copy(wal, finished["-wal"])
        kept = keep(finished)
    except BaseException:
        _remove(*finished.values())
        raise
    new = sqlite3.connect(temporary, isolation_level=None)
    try:
        try:
            audit(new, "main", kept)
            new.execute("PRAGMA locking_mode = EXCLUSIVE")
            new.execute("BEGIN EXCLUSIVE")  # a command that opens the database waits for us
            _fsync(temporary)
        except BaseException:
            _remove(kept)
            raise
        os.replace(temporary, database)  # the point of no return
        if directory is not None:
            os.fsync(directory)
        if live is not None:
            live.close()  # the old file's last connection may tidy up its own -wal and -shm
        for stale in (wal, Path(f"{database}-shm")):
            with suppress(FileNotFoundError):
                os.unlink(stale)
        if directory is not None:
            os.fsync(directory)
        new.execute("COMMIT")
    finally:
        new.close()
    return kept


def _lock(database: Path, temporary: Path, timeout: float) -> tuple[sqlite3.Connection | None, bool]:
    """The live database under its write lock, with the candidate attached:
    (connection, healthy). (None, False) when SQLite cannot read it at all."""
    live = sqlite3.connect(database, timeout=timeout, isolation_level=None)
    try:
        live.execute("PRAGMA synchronous = FULL")
        live.execute("ATTACH DATABASE ? AS candidate", (str(temporary),))
        live.execute("BEGIN IMMEDIATE")
        rows = [finding for (finding,) in live.execute("PRAGMA main.quick_check")]
        live.execute("SELECT count(*) FROM main.sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        if isinstance(error, sqlite3.OperationalError) and not _is_damage(error):
            live.close()
            raise
        if not live.in_transaction:
            live.close()
            return None, False
        rows = ["damaged"]
    if rows == ["ok"]:
        return live, True
    # Damaged but lockable: keep the write lock, let the candidate go.
    live.execute("ROLLBACK")
    live.execute("DETACH DATABASE candidate")
    live.execute("BEGIN IMMEDIATE")
    return live, False


def restore(database: Path, source: Path, *, business_date: date, actor: str,
            now: Callable[[], datetime], stamp: str,
            busy_timeout: float = BUSY_TIMEOUT_SECONDS) -> Path:
    """Replace the database at ``database`` with the verified content of
    ``source``; return where the replaced database was kept."""
    from .storage import check_database_file

    check_database_file(source)
    folder = database.parent
    with _one_restore_at_a_time(folder, database, busy_timeout) as directory:
        temporary = _new_temporary(folder, database, "restore")
        try:
            with _failures_leave(database, source):
                candidate = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=5.0)
                try:
                    _backup(candidate, temporary)
                finally:
                    candidate.close()
            copy = sqlite3.connect(temporary, isolation_level=None)
            try:
                with _failures_leave(database, source):
                    verify_candidate(copy, source)
            finally:
                copy.close()
            keep = lambda finished: _publish(finished, folder, f"{database.name}.before-restore-{stamp}", directory)
            audit = lambda conn, schema, kept: _audit_restore(conn, schema, kept, business_date, actor, now)
            with _failures_leave(database, source):
                live, healthy = _lock(database, temporary, busy_timeout)
                try:
                    if healthy:
                        return _replace_in_place(live, database, temporary, keep, audit)
                    return _replace_file(live, database, temporary, keep, audit, directory)
                finally:
                    if live is not None:
                        live.close()
        finally:
            _remove(temporary)


@contextmanager
def _failures_leave(database: Path, source: Path) -> Iterator[None]:
    """Any failure of the machine: one sentence saying that the live
    database is as it was. (Refusals of the candidate pass through.)"""
    try:
        yield
    except DoorstroomError:
        raise
    except sqlite3.OperationalError as error:
        text = str(error)
        if "full" in text:
            raise EnvironmentFailure(
                "The disk is full; the restore was not done, the database {database} is unchanged "
                "and {backup} was not used.",
                database=database, backup=source,
            ) from None
        if "locked" in text or "busy" in text:
            raise EnvironmentFailure(
                "The database {database} is busy with another doorstroom command; the restore was "
                "not done and nothing was changed, try again in a moment.",
                database=database,
            ) from None
        raise _not_done(database, source, text) from None
    except OSError as error:
        import errno

        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise EnvironmentFailure(
                "The disk is full; the restore was not done, the database {database} is unchanged "
                "and {backup} was not used.",
                database=database, backup=source,
            ) from None
        raise _not_done(database, source, error.strerror or str(error)) from None
    except (sqlite3.Error, RuntimeError) as error:
        raise _not_done(database, source, str(error)) from None


def _not_done(database: Path, source: Path, problem: str) -> EnvironmentFailure:
    return EnvironmentFailure(
        "The restore was not done ({problem}); the database {database} is unchanged and {backup} "
        "was not used.",
        problem=" ".join(problem.split())[:120], database=database, backup=source,
    )
