"""What the two simulations (core/forecast.py, core/whatif.py) are made of. Pure.

- Runs come in blocks, each drawing from its own ``random.Random`` seeded
  by the seed and the block's number. A block draws the same numbers
  wherever and whenever it runs, so the shell may share the blocks out over
  the machine's cores (``parallel.share_out``) and the same ``--seed``
  still gives the same output, on one core or on many.
- Places in the queue and dwellings freeing are small integers that sort in
  rank order, so the loops compare and sort plain integers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
BlockMap = Callable[[Callable[[Item], Result], Sequence[Item]], list[Result]]
"""How the blocks are run: ``in_turn`` here; the shell's ``parallel.share_out``."""

INFINITY = 10**9

BLOCK_SEEDS = 1 << 20
"""A block's seed is seed x BLOCK_SEEDS + its number: more numbers than any
run count has blocks, so no two (seed, block) pairs share a generator."""


def blocks(runs: int, size: int, seed: int) -> list[tuple[int, int]]:
    """``runs`` runs in blocks of ``size`` (the last one may be smaller), as
    (runs in the block, the block's seed)."""
    full, rest = divmod(runs, size)
    counts = [size] * full + ([rest] if rest else [])
    return [(count, seed * BLOCK_SEEDS + number) for number, count in enumerate(counts)]


def in_turn(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """The blocks one after the other, in this process."""
    return [function(item) for item in items]


def open_from(closed: tuple[tuple[int, int], ...], day: int) -> int:
    """The first day on or after ``day`` that lies in no closed period
    (ordinals; an open-ended period ends at INFINITY)."""
    moved = True
    while moved:
        moved = False
        for first, last in closed:
            if first <= day <= last:
                day = last + 1
                moved = True
    return day


def queue_places(waiting, mix, caps: list[int], expected_newcomers: int):
    """The waitlist and the newcomers' kinds as places in the queue, plain
    integers that sort in rank order (R5): (urgency from the top) | order |
    persons, from the high bits to the low ones. A household waiting today
    has its rank - 1 as order, a newcomer (its order added per run) one after
    them, so it ranks after everyone of its urgency waiting today. Persons
    above the largest dwelling count as one more than it (they fit nowhere).
    The fields are as narrow as the data allows, so that a place fits in 30
    bits and Python computes with it on its fast path; (persons bits, order
    bits) is returned with them. The order field holds far more newcomers
    than a run meets (8 times the expected number, and a thousand more)."""
    largest = max(caps, default=0)
    persons_bits = (largest + 1).bit_length()
    order_bits = max(20, (len(waiting) + 8 * expected_newcomers + 1024).bit_length())
    top = max([w.urgency for w in waiting] + [urgency for urgency, _persons in mix], default=0)

    def place(urgency: int, order: int, persons: int) -> int:
        return ((top - urgency) << (order_bits + persons_bits)) | (order << persons_bits) | min(persons, largest + 1)

    return ([place(w.urgency, order, w.persons) for order, w in enumerate(waiting)],
            [place(urgency, 0, persons) for urgency, persons in mix], (persons_bits, order_bits))
