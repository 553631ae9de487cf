"""The only place that reads the clock.

``DOORSTROOM_TODAY`` fixes the date the tool takes as today (simulations,
tests, catching up after a missed day); unset, today is the calendar date in
Europe/Amsterdam, wherever the machine thinks it is. Either way today lies
in the window of ``core/dates.py`` (2000-01-01 to 2099-12-31): a
``DOORSTROOM_TODAY`` outside it is a usage error, a computer clock outside
it an environment failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone, tzinfo

from .core.dates import EARLIEST, LATEST, dutch, in_window, parse_date
from .core.errors import EnvironmentFailure

TIMEZONE = "Europe/Amsterdam"
TODAY_VARIABLE = "DOORSTROOM_TODAY"


def today(environ: Mapping[str, str] = os.environ) -> date:
    """The business date of this run: ``DOORSTROOM_TODAY`` or Amsterdam's date."""
    fixed = environ.get(TODAY_VARIABLE, "")
    if fixed.strip():
        return parse_date(fixed, TODAY_VARIABLE)
    return _checked(datetime.now(_amsterdam()).date())


def _checked(day: date) -> date:
    """The computer's date, refused when it lies outside the window."""
    if not in_window(day):
        raise EnvironmentFailure(
            "The computer's clock says {day}, outside the dates doorstroom works with "
            "({earliest} to {latest}); nothing was changed. Set the clock right, or give "
            "the date with {variable}.",
            day=day.isoformat(),
            earliest=dutch(EARLIEST),
            latest=dutch(LATEST),
            variable=TODAY_VARIABLE,
        )
    return day


def utc_now() -> datetime:
    """The wall clock, in UTC: the moment a change is recorded in the audit
    trail. The CLI hands this function to ``Store``; nothing below the CLI
    calls it, so a test passes a fixed moment instead."""
    return datetime.now(timezone.utc)


def fixed(moment: str) -> Callable[[], datetime]:
    """A clock that always says ``moment`` (ISO, e.g. ``2026-11-23T06:00:00+00:00``):
    for tests, the demo and the benchmark, which must not depend on the day
    they run."""
    frozen = datetime.fromisoformat(moment)
    if frozen.tzinfo is None:
        raise ValueError(f"a fixed clock needs a time zone: {moment!r}")
    return lambda: frozen


def utc_stamp(moment: datetime) -> str:
    """``moment`` as the audit trail writes it: UTC, whole seconds."""
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def local_stamp(moment: datetime) -> str:
    """``moment`` as Amsterdam's time with its offset (2026-11-24T06:00:03+01:00)."""
    return moment.astimezone(_amsterdam()).isoformat(timespec="seconds")


def local(recorded: str) -> datetime:
    """An audit trail's UTC moment (ISO 8601) as the time in Amsterdam."""
    return datetime.fromisoformat(recorded).astimezone(_amsterdam())


def _amsterdam() -> tzinfo:
    """Europe/Amsterdam from the system's time-zone database, else dateutil's copy."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(TIMEZONE)
    except ZoneInfoNotFoundError:
        pass
    # Windows without the tzdata package has no zoneinfo database; dateutil
    # carries its own.
    from dateutil.tz import gettz

    zone = gettz(TIMEZONE)
    if zone is None:  # pragma: no cover - dateutil ships Europe/Amsterdam
        raise RuntimeError(f"no time-zone data for {TIMEZONE}")
    return zone
