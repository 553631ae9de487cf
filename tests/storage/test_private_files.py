"""Files nobody else can reach or swap (issue 10, item 8).

The database, its -wal and -shm files and the backups/ folder must belong
to the user who runs doorstroom and be writable by nobody else; a database
on a network file system is refused. The tests run as root, which may give
a file to another user with os.chown: that stands in for the other user
who pre-created it in a shared folder.
"""

from __future__ import annotations

import gc
import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doorstroom_cli import locations
from doorstroom_cli.cli import app

OTHER_USER = 4242
ADMIT = ["admit", "Smit", "--urgency", "3", "--alternative", "anders"]

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file to another user needs root"
)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def started(doorstroom) -> list[str]:
    """A database with one household in it, and its dump; its -wal and -shm
    are gone again (SQLite removes them when the last connection closes)."""
    assert doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders").exit_code == 0
    dump = doorstroom.dump()
    gc.collect()  # dump()'s connection: 'with sqlite3.connect()' does not close it
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{doorstroom.db_path}{suffix}").exists()
    return dump


def refused_in_one_sentence(result, words: str) -> None:
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr, result.stderr


# -- The database file and SQLite's -wal and -shm ----------------------------------


@needs_root
@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_wal_or_shm_file_another_user_made_is_refused_and_gets_no_names(doorstroom, db_path, suffix):
    before = started(doorstroom)
    planted = Path(f"{db_path}{suffix}")
    planted.touch()
    os.chown(planted, OTHER_USER, OTHER_USER)
    planted.chmod(0o666)
    result = doorstroom(*ADMIT)
    refused_in_one_sentence(result, f"{planted} belongs to another user")
    assert planted.stat().st_size == 0  # no name went into the other user's file
    planted.unlink()
    assert doorstroom.dump() == before


@needs_root
def test_a_database_file_of_another_user_is_refused(doorstroom, db_path):
    before = started(doorstroom)
    os.chown(db_path, OTHER_USER, OTHER_USER)
    result = doorstroom("status")
    refused_in_one_sentence(result, f"{db_path} belongs to another user")
    assert doorstroom.dump() == before


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
@pytest.mark.parametrize("permissions", [0o620, 0o602, 0o666])
def test_a_file_others_may_change_is_refused_with_the_fix(doorstroom, db_path, suffix, permissions):
    before = started(doorstroom)
    target = Path(f"{db_path}{suffix}")
    target.touch()
    target.chmod(permissions)
    result = doorstroom(*ADMIT)
    refused_in_one_sentence(result, f"{target} can be changed by other users")
    assert f"chmod 600 '{target}'" in result.stderr
    if suffix:
        target.unlink()
    else:
        target.chmod(0o600)
    assert doorstroom.dump() == before


@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_a_wal_or_shm_link_is_refused_and_its_target_left_alone(doorstroom, db_path, tmp_path, suffix):
    before = started(doorstroom)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.write_text("")
    elsewhere.chmod(0o600)
    Path(f"{db_path}{suffix}").symlink_to(elsewhere)
    result = doorstroom(*ADMIT)
    refused_in_one_sentence(result, "is a symbolic link")
    assert elsewhere.read_text() == ""
    Path(f"{db_path}{suffix}").unlink()
    assert doorstroom.dump() == before


# -- backups/ and the data folder ------------------------------------------------------


def test_backups_folder_of_ours_that_others_may_enter_is_tightened(doorstroom, db_path):
    started(doorstroom)
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    result = doorstroom("backup")
    assert result.exit_code == 0, result.output
    assert mode(folder) == 0o700
    assert len(list(folder.iterdir())) == 1


@needs_root
def test_a_backups_folder_of_another_user_is_refused(doorstroom, db_path):
    started(doorstroom)
    folder = db_path.parent / "backups"
    folder.mkdir(mode=0o700)
    os.chown(folder, OTHER_USER, OTHER_USER)
    result = doorstroom("backup")
    refused_in_one_sentence(result, f"{folder} belongs to another user")
    assert list(folder.iterdir()) == []
    assert mode(folder) == 0o700


