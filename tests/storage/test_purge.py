"""Retention: purge removes personal text for good and keeps the figures."""

from __future__ import annotations

from pathlib import Path

SECRETS = ["Geheimnaam", "afspraak-schuldhulp", "notitie-evaluatie", "notitie-vertrek", "reden-school",
           "coach-Fatima", "verwijzer-Veilig-Thuis", "wil-eigen-huis", "kan-solliciteren", "nodig-schuldhulp"]


def history(doorstroom):
    for n in range(6):  # fill the pool so that the next admit can go out of order
        doorstroom("admit", f"Vol {n}", "--urgency", "5", "--alternative", "anders", today="2026-01-01")
    doorstroom("admit", "Wachtend", "--urgency", "5", "--alternative", "anders", today="2026-01-01")
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-01-02")
    result = doorstroom("admit", "Geheimnaam", "--urgency", "1", "--alternative", "pleegzorg",
                        "--agreements", "afspraak-schuldhulp", "--dwelling", "W1", "--reason", "reden-school",
                        "--wijkcoach", "coach-Fatima", "--referrer", "verwijzer-Veilig-Thuis",
                        "--wish", "wil-eigen-huis", "--can-do", "kan-solliciteren", "--needs", "nodig-schuldhulp",
                        "--wijk", "Centrum", today="2026-01-03")
    assert result.exit_code == 0, result.output
    assert doorstroom("evaluate", "W1", "--cooperation", "volledig", "--note", "notitie-evaluatie",
                      today="2026-01-20").exit_code == 0
    assert doorstroom("release", "W1", "--destination", "eigen-woning", "--note", "notitie-vertrek",
                      today="2026-02-28").exit_code == 0


def on_disk(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def test_purge_removes_names_and_notes_everywhere_on_disk_and_keeps_the_figures(doorstroom, db_path):
    history(doorstroom)
    figures = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-03-31")
    assert figures["own_wijk"]["in_own_wijk"] == 1  # kept by purge: a neighbourhood, and the figure stays
    export = doorstroom("export").stdout_bytes
    assert all(secret.encode() in on_disk(db_path) for secret in SECRETS)
    dry = doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")
    assert dry == {"before": "2026-03-01", "dry_run": True, "households": [1, 8], "compaction_pending": False,
                   "compacted": False, "copies": [], "unreadable": [], "deleted": []}
    assert all(secret.encode() in on_disk(db_path) for secret in SECRETS)
    done = doorstroom.json("purge", "--before", "2026-03-01", "--yes")
    assert done["households"] == [1, 8]
    for secret in SECRETS + ["Vol 0"]:
        assert secret.encode() not in on_disk(db_path), secret
    assert doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-03-31") == figures
    assert doorstroom("export").stdout_bytes == export
    assert [e["action"] for e in doorstroom.json("log", "--limit", "2")["entries"]] == ["compact", "purge"]
    again = doorstroom.json("admit", "Geheimnaam", "--urgency", "3", "--alternative", "anders")
    assert again["household"] == 9  # forgotten: a new household


def test_purge_keeps_households_that_are_open_or_left_later(doorstroom):
    history(doorstroom)
    assert doorstroom.json("purge", "--before", "2026-01-02", "--yes")["households"] == []
    document = doorstroom.json("status")
    assert {w["name"] for w in document["waitlist"]} == {"Wachtend"}


def test_purge_needs_confirmation_and_a_day_not_in_the_future(doorstroom):
    history(doorstroom)
    before = doorstroom.dump()
    unconfirmed = doorstroom("purge", "--before", "2026-03-01")
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr
    future = doorstroom("purge", "--before", "2027-01-01", "--yes")
    assert future.exit_code == 2 and "future" in future.stderr
    assert doorstroom.dump() == before


# -- the bytes are gone, or purge says what did happen --------------------------


def names_on_disk(db_path: Path) -> list[str]:
    return [secret for secret in SECRETS if secret.encode() in on_disk(db_path)]


def test_while_another_program_reads_purge_says_the_names_are_still_in_the_file(doorstroom, db_path, monkeypatch):
    """A reader's open transaction keeps the old pages: the truncating
    checkpoint answers "busy" once the (shortened) busy timeout has passed."""
    import sqlite3

    from doorstroom_cli.storage import connection

    history(doorstroom)
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.2)
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM households").fetchone()
    try:
        busy = doorstroom("purge", "--before", "2026-03-01", "--yes")
        assert busy.exit_code == 3, busy.output
        assert "another program is reading" in busy.stderr and "removed from the records" in busy.stderr
        assert busy.stderr.count("\n") == 1 and busy.stdout == ""
        assert names_on_disk(db_path)  # what grep would find
        dry = doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")
        assert dry["households"] == [] and dry["compaction_pending"] is True
        said = doorstroom("purge", "--before", "2026-03-01", "--dry-run")
        assert "can still be found in the file" in said.stdout
        warned = doorstroom("status", "--json")
        assert warned.exit_code == 0 and "run the same purge command again" in warned.stderr
    finally:
        reader.close()
    done = doorstroom.json("purge", "--before", "2026-03-01", "--yes")  # nothing left to erase
    assert done["households"] == [] and done["compaction_pending"] is False
    assert names_on_disk(db_path) == []
    assert doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")["compaction_pending"] is False
    assert doorstroom("status").stderr == ""
    actions = [e["action"] for e in doorstroom.json("log", "--limit", "2")["entries"]]
    assert actions == ["compact", "purge"]


