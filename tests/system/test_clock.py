"""Time is an input: one module reads the wall clock, and nothing else does."""

from __future__ import annotations

import ast
from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from doorstroom_cli import clock
from doorstroom_cli.core.errors import InvalidInput

PACKAGE = Path(clock.__file__).parent

# Calls that read the machine's calendar clock, by the name they are called
# through. A monotonic timer (how long to wait for a lock) is no date and
# may be read anywhere.
_WALL_CLOCK = {"now", "today", "utcnow", "time", "time_ns", "localtime", "gmtime"}
_CLOCK_OWNERS = {"datetime", "date", "time"}


def _wall_clock_reads(source: str) -> list[str]:
    """``datetime.now()``, ``date.today()``, ``time.time()`` and the like."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (
                node.func.attr in _WALL_CLOCK
                and isinstance(owner, ast.Name)
                and owner.id in _CLOCK_OWNERS
            ):
                found.append(f"line {node.lineno}: {owner.id}.{node.func.attr}()")
    return found


def test_only_the_clock_module_reads_the_wall_clock():
    readers = {
        path.name: reads
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name != "clock.py" and (reads := _wall_clock_reads(path.read_text(encoding="utf-8")))
    }
    assert readers == {}


def test_the_scan_sees_a_wall_clock_read():
    assert _wall_clock_reads("from datetime import date\nx = date.today()\n") == ["line 2: date.today()"]
    assert _wall_clock_reads("import time\nt = time.time()\n") == ["line 2: time.time()"]


def test_doorstroom_today_fixes_the_date():
    assert clock.today({"DOORSTROOM_TODAY": "29-02-2028"}) == date(2028, 2, 29)


def test_doorstroom_today_must_be_a_date():
    with pytest.raises(InvalidInput, match="DOORSTROOM_TODAY"):
        clock.today({"DOORSTROOM_TODAY": "morgen"})


def test_a_fixed_clock_always_says_its_moment():
    now = clock.fixed("2027-02-28T23:30:00+00:00")
    assert now() == now() == datetime(2027, 2, 28, 23, 30, tzinfo=timezone.utc)
    assert clock.utc_stamp(now()) == "2027-02-28T23:30:00+00:00"


def test_a_fixed_clock_needs_a_time_zone():
    with pytest.raises(ValueError, match="time zone"):
        clock.fixed("2027-02-28T23:30:00")


def test_the_audit_moment_is_written_in_utc():
    amsterdam_evening = datetime.fromisoformat("2028-02-29T23:30:00+01:00")
    assert clock.utc_stamp(amsterdam_evening) == "2028-02-29T22:30:00+00:00"


def test_the_store_records_the_moment_its_clock_gives(tmp_path):
    from doorstroom_cli import service
    from doorstroom_cli.core import rules
    from doorstroom_cli.storage import Store

    with Store(tmp_path / "d.db", actor="test", now=clock.fixed("2028-02-29T12:00:00+00:00")) as store:
        service.admit(store, date(2028, 2, 29), "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
        moments = {moment for (moment,) in store.conn.execute("SELECT recorded_at FROM audit")}
    assert moments == {"2028-02-29T12:00:00+00:00"}
