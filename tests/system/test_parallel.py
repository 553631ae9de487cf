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
