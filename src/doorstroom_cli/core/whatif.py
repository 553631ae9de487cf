"""Are N dwellings enough? The pool what-if of ``forecast --dwellings N``. Pure.

The last 12 months' arrivals (registration day, urgency, size) are replayed
against a pool of N dwellings whose sizes are like today's pool
(``sizes_like``). The year is played three times in a row: the first fills
the pool (so the measured year does not begin with every dwelling empty),
the second is measured, the third keeps newcomers coming while the second
year's households still wait. Every household draws its stay from the same
lengths as the forecast (``forecast.stays_basis``); placement follows R5
(highest urgency first, then who registered first, the smallest free
dwelling that fits). Periods out of use are left out: the what-if is about
the size of the pool.

Each replay draws every household's stay before it starts, in the same
order whatever N is, so under one seed two pool sizes see the same
households staying the same lengths ("common random numbers"): the
difference between them is the pool, not the luck of the draw.
"""

from __future__ import annotations

from bisect import insort
from datetime import date
from functools import partial
from heapq import heappop, heapreplace
from random import Random
from typing import NamedTuple

from .forecast import SEED, Arrival, Waiting
from .simulation import INFINITY, BlockMap, blocks, in_turn, queue_places

YEAR = 365
LONG_WAIT_DAYS = 14
"""A household waiting more than this many days counts as a long wait."""

SHARE_OF_RUNS = 20
"""The what-if replays the year runs / SHARE_OF_RUNS times (500 by
default): each replay places a year of households, so its figures rest on
thousands of waits."""

BLOCK_RUNS = 25
"""Replays per block (core/simulation.py): 500 replays are 20 blocks."""


class PoolOutcome(NamedTuple):
    dwellings: int
    mean_wait_days: float | None
    median_wait_days: float | None
    share_waiting_over_14_days: float | None
    occupancy: float


def sizes_like(capacities: list[int], count: int) -> list[int]:
    """The sizes of a pool of ``count`` dwellings like ``capacities``:
    today's pool itself, with dwellings added in its own order again and
    again; a smaller pool takes evenly spread sizes from small to large."""
    if not capacities:
        return []
    if count >= len(capacities):
        return list(capacities) + [capacities[extra % len(capacities)] for extra in range(count - len(capacities))]
    ordered = sorted(capacities)
    return [ordered[(number * len(capacities)) // count] for number in range(count)]


def replay(
    arrivals: tuple[Arrival, ...] | list[Arrival],
    today: date,
    lengths: tuple[int, ...],
    capacities: list[int],
    runs: int,
    seed: int = SEED,
    map_blocks: BlockMap = in_turn,
) -> PoolOutcome:
    """The waits and the occupancy of the last year's arrivals against a
    pool with these ``capacities`` (one per dwelling), replayed ``runs``
    times in blocks of BLOCK_RUNS (core/simulation.py) run by ``map_blocks``."""
    count = len(capacities)
    caps = sorted(capacities)
    start = today.toordinal() - YEAR + 1
    largest = max(caps, default=0)
    year = sorted(
        (a.registered.toordinal() - start, a.urgency, a.persons)
        for a in arrivals
        if start <= a.registered.toordinal() <= today.toordinal() and a.persons <= largest
    )
    if not year or not lengths or not count:
        return PoolOutcome(count, None, None, None, 0.0)
    households = [(day + YEAR * copy, urgency, persons, copy == 1) for copy in range(3) for day, urgency, persons in year]
    # A place's order is the household's number in ``households``.
    entries, _kinds, (persons_bits, order_bits) = queue_places(
        [Waiting(None, urgency, persons) for _day, urgency, persons, _measured in households], [], caps, 0)
    setup = _Setup(lengths, caps, [day for day, *_rest in households], entries, persons_bits, order_bits,
                   [measured for *_rest, measured in households], len(year))
    waits: list[int] = []
    nights = 0
    for block_waits, block_nights in map_blocks(partial(_block, setup), blocks(runs, BLOCK_RUNS, seed)):
        waits += block_waits
        nights += block_nights
    waits.sort()
    measured = len(waits)
    return PoolOutcome(
        count,
        sum(waits) / measured,
        float(waits[measured // 2]) if measured % 2 else (waits[measured // 2 - 1] + waits[measured // 2]) / 2,
        sum(1 for wait in waits if wait > LONG_WAIT_DAYS) / measured,
        nights / (count * YEAR * runs),
    )


class _Setup(NamedTuple):
    """What every block of replays starts from."""

    lengths: tuple[int, ...]
    caps: list[int]
    arriving: list[int]
    """Each household's day of registration (three years in a row)."""
    entries: list[int]
    """Each household's place in the queue."""
    persons_bits: int
    order_bits: int
    measured: list[bool]
    """Whether a household registered in the measured (second) year."""
    measured_count: int


def _block(setup: _Setup, block: tuple[int, int]) -> tuple[list[int], int]:
    """The waits of the measured year's households and the nights its
    dwellings were lived in, over one block's replays."""
    runs, seed = block
    lengths, caps, arriving, entries, persons_bits, order_bits, measured_flags, measured_count = setup
    count = len(caps)
    total = len(arriving)
    measured_from, measured_to = YEAR, 2 * YEAR
    waits: list[int] = []
    nights = 0
    choices = Random(seed).choices
    # A dwelling freeing is day << shift | slot, the smaller dwelling first on a day.
    shift = max(1, count.bit_length())
    mask = (1 << shift) - 1
    persons_mask = (1 << persons_bits) - 1
    order_mask = (1 << order_bits) - 1
    free_on_day_zero = list(range(count))  # every dwelling free on day 0 (day 0 << shift | slot)
    insort_, heapreplace_, heappop_ = insort, heapreplace, heappop
    for _run in range(runs):
        # choices draws floor(random() * len(lengths)) for each household, in order:
        # every pool size sees the same stays (common random numbers).
        stays = choices(lengths, k=total)
        frees = free_on_day_zero[:]
        queue: list[int] = []
        following = 0
        upcoming = arriving[0]
        unmeasured = measured_count
        while frees:
            head = frees[0]
            t = head >> shift
            while upcoming <= t:
                insort_(queue, entries[following])
                following += 1
                upcoming = arriving[following] if following < total else INFINITY
            room = caps[head & mask]
            if queue and queue[0] & persons_mask <= room:
                entry = queue.pop(0)
            else:
                for position, entry in enumerate(queue):
                    if entry & persons_mask <= room:
                        del queue[position]
                        break
                else:  # nobody waiting fits: free until the next registration
                    if following < total:
                        heapreplace_(frees, (upcoming << shift) | (head & mask))
                    else:
                        heappop_(frees)
                    continue
            who = (entry >> persons_bits) & order_mask
            end = t + stays[who]
            heapreplace_(frees, (end << shift) | (head & mask))
            if measured_flags[who]:
                waits.append(t - arriving[who])
                unmeasured -= 1
            begins = t if t > measured_from else measured_from
            ends = end if end < measured_to else measured_to
            if ends > begins:
                nights += ends - begins
            if not unmeasured and t >= measured_to:
                break
    return waits, nights
