"""What restore accepts as a backup: a whole doorstroom file, exactly the
tool's own schema, and rows the commands themselves could have written.

SQL and files only, read-only on the backup itself (restore.py copies it
before ``verify_candidate`` migrates and reads the copy). Every refusal is
about the backup (``InvalidInput``, exit 2) and names the first problem;
only a failure of the machine (busy, I/O) is an ``EnvironmentFailure``.

The checks, in order:

1. ``check_backup_file``: a file SQLite can read as a database, passing
   ``integrity_check``, with doorstroom's tables, not from a newer version.
2. The schema: once migrated, ``sqlite_master`` equals what the migrations
   create (``reference_schema``), and the record of steps is the tool's own.
3. Each row, column by column (``ROW_CHECKS``): the commands' input checks
   as queries (not only CHECK constraints, which a file written with
   ``ignore_check_constraints`` does not honour): types, enum values, the
   date window, plain text, names in NFC without invisible characters,
   stored name keys equal to ``rules.name_key``, the commands' caps; an
   application's wijk (m015) one visible line, and none in a voided one.
4. Foreign keys, then the rows against each other (``CONSISTENCY``): the
   open cases are exactly the applications without a closure, with their
   own stay and dwelling (where its last move took it); each move of a
   stay leaves the dwelling the stay was in, between its start and its
   departure, in order; nothing ends before it began; no stay extended
   past ``rules.LAST_PLANNED_DEPARTURE``; a follow-up (m014: ``followups``,
   after one of ``rules.FOLLOWUP_MONTHS``) lies after its stay's departure;
   what undo voided (m012: ``voids``
   and the ``voided_*`` twins) was voided by an undo (or a withdrawn period
   by ``dwellings back``) and holds no id still in use; no step of the
   route out (m013: ``outflow_steps``) lies before its application's
   registration. Last, the export's key.
"""

from __future__ import annotations

import sqlite3
from functools import lru_cache
from pathlib import Path

from . import migrations
from .checks import file_facts
from .row_checks import CONSISTENCY, ROW_CHECKS, _name_key, _plain, _visible
from ..core.errors import EnvironmentFailure, InvalidInput

_IGNORED = ("sqlite_sequence",)
_TABLES = {"dwellings", "households", "applications", "stays", "audit"}


# -- The file -----------------------------------------------------------------


def check_backup_file(path: Path) -> int:
    """Read ``path`` (read-only) and refuse it unless it is a whole
    doorstroom database this version can restore; returns its schema
    version. A file that is no database, is damaged, is someone else's or
    is from a newer version is the wrong input (exit 2); only a busy file
    or a failing disk is the machine's (exit 3)."""
    if not path.is_file():
        raise InvalidInput(
            "{path} is not a file, so it cannot be restored; the database was not changed.",
            path=path,
        )
    try:
        result, tables, version = file_facts(path)
    except sqlite3.OperationalError as error:
        text = str(error)
        if "locked" in text or "busy" in text or "disk I/O" in text:
            raise EnvironmentFailure(
                "The backup {path} cannot be read now ({problem}); the database was not changed, "
                "try again in a moment.",
                path=path, problem=" ".join(text.split())[:120],
            ) from None
        raise InvalidInput(
            "The backup {path} cannot be opened ({problem}); the database was not changed.",
            path=path, problem=" ".join(text.split())[:120],
        ) from None
    except sqlite3.DatabaseError:
        raise InvalidInput(
            "{path} is not a doorstroom backup (SQLite cannot read it as a database); the database "
            "was not changed.",
            path=path,
        ) from None
    if result != "ok":
        raise InvalidInput(
            "The backup {path} is damaged ({problem}), so it cannot be restored; the database was "
            "not changed.",
            path=path, problem=" ".join(result.replace("*", "").split())[:120],
        )
    if not _TABLES <= tables:
        raise InvalidInput(
            "{path} is not a doorstroom backup (it lacks doorstroom's tables); the database was "
            "not changed.",
            path=path,
        )
    if version > migrations.SCHEMA_VERSION:
        raise InvalidInput(
            "The backup {path} was made by a newer version of doorstroom, which this version "
            "cannot restore; the database was not changed.",
            path=path,
        )
    return version


# -- Its schema ---------------------------------------------------------------


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
        migrations.apply(conn, 0)
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
            migrations.apply(conn, version)
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
    # The schema record is PRAGMA user_version alone (migrations.py): the
    # migrated copy holds SCHEMA_VERSION, and the schema itself was compared.
    conn.create_function("doorstroom_plain", 2, _plain, deterministic=True)
    conn.create_function("doorstroom_visible", 1, _visible, deterministic=True)
    conn.create_function("doorstroom_name_key", 1, _name_key, deterministic=True)
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
    for table, query, problem in CONSISTENCY:
        row = conn.execute(query + " LIMIT 1").fetchone()
        if row is not None:
            raise InvalidInput(
                "{path} cannot be restored: row {row} of table {table} contradicts the other records "
                "({problem}); the database was not changed.",
                path=source, row=row[0], table=table, problem=problem,
            )
    if conn.execute("SELECT count(*) FROM settings WHERE name = 'pseudonym_key'").fetchone()[0] != 1:
        raise InvalidInput(
            "{path} cannot be restored: it has no key for the export's pseudonyms; the database "
            "was not changed.",
            path=source,
        )


