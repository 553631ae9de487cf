"""Writing a file the user asked for: whole or not at all, owner-only.

- A target that exists and is not an ordinary file (a device such as
  ``/dev/null``, a pipe, a folder) is refused: renaming over it would
  replace the device with a regular file.
- The file is written under a temporary name beside the target and renamed
  into place only when it is whole, so a reader (or a killed process)
  never leaves half a file under the target's name.
- The file system's failures become one sentence that names the file the
  user asked for, never the database.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from .core.errors import DoorstroomError, EnvironmentFailure, InvalidInput, Refused

T = TypeVar("T")

PARTIAL_SUFFIX = ".partial"
"""The end of a temporary file's name: never mistaken for the finished file."""

_NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}
_FULL = {errno.ENOSPC, errno.EDQUOT}


def check_output(path: Path) -> None:
    """Refuse a path that cannot be written, before anything is read."""
    if path.is_dir():
        raise InvalidInput(
            "{path} is a folder; give a file name.",
            path=path,
        )
    if not path.parent.is_dir():
        raise InvalidInput(
            "The folder {parent} does not exist.",
            parent=path.parent,
        )
    _refuse_what_is_not_a_regular_file(path)


def _refuse_what_is_not_a_regular_file(path: Path) -> None:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise output_error(path, error) from None
    if stat.S_ISDIR(mode):
        raise InvalidInput(
            "{path} is a folder; give a file name.",
            path=path,
        )
    if not stat.S_ISREG(mode):
        raise InvalidInput(
            "{path} is not an ordinary file (it is a device or a pipe); give the name of a file.",
            path=path,
        )


def output_error(path: Path, error: OSError) -> DoorstroomError:
    """The sentence for a file that could not be written, naming that file."""
    if error.errno in _NOT_ALLOWED:
        return InvalidInput(
            "You may not write in the folder {parent}, so {path} was not written; choose another folder.",
            parent=path.parent,
            path=path,
        )
    if error.errno in _FULL:
        return EnvironmentFailure(
            "The disk is full, so {path} was not written; nothing was changed.",
            path=path,
        )
    return EnvironmentFailure(
        "{path} could not be written ({strerror}); nothing was changed.",
        path=path,
        strerror=error.strerror or type(error).__name__,
    )


def temporary_beside(path: Path) -> tuple[int, Path]:
    """A new, empty, owner-only file in the target's folder, named so that
    nobody takes it for the target (``.NAME.XXXXXX.partial``)."""
    try:
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=PARTIAL_SUFFIX, dir=path.parent
        )
    except OSError as error:
        raise output_error(path, error) from None
    return descriptor, Path(temporary)


def write_private(path: Path, write: Callable[[TextIO], T]) -> T:
    """Write through ``write`` to a temporary 0600 file beside ``path``, then
    rename it into place: a reader never sees half a file, and a failure
    leaves nothing behind."""
    check_output(path)
    descriptor, temporary = temporary_beside(path)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        _refuse_what_is_not_a_regular_file(path)  # it may have appeared meanwhile
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise output_error(path, error) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return result


def place_new(temporary: Path, target: Path) -> None:
    """Give a finished temporary file its final name, never replacing an
    existing file: a hard link fails if the name is taken. Where the file
    system has no hard links, the name is claimed with O_EXCL first and the
    file renamed over that empty claim."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise Refused(
            "{target} already exists; a backup never overwrites a file.",
            target=target,
        ) from None
    except OSError as error:
        if error.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}:
            raise
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise Refused(
                "{target} already exists; a backup never overwrites a file.",
                target=target,
            ) from None
        os.replace(temporary, target)
    else:
        temporary.unlink()
    sync_folder(target.parent)


def sync_folder(folder: Path) -> None:
    """Make a new name in ``folder`` survive a power cut (where possible)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def sync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def remove_with_companions(path: Path) -> None:
    """Delete a database file and the -wal, -shm and -journal files SQLite
    may have left beside it."""
    for suffix in ("-wal", "-shm", "-journal", ""):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def delete_copies(paths: list[Path]) -> list[Path]:
    """Delete these copies of the database (purge --backups), each with its
    SQLite files; returns them. One that cannot be deleted stops it with a
    sentence naming that file (the ones before it are gone)."""
    for path in paths:
        try:
            remove_with_companions(path)
        except OSError as error:
            raise EnvironmentFailure(
                "{path} could not be deleted ({strerror}); run the same purge command again.",
                path=path,
                strerror=error.strerror,
            ) from None
    return list(paths)
