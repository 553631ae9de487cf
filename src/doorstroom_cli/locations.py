"""Where the database lives when neither ``--db`` nor ``DOORSTROOM_DB`` says,
and where its copies are kept."""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATABASE_NAME = "doorstroom.db"


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
    """Create the data folder readable by its owner only (0700)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)


BACKUP_FOLDER = "backups"
"""The folder beside the database where ``backup`` puts its copies."""

_COMPANIONS = ("-wal", "-shm", "-journal")


def copies_of(database: Path) -> list[Path]:
    """The files beside ``database`` that may hold a copy of its records:
    everything in its ``backups`` folder (also a ``.partial`` left by a
    killed backup) and the databases a restore kept aside
    (``NAME.before-restore-*``); SQLite's -wal, -shm and -journal files go
    with their database and are not listed apart."""
    folder = database.parent
    candidates = list((folder / BACKUP_FOLDER).glob("*")) + list(folder.glob(f"{database.name}.before-restore-*"))
    return sorted(
        path for path in candidates
        if path.is_file() and not path.is_symlink() and not path.name.endswith(_COMPANIONS)
    )