def test_a_full_disk_after_the_commit_is_told_as_it_happened(doorstroom, db_path, monkeypatch):
    """The disk fills up while the file is rewritten, after the names were
    erased and committed (simulated: VACUUM answers SQLITE_FULL)."""
    import sqlite3

    history(doorstroom)

    class FullDisk(sqlite3.Connection):
        def execute(self, sql, *parameters):
            if sql.strip().upper() == "VACUUM":
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *parameters)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(*args, factory=FullDisk, **kwargs))
    full = doorstroom("purge", "--before", "2026-03-01", "--yes")
    assert full.exit_code == 3, full.output
    assert "removed from the records" in full.stderr and "disk is full" in full.stderr
    assert "nothing was changed" not in full.stderr and full.stderr.count("\n") == 1
    monkeypatch.undo()
    assert doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")["compaction_pending"] is True
    finished = doorstroom.json("purge", "--before", "2026-03-01", "--yes")
    assert finished["households"] == [] and finished["compacted"] is True
    assert names_on_disk(db_path) == []
    assert doorstroom.json("log", "--limit", "1")["entries"][0]["action"] == "compact"
    assert doorstroom.json("purge", "--before", "2026-03-01", "--yes")["compacted"] is False  # nothing to do


def test_the_purge_that_finishes_an_interrupted_rewrite_says_the_file_is_now_clean(doorstroom, db_path, monkeypatch):
    import sqlite3

    history(doorstroom)

    class FullDisk(sqlite3.Connection):
        def execute(self, sql, *parameters):
            if sql.strip().upper() == "VACUUM":
                raise sqlite3.OperationalError("database or disk is full")
            return super().execute(sql, *parameters)

    connect = sqlite3.connect
    monkeypatch.setattr(sqlite3, "connect", lambda *args, **kwargs: connect(*args, factory=FullDisk, **kwargs))
    assert doorstroom("purge", "--before", "2026-03-01", "--yes").exit_code == 3
    monkeypatch.undo()
    finished = doorstroom("purge", "--before", "2026-03-01", "--yes")
    assert finished.exit_code == 0, finished.output
    assert finished.stdout.splitlines() == [
        "No household that left before 01-03-2026 still has personal text.",
        "The text removed by an earlier purge is now gone from the file too.",
    ]
    assert names_on_disk(db_path) == []
    again = doorstroom("purge", "--before", "2026-03-01", "--yes")  # nothing was pending: nothing to claim
    assert again.stdout.splitlines() == ["No household that left before 01-03-2026 still has personal text."]


def test_purge_lists_the_copies_that_hold_names_and_deletes_them_with_backups(doorstroom, db_path, tmp_path):
    from conftest import Doorstroom

    history(doorstroom)
    backup = Path(doorstroom.json("backup")["backup"])  # backups/doorstroom-<moment>.db
    kept = db_path.with_name(db_path.name + ".before-restore-20260301T060000Z")
    assert doorstroom("backup", str(kept)).exit_code == 0
    Path(f"{kept}-wal").write_bytes(b"")
    notes = backup.parent / "notities.txt"
    notes.write_text("geen database\n")
    other = Doorstroom(tmp_path / "ander.db")  # a file whose household has not left
    other("admit", "Nog Open", "--urgency", "3", "--alternative", "anders")
    still_open = backup.parent / "ander.db"
    assert other("backup", str(still_open)).exit_code == 0

    listed = doorstroom("purge", "--before", "2026-03-01", "--yes")
    assert listed.exit_code == 0, listed.output
    assert "add --backups" in listed.stdout and str(backup) in listed.stdout and str(kept) in listed.stdout
    assert str(notes) in listed.stdout and str(still_open) not in listed.stdout
    document = doorstroom.json("purge", "--before", "2026-03-01", "--backups", "--dry-run")
    assert document["copies"] == [{"path": str(backup), "households": [1, 8]}, {"path": str(kept), "households": [1, 8]}]
    assert document["unreadable"] == [str(notes)] and document["deleted"] == []
    assert backup.exists() and kept.exists()
    assert doorstroom("purge", "--before", "2026-03-01", "--backups").exit_code == 2  # no --yes, no terminal
    assert backup.exists() and kept.exists()

    deleted = doorstroom.json("purge", "--before", "2026-03-01", "--backups", "--yes")
    assert deleted["deleted"] == [str(backup), str(kept)]
    assert not backup.exists() and not kept.exists() and not Path(f"{kept}-wal").exists()
    assert notes.exists() and still_open.exists()
    assert doorstroom("backup").exit_code == 0  # a new backup holds no names of those households
    after = doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")
    assert after["copies"] == [] and after["unreadable"] == [str(notes)]


