"""A stay once it runs: extension (R3, R4), evaluation (R4), a move to
another dwelling, departure, and what needs the coordinator's attention."""

from __future__ import annotations

from datetime import date, timedelta
from enum import Enum
from typing import NamedTuple

from ..dates import dutch
from ..errors import N_, InvalidInput, Refused
from ..texts import one_line
from .intake import _available, _ensure_fits, claimant, claims, only_fit
from .pool import Application, Pool, Stay, _not_before
from .terms import (
    ENDS_SOON_DAYS, EVALUATION_INTERVAL_DAYS, OUTAGE_AHEAD_DAYS, EXTENSION_DAYS, LAST_PLANNED_DEPARTURE,
    MOST_WEEKS_PER_EXTENSION, Cooperation, Destination,
)

# -- Extension (R3, R4). --------------------------------------------------------


class Extension(NamedTuple):
    """Weeks added to a stay: tacitly by the daily run, or by hand.

    ``weeks`` holds the day each week was granted: for a tacit extension the
    planned departure it replaced, for one by hand the day it was made.
    """

    stay: Stay
    weeks: tuple[date, ...]
    tacit: bool

    @property
    def old_end(self) -> date:
        return self.stay.end

    @property
    def new_end(self) -> date:
        return self.old_end + timedelta(days=EXTENSION_DAYS * len(self.weeks))


class ExtensionPlan(NamedTuple):
    """What ``extend --auto`` does today: the extensions and the stays it skips.

    ``skipped``: due but not extendable (R4); ``stopped``: due, but a further
    week would run into the dwelling's period out of use (R1). A stopped stay
    may also have had the weeks that still fit (in ``extended``): it is
    listed as it stands after them, so its ``end`` is the day it now ends."""

    today: date
    extended: tuple[Extension, ...] = ()
    skipped: tuple[Stay, ...] = ()
    stopped: tuple[Stay, ...] = ()


SKIP_NOT_EXTENDABLE = "not_extendable"
"""The reason reported for a stay the daily run leaves alone (R4)."""

SKIP_DWELLING_OUT_OF_USE = "dwelling_out_of_use"
"""The reason reported for a stay whose next week would run into its
dwelling's period out of use (R1): it ends the day that period begins."""


