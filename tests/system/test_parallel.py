"""parallel.share_out: the same results as running the items here, in their
order, on any number of cores; a child that fails is not trusted; no child
is left behind."""

from __future__ import annotations

import os

import pytest

from doorstroom_cli import parallel

ITEMS = list(range(23))


def square_with_pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("cores", [1, 2, 3, 8, 40])
def test_the_results_are_those_of_running_here_in_order(monkeypatch, cores):
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    results = parallel.share_out(square_with_pid, ITEMS)
    assert [square for square, _pid in results] == [item * item for item in ITEMS]
    pids = {pid for _square, pid in results}
    assert len(pids) == min(cores, parallel.MOST_PROCESSES)  # one share per core, one of them here
    assert os.getpid() in pids
    assert no_children_left()


def test_a_child_that_fails_has_its_share_computed_here(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 3)
    here = os.getpid()

    def fails_elsewhere(item: int) -> int:
        if os.getpid() != here and item % 3 == 1:
            raise RuntimeError("a child fails")
        return item + 1

    assert parallel.share_out(fails_elsewhere, ITEMS) == [item + 1 for item in ITEMS]
    assert no_children_left()


def test_results_marshal_cannot_carry_are_computed_here(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    results = parallel.share_out(lambda item: object.__new__(type("Thing", (), {"n": item})), ITEMS)
    assert [type(result).n for result in results] == ITEMS
    assert no_children_left()


def test_an_error_here_leaves_no_child_behind(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    here = os.getpid()

    def fails_here(item: int) -> int:
        if os.getpid() == here:
            raise ValueError("here")
        return item

    with pytest.raises(ValueError):
        parallel.share_out(fails_here, ITEMS)
    assert no_children_left()


def test_without_fork_everything_runs_here(monkeypatch):
    monkeypatch.setattr(parallel, "cores", lambda: 4)
    monkeypatch.delattr(os, "fork")
    assert {pid for _square, pid in parallel.share_out(square_with_pid, ITEMS)} == {os.getpid()}


# -- Stopped from outside (redteam2). ------------------------------------------

import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

SRC = str(Path(parallel.__file__).resolve().parents[1])


def run_script(body: str, tmp_path, wait: bool = True):
    """Run ``body`` in a Python of its own; without ``wait`` the process,
    its output dropped (a child left running would hold a pipe open)."""
    script = tmp_path / "script.py"
    script.write_text(textwrap.dedent(body))
    env = dict(os.environ, PYTHONPATH=SRC)
    if not wait:
        return subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    process = subprocess.Popen([sys.executable, str(script)], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


def running(pid: int) -> bool:
    """Whether ``pid`` still computes (a zombie waiting for init has stopped)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_a_child_whose_command_is_killed_stops_instead_of_computing_its_share(tmp_path):
    """SIGKILL (or SIGTERM, a closed terminal) ends the command without its
    clean-up: its child, whose share would take minutes, stops at its next
    item, not when its share is done."""
    pids = tmp_path / "pids"
    process = run_script(f"""
        import os, time
        from doorstroom_cli import parallel
        parallel.cores = lambda: 2
        here = os.getpid()

        def slow(item):
            if os.getpid() != here:
                with open({str(pids)!r}, "a") as f:
                    f.write(f"{{os.getpid()}}\\n")
            time.sleep(1)
            return item

        parallel.share_out(slow, list(range(400)))
        """, tmp_path, wait=False)
    while not pids.exists() or not pids.read_text().strip():
        assert process.poll() is None
        time.sleep(0.05)
    child = int(pids.read_text().split()[0])
    process.kill()
    process.wait()
    for _ in range(200):  # 20 s; the child's share would take 200
        if not running(child):
            break
        time.sleep(0.1)
    still = running(child)
    if still:
        os.kill(child, signal.SIGKILL)
    assert not still


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no children without fork")
def test_a_ctrl_c_that_reaches_a_child_before_it_is_under_way_never_returns_into_the_command(tmp_path):
    """A Ctrl-C (to the process group) that lands in a child right after the
    fork, before the child is under way: the child leaves, it never runs on
    as a second copy of the command (which would print the output twice)."""
    code, out, err = run_script("""
        import os, signal
        from doorstroom_cli import parallel
        parallel.cores = lambda: 2
        here, fork = os.getpid(), os.fork

        def fork_then_ctrl_c():
            pid = fork()
            if pid == 0:
                os.kill(os.getpid(), signal.SIGINT)
            return pid

        os.fork = fork_then_ctrl_c
        try:
            print(parallel.share_out(lambda item: item + 1, [1, 2, 3, 4]), flush=True)
        except KeyboardInterrupt:
            print("interrupted in", "the command" if os.getpid() == here else "a child", flush=True)
        """, tmp_path)
    assert (code, out) == (0, "[2, 3, 4, 5]\n"), err


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_an_interrupted_share_out_kills_only_its_own_children():
    """Clean-up after an interruption never signals a pid that is no longer
    this process's child (reaped already: the pid may be another's now)."""
    other = subprocess.run(["sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!"], capture_output=True, text=True,
                           check=True)
    pid = int(other.stdout)  # a process of this machine, not a child of this one
    try:
        assert parallel._reap(pid, kill=True) is False
        time.sleep(0.5)  # a SIGKILL would have ended it by now
        assert running(pid)
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
