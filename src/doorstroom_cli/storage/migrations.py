"""The database schema, built by numbered steps (m001_..., m002_...).

``STEPS`` is the one list of steps, in order; ``PRAGMA user_version`` is the
one record of what ran: the number of steps applied. ``apply`` runs the steps
after that number and sets it, inside the caller's transaction, so a step
that fails leaves both as they were, and opening an up-to-date database costs
one pragma. Versions up to m006 also recorded each step in sqlite-utils'
``_sqlite_migrations`` table; m007 drops it, so that every database at the
same version has the same schema. Never edit a step that has shipped: add a
new one.

The tables, in short (docs/design.md has the long version):

- ``dwellings``     the pool (R1), seeded from the packaged dwellings.csv.
- ``households``    who, by name; the name is the only personal detail here.
- ``applications``  one per intake (R5-R8): urgency, household size,
                    alternative avoided, agreements, registration date.
- ``stays``         one per placed application: dwelling and start date.
- ``extensions``    one row per week added, tacit or by hand (R3, R4).
- ``evaluations``   one row per evaluation talk (R4).
- ``closures``      one per ended application: a departure from a stay or
                    the withdrawal of a waiting application.
- ``open_cases``    the current state beside that history: one row per open
                    application, with its dwelling once placed. Its unique
                    keys make R1 (one household per dwelling) and R8 (one
                    open case per household) hold in the database itself.
- ``audit``         who changed what and when; never names or notes.
- ``settings``      per-database values, such as the secret key that makes
                    the pseudonymous stay ids of the export.
- ``dwelling_outages`` periods a dwelling is out of use (m003).
- ``stay_moves``    one row per move of a stay to another dwelling (m010).
- ``voids``, ``voided_*`` what ``undo`` took back (m012); ``outflow_steps`` (m013).
- ``followups``     one row per follow-up recorded after a departure (m014).
- ``applications.wijk`` the household's own wijk (m015).

What each later step changed (intake texts, name keys, indexes, the days
the records cover) its own docstring says.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .pool_file import default_pool_rows

Step = Callable[[sqlite3.Connection], None]
STEPS: list[Step] = []


def step(function: Step) -> Step:
    """Register a schema step; steps run in the order they are defined."""
    STEPS.append(function)
    return function


def _run(db, script: str) -> None:
    """Run each statement of a script inside the caller's transaction.

    (``executescript`` would commit first, which a migration must not do.)
    """
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


@step
def m001_schema(db) -> None:
    _run(
        db,
        """
        CREATE TABLE dwellings (
            code        TEXT PRIMARY KEY,
            label       TEXT NOT NULL,
            wijk        TEXT NOT NULL,
            max_persons INTEGER NOT NULL CHECK (max_persons >= 1),
            in_use      INTEGER NOT NULL DEFAULT 1 CHECK (in_use IN (0, 1))
        );
        CREATE TABLE households (
            id       INTEGER PRIMARY KEY,
            name     TEXT NOT NULL CHECK (trim(name) <> ''),
            name_key TEXT NOT NULL
        );
        CREATE INDEX households_by_name_key ON households (name_key);
        CREATE TABLE applications (
            id           INTEGER PRIMARY KEY,
            household_id INTEGER NOT NULL REFERENCES households (id),
            registered   TEXT NOT NULL CHECK (date(registered) IS registered),
            urgency      INTEGER NOT NULL CHECK (urgency BETWEEN 1 AND 5),
            alternative  TEXT NOT NULL CHECK (alternative IN
                ('maatschappelijke-opvang', 'pleegzorg', 'crisisopvang', 'anders')),
            adults       INTEGER NOT NULL CHECK (adults >= 1),
            children     INTEGER NOT NULL CHECK (children >= 0),
            agreements   TEXT
        );
        CREATE INDEX applications_by_household ON applications (household_id);
        CREATE TABLE stays (
            id             INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
            dwelling_code  TEXT NOT NULL REFERENCES dwellings (code),
            start          TEXT NOT NULL CHECK (date(start) IS start),
            out_of_order   INTEGER NOT NULL DEFAULT 0 CHECK (out_of_order IN (0, 1)),
            reason         TEXT
        );
        CREATE INDEX stays_by_dwelling ON stays (dwelling_code, start);
        CREATE TABLE extensions (
            id         INTEGER PRIMARY KEY,
            stay_id    INTEGER NOT NULL REFERENCES stays (id),
            granted_on TEXT NOT NULL CHECK (date(granted_on) IS granted_on),
            tacit      INTEGER NOT NULL CHECK (tacit IN (0, 1))
        );
        CREATE INDEX extensions_by_stay ON extensions (stay_id);
        CREATE TABLE evaluations (
            id          INTEGER PRIMARY KEY,
            stay_id     INTEGER NOT NULL REFERENCES stays (id),
            held_on     TEXT NOT NULL CHECK (date(held_on) IS held_on),
            cooperation TEXT NOT NULL CHECK (cooperation IN
                ('volledig', 'gedeeltelijk', 'onvoldoende')),
            note        TEXT
        );
        CREATE INDEX evaluations_by_stay ON evaluations (stay_id, id);
        CREATE TABLE closures (
            id             INTEGER PRIMARY KEY,
            application_id INTEGER NOT NULL UNIQUE REFERENCES applications (id),
            closed_on      TEXT NOT NULL CHECK (date(closed_on) IS closed_on),
            destination    TEXT NOT NULL CHECK (destination IN
                ('eigen-woning', 'omklapwoning', 'terug-naar-huis', 'netwerk',
                 'maatschappelijke-opvang', 'beschermd-wonen', 'crisisopvang',
                 'anders', 'onbekend')),
            note           TEXT
        );
        CREATE TABLE open_cases (
            application_id INTEGER PRIMARY KEY REFERENCES applications (id),
            household_id   INTEGER NOT NULL UNIQUE REFERENCES households (id),
            stay_id        INTEGER UNIQUE REFERENCES stays (id),
            dwelling_code  TEXT UNIQUE REFERENCES dwellings (code)
        );
        CREATE TABLE audit (
            id            INTEGER PRIMARY KEY,
            recorded_at   TEXT NOT NULL,
            business_date TEXT NOT NULL,
            actor         TEXT NOT NULL,
            action        TEXT NOT NULL,
            household_id  INTEGER REFERENCES households (id),
            detail        TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX audit_by_household ON audit (household_id, id)
        """,
    )


@step
def m002_default_pool(db) -> None:
    """Fill the pool with the six dwellings shipped in the package."""
    for row in default_pool_rows():
        db.execute(
            "INSERT INTO dwellings (code, label, wijk, max_persons, in_use) "
            "VALUES (:code, :label, :wijk, :max_persons, :in_use)",
            row,
        )


@step
def m003_pseudonyms_and_outages(db) -> None:
    """A secret per database for pseudonymous stay ids in exports, and the
    periods in which a dwelling was out of use (for capacity in the figures)."""
    import secrets

    _run(
        db,
        """
        CREATE TABLE settings (
            name  TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        CREATE TABLE dwelling_outages (
            id            INTEGER PRIMARY KEY,
            dwelling_code TEXT NOT NULL REFERENCES dwellings (code),
            first_day     TEXT NOT NULL CHECK (date(first_day) IS first_day),
            last_day      TEXT CHECK (last_day IS NULL OR
                                      (date(last_day) IS last_day AND last_day >= first_day)),
            reason        TEXT
        );
        CREATE INDEX dwelling_outages_by_dwelling ON dwelling_outages (dwelling_code, first_day)
        """,
    )
    db.execute(
        "INSERT INTO settings (name, value) VALUES ('pseudonym_key', ?)",
        (secrets.token_hex(32),),
    )


@step
def m004_audit_is_append_only(db) -> None:
    """The audit trail can be added to, never changed or shortened."""
    for event in ("UPDATE", "DELETE"):
        db.execute(
            f"CREATE TRIGGER audit_no_{event.lower()} BEFORE {event} ON audit "
            f"BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
        )


@step
def m005_intake_following_the_method(db) -> None:
    """Who guides the household, who referred it, and the three questions of
    the Housing First casework approach (what do you want, what can you do
    yourself, what do you need), all optional free text."""
    for column in ("wijkcoach", "referrer", "wish", "own_effort", "needs"):
        db.execute(f"ALTER TABLE applications ADD COLUMN {column} TEXT")


def _name_key_2026(text: str) -> str:
    """The name key as m006 computes it: a frozen copy of
    ``rules.name_key`` at the time of the step. A migration must mean the
    same thing forever, so it does not import rules; tests/storage/test_migrations.py
    fails when the two drift apart, and a changed key then needs a new step
    that recomputes the keys again."""
    import unicodedata

    folded = unicodedata.normalize("NFKC", text).casefold().replace("\u0131", "i")
    kept = "".join(
        char
        for char in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


@step
def m006_name_keys_fold_case_width_and_accents(db) -> None:
    """One household however its name is typed: recompute every name key
    with the folded key (case, width, diacritics, the dotless ı). A purged
    household keeps its empty key. ``name_key`` is indexed, not unique, so
    two households whose keys now coincide (the same family registered
    twice under two spellings by an older version) both stay as they are:
    nothing is merged, and an intake or ``show`` under that name lists
    both and asks for the id."""
    rows = db.execute("SELECT id, name, name_key FROM households WHERE name_key <> ''").fetchall()
    for household, name, old_key in rows:
        # A name of accents alone would fold to '' (the mark of a purged
        # household): it keeps the key it had.
        db.execute(
            "UPDATE households SET name_key = ? WHERE id = ?",
            (_name_key_2026(name) or old_key, household),
        )


@step
def m007_user_version_is_the_one_record(db) -> None:
    """Up to m006 each step was recorded twice: in ``PRAGMA user_version``
    and, by sqlite-utils, as a row of ``_sqlite_migrations`` (the same
    steps, written in the same transaction). The count alone is kept; the
    table goes, so a database upgraded from any version has the same schema
    as a new one (a restore compares a backup's schema with it)."""
    db.execute("DROP TABLE IF EXISTS _sqlite_migrations")


@step
def m008_figures_start_from_the_period(db) -> None:
    """The report and a period's export read the departures and extensions
    of the period through these, instead of every row of history."""
    _run(
        db,
        """
        CREATE INDEX closures_by_day ON closures (closed_on);
        CREATE INDEX extensions_by_day ON extensions (granted_on)
        """,
    )


@step
def m009_records_from_and_until(db) -> None:
    """The first and the last business day of the records (settings
    ``records_from`` and ``records_until``): the figures count capacity from
    the first on, not from the start of a period the tool held no data for,
    and a day before the last is one whose pool ``status`` rebuilds from the
    history (storage/history.py). Each change keeps them; for an existing
    database they are the earliest and latest day in its records."""
    for name, extreme in (("records_from", "min"), ("records_until", "max")):
        db.execute(
            f"""
            INSERT INTO settings (name, value)
            SELECT ?, {extreme}(day) FROM (
                SELECT business_date AS day FROM audit
                UNION ALL SELECT registered FROM applications
                UNION ALL SELECT start FROM stays
                UNION ALL SELECT closed_on FROM closures
            ) WHERE date(day) IS day AND day BETWEEN '2000-01-01' AND '2099-12-31'
            HAVING {extreme}(day) IS NOT NULL
            """,
            (name,),
        )


@step
def m010_stay_moves(db) -> None:
    """A household may move to another dwelling while its stay goes on. The
    stay keeps its row (and the dwelling it began in); each move is a row of
    its own, so "where did this stay sleep on night N" has one answer: the
    ``to_dwelling`` of its last move on or before N, else the stay's own.
    (Numbered m010 in the plan of issue 11: m009 is another branch's step.)"""
    _run(
        db,
        """
        CREATE TABLE stay_moves (
            id            INTEGER PRIMARY KEY,
            stay_id       INTEGER NOT NULL REFERENCES stays (id),
            from_dwelling TEXT NOT NULL REFERENCES dwellings (code),
            to_dwelling   TEXT NOT NULL REFERENCES dwellings (code),
            moved_on      TEXT NOT NULL CHECK (date(moved_on) IS moved_on),
            reason        TEXT,
            CHECK (to_dwelling <> from_dwelling)
        );
        CREATE INDEX stay_moves_by_stay ON stay_moves (stay_id, id)
        """,
    )


@step
def m012_undo_voids(db) -> None:
    """What ``undo`` needs (m012 in issue 11's plan: it follows m009-m011).
    ``audit.change_id``: the first audit row of the same command (NULL on
    that row and on older ones), so undo takes back a command whole.
    ``voids``: the audit entries an undo took back (append-only).
    ``voided_<table>``: a history table's twin; a row taken back moves there
    (free text emptied) with ``voided_by``, so no reader of the table counts
    it and its UNIQUE keys hold when the change is made again."""
    columns = {
        "applications": """household_id INTEGER NOT NULL REFERENCES households (id),
            registered TEXT NOT NULL, urgency INTEGER NOT NULL, alternative TEXT NOT NULL,
            adults INTEGER NOT NULL, children INTEGER NOT NULL, agreements TEXT,
            wijkcoach TEXT, referrer TEXT, wish TEXT, own_effort TEXT, needs TEXT""",
        "stays": """application_id INTEGER NOT NULL, dwelling_code TEXT NOT NULL,
            start TEXT NOT NULL, out_of_order INTEGER NOT NULL, reason TEXT""",
        "extensions": "stay_id INTEGER NOT NULL, granted_on TEXT NOT NULL, tacit INTEGER NOT NULL",
        "evaluations": """stay_id INTEGER NOT NULL, held_on TEXT NOT NULL,
            cooperation TEXT NOT NULL, note TEXT""",
        "closures": """application_id INTEGER NOT NULL, closed_on TEXT NOT NULL,
            destination TEXT NOT NULL, note TEXT""",
        "dwelling_outages": """dwelling_code TEXT NOT NULL, first_day TEXT NOT NULL,
            last_day TEXT, reason TEXT""",
        "stay_moves": """stay_id INTEGER NOT NULL, from_dwelling TEXT NOT NULL,
            to_dwelling TEXT NOT NULL, moved_on TEXT NOT NULL, reason TEXT""",
    }
    statements = [
        """CREATE TABLE voids (
            audit_id      INTEGER PRIMARY KEY REFERENCES audit (id),
            undo_audit_id INTEGER NOT NULL REFERENCES audit (id)
        )""",
        "ALTER TABLE audit ADD COLUMN change_id INTEGER REFERENCES audit (id)",
        "CREATE INDEX audit_by_change ON audit (change_id) WHERE change_id IS NOT NULL",
        "CREATE INDEX audit_by_day ON audit (business_date, actor)",
    ]
    for table, body in columns.items():
        statements.append(
            f"CREATE TABLE voided_{table} (id INTEGER PRIMARY KEY, {body},"
            " voided_by INTEGER NOT NULL REFERENCES audit (id))"
        )
    for event in ("UPDATE", "DELETE"):
        statements.append(
            f"CREATE TRIGGER voids_no_{event.lower()} BEFORE {event} ON voids "
            f"BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END"
        )
    for statement in statements:
        db.execute(statement)


from .migration_outflow import m013_outflow_steps  # noqa: E402 (issue 14 §1, in its own module)
step(m013_outflow_steps)
from .migration_followups import m014_followups  # noqa: E402 (issue 14 §2, in its own module)
step(m014_followups)
from .migration_wijk import m015_household_wijk  # noqa: E402 (issue 14 §4, in its own module)
step(m015_household_wijk)
from .migration_quarter import m016_stays_by_start  # noqa: E402 (issue 12, in its own module)
step(m016_stays_by_start)


SCHEMA_VERSION = len(STEPS)
"""What ``PRAGMA user_version`` says once every step has run."""


def apply(conn: sqlite3.Connection, version: int) -> None:
    """Run the steps after the first ``version`` and record how many have
    run, inside the caller's open transaction (all of it, or none of it)."""
    for function in STEPS[version:]:
        function(conn)
    conn.execute(f"PRAGMA user_version = {len(STEPS)}")
