"""SQLite's failures as one sentence each, read-only opening, and the check that a file is a whole doorstroom database."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.errors import EnvironmentFailure, InvalidInput, Refused

if TYPE_CHECKING:
    pass
from .migrations import SCHEMA_VERSION


def _open_read_only(path: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot change the file (backups, checks, completion)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)


def file_facts(path: Path) -> tuple[str, set[str], int]:
    """What decides whether a file is a whole doorstroom database, read
    without changing it: integrity_check's finding, its tables, its
    user_version. SQLite's errors are the caller's to word."""
    conn = _open_read_only(path)
    try:
        (result,) = conn.execute("PRAGMA integrity_check").fetchone()
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        (version,) = conn.execute("PRAGMA user_version").fetchone()
    finally:
        conn.close()
    return result, tables, version


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
        result, tables, version = file_facts(path)
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


def made_here(conn: sqlite3.Connection) -> bool:
    """Whether an existing file may be brought up to date as a doorstroom
    database: one without any table (new, or empty), or one that carries a
    doorstroom mark. Every database since m003 has the export's secret in
    ``settings``; the oldest ones (m001-m002) have sqlite-utils'
    ``_sqlite_migrations`` record of the doorstroom steps, which m007 drops.
    Either tells a doorstroom database of any age from another program's
    file, whatever that file's ``user_version``."""
    (objects,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    if not objects:
        return True
    marks = (
        "SELECT 1 FROM settings WHERE name = 'pseudonym_key'",
        "SELECT 1 FROM _sqlite_migrations WHERE migration_set = 'doorstroom'",
    )
    for mark in marks:
        try:
            if conn.execute(mark).fetchone() is not None:
                return True
        except sqlite3.OperationalError:  # no such table (or another tool's of that name)
            continue
    return False
