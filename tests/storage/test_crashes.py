"""A process killed in the middle of its writes leaves a whole database:
every change with its audit row, or neither."""

from __future__ import annotations

import pytest

import os
import random
import signal
import sqlite3
import subprocess
import sys

from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

WRITER = """
import sys
from datetime import date, timedelta
from doorstroom_cli import service
from doorstroom_cli.core import rules
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

path, worker = sys.argv[1], sys.argv[2]
service.admit  # the lazy namespace imports service.daily now, before "ready" opens the window to kill
with Store(path, actor="crash", now=fixed("2026-11-23T06:00:00+00:00")) as store:
    print("ready", flush=True)
    day = date(2026, 11, 23)
    for n in range(10_000):
        admission = service.admit(store, day, f"k{worker}-{n}", urgency=3, alternative=rules.Alternative.ANDERS)
        service.extend_auto(store, day + timedelta(days=60))
        service.release(store, day, str(admission.application.household), rules.Destination.ONBEKEND)
"""

KILLS = 100


def check_whole(path) -> None:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count = lambda sql: conn.execute(sql).fetchone()[0]
        audited = lambda action: count(f"SELECT count(*) FROM audit WHERE action = '{action}'")
        assert count("SELECT count(*) FROM applications") == audited("register")
        assert count("SELECT count(*) FROM stays") == audited("place")
        assert count("SELECT count(*) FROM closures") == audited("depart") + audited("withdraw")
        weeks = count("SELECT coalesce(sum(json_extract(detail, '$.weeks')), 0) FROM audit WHERE action = 'extend'")
        assert count("SELECT count(*) FROM extensions") == weeks
        assert count("SELECT count(*) FROM open_cases") == count(
            "SELECT count(*) FROM applications a WHERE NOT EXISTS"
            " (SELECT 1 FROM closures c WHERE c.application_id = a.id)"
        )
    finally:
        conn.close()


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_half_a_change(db_path):
    Store(db_path, actor="setup", now=fixed(NOW)).close()
    rng = random.Random(7)
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db_path), str(kill)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert writer.stdout.readline().strip() == "ready", writer.stderr.read()
        try:
            writer.wait(timeout=rng.uniform(0.0, 0.05))
        except subprocess.TimeoutExpired:
            os.kill(writer.pid, signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        writer.stderr.close()
        check_whole(db_path)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] > KILLS  # work was done
