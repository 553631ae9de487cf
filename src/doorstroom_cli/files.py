"""Writing a file the user asked for: whole or not at all, owner-only."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TextIO, TypeVar

from .errors import InvalidInput

T = TypeVar("T")


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


def write_private(path: Path, write: Callable[[TextIO], T]) -> T:
    """Write through ``write`` to a temporary 0600 file beside ``path``, then
    rename it into place: a reader never sees half a file, and a failure
    leaves nothing behind."""
    check_output(path)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            result = write(stream)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return result