def plan_extensions(stays: tuple[Stay, ...] | list[Stay], today: date) -> ExtensionPlan:
    """R3: extend every extendable stay whose end has come until it lies after today.

    Each missed week is a week of its own, dated on the end it replaced, so
    one run after missed days leaves the same history as a run every day.
    Stays that are due but not extendable (R4) are reported as skipped; a
    week never runs into the dwelling's period out of use (R1): the weeks
    that fit before it are granted, and the stay is reported as stopped.
    """
    extended: list[Extension] = []
    skipped: list[Stay] = []
    stopped: list[Stay] = []
    for stay in sorted(stays, key=lambda s: s.dwelling):
        if stay.end > today:
            continue
        if not stay.extendable:
            skipped.append(stay)
            continue
        count = (today - stay.end).days // EXTENSION_DAYS + 1
        if stay.outage_from is not None:
            fitting = max(0, (stay.outage_from - stay.end).days // EXTENSION_DAYS)
            if fitting < count:
                count = fitting
                stopped.append(stay._replace(weeks_extended=stay.weeks_extended + count))
        granted = tuple(
            stay.end + timedelta(days=EXTENSION_DAYS * week) for week in range(count)
        )
        if granted:
            extended.append(Extension(stay, granted, tacit=True))
    return ExtensionPlan(today, tuple(extended), tuple(skipped), tuple(stopped))


def extend_by_hand(stay: Stay, weeks: int, today: date) -> Extension:
    """R4: the coordinator may always extend, whatever the last evaluation said.

    It moves the planned departure; it does not restore tacit extension (only
    an evaluation does that).
    """
    if weeks < 1:
        raise InvalidInput(
            "An extension is 1 week or more, not {weeks}.",
            weeks=weeks,
        )
    if weeks > MOST_WEEKS_PER_EXTENSION:
        raise InvalidInput(
            "An extension is at most {most} weeks at a time, not {weeks}.",
            most=MOST_WEEKS_PER_EXTENSION,
            weeks=weeks,
        )
    _not_before(today, stay.start, N_("An extension on {day} would lie before the start of the stay ({earliest})."))
    _not_before_move(stay, today, N_("An extension on {day} would lie before the household's move ({earliest})."))
    extension = Extension(stay, (today,) * weeks, tacit=False)
    if stay.outage_from is not None and extension.new_end > stay.outage_from:
        raise Refused(
            "{code} is out of use from {day}; an extension to {end} would run into that period. "
            "Move the household to another dwelling first (doorstroom move).",
            code=stay.dwelling,
            day=dutch(stay.outage_from),
            end=dutch(extension.new_end),
        )
    if extension.new_end > LAST_PLANNED_DEPARTURE:
        raise Refused(
            "An extension to {end} would take the stay past {last}, the last planned "
            "departure doorstroom works with.",
            end=dutch(extension.new_end),
            last=dutch(LAST_PLANNED_DEPARTURE),
        )
    return extension


# -- Evaluation (R4). -----------------------------------------------------------


class Evaluation(NamedTuple):
    """The outcome of an evaluation talk."""

    stay: Stay
    held_on: date
    cooperation: Cooperation

    @property
    def extendable(self) -> bool:
        return self.cooperation is not Cooperation.ONVOLDOENDE

    @property
    def end(self) -> date:
        return self.stay.end

    @property
    def next_evaluation(self) -> date:
        return self.held_on + timedelta(days=EVALUATION_INTERVAL_DAYS)


def evaluate(stay: Stay, cooperation: Cooperation, today: date) -> Evaluation:
    """R4: ``onvoldoende`` stops tacit extension; any other level restores it."""
    _not_before(today, stay.start, N_("An evaluation on {day} would lie before the start of the stay ({earliest})."))
    if stay.last_evaluation is not None:
        _not_before(
            today, stay.last_evaluation, N_("An evaluation on {day} would lie before the last evaluation ({earliest}).")
        )
    _not_before_move(stay, today, N_("An evaluation on {day} would lie before the household's move ({earliest})."))
    return Evaluation(stay, today, Cooperation(cooperation))


# -- A move to another dwelling. -------------------------------------------------


class Move(NamedTuple):
    """A household that changes dwelling without leaving the scheme (a repair,
    a household that grew): the same stay goes on, with its start, planned
    departure, extensions and evaluations. From ``day`` on (that day's night
    included) it sleeps in ``target``."""

    stay: Stay
    target: str
    day: date
    reason: str | None = None

    @property
    def source(self) -> str:
        """The dwelling the household leaves."""
        return self.stay.dwelling

    end: date | None = None
    """The planned departure in ``target``: the same weeks, but only the new
    dwelling's period out of use can cut them short."""


def move(pool: Pool, stay: Stay, code: str, today: date, reason: str | None = None) -> Move:
    """R1, R5: a household moves to another dwelling that is in use, has no
    resident and fits it; the stay itself does not change.

    Like every write it may not be dated before what it acts on: the start,
    the last evaluation or the last move."""
    reason = None if reason is None else one_line(reason, N_("The reason"))
    target = pool.dwelling(code)
    if target.code == stay.dwelling:
        raise Refused(
            "Household {household} already lives in {code}; give another dwelling with --to.",
            household=stay.household,
            code=target.code,
        )
    _available(pool, target.code, today)
    _ensure_fits(target, stay.application)
    _not_before(today, stay.start, N_("A move on {day} would lie before the start of the stay ({earliest})."))
    if stay.last_evaluation is not None:
        _not_before(today, stay.last_evaluation, N_("A move on {day} would lie before the last evaluation ({earliest})."))
    _not_before_move(stay, today, N_("A move on {day} would lie before the household's last move ({earliest})."))
    coming = target.next_outage(today)
    in_target = stay._replace(dwelling=target.code, outage_from=None if coming is None else coming.first)
    return Move(stay, target.code, today, reason, in_target.end)


def _not_before_move(stay: Stay, day: date, refusal: str) -> None:
    """Nothing is dated before the stay's last move (history runs forward)."""
    if stay.last_move is not None:
        _not_before(day, stay.last_move, refusal)


# -- Departure and withdrawal. --------------------------------------------------


class Departure(NamedTuple):
    """An open application closed today: a stay ended or an application withdrawn."""

    application: Application
    stay: Stay | None
    on: date
    destination: Destination
    next_in_line: Application | None = None

    @property
    def days(self) -> int | None:
        """Length of stay: departure minus start (the departure day is no night)."""
        return None if self.stay is None else (self.on - self.stay.start).days


def release(pool: Pool, case: Stay | Application, destination: Destination, today: date) -> Departure:
    """End a stay today, or withdraw a waiting application.

    For a stay, ``next_in_line`` is the waiting household that would get the
    freed dwelling (R5); placing it is a separate step (``place_next``).
    """
    destination = Destination(destination)
    if isinstance(case, Stay):
        _not_before(today, case.start, N_("The departure on {day} would lie before the start of the stay ({earliest})."))
        _not_before_move(case, today, N_("The departure on {day} would lie before the household's move ({earliest})."))
        dwelling = pool.dwelling(case.dwelling)
        # placeable: also not when a period out of use covers today (a resident kept it in use until now).
        following = claimant(pool, dwelling, pool.waitlist()) if dwelling.placeable(today) else None
        return Departure(case.application, case, today, destination, following)
    _not_before(today, case.registered, N_("The withdrawal on {day} would lie before the registration ({earliest})."))
    return Departure(case, None, today, destination)


# -- What needs attention. ------------------------------------------------------


class AlertKind(str, Enum):
    """The kinds of alert in the daily overview, most pressing first."""

    OVERDUE = "overdue"
    OUTAGE_AHEAD = "outage_ahead"
    EXTENSION_PENDING = "extension_pending"
    ENDS_SOON = "ends_soon"
    EVALUATION_DUE = "evaluation_due"
    FREE_WITH_WAITLIST = "free_with_waitlist"
    ONLY_FITS = "only_fits"
    FOLLOWUP_OVERDUE = "followup_overdue"  # aftercare, after a departure (rules.followup_alerts)
    FOLLOWUP_DUE = "followup_due"


class Alert(NamedTuple):
    """Something the coordinator should act on; ``day`` is the date it is about."""

    kind: AlertKind
    household: int | None
    dwelling: str
    day: date | None = None
    begun: bool = False
    """For ``outage_ahead``: the period out of use has begun, the household is still there."""


def alerts(pool: Pool, today: date) -> list[Alert]:
    """Everything in the pool that needs attention today, most pressing first.

    A stay is "stopped" when it is not extendable (R4) or a further week
    would run into its dwelling's period out of use (R1).

    overdue            stopped and the end has passed, still there
    outage_ahead       the dwelling goes out of use within OUTAGE_AHEAD_DAYS
                       (or already is) while a household lives in it
    extension_pending  extendable and the end has passed: the daily run is late
    ends_soon          stopped and ends within ENDS_SOON_DAYS
    evaluation_due     the next evaluation date has come
    free_with_waitlist a dwelling is free while a household that fits waits
                       (the one with the first claim on it, ``claimant``)
    only_fits          a waiting household fits only one dwelling of the pool,
                       which placement then keeps for it (in rank order)
    """
    found: list[Alert] = []
    for stay in sorted(pool.stays, key=lambda s: s.dwelling):
        stopped = not stay.extendable or stay.stopped_by_outage
        if stopped and stay.end < today:
            found.append(Alert(AlertKind.OVERDUE, stay.household, stay.dwelling, stay.end))
        elif not stopped and stay.end < today:
            found.append(
                Alert(AlertKind.EXTENSION_PENDING, stay.household, stay.dwelling, stay.end)
            )
        elif stopped and (stay.end - today).days <= ENDS_SOON_DAYS:
            found.append(Alert(AlertKind.ENDS_SOON, stay.household, stay.dwelling, stay.end))
        if stay.outage_from is not None and (stay.outage_from - today).days <= OUTAGE_AHEAD_DAYS:
            found.append(
                Alert(AlertKind.OUTAGE_AHEAD, stay.household, stay.dwelling, stay.outage_from,
                      begun=stay.outage_from <= today)
            )
        if stay.next_evaluation <= today:
            found.append(
                Alert(
                    AlertKind.EVALUATION_DUE,
                    stay.household,
                    stay.dwelling,
                    stay.next_evaluation,
                )
            )
    ranked = pool.waitlist()
    free = pool.free_dwellings(today)
    first = claims(pool, free, ranked)
    for dwelling in free:
        following = first[dwelling.code]
        if following is not None:
            found.append(
                Alert(AlertKind.FREE_WITH_WAITLIST, following.household, dwelling.code)
            )
    for waiting in ranked:
        only = only_fit(pool, waiting)
        if only is not None:
            found.append(Alert(AlertKind.ONLY_FITS, waiting.household, only))
    order = list(AlertKind)
    return sorted(found, key=lambda a: order.index(a.kind))
