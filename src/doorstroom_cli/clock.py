"""The only place that reads the clock.

``DOORSTROOM_TODAY`` fixes the date the tool takes as today (simulations,
tests, catching up after a missed day); unset, today is the calendar date in
Europe/Amsterdam, wherever the machine thinks it is.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime, timezone, tzinfo

from .dates import parse_date

TIMEZONE = "Europe/Amsterdam"
TODAY_VARIABLE = "DOORSTROOM_TODAY"


def today(environ: Mapping[str, str] = os.environ) -> date:
    """The business date of this run: ``DOORSTROOM_TODAY`` or Amsterdam's date."""
    fixed = environ.get(TODAY_VARIABLE, "")
    if fixed.strip():
        return parse_date(fixed, TODAY_VARIABLE)
    return datetime.now(_amsterdam()).date()


def now_utc() -> str:
    """The moment a change is recorded, for the audit trail (UTC, seconds)."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
