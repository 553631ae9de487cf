"""Where the database lives, and whether that place is safe for it.

It also knows where the database's copies are kept (``copies_of``).

The default place, when neither ``--db`` nor ``DOORSTROOM_DB`` says, is the
user's data folder. Wherever it lives, the database and its ``-wal`` and
``-shm`` files must belong to the user who runs doorstroom and be writable
by nobody else, and the folder must not be a network file system: SQLite's
write-ahead log keeps its index in memory shared between the processes of
one computer, which a network share cannot give.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from .core.errors import EnvironmentFailure, InvalidInput

DATABASE_NAME = "doorstroom.db"

COMPANION_SUFFIXES = ("-wal", "-shm")
"""SQLite's files beside a database in WAL mode: the log and its shared-memory index."""

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "afs", "coda", "davfs",
    "ceph", "glusterfs", "lustre", "gpfs", "ocfs2", "gfs2",
    "9p",  # shared folders of virtual machines and WSL's Windows drives
    "fuse",  # FUSE without a subtype; fuse.* (sshfs, rclone, ...) below
})
"""File system types (as /proc/self/mountinfo names them) on which a
database is refused. ``fuseblk`` (NTFS and exFAT disks through FUSE) is a
local disk and allowed."""

MOUNTINFO = Path("/proc/self/mountinfo")


def default_database(environ: os._Environ | dict = os.environ) -> Path:
    """The user's data directory: XDG on Linux, the platform's own elsewhere."""
    if sys.platform == "win32":
        base = Path(environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        xdg = environ.get("XDG_DATA_HOME", "")
        # The XDG spec says to ignore a relative path.
        base = Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"
    return base / "doorstroom" / DATABASE_NAME


def ensure_private_folder(folder: Path) -> None:
    """Create a folder for personal data readable by its owner only (0700);
    tighten one of ours that others may enter, refuse one of someone else."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    user = _user()
    if user is None:
        return
    info = os.lstat(folder)
    if info.st_uid == user and stat.S_ISLNK(info.st_mode):
        info = os.stat(folder)  # a link of ours: the folder it points to counts
    if info.st_uid != user:
        raise _foreign(folder)
    if stat.S_IMODE(info.st_mode) & 0o077:
        os.chmod(folder, 0o700)


def check_backup_folder(database: Path) -> None:
    """Refuse to look for copies in a ``backups`` folder beside ``database``
    that another user owns or may change: who can swap or hide the files in
    it decides what purge finds there, so purge would list (and delete) what
    that user wants. A missing folder holds no copies; a link of ours counts
    as the folder it points to, as for ``backup``."""
    user = _user()
    if user is None:
        return
    folder = database.parent / BACKUP_FOLDER
    try:
        info = os.lstat(folder)
        if info.st_uid == user and stat.S_ISLNK(info.st_mode):
            info = os.stat(folder)
    except FileNotFoundError:
        return
    except OSError as error:
        raise EnvironmentFailure(
            "The backup folder {folder} cannot be checked ({strerror}), so purge cannot tell which "
            "copies still hold names; nothing was changed.",
            folder=folder,
            strerror=error.strerror,
        ) from None
    if not stat.S_ISDIR(info.st_mode):
        return  # not a folder: it holds no copies, and copies_of finds none in it
    if info.st_uid != user:
        raise EnvironmentFailure(
            "The backup folder {folder} belongs to another user, who could swap or hide the copies "
            "purge has to check, so nothing was changed; keep the backups in a folder of your own.",
            folder=folder,
        )
    if stat.S_IMODE(info.st_mode) & 0o022:
        raise EnvironmentFailure(
            "The backup folder {folder} can be changed by other users, who could swap or hide the "
            "copies purge has to check, so nothing was changed; if you made it yourself, fix it "
            "with: chmod 700 '{folder}'",
            folder=folder,
        )


def create_private_file(path: Path) -> None:
    """Check the path and create a missing database file as owner-only (0600)."""
    if path.is_symlink() and not path.exists():
        raise InvalidInput(
            "The database path {path} is a link to {target}, which does not exist.",
            path=path,
            target=os.readlink(path),
        )
    if path.is_dir():
        raise InvalidInput(
            "The database path {path} is a folder, not a file.",
            path=path,
        )
    if not path.parent.is_dir():
        raise InvalidInput(
            "The folder {parent} for the database does not exist.",
            parent=path.parent,
        )
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    os.close(descriptor)


def check_private_files(database: Path) -> bool:
    """Refuse a database that another user could swap or change: the file,
    or its -wal or -shm file, owned by someone else, writable by group or
    others, or (for -wal and -shm) a symbolic link. Returns whether others
    may read the database file itself: that is the owner's choice, which
    the CLI warns about but does not undo. (A -wal or -shm file of ours that
    others may only read needs nothing here: SQLite gives it the database
    file's permissions when it opens it.)"""
    user = _user()
    if user is None:  # Windows: the folder's access list decides
        return False
    mode = _checked(database, user, link_allowed=True)
    for suffix in COMPANION_SUFFIXES:
        try:
            _checked(Path(f"{database}{suffix}"), user, link_allowed=False)
        except FileNotFoundError:
            continue
    return bool(mode & 0o077)


def _checked(path: Path, user: int, *, link_allowed: bool) -> int:
    """The permission bits of ``path``, once it is known that only ``user``
    can change it."""
    link = os.lstat(path)
    if link.st_uid != user:
        raise _foreign(path)
    if stat.S_ISLNK(link.st_mode):
        if not link_allowed:
            raise EnvironmentFailure(
                "{path} is a symbolic link where SQLite keeps its own file; someone may "
                "be trying to redirect the personal data, so nothing was changed.",
                path=path,
            )
        link = os.stat(path)
        if link.st_uid != user:
            raise _foreign(path)
    mode = stat.S_IMODE(link.st_mode)
    if mode & 0o022:
        raise EnvironmentFailure(
            "{path} can be changed by other users, so its contents cannot be trusted; "
            "nothing was changed. If you made it yourself, fix it with: chmod 600 '{path}'",
            path=path,
        )
    return mode


def _foreign(path: Path) -> EnvironmentFailure:
    return EnvironmentFailure(
        "{path} belongs to another user, who could read or swap the personal data; "
        "nothing was changed. Keep the database in a folder of your own.",
        path=path,
    )


def _user() -> int | None:
    geteuid = getattr(os, "geteuid", None)
    return None if geteuid is None else geteuid()


# -- Network file systems ------------------------------------------------------


def refuse_network_filesystem(database: Path) -> None:
    """Refuse a database whose folder lies on a network file system."""
    kind = network_filesystem(database.parent)
    if kind is not None:
        raise EnvironmentFailure(
            "The database {path} lies on a network file system ({kind}); SQLite's "
            "write-ahead log needs memory shared on one computer, which a network "
            "share cannot give, so the file could be damaged. Keep the database on "
            "this computer's own disk.",
            path=database,
            kind=kind,
        )


def network_filesystem(folder: Path) -> str | None:
    """The type of the network file system ``folder`` lies on, or None for a
    local one (or where the system does not say: only Linux does, in
    /proc/self/mountinfo)."""
    try:
        mountinfo = MOUNTINFO.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    kind = filesystem_type(os.path.realpath(folder), mountinfo)
    if kind is None:
        return None
    if kind in NETWORK_FILESYSTEMS or (kind.startswith("fuse.") and kind != "fuseblk"):
        return kind
    return None


_ESCAPE = re.compile(r"\\([0-7]{3})")


def filesystem_type(folder: str, mountinfo: str) -> str | None:
    """The file system type of the mount that holds ``folder`` (an absolute,
    resolved path), read from the text of /proc/self/mountinfo: the mount
    with the longest mount point above it, the later one of two equal ones
    (a mount over another)."""
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        try:
            separator = fields.index("-", 6)
            point, kind = fields[4], fields[separator + 1]
        except (ValueError, IndexError):
            continue
        point = _ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), point)
        inside = point == "/" or folder == point or folder.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= best[0]):
            best = (len(point), kind)
    return None if best is None else best[1]


