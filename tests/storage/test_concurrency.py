"""Several processes writing at once: every change lands, no rule is broken."""

from __future__ import annotations

import pytest

import subprocess
import sys
from datetime import date

from doorstroom_cli import service
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

WORKER = """
import sys
from datetime import date
from doorstroom_cli import service
from doorstroom_cli.core import rules
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

path, worker, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
with Store(path, actor=f"worker-{worker}", now=fixed("2026-11-23T06:00:00+00:00")) as store:
    for n in range(rounds):
        admission = service.admit(store, date(2026, 11, 23), f"w{worker}-{n}", urgency=3,
                                  alternative=rules.Alternative.ANDERS)
        if admission.placement is not None:
            service.evaluate(store, date(2026, 11, 23), str(admission.application.household),
                             rules.Cooperation.VOLLEDIG)
            service.release(store, date(2026, 11, 23), str(admission.application.household),
                            rules.Destination.ONBEKEND)
        service.extend_auto(store, date(2026, 11, 23))
"""


READER = """
import sys
from datetime import date
from doorstroom_cli import service
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

with Store(sys.argv[1], actor="reader", now=fixed("2026-11-23T06:00:00+00:00")) as store:
    for _ in range(int(sys.argv[2])):
        pool = service.status(store, date(2026, 11, 23)).pool
        assert len({s.dwelling for s in pool.stays}) == len(pool.stays) <= 6
"""


@pytest.mark.slow
def test_three_writers_and_a_reader_at_once_lose_nothing(db_path):
    """Each writer: 70 rounds of admit, evaluate, release and extend --auto
    (210 to 280 operations); the reader runs the status query 300 times
    meanwhile. No process may see 'database is locked'."""
    Store(db_path, actor="setup", now=fixed(NOW)).close()
    rounds = 70
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(db_path), str(n), str(rounds)],
                         stderr=subprocess.PIPE, text=True)
        for n in range(3)
    ]
    workers.append(subprocess.Popen([sys.executable, "-c", READER, str(db_path), "300"],
                                    stderr=subprocess.PIPE, text=True))
    for worker in workers:
        _, errors = worker.communicate(timeout=300)
        assert worker.returncode == 0, errors
    with Store(db_path, actor="check", now=fixed(NOW)) as store:
        count = lambda sql: store.conn.execute(sql).fetchone()[0]
        assert count("SELECT count(*) FROM households") == 3 * rounds
        assert count("SELECT count(*) FROM audit WHERE action = 'register'") == 3 * rounds
        placed = count("SELECT count(*) FROM stays")
        assert count("SELECT count(*) FROM closures") + count("SELECT count(*) FROM open_cases") == 3 * rounds
        assert placed >= 1
        assert count("SELECT count(*) FROM evaluations") == count("SELECT count(*) FROM audit WHERE action = 'evaluate'") >= 1
        pool = service.status(store, date(2026, 11, 23)).pool
        assert len({s.dwelling for s in pool.stays}) == len(pool.stays) <= 6
