"""The schema grows by steps: from every earlier version, once, all or nothing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database, Migrations

from doorstroom_cli import service
from doorstroom_cli.storage import checks, migrations

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import DoorstroomError
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

TODAY = date(2026, 11, 23)


LAST_THROUGH_SQLITE_UTILS = 6
"""Up to m006, doorstroom ran its steps through sqlite_utils.Migrations."""


def database_at_version(path, version: int) -> None:
    """A database as an older doorstroom with only the first steps made it:
    up to m006 the way those versions did, through sqlite-utils (which also
    kept its _sqlite_migrations table), after that with the steps alone."""
    conn = sqlite3.connect(path, isolation_level=None)
    steps = Migrations("doorstroom")
    for function in migrations.STEPS[: min(version, LAST_THROUGH_SQLITE_UTILS)]:
        steps()(function)
    conn.execute("BEGIN")
    steps.apply(Database(conn, execute_plugins=False))
    for function in migrations.STEPS[LAST_THROUGH_SQLITE_UTILS:version]:
        function(conn)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.execute("COMMIT")
    conn.close()


def test_the_old_databases_are_made_as_their_versions_made_them(tmp_path):
    database_at_version(tmp_path / "v6.db", LAST_THROUGH_SQLITE_UTILS)
    with sqlite3.connect(tmp_path / "v6.db") as conn:
        names = [n for (n,) in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert names == [step.__name__ for step in migrations.STEPS[:LAST_THROUGH_SQLITE_UTILS]]


def schema(path) -> list:
    with sqlite3.connect(path) as conn:
        return sorted(conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"))


@pytest.mark.parametrize("version", range(1, migrations.SCHEMA_VERSION))
def test_a_database_of_every_earlier_version_is_brought_up_to_date(db_path, tmp_path, version):
    database_at_version(db_path, version)
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
        assert len(service.status(store, TODAY).pool.stays) == 1
    Store(tmp_path / "new.db", actor="test", now=fixed(NOW)).close()
    assert schema(db_path) == schema(tmp_path / "new.db")  # _sqlite_migrations too is gone


def test_a_step_that_fails_halfway_leaves_schema_and_version_as_they_were(db_path, monkeypatch):
    database_at_version(db_path, migrations.SCHEMA_VERSION)
    before = schema(db_path)

    def m999_broken(db):
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("power cut in the middle of a step")

    monkeypatch.setattr(migrations, "STEPS", [*migrations.STEPS, m999_broken])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", migrations.SCHEMA_VERSION + 1)
    monkeypatch.setattr("doorstroom_cli.storage.connection.SCHEMA_VERSION", migrations.SCHEMA_VERSION)
    with pytest.raises(RuntimeError):
        Store(db_path, actor="test", now=fixed(NOW))
    assert schema(db_path) == before
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION - 1


OPENER = """
import sys
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

