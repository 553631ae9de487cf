"""How long will they wait? The forecast of the waitlist, as a simulation. Pure.

The forecast replays the coming months many times (``runs``), each time
with other draws (from ``seed``, in blocks: core/simulation.py), and reports for every
waiting household the spread of the day it is placed, and for every
resident the spread of the day it leaves (docs/figures.md, "Forecast"):

- a resident's stay is drawn from the completed stays that lasted at least
  as long as that resident has stayed so far (a resident who stayed longer
  than every completed stay leaves at its planned departure); a stay that
  is no longer extended (R4) ends by its planned departure;
- a freed dwelling goes to the waitlist in rank order (R5): the
  highest-ranked household that fits takes the smallest free dwelling that
  fits it; a dwelling is not offered on the days of a period out of use;
- a household placed in the simulation stays a length drawn from all
  completed stays;
- newcomers register at the rate of the last 12 months' registrations,
  each with the urgency and size of one of them, drawn at random; a
  newcomer ranks after everyone of its urgency who waits today, so only
  the more urgent ones can delay a waiting household (the others are not
  simulated: they change nothing for it).

With fewer than ``LEAST_HISTORY`` completed stays the stays are drawn from
``PRIOR_STAYS`` instead: the scheme's published shape.

Only the standard library: a run is a loop over the events that free a
dwelling, not over days.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from datetime import date
from functools import partial
from heapq import heapify, heapreplace
from math import floor, log1p
from random import Random
from typing import NamedTuple

from .rules.terms import STAY_DAYS, URGENCY_HIGHEST
from .simulation import INFINITY, BlockMap, blocks, in_turn, open_from, queue_places

RUNS = 10_000
"""Runs of the simulation by default."""

SEED = 1
"""The seed when none is given: the same history gives the same forecast."""

LEAST_HISTORY = 10
"""Completed stays needed before the history's own stays are used."""

HORIZON_DAYS = 365
"""The simulation looks a year ahead; a household not placed by then has no
date (null in JSON): a date further away is not one a family can plan
with, and a year's newcomers would decide it."""

NEWCOMER_MONTHS = 12
"""Newcomers are modelled on the registrations of this many months back."""


def _triangle(low: float, peak: float, high: float, points: int = 100) -> tuple[int, ...]:
    """``points`` evenly spaced quantiles of the triangular distribution,
    from its lowest value to its highest."""
    out = []
    split = (peak - low) / (high - low)
    for index in range(points):
        share = index / (points - 1)
        if share < split:
            value = low + ((high - low) * (peak - low) * share) ** 0.5
        else:
            value = high - ((high - low) * (high - peak) * (1 - share)) ** 0.5
        out.append(round(value))
    return tuple(out)


PRIOR_STAYS = _triangle(10, 64, 136)
"""Too little history: the shape Enschede published for 2018 (stays from 10
to 136 days, mean almost 70). A triangle from 10 to 136 days with its peak
at 64, whose mean is (10 + 64 + 136) / 3 = 70 days, as 100 equally likely
stays (its quantiles from 0 to 1: the shortest is 10 days, the longest 136)."""


# -- What the forecast starts from. --------------------------------------------


class Unit(NamedTuple):
    """A dwelling in use (pool file), with its periods out of use."""

    code: str
    max_persons: int
    closed: tuple[tuple[date, date | None], ...] = ()


class Resident(NamedTuple):
    household: int | None
    dwelling: str
    start: date
    planned_end: date
    extendable: bool = True


class Waiting(NamedTuple):
    """A waiting household; the situation lists them in rank order (R5)."""

    household: int | None
    urgency: int
    persons: int


class Arrival(NamedTuple):
    """A registration of the last 12 months: when, how urgent, how large."""

    registered: date
    urgency: int
    persons: int


class Situation(NamedTuple):
    today: date
    dwellings: tuple[Unit, ...]
    residents: tuple[Resident, ...]
    waiting: tuple[Waiting, ...]
    completed: tuple[int, ...]
    """Lengths in days of the completed stays."""
    arrivals: tuple[Arrival, ...]


def stays_basis(completed) -> tuple[str, tuple[int, ...]]:
    """(source, sorted stay lengths): the history's own, or the prior."""
    if len(completed) >= LEAST_HISTORY:
        return "history", tuple(sorted(completed))
    return "prior", PRIOR_STAYS


def arrivals_per_month(arrivals) -> float:
    return len(arrivals) / NEWCOMER_MONTHS


# -- The results. --------------------------------------------------------------


class Spread(NamedTuple):
    """p10, median and p90 of a date; None: later than the horizon."""

    p10: date | None
    median: date | None
    p90: date | None

    def holds(self, day: date) -> bool:
        """Whether ``day`` falls inside the 80% interval (both ends included)."""
        return self.p10 is not None and self.p10 <= day and (self.p90 is None or day <= self.p90)


