"""The store: schema, transactions, permissions and failures of the file."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from doorstroom_cli import service
from doorstroom_cli.storage import migrations

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import EnvironmentFailure, Refused
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

TODAY = date(2026, 11, 23)
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(db_path):
    with Store(db_path, actor="test", now=fixed(NOW)) as opened:
        yield opened


def test_a_new_database_gets_the_schema_and_the_default_pool(store):
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    tables = {name for (name,) in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "_sqlite_migrations" not in tables  # user_version is the one record of the steps
    pool = store.load_pool(TODAY)
    assert [(d.code, d.max_persons, d.in_use) for d in pool.dwellings] == [
        ("W1", 2, True), ("W2", 4, True), ("W3", 4, True),
        ("W4", 5, True), ("W5", 6, True), ("W6", 3, True),
    ]


def test_reopening_applies_nothing_again(db_path, monkeypatch):
    Store(db_path, actor="test", now=fixed(NOW)).close()
    ran = []
    monkeypatch.setattr(migrations, "STEPS", [lambda db, step=step: ran.append(step) for step in migrations.STEPS])
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        assert ran == []
        assert store.conn.execute("SELECT count(*) FROM dwellings").fetchone()[0] == 6


def test_the_default_pool_ships_once_in_the_package():
    assert resources.files("doorstroom_cli").joinpath("data/dwellings.csv").is_file()
    copies = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if not name.startswith(".") and name not in {"build", "dist"}]
        copies += [str(Path(folder, name).relative_to(ROOT)) for name in files if name == "dwellings.csv"]
    assert copies == ["src/doorstroom_cli/data/dwellings.csv"]  # one pool file, no copy to keep equal


def test_connection_settings(store):
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_the_file_is_owner_only_even_under_a_permissive_umask(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "private.db"
        with Store(path, actor="test", now=fixed(NOW)) as store:
            service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
            for companion in (Path(f"{path}-wal"), Path(f"{path}-shm")):
                assert companion.exists()
                assert stat.S_IMODE(companion.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    finally:
        os.umask(old)


WRITES = [
    lambda s: service.admit(s, TODAY, "Visser", urgency=2, alternative=rules.Alternative.PLEEGZORG),
    lambda s: service.extend(s, TODAY, "W1", 1),
    lambda s: service.extend_auto(s, date(2027, 1, 4)),
    lambda s: service.evaluate(s, TODAY, "W1", rules.Cooperation.VOLLEDIG, "goed gesprek"),
    lambda s: service.release(s, TODAY, "W1", rules.Destination.NETWERK, None),
    lambda s: service.move(s, TODAY, "W1", "W2", "lekkage"),
]


@pytest.mark.parametrize("write", WRITES)
def test_every_write_begins_immediate_before_its_first_read(store, write):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    write(store)
    store.conn.set_trace_callback(None)
    assert statements[0] == "BEGIN IMMEDIATE"
    assert statements[-1] == "COMMIT"
    assert any(s.lstrip().startswith("INSERT INTO audit") for s in statements)


def test_a_refused_change_leaves_no_trace(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    audit_rows = store.conn.execute("SELECT count(*) FROM audit").fetchone()[0]
    with pytest.raises(Refused):
        service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == audit_rows
    assert store.conn.execute("SELECT count(*) FROM applications").fetchone()[0] == 1
    assert not store.conn.in_transaction


def test_a_failure_halfway_a_change_rolls_all_of_it_back(store, monkeypatch):
    def broken_stay(placement):
        raise RuntimeError("disk pulled out")

    monkeypatch.setattr(store, "add_stay", broken_stay)
    with pytest.raises(RuntimeError):
        service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    for table in ("households", "applications", "open_cases", "audit"):
        assert store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table


def test_the_database_refuses_two_households_in_one_dwelling(store):
    """R1 holds in the schema too, should a rule ever let it slip."""
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    with store.writing(TODAY):
        visser = store.add_application(
            "Visser", rules.Application(None, None, TODAY, 3), rules.Alternative.ANDERS, None
        )
    with pytest.raises(Refused, match="would break a rule"):
        with store.writing(TODAY):
            store.add_stay(rules.Placement(visser, "W1", TODAY))
    assert store.load_pool(TODAY).waiting == (visser,)


def test_writes_outside_a_transaction_are_a_programming_error(store):
    with pytest.raises(RuntimeError):
        store.add_application("X", rules.Application(None, None, TODAY, 3), rules.Alternative.ANDERS, None)


def test_a_writer_waits_for_another_and_then_gives_up_with_a_sentence(db_path):
    Store(db_path, actor="test", now=fixed(NOW)).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with Store(db_path, actor="test", now=fixed(NOW), busy_timeout=0.2) as store:
            with pytest.raises(EnvironmentFailure, match="busy with another program;") as caught:
                service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
            assert caught.value.exit_code == 3
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        assert store.load_pool(TODAY).waiting == () and store.load_pool(TODAY).stays == ()


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    path = tmp_path / "agenda.db"
    path.write_bytes(b"not sqlite at all" * 300)
    with pytest.raises(EnvironmentFailure, match="not a doorstroom database") as caught:
        Store(path, actor="test", now=fixed(NOW))
    assert caught.value.exit_code == 3


def test_a_read_only_database_refuses_changes_with_a_sentence(db_path):
    # query_only makes SQLite refuse writes as a read-only file does (file
    # permissions would not stop root, who runs these tests in CI).
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        store.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(EnvironmentFailure, match="read-only") as caught:
            service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
        assert caught.value.exit_code == 3


def test_audit_rows_carry_no_names_or_notes(store):
    service.admit(store, TODAY, "Anouk de Wit", urgency=3, alternative=rules.Alternative.PLEEGZORG,
                  agreements="neemt contact op met schuldhulp")
    service.evaluate(store, TODAY, "W1", rules.Cooperation.ONVOLDOENDE, "kwam niet opdagen")
    service.release(store, TODAY, "W1", rules.Destination.NETWERK, "bij zus ingetrokken")
    rows = store.conn.execute("SELECT * FROM audit").fetchall()
    assert [row[4] for row in rows] == ["register", "place", "evaluate", "depart"]
    text = repr(rows).lower()
    for secret in ("anouk", "wit", "schuldhulp", "opdagen", "zus"):
        assert secret not in text


def test_history_is_appended_never_overwritten(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    service.evaluate(store, TODAY, "W1", rules.Cooperation.ONVOLDOENDE)
    service.evaluate(store, date(2026, 12, 1), "W1", rules.Cooperation.VOLLEDIG)
    service.extend(store, date(2026, 12, 2), "W1", 2)
    service.release(store, date(2026, 12, 30), "W1", rules.Destination.EIGEN_WONING)
    count = lambda table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    assert (count("evaluations"), count("extensions"), count("closures"), count("stays")) == (2, 2, 1, 1)
    assert count("open_cases") == 0


def test_a_change_whose_commit_fails_is_rolled_back_whole(store):
    """A deferred foreign key fails at COMMIT: the transaction must not stay open."""
    with pytest.raises(Refused):
        with store.writing(TODAY):
            store.conn.execute("PRAGMA defer_foreign_keys = ON")
            store.add_application(
                "Jansen", rules.Application(None, None, TODAY, 3), rules.Alternative.ANDERS, None
            )
            store.conn.execute("UPDATE open_cases SET household_id = 999")
    assert not store.conn.in_transaction
    assert store.conn.execute("SELECT count(*) FROM households").fetchone()[0] == 0
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 0


def test_the_audit_trail_cannot_be_changed_or_shortened(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    for statement in ("UPDATE audit SET actor = 'someone else'", "DELETE FROM audit"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.conn.execute(statement)
    assert store.conn.execute("SELECT count(*) FROM audit").fetchone()[0] == 2


def test_a_full_disk_gives_a_sentence_and_changes_nothing(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    with pytest.raises(EnvironmentFailure, match="disk is full") as caught:
        for n in range(200):
            service.admit(store, TODAY, f"Huishouden {n} " + "x" * 500, urgency=1,
                          alternative=rules.Alternative.ANDERS, agreements="y" * 2000)
    assert caught.value.exit_code == 3
    assert not store.conn.in_transaction
    count = lambda sql: store.conn.execute(sql).fetchone()[0]
    # The admit that hit the full disk left nothing: every intake has its audit row.
    assert count("SELECT count(*) FROM applications") == count("SELECT count(*) FROM audit WHERE action = 'register'")
    assert count("SELECT count(*) FROM open_cases") == count("SELECT count(*) FROM applications")
    assert count("PRAGMA integrity_check") == "ok"


def test_the_first_change_of_a_day_refuses_a_damaged_file(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    service.admit(store, TODAY, "Bakker", urgency=3, alternative=rules.Alternative.ANDERS)
    store.conn.set_trace_callback(None)
    assert "PRAGMA quick_check" not in statements  # once a day is enough
    # Damage: an index that no admit reads now points at another index's pages.
    roots = dict(store.conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index'"))
    store.conn.execute("PRAGMA writable_schema = ON")
    store.conn.execute(
        "UPDATE sqlite_master SET rootpage = ? WHERE name = 'audit_by_household'",
        (roots["evaluations_by_stay"],),
    )
    store.conn.execute("PRAGMA writable_schema = OFF")
    store.close()
    with Store(store.path, actor="test", now=fixed("2026-11-24T06:00:00+00:00")) as damaged:
        before = damaged.conn.execute("SELECT count(*) FROM applications").fetchone()[0]
        with pytest.raises(EnvironmentFailure, match="is damaged .*doorstroom restore FILE"):
            service.admit(damaged, TODAY, "Smit", urgency=3, alternative=rules.Alternative.ANDERS)
        assert damaged.conn.execute("SELECT count(*) FROM applications").fetchone()[0] == before


def test_a_move_is_a_row_of_its_own_and_the_open_case_follows_it(store):
    service.admit(store, TODAY, "Anouk de Wit", urgency=3, alternative=rules.Alternative.ANDERS)
    before = store.conn.execute("SELECT * FROM stays").fetchall()
    service.move(store, TODAY, "W1", "w3", "lekkage bij Anouk")
    assert store.conn.execute("SELECT * FROM stays").fetchall() == before  # the stay keeps where it began
    assert store.conn.execute("SELECT id, stay_id, from_dwelling, to_dwelling, moved_on, reason FROM stay_moves"
                              ).fetchall() == [(1, 1, "W1", "W3", "2026-11-23", "lekkage bij Anouk")]
    assert store.conn.execute("SELECT stay_id, dwelling_code FROM open_cases").fetchall() == [(1, "W3")]
    [living] = store.load_pool(TODAY).stays
    assert (living.id, living.dwelling, living.start, living.last_move) == (1, "W3", TODAY, TODAY)
    action, household, detail = store.conn.execute(
        "SELECT action, household_id, detail FROM audit ORDER BY id DESC LIMIT 1").fetchone()
    assert (action, household) == ("move", 1)
    assert json.loads(detail) == {"move": 1, "stay": 1, "from": "W1", "to": "W3", "reason": True}
    assert "anouk" not in detail.lower() and "lekkage" not in detail


def test_the_database_refuses_a_move_into_an_occupied_dwelling(store):
    """R1 holds in the schema for moves too, should a rule ever let one slip."""
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    service.admit(store, TODAY, "Visser", urgency=3, alternative=rules.Alternative.ANDERS)
    jansen = store.load_pool(TODAY).stay_in("W1")
    with pytest.raises(Refused, match="would break a rule"):
        with store.writing(TODAY):
            store.add_move(rules.Move(jansen, "W6", TODAY))
    assert store.conn.execute("SELECT count(*) FROM stay_moves").fetchone()[0] == 0
    assert store.load_pool(TODAY).stay_in("W1") == jansen


def test_purge_removes_the_reason_of_a_move(store):
    service.admit(store, TODAY, "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
    service.move(store, TODAY, "W1", "W3", "lekkage bij Jansen")
    service.release(store, TODAY, "W3", rules.Destination.NETWERK)
    service.purge(store, date(2026, 11, 24), date(2026, 11, 24), dry_run=False)
    assert store.conn.execute("SELECT from_dwelling, to_dwelling, reason FROM stay_moves").fetchall() == [
        ("W1", "W3", None)
    ]


def test_a_change_of_many_audit_rows_moves_the_records_days_once(store):
    """``extend --auto`` writes an audit row per stay it extends, all with
    the day it runs: records_from/records_until are moved by the first row
    alone (two statements per change, not two per row), to the same days."""
    for name in ("Jansen", "Bakker", "Visser"):
        service.admit(store, TODAY, name, urgency=3, alternative=rules.Alternative.ANDERS)
    statements: list[str] = []
    store.conn.set_trace_callback(statements.append)
    day = date(2027, 1, 4)
    plan = service.extend_auto(store, day)
    store.conn.set_trace_callback(None)
    assert len(plan.extended) == 3
    assert sum(s.lstrip().startswith("INSERT INTO audit") for s in statements) == 3
    assert sum(s.startswith("INSERT INTO settings") and "records_" in s for s in statements) == 2
    assert store.records_from() == TODAY and store.records_until() == day
