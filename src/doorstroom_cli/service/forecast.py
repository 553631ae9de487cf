"""forecast: how long the waiting households will wait, when the residents
will leave, whether the pool is large enough, and how good such forecasts
were (``--backtest``). Reads only; the simulation is core/forecast.py."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from ..storage import Store

if TYPE_CHECKING:  # the simulation is imported only when forecast runs
    from ..core.backtest import Backtest, Record
    from ..core.forecast import Forecast, Situation
    from ..core.whatif import PoolOutcome

MOST_RUNS = 100_000
"""``--runs`` at most: no value can make the command run for long."""

MOST_DWELLINGS = 100
"""``--dwellings`` at most."""


class Outlook(NamedTuple):
    """The forecast, the pool what-if (today's size first) and, for the
    terminal only, the names ``status`` shows."""

    forecast: Forecast
    pool: list[PoolOutcome]
    names: dict[int, str]


def check_runs(runs: int) -> int:
    from ..core.errors import InvalidInput

    if not 1 <= runs <= MOST_RUNS:
        raise InvalidInput("--runs is from 1 to {most}, not {runs}.", most=MOST_RUNS, runs=runs)
    return runs


def _arrivals(records: list[Record], today: date):
    """The registrations of the last 12 months up to today, but those withdrawn."""
    from ..core.forecast import Arrival

    year_ago = today - timedelta(days=365)
    return tuple(
        Arrival(r.registered, r.urgency, r.persons)
        for r in records
        if year_ago < r.registered <= today and not (r.start is None and r.closed is not None and r.closed <= today)
    )


def situation(store: Store, today: date) -> Situation:
    """What the forecast starts from: today's pool, the completed stays, the last year's arrivals."""
    from ..core import forecast as model

    pool = store.load_pool(today)
    records = store.application_records()
    units = store.forecast_units()
    residents = tuple(
        model.Resident(stay.household, stay.dwelling, stay.start, stay.end, stay.extendable)
        for stay in sorted(pool.stays, key=lambda s: s.dwelling)
    )
    waiting = tuple(
        model.Waiting(application.household, application.urgency, application.persons)
        for application in pool.waitlist()
    )
    completed = tuple(
        (r.closed - r.start).days for r in records if r.start is not None and r.closed is not None and r.closed <= today
    )
    return model.Situation(today, units, residents, waiting, completed, _arrivals(records, today))


def forecast(store: Store, today: date, *, runs: int, seed: int, dwellings: int | None = None) -> Outlook:
    from ..core import forecast as model
    from ..core.errors import InvalidInput
    from ..parallel import share_out

    check_runs(runs)
    if dwellings is not None and not 1 <= dwellings <= MOST_DWELLINGS:
        raise InvalidInput(
            "--dwellings is from 1 to {most}, not {dwellings}.", most=MOST_DWELLINGS, dwellings=dwellings
        )
    with store.reading():
        now = situation(store, today)
        names = store.open_names()
    result = model.forecast(now, runs, seed, share_out)
    size = len(now.dwellings)
    sizes = [size] + ([dwellings] if dwellings is not None and dwellings != size else [])
    return Outlook(result, _pools(now, today, sizes, runs, seed), names)


def pool_what_if(store: Store, today: date, larger: tuple[int, ...] = (1, 2), *, runs: int | None = None,
                 seed: int | None = None) -> list[PoolOutcome]:
    """The pool what-if alone (for the report's HTML page): today's pool and
    pools ``larger`` dwellings larger, the last 12 months replayed."""
    from ..core import forecast as model

    with store.reading():
        now = situation(store, today)
    size = len(now.dwellings)
    return _pools(now, today, [size + extra for extra in (0, *larger)], runs or model.RUNS,
                  model.SEED if seed is None else seed)


def _pools(now: Situation, today: date, sizes: list[int], runs: int, seed: int) -> list[PoolOutcome]:
    """The what-if for pools of these sizes, like today's pool: runs / SHARE_OF_RUNS
    replays of the last 12 months each, on the machine's cores."""
    from ..core import forecast as model
    from ..core import whatif
    from ..parallel import share_out

    _source, lengths = model.stays_basis(now.completed)
    capacities = [unit.max_persons for unit in now.dwellings]
    replays = max(1, runs // whatif.SHARE_OF_RUNS)
    return [
        whatif.replay(now.arrivals, today, lengths, whatif.sizes_like(capacities, size), replays, seed, share_out)
        for size in sizes
    ]


def backtest(
    store: Store, today: date, first: date | None, last: date | None, *, runs: int, seed: int
) -> Backtest:
    """Forecasts for each day of [first, last] (default: the year up to
    yesterday) from what was known that day, scored against what happened."""
    from ..core import backtest as scoring
    from ..core.dates import dutch
    from ..core.errors import InvalidInput

    check_runs(runs)
    last = last or today - timedelta(days=1)
    first = first or last - timedelta(days=364)
    if last >= today:
        raise InvalidInput("A backtest looks back: --to must lie before today ({today}).", today=dutch(today))
    if first > last:
        raise InvalidInput("The period ends ({last}) before it begins ({first}).", last=dutch(last), first=dutch(first))
    with store.reading():
        records = store.application_records()
        units = store.forecast_units()
    return scoring.backtest(records, units, first, last, runs, seed)
