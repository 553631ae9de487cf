"""restore: only the tool's own kind of file, and all or nothing.

A backup is refused unless, once migrated, its schema is exactly the one
the tool creates and every row passes the tool's own checks; a restore
that fails leaves the live database as it was; a kill at any moment leaves
the old or the new database, whole; and no change that reported success is
lost, whoever was writing during the restore.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from doorstroom_cli.storage import migrations
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store, check_database_file

from test_crashes import check_whole
from test_migrations import database_at_version

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock


def admit(doorstroom, name, **options):
    arguments = ["admit", name, "--urgency", "3", "--alternative", "anders"]
    for option, value in options.items():
        arguments += [f"--{option}", value]
    result = doorstroom(*arguments)
    assert result.exit_code == 0, result.output


def names(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {name for (name,) in conn.execute("SELECT name FROM households")}
    finally:
        conn.close()


def kept_files(folder: Path) -> list[Path]:
    """The kept files (not the temporary files a killed restore leaves, whose names begin with a dot)."""
    return sorted(p for p in folder.glob("doorstroom.db.before-restore-*") if not p.name.endswith(("-wal", "-journal")))


@pytest.fixture
def backup(doorstroom, tmp_path):
    """A live database with Jansen, Visser (who left) and Bakker, and a
    backup of it from before Bakker came."""
    admit(doorstroom, "Jansen", agreements="eerste gesprek\nen een tweede regel", wijk="Oost")
    admit(doorstroom, "Visser")
    left = doorstroom("release", "2", "--destination", "netwerk", "--note", "verhuisd")
    assert left.exit_code == 0, left.output
    copy = tmp_path / "kopie.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    admit(doorstroom, "Bakker")
    return copy


def assert_refused(doorstroom, db_path, source, *words, code=2):
    """The restore is refused with one sentence holding ``words``, and the
    live database and its folder are exactly as they were."""
    before = doorstroom.dump()
    files = sorted(p.name for p in db_path.parent.iterdir())
    result = doorstroom("restore", str(source), "--yes")
    assert result.exit_code == code, result.output
    assert result.stderr.count("\n") == 1, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr
    assert doorstroom.dump() == before
    assert sorted(p.name for p in db_path.parent.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        name for name in files if not name.endswith(("-wal", "-shm"))
    ]
    return result.stderr


def tampered(source: Path, target: Path, *statements: str) -> Path:
    """A copy of ``source`` changed with SQL, as someone could with the sqlite3 shell."""
    target.write_bytes(source.read_bytes())
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        conn.execute("PRAGMA ignore_check_constraints = ON")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()
    return target


# -- A file that is no usable backup: the input is wrong (exit 2) ----------------------


def unusable_backup(kind: str, backup: Path, tmp_path: Path) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "text":
        path.write_text("geen database\n" * 50)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "newer":
        path.write_bytes(backup.read_bytes())
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION + 1}")
    elif kind == "foreign":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE t (x)")
    elif kind == "damaged":
        path.write_bytes(backup.read_bytes())
        with sqlite3.connect(path) as conn:  # an index whose entries are not its table's
            conn.execute("PRAGMA writable_schema = ON")
            conn.execute("UPDATE sqlite_master SET sql = replace(sql, '(household_id, id)', '(id, household_id)')"
                         " WHERE name = 'audit_by_household'")
    elif kind == "folder":
        path.mkdir()
    return path


@pytest.mark.parametrize("kind", ["text", "empty", "newer", "foreign", "damaged", "folder", "missing"])
def test_a_file_that_is_no_usable_backup_is_refused_as_wrong_input_about_the_backup(
    doorstroom, db_path, backup, tmp_path, kind
):
    """Exit 2 (the backup is the wrong input), one sentence that names the
    backup and does not tell the user to restore one: that is what failed."""
    source = unusable_backup(kind, backup, tmp_path)
    stderr = assert_refused(doorstroom, db_path, source, str(source), code=2)
    assert "doorstroom restore" not in stderr and "put back from a backup" not in stderr
    assert "the database was not changed" in stderr


# -- Only the tool's own schema ------------------------------------------------------


@pytest.mark.parametrize(
    "statements, words",
    [
        (  # names copied elsewhere: they would survive purge
            ["CREATE TABLE copied (name TEXT)",
             "CREATE TRIGGER keep_names AFTER INSERT ON households BEGIN "
             "INSERT INTO copied VALUES (new.name); END"],
            ["extra table copied"],
        ),
        (  # a release hidden from log
            ["CREATE TRIGGER hide AFTER INSERT ON audit WHEN new.actor = 'x' BEGIN "
             "DELETE FROM audit WHERE id = new.id; END"],
            ["extra trigger hide"],
        ),
        (["DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_delete"], ["trigger audit_no_delete is missing"]),
        (["CREATE VIEW everyone AS SELECT name FROM households"], ["extra view everyone"]),
        (["CREATE INDEX by_name ON households (name)"], ["extra index by_name"]),
        (["DROP INDEX audit_by_household", "CREATE INDEX audit_by_household ON audit (household_id)"],
         ["index audit_by_household differs"]),
    ],
    ids=["copying-trigger", "audit-deleting-trigger", "append-only-dropped", "view", "index", "changed-index"],
)
def test_a_backup_whose_schema_is_not_the_tools_own_is_refused(doorstroom, db_path, backup, tmp_path, statements, words):
    source = tampered(backup, tmp_path / "anders.db", *statements)
    assert_refused(doorstroom, db_path, source, "not doorstroom's own schema", *words)


# -- Only rows the tool would accept ----------------------------------------------------


@pytest.mark.parametrize(
    "statement, table, column",
    [
        ("UPDATE applications SET alternative = '=HYPERLINK(\"http://x\",\"klik\")'", "applications", "alternative"),
        ("UPDATE closures SET destination = '=1+1'", "closures", "destination"),
        ("UPDATE applications SET urgency = 9", "applications", "urgency"),
        ("UPDATE applications SET urgency = 'drie'", "applications", "urgency"),
        ("UPDATE applications SET adults = 0", "applications", "adults"),
        ("UPDATE stays SET start = '1999-12-31'", "stays", "start"),
        ("UPDATE applications SET registered = '2100-01-01'", "applications", "registered"),
        ("UPDATE applications SET registered = '23-11-2026'", "applications", "registered"),
        ("UPDATE households SET name = 'Jan' || char(27) || '[2J'", "households", "name"),
        ("UPDATE closures SET note = 'abc' || char(8238) || 'def'", "closures", "note"),
        ("UPDATE dwellings SET max_persons = -1 WHERE code = 'W1'", "dwellings", "max_persons"),
        ("UPDATE settings SET value = 'geen sleutel' WHERE name = 'pseudonym_key'", "settings", "value"),
        ("INSERT INTO audit (recorded_at, business_date, actor, action, detail)"
         " VALUES ('2026-11-23T06:00:00+00:00', '2026-11-23', 'x', 'register', 'geen json')", "audit", "detail"),
        # Beyond the commands' caps (rules.MOST_PERSONS).
        ("UPDATE applications SET adults = 21", "applications", "adults"),
        ("UPDATE applications SET children = 9223372036854775807", "applications", "children"),
        ("UPDATE applications SET adults = 12, children = 9", "applications", "children"),
        ("UPDATE dwellings SET max_persons = 21 WHERE code = 'W1'", "dwellings", "max_persons"),
        # Names as the commands keep them: NFC, no invisible characters, the key of the name.
        ("UPDATE households SET name = 'Zoe' || char(776) || ' Jansen' WHERE id = 1", "households", "name"),
        ("UPDATE households SET name = 'Jan' || char(8203) || 'sen' WHERE id = 1", "households", "name"),
        ("UPDATE households SET name_key = 'bakker' WHERE id = 1", "households", "name_key"),
        # The household's own wijk (m015): one visible line, as admit --wijk keeps it.
        ("UPDATE applications SET wijk = 'Oost' || char(10) || 'West'", "applications", "wijk"),
        ("UPDATE applications SET wijk = ' '", "applications", "wijk"),
        ("UPDATE applications SET wijk = 'Oo' || char(8203) || 'st'", "applications", "wijk"),
    ],
    ids=["formula-alternative", "formula-destination", "urgency-9", "urgency-text", "no-adults", "before-2000",
         "after-2099", "not-iso", "escape-in-name", "bidi-in-note", "negative-capacity", "bad-key", "detail",
         "adults-21", "children-huge", "persons-21", "capacity-21",
         "name-not-nfc", "name-zero-width", "name-key-of-another",
         "wijk-two-lines", "wijk-blank", "wijk-zero-width"],
)
def test_a_backup_with_rows_the_tool_would_not_accept_is_refused(doorstroom, db_path, backup, tmp_path, statement, table, column):
    source = tampered(backup, tmp_path / "rijen.db", statement)
    assert_refused(doorstroom, db_path, source, f"of table {table} has a value in {column}")


def test_a_backup_with_a_row_pointing_nowhere_is_refused(doorstroom, db_path, backup, tmp_path):
    source = tampered(backup, tmp_path / "los.db", "UPDATE stays SET dwelling_code = 'W9'")
    assert_refused(doorstroom, db_path, source, "of table stays refers to a row that does not exist")


# The fixture's backup: Jansen (household 1, application 1) lives in a dwelling,
# Visser (2) left; both were admitted on 2026-11-23 and placed at once.
@pytest.mark.parametrize(
    "statements, table, row, problem",
    [
        (["DELETE FROM open_cases WHERE application_id = 1"],
         "applications", 1, "has no closure, but no open case either"),
        (["INSERT INTO open_cases (application_id, household_id) VALUES (2, 2)"],
         "open_cases", 2, "its application is closed"),
        (["UPDATE open_cases SET household_id = 2 WHERE application_id = 1"],
         "open_cases", 1, "names another household"),
        (["UPDATE open_cases SET stay_id = NULL, dwelling_code = NULL WHERE application_id = 1"],  # W? looks free
         "open_cases", 1, "its stay or dwelling is not that of its application's stay"),
        (["UPDATE open_cases SET dwelling_code = (SELECT min(code) FROM dwellings WHERE code <>"
          " (SELECT dwelling_code FROM stays WHERE application_id = 1)) WHERE application_id = 1"],
         "open_cases", 1, "its stay or dwelling is not that of its application's stay"),
        (["UPDATE open_cases SET stay_id = 2 WHERE application_id = 1"],
         "open_cases", 1, "its stay or dwelling is not that of its application's stay"),
        (["UPDATE stays SET start = '2026-11-22' WHERE application_id = 1"],
         "stays", 1, "starts before its application was registered"),
        (["UPDATE closures SET closed_on = '2026-11-22'"],
         "closures", 1, "closed before it was registered"),
        (["UPDATE applications SET registered = '2026-11-01' WHERE id = 2",
          "UPDATE stays SET start = '2026-11-20' WHERE application_id = 2",
          "UPDATE closures SET closed_on = '2026-11-19'"],
         "closures", 1, "the stay ends before it starts"),
        (["UPDATE applications SET registered = '2099-12-01' WHERE id = 1",
          "UPDATE stays SET start = '2099-12-01' WHERE application_id = 1",
          "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 12)"
          " INSERT INTO extensions (stay_id, granted_on, tacit) SELECT 1, '2099-12-31', 1 FROM n"],
         "stays", 1, "carry the planned departure past the last day"),
    ],
    ids=["open-without-case", "closed-with-case", "case-of-another-household", "placed-shown-waiting",
         "case-in-another-dwelling", "case-with-another-stay", "stay-before-registration",
         "closure-before-registration", "closure-before-stay", "extended-past-the-last-day"],
)
def test_a_backup_whose_records_contradict_each_other_is_refused(
    doorstroom, db_path, backup, tmp_path, statements, table, row, problem
):
    with sqlite3.connect(backup) as conn:  # what the crafted rows below rely on
        assert conn.execute("SELECT application_id, household_id, stay_id FROM open_cases").fetchall() == [(1, 1, 1)]
        assert conn.execute("SELECT application_id FROM closures").fetchall() == [(2,)]
        assert conn.execute("SELECT DISTINCT registered FROM applications").fetchall() == [("2026-11-23",)]
    source = tampered(backup, tmp_path / "tegenstrijdig.db", *statements)
    assert_refused(doorstroom, db_path, source, f"row {row} of table {table} contradicts the other records", problem)


def test_a_backup_of_everything_the_commands_can_make_passes_every_check(doorstroom, db_path, tmp_path):
    """The demo's quarter (stays, extensions, evaluations, departures,
    withdrawals, outages) and a purged household: the checks refuse
    nothing the tool itself writes."""
    assert doorstroom("demo").exit_code == 0, "demo"
    assert doorstroom("purge", "--before", "2026-11-23", "--yes").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM households WHERE name_key = ''").fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM extensions").fetchone()[0] > 0
    copy = tmp_path / "demo-kopie.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    before = doorstroom.dump()
    doorstroom.json("restore", str(copy), "--yes")
    after = doorstroom.dump()
    assert set(before) < set(after) and len(after) == len(before) + 1  # and the audit row of the restore


def test_a_backup_no_step_can_migrate_is_refused_and_an_older_one_is_brought_up_to_date(doorstroom, db_path, tmp_path):
    admit(doorstroom, "Jansen")
    # One version behind by its number, but what the last step makes (m016,
    # an index) is already there.
    broken = tmp_path / "half.db"
    database_at_version(broken, migrations.SCHEMA_VERSION)
    with sqlite3.connect(broken) as conn:
        conn.execute(f"PRAGMA user_version = {migrations.SCHEMA_VERSION - 1}")
    assert_refused(doorstroom, db_path, broken, "cannot be brought up to this version", "already exists")
    assert doorstroom("status").exit_code == 0
    older = tmp_path / "oud.db"
    database_at_version(older, 3)
    document = doorstroom.json("restore", str(older), "--yes")
    assert Path(document["previous"]).exists()
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION
    assert doorstroom.json("log", "--limit", "1")["entries"][0]["action"] == "restore"
    admit(doorstroom, "Smit")


# -- A failure changes nothing, and says so -------------------------------------------


class FullDisk(sqlite3.Connection):
    """A connection whose disk fills up at one chosen moment of the restore."""

    moment = ""
    database = ""

    def _fills(self, target: sqlite3.Connection | None, sql: str = "") -> bool:
        if target is not None:
            (file,) = [row[2] for row in target.execute("PRAGMA database_list") if row[1] == "main"]
            name = Path(file).name
            return {
                "copying the backup": ".restore-" in name,
                "keeping the current database": "before-restore" in name,
                "replacing the database": file == FullDisk.database,
            }[FullDisk.moment]
        return FullDisk.moment == "replacing the database" and sql.startswith("INSERT INTO main.")

    def backup(self, target, *args, **kwargs):
        if self._fills(target):
            raise sqlite3.OperationalError("database or disk is full")
        return super().backup(target, *args, **kwargs)

    def execute(self, sql, *args):
        if self._fills(None, sql):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, *args)


@pytest.mark.parametrize("moment", ["copying the backup", "keeping the current database", "replacing the database"])
def test_a_full_disk_during_restore_leaves_the_database_unchanged_and_says_so(
    doorstroom, db_path, backup, monkeypatch, moment
):
    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: connect(*a, **{**k, "factory": FullDisk}))
    FullDisk.moment, FullDisk.database = moment, str(db_path)
    Store(db_path, actor="test", now=fixed(NOW)).close()  # all in the main file, so its bytes can be compared
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    main_file = db_path.read_bytes()
    stderr = assert_refused(doorstroom, db_path, backup, "The disk is full", "restore was not done",
                            f"the database {db_path} is unchanged", code=3)
    assert str(backup) in stderr
    assert db_path.read_bytes() == main_file
    assert names(db_path) == {"Jansen", "Visser", "Bakker"}
    FullDisk.moment = "nothing"
    monkeypatch.setattr(FullDisk, "_fills", lambda *a: False)
    doorstroom.json("restore", str(backup), "--yes")  # once there is room, it works
    assert names(db_path) == {"Jansen", "Visser"}


def test_a_restore_while_another_program_holds_the_write_lock_says_so_and_changes_nothing(
    doorstroom, db_path, backup, monkeypatch
):
    from doorstroom_cli.storage import restore as safekeeping

    monkeypatch.setattr(safekeeping, "BUSY_TIMEOUT_SECONDS", 0.2)
    holder = sqlite3.connect(db_path, isolation_level=None)  # not doorstroom: the sqlite3 shell, say
    holder.execute("BEGIN IMMEDIATE")
    try:
        stderr = assert_refused(doorstroom, db_path, backup, f"The database {db_path} is busy with another program;",
                                "the restore was not done", code=3)
        assert "doorstroom command" not in stderr
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert names(db_path) == {"Jansen", "Visser", "Bakker"}


# -- A kill at any moment --------------------------------------------------------------

RESTORER = """
import sys
import sqlite_utils
from doorstroom_cli import service
from doorstroom_cli.cli import app

