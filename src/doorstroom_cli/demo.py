"""A realistic quarter in a separate database, to try every command safely.

The households are made up. Everything goes through the same service
functions as the real commands, day by day, so the demo obeys every rule:
intakes, placements in rank order, tacit extensions, evaluations (now and
then 'onvoldoende'), departures to varied destinations, a waitlist, and the
route out of most residents (registration, urgentie, offers, some refused,
key dates; ``route``). Before the quarter, two households stayed and left
(EARLIER), so that aftercare has follow-ups to show: some recorded, one due
on the demo's last day.
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
EARLIER = [
    # name, days before today it came (it stays five weeks), its follow-ups: (months, days after due, outcome, method)
    ("Gezin Verbeek", 505, [(3, 3, rules.Outcome.ZELFDE_WONING, rules.Method.TELEFOON),
                            (6, 4, rules.Outcome.ZELFDE_WONING, rules.Method.BEZOEK),
                            (12, 2, rules.Outcome.ANDERE_WONING, rules.Method.WIJKCOACH)]),
    ("Gezin Koster", 400, [(3, 2, rules.Outcome.NIET_BEREIKT, rules.Method.TELEFOON)]),
]
"""Two households that stayed and left over a year before the demo's last day,
with the follow-ups recorded for them (Koster's 6-month one was missed; its
12-month one is due on the last day). Two, registered over a year ago, so
that the forecast still has fewer than ten ended stays and the same
arrivals of the last twelve months."""
WIJKEN = ["Centrum", "Noord", "Oost", "Zuid", "West", "Glanerbrug", "Twekkelerveld", "Stroinkslanden", None]
"""The households' own wijk: the pool's wijken, two without a dwelling, and
now and then none recorded."""
DESTINATIONS = [
    (rules.Destination.EIGEN_WONING, 8), (rules.Destination.OMKLAPWONING, 3),
    (rules.Destination.NETWERK, 3), (rules.Destination.TERUG_NAAR_HUIS, 2),
    (rules.Destination.BESCHERMD_WONEN, 1), (rules.Destination.ONBEKEND, 1),
]


CORPORATIES = ["Domijn", "Ons Huis", "De Woonplaats"]


def route(seed: int, household: int, start: date) -> list[tuple[date, rules.OutflowStep, dict]]:
    """The made-up route out of one household from its start: (day, step,
    options); one household in five has none yet (so status shows
    outflow_missing). Its own random numbers, so the rest of the demo is
    the same with or without it."""
    rng = random.Random(f"{seed}-route-{household}")
    if rng.random() < 0.2:
        return []
    S, R = rules.OutflowStep, rules.StepResult
    day = start + timedelta(days=rng.randint(2, 8))
    steps = [(day, S.INGESCHREVEN, {"corporatie": rng.choice(CORPORATIES)})]
    day += timedelta(days=rng.randint(1, 6))
    steps.append((day, S.URGENTIE_AANGEVRAAGD, {}))
    day += timedelta(days=rng.randint(10, 20))
    steps.append((day, S.URGENTIE_BESLUIT, {"result": R.TOEGEKEND, "valid_until": day + timedelta(days=182)}))
    for _ in range(2):
        day += timedelta(days=rng.randint(3, 12))
        steps.append((day, S.AANBOD, {"corporatie": rng.choice(CORPORATIES)}))
        steps.append((day + timedelta(days=2), S.BEZICHTIGING, {}))
        day += timedelta(days=4)
        if rng.random() < 0.35:
            reason = rng.choice(list(rules.RefusalReason))
            steps.append((day, S.AANBOD_BESLUIT, {"result": R.GEWEIGERD, "reason": reason}))
            continue
        steps.append((day, S.AANBOD_BESLUIT, {"result": R.GEACCEPTEERD}))
        steps.append((day, S.SLEUTEL, {"on": day + timedelta(days=rng.randint(10, 21))}))
        break
    return steps


def _route_steps(store: Store, day: date, stay: rules.Stay, leaves_on: date, seed: int) -> None:
    """Record the steps of the stay's route that fall on ``day`` (a key date
    only when it lies before the household leaves anyway)."""
    for when, kind, options in route(seed, stay.household, stay.start):
        if when != day or options.get("on", when) > leaves_on:
            continue
        try:
            service.outflow(store, day, str(stay.household), kind, **options)
        except DoorstroomError:
            pass


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
    contacts = _earlier(store, today)
    rng = random.Random(seed)
    names = iter(rng.sample(NAMES, len(NAMES)))
    wijken = random.Random(seed + 1)  # its own draws: the quarter's other draws stay as they were
    leaves_on: dict[int, date] = {}
    admitted = 0
    for offset in range(DAYS, -1, -1):
        day = today - timedelta(days=offset)
        service.extend_auto(store, day)
        for household, outcome, method in contacts.pop(day, []):
            service.followup(store, day, household, outcome, method=method)
        view = service.status(store, day)
        for stay in view.pool.stays:
            if leaves_on.get(stay.household, date.max) <= day:
                destination = rng.choices(*zip(*DESTINATIONS))[0]
                service.release(store, day, str(stay.household), destination)
            elif stay.next_evaluation <= day and offset > 3:  # the last few left to do
                level = rng.choices(list(rules.Cooperation), weights=[7, 2, 1])[0]
                service.evaluate(store, day, str(stay.household), level)
            if leaves_on.get(stay.household, date.max) > day:
                _route_steps(store, day, stay, leaves_on.get(stay.household, date.max), seed)
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
    return admitted + len(EARLIER)


def _earlier(store: Store, today: date) -> dict[date, list]:
    """The households of EARLIER, day by day: each stays five weeks and leaves
    to a home of its own; then the follow-ups recorded for it, up to the
    quarter. Those in the quarter are returned by day, for it to record."""
    events = []
    for name, before, contacts in EARLIER:
        start = today - timedelta(days=before)
        left = start + timedelta(days=35)
        events += [(start, 0, name, None), (left, 1, name, None)]
        for months, late, outcome, method in contacts:
            events.append((rules.add_months(left, months) + timedelta(days=late), 2, name, (outcome, method)))
    households: dict[str, str] = {}
    later: dict[date, list] = {}
    for day, kind, name, contact in sorted(events, key=lambda event: event[:2]):
        if day >= today - timedelta(days=DAYS):
            later.setdefault(day, []).append((households[name], *contact))
        elif kind == 0:
            admitted = service.admit(store, day, name, urgency=3, alternative=rules.Alternative.MAATSCHAPPELIJKE_OPVANG)
            households[name] = str(admitted.application.household)
        elif kind == 1:
            service.release(store, day, households[name], rules.Destination.EIGEN_WONING)
        else:
            service.followup(store, day, households[name], contact[0], method=contact[1])
    return later
