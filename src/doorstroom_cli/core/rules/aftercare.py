"""Aftercare (nazorg): the follow-ups after a departure, which one a
follow-up records, and the alerts of households that have left.

Every departure from a stay, to any destination, plans a follow-up
FOLLOWUP_MONTHS after the departure day (3, 6 and 12 months). They are
computed from the departure, never stored: a departure from before this
feature has them too. Only what a follow-up found is stored.

A planned follow-up is *open* from the departure until the next one falls
due (the last one until FOLLOWUP_LAST_OPEN_MONTHS after the departure), as
long as no later one has been recorded and the household has not
registered again (a new registration ends the series: it came back). One
that was not recorded while open is missed: it stays unrecorded.

``followup`` records the earliest open one that is due; one that is not due
yet only with the day of the contact (``--date``), after the departure.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from ..dates import dutch
from ..errors import InvalidInput, Refused
from .stays import AlertKind
from .terms import (
    FOLLOWUP_DUE_DAYS, FOLLOWUP_LAST_OPEN_MONTHS, FOLLOWUP_MONTHS, Destination, Method, Outcome,
)


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months: the same day of the month,
    or the last day of a shorter month (31 August + 6 months = 28 or 29
    February), exactly as ``day + dateutil.relativedelta(months=months)``
    (the tests compare them); written out so that ``status`` does not import
    dateutil."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class Departed(NamedTuple):
    """A stay that ended in a departure: what its follow-ups hang on.

    ``registered_again``: the household's next registration after this
    departure, if any (it ends the series)."""

    stay: int
    household: int
    dwelling: str
    departed: date
    destination: Destination
    registered_again: date | None = None


class Recorded(NamedTuple):
    """A follow-up as stored: after how many months, the day of the contact, what it found."""

    months: int
    held_on: date
    outcome: Outcome
    method: Method | None = None
    note: str | None = None


class Planned(NamedTuple):
    """One follow-up of a departure: due on ``due``, open before ``until``
    (when the next one falls due), and what was recorded, if anything."""

    stay: int
    household: int
    months: int
    due: date
    until: date
    recorded: Recorded | None = None


def followup_schedule(departed: Departed, recorded: Mapping[int, Recorded] | Iterable[Recorded] = ()) -> list[Planned]:
    """The follow-ups of a departure, in order, each with what was recorded."""
    if not isinstance(recorded, Mapping):
        recorded = {r.months: r for r in recorded}
    stay, household, found = departed.stay, departed.household, recorded.get
    return [_new(Planned, (stay, household, months, due, until, found(months)))
            for months, due, until in _dues(departed.departed)]


def followup_schedules(departures: Iterable[Departed], recorded: Mapping[int, Iterable[Recorded]],
                       ) -> list[tuple[Departed, list[Planned]]]:
    """Each departure with its follow-ups, as ``followup_schedule`` gives
    them, what was recorded found in ``recorded`` by stay: the report's
    thousands of departures at once, most with nothing recorded."""
    nothing: dict[int, Recorded] = {}
    series = []
    for departed in departures:
        done = recorded.get(departed.stay)
        series.append((departed, followup_schedule(departed, {r.months: r for r in done} if done else nothing)))
    return series


_new = tuple.__new__
"""Builds a Planned from one tuple without the keyword handling of its
``__new__`` (three for each of thousands of departures in a report)."""


@lru_cache(maxsize=4096)
def _dues(day: date) -> tuple[tuple[int, date, date], ...]:
    """(months, due day, open until) of the follow-ups of a departure on ``day``
    (many departures share a day in a large pool)."""
    dues = [add_months(day, months) for months in FOLLOWUP_MONTHS]
    ends = [*dues[1:], add_months(day, FOLLOWUP_LAST_OPEN_MONTHS)]
    return tuple(zip(FOLLOWUP_MONTHS, dues, ends))


def open_followups(planned: list[Planned], departed: Departed, day: date) -> list[Planned]:
    """The follow-ups still open on ``day``: not recorded, after the last one
    recorded, before the next one falls due, and the household not registered
    again by then."""
    if departed.registered_again is not None and departed.registered_again <= day:
        return []
    recorded = [number for number, p in enumerate(planned) if p.recorded is not None]
    after = recorded[-1] + 1 if recorded else 0
    return [p for p in planned[after:] if day < p.until]


def choose_followup(departed: Departed, planned: list[Planned], today: date, on: date | None = None) -> Planned:
    """The follow-up that a contact on ``on`` (``--date``; default today)
    records: the earliest open one that is due, or with ``on`` given, the
    earliest open one (a contact may come early). Refused with a sentence
    otherwise."""
    day = today if on is None else on
    household = departed.household
    if on is not None:
        if on > today:
            raise InvalidInput(
                "A follow-up is recorded after the contact: --date {day} lies after today ({today}).",
                day=dutch(on), today=dutch(today),
            )
        if on <= departed.departed:
            raise Refused(
                "A follow-up on {day} would not lie after the departure of household {household} ({departed}).",
                day=dutch(on), household=household, departed=dutch(departed.departed),
            )
        held = [p.recorded.held_on for p in planned if p.recorded is not None]
        if held and on < max(held):
            raise Refused(
                "A follow-up on {day} would lie before the follow-up of household {household} recorded on "
                "{earliest}.",
                day=dutch(on), household=household, earliest=dutch(max(held)),
            )
    if departed.registered_again is not None and departed.registered_again <= day:
        raise Refused(
            "Household {household} registered again on {day} after its departure on {departed}; its "
            "follow-ups ended then.",
            household=household, day=dutch(departed.registered_again), departed=dutch(departed.departed),
        )
    candidates = open_followups(planned, departed, day)
    if not candidates:
        raise Refused(
            "Household {household} has no open follow-up on {day}: the follow-ups after its departure on "
            "{departed} are recorded or their time has passed.",
            household=household, day=dutch(day), departed=dutch(departed.departed),
        )
    first = candidates[0]
    if on is None and first.due > today:
        raise Refused(
            "The next follow-up of household {household} (after {months} months) is due on {due}; to record "
            "an earlier contact, give its day with --date.",
            household=household, months=first.months, due=dutch(first.due),
        )
    return first


class FollowupAlert(NamedTuple):
    """An aftercare alert: the follow-up after ``months`` months of the
    departure on ``departed`` is due (since ``day``) or overdue. Its first
    fields are ``Alert``'s, so views read it as one."""

    kind: AlertKind
    household: int | None
    dwelling: str
    day: date | None = None
    begun: bool = False
    months: int = 0
    departed: date | None = None


