"""The state the rules look at (R1, R2): dwellings, applications, stays and
the pool; changes to the pool; finding the household a command is about."""

from __future__ import annotations

import math
from datetime import date, timedelta
from typing import NamedTuple

from ..dates import dutch
from ..errors import N_, InvalidInput, NotFound, Refused
from ..texts import check_visible
from .terms import Cooperation, EVALUATION_INTERVAL_DAYS, EXTENSION_DAYS, HIGHEST_ID, MOST_PERSONS, STAY_DAYS

# -- The state the rules look at. ---------------------------------------------


class OutOfUse(NamedTuple):
    """A period in which a dwelling is out of use (``last`` None: until further notice)."""

    first: date
    last: date | None = None
    reason: str | None = None

    def covers(self, day: date) -> bool:
        return self.first <= day and (self.last is None or day <= self.last)


class Dwelling(NamedTuple):
    """One dwelling of the pool (R1).

    ``in_use``: the pool has it and no period out of use covers today, or a
    household still lives in it (a resident is never hidden behind "out of
    use"). ``outages``: its periods out of use that have not ended before
    today.
    """

    code: str
    label: str
    wijk: str
    max_persons: int
    in_use: bool = True
    outages: tuple[OutOfUse, ...] = ()
    occupied_until: date | None = None
    """For a day before the last recorded change: the records hold a stay in
    it until that later day, so it is not free before then (R1)."""

    def fits(self, application: Application) -> bool:
        """R5: the household is not larger than the dwelling houses."""
        return application.persons <= self.max_persons

    def next_outage(self, day: date) -> OutOfUse | None:
        """The first period out of use that covers ``day`` or begins after it."""
        return min((o for o in self.outages if o.last is None or o.last >= day), key=lambda o: o.first, default=None)

    def placeable(self, start: date) -> bool:
        """R1: free for a stay from ``start`` on: in use, and no period out of
        use begins within the six weeks of a stay (STAY_DAYS days of the start),
        and no later-recorded stay occupies it after ``start``."""
        coming = self.next_outage(start)
        return (
            self.in_use
            and (coming is None or (coming.first - start).days > STAY_DAYS)
            and (self.occupied_until is None or self.occupied_until <= start)
        )


class Application(NamedTuple):
    """An open application (aanmelding): a household waiting or staying.

    ``id`` is None for an application not yet stored; it then ranks after
    every stored application of the same urgency and day, as it registered
    last. ``household`` is None for a household that is new to the register.
    """

    id: int | None
    household: int | None
    registered: date
    urgency: int
    adults: int = 1
    children: int = 0
    wijk: str | None = None
    """The household's own wijk, if intake recorded it (``wijk.best_fit``)."""

    @property
    def persons(self) -> int:
        return self.adults + self.children

    def rank(self) -> tuple[int, date, float]:
        """R5: the most urgent first; among equals, who registered first."""
        order = math.inf if self.id is None else self.id
        return (-self.urgency, self.registered, order)


def planned_end(start: date, weeks_extended: int) -> date:
    """R2, R3: the planned departure, six weeks plus a week per extension."""
    return start + timedelta(days=STAY_DAYS + EXTENSION_DAYS * weeks_extended)


class Stay(NamedTuple):
    """A placed application: a household living in a dwelling.

    The planned departure (``end``) is derived, never stored: the start plus
    six weeks plus a week for every extension granted (R2, R3).
    """

    id: int
    application: Application
    dwelling: str
    start: date
    weeks_extended: int = 0
    last_evaluation: date | None = None
    last_cooperation: Cooperation | None = None
    outage_from: date | None = None
    """The first day of its dwelling's next period out of use, if one is planned."""
    last_move: date | None = None
    """The day of the stay's last move to another dwelling, if it moved."""

    @property
    def household(self) -> int | None:
        return self.application.household

    @property
    def end(self) -> date:
        """The planned departure; a stay ends the day its dwelling goes out
        of use at the latest (the departure day is no night)."""
        planned = planned_end(self.start, self.weeks_extended)
        if self.outage_from is None:
            return planned
        return min(planned, max(self.outage_from, self.start))

    @property
    def stopped_by_outage(self) -> bool:
        """A further week would run into the dwelling's period out of use."""
        return self.outage_from is not None and self.end + timedelta(days=EXTENSION_DAYS) > self.outage_from

    @property
    def extendable(self) -> bool:
        """R4: tacit extension goes on unless the last evaluation said no."""
        return self.last_cooperation is not Cooperation.ONVOLDOENDE

    @property
    def next_evaluation(self) -> date:
        since = self.last_evaluation or self.start
        return since + timedelta(days=EVALUATION_INTERVAL_DAYS)