class Placement(NamedTuple):
    household: int | None
    rank: int
    placement: Spread


class Leaving(NamedTuple):
    household: int | None
    dwelling: str
    leaves: Spread
    still_there_at_six_weeks: float


class Forecast(NamedTuple):
    today: date
    runs: int
    completed_stays: int
    source: str
    arrivals_per_month: float
    waitlist: tuple[Placement, ...]
    residents: tuple[Leaving, ...]


def spread(days: list[int], never: int, runs: int | None = None) -> Spread:
    """The spread of ordinal days; ``never`` (or more) stands for 'not by the
    horizon', and so does every run missing from ``days`` when there were
    ``runs`` (a run that did not place a household records nothing). A
    quantile is the nearest rank: the day at index round(share x (runs - 1))."""
    days.sort()
    count = len(days) if runs is None else runs
    held = len(days)

    def day(share: float) -> date | None:
        position = round(share * (count - 1))
        if position >= held:
            return None
        value = days[position]
        return None if value >= never else date.fromordinal(value)

    return Spread(day(0.1), day(0.5), day(0.9))


# -- The simulation. -------------------------------------------------------------

BLOCK_RUNS = 500
"""Runs per block (core/simulation.py): 10,000 runs are 20 blocks, shared
out over the machine's cores by the shell."""


def _closed(unit: Unit) -> tuple[tuple[int, int], ...]:
    return tuple(
        (first.toordinal(), INFINITY if last is None else last.toordinal()) for first, last in unit.closed
    )


def forecast(situation: Situation, runs: int = RUNS, seed: int = SEED, map_blocks: BlockMap = in_turn) -> Forecast:
    """The forecast of ``situation``: ``runs`` simulations in blocks of
    BLOCK_RUNS, block b drawing from ``Random(seed x BLOCK_SEEDS + b)``; the
    blocks are run by ``map_blocks`` (in turn, or side by side)."""
    source, lengths = stays_basis(situation.completed)
    residents = [r for r in situation.residents if r.dwelling in {u.code for u in situation.dwellings}]
    setup = _setup(situation, lengths, residents)
    placed: list[list[int]] = [[] for _ in situation.waiting]
    leaves: list[list[int]] = [[] for _ in residents]
    for block_placed, block_leaves in map_blocks(partial(_block, setup), blocks(runs, BLOCK_RUNS, seed)):
        for days, more in zip(placed, block_placed):
            days += more
        for days, more in zip(leaves, block_leaves):
            days += more
    never = situation.today.toordinal() + HORIZON_DAYS + 1
    stayed = []
    for number, r in enumerate(residents):
        # The share of runs leaving after six weeks: the sorted days past the mark.
        days = leaves[number]
        days.sort()
        stayed.append((len(days) - bisect_right(days, r.start.toordinal() + STAY_DAYS)) / runs if runs else 0.0)
    return Forecast(
        situation.today,
        runs,
        len(situation.completed),
        source,
        arrivals_per_month(situation.arrivals),
        tuple(
            Placement(w.household, rank, spread(placed[rank - 1], never, runs))
            for rank, w in enumerate(situation.waiting, start=1)
        ),
        tuple(
            Leaving(r.household, r.dwelling, spread(leaves[number], never), stayed[number])
            for number, r in enumerate(residents)
        ),
    )


class _Setup(NamedTuple):
    """What every block of runs starts from (computed once)."""

    today: int
    horizon: int
    lengths: tuple[int, ...]
    residents: list[tuple[int, int, int, float, int, int, tuple]]
    """Per resident: slot, first day, lowest index into lengths, the count
    of lengths from there, planned departure, latest departure, closed periods."""
    caps: list[int]
    closed: list[tuple[tuple[int, int], ...]]
    shift: int
    free_today: list[int]
    waiting: int
    first_queue: list[int]
    kinds: list[int]
    persons_bits: int
    order_bits: int
    gap: float
    """Days between newcomers, on average (0.0: no newcomers)."""


