"""Work shared out over the machine's cores: the forecast's blocks of runs.

``share_out(function, items)`` is ``[function(item) for item in items]``,
with the items dealt round to child processes made by ``os.fork``, one per
core beyond this one's (MOST_PROCESSES in all at most). A child computes its share, sends it back through
a pipe with ``marshal`` (lists and numbers only) and leaves with
``os._exit``: it never returns into the command, never writes to the
terminal or the database, and never runs the parent's exit handlers.
Ctrl-C is held while a child is made (a child interrupted before it is
under way would otherwise return into the command), and a child whose
parent is gone (SIGTERM, SIGKILL, a closed terminal) stops before its next
item instead of computing for nobody.
A child that fails is not trusted: its share is computed here after all.
Where there is no ``fork`` (Windows), or one core, everything runs here.

The result is the same in every case, in the items' order: the forecast's
blocks each draw from their own seed (core/simulation.py).
"""

from __future__ import annotations

import marshal
import os
import signal
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
    shares = [items[share::workers] for share in range(workers)]  # dealt round: share k holds items k, k + workers, ...
    done: list[list | None] = [None] * workers
    pending: dict[int, tuple[int, int]] = {}  # share -> (pid, pipe)
    try:
        for share in range(1, workers):
            held = _hold_interrupts()
            try:  # Ctrl-C waits until the child is in ``pending``, and so is killed
                child = _fork(function, shares[share], held)
                if child is not None:
                    pending[share] = child
            finally:
                _release(held)
        for share in range(workers):
            if share not in pending:
                done[share] = [function(item) for item in shares[share]]
        for share in list(pending):
            pid, pipe = pending[share]
            received = _receive(pid, pipe)
            del pending[share]
            os.close(pipe)
            if received is None or len(received) != len(shares[share]):
                received = [function(item) for item in shares[share]]
            done[share] = received
    finally:
        for pid, pipe in pending.values():  # interrupted: leave no child behind
            os.close(pipe)
            _reap(pid, kill=True)
    results: list = [None] * len(items)
    for share, computed in enumerate(done):
        results[share::workers] = computed
    return results


def _hold_interrupts():
    """Hold SIGINT back (it stays pending); the mask to restore, or None where signals cannot be held."""
    if not hasattr(signal, "pthread_sigmask"):
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def _release(held) -> None:
    if held is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _fork(function: Callable, share: list, held=None) -> tuple[int, int] | None:
    """A child computing ``share``: (its pid, the pipe to read), or None if
    none could be made. ``held``: the signal mask the child restores once
    under way (a Ctrl-C held back reaches it there)."""
    try:
        reading, writing = os.pipe()
    except OSError:
        return None
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return None
    if pid == 0:  # the child: compute, send, leave; whatever happens, never return
        status = 1
        try:
            _release(held)
            os.close(reading)
            results = []
            for item in share:
                if os.getppid() != parent:  # the command is gone: nobody reads this
                    raise SystemExit(1)
                results.append(function(item))
            data = marshal.dumps(results)
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
    """Wait for a child; whether it finished well. ``kill``: end it first,
    but only while it is still this process's child (not yet reaped, so its
    pid cannot belong to another process by now)."""
    if kill:
        try:
            found, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return False
        if found:
            return os.waitstatus_to_exitcode(status) == 0
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        _pid, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0
