"""Is the forecast any good? ``forecast --backtest``: forecasts made in the
past from only what was known then, held against what happened. Pure.

For each day D of the period the history is cut at D (``situation_on``):
the stays completed by D, the residents and the waitlist of D, the
registrations of the 12 months up to D. The forecast of that day gives each
waiting household an 80% interval; a household that was placed later
scores whether its actual placement fell inside it, and how many days it
lay from the median. Households that were withdrawn, or that still wait
today, have no placement to compare with and are counted apart.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from .forecast import NEWCOMER_MONTHS, SEED, Arrival, Resident, Situation, Unit, Waiting, forecast
from .rules.terms import EXTENSION_DAYS, STAY_DAYS

RUNS = 500
"""Runs per forecast day when --runs is not given (a backtest makes a
forecast for every day of its period)."""


class Record(NamedTuple):
    """One application as the history holds it (no names)."""

    id: int
    household: int | None
    registered: date
    urgency: int
    persons: int
    dwelling: str | None = None
    start: date | None = None
    closed: date | None = None
    """The departure, or for an application without a stay its withdrawal."""


class Backtest(NamedTuple):
    first: date
    last: date
    runs: int
    forecasts: int
    """(day, household) pairs scored: forecasts with a placement to compare."""
    households: int
    inside_interval: float | None
    median_error_days: float | None
    unresolved: int
    """Forecasts of households that were withdrawn or still wait."""


def _next_planned_end(start: date, day: date) -> date:
    """The planned departure after ``day`` of a stay extended tacitly (R2, R3)."""
    end = start + timedelta(days=STAY_DAYS)
    if end > day:
        return end
    weeks = (day - end).days // EXTENSION_DAYS + 1
    return end + timedelta(days=EXTENSION_DAYS * weeks)


def situation_on(records: list[Record], dwellings: tuple[Unit, ...], day: date) -> tuple[Situation, list[Record]]:
    """What was known on ``day``: the state of that day and the history before
    it, and the waiting applications in rank order."""
    year_ago = day - timedelta(days=round(NEWCOMER_MONTHS * 365.25 / 12))
    completed, residents, waiting, arrivals = [], [], [], []
    for record in records:
        if record.registered > day:
            continue
        placed = record.start is not None and record.start <= day
        closed = record.closed is not None and record.closed <= day
        if placed and closed:
            completed.append((record.closed - record.start).days)
        elif placed:
            residents.append(Resident(record.household, record.dwelling, record.start,
                                      _next_planned_end(record.start, day)))
        elif not closed:
            waiting.append(record)
        if record.registered > year_ago and not (closed and not placed):
            arrivals.append(Arrival(record.registered, record.urgency, record.persons))
    waiting.sort(key=lambda r: (-r.urgency, r.registered, r.id))
    return Situation(
        day, dwellings, tuple(residents),
        tuple(Waiting(r.household, r.urgency, r.persons) for r in waiting),
        tuple(completed), tuple(arrivals),
    ), waiting


def backtest(
    records: list[Record], dwellings: tuple[Unit, ...], first: date, last: date,
    runs: int = RUNS, seed: int = SEED,
) -> Backtest:
    """Forecast every day from ``first`` to ``last`` and score the placements."""
    inside = scored = unresolved = 0
    errors: list[int] = []
    households: set = set()
    day = first
    while day <= last:
        situation, waiting = situation_on(records, dwellings, day)
        if waiting:
            result = forecast(situation, runs, seed)
            for record, placement in zip(waiting, result.waitlist):
                if record.start is None:
                    unresolved += 1
                    continue
                scored += 1
                households.add(record.id)
                spread = placement.placement
                inside += spread.holds(record.start)
                if spread.median is not None:
                    errors.append(abs((record.start - spread.median).days))
                else:
                    errors.append((record.start - day).days)
        day += timedelta(days=1)
    errors.sort()
    middle = len(errors) // 2
    median = None
    if errors:
        median = float(errors[middle]) if len(errors) % 2 else (errors[middle - 1] + errors[middle]) / 2
    return Backtest(first, last, runs, scored, len(households), inside / scored if scored else None, median,
                    unresolved)
