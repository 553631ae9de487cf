"""The suite's own promise: a clean clone passes or fails the same way on
every run, whatever the day (tests/system/test_clock.py) and whatever luck:
hypothesis draws the same examples each time unless DOORSTROOM_EXPLORE is
set (tests/conftest.py)."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st


def test_properties_draw_the_same_examples_on_every_run_unless_exploring():
    exploring = bool(os.environ.get("DOORSTROOM_EXPLORE"))
    assert settings.default.derandomize is not exploring
    drawn: list[list[list[int]]] = []

    @settings(max_examples=5)
    @given(st.lists(st.integers(), min_size=3))
    def draws(values):
        drawn[-1].append(values)

    for _ in range(2):
        drawn.append([])
        draws()
    assert (drawn[0] == drawn[1]) is not exploring
