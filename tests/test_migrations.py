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

from doorstroom_cli import migrations, rules, service
from doorstroom_cli.errors import DoorstroomError
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
    monkeypatch.setattr("doorstroom_cli.storage.SCHEMA_VERSION", migrations.SCHEMA_VERSION)
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