Store(sys.argv[1], actor="opener", now=fixed("2026-11-23T06:00:00+00:00")).close()
"""


@pytest.mark.slow
def test_processes_opening_an_old_database_at_once_apply_each_step_once(db_path):
    database_at_version(db_path, 1)
    openers = [subprocess.Popen([sys.executable, "-c", OPENER, str(db_path)], stderr=subprocess.PIPE, text=True)
               for _ in range(4)]
    for opener in openers:
        _, errors = opener.communicate(timeout=60)
        assert opener.returncode == 0, errors
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM dwellings").fetchone()[0] == 6
        assert conn.execute("SELECT count(*) FROM settings").fetchone()[0] == 1


def test_a_database_from_a_newer_doorstroom_is_refused_not_modified(db_path):
    database_at_version(db_path, migrations.SCHEMA_VERSION)
    with sqlite3.connect(db_path) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    before = db_path.read_bytes()
    with pytest.raises(DoorstroomError, match="newer version"):
        Store(db_path, actor="test", now=fixed(NOW))
    assert db_path.read_bytes() == before


def _household_rows_as_version_5_kept_them(path, names):
    """Households written as doorstroom did before m006: key = casefold."""
    database_at_version(path, 5)
    with sqlite3.connect(path) as conn:
        for name in names:
            conn.execute("INSERT INTO households (name, name_key) VALUES (?, ?)", (name, name.casefold()))
        conn.execute("INSERT INTO households (name, name_key) VALUES ('(removed 5)', '')")  # purged


def test_m006_recomputes_the_name_keys_and_keeps_a_purged_household_without_one(db_path):
    nfd = "Zoe\u0308 Jansen"
    _household_rows_as_version_5_kept_them(db_path, ["Zoë Jansen", nfd, "Yılmaz", "Çelik"])
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        keys = dict(store.conn.execute("SELECT id, name_key FROM households"))
        assert keys == {1: "zoe jansen", 2: "zoe jansen", 3: "yilmaz", 4: "celik", 5: ""}
        # The two spellings that an older version kept apart stay two households
        # (name_key is not unique): nothing is merged, the key now finds both.
        assert store.households_keyed(rules.household_key("ZOE JANSEN")) == [(1, "Zoë Jansen"), (2, nfd)]


@given(name=st.text(min_size=1, max_size=20))
@settings(max_examples=300, deadline=None)
def test_the_frozen_key_of_m006_is_the_key_rules_use_today(name):
    """When rules.name_key changes, this fails: add a step that recomputes
    the keys (m006 itself must keep meaning what it meant)."""
    assert migrations._name_key_2026(name) == rules.name_key(name)


# -- another program's SQLite file ----------------------------------------------

FOREIGN = {
    "a browser's history": ["CREATE TABLE moz_places (url)", "INSERT INTO moz_places VALUES ('https://example.org')"],
    "a file that counts its own versions": ["CREATE TABLE notes (text)", "PRAGMA user_version = 3"],
    "a view alone": ["CREATE VIEW answer AS SELECT 42"],
    "another sqlite-utils migration set": [
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT, applied_at TEXT)",
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('webshop', 'm001', 'x')",
        "CREATE TABLE households (id INTEGER PRIMARY KEY, name TEXT)",
    ],
    "a table named like the ledger": ["CREATE TABLE _sqlite_migrations (x)", "PRAGMA user_version = 6"],
    "a newer version number than ours": ["CREATE TABLE t (x)", "PRAGMA user_version = 70"],
    "its own write-ahead log": ["PRAGMA journal_mode = WAL", "CREATE TABLE t (x)"],
}


@pytest.mark.parametrize("statements", FOREIGN.values(), ids=FOREIGN.keys())
def test_another_programs_sqlite_file_is_refused_and_left_byte_identical(tmp_path, statements):
    from conftest import Doorstroom

    path = tmp_path / "app.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        conn.execute(statement)
    conn.close()
    before = path.read_bytes()
    doorstroom = Doorstroom(path)
    for arguments in (["status"], ["status", "--json"], ["admit", "Jansen", "--urgency", "3", "--alternative",
                      "anders"], ["log"], ["backup"], ["purge", "--before", "2026-11-01", "--dry-run"]):
        result = doorstroom(*arguments)
        assert result.exit_code == 3, (arguments, result.output)
        assert result.stderr == f"Error: {path} is not a doorstroom database; nothing was changed " \
                                "(give doorstroom a file of its own).\n"
        assert result.stdout == ""
    with pytest.raises(DoorstroomError, match="not a doorstroom database"):
        Store(path, actor="test", now=fixed(NOW))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.sqlite"]  # no -wal, -shm, backups/


def test_an_empty_file_or_an_sqlite_file_without_tables_becomes_a_new_database(tmp_path):
    empty, blank = tmp_path / "empty.db", tmp_path / "blank.db"
    empty.touch(mode=0o600)
    conn = sqlite3.connect(blank, isolation_level=None)
    conn.execute("VACUUM")  # a valid SQLite file, with a header and no objects
    conn.close()
    blank.chmod(0o600)
    assert blank.stat().st_size > 0
    for path in (empty, blank):
        with Store(path, actor="test", now=fixed(NOW)) as store:
            assert store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
            assert store.conn.execute("SELECT count(*) FROM dwellings").fetchone()[0] == 6


def test_a_doorstroom_database_whose_user_version_was_reset_is_refused_not_rebuilt(db_path):
    """PRAGMA user_version is the one record of the steps that ran (no
    version ever left its tables without it: both are written in one
    transaction). A file of ours whose version was reset by hand is
    recognised as doorstroom's (made_here), but its steps cannot be
    replayed: it is refused in one sentence and its tables stay as they were."""
    from doorstroom_cli.core.errors import EnvironmentFailure

    database_at_version(db_path, 3)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 0")
        assert checks.made_here(conn)
    conn.close()
    before = schema(db_path)
    with pytest.raises(EnvironmentFailure):
        Store(db_path, actor="test", now=fixed(NOW))
    assert schema(db_path) == before
