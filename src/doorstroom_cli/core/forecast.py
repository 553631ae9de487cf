"""How long will they wait? The forecast of the waitlist, as a simulation. Pure.

The forecast replays the coming months many times (``runs``), each time
with other draws from ``random.Random(seed)``, and reports for every
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

from bisect import bisect_left, insort
from heapq import heapify, heappop, heapreplace
from dataclasses import dataclass
from datetime import date
from math import log
from random import Random

from .rules.terms import STAY_DAYS, URGENCY_HIGHEST

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


@dataclass(frozen=True)
class Unit:
    """A dwelling in use (pool file), with its periods out of use."""

    code: str
    max_persons: int
    closed: tuple[tuple[date, date | None], ...] = ()


@dataclass(frozen=True)
class Resident:
    household: int | None
    dwelling: str
    start: date
    planned_end: date
    extendable: bool = True


@dataclass(frozen=True)
class Waiting:
    """A waiting household; the situation lists them in rank order (R5)."""

    household: int | None
    urgency: int
    persons: int


@dataclass(frozen=True)
class Arrival:
    """A registration of the last 12 months: when, how urgent, how large."""

    registered: date
    urgency: int
    persons: int


@dataclass(frozen=True)
class Situation:
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


@dataclass(frozen=True)
class Spread:
    """p10, median and p90 of a date; None: later than the horizon."""

    p10: date | None
    median: date | None
    p90: date | None

    def holds(self, day: date) -> bool:
        """Whether ``day`` falls inside the 80% interval (both ends included)."""
        return self.p10 is not None and self.p10 <= day and (self.p90 is None or day <= self.p90)


@dataclass(frozen=True)
class Placement:
    household: int | None
    rank: int
    placement: Spread


@dataclass(frozen=True)
class Leaving:
    household: int | None
    dwelling: str
    leaves: Spread
    still_there_at_six_weeks: float


@dataclass(frozen=True)
class Forecast:
    today: date
    runs: int
    completed_stays: int
    source: str
    arrivals_per_month: float
    waitlist: tuple[Placement, ...]
    residents: tuple[Leaving, ...]


def quantile(ordered: list, share: float):
    """The value at ``share`` of a sorted list (nearest rank: the index
    round(share x (n - 1)))."""
    return ordered[round(share * (len(ordered) - 1))]


def spread(days: list[int], never: int) -> Spread:
    """The spread of ordinal days; ``never`` (or more) stands for 'not by the horizon'."""
    days.sort()

    def day(share: float) -> date | None:
        value = quantile(days, share)
        return None if value >= never else date.fromordinal(value)

    return Spread(day(0.1), day(0.5), day(0.9))


# -- The simulation. -------------------------------------------------------------

INFINITY = 10**9


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


def _closed(unit: Unit) -> tuple[tuple[int, int], ...]:
    return tuple(
        (first.toordinal(), INFINITY if last is None else last.toordinal()) for first, last in unit.closed
    )


def forecast(situation: Situation, runs: int = RUNS, seed: int = SEED) -> Forecast:
    """The forecast of ``situation``: ``runs`` simulations from ``Random(seed)``."""
    source, lengths = stays_basis(situation.completed)
    today = situation.today.toordinal()
    horizon = today + HORIZON_DAYS
    units = sorted(situation.dwellings, key=lambda u: (u.max_persons, u.code))
    index = {unit.code: number for number, unit in enumerate(units)}
    caps = [unit.max_persons for unit in units]
    closed = [_closed(unit) for unit in units]
    count = len(lengths)

    residents = [r for r in situation.residents if r.dwelling in index]
    plan = []
    for resident in residents:
        begun = resident.start.toordinal()
        elapsed = today - begun
        planned = resident.planned_end.toordinal()
        plan.append((index[resident.dwelling], begun, bisect_left(lengths, elapsed), max(planned, today),
                     resident.extendable))
    occupied = {slot for slot, *_ in plan}
    base = [today if slot not in occupied else None for slot in range(len(units))]

    waiting = situation.waiting
    lowest = min((w.urgency for w in waiting), default=URGENCY_HIGHEST + 1)
    # Only newcomers more urgent than someone waiting can delay anyone waiting.
    mix = [(a.urgency, a.persons) for a in situation.arrivals if a.urgency > lowest]
    rate = len(mix) / (NEWCOMER_MONTHS * 365.25 / 12)
    step = len(waiting)

    placed: list[list[int]] = [[] for _ in waiting]
    leaves: list[list[int]] = [[] for _ in residents]
    rng = Random(seed)
    random = rng.random
    gap = 1 / rate if rate else 0.0  # days between newcomers, on average
    # Integers, for speed: a place in the queue is (urgency from the top) << 40
    # | order << 16 | persons, so the queue sorts in rank order (a household
    # waiting today has order < step, a newcomer one after it); a dwelling
    # freeing is day x SLOTS + slot, the smaller dwelling first on a day.
    slots = len(units)
    first_queue = [((URGENCY_HIGHEST - w.urgency) << 40) | (n << 16) | min(w.persons, 0xFFFF)
                   for n, w in enumerate(waiting)]
    kinds = [((URGENCY_HIGHEST - urgency) << 40) | min(persons, 0xFFFF) for urgency, persons in mix]
    free_today = [
        (open_from(closed[slot], today) if closed[slot] else today) * slots + slot
        for slot in range(slots) if base[slot] is not None
    ]
    any_closed = any(closed)
    for run in range(runs):
        frees = free_today[:]
        for number, (slot, begun, low, planned, extendable) in enumerate(plan):
            if low < count:
                departure = begun + lengths[low + int(random() * (count - low))]
                if departure < today:
                    departure = today
            else:
                departure = planned
            if not extendable and departure > planned:
                departure = planned
            leaves[number].append(departure)
            frees.append((open_from(closed[slot], departure) if closed[slot] else departure) * slots + slot)
        heapify(frees)
        queue = first_queue[:]
        left = step
        newcomer = today - log(1.0 - random()) * gap if rate else INFINITY
        sequence = step << 16
        while left and frees:
            t, slot = divmod(frees[0], slots)
            if t > horizon:
                break
            while newcomer <= t:
                insort(queue, kinds[int(random() * len(kinds))] | sequence)
                sequence += 0x10000
                newcomer -= log(1.0 - random()) * gap
            room = caps[slot]
            entry = queue[0] if queue else 0xFFFF
            position = 0
            if entry & 0xFFFF > room:  # the first in line does not fit: the first who does
                for position, entry in enumerate(queue):
                    if entry & 0xFFFF <= room:
                        break
                else:
                    position = -1
            if position < 0 or not queue:  # nobody waiting fits: free until the next newcomer
                if newcomer <= horizon:
                    heapreplace(frees, (int(newcomer) + 1) * slots + slot)
                else:
                    heappop(frees)
                continue
            del queue[position]
            who = (entry >> 16) & 0xFFFFFF
            if who < step:
                placed[who].append(t)
                left -= 1
            end = t + lengths[int(random() * count)]
            if any_closed and closed[slot]:
                end = open_from(closed[slot], end)
            heapreplace(frees, end * slots + slot)
        if left:
            for number in range(step):
                if len(placed[number]) <= run:
                    placed[number].append(INFINITY)

    never = horizon + 1
    return Forecast(
        situation.today,
        runs,
        len(situation.completed),
        source,
        arrivals_per_month(situation.arrivals),
        tuple(
            Placement(w.household, rank, spread(placed[rank - 1], never))
            for rank, w in enumerate(waiting, start=1)
        ),
        tuple(
            Leaving(
                r.household, r.dwelling, spread(leaves[number], never),
                sum(1 for day in leaves[number] if day > r.start.toordinal() + STAY_DAYS) / runs if runs else 0.0,
            )
            for number, r in enumerate(residents)
        ),
    )