def followup_alerts(series: Iterable[tuple[Departed, list[Planned]]], today: date,
                    since: date | None = None) -> list[FollowupAlert]:
    """``followup_due`` from a follow-up's due day for FOLLOWUP_DUE_DAYS days,
    ``followup_overdue`` after that until the next one falls due; overdue
    ones first. ``since``: the day the database got aftercare (an upgraded
    one); a follow-up that fell due before it raises no alert."""
    found = []
    window = timedelta(days=FOLLOWUP_DUE_DAYS)
    for departed, planned in series:
        for follow in open_followups(planned, departed, today):
            if follow.due <= today and (since is None or follow.due >= since):
                kind = AlertKind.FOLLOWUP_DUE if today < follow.due + window else AlertKind.FOLLOWUP_OVERDUE
                found.append(FollowupAlert(kind, departed.household, departed.dwelling, follow.due,
                                           months=follow.months, departed=departed.departed))
    order = {AlertKind.FOLLOWUP_OVERDUE: 0, AlertKind.FOLLOWUP_DUE: 1}
    return sorted(found, key=lambda a: (order[a.kind], a.day, a.household))


class Followup(NamedTuple):
    """What ``followup`` records: the planned follow-up, the contact's day, what it found."""

    planned: Planned
    held_on: date
    outcome: Outcome
    method: Method | None
    departed: Departed


def record_followup(departed: Departed, planned: list[Planned], outcome: Outcome, method: Method | None,
           today: date, on: date | None = None) -> Followup:
    """Decide what a follow-up records (``choose_followup``), with its outcome and method."""
    chosen = choose_followup(departed, planned, today, on)
    return Followup(chosen, today if on is None else on, Outcome(outcome),
                    None if method is None else Method(method), departed)
