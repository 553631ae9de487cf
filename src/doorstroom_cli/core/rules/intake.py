"""Intake and placement (R5, R6, R8): who is placed where, in which order,
and the dwelling kept for the one household it fits. The name key that
finds a household again is in ``names``."""

from __future__ import annotations

from datetime import date, timedelta
from typing import NamedTuple

from ..dates import dutch
from ..errors import N_, InvalidInput, NotFound, Refused
from ..texts import one_line
from .pool import Application, Dwelling, Pool, Stay
from .terms import STAY_DAYS, URGENCY_HIGHEST, URGENCY_LOWEST
from .wijk import best_fit

# -- Intake and placement (R5, R6, R8). ---------------------------------------


def check_application(pool: Pool, applicant: Application) -> None:
    """Refuse an application the rules do not allow (R5, R8)."""
    if not URGENCY_LOWEST <= applicant.urgency <= URGENCY_HIGHEST:
        raise InvalidInput(
            "Urgency must be from {lowest} to {highest}, not "
            "{urgency}.",
            lowest=URGENCY_LOWEST,
            highest=URGENCY_HIGHEST,
            urgency=applicant.urgency,
        )
    if applicant.adults < 1:
        raise InvalidInput("A household has at least one adult.")
    if applicant.children < 0:
        raise InvalidInput("The number of children cannot be negative.")
    if applicant.household is not None:
        case = pool.open_case(applicant.household)
        if isinstance(case, Stay):
            raise Refused(
                "Household {household} already lives in {dwelling}; a household has one "
                "stay at a time.",
                household=applicant.household,
                dwelling=case.dwelling,
            )
        if case is not None:
            raise Refused(
                "Household {household} is already on the waitlist; a household has one "
                "application at a time.",
                household=applicant.household,
            )
    largest = max((d.max_persons for d in pool.dwellings), default=0)
    if applicant.persons > largest:
        raise Refused(
            "No dwelling in the pool houses {persons} persons (the largest houses "
            "{largest}).",
            persons=applicant.persons,
            largest=largest,
        )


class Placement(NamedTuple):
    """The decision to let an application start a stay in a dwelling today."""

    application: Application
    dwelling: str
    start: date
    out_of_order: bool = False
    reason: str | None = None
    passed_over: int | None = None
    """Out of order: the household that had the first claim on the dwelling."""

    @property
    def end(self) -> date:
        return self.start + timedelta(days=STAY_DAYS)


def only_fit(pool: Pool, application: Application) -> str | None:
    """The code of the one dwelling of the pool that the household fits,
    when it fits exactly one (six persons, and one dwelling houses six).

    Every dwelling of the pool counts, also one out of use today: an outage
    is temporary, so a household that fits two dwellings, one of them under
    repair, still has a second one to wait for. Whether a household fits
    only one dwelling depends on the sizes alone, not on the day's repairs."""
    largest, runner_up = _largest(pool)
    fits_it = largest is not None and runner_up < application.persons <= largest.max_persons
    return largest.code if fits_it else None


def claims(pool: Pool, dwellings: list[Dwelling], waitlist: list[Application]) -> dict[str, Application | None]:
    """R5 for each of ``dwellings``, by code: who of ``waitlist`` (in rank
    order) has the first claim on it (None: nobody waiting fits it).

    A dwelling that is the only one of the pool a waiting household fits is
    kept for that household (for the highest-ranked of them, if several): a
    smaller household, which other dwellings fit too, would otherwise take
    the one place the large household can ever have. Any other dwelling: the
    highest-ranked household that it fits."""
    largest, runner_up = _largest(pool)
    kept = [a for a in waitlist if largest is not None and runner_up < a.persons <= largest.max_persons]
    return {
        d.code: kept[0] if kept and d.code == largest.code else next((a for a in waitlist if d.fits(a)), None)
        for d in dwellings
    }


def claimant(pool: Pool, dwelling: Dwelling, waitlist: list[Application]) -> Application | None:
    """The household with the first claim on one dwelling (``claims``)."""
    return claims(pool, [dwelling], waitlist)[dwelling.code]


