"""The coordinator's agenda: what falls due on each day of a period. Pure.

The items come from what is open now (the pool's stays, their evaluations
held so far, the intake's wijkcoach) and the dwellings' periods out of use:

evaluation    due every EVALUATION_INTERVAL_DAYS after the start or the last
              evaluation (``Stay.next_evaluation``); later ones are
              projected as if each were held on the day it is shown. One
              that is overdue shows on the agenda's first day.
departure     only where tacit extension will not follow (R4: the last
              evaluation was 'onvoldoende'), or where the stay must end
              because its dwelling goes out of use (``Stay.outage_from``:
              the last week that fits before it); overdue: the first day.
six_weeks     the day the household has stayed STAY_DAYS (R2), while it
              still lives there then.
outage_start  the first day a dwelling is out of use.
outage_end    the first day it is back in use.

urgentie_expires  the last day an urgentie granted on the route out
              (``outflow urgentie-besluit --valid-until``) is valid, until a
              key date is recorded; for a household in a dwelling.
key_date      the key date of the route out (``outflow sleutel``): plan
              the departure; for a household in a dwelling.
followup      an open follow-up after a departure (aftercare,
              ``rules.open_followups``: 3, 6 and 12 months after it) on its
              due day; one due before the agenda's first day on that day.

Each item has an identity that does not change when its day does, so a
calendar that imports the agenda again updates the event instead of adding
a second one (``AgendaItem.uid``): ``kind-household-day@doorstroom``, with
the dwelling code instead of the household for outages, and as the day:

- evaluation: the n-th evaluation's day in the stay's own fortnightly
  schedule, start + 14 x n. An evaluation held late moves the ones after it
  on the agenda, but their number n, and so their UID, stays; an overdue
  one keeps it too while it is shown on the first day.
- departure: start + STAY_DAYS, the stay's first planned departure; a stay
  has one departure, however often its date moves.
- six_weeks: start + STAY_DAYS (it never moves).
- urgentie_expires and key_date: the stay's start (one of each per stay;
  a later decision or a key recorded anew moves the day, not the UID).
- outage_start and outage_end: the period's first day, so bringing a
  dwelling back earlier moves its outage_end and keeps its UID.
- followup: its due day (it never moves).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from .dates import LATEST, dutch
from .errors import InvalidInput
from .rules import (
    EVALUATION_INTERVAL_DAYS, EXTENSION_DAYS, MOST_AGENDA_DAYS, STAY_DAYS, Departed, Planned, Pool, Stay, name_key,
    open_followups, planned_end,
)


class ItemKind(str, Enum):
    """The kinds of agenda item, in the order a day lists them (slugs are
    part of the command-line contract)."""

    DEPARTURE = "departure"
    EVALUATION = "evaluation"
    SIX_WEEKS = "six_weeks"
    OUTAGE_START = "outage_start"
    OUTAGE_END = "outage_end"
    FOLLOWUP = "followup"
    URGENTIE_EXPIRES = "urgentie_expires"  # issue 14
    KEY_DATE = "key_date"  # issue 14


class DepartureReason(str, Enum):
    """Why a departure is planned."""

    NOT_EXTENDABLE = "not_extendable"
    OUTAGE = "outage"


@dataclass(frozen=True)
class OutagePeriod:
    """A dwelling out of use from ``first`` to ``last`` (None: until further notice)."""

    dwelling: str
    first: date
    last: date | None


@dataclass(frozen=True)
class Item:
    """One thing on the agenda.

    ``day`` is the day it is shown, ``due`` the day it fell due (earlier than
    ``day`` when it is overdue), ``key`` the day in its identity (see the
    module's docstring)."""

    day: date
    kind: ItemKind
    household: int | None
    dwelling: str
    wijkcoach: str | None
    due: date
    key: date
    reason: DepartureReason | None = None
    outage_from: date | None = None
    """For a departure because of an outage: the period's first day."""
    months: int | None = None
    """For a follow-up: how many months after the departure."""

    @property
    def overdue(self) -> bool:
        return self.due < self.day

    @property
    def uid(self) -> str:
        who = self.dwelling if self.household is None else self.household
        return f"{self.kind.value}-{who}-{self.key.isoformat()}@doorstroom"


_SIX_WEEKS = timedelta(days=STAY_DAYS)
_INTERVAL = timedelta(days=EVALUATION_INTERVAL_DAYS)
_ORDER = {kind: number for number, kind in enumerate(ItemKind)}


def period(first: date, days: int) -> tuple[date, date]:
    """The agenda's first and last day (included): ``days`` days from ``first``."""
    if not 1 <= days <= MOST_AGENDA_DAYS:
        raise InvalidInput(
            "--days is a number of days from 1 to {most}, not {days}.",
            most=MOST_AGENDA_DAYS,
            days=days,
        )
    if (LATEST - first).days < days - 1:
        raise InvalidInput(
            "The agenda would run past {latest}, the last day doorstroom works with.",
            latest=dutch(LATEST),
        )
    return first, first + timedelta(days=days - 1)


def departure(stay: Stay) -> tuple[date, DepartureReason] | None:
    """The day the household is to leave, and why; None while tacit
    extension goes on with no period out of use of its dwelling ahead.

    Tacit extension stops before a week would run into the dwelling's next
    period out of use (``rules.plan_extensions``): the stay then ends on the
    last planned departure that fits before it, or on its first day."""
    if stay.outage_from is not None:
        if stay.extendable:
            if stay.end >= stay.outage_from:
                return stay.end, DepartureReason.OUTAGE
            weeks = (stay.outage_from - stay.end).days // EXTENSION_DAYS
            return stay.end + timedelta(days=EXTENSION_DAYS * weeks), DepartureReason.OUTAGE
        if planned_end(stay.start, stay.weeks_extended) > stay.outage_from:
            return stay.end, DepartureReason.OUTAGE
    if not stay.extendable:
        return stay.end, DepartureReason.NOT_EXTENDABLE
    return None


def items(
    pool: Pool,
    first: date,
    last: date,
    *,
    evaluations_held: Mapping[int, int],
    wijkcoaches: Mapping[int, str | None],
    outages: Iterable[OutagePeriod],
    wijkcoach: str | None = None,
    route_dates: Mapping[int, tuple[date | None, date | None]] | None = None,
    followups: Iterable[tuple[Departed, list[Planned]]] = (),
    followups_since: date | None = None,
) -> list[Item]:
    """Everything on the agenda from ``first`` to ``last`` (included), in day
    order. ``evaluations_held`` and ``wijkcoaches`` are by stay id;
    ``wijkcoach`` keeps only the items of the stays that wijkcoach guides
    (compared by ``rules.name_key``: case and accents do not count);
    ``route_dates`` holds, by stay id, the route out's (urgentie valid until,
    key date) (``rules.route_dates``);
    ``followups`` are departures with their follow-ups (``rules.followup_schedule``);
    one due before ``followups_since`` (the day an upgraded database got aftercare) is left out."""
    outages = tuple(outages)
    found: list[Item] = []
    for stay in pool.stays:
        found += _stay_items(stay, first, last, evaluations_held.get(stay.id, 0), wijkcoaches.get(stay.id))
        for kind, day in zip((ItemKind.URGENTIE_EXPIRES, ItemKind.KEY_DATE), (route_dates or {}).get(stay.id, ())):
            if day is not None and first <= day <= last:
                found.append(Item(day, kind, stay.household, stay.dwelling, wijkcoaches.get(stay.id), day, stay.start))
    in_pool = {dwelling.code for dwelling in pool.dwellings}
    for outage in outages:
        if outage.dwelling in in_pool:
            found += _outage_items(outage, first, last)
    for departed, planned in followups:
        for follow in open_followups(planned, departed, first):
            if follow.due <= last and (followups_since is None or follow.due >= followups_since):
                found.append(Item(max(follow.due, first), ItemKind.FOLLOWUP, departed.household, departed.dwelling,
                                  None, follow.due, follow.due, months=follow.months))
    if wijkcoach is not None:
        wanted = name_key(wijkcoach)
        found = [item for item in found if item.wijkcoach is not None and name_key(item.wijkcoach) == wanted]
    return sorted(found, key=lambda item: (item.day, _ORDER[item.kind], item.dwelling, item.key))


def _stay_items(stay: Stay, first: date, last: date, held: int, coach: str | None) -> list[Item]:
    found = []

    def add(day: date, kind: ItemKind, due: date, key: date, reason: DepartureReason | None = None) -> None:
        outage = stay.outage_from if reason is DepartureReason.OUTAGE else None
        found.append(Item(day, kind, stay.household, stay.dwelling, coach, due, key, reason, outage))

    leaving = departure(stay)
    leaves_on = leaving[0] if leaving else None
    if leaving is not None and leaves_on <= last:
        add(max(leaves_on, first), ItemKind.DEPARTURE, leaves_on, stay.start + _SIX_WEEKS, leaving[1])

    six_weeks = stay.start + _SIX_WEEKS
    if first <= six_weeks <= last and (leaves_on is None or six_weeks < leaves_on):
        add(six_weeks, ItemKind.SIX_WEEKS, six_weeks, six_weeks)

    number, due = held + 1, stay.next_evaluation
    shown = max(due, first)
    while shown <= last and (leaves_on is None or shown < leaves_on):
        add(shown, ItemKind.EVALUATION, due, _scheduled(stay.start, number))
        number, due = number + 1, shown + _INTERVAL
        shown = due
    return found


def _scheduled(start: date, number: int) -> date:
    """The n-th evaluation's day on the stay's own fortnightly schedule; a
    count no real stay reaches (rows written behind the tool's back) gives
    the calendar's last day rather than an overflow."""
    days = EVALUATION_INTERVAL_DAYS * number
    return start + timedelta(days=days) if days <= (date.max - start).days else date.max


def _outage_items(outage: OutagePeriod, first: date, last: date) -> list[Item]:
    found = []
    if first <= outage.first <= last:
        found.append(Item(outage.first, ItemKind.OUTAGE_START, None, outage.dwelling, None,
                          outage.first, outage.first))
    # Compared before adding a day: an old version's "until 31-12-9999" must not overflow.
    if outage.last is not None and outage.last < last:
        back = outage.last + timedelta(days=1)
        if back >= first:
            found.append(Item(back, ItemKind.OUTAGE_END, None, outage.dwelling, None, back, outage.first))
    return found
