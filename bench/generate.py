"""Write a synthetic, reproducible history through doorstroom's storage layer.

    python bench/generate.py small bench/small.db    # a year of the six default dwellings
    python bench/generate.py region bench/region.db  # a year of 800 dwellings
    python bench/generate.py large bench/large.db    # 800 dwellings, 100,000 stays
    python bench/generate.py waitlist bench/waitlist.db  # three years of six dwellings placed by rank

The "waitlist" history follows the placement rule (R5) where the others
book each stay into its dwelling beforehand: households register at random
(about 2.8 a month, urgency 1 to 5), wait, and the highest-ranked one that
fits takes the smallest dwelling that fits it on the day it frees. It is
the history ``forecast --backtest`` is checked on (docs/figures.md).

Every row goes through ``Store`` (applications, stays, weekly extensions,
evaluations every two weeks, departures, and their audit rows), so the
database looks like one the tool made. Stays are realistic one by one:
10 to 136 days, median about 55 (Enschede 2018: 10 to 136, mean almost 70),
a few days empty between residents, extensions for every week past the
sixth, an evaluation every 14 days. The last stay of each dwelling is still
running today and a few households wait.

About the large history: 100,000 stays of realistic length with about
1,000,000 audit rows, and every date inside the tool's window (2000-01-01
to 2099-12-31). A pool of sixty dwellings holds only about 7,000 such stays
in 20 years (the first version of this generator therefore reached back
about 290 years), so the pool is widened instead: 800 dwellings with 125
stays each, which reach back to December 2002. The "region" history is one
year of that same pool of 800 dwellings, to compare the status screen
against: the screen's length then is the same and only the history differs.
See docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from doorstroom_cli import clock

from doorstroom_cli.core import rules
from doorstroom_cli.storage import Store

TODAY = date(2026, 11, 23)
FIRST_DAY = date(2000, 1, 1)
"""The first day the tool accepts (its window is 2000-01-01 to 2099-12-31)."""
SIZES = {
    # name: (dwellings, stays, or days of history when stays is None)
    "small": (6, None, 365),
    "region": (800, None, 365),  # the large pool with a year of history
    "large": (800, 100_000, None),
    "waitlist": (6, None, 3 * 365),
}
ARRIVALS_PER_DAY = 2.8 * 12 / 365
"""The waitlist history's registrations: about 2.8 a month, for six dwellings."""
BATCH = 200  # stays per transaction
MAX_REGISTRATION_LEAD = 20  # days a household is registered before its stay begins, at most


def stay_length(rng: random.Random) -> int:
    return max(10, min(136, round(rng.lognormvariate(4.0, 0.45))))


