"""Work shared out over the machine's cores: the forecast's blocks of runs.

``share_out(function, items)`` is ``[function(item) for item in items]``,
with the items dealt round to child processes made by ``os.fork``, one per
core beyond this one's (MOST_PROCESSES in all at most). A child computes its share, sends it back through
a pipe with ``marshal`` (lists and numbers only) and leaves with
``os._exit``: it never returns into the command, never writes to the
terminal or the database, and never runs the parent's exit handlers.
A child that fails is not trusted: its share is computed here after all.
Where there is no ``fork`` (Windows), or one core, everything runs here.

The result is the same in every case, in the items' order: the forecast's
blocks each draw from their own seed (core/simulation.py).
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

MOST_PROCESSES = 4
"""This process and its children at most: on a shared server a forecast
does not take every core."""


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def share_out(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``function`` over ``items``, the items dealt round over the cores."""
    items = list(items)
    workers = min(len(items), cores(), MOST_PROCESSES)
    if workers < 2 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    results: list = [None] * len(items)
    pending: dict[int, tuple[int, int]] = {}  # share -> (pid, pipe)
    try:
        for share in range(1, workers):
            child = _fork(function, items[share::workers])
            if child is not None:
                pending[share] = child
        for share in range(workers):
            if share not in pending:
                results[share::workers] = [function(item) for item in items[share::workers]]
        for share in list(pending):
            pid, pipe = pending[share]
            received = _receive(pid, pipe)
            del pending[share]
            os.close(pipe)
            if received is None or len(received) != len(items[share::workers]):
                received = [function(item) for item in items[share::workers]]
            results[share::workers] = received
    finally:
        for pid, pipe in pending.values():  # interrupted: leave no child behind
            os.close(pipe)
            _reap(pid, kill=True)
    return results


def _fork(function: Callable, share: list) -> tuple[int, int] | None:
    """A child computing ``share``: (its pid, the pipe to read), or None if none could be made."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child: compute, send, leave; whatever happens, never return
        status = 1
        try:
            os.close(reading)
            data = marshal.dumps([function(item) for item in share])
            view = memoryview(data)
            while view:
                view = view[os.write(writing, view):]
            status = 0
        finally:
            os._exit(status)
    os.close(writing)
    return pid, reading


def _receive(pid: int, pipe: int) -> list | None:
    """What the child sent, or None if it failed (it has finished then)."""
    chunks = []
    while chunk := os.read(pipe, 1 << 20):
        chunks.append(chunk)
    if not _reap(pid):
        return None
    try:
        received = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    return received if isinstance(received, list) else None


def _reap(pid: int, kill: bool = False) -> bool:
    """Wait for a child; whether it finished well."""
    if kill:
        try:
            os.kill(pid, 9)
        except OSError:
            pass
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0