def test_the_default_data_folder_is_tightened(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = tmp_path / "data" / "doorstroom"
    folder.mkdir(parents=True)
    folder.chmod(0o755)
    result = CliRunner().invoke(app, ["status", "--json"])
    assert result.exit_code == 0, result.output
    assert mode(folder) == 0o700


# -- Network file systems -------------------------------------------------------------

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard
30 27 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw
40 27 0:40 / /mnt/nfs rw,relatime shared:5 - nfs4 server:/export rw,vers=4.2
41 27 0:41 / /mnt/nfsdata rw,relatime - xfs /dev/vdb rw
42 40 0:42 / /mnt/nfs/local rw,relatime - ext4 /dev/vdc rw
43 27 0:43 / /home/coord/Gedeelde\\040map rw,relatime - cifs //nas/gedeeld rw
44 27 0:44 / /home/coord/remote rw,nosuid - fuse.sshfs coord@server: rw
45 27 0:45 / /media/usb rw,nosuid - fuseblk /dev/sdb1 rw
46 27 0:46 / /mnt/host rw - 9p hostshare rw
47 27 0:47 / /srv/smb rw - smb3 //nas/srv rw
48 27 0:48 / /var/lib/docker/overlay rw - overlay overlay rw
49 27 0:49 / /mnt/over rw - ext4 /dev/vdd rw
50 27 0:50 / /mnt/over rw - nfs server:/over rw
"""

FOLDERS = [
    ("/home/coord/.local/share/doorstroom", "ext4", None),
    ("/mnt/nfs", "nfs4", "nfs4"),
    ("/mnt/nfs/sub/folder", "nfs4", "nfs4"),
    ("/mnt/nfsdata", "xfs", None),  # a name that merely begins like a mount point
    ("/mnt/nfs/local/doorstroom", "ext4", None),  # a local disk mounted inside the share
    ("/home/coord/Gedeelde map/doorstroom", "cifs", "cifs"),  # \040 is a space
    ("/home/coord/remote/db", "fuse.sshfs", "fuse.sshfs"),
    ("/media/usb", "fuseblk", None),  # an NTFS stick: a local disk through FUSE
    ("/mnt/host/x", "9p", "9p"),
    ("/srv/smb/data", "smb3", "smb3"),
    ("/var/lib/docker/overlay/x", "overlay", None),
    ("/dev/shm", "tmpfs", None),
    ("/mnt/over", "nfs", "nfs"),  # the later of two mounts on one point is the one seen
]


@pytest.mark.parametrize(("folder", "kind", "network"), FOLDERS)
def test_the_file_system_under_a_folder_is_read_from_mountinfo(folder, kind, network, tmp_path, monkeypatch):
    assert locations.filesystem_type(folder, MOUNTINFO) == kind
    fake = tmp_path / "mountinfo"
    fake.write_text(MOUNTINFO)
    monkeypatch.setattr(locations, "MOUNTINFO", fake)
    monkeypatch.setattr(locations.os.path, "realpath", lambda path: str(path))
    assert locations.network_filesystem(Path(folder)) == network


def test_a_database_on_a_network_file_system_is_refused_before_anything_is_written(doorstroom, db_path, tmp_path,
                                                                                    monkeypatch):
    share = tmp_path.resolve()
    fake = tmp_path / "mountinfo"
    fake.write_text(f"27 1 254:0 / / rw - ext4 /dev/vda rw\n99 27 0:99 / {share} rw - nfs4 nas:/gedeeld rw\n")
    monkeypatch.setattr(locations, "MOUNTINFO", fake, raising=False)
    result = doorstroom(*ADMIT)
    refused_in_one_sentence(result, "lies on a network file system (nfs4)")
    assert "write-ahead log" in result.stderr and "own disk" in result.stderr
    assert not db_path.exists()


def test_this_machines_own_folders_are_local():
    assert locations.network_filesystem(Path(__file__).parent) is None


# -- restore: the same checks, before anything is written -------------------------------


def restorable(doorstroom, tmp_path) -> tuple[list[str], Path]:
    """A started database and a backup of it elsewhere."""
    dump = started(doorstroom)
    backup = tmp_path / "kopie.db"
    assert doorstroom("backup", str(backup)).exit_code == 0
    for suffix in ("-wal", "-shm"):
        assert not Path(f"{doorstroom.db_path}{suffix}").exists()
    return dump, backup


def refused_restore(doorstroom, db_path, backup, words: str) -> None:
    before = sorted(p.name for p in db_path.parent.iterdir())
    result = doorstroom("restore", str(backup), "--yes")
    refused_in_one_sentence(result, words)
    assert sorted(p.name for p in db_path.parent.iterdir()) == before  # no kept file, no temporary file


@needs_root
@pytest.mark.parametrize("suffix", ["-wal", "-shm"])
def test_restore_refuses_a_wal_or_shm_file_another_user_made_and_writes_no_name_into_it(
    doorstroom, db_path, tmp_path, suffix
):
    dump, backup = restorable(doorstroom, tmp_path)
    planted = Path(f"{db_path}{suffix}")
    planted.touch()
    os.chown(planted, OTHER_USER, OTHER_USER)
    planted.chmod(0o666)
    refused_restore(doorstroom, db_path, backup, f"{planted} belongs to another user")
    assert planted.stat().st_size == 0
    planted.unlink()
    assert doorstroom.dump() == dump


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_restore_refuses_a_file_others_may_change(doorstroom, db_path, tmp_path, suffix):
    dump, backup = restorable(doorstroom, tmp_path)
    target = Path(f"{db_path}{suffix}")
    target.touch()
    target.chmod(0o666)
    refused_restore(doorstroom, db_path, backup, f"{target} can be changed by other users")
    if suffix:
        assert target.stat().st_size == 0
        target.unlink()
    else:
        target.chmod(0o600)
    assert doorstroom.dump() == dump


@needs_root
def test_restore_refuses_a_database_file_of_another_user(doorstroom, db_path, tmp_path):
    dump, backup = restorable(doorstroom, tmp_path)
    os.chown(db_path, OTHER_USER, OTHER_USER)
    refused_restore(doorstroom, db_path, backup, f"{db_path} belongs to another user")
    assert os.stat(db_path).st_uid == OTHER_USER
    os.chown(db_path, os.geteuid(), os.getegid())
    assert doorstroom.dump() == dump


def test_restore_refuses_a_database_on_a_network_file_system(doorstroom, db_path, tmp_path, monkeypatch):
    dump, backup = restorable(doorstroom, tmp_path)
    fake = tmp_path / "mountinfo"
    fake.write_text(f"27 1 254:0 / / rw - ext4 /dev/vda rw\n99 27 0:99 / {tmp_path.resolve()} rw - nfs4 nas:/x rw\n")
    monkeypatch.setattr(locations, "MOUNTINFO", fake)
    refused_restore(doorstroom, db_path, backup, "lies on a network file system (nfs4)")
    monkeypatch.undo()
    assert doorstroom.dump() == dump


def test_restore_checks_again_once_sqlite_has_the_wal_open(doorstroom, db_path, tmp_path, monkeypatch):
    """A -wal made by someone else between the first check and the write lock.
    (Not empty: SQLite itself gives an empty one the database's mode.)"""
    from doorstroom_cli.storage import restore as safekeeping

    dump, backup = restorable(doorstroom, tmp_path)
    planted = Path(f"{db_path}-wal")
    lock = safekeeping._lock

    def planting(*arguments):
        planted.write_bytes(bytes(32))
        planted.chmod(0o666)
        return lock(*arguments)

    monkeypatch.setattr(safekeeping, "_lock", planting)
    refused_restore(doorstroom, db_path, backup, f"{planted} can be changed by other users")
    monkeypatch.undo()
    assert not planted.exists() or b"Jansen" not in planted.read_bytes()  # SQLite removes it on closing
    planted.unlink(missing_ok=True)
    assert doorstroom.dump() == dump