class Pool(NamedTuple):
    """What is open now: the dwellings, the stays in them and the waitlist."""

    dwellings: tuple[Dwelling, ...]
    stays: tuple[Stay, ...] = ()
    waiting: tuple[Application, ...] = ()

    def dwelling(self, code: str) -> Dwelling:
        wanted = check_visible(code, N_("The dwelling code")).strip().upper()
        for dwelling in self.dwellings:
            if dwelling.code.upper() == wanted:
                return dwelling
        raise NotFound(
            "There is no dwelling '{code}' in the pool.",
            code=code,
        )

    def stay_in(self, code: str) -> Stay | None:
        return next((s for s in self.stays if s.dwelling == code), None)

    @property
    def capacity(self) -> int:
        """How many dwellings are in use (R1)."""
        return sum(1 for d in self.dwellings if d.in_use)

    def free_dwellings(self, start: date) -> list[Dwelling]:
        """Dwellings free for a stay from ``start`` (``Dwelling.placeable``), by code."""
        taken = {stay.dwelling for stay in self.stays}
        return sorted(
            (d for d in self.dwellings if d.placeable(start) and d.code not in taken),
            key=lambda d: d.code,
        )

    def waitlist(self) -> list[Application]:
        """The waiting households in the order they are to be placed (R5)."""
        return sorted(self.waiting, key=Application.rank)

    def open_case(self, household: int) -> Stay | Application | None:
        """R8: the one open stay or application of a household, if any."""
        for stay in self.stays:
            if stay.household == household:
                return stay
        for application in self.waiting:
            if application.household == household:
                return application
        return None



# -- The pool (R1). -------------------------------------------------------------


def check_capacity_change(pool: Pool, code: str, max_persons: int) -> Dwelling:
    """A dwelling may be said to house fewer persons, but not fewer than the
    household living there now."""
    dwelling = pool.dwelling(code)
    if max_persons < 1:
        raise InvalidInput("A dwelling houses at least 1 person.")
    if max_persons > MOST_PERSONS:
        raise InvalidInput(
            "A dwelling houses at most {most} persons, not {persons}.",
            most=MOST_PERSONS,
            persons=max_persons,
        )
    stay = pool.stay_in(dwelling.code)
    if stay is not None and stay.application.persons > max_persons:
        raise Refused(
            "Household {household} ({persons} persons) lives in {code}; it cannot "
            "house fewer while they stay.",
            household=stay.household,
            persons=stay.application.persons,
            code=dwelling.code,
        )
    return dwelling


def check_out_of_use(pool: Pool, code: str, first: date, last: date | None, today: date) -> Dwelling:
    """R1: a dwelling can be out of use for a period planned from today on;
    for a dwelling with a resident only from tomorrow on (the stay then ends
    the day the period begins at the latest: ``Stay.end``)."""
    dwelling = pool.dwelling(code)
    if last is not None and last < first:
        raise InvalidInput(
            "The period ends ({last}) before it begins ({first}).",
            last=dutch(last),
            first=dutch(first),
        )
    if first < today:
        raise Refused(
            "A period out of use begins today or later, not on {first}.",
            first=dutch(first),
        )
    stay = pool.stay_in(dwelling.code)
    if stay is not None and first <= today:
        raise Refused(
            "Household {household} lives in {code}; a dwelling with a resident can be "
            "taken out of use from tomorrow on, or once the household has left or moved "
            "(doorstroom move).",
            household=stay.household,
            code=dwelling.code,
        )
    for period in dwelling.outages:
        if period.first <= (last or date.max) and first <= (period.last or date.max):
            bounded = N_("Dwelling {code} is already out of use {first} to {last}; periods out of use do not "
                         "overlap. 'doorstroom dwellings back {code}' ends or withdraws it.")
            open_ended = N_("Dwelling {code} is already out of use from {first} until further notice; periods "
                            "out of use do not overlap. 'doorstroom dwellings back {code}' ends or withdraws it.")
            raise Refused(
                bounded if period.last else open_ended,
                code=dwelling.code,
                first=dutch(period.first),
                last=None if period.last is None else dutch(period.last),
            )
    return dwelling