try:  # warm up: the first restore should take as long as the others
    from doorstroom_cli.storage import restore as safekeeping
    safekeeping.reference_schema()
except ImportError:
    pass
database, sources = sys.argv[1], sys.argv[2:]
print("ready", flush=True)
for n in range(1000):
    try:
        app(["--db", database, "restore", sources[n % len(sources)], "--yes", "--json"])
    except SystemExit as end:
        assert end.code in (0, None), end.code
"""


KILLS = 100
AT_LEAST = 3
"""Of each outcome (restored; old database; damaged database untouched):
proof that the kills hit every phase of a restore, not only its start."""

CALIBRATOR = """
import os, shutil, sys, time
from doorstroom_cli.storage import restore as safekeeping
from doorstroom_cli.cli import app

safekeeping.reference_schema()
database, start, source = sys.argv[1:4]
durations = []
for n in range(3):
    for leftover in os.listdir(os.path.dirname(database)):
        os.unlink(os.path.join(os.path.dirname(database), leftover))
    shutil.copyfile(start, database)
    began = time.monotonic()
    try:
        app(["--db", database, "restore", source, "--yes", "--json"])
    except SystemExit as end:
        assert end.code in (0, None), end.code
    durations.append(time.monotonic() - began)
print(sorted(durations)[1])
"""


def one_restore_takes(folder: Path, start: Path, source: Path) -> float:
    """How long one restore over ``start`` takes on this machine now (the
    median of three, untimed: only to spread the kills over a restore)."""
    run = subprocess.run([sys.executable, "-c", CALIBRATOR, str(folder / "doorstroom.db"), str(start), str(source)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return float(run.stdout.split()[-1])


def make_database(path: Path, households: list[str]) -> None:
    from datetime import date

    from doorstroom_cli import service

    from doorstroom_cli.core import rules

    with Store(path, actor="setup", now=fixed(NOW)) as store:
        for name in households:
            service.admit(store, date(2026, 11, 23), name, urgency=3, alternative=rules.Alternative.ANDERS)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


@pytest.mark.slow
def test_sigkill_at_random_moments_during_restore_leaves_the_old_or_the_new_database_whole(tmp_path):
    """Half of the kills hit a restore over a healthy database (the process
    restores two backups in turn), half a restore over a damaged one. The
    moments are spread over 0..1.5 times what one restore takes on this
    machine (measured first), so a slow or loaded machine is hit in the same
    phases as a fast one; should the luck of the draw still leave an outcome
    short, further kills aim at it (before or after one restore's time)."""
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "doorstroom.db"
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    make_database(first, ["A1", "A2"])
    make_database(second, ["B1", "B2", "B3"])
    make_database(tmp_path / "old.db", ["O1"])
    damaged = bytearray((tmp_path / "old.db").read_bytes())
    damaged[0:16] = b"\xde\xad\xbe\xef" * 4
    (tmp_path / "damaged.db").write_bytes(bytes(damaged))
    takes = {
        False: one_restore_takes(folder, tmp_path / "old.db", first),
        True: one_restore_takes(folder, tmp_path / "damaged.db", first),
    }
    rng = random.Random(11)
    outcomes: dict[str, int] = {"restored": 0, "old": 0, "damaged, untouched": 0}

    def kill_once(over_damage: bool, after: float) -> None:
        for leftover in folder.iterdir():
            leftover.unlink()
        database.write_bytes(bytes(damaged) if over_damage else (tmp_path / "old.db").read_bytes())
        restorer = subprocess.Popen(
            [sys.executable, "-c", RESTORER, str(database), str(first), str(second)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert restorer.stdout.readline().strip() == "ready", restorer.stderr.read()
        try:
            restorer.wait(timeout=after)
        except subprocess.TimeoutExpired:
            os.kill(restorer.pid, signal.SIGKILL)
        assert restorer.wait() == -signal.SIGKILL, restorer.stderr.read()
        restorer.stdout.close()
        restorer.stderr.close()
        if over_damage and database.read_bytes() == bytes(damaged):
            outcome = "damaged, untouched"
        else:
            check_whole(database)  # read-write first: it recovers the log of a killed writer
            check_database_file(database)
            found = names(database)
            assert found in ({"A1", "A2"}, {"B1", "B2", "B3"}, {"O1"}), found
            outcome = "old" if found == {"O1"} else "restored"
        outcomes[outcome] += 1
        for kept in kept_files(folder):  # a kept file is only ever there whole
            if kept.read_bytes() != bytes(damaged):
                check_database_file(kept)

    for kill in range(KILLS):
        over_damage = kill % 2 == 1
        kill_once(over_damage, rng.uniform(0.0, 1.5 * takes[over_damage]))
    for extra in range(KILLS):
        short = [outcome for outcome, count in outcomes.items() if count < AT_LEAST]
        if not short:
            break
        over_damage = short[0] == "damaged, untouched" or (short[0] == "restored" and extra % 2 == 1)
        one = takes[over_damage]
        kill_once(over_damage, rng.uniform(one, 3 * one) if short[0] == "restored" else rng.uniform(0.0, one / 2))
    print("outcomes of the kills:", outcomes, "one restore takes:", takes)
    assert min(outcomes.values()) >= AT_LEAST, outcomes


# -- Writers during restores -----------------------------------------------------------

WRITER = """
import sys
from datetime import date
from doorstroom_cli import service
from doorstroom_cli.core import rules
from doorstroom_cli.clock import fixed
from doorstroom_cli.core.errors import EnvironmentFailure
from doorstroom_cli.storage import Store

path, worker, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Store(path, actor=f"worker-{worker}", now=fixed("2026-11-23T06:00:00+00:00")) as store:
    for n in range(rounds):
        name = f"w{worker}-{n}"
        try:
            service.admit(store, date(2026, 11, 23), name, urgency=3, alternative=rules.Alternative.ANDERS)
        except EnvironmentFailure as failure:
            print("failed", failure, file=sys.stderr, flush=True)
            continue
        print(name, flush=True)  # reported success
"""


@pytest.mark.slow
def test_every_change_that_reported_success_survives_restores_made_meanwhile(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "doorstroom.db"
    sources = [tmp_path / "a.db", tmp_path / "b.db"]
    make_database(sources[0], ["A1"])
    make_database(sources[1], ["B1", "B2"])
    make_database(database, ["O1"])
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(database), str(n), "120"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    from conftest import Doorstroom

    doorstroom = Doorstroom(database)
    restores = 0
    while any(writer.poll() is None for writer in writers) or restores < 5:
        doorstroom.json("restore", str(sources[restores % 2]), "--yes")
        restores += 1
    reported = set()
    for writer in writers:
        out, errors = writer.communicate()
        assert writer.returncode == 0, errors
        reported |= set(out.split())
    everywhere = names(database)
    for kept in kept_files(folder):
        everywhere |= names(kept)
    assert len(reported) >= 300 and restores >= 5
    assert reported - everywhere == set()


# -- Two restores at once --------------------------------------------------------------


@pytest.mark.slow
def test_two_restores_at_once_both_keep_what_they_replace(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    database = folder / "doorstroom.db"
    sources = [tmp_path / "a.db", tmp_path / "b.db"]
    make_database(sources[0], ["A1"])
    make_database(sources[1], ["B1", "B2"])
    make_database(database, ["O1"])
    environment = {**os.environ, "DOORSTROOM_DB": str(database)}
    for attempt in range(5):
        runs = [
            subprocess.Popen([sys.executable, "-m", "doorstroom_cli", "restore", str(source), "--yes", "--json"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
            for source in sources
        ]
        results = [run.communicate() for run in runs]
        for run, (out, errors) in zip(runs, results):
            assert run.returncode == 0, errors
        previous = [Path(json.loads(out)["previous"]) for out, _ in results]
        assert previous[0] != previous[1] and all(p.exists() for p in previous)
    kept = kept_files(folder)
    assert len(kept) == 10
    contents = sorted(sorted(names(k)) for k in kept)
    assert contents.count(["O1"]) == 1  # the first one kept the original, every other kept a restored one
    assert all(c in (["A1"], ["B1", "B2"], ["O1"]) for c in contents)


# -- A damaged database replaced under a command that has it open ----------------------


def test_a_command_that_had_the_replaced_file_open_cannot_write_into_it(doorstroom, db_path, backup):
    from datetime import date

    from doorstroom_cli import service

    from doorstroom_cli.core import rules
    from doorstroom_cli.core.errors import EnvironmentFailure

    with sqlite3.connect(db_path) as conn:  # damage: an index points at another index's pages
        roots = dict(conn.execute("SELECT name, rootpage FROM sqlite_master WHERE type = 'index'"))
        conn.execute("PRAGMA writable_schema = ON")
        conn.execute("UPDATE sqlite_master SET rootpage = ? WHERE name = 'audit_by_household'",
                     (roots["evaluations_by_stay"],))
    with Store(db_path, actor="open", now=fixed(NOW)) as store:
        store.conn.execute("INSERT OR REPLACE INTO settings (name, value) VALUES ('quick_check', '2026-11-23')")
        document = doorstroom.json("restore", str(backup), "--yes")
        assert Path(document["previous"]).exists()
        with pytest.raises(EnvironmentFailure, match="was replaced by a restore"):
            service.admit(store, date(2026, 11, 23), "Smit", urgency=3, alternative=rules.Alternative.ANDERS)
    assert names(db_path) == {"Jansen", "Visser"}


# -- A database reached through a symbolic link ----------------------------------------


@pytest.mark.parametrize("damaged", [True, False], ids=["damaged", "healthy"])
def test_a_restore_through_a_linked_database_replaces_the_file_the_link_points_to(tmp_path, damaged):
    from conftest import Doorstroom

    real, linked = tmp_path / "echt", tmp_path / "link"
    real.mkdir()
    linked.mkdir()
    database = real / "doorstroom.db"
    make_database(database, ["O1"])
    (linked / "doorstroom.db").symlink_to(database)
    backup = tmp_path / "a.db"
    make_database(backup, ["A1"])
    if damaged:
        with open(database, "r+b") as file:
            file.write(b"\xde\xad\xbe\xef" * 4)
    document = Doorstroom(linked / "doorstroom.db").json("restore", str(backup), "--yes")
    assert (linked / "doorstroom.db").is_symlink() and os.readlink(linked / "doorstroom.db") == str(database)
    assert [p.name for p in linked.iterdir()] == ["doorstroom.db"]
    assert names(database) == {"A1"}
    assert Path(document["previous"]).parent == real and kept_files(real) == [Path(document["previous"])]


def test_a_restore_through_a_link_waits_for_the_restore_in_the_folder_of_the_file(tmp_path):
    """The lock that orders restores is on the folder of the file itself."""
    import fcntl

    from doorstroom_cli.storage import restore as safekeeping
    from doorstroom_cli.core.errors import EnvironmentFailure

    real, linked = tmp_path / "echt", tmp_path / "link"
    real.mkdir()
    linked.mkdir()
    make_database(real / "doorstroom.db", ["O1"])
    (linked / "doorstroom.db").symlink_to(real / "doorstroom.db")
    make_database(tmp_path / "a.db", ["A1"])
    folder = os.open(real, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)  # another restore of the same file, under way
        with pytest.raises(EnvironmentFailure, match="Another restore"):
            safekeeping.restore(linked / "doorstroom.db", tmp_path / "a.db", business_date=date(2026, 11, 23),
                                actor="test", now=fixed(NOW), stamp="20261123T060000Z", busy_timeout=0.2)
    finally:
        os.close(folder)
    assert names(real / "doorstroom.db") == {"O1"}


# -- Moves (m010): their rows, and how they agree with the stays and open cases ---------


@pytest.fixture
def moved_backup(doorstroom, tmp_path):
    """Jansen (household 1, stay 1) placed in W1 on 2026-11-01 and moved to
    W3 on 2026-11-10 (move 1); Visser (2, stay 2) placed in W1 on 2026-11-12,
    moved to W2 on 2026-11-15 (move 2) and left on 2026-11-20."""
    for arguments, today in [
        (["admit", "Jansen", "--urgency", "3", "--alternative", "anders"], "2026-11-01"),
        (["move", "1", "--to", "W3", "--reason", "lekkage"], "2026-11-10"),
        (["admit", "Visser", "--urgency", "3", "--alternative", "anders"], "2026-11-12"),
        (["move", "2", "--to", "W2"], "2026-11-15"),
        (["release", "2", "--destination", "netwerk"], "2026-11-20"),
    ]:
        result = doorstroom(*arguments, today=today)
        assert result.exit_code == 0, result.output
    copy = tmp_path / "verhuisd.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    with sqlite3.connect(copy) as conn:  # what the crafted rows below rely on
        assert conn.execute("SELECT * FROM stay_moves ORDER BY id").fetchall() == [
            (1, 1, "W1", "W3", "2026-11-10", "lekkage"), (2, 2, "W1", "W2", "2026-11-15", None)]
        assert conn.execute("SELECT application_id, stay_id, dwelling_code FROM open_cases").fetchall() == [
            (1, 1, "W3")]
    return copy


def test_a_backup_holding_moves_passes_every_check(doorstroom, db_path, moved_backup):
    before = doorstroom.dump()
    doorstroom.json("restore", str(moved_backup), "--yes")
    assert len(doorstroom.dump()) == len(before) + 1  # the same rows, and the audit row of the restore


@pytest.mark.parametrize(
    "statement, column",
    [
        ("UPDATE stay_moves SET reason = 'lek' || char(27) || '[2J' WHERE id = 1", "reason"),
        ("UPDATE stay_moves SET reason = 'lek' || char(10) || 'kage' WHERE id = 1", "reason"),
        ("UPDATE stay_moves SET reason = 'abc' || char(8238) || 'def' WHERE id = 1", "reason"),
        ("UPDATE stay_moves SET moved_on = '2100-01-01' WHERE id = 2", "moved_on"),
        ("UPDATE stay_moves SET moved_on = '15-11-2026' WHERE id = 2", "moved_on"),
        ("UPDATE stay_moves SET to_dwelling = from_dwelling WHERE id = 2", "to_dwelling"),
        ("UPDATE stay_moves SET stay_id = 'een' WHERE id = 2", "stay_id"),
    ],
    ids=["escape-in-reason", "newline-in-reason", "bidi-in-reason", "after-2099", "not-iso", "to-itself",
         "stay-not-a-key"],
)
def test_a_backup_with_a_move_the_tool_would_not_accept_is_refused(
    doorstroom, db_path, moved_backup, tmp_path, statement, column
):
    source = tampered(moved_backup, tmp_path / "verhuizing.db", statement)
    assert_refused(doorstroom, db_path, source, f"of table stay_moves has a value in {column}")


def test_a_backup_with_a_move_to_a_dwelling_that_does_not_exist_is_refused(doorstroom, db_path, moved_backup, tmp_path):
    source = tampered(moved_backup, tmp_path / "nergens.db", "UPDATE stay_moves SET to_dwelling = 'W9' WHERE id = 2")
    assert_refused(doorstroom, db_path, source, "of table stay_moves refers to a row that does not exist")


@pytest.mark.parametrize(
    "statements, table, row, problem",
    [
        (["UPDATE open_cases SET dwelling_code = 'W1' WHERE application_id = 1"],
         "open_cases", 1, "its stay or dwelling is not that of its application's stay"),
        (["DELETE FROM stay_moves WHERE id = 1"],
         "open_cases", 1, "its stay or dwelling is not that of its application's stay"),
        (["UPDATE stay_moves SET from_dwelling = 'W4' WHERE id = 2"],
         "stay_moves", 2, "the move leaves another dwelling than the stay was in"),
        (["INSERT INTO stay_moves (stay_id, from_dwelling, to_dwelling, moved_on) VALUES (1, 'W1', 'W5', '2026-11-11')",
          "UPDATE open_cases SET dwelling_code = 'W5' WHERE application_id = 1"],
         "stay_moves", 3, "the move leaves another dwelling than the stay was in"),
        (["UPDATE stay_moves SET moved_on = '2026-10-31' WHERE id = 1"],
         "stay_moves", 1, "before the stay began or its previous move, or after the departure"),
        (["UPDATE stay_moves SET moved_on = '2026-11-21' WHERE id = 2"],
         "stay_moves", 2, "before the stay began or its previous move, or after the departure"),
        (["INSERT INTO stay_moves (stay_id, from_dwelling, to_dwelling, moved_on) VALUES (1, 'W3', 'W5', '2026-11-09')",
          "UPDATE open_cases SET dwelling_code = 'W5' WHERE application_id = 1"],
         "stay_moves", 3, "before the stay began or its previous move, or after the departure"),
    ],
    ids=["case-left-behind", "move-missing", "from-elsewhere", "chain-broken", "before-the-start",
         "after-the-departure", "before-the-previous-move"],
)
def test_a_backup_whose_moves_contradict_the_stays_is_refused(
    doorstroom, db_path, moved_backup, tmp_path, statements, table, row, problem
):
    source = tampered(moved_backup, tmp_path / "tegenstrijdig.db", *statements)
    assert_refused(doorstroom, db_path, source, f"row {row} of table {table} contradicts the other records", problem)
