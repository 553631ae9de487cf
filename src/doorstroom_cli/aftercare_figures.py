"""The report's aftercare figures, pure (docs/figures.md): ``retention``
(still housed at the 3, 6 and 12-month follow-ups) and ``returns`` (after
HUD System Performance Measure 2, adapted: back with the scheme, or in a
shelter or homeless, within two years of moving to a home of its own)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import NamedTuple

from .core import rules

RETURN_WINDOWS = (180, 365, 730)
"""``returns``: days from the departure within which a return is counted."""

LOOKBACK_DAYS = RETURN_WINDOWS[-1]


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def retention(series: Iterable[tuple[rules.Departed, list[rules.Planned]]], first: date, last: date) -> dict:
    """Per follow-up (3, 6, 12 months): the cohort is the follow-ups whose
    due day lies in [first, last]; ``reached`` those recorded by ``last``
    with an outcome other than niet-bereikt; ``housed`` those recorded by
    ``last`` as zelfde-woning or andere-woning. One not recorded by ``last``
    counts in ``due`` only."""
    counts = {months: {"due": 0, "reached": 0, "housed": 0} for months in rules.FOLLOWUP_MONTHS}
    for _departed, planned in series:
        for follow in planned:
            if not first <= follow.due <= last:
                continue
            figures = counts[follow.months]
            figures["due"] += 1
            done = follow.recorded
            if done is not None and done.held_on <= last and done.outcome is not rules.Outcome.NIET_BEREIKT:
                figures["reached"] += 1
                figures["housed"] += done.outcome.housed
    return _with_shares(counts)


def retention_counted(due: Mapping[int, int], recorded: Iterable[tuple[date, rules.Recorded]],
                      first: date, last: date) -> dict:
    """``retention`` from what the report reads instead of every departure:
    ``due[months]``, how many departures lie in ``due_window(first, last,
    months)`` (exactly those with that follow-up due in the period), and
    (departure day, follow-up) of the follow-ups recorded for departures in
    those windows. The same figures (tests/core/test_aftercare.py), reading
    a row per follow-up recorded, not per departure."""
    counts = {months: {"due": due.get(months, 0), "reached": 0, "housed": 0} for months in rules.FOLLOWUP_MONTHS}
    for departed_on, done in recorded:
        figures = counts.get(done.months)
        if figures is None or not first <= rules.add_months(departed_on, done.months) <= last:
            continue  # another follow-up of a departure read for one that is due
        if done.held_on <= last and done.outcome is not rules.Outcome.NIET_BEREIKT:
            figures["reached"] += 1
            figures["housed"] += done.outcome.housed
    return _with_shares(counts)


def _with_shares(counts: dict[int, dict[str, int]]) -> dict:
    return {
        str(months): {
            **figures,
            "housed_share_of_reached": _share(figures["housed"], figures["reached"]),
            "housed_share_of_due": _share(figures["housed"], figures["due"]),
        }
        for months, figures in counts.items()
    }


def returns(series: Iterable[tuple[rules.Departed, list[rules.Planned]]], first: date, last: date) -> dict:
    """The cohort: households whose earliest departure to a permanent
    destination (eigen-woning, omklapwoning) within [first - 730, last - 730]
    lies in it. A return is the household's next registration with the
    scheme, or, when earlier, a follow-up of that departure that found it in
    a shelter (opvang) or homeless (dakloos); counted by the days from the
    departure to it: day 180 is within 180, day 181 is not."""
    earliest, latest = first - timedelta(days=LOOKBACK_DAYS), last - timedelta(days=LOOKBACK_DAYS)
    chosen: dict[int, tuple[rules.Departed, list[rules.Planned]]] = {}
    for departed, planned in series:
        if not earliest <= departed.departed <= latest:  # the cheaper test first
            continue
        if departed.destination.category is not rules.Category.PERMANENT:
            continue
        known = chosen.get(departed.household)
        if known is None or departed.departed < known[0].departed:
            chosen[departed.household] = (departed, planned)
    within = dict.fromkeys(RETURN_WINDOWS, 0)
    for departed, planned in chosen.values():
        days = _days_to_return(departed, planned)
        for window in RETURN_WINDOWS:
            within[window] += days is not None and days <= window
    return {
        "cohort": len(chosen),
        **{f"within_{window}": count for window, count in within.items()},
        "share_within_730": _share(within[LOOKBACK_DAYS], len(chosen)),
    }


def _days_to_return(departed: rules.Departed, planned: list[rules.Planned]) -> int | None:
    moments = [] if departed.registered_again is None else [departed.registered_again]
    moments += [p.recorded.held_on for p in planned if p.recorded is not None and p.recorded.outcome.returned]
    return min(((day - departed.departed).days for day in moments), default=None)


class DepartureWindow(NamedTuple):
    """The departures from ``first`` to ``last`` (both included) that
    ``followups_departed_in`` reads; with ``destinations`` only those to one
    of them."""

    first: date
    last: date
    destinations: frozenset[rules.Destination] | None = None


PERMANENT = frozenset(d for d in rules.Destination if d.category is rules.Category.PERMANENT)


def due_window(first: date, last: date, months: int) -> tuple[date, date]:
    """The first and last departure day whose follow-up after ``months``
    falls due in [first, last], exactly: a month's end clamps (30 November
    + 3 months = 28 February, as 28 and 29 November), so the bounds are
    ``add_months`` back from the period's, moved forward over the days that
    clamp into it (at most three). ``add_months`` never decreases, so
    every day between them is due in the period and none outside."""
    one = timedelta(days=1)
    start = rules.add_months(first, -months)  # every day before it falls due before ``first``
    while rules.add_months(start, months) < first:
        start += one
    end = rules.add_months(last, -months)  # falls due on or before ``last``
    while rules.add_months(end + one, months) <= last:
        end += one
    return start, end


def due_windows(first: date, last: date) -> dict[int, DepartureWindow]:
    """By months (3, 6, 12): the departures with that follow-up due in [first, last]."""
    return {months: DepartureWindow(*due_window(first, last, months)) for months in rules.FOLLOWUP_MONTHS}


def cohort_window(first: date, last: date) -> DepartureWindow:
    """The departures ``returns`` may count for [first, last]: 730 days
    earlier, to a permanent destination."""
    return DepartureWindow(first - timedelta(days=LOOKBACK_DAYS), last - timedelta(days=LOOKBACK_DAYS), PERMANENT)