def _largest(pool: Pool) -> tuple[Dwelling | None, int]:
    """The dwelling that houses more persons than any other (None if two
    share the most), and how many the next one houses: who is larger than
    that fits only the largest."""
    largest = max(pool.dwellings, key=lambda d: d.max_persons, default=None)
    runner_up = max((d.max_persons for d in pool.dwellings if d is not largest), default=0)
    return (largest if largest is not None and largest.max_persons > runner_up else None), runner_up


def _passed_over(pool: Pool, ahead: Application, dwelling: Dwelling) -> Refused:
    """The refusal of a placement ahead of ``ahead`` without a reason."""
    if only_fit(pool, ahead) == dwelling.code:
        return Refused(
            "Household {household} fits only {code} of the pool, so {code} is kept for it; give "
            "--reason to place out of order.",
            household=ahead.household,
            code=dwelling.code,
        )
    return Refused(
        "Household {household} ranks higher and fits {code}; give --reason to "
        "place out of order.",
        household=ahead.household,
        code=dwelling.code,
    )


def admit(
    pool: Pool,
    applicant: Application,
    today: date,
    dwelling: str | None = None,
    reason: str | None = None,
) -> Placement | None:
    """Decide where a new application goes: a dwelling now, or None (waitlist).

    Without ``dwelling`` the household gets a free dwelling that fits it and
    on which it has the first claim, in its own wijk if one is, else the
    smallest (``best_fit``) (``claimant``: nobody
    waiting ranks higher and fits it, and it is not kept for a household
    that fits only that one). With ``dwelling`` it gets that one, provided
    it is free and fits; if another household has the first claim on it,
    only with a ``reason`` (a recorded exception, R5).
    """
    check_application(pool, applicant)
    reason = None if reason is None else one_line(reason, N_("The reason"))
    ranked = sorted([*pool.waiting, applicant], key=Application.rank)
    if dwelling is not None:
        chosen = _available(pool, dwelling, today)
        _ensure_fits(chosen, applicant)
        return _decide(pool, applicant, chosen, ranked, today, reason)
    candidates = [
        d
        for d in pool.free_dwellings(today)
        if d.fits(applicant) and claimant(pool, d, ranked) is applicant
    ]
    if not candidates:
        return None
    best = best_fit(candidates, applicant)
    return Placement(applicant, best.code, today, reason=reason)


def place_next(
    pool: Pool, today: date, dwelling: str | None = None, reason: str | None = None
) -> Placement:
    """R5: place the highest-ranked waiting household that fits a free dwelling
    on which it has the first claim (``claimant``).

    Households that registered after ``today`` are not yet waiting. The
    household gets the best such dwelling that fits it (``best_fit``: its own
    wijk first, then the smallest), or ``dwelling``.
    A dwelling kept for a household that fits only that one goes to that
    household, even when a smaller one ranks higher; with a ``reason`` the
    claim is set aside: the highest-ranked household that fits gets its
    smallest fitting dwelling, out of order if another had the first claim.
    """
    offered = _offered(pool, dwelling, today)
    reason = None if reason is None else one_line(reason, N_("The reason"))
    waiting = _waiting(pool, today)
    first = claims(pool, offered, waiting)
    for application in waiting:
        fitting = [
            d for d in offered
            if d.fits(application) and (reason is not None or first[d.code] is application)
        ]
        if fitting:
            # With a reason the claims are set aside, yet a dwelling this
            # household has the first claim on still comes before its wijk.
            best = best_fit([d for d in fitting if first[d.code] is application] or fitting, application)
            return _decide(pool, application, best, waiting, today, reason)
    if not offered:
        raise Refused("No dwelling is free.")
    if dwelling:
        raise Refused("No waiting household fits {code}.", code=offered[0].code)
    raise Refused("No waiting household fits a free dwelling.")


