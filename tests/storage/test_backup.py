"""backup and restore: consistent, checked, owner-only, never overwriting."""

from __future__ import annotations

import pytest

import sqlite3
import stat
import subprocess
import sys

from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store, check_database_file

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

from test_concurrency import WORKER


def admit(doorstroom, name):
    result = doorstroom("admit", name, "--urgency", "3", "--alternative", "anders")
    assert result.exit_code == 0, result.output


def households(path) -> int:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT count(*) FROM households").fetchone()[0]


def test_backup_writes_a_checked_owner_only_copy_beside_the_database(doorstroom, db_path):
    admit(doorstroom, "Jansen")
    document = doorstroom.json("backup")
    copy = db_path.parent / "backups" / document["backup"].rsplit("/", 1)[1]
    assert copy.exists() and document["bytes"] == copy.stat().st_size
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.parent.stat().st_mode) == 0o700
    assert check_database_file(copy) >= 1 and households(copy) == 1


def test_backup_never_overwrites_and_needs_an_existing_folder(doorstroom, tmp_path):
    target = tmp_path / "kopie.db"
    target.write_text("iets anders")
    refused = doorstroom("backup", str(target))
    assert refused.exit_code == 1 and "already exists" in refused.stderr
    assert target.read_text() == "iets anders"
    missing = doorstroom("backup", str(tmp_path / "nergens" / "kopie.db"))
    assert missing.exit_code == 2 and "does not exist" in missing.stderr


@pytest.mark.slow
def test_backups_taken_while_another_process_writes_are_whole(db_path, tmp_path):
    Store(db_path, actor="setup", now=fixed(NOW)).close()
    writer = subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), "0", "60"], stderr=subprocess.PIPE, text=True)
    copies = []
    with Store(db_path, actor="backup", now=fixed(NOW)) as store:
        while writer.poll() is None or len(copies) < 3:
            target = tmp_path / f"copy{len(copies)}.db"
            store.copy_to(target)
            copies.append(target)
    assert writer.wait() == 0, writer.stderr.read()
    for copy in copies:
        check_database_file(copy)
        with sqlite3.connect(copy) as conn:
            registered = conn.execute("SELECT count(*) FROM applications").fetchone()[0]
            audited = conn.execute("SELECT count(*) FROM audit WHERE action = 'register'").fetchone()[0]
        assert registered == audited  # each change with its audit row, or neither


def test_restore_brings_back_the_backup_and_keeps_the_replaced_database(doorstroom, db_path, tmp_path):
    admit(doorstroom, "Jansen")
    copy = tmp_path / "kopie.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    admit(doorstroom, "Bakker")
    document = doorstroom.json("restore", str(copy), "--yes")
    assert households(db_path) == 1
    kept = tmp_path / document["previous"].rsplit("/", 1)[1]
    assert households(kept) == 2 and stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert doorstroom.json("log", "--limit", "1")["entries"][0]["action"] == "restore"


def test_restore_refuses_what_is_not_a_whole_doorstroom_database(doorstroom, db_path, tmp_path):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    text = tmp_path / "notities.txt"
    text.write_text("geen database\n" * 50)
    other = tmp_path / "ander.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    for source, code in ((text, 2), (other, 2), (tmp_path / "weg.db", 2)):  # the backup is the wrong input
        result = doorstroom("restore", str(source), "--yes")
        assert result.exit_code == code, (source, result.output)
        assert result.stderr.count("\n") == 1
    assert doorstroom.dump() == before


def test_restore_asks_for_confirmation(doorstroom, tmp_path):
    admit(doorstroom, "Jansen")
    copy = tmp_path / "kopie.db"
    doorstroom("backup", str(copy))
    result = doorstroom("restore", str(copy))
    assert result.exit_code == 2 and "--yes" in result.stderr


def damage(path, offset: int) -> None:
    with open(path, "r+b") as database:
        database.seek(offset)
        database.write(b"\xde\xad\xbe\xef" * 1024)


def test_a_damaged_database_is_refused_with_the_way_out_and_can_be_restored(doorstroom, db_path, tmp_path):
    admit(doorstroom, "Jansen")
    copy = tmp_path / "kopie.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    admit(doorstroom, "Bakker")
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for offset in (0, 4096 * 3):  # the header, then pages further on
        damage(db_path, offset)
        refused = doorstroom("admit", "Smit", "--urgency", "3", "--alternative", "anders")
        assert refused.exit_code == 3 and "doorstroom restore FILE" in refused.stderr
        document = doorstroom.json("restore", str(copy), "--yes")
        assert households(db_path) == 1
        assert doorstroom.json("log", "--limit", "1")["entries"][0]["action"] == "restore"
        kept = tmp_path / document["previous"].rsplit("/", 1)[1]
        assert kept.exists() and stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_every_file_the_tool_makes_is_owner_only_under_a_permissive_umask(doorstroom, db_path, tmp_path):
    import os

    old = os.umask(0o022)
    try:
        admit(doorstroom, "Jansen")
        made = [tmp_path / "b.db", tmp_path / "e.csv", tmp_path / "r.html"]
        assert doorstroom("backup", str(made[0])).exit_code == 0
        assert doorstroom("export", "--output", str(made[1])).exit_code == 0
        assert doorstroom("report", "--html", str(made[2]), "--json").exit_code == 0
        for path in [db_path, *made]:
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    finally:
        os.umask(old)


KILLED_AT_THE_CHECK = """
import os, signal, sys
from doorstroom_cli.cli import main
from doorstroom_cli.storage import safekeeping

def killed(path):  # the copy is made, not yet checked: the worst moment
    os.kill(os.getpid(), signal.SIGKILL)

safekeeping.check_database_file = killed  # where backup's copy_to finds it
sys.argv = ["doorstroom", "--db", sys.argv[1], "backup", sys.argv[2]]
main()
"""


def test_a_killed_backup_leaves_nothing_that_looks_like_a_backup(doorstroom, db_path, tmp_path):
    admit(doorstroom, "Jansen")
    folder = tmp_path / "kopieen"
    folder.mkdir()
    target = folder / "kopie.db"
    run = subprocess.run([sys.executable, "-c", KILLED_AT_THE_CHECK, str(db_path), str(target)])
    assert run.returncode == -9
    assert not target.exists()
    assert [p.name for p in folder.iterdir() if not p.name.endswith(".partial")] == []
    assert all(p.name.startswith(".") for p in folder.iterdir())
    assert doorstroom("backup", str(target)).exit_code == 0  # the name is still free
    assert check_database_file(target) >= 1 and households(target) == 1
