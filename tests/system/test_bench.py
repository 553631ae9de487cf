"""The benchmark's generator keeps working (nothing is timed here)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest

from doorstroom_cli import service
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

ROOT = Path(__file__).resolve().parents[2]


def test_the_small_history_is_a_consistent_database(tmp_path):
    path = tmp_path / "small.db"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "small", str(path)], check=True,
                   capture_output=True)
    with Store(path, actor="test", now=fixed(NOW)) as store:
        count = lambda table: store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        assert count("stays") > 20 and count("extensions") > 0 and count("evaluations") > 0
        assert count("audit") > count("stays") * 3
        view = service.status(store, date(2026, 11, 23))
        assert len(view.pool.stays) == 6 and len(view.pool.waiting) == 8
        # The history obeys the rules it was written through: no overlapping stays.
        overlaps = store.conn.execute(
            """SELECT count(*) FROM stays a JOIN stays b
               ON a.dwelling_code = b.dwelling_code AND a.id < b.id
               LEFT JOIN closures ca ON ca.application_id = a.application_id
               WHERE ca.closed_on IS NULL OR ca.closed_on > b.start"""
        ).fetchone()[0]
        assert overlaps == 0


def _generator():
    """bench/generate.py as a module (it is a script, not part of the package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_large_history_keeps_100000_stays_inside_the_date_window():
    """The large history's plan (nothing is written): 100,000 stays, every
    registration on or after 2000-01-01, on the same pool as the region."""
    import random

    generate = _generator()
    dwellings, stays, days = generate.SIZES["large"]
    planned = generate.plan(dwellings, stays, days, random.Random(20261123))
    assert len(planned) == 100_000
    assert min(start for _, start, _ in planned) - timedelta(days=generate.MAX_REGISTRATION_LEAD) >= date(2000, 1, 1)
    assert len({code for code, _, _ in planned}) == dwellings == generate.SIZES["region"][0]


def test_the_generator_refuses_a_history_before_the_window():
    import random

    generate = _generator()
    with pytest.raises(ValueError, match="before the tool's window"):
        generate.plan(60, 100_000, None, random.Random(1))