# -- copies made while the household still stayed ------------------------------


def test_a_backup_taken_while_the_household_still_stayed_is_listed_and_deleted(doorstroom, db_path):
    """The copy's own records have the household open; its name must go all
    the same, or restoring the backup brings the purged name back."""
    assert doorstroom("admit", "Zwartjes", "--urgency", "3", "--alternative", "anders", today="2026-11-23").exit_code == 0
    backup = Path(doorstroom.json("backup", today="2026-11-23")["backup"])
    assert doorstroom("release", "W1", "--destination", "netwerk", today="2026-11-25").exit_code == 0
    assert b"Zwartjes" in backup.read_bytes()

    dry = doorstroom.json("purge", "--before", "2026-11-30", "--backups", "--dry-run", today="2026-12-01")
    assert dry["households"] == [1]
    assert dry["copies"] == [{"path": str(backup), "households": [1]}]  # by id, never by name
    listed = doorstroom.json("purge", "--before", "2026-11-30", "--yes", today="2026-12-01")
    assert listed["households"] == [1] and listed["copies"] == [{"path": str(backup), "households": [1]}]
    # Purged already: a later purge, with nothing left to erase, still lists it.
    later = doorstroom.json("purge", "--before", "2026-11-30", "--dry-run", today="2026-12-01")
    assert later["households"] == [] and later["copies"] == [{"path": str(backup), "households": [1]}]

    done = doorstroom("purge", "--before", "2026-11-30", "--backups", "--yes", today="2026-12-01")
    assert done.exit_code == 0, done.output
    assert str(backup) in done.stdout and not backup.exists()
    assert not any(b"Zwartjes" in copy.read_bytes() for copy in backup.parent.iterdir())


def test_a_backup_of_another_database_with_the_same_household_id_is_not_listed(doorstroom, db_path, tmp_path):
    """Household ids are only unique within one database: a copy counts as
    holding a purged household only when it has that household's own
    applications (id, registration day, urgency, alternative)."""
    from conftest import Doorstroom

    assert doorstroom("admit", "Zwartjes", "--urgency", "3", "--alternative", "anders", today="2026-11-23").exit_code == 0
    assert doorstroom("release", "W1", "--destination", "netwerk", today="2026-11-25").exit_code == 0
    backups = db_path.parent / "backups"
    backups.mkdir(mode=0o700)
    other = Doorstroom(tmp_path / "ander.db")
    other("admit", "Nog Open", "--urgency", "2", "--alternative", "pleegzorg", today="2026-11-23")
    assert other("backup", str(backups / "ander.db"), today="2026-11-23").exit_code == 0
    document = doorstroom.json("purge", "--before", "2026-11-30", "--backups", "--yes", today="2026-12-01")
    assert document["households"] == [1] and document["copies"] == [] and document["deleted"] == []
    assert (backups / "ander.db").exists()


# -- a backups folder others control -------------------------------------------


def _give_to_another_user(folder: Path, monkeypatch) -> None:
    """As root (how the suite runs) with os.chown; otherwise os.lstat says so."""
    import os

    if os.geteuid() == 0:
        os.chown(folder, 4242, 4242)
        return
    lstat = os.lstat

    def foreign(path, *args, **kwargs):
        info = lstat(path, *args, **kwargs)
        if Path(path) == folder:
            return os.stat_result((*tuple(info)[:4], 4242, 4242, *tuple(info)[6:10]))
        return info

    monkeypatch.setattr(os, "lstat", foreign)


