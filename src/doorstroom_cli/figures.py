"""The figures the gemeente asks for, by the definitions real programmes use.

Pure, like the rules (core/rules): stays and a period in, numbers out. The day is the
unit. A stay occupies the nights from its start up to but not including its
departure (the departure day is no night); a stay still active occupies
every night up to the end of the period. Periods include both ends.

Definitions (docs/figures.md explains them for the gemeente):

nights           occupied nights inside the period
capacity_nights  nights the dwellings in use were available inside the
                 period, from the first day of the records on (a dwelling
                 out of use on a day adds no capacity, unless a household
                 still lived in it that night)
occupancy        nights / capacity_nights (0 when there is no capacity)
dwellings        nights, capacity_nights and occupancy of each dwelling; a
                 stay's night counts towards the dwelling it slept in
admissions       stays that started in the period
departures       stays that ended in the period
stays            stays that overlap the period
waiting          applications waiting at the end of the period
withdrawals      applications withdrawn (closed without a stay) in the period
waiting_time     placed: registration to start, in days, of the stays that
                 started in the period (count, mean, median, max);
                 still_waiting: registration to the period's last day of
                 those waiting at its end (count, median, max)
length_of_stay   mean, median and max of departure - start, in days, of the
                 stays that ended in the period
within_six_weeks share of those with at most 42 days
stayers          the stays still open at the end of the period: how many,
                 and the mean, median and max of the period's last day -
                 start, in days
destinations     count per destination of those departures
permanent_share  share of those departures to permanent housing
alternatives     occupied nights per alternative recorded at intake, with
                 the cost elsewhere where the gemeente set a daily tariff
extensions       weeks of extension granted in the period, and the number
                 of stays that were granted at least one in the period
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from .core.errors import InvalidInput
from .core.rules import STAY_DAYS, Alternative, Category, Destination, planned_end
from .records import ApplicationRecord, StayRecord

if TYPE_CHECKING:
    from decimal import Decimal


@dataclass(frozen=True)
class Period:
    """A run of whole days, both ends included."""

    first: date
    last: date

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise InvalidInput(
                "The period ends ({last:%d-%m-%Y}) before it begins ({first:%d-%m-%Y}).",
                last=self.last,
                first=self.first,
            )

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    def overlap_days(self, first: date, last: date | None) -> int:
        """Days of [first, last] (last None: open-ended) inside this period."""
        begin = max(first, self.first)
        end = self.last if last is None else min(last, self.last)
        return max(0, (end - begin).days + 1)

    def months(self) -> list[Period]:
        """The calendar months this period touches, clipped to it."""
        months = []
        begin = self.first
        while begin <= self.last:
            following = date(begin.year + begin.month // 12, begin.month % 12 + 1, 1)
            months.append(Period(begin, min(self.last, following - timedelta(days=1))))
            begin = following
        return months


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def last_full_quarter(today: date) -> Period:
    """The default period: the last calendar quarter that has ended."""
    last = quarter_start(today) - timedelta(days=1)
    return Period(quarter_start(last), last)


def reporting_period(first: date | None, last: date | None, today: date) -> Period:
    """The period of a report.

    Neither end given: the last full quarter. ``last`` missing: today.
    ``first`` missing: the start of the quarter that holds ``last``. A
    ``last`` after today is clamped to today: the future has no figures,
    and a period that begins after today is refused.
    """
    if first is None and last is None:
        return last_full_quarter(today)
    if first is not None and first > today:
        raise InvalidInput(
            "The period begins ({first:%d-%m-%Y}) after today ({today:%d-%m-%Y}): the future has no figures yet.",
            first=first,
            today=today,
        )
    last = min(last or today, today)
    return Period(first or quarter_start(last), last)


@dataclass(frozen=True)
class Outage:
    dwelling: str
    first: date
    last: date | None


def capacity_nights(
    dwellings: Iterable[str],
    outages: Iterable[Outage],
    period: Period,
    stays: Iterable[StayRecord] = (),
    records_from: date | None = None,
) -> int:
    """Nights the dwellings in use were available inside the period.

    Capacity starts with the records (``records_from``, the first day the
    database recorded anything): the days before it add none. A dwelling
    adds none on a day it is out of use, unless a household still lived in
    it that night (the dwelling it slept in, after a move the new one): then
    it was in use, so occupancy never exceeds the pool.
    Overlapping outages of one dwelling are counted once.
    """
    if records_from is not None:
        if records_from > period.last:
            return 0
        period = Period(max(period.first, records_from), period.last)
    out_by_dwelling: dict[str, set[date]] = {}
    for outage in outages:
        days = out_by_dwelling.setdefault(outage.dwelling, set())
        begin = max(outage.first, period.first)
        end = period.last if outage.last is None else min(outage.last, period.last)
        days.update(begin + timedelta(days=n) for n in range((end - begin).days + 1))
    dwellings = list(dwellings)
    if not any(out_by_dwelling.get(code) for code in dwellings):
        return period.days * len(dwellings)  # nothing out of use: no stay to look at (per dwelling, 800 times)
    for stay in stays:
        # The dwelling it slept in that night: after a move, the new one's.
        for code, first, end in stay.spells():
            days = out_by_dwelling.get(code)
            if days:
                left = period.last + timedelta(days=1) if end is None else end
                days.difference_update([d for d in days if first <= d < left])
    return sum(period.days - len(out_by_dwelling.get(code, ())) for code in dwellings)


def share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def report(
    period: Period,
    stays: list[StayRecord],
    dwellings: list[str],
    outages: list[Outage],
    extensions: list[tuple[int, date]],
    applications: Iterable[ApplicationRecord],
    tariffs: dict[Alternative, Decimal] | None = None,
    records_from: date | None = None,
) -> dict:
    """The figures for a period, keyed as ``report --json`` prints them.

    ``stays`` may hold more than the stays overlapping the period, each as
    it was on the period's last day (a later departure is None);
    ``extensions`` are (stay id, day granted) pairs; ``applications`` are
    at least those waiting at the end of the period or withdrawn in it;
    capacity starts on ``records_from`` (``capacity_nights``).
    """
    stays = [s for s in stays if s.overlaps(period)]
    applications = list(applications)
    departed = departures_in(stays, period)
    lengths = [(s.departure - s.start).days for s in departed]
    admitted = [s for s in stays if period.first <= s.start <= period.last]
    still_waiting = [(period.last - a.registered).days for a in applications if a.waiting_on(period.last)]
    waited = summary(still_waiting)
    nights = sum(s.nights_in(period) for s in stays)
    capacity = capacity_nights(dwellings, outages, period, stays, records_from)
    destinations = {d.value: 0 for d in Destination}
    for stay in departed:
        destinations[stay.destination.value] += 1
    permanent = sum(1 for s in departed if s.destination.category is Category.PERMANENT)
    granted = [(stay, day) for stay, day in extensions if period.first <= day <= period.last]
    return {
        "from": period.first.isoformat(),
        "to": period.last.isoformat(),
        "nights": nights,
        "capacity_nights": capacity,
        "occupancy": share(nights, capacity),
        "monthly": _monthly(period, stays, dwellings, outages, records_from),
        "dwellings": _per_dwelling(period, stays, dwellings, outages, records_from),
        "admissions": len(admitted),
        "departures": len(departed),
        "stays": len(stays),
        "waiting": len(still_waiting),
        "withdrawals": sum(1 for a in applications if a.withdrawn_in(period)),
        "waiting_time": {
            "placed": {"count": len(admitted), **summary([s.days_waited for s in admitted])},
            "still_waiting": {"count": len(still_waiting), "median": waited["median"], "max": waited["max"]},
        },
        "length_of_stay": summary(lengths),
        "within_six_weeks": share(sum(1 for n in lengths if n <= STAY_DAYS), len(lengths)),
        "stayers": stayers(stays, period),
        "destinations": destinations,
        "permanent_share": share(permanent, len(departed)),
        "alternatives": _alternatives(period, stays, tariffs or {}),
        "extensions": {
            "applied": len(granted),
            "stays": len({stay for stay, _ in granted}),
        },
    }


def summary(days: list[int]) -> dict:
    """Mean, median and max of a list of day counts; 0 each when it is empty
    (as every count of an empty period is 0, never null)."""
    import statistics  # only reports need it; the status path imports this module

    return {
        "mean": statistics.fmean(days) if days else 0,
        "median": statistics.median(days) if days else 0,
        "max": max(days, default=0),
    }


def stayers(stays: Iterable[StayRecord], period: Period) -> dict:
    """The stays still open at the end of the period, counted in days from
    their start to the period's last day (a stay begun that day: 0)."""
    days = [
        (period.last - s.start).days
        for s in stays
        if s.start <= period.last and (s.departure is None or s.departure > period.last)
    ]
    return {"count": len(days), "length_of_stay": summary(days)}


