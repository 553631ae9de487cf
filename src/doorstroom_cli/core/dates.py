"""Calendar dates in and out: ISO or Dutch in, ISO or Dutch out. Pure.

Stays are counted in whole calendar days, so the program works with
``datetime.date`` only; the clock itself lives in ``clock.py``.

Every date doorstroom accepts lies in one window, ``EARLIEST`` to
``LATEST`` (2000-01-01 to 2099-12-31): far from the ends of Python's
calendar, so that adding a stay's weeks to any accepted date can never
overflow, and wide enough for every real stay.
"""

from __future__ import annotations

import re
from datetime import date

from .errors import InvalidInput

EARLIEST = date(2000, 1, 1)
LATEST = date(2099, 12, 31)
"""The window of dates doorstroom accepts: today, every date option, every
date it stores."""

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DUTCH = re.compile(r"(\d{1,2})-(\d{1,2})-(\d{4})")


def parse_date(text: str, what: str = "date") -> date:
    """Read ``2026-11-23`` or the Dutch ``23-11-2026``; refuse anything else.

    ``what`` names the value in the error sentence (an option or variable).
    """
    cleaned = text.strip()
    if match := _ISO.fullmatch(cleaned):
        year, month, day = match.groups()
    elif match := _DUTCH.fullmatch(cleaned):
        day, month, year = match.groups()
    else:
        raise InvalidInput(
            "{what} '{text}' is not a date; write it as 2026-11-23 or 23-11-2026.",
            what=what,
            text=text,
        )
    try:
        parsed = date(int(year), int(month), int(day))
    except ValueError:
        raise InvalidInput(
            "{what} '{text}' is not a date that exists.",
            what=what,
            text=text,
        ) from None
    if not in_window(parsed):
        raise InvalidInput(
            "{what} '{text}' lies outside the dates doorstroom works with ({earliest} to {latest}).",
            what=what,
            text=text,
            earliest=dutch(EARLIEST),
            latest=dutch(LATEST),
        )
    return parsed


def in_window(day: date) -> bool:
    """Whether ``day`` lies in the window doorstroom works with."""
    return EARLIEST <= day <= LATEST


def dutch(day: date | None) -> str:
    """The way a Dutch reader writes a date: ``23-11-2026`` (empty for None)."""
    return "" if day is None else day.strftime("%d-%m-%Y")