BACKUP_FOLDER = "backups"
"""The folder beside the database where ``backup`` puts its copies."""

_COMPANIONS = (*COMPANION_SUFFIXES, "-journal")  # and a rollback journal a killed copy may leave


def copies_of(database: Path) -> list[Path]:
    """The files beside ``database`` that may hold a copy of its records:
    everything in its ``backups`` folder (also a ``.partial`` left by a
    killed backup), the databases a restore kept aside
    (``NAME.before-restore-*``) and the hidden temporary files a killed
    restore left (``.NAME.restore-*.tmp``, ``.NAME.before-restore-*.tmp``,
    full copies until the next restore removes them); beside the file a
    symbolic link points to as well, where restore keeps and leaves its
    files. SQLite's -wal, -shm and -journal files go with their database and
    are not listed apart."""
    places = [database]
    target = Path(os.path.realpath(database))
    if (target.parent, target.name) != (Path(os.path.realpath(database.parent)), database.name):
        places.append(target)
    candidates = list((database.parent / BACKUP_FOLDER).glob("*"))
    for place in places:
        folder, name = place.parent, place.name
        for pattern in (f"{name}.before-restore-*", f".{name}.restore-*.tmp", f".{name}.before-restore-*.tmp"):
            candidates += folder.glob(pattern)
    return sorted(
        {path for path in candidates
         if path.is_file() and not path.is_symlink() and not path.name.endswith(_COMPANIONS)}
    )