def place_chosen(
    pool: Pool, household: int, today: date, dwelling: str | None = None, reason: str | None = None
) -> Placement:
    """R5: place this waiting household (``admit --next --household``).

    It gets ``dwelling``, or else the free dwelling that fits it as
    ``best_fit`` chooses among those it has the first claim on (its own wijk
    first, then the smallest), or among all that fit it when it has the
    first claim on none (as ``place_next`` chooses). When another waiting
    household has the first claim on that dwelling (it ranks higher and fits, or the dwelling is the
    only one of the pool that household fits), the placement needs a
    ``reason`` and is recorded out of order; the refusal names that
    household.
    """
    case = pool.open_case(household)
    if case is None:
        raise NotFound("Household {household} has no open application or stay.", household=household)
    if isinstance(case, Stay):
        raise Refused(
            "Household {household} already lives in {dwelling}; a household has one "
            "stay at a time.",
            household=household,
            dwelling=case.dwelling,
        )
    if case.registered > today:
        raise Refused(
            "Household {household} registered on {registered}, after {today}; it can be placed from "
            "that day on.",
            household=household,
            registered=dutch(case.registered),
            today=dutch(today),
        )
    reason = None if reason is None else one_line(reason, N_("The reason"))
    waiting = _waiting(pool, today)
    offered = _offered(pool, dwelling, today)
    if dwelling is not None:
        chosen = offered[0]
        _ensure_fits(chosen, case)
    else:
        fitting = [d for d in offered if d.fits(case)]
        if not fitting:
            if not offered:
                raise Refused("No dwelling is free.")
            raise Refused(
                "No free dwelling is large enough for household {household} ({persons} persons).",
                household=household,
                persons=case.persons,
            )
        first = claims(pool, fitting, waiting)
        chosen = best_fit([d for d in fitting if first[d.code] is case] or fitting, case)
    return _decide(pool, case, chosen, waiting, today, reason)


def waitlist_position(pool: Pool, application: Application) -> int:
    """1 for the household that would be placed next."""
    return pool.waitlist().index(application) + 1


def _offered(pool: Pool, dwelling: str | None, today: date) -> list[Dwelling]:
    """What ``admit --next`` may place in on ``today``: ``dwelling`` if it is
    free (refused if not), else every free dwelling."""
    return [_available(pool, dwelling, today)] if dwelling else pool.free_dwellings(today)


def _waiting(pool: Pool, today: date) -> list[Application]:
    """The waitlist in rank order, without households that register after today."""
    return [a for a in pool.waitlist() if a.registered <= today]


def _decide(
    pool: Pool, application: Application, dwelling: Dwelling, ranked: list[Application], today: date,
    reason: str | None,
) -> Placement:
    """Place ``application`` in ``dwelling``: in order when it has the first
    claim on it among ``ranked``, else out of order with a ``reason``, which
    is required then."""
    ahead = claimant(pool, dwelling, ranked)
    if ahead is application:
        return Placement(application, dwelling.code, today, reason=reason)
    if reason is None:
        raise _passed_over(pool, ahead, dwelling)
    return Placement(
        application, dwelling.code, today, out_of_order=True, reason=reason, passed_over=ahead.household
    )


def _available(pool: Pool, code: str, start: date) -> Dwelling:
    dwelling = pool.dwelling(code)
    if not dwelling.in_use:
        raise Refused(
            "Dwelling {code} is out of use.",
            code=dwelling.code,
        )
    stay = pool.stay_in(dwelling.code)
    if stay is not None:
        raise Refused(
            "Dwelling {code} is occupied by household {household}.",
            code=dwelling.code,
            household=stay.household,
        )
    if dwelling.occupied_until is not None and dwelling.occupied_until > start:
        raise Refused(
            "The records hold a stay in {code} until {day}; a placement on {start} would overlap it.",
            code=dwelling.code,
            day=dutch(dwelling.occupied_until),
            start=dutch(start),
        )
    if not dwelling.placeable(start):
        raise Refused(
            "Dwelling {code} goes out of use on {day}, within the six weeks of a stay; "
            "it takes no household before then.",
            code=dwelling.code,
            day=dutch(dwelling.next_outage(start).first),
        )
    return dwelling


def _ensure_fits(dwelling: Dwelling, application: Application) -> None:
    if not dwelling.fits(application):
        raise Refused(
            "Dwelling {code} houses at most {max_persons} persons; this household "
            "has {persons}.",
            code=dwelling.code,
            max_persons=dwelling.max_persons,
            persons=application.persons,
        )