def _refused_and_unchanged(doorstroom, db_path, backup: Path, *arguments: str, said: str) -> None:
    before, copy = doorstroom.dump(), backup.read_bytes()
    result = doorstroom("purge", "--before", "2026-11-30", *arguments, today="2026-12-01")
    assert result.exit_code == 3, result.output
    assert said in result.stderr and str(backup.parent) in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr and result.stdout == ""
    assert doorstroom.dump() == before and backup.read_bytes() == copy


def _left_with_a_backup(doorstroom) -> Path:
    assert doorstroom("admit", "Zwartjes", "--urgency", "3", "--alternative", "anders", today="2026-11-23").exit_code == 0
    backup = Path(doorstroom.json("backup", today="2026-11-23")["backup"])
    assert doorstroom("release", "W1", "--destination", "netwerk", today="2026-11-25").exit_code == 0
    return backup


def test_purge_refuses_a_backups_folder_of_another_user_like_backup_does(doorstroom, db_path, monkeypatch):
    backup = _left_with_a_backup(doorstroom)
    _give_to_another_user(backup.parent, monkeypatch)
    assert doorstroom("backup", today="2026-12-01").exit_code == 3
    for arguments in (["--dry-run"], ["--yes"], ["--backups", "--yes"], ["--dry-run", "--json"]):
        _refused_and_unchanged(doorstroom, db_path, backup, *arguments, said="belongs to another user")


def test_purge_refuses_a_backups_folder_others_may_change(doorstroom, db_path):
    backup = _left_with_a_backup(doorstroom)
    backup.parent.chmod(0o777)
    for arguments in (["--dry-run"], ["--backups", "--yes"]):
        _refused_and_unchanged(doorstroom, db_path, backup, *arguments, said="can be changed by other users")
    backup.parent.chmod(0o700)
    done = doorstroom.json("purge", "--before", "2026-11-30", "--backups", "--yes", today="2026-12-01")
    assert done["deleted"] == [str(backup)]


KILLED_RESTORE = """
import os, signal, sys
from doorstroom_cli.storage import restore as safekeeping
from doorstroom_cli.cli import app

safekeeping._publish = lambda *arguments: os.kill(os.getpid(), signal.SIGKILL)  # killed once both copies are whole
app(["--db", sys.argv[1], "restore", sys.argv[2], "--yes"])
"""


def test_purge_finds_and_deletes_the_full_copies_a_killed_restore_left(doorstroom, db_path, tmp_path):
    import signal
    import subprocess
    import sys

    history(doorstroom)
    backup = tmp_path / "kopie.db"
    assert doorstroom("backup", str(backup)).exit_code == 0
    killed = subprocess.run([sys.executable, "-c", KILLED_RESTORE, str(db_path), str(backup)], capture_output=True)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    leftovers = sorted(db_path.parent.glob(f".{db_path.name}.*.tmp"))
    assert [p.name.split("-", 1)[0] for p in leftovers] == [".doorstroom.db.before", ".doorstroom.db.restore"]
    Path(f"{leftovers[0]}-journal").write_bytes(b"")  # as a restore killed while copying leaves it
    document = doorstroom.json("purge", "--before", "2026-03-01", "--backups", "--dry-run")
    assert document["copies"] == [{"path": str(p), "households": [1, 8]} for p in leftovers]
    deleted = doorstroom.json("purge", "--before", "2026-03-01", "--backups", "--yes")
    assert deleted["deleted"] == [str(p) for p in leftovers]
    assert list(db_path.parent.glob(f".{db_path.name}.*")) == []
    assert not any(secret.encode() in on_disk(db_path) for secret in SECRETS)


def test_the_copies_of_a_linked_database_include_those_beside_the_file_it_points_to(tmp_path):
    from doorstroom_cli.locations import copies_of

    (tmp_path / "echt").mkdir()
    (tmp_path / "link").mkdir()
    real = tmp_path / "echt" / "doorstroom.db"
    real.write_bytes(b"")
    (tmp_path / "link" / "doorstroom.db").symlink_to(real)
    kept = tmp_path / "echt" / "doorstroom.db.before-restore-20260301T060000Z"
    leftover = tmp_path / "echt" / ".doorstroom.db.restore-abc123.tmp"
    (tmp_path / "link" / "backups").mkdir()
    backup = tmp_path / "link" / "backups" / "doorstroom-20260301T060000Z.db"
    for path in (kept, leftover, backup, Path(f"{kept}-wal"), Path(f"{leftover}-journal")):
        path.write_bytes(b"")
    assert copies_of(tmp_path / "link" / "doorstroom.db") == sorted([kept, leftover, backup])
    assert copies_of(real) == sorted([kept, leftover])
