"""A realistic quarter in a separate database, to try every command safely.

The households are made up. Everything goes through the same service
functions as the real commands, day by day, so the demo obeys every rule:
intakes, placements in rank order, tacit extensions, evaluations (now and
then 'onvoldoende'), departures to varied destinations, a waitlist.
"""

from __future__ import annotations

from pathlib import Path

import random
from datetime import date, timedelta

from . import service

from .core import rules
from .core.errors import DoorstroomError, Refused
from .storage import Store

DAYS = 91
NAMES = [
    "De Jong", "Jansen", "De Vries", "Van den Berg", "Bakker", "Visser", "Smit", "Meijer",
    "De Boer", "Mulder", "De Groot", "Bos", "Vos", "Peters", "Hendriks", "Van Leeuwen",
    "Dekker", "Brouwer", "De Wit", "Dijkstra", "Smits", "De Graaf", "Van der Meer", "Kok",
]
WIJKEN = ["Centrum", "Noord", "Oost", "Zuid", "West", "Glanerbrug", "Twekkelerveld", "Stroinkslanden", None]
"""The households' own wijk: the pool's wijken, two without a dwelling, and
now and then none recorded."""
DESTINATIONS = [
    (rules.Destination.EIGEN_WONING, 8), (rules.Destination.OMKLAPWONING, 3),
    (rules.Destination.NETWERK, 3), (rules.Destination.TERUG_NAAR_HUIS, 2),
    (rules.Destination.BESCHERMD_WONEN, 1), (rules.Destination.ONBEKEND, 1),
]


def holds_data(store: Store) -> bool:
    with store.reading():
        return store.conn.execute("SELECT count(*) FROM households").fetchone()[0] > 0


def fill(store: Store, today: date, seed: int = 2026) -> int:
    """Write a quarter ending ``today``; return the number of households."""
    if holds_data(store):
        if Path(store.path).name == "demo.db":  # the demo's own file: safe to start over
            raise Refused(
                "{path} already holds the demo. To start over, delete that file and run 'doorstroom demo' again.",
                path=store.path,
            )
        raise Refused(
            "{path} already holds data; the demo only fills an empty database. Leave out --db to fill a "
            "separate demo database (demo.db beside your own).",
            path=store.path,
        )
    rng = random.Random(seed)
    names = iter(rng.sample(NAMES, len(NAMES)))
    wijken = random.Random(seed + 1)  # its own draws: the quarter's other draws stay as they were
    leaves_on: dict[int, date] = {}
    admitted = 0
    for offset in range(DAYS, -1, -1):
        day = today - timedelta(days=offset)
        service.extend_auto(store, day)
        view = service.status(store, day)
        for stay in view.pool.stays:
            if leaves_on.get(stay.household, date.max) <= day:
                destination = rng.choices(*zip(*DESTINATIONS))[0]
                service.release(store, day, str(stay.household), destination)
            elif stay.next_evaluation <= day and offset > 3:  # the last few left to do
                level = rng.choices(list(rules.Cooperation), weights=[7, 2, 1])[0]
                service.evaluate(store, day, str(stay.household), level)
        arrivals = 7 if offset == DAYS else rng.choices([0, 1], weights=[7, 1])[0]
        for _ in range(arrivals):
            name = next(names, None)
            if name is None:
                break
            adults, children = rng.choice([(1, 0), (1, 1), (1, 2), (2, 1), (2, 3)])
            result = service.admit(
                store, day, f"Gezin {name}", urgency=rng.randint(1, 5),
                alternative=rng.choice(list(rules.Alternative)), adults=adults, children=children,
                wijk=wijken.choice(WIJKEN),
            )
            admitted += 1
            leaves_on[result.application.household] = day + timedelta(days=rng.randint(30, 110))
        while True:
            try:
                service.place_next(store, day)
            except DoorstroomError:
                break
    return admitted
