"""Restoring a backup: only the tool's own kind of file, and all or nothing.

SQL and files only (no Typer, no sentences other than the errors' templates).
A restore runs in this order:

0. The database path is resolved (a symbolic link's target is what gets
   locked, kept and replaced), and refused like every command refuses it
   (``locations``: a network file system; the file, -wal or -shm of another
   user, writable by others, or a -wal/-shm link). Then the backup file is
   checked (``candidate.check_backup_file``).
1. One restore per folder at a time (``flock`` on the folder; a second one
   waits, then is refused). Leftover temporary files of a killed restore
   are removed.
2. The candidate is copied (SQLite's backup API) into a new owner-only
   temporary file in the database's folder, migrated there, and verified
   (``candidate.verify_candidate``): exactly the tool's own schema, every
   row passing the commands' own input checks, the rows consistent with
   each other. The candidate itself is only read.
3. The write lock on the live database is taken (``BEGIN IMMEDIATE``) and
   ``quick_check`` run under it; the private-file checks run again, now
   that SQLite has the -wal and -shm open.
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
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import date, datetime
from pathlib import Path

from .. import clock
from ..files import sync_file
from .candidate import _schema, check_backup_file, reference_schema, verify_candidate
from .connection import BUSY_TIMEOUT_SECONDS  # one wait for every command; tests shorten it here
from ..core.errors import DoorstroomError, EnvironmentFailure


_CORRUPT = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB


# -- Files --------------------------------------------------------------------


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
    sync_file(target)


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
            sync_file(temporary)
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
            busy_timeout: float | None = None) -> Path:
    """Replace the database at ``database`` with the verified content of
    ``source``; return where the replaced database was kept. ``busy_timeout``
    defaults to ``BUSY_TIMEOUT_SECONDS``, read when the restore begins."""
    if busy_timeout is None:
        busy_timeout = BUSY_TIMEOUT_SECONDS
    database = check_live_files(database, source)
    check_backup_file(source)
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
                    check_live_files(database, source)  # again, now that SQLite has its -wal and -shm open
                    if healthy:
                        return _replace_in_place(live, database, temporary, keep, audit)
                    return _replace_file(live, database, temporary, keep, audit, directory)
                finally:
                    if live is not None:
                        live.close()
        finally:
            _remove(temporary)


def check_live_files(database: Path, source: Path) -> Path:
    """The resolved path of the database to restore over, once nobody else
    can reach or swap it (what every command's Store checks, and the files
    beside the link's target, where SQLite keeps its -wal and -shm)."""
    from ..locations import check_private_files, refuse_network_filesystem

    resolved = Path(os.path.realpath(database))
    with _failures_leave(resolved, source):
        refuse_network_filesystem(resolved)
        check_private_files(Path(database))
        if resolved != Path(database):
            check_private_files(resolved)
    return resolved


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
                "The database {database} is busy with another program; the restore was not done "
                "and nothing was changed, try again in a moment.",
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
