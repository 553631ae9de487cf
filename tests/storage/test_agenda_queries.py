"""What the agenda reads: only the open cases, whatever the history holds."""

from __future__ import annotations

from datetime import date, timedelta

from doorstroom_cli import service
from doorstroom_cli.clock import fixed
from doorstroom_cli.core import rules
from doorstroom_cli.storage import Store
from doorstroom_cli.storage.agenda import OPEN_STAY_DETAILS

NOW = "2026-11-23T06:00:00+00:00"


def test_the_open_stays_are_found_without_scanning_every_stay(db_path):
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        plan = [row[-1] for row in store.conn.execute("EXPLAIN QUERY PLAN " + OPEN_STAY_DETAILS)]
    assert not any(step.startswith("SCAN s") or step.startswith("SCAN a") for step in plan), plan


def test_evaluations_are_counted_per_open_stay_and_departed_stays_are_left_out(db_path):
    day = date(2026, 9, 1)
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        first = service.admit(store, day, "Gezin Een", urgency=3, alternative=rules.Alternative.ANDERS,
                              intake={"wijkcoach": "Zoë de Vries"})
        second = service.admit(store, day, "Gezin Twee", urgency=3, alternative=rules.Alternative.ANDERS)
        for later in (14, 28):
            service.evaluate(store, day + timedelta(days=later), first.placement.dwelling, rules.Cooperation.VOLLEDIG)
        service.release(store, day + timedelta(days=30), second.placement.dwelling, rules.Destination.NETWERK)
        held, coaches = store.open_stay_details()
        [stay] = [s.id for s in store.load_pool(day).stays]
    assert (held, coaches) == ({stay: 2}, {stay: "Zoë de Vries"})