def _setup(situation: Situation, lengths: tuple[int, ...], residents: list[Resident]) -> _Setup:
    today = situation.today.toordinal()
    units = sorted(situation.dwellings, key=lambda u: (u.max_persons, u.code))
    index = {unit.code: number for number, unit in enumerate(units)}
    caps = [unit.max_persons for unit in units]
    closed = [_closed(unit) for unit in units]
    count = len(lengths)
    plan = []
    for resident in residents:
        slot = index[resident.dwelling]
        begun = resident.start.toordinal()
        low = bisect_left(lengths, today - begun)
        planned = max(resident.planned_end.toordinal(), today)
        plan.append((slot, begun, low, float(count - low), planned, INFINITY if resident.extendable else planned,
                     closed[slot]))
    occupied = {slot for slot, *_rest in plan}
    waiting = situation.waiting
    lowest = min((w.urgency for w in waiting), default=URGENCY_HIGHEST + 1)
    # Only newcomers more urgent than someone waiting can delay anyone waiting.
    mix = [(a.urgency, a.persons) for a in situation.arrivals if a.urgency > lowest]
    rate = len(mix) / (NEWCOMER_MONTHS * 365.25 / 12)
    first_queue, kinds, (persons_bits, order_bits) = queue_places(waiting, mix, caps, len(mix))
    # A dwelling freeing is day << shift | slot: the heap takes the earliest
    # day first, and on one day the smaller dwelling (units are sorted by size).
    shift = max(1, len(units).bit_length())
    free_today = [
        ((open_from(closed[slot], today) if closed[slot] else today) << shift) | slot
        for slot in range(len(units)) if slot not in occupied
    ]
    return _Setup(today, today + HORIZON_DAYS, lengths, plan, caps, closed, shift, free_today, len(waiting),
                  first_queue, kinds, persons_bits, order_bits, 1 / rate if rate else 0.0)


def _block(setup: _Setup, block: tuple[int, int]) -> tuple[list[list[int]], list[list[int]]]:
    """One block's runs: for each waiting household the days it was placed
    (a run that did not place it by the horizon adds nothing), for each
    resident the day it left in every run.

    Every run draws from the block's generator in the same order: the
    residents' stays, the first newcomer's day, and then per event the
    newcomers due by then (their kind, the next one's day) and the stay of
    the household placed. The loop is written for speed: plain integers,
    the generator's bound method and every helper as local names."""
    runs, seed = block
    (today, horizon, lengths, residents, caps, closed, shift, free_today, step, first_queue, kinds,
     persons_bits, order_bits, gap) = setup
    placed: list[list[int]] = [[] for _ in range(step)]
    leaves: list[list[int]] = [[] for _ in residents]
    if not caps:
        return placed, [[today] * runs for _ in residents]
    plan = [(slot, begun, low, span, planned, latest, leaves[number].append, shut)
            for number, (slot, begun, low, span, planned, latest, shut) in enumerate(residents)]
    mask = (1 << shift) - 1
    sorts = float(len(kinds))  # a float times a float is Python's fast path; the product is the same
    persons = (1 << persons_bits) - 1
    orders = ((1 << order_bits) - 1) << persons_bits
    newcomers = waited = step << persons_bits  # the first newcomer's order; the orders below it wait today
    one = 1 << persons_bits  # the next newcomer's order
    any_closed = any(closed)
    placing = [record.append for record in placed]
    random = Random(seed).random
    insort_, heapify_, heapreplace_, open_from_ = insort, heapify, heapreplace, open_from
    # floor(x) is int(x) for x >= 0, at half the cost; log1p(-u) is log(1 - u).
    floor_, log1p_ = floor, log1p
    lots = float(len(lengths))
    first_newcomer = today + 0.0
    after_horizon = ((horizon + 1) << shift)
    for _run in range(runs):
        frees = free_today[:]
        for slot, begun, low, span, planned, latest, leave, shut in plan:
            if span:
                departure = begun + lengths[low + floor_(random() * span)]
                if departure < today:
                    departure = today
            else:
                departure = planned
            if departure > latest:
                departure = latest
            leave(departure)
            frees.append(((open_from_(shut, departure) if shut else departure) << shift) | slot)
        heapify_(frees)
        queue = first_queue[:]
        left = step
        newcomer = first_newcomer - log1p_(-random()) * gap if gap else INFINITY
        sequence = newcomers
        # While someone waiting today is not placed, someone is in the queue.
        while left:
            head = frees[0]
            t = head >> shift
            if t > horizon:
                break
            while newcomer <= t:
                insort_(queue, kinds[floor_(random() * sorts)] | sequence)
                sequence += one
                newcomer -= log1p_(-random()) * gap
            slot = head & mask
            room = caps[slot]
            entry = queue[0]
            if entry & persons <= room:
                del queue[0]
            else:  # the first in line does not fit: the first who does
                for position, entry in enumerate(queue):
                    if entry & persons <= room:
                        del queue[position]
                        break
                else:  # nobody waiting fits: free until the next newcomer
                    if newcomer <= horizon:
                        heapreplace_(frees, ((floor_(newcomer) + 1) << shift) | slot)
                    else:  # never again within the horizon
                        heapreplace_(frees, after_horizon | slot)
                    continue
            order = entry & orders
            if order < waited:
                placing[order >> persons_bits](t)
                left -= 1
            end = t + lengths[floor_(random() * lots)]
            if any_closed and closed[slot]:
                end = open_from_(closed[slot], end)
            heapreplace_(frees, (end << shift) | slot)
    return placed, leaves