def departures_in(stays: Iterable[StayRecord], period: Period) -> list[StayRecord]:
    """The stays that ended inside the period."""
    return [s for s in stays if s.departure is not None and period.first <= s.departure <= period.last]


def lengths_of_stay(stays: Iterable[StayRecord], period: Period) -> list[int]:
    """Departure - start, in days, of each stay that ended inside the period."""
    return [(s.departure - s.start).days for s in departures_in(stays, period)]


def _monthly(period: Period, stays: list[StayRecord], dwellings, outages, records_from=None) -> list[dict]:
    """Nights, capacity and occupancy per calendar month of the period.

    One pass over the stays, each spread over the months it touches, gives
    the same nights as ``nights_in(month)`` per stay and month, without
    visiting every stay for every month of a long period.
    """
    months = period.months()
    position = {(m.first.year, m.first.month): n for n, m in enumerate(months)}
    nights = [0] * len(months)
    after = period.last + timedelta(days=1)
    for stay in stays:
        begin = max(stay.start, period.first)
        end = after if stay.departure is None else min(stay.departure, after)
        while begin < end:
            following = date(begin.year + begin.month // 12, begin.month % 12 + 1, 1)
            chunk = min(end, following)
            nights[position[(begin.year, begin.month)]] += (chunk - begin).days
            begin = chunk
    monthly = []
    for month, occupied in zip(months, nights):
        capacity = capacity_nights(dwellings, outages, month, stays, records_from)
        monthly.append(
            {
                "month": month.first.strftime("%Y-%m"),
                "nights": occupied,
                "capacity_nights": capacity,
                "occupancy": share(occupied, capacity),
            }
        )
    return monthly


def _per_dwelling(period: Period, stays: list[StayRecord], dwellings, outages, records_from=None) -> list[dict]:
    """Nights, capacity and occupancy of each dwelling in the period, by
    code: a stay's nights count towards the dwelling it slept in each night
    (the night of a move day is the new dwelling's). A dwelling that is not
    in use but had nights in the period is listed with its capacity of 0."""
    nights: dict[str, int] = dict.fromkeys(dwellings, 0)
    for stay in stays:
        for code, count in stay.nights_by_dwelling(period).items():
            nights[code] = nights.get(code, 0) + count
    by_dwelling: dict[str, list[Outage]] = {}
    for outage in outages:
        by_dwelling.setdefault(outage.dwelling, []).append(outage)
    in_use = set(dwellings)
    listed = []
    for code in sorted(nights):
        capacity = capacity_nights([code], by_dwelling.get(code, ()), period, stays, records_from) if code in in_use else 0
        listed.append(
            {"code": code, "nights": nights[code], "capacity_nights": capacity,
             "occupancy": share(nights[code], capacity)}
        )
    return listed


def _alternatives(period: Period, stays, tariffs: dict[Alternative, Decimal]) -> dict:
    """Nights per alternative avoided, and their cost elsewhere where a tariff is set."""
    figures = {}
    for alternative in Alternative:
        nights = sum(s.nights_in(period) for s in stays if s.alternative is alternative)
        tariff = tariffs.get(alternative)
        figures[alternative.value] = {
            "nights": nights,
            "daily_tariff": None if tariff is None else float(tariff),
            "cost": None if tariff is None else float(tariff * nights),
        }
    return figures