def plan(dwellings: int, stays: int | None, days: int | None, rng: random.Random):
    """(dwelling code, start, length) for every stay, oldest first."""
    per_dwelling = None if stays is None else -(-stays // dwellings)
    planned = []
    for number in range(1, dwellings + 1):
        code = f"W{number}"
        lengths = []
        if per_dwelling is not None:
            lengths = [stay_length(rng) for _ in range(per_dwelling)]
            gaps = [rng.randint(0, 6) for _ in lengths]
            span = sum(lengths) + sum(gaps)
        else:
            span, lengths, gaps = 0, [], []
            while span < days:
                lengths.append(stay_length(rng))
                gaps.append(rng.randint(0, 6))
                span += lengths[-1] + gaps[-1]
        # The last stay began on or before today and is still running.
        last_start = TODAY - timedelta(days=rng.randint(0, lengths[-1] - 1))
        day = last_start - timedelta(days=span - lengths[-1])
        for length, gap in zip(lengths, gaps):
            day += timedelta(days=gap)
            planned.append((code, day, length))
            day += timedelta(days=length)
    if stays is not None:
        planned = planned[: stays] if len(planned) > stays else planned
    earliest = min(start for _, start, _ in planned) - timedelta(days=MAX_REGISTRATION_LEAD)
    if earliest < FIRST_DAY:
        raise ValueError(f"the history would begin on {earliest}, before the tool's window ({FIRST_DAY})")
    return sorted(planned, key=lambda p: (p[1], p[0]))


HOUSEHOLDS = [(1, 0), (1, 1), (1, 2), (2, 0), (2, 2)]


def plan_waitlist(capacities: dict[str, int], days: int, rng: random.Random):
    """(registered, urgency, adults, children, dwelling or None, start or None,
    length) of every household of a history placed by rank, by registration."""
    first = TODAY - timedelta(days=days)
    households, waiting = [], []
    frees = {code: first for code in capacities}
    day = first
    while day <= TODAY:
        if rng.random() < ARRIVALS_PER_DAY:  # at most one registration a day
            adults, children = rng.choice(HOUSEHOLDS)
            household = [day, rng.randint(1, 5), adults, children, None, None, stay_length(rng), len(households)]
            households.append(household)
            waiting.append(household)
        waiting.sort(key=lambda h: (-h[1], h[0], h[7]))
        for code in sorted((c for c in capacities if frees[c] <= day), key=lambda c: (capacities[c], c)):
            for household in waiting:
                if household[2] + household[3] <= capacities[code]:
                    household[4], household[5] = code, day
                    frees[code] = day + timedelta(days=household[6])
                    waiting.remove(household)
                    break
        day += timedelta(days=1)
    # Written in the order of their placement, so a dwelling is free before its next stay.
    return sorted((tuple(h[:7]) for h in households), key=lambda h: (h[5] or h[0], h[0]))


def write_stay(
    store: Store, code: str, start: date, length: int, rng: random.Random, number: int,
    registered: date | None = None, urgency: int | None = None, household: tuple[int, int] | None = None,
) -> None:
    registered = registered or start - timedelta(days=rng.randint(0, MAX_REGISTRATION_LEAD))
    adults, children = household or rng.choice(HOUSEHOLDS)
    application = store.add_application(
        f"Bench household {number}",
        rules.Application(None, None, registered, urgency or rng.randint(1, 5), adults, children),
        rng.choice(list(rules.Alternative)),
        None,
    )
    if code is None:
        return  # still waiting
    stay_id = store.add_stay(rules.Placement(application, code, start))
    stay = rules.Stay(stay_id, application, code, start)
    departure = start + timedelta(days=length)
    evaluation_day = start + timedelta(days=rules.EVALUATION_INTERVAL_DAYS)
    while evaluation_day < min(departure, TODAY):
        level = rng.choices(list(rules.Cooperation), weights=[8, 3, 1])[0]
        store.add_evaluation(rules.Evaluation(stay, evaluation_day, level), None)
        evaluation_day += timedelta(days=rules.EVALUATION_INTERVAL_DAYS)
    while stay.end < departure and stay.end <= TODAY:
        store.add_extension(rules.Extension(stay, (stay.end,), tacit=True))
        stay = rules.Stay(stay.id, application, code, start, stay.weeks_extended + 1)
    if departure <= TODAY:
        destination = rng.choices(list(rules.Destination), weights=[30, 10, 10, 15, 8, 4, 3, 5, 5])[0]
        store.add_closure(rules.Departure(application, stay, departure, destination), None)


def generate(size: str, path: Path, seed: int) -> None:
    dwellings, stays, days = SIZES[size]
    if path.exists():
        sys.exit(f"{path} exists; remove it first.")
    rng = random.Random(seed)
    begun = time.monotonic()
    with Store(path, actor="bench", now=clock.fixed(f"{TODAY.isoformat()}T06:00:00+00:00")) as store:
        store.conn.execute("PRAGMA synchronous = OFF")  # generation only; the tool keeps FULL
        with store.writing(TODAY):
            existing = {d.code for d in store.load_pool(TODAY).dwellings}
            for number in range(1, dwellings + 1):
                if f"W{number}" not in existing:
                    store.add_dwelling(rules.Dwelling(f"W{number}", f"Woning {number}", "Wijk", rng.choice([3, 4, 5, 6])))
        if size == "waitlist":
            capacities = {d.code: d.max_persons for d in store.load_pool(TODAY).dwellings}
            for number, (registered, urgency, adults, children, code, start, length) in enumerate(
                plan_waitlist(capacities, days, rng), start=1
            ):
                with store.writing(start or registered):
                    write_stay(store, code, start, length, rng, number, registered, urgency, (adults, children))
        planned = [] if size == "waitlist" else plan(dwellings, stays, days, rng)
        for offset in range(0, len(planned), BATCH):
            batch = planned[offset : offset + BATCH]
            with store.writing(batch[-1][1]):
                for number, (code, start, length) in enumerate(batch, start=offset + 1):
                    write_stay(store, code, start, length, rng, number)
        with store.writing(TODAY):
            for number in range(8 if size != "waitlist" else 0):
                store.add_application(
                    f"Bench waiting {number}",
                    rules.Application(None, None, TODAY - timedelta(days=number), rng.randint(1, 5)),
                    rules.Alternative.ANDERS,
                    None,
                )
        counts = {
            table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("stays", "extensions", "evaluations", "closures", "open_cases", "audit")
        }
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"{size}: {counts} in {time.monotonic() - begun:.0f} s -> {path}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", choices=sorted(SIZES))
    parser.add_argument("path", type=Path)
    parser.add_argument("--seed", type=int, default=20261123)
    arguments = parser.parse_args()
    generate(arguments.size, arguments.path, arguments.seed)


if __name__ == "__main__":
    main()
