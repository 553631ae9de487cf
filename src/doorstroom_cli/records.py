"""What the figures are counted from: a stay and an application as the
records held them on a day (the last day of the period a report or an
export describes). Storage builds them; figures.py and export.py read them."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .core.rules import STAY_DAYS, Alternative, Destination, planned_end

if TYPE_CHECKING:
    from .figures import Period


class StayRecord(NamedTuple):
    """One stay as the figures and the export see it: no names, no notes.

    A named tuple rather than a frozen dataclass: just as immutable and read
    by name, and about six times cheaper to build, which counts when the
    export builds one per stay of twenty years (docs/performance.md).
    """

    id: int
    dwelling: str
    registered: date
    start: date
    departure: date | None
    destination: Destination | None
    alternative: Alternative
    urgency: int
    adults: int
    children: int
    weeks_extended: int
    moves: tuple[tuple[date, str], ...] = ()
    """(day, dwelling) of each move, in order: from that day on, the night of
    the day itself included, the stay sleeps in that dwelling. ``dwelling``
    is where the stay began."""

    @property
    def dwellings(self) -> tuple[str, ...]:
        """Every dwelling of the stay, in the order it lived in them."""
        return (self.dwelling, *(code for _, code in self.moves))

    def dwelling_on(self, night: date) -> str:
        """The dwelling the stay slept in on ``night`` (the move day's night
        is the new dwelling's)."""
        code = self.dwelling
        for day, target in self.moves:
            if day > night:
                break
            code = target
        return code

    def nights_by_dwelling(self, period: Period) -> dict[str, int]:
        """Occupied nights inside the period, per dwelling slept in."""
        if not self.moves:
            nights = self.nights_in(period)
            return {self.dwelling: nights} if nights else {}
        counted: dict[str, int] = {}
        for code, first, end in self.spells():
            spell = self._replace(start=first, departure=end, moves=())
            nights = spell.nights_in(period)
            if nights:
                counted[code] = counted.get(code, 0) + nights
        return counted

    def spells(self) -> list[tuple[str, date, date | None]]:
        """(dwelling, first night, day it left it or None) of each part of
        the stay, in order: one part for a stay that never moved."""
        spells = []
        code, begin = self.dwelling, self.start
        for day, target in self.moves:
            spells.append((code, begin, day))
            code, begin = target, day
        spells.append((code, begin, self.departure))
        return spells

    @property
    def planned_departure(self) -> date:
        """Start + six weeks + the weeks granted (before any departure)."""
        return planned_end(self.start, self.weeks_extended)

    @property
    def days_waited(self) -> int:
        return (self.start - self.registered).days

    def nights_in(self, period: Period) -> int:
        """Occupied nights inside the period (the departure day is no night)."""
        begin = max(self.start, period.first)
        end = period.last + timedelta(days=1)
        if self.departure is not None:
            end = min(end, self.departure)
        return max(0, (end - begin).days)

    def overlaps(self, period: Period) -> bool:
        return self.start <= period.last and (
            self.departure is None or self.departure >= period.first
        )


class ApplicationRecord(NamedTuple):
    """An application as the waiting figures see it: no names.

    ``placed`` is the start of its stay (None: never placed), ``closed`` the
    day it was withdrawn or its stay ended (None: still open).
    """

    id: int
    registered: date
    placed: date | None
    closed: date | None

    def waiting_on(self, day: date) -> bool:
        """Registered by ``day``, and neither placed nor closed by then."""
        return (
            self.registered <= day
            and (self.placed is None or self.placed > day)
            and (self.closed is None or self.closed > day)
        )

    def withdrawn_in(self, period: Period) -> bool:
        """Closed inside the period without ever being placed."""
        return self.placed is None and self.closed is not None and period.first <= self.closed <= period.last
