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
   stored name keys equal to ``rules.name_key``, the commands' caps.
4. Foreign keys, then the rows against each other (``CONSISTENCY``): the
   open cases are exactly the applications without a closure, with their
   own stay and dwelling; nothing ends before it began; no stay extended
   past ``rules.LAST_PLANNED_DEPARTURE``. Last, the export's key.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from functools import lru_cache
from pathlib import Path

from . import migrations
from .checks import file_facts
from ..core import rules
from ..core.dates import EARLIEST, LATEST
from ..core.errors import N_, EnvironmentFailure, InvalidInput
from ..core.texts import invisible_character, refused_character

DATE_MIN = EARLIEST.isoformat()
DATE_MAX = LATEST.isoformat()
"""Every stored date lies in the window the tool accepts (core/dates.py)."""

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


# -- Its rows ---------------------------------------------------------------


def _plain(text: object, multiline: int) -> int:
    """1 when ``text`` is plain as texts.check wants it (SQL function)."""
    return int(isinstance(text, str) and refused_character(text, multiline=bool(multiline)) is None)


def _visible(text: object) -> int:
    """1 when ``text`` is as texts.check_visible keeps a name: in NFC, with
    no invisible format character (Cf)."""
    return int(isinstance(text, str) and unicodedata.is_normalized("NFC", text)
               and invisible_character(text) is None)


def _name_key(text: object) -> str | None:
    return rules.name_key(text) if isinstance(text, str) else None


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
        ("max_persons", _integer(1, rules.MOST_PERSONS)), ("in_use", _FLAG),
    ],
    "households": [
        ("id", _KEY), ("name", _LINE + " AND doorstroom_visible({c})"),
        # '' marks a purged household (its name is gone); any other key is the name's.
        ("name_key", "typeof({c}) = 'text' AND ({c} = '' OR {c} IS doorstroom_name_key(name))"),
    ],
    "applications": [
        ("id", _KEY), ("household_id", _KEY), ("registered", _DAY),
        ("urgency", _integer(rules.URGENCY_LOWEST, rules.URGENCY_HIGHEST)),
        ("alternative", _one_of(rules.Alternative)),
        ("adults", _integer(1, rules.MOST_PERSONS)),
        ("children", _integer(0, rules.MOST_PERSONS) + f" AND adults + {{c}} <= {rules.MOST_PERSONS}"),
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
                  " OR name <> 'quick_check')"
                  " AND (date({c}) IS {c} AND {c} BETWEEN '" + DATE_MIN + "' AND '" + DATE_MAX + "'"
                  " OR name NOT IN ('records_from', 'records_until'))"),
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


# What the rows must satisfy together, as (table, query giving the rowid of the
# first row that does not, what is wrong with it). Run after the foreign keys
# are known to hold. The last one keeps every date computation in range: a
# stay's planned departure is its start plus six weeks plus a week a row.
CONSISTENCY: list[tuple[str, str, str]] = [
    ("applications",
     "SELECT a.id FROM applications a WHERE NOT EXISTS (SELECT 1 FROM closures c WHERE c.application_id = a.id)"
     " AND NOT EXISTS (SELECT 1 FROM open_cases o WHERE o.application_id = a.id) ORDER BY a.id",
     N_("the application has no closure, but no open case either")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o JOIN closures c ON c.application_id = o.application_id"
     " ORDER BY o.application_id",
     N_("its application is closed")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o JOIN applications a ON a.id = o.application_id"
     " WHERE o.household_id IS NOT a.household_id ORDER BY o.application_id",
     N_("it names another household than its application")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o LEFT JOIN stays s ON s.application_id = o.application_id"
     " WHERE o.stay_id IS NOT s.id OR o.dwelling_code IS NOT s.dwelling_code ORDER BY o.application_id",
     N_("its stay or dwelling is not that of its application's stay")),
    ("stays",
     "SELECT s.id FROM stays s JOIN applications a ON a.id = s.application_id"
     " WHERE s.start < a.registered ORDER BY s.id",
     N_("the stay starts before its application was registered")),
    ("closures",
     "SELECT c.id FROM closures c JOIN applications a ON a.id = c.application_id"
     " WHERE c.closed_on < a.registered ORDER BY c.id",
     N_("the application is closed before it was registered")),
    ("closures",
     "SELECT c.id FROM closures c JOIN stays s ON s.application_id = c.application_id"
     " WHERE c.closed_on < s.start ORDER BY c.id",
     N_("the stay ends before it starts")),
    ("stays",
     f"SELECT s.id FROM stays s WHERE julianday(s.start) + {rules.STAY_DAYS} + {rules.EXTENSION_DAYS}"
     " * (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id)"
     f" > julianday('{rules.LAST_PLANNED_DEPARTURE.isoformat()}') ORDER BY s.id",
     N_("its extensions carry the planned departure past the last day doorstroom keeps")),
]


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