class BackInUse(NamedTuple):
    """What ``dwellings back`` does: a dwelling out of use today is in use
    again from today (``ending``: the periods that cover today; one that
    begins today is withdrawn, the others end yesterday); a dwelling whose
    period has not begun yet has its next planned period withdrawn
    (``withdrawn``)."""

    dwelling: Dwelling
    ending: tuple[OutOfUse, ...] = ()
    withdrawn: OutOfUse | None = None


def back_in_use(pool: Pool, code: str, today: date) -> BackInUse:
    """R1: back in use from today, or the next planned period cancelled."""
    dwelling = pool.dwelling(code)
    covering = tuple(o for o in dwelling.outages if o.covers(today))
    if covering:
        return BackInUse(dwelling, ending=covering)
    planned = dwelling.next_outage(today)
    if planned is None:
        raise Refused(
            "Dwelling {code} is not out of use today, and no period out of use is planned for it.",
            code=dwelling.code,
        )
    return BackInUse(dwelling, withdrawn=planned)


# -- Finding the household a command is about. --------------------------------


def household_number(ref: str) -> int | None:
    """The household id that REF is, or None when REF is a dwelling code."""
    cleaned = check_visible(ref, N_("The household id or dwelling code")).strip()
    if not cleaned:
        raise InvalidInput("Give a household id or a dwelling code.")
    if not (cleaned.isascii() and cleaned.isdigit()):
        return None
    digits = cleaned.lstrip("0") or "0"
    # Compare the digits before converting: Python refuses to convert more
    # than a few thousand of them.
    if len(digits) > len(str(HIGHEST_ID)) or int(digits) > HIGHEST_ID:
        raise NotFound("There is no household {household}.", household=cleaned)
    return int(digits)


def locate(pool: Pool, ref: str) -> Stay | Application:
    """The open stay or application that REF means.

    REF is a household id (digits) or a dwelling code, which means the
    household living there.
    """
    household = household_number(ref)
    if household is not None:
        case = pool.open_case(household)
        if case is None:
            raise NotFound(
                "Household {household} has no open application or stay.",
                household=household,
            )
        return case
    try:
        dwelling = pool.dwelling(ref)
    except NotFound:
        raise NotFound(
            "There is no household or dwelling '{ref}'.",
            ref=ref,
        ) from None
    stay = pool.stay_in(dwelling.code)
    if stay is None:
        raise Refused(
            "Dwelling {code} has no resident.",
            code=dwelling.code,
        )
    return stay


_ONLY_IN_A_DWELLING = {
    "extended": N_("Household {household} is on the waitlist; only a household in a dwelling can be extended."),
    "evaluated": N_("Household {household} is on the waitlist; only a household in a dwelling can be evaluated."),
    "moved": N_("Household {household} is on the waitlist; only a household in a dwelling can move."),
}


def locate_stay(pool: Pool, ref: str, action: str) -> Stay:
    """Like ``locate``, for actions that only a household in a dwelling
    allows (``action`` is ``extended``, ``evaluated`` or ``moved``)."""
    case = locate(pool, ref)
    if not isinstance(case, Stay):
        raise Refused(_ONLY_IN_A_DWELLING[action], household=case.household)
    return case


def _not_before(day: date, earliest: date, refusal: str) -> None:
    """History runs forward: no action may be dated before what it acts on.

    ``refusal`` is the sentence, with ``{day}`` and ``{earliest}`` in it.
    """
    if day < earliest:
        raise Refused(refusal, day=dutch(day), earliest=dutch(earliest))
