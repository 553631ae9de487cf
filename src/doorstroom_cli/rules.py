"""The policy of the doorstroomwoningen, as pure functions.

A doorstroomwoning is an ordinary dwelling where a household without a home
may stay for six weeks, extended tacitly a week at a time while it cooperates
towards a home of its own. This module is that policy and nothing else:
dates and plain values in, decisions out. It reads no clock, no database and
no command line, so every rule can be tested with a few literals.

The rules (R1-R8 of the domain brief, docs/domain.md):

R1  A fixed pool of dwellings, some temporarily out of use; one household
    per dwelling at a time.                         -> Pool, Dwelling
R2  A stay lasts six weeks: end = start + 42 days.  -> Stay.end
R3  When the end arrives and nobody objected, the stay is extended by one
    week, again and again.                          -> plan_extensions
R4  An evaluation that finds cooperation insufficient stops that; a later
    evaluation restores it; the coordinator may always extend by hand.
                                                    -> evaluate, extend_by_hand
R5  Highest urgency first, then who registered first; a household that does
    not fit a free dwelling does not block the next one that does; placing
    out of order needs a recorded reason.           -> admit, place_next
R6  Intake records the more expensive alternative the stay avoids.
                                                    -> Alternative
R7  Intake records the agreements on the resident's own effort (stored as
    text with the application; no rule acts on it).
R8  One open application or stay per household; a later re-admission is a
    new application. A household is found again by its name key, which
    folds case, width and diacritics.    -> returning_household, check_application

Refusals are raised as ``errors.Refused``/``NotFound``/``InvalidInput`` with
a sentence for the coordinator.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum

from .dates import LATEST, dutch
from .errors import N_, InvalidInput, NotFound, Refused
from .texts import check_visible, one_line

# -- Terms a gemeente might tune: each is named here and nowhere else. -------

STAY_DAYS = 42
"""R2: a stay lasts at most six weeks before the first extension."""

EXTENSION_DAYS = 7
"""R3: each tacit (or hand-made) extension adds one week."""

EVALUATION_INTERVAL_DAYS = 14
"""R4: an evaluation is due this many days after the start or the last one."""

ENDS_SOON_DAYS = 7
"""The daily overview warns this many days before a stay that will not be
extended ends."""

URGENCY_LOWEST = 1
URGENCY_HIGHEST = 5
"""R5: urgency runs from 1 to 5; 5 is the most urgent."""

# -- Limits: no value a person types can make the tool run away. -------------

MOST_WEEKS_PER_EXTENSION = 52
"""An extension by hand adds at most a year at a time (``extend --weeks``)."""

MOST_PERSONS = 20
"""A dwelling houses at most this many persons (``dwellings set --max-persons``)."""

MOST_LOG_ENTRIES = 100_000
"""``log --limit`` shows at most this many entries."""

HIGHEST_ID = 2**63 - 1
"""Household ids are SQLite row ids, which never exceed this: a larger
number names no household."""

LAST_PLANNED_DEPARTURE = LATEST + timedelta(days=STAY_DAYS)
"""The latest planned departure doorstroom keeps: that of a stay begun on
the last day of the date window (2099-12-31). Tacit extensions stay before
it by themselves (they end a week after today at most); an extension by
hand that would pass it is refused."""


# -- The vocabulary: slugs are part of the command-line contract. ------------


class Alternative(str, Enum):
    """R6: the more expensive option that would otherwise be the only one."""

    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke-opvang"
    PLEEGZORG = "pleegzorg"
    CRISISOPVANG = "crisisopvang"
    ANDERS = "anders"


class Cooperation(str, Enum):
    """R4: how an evaluation judged the cooperation towards an own home."""

    VOLLEDIG = "volledig"
    GEDEELTELIJK = "gedeeltelijk"
    ONVOLDOENDE = "onvoldoende"


class Category(str, Enum):
    """Destination groups as the US HMIS standard reports them."""

    PERMANENT = "permanent"
    TEMPORARY = "temporary"
    INSTITUTIONAL = "institutional"
    OTHER = "other"


class Destination(str, Enum):
    """Where a household went (or, for a withdrawn application, is going)."""

    EIGEN_WONING = "eigen-woning"
    OMKLAPWONING = "omklapwoning"
    TERUG_NAAR_HUIS = "terug-naar-huis"
    NETWERK = "netwerk"
    MAATSCHAPPELIJKE_OPVANG = "maatschappelijke-opvang"
    BESCHERMD_WONEN = "beschermd-wonen"
    CRISISOPVANG = "crisisopvang"
    ANDERS = "anders"
    ONBEKEND = "onbekend"

    @property
    def category(self) -> Category:
        return _DESTINATION_CATEGORY[self]


_DESTINATION_CATEGORY = {
    Destination.EIGEN_WONING: Category.PERMANENT,
    Destination.OMKLAPWONING: Category.PERMANENT,
    Destination.TERUG_NAAR_HUIS: Category.TEMPORARY,
    Destination.NETWERK: Category.TEMPORARY,
    Destination.MAATSCHAPPELIJKE_OPVANG: Category.INSTITUTIONAL,
    Destination.BESCHERMD_WONEN: Category.INSTITUTIONAL,
    Destination.CRISISOPVANG: Category.INSTITUTIONAL,
    Destination.ANDERS: Category.OTHER,
    Destination.ONBEKEND: Category.OTHER,
}


# -- The state the rules look at. ---------------------------------------------


@dataclass(frozen=True)
class Dwelling:
    """One dwelling of the pool (R1)."""

    code: str
    label: str
    wijk: str
    max_persons: int
    in_use: bool = True

    def fits(self, application: Application) -> bool:
        """R5: the household is not larger than the dwelling houses."""
        return application.persons <= self.max_persons


@dataclass(frozen=True)
class Application:
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


@dataclass(frozen=True)
class Stay:
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

    @property
    def household(self) -> int | None:
        return self.application.household

    @property
    def end(self) -> date:
        return planned_end(self.start, self.weeks_extended)

    @property
    def extendable(self) -> bool:
        """R4: tacit extension goes on unless the last evaluation said no."""
        return self.last_cooperation is not Cooperation.ONVOLDOENDE

    @property
    def next_evaluation(self) -> date:
        since = self.last_evaluation or self.start
        return since + timedelta(days=EVALUATION_INTERVAL_DAYS)


@dataclass(frozen=True)
class Pool:
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

    def free_dwellings(self) -> list[Dwelling]:
        """Dwellings in use with nobody in them, by code."""
        taken = {stay.dwelling for stay in self.stays}
        return sorted(
            (d for d in self.dwellings if d.in_use and d.code not in taken),
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


# -- Intake and placement (R5, R6, R8). ---------------------------------------


def household_name(name: str) -> str:
    """A name as it is kept: plain visible text in NFC (texts.check_visible),
    inner runs of white space folded to one space. A name needs at least one
    character that counts in its key (so no key is empty: '' marks a purged
    household)."""
    cleaned = " ".join(check_visible(name, N_("The name")).split())
    if not cleaned or not name_key(cleaned):
        raise InvalidInput("The household needs a name.")
    return cleaned


_DOTLESS_I = str.maketrans({"\u0131": "i"})


def name_key(text: str) -> str:
    """The folded form two spellings of one name share: compatibility forms
    (fullwidth letters, ligatures: NFKC), case (casefold, ß -> ss), the
    Turkish dotless ı and dotted İ, and diacritics (ë -> e, ç -> c) are
    folded away; invisible format characters are dropped; white space is
    folded to one space. Pure and total: any text has a key."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_DOTLESS_I)
    kept = "".join(
        char
        for char in unicodedata.normalize("NFKD", folded)
        if not unicodedata.combining(char) and unicodedata.category(char) != "Cf"
    )
    return " ".join(unicodedata.normalize("NFC", kept).split())


def household_key(name: str) -> str:
    """R8: the key under which a household is found again (``name_key`` of
    the checked name): "Zoë Jansen", "ZOE JANSEN" and "Zoë Jansen" typed
    with a combining diaeresis share it."""
    return name_key(household_name(name))


def returning_household(
    pool: Pool, name: str, namesakes: list[tuple[int, str]], *, new_household: bool = False
) -> int | None:
    """R8: which registered household an intake under ``name`` is, or None
    for a household new to the register.

    ``namesakes`` are the registered households (id, name) whose name has
    the same key as ``name``. The intake is a new household when there are
    none, or when the coordinator says it is another household
    (``new_household``: the caller records which ones it is not). It is
    the one namesake coming back (a re-admission) when that household has
    no open case and ``name`` is exactly its name. Anything else is
    refused with a sentence that names the households: one of them has an
    open case (R8), or the name is spelled differently (YILMAZ for
    Yılmaz), or several households share the key. A household that left
    is then admitted again by its id, a different one with
    ``--new-household``.
    """
    if new_household or not namesakes:
        return None
    typed = household_name(name)
    for household, registered in namesakes:
        case = pool.open_case(household)
        if isinstance(case, Stay):
            raise Refused(
                "Household {household} ({name}) already lives in {dwelling}; a household has one stay at a "
                "time. If this is another household, add --new-household.",
                household=household,
                name=registered,
                dwelling=case.dwelling,
            )
        if case is not None:
            raise Refused(
                "Household {household} ({name}) is already on the waitlist; a household has one application "
                "at a time. If this is another household, add --new-household.",
                household=household,
                name=registered,
            )
    if len(namesakes) == 1:
        household, registered = namesakes[0]
        if unicodedata.normalize("NFC", " ".join(registered.split())) == typed:
            return household
        raise Refused(
            "'{typed}' looks like the name of household {household} ({name}), which has left. To admit "
            "that household again, give its id instead of the name (admit {household} ...); if this is "
            "another household, add --new-household.",
            typed=typed,
            household=household,
            name=registered,
        )
    raise Refused(
        "'{typed}' looks like the names of several households that have left ({listed}). To admit one "
        "of them again, give its id instead of the name; if this is another household, add "
        "--new-household.",
        typed=typed,
        listed=", ".join(f"{household} {registered}" for household, registered in namesakes[:10]),
    )


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


@dataclass(frozen=True)
class Placement:
    """The decision to let an application start a stay in a dwelling today."""

    application: Application
    dwelling: str
    start: date
    out_of_order: bool = False
    reason: str | None = None

    @property
    def end(self) -> date:
        return self.start + timedelta(days=STAY_DAYS)


def first_in_line(waitlist: list[Application], dwelling: Dwelling) -> Application | None:
    """R5: the highest-ranked waiting household that the dwelling fits."""
    return next((a for a in waitlist if dwelling.fits(a)), None)


def admit(
    pool: Pool,
    applicant: Application,
    today: date,
    dwelling: str | None = None,
    reason: str | None = None,
) -> Placement | None:
    """Decide where a new application goes: a dwelling now, or None (waitlist).

    Without ``dwelling`` the household gets the smallest free dwelling that
    fits it and for which nobody waiting ranks higher. With ``dwelling`` it
    gets that one, provided it is free and fits; if a higher-ranked household
    fits it too, only with a ``reason`` (a recorded exception, R5).
    """
    check_application(pool, applicant)
    reason = None if reason is None else one_line(reason, N_("The reason"))
    ranked = sorted([*pool.waiting, applicant], key=Application.rank)
    if dwelling is not None:
        chosen = _available(pool, dwelling)
        _ensure_fits(chosen, applicant)
        ahead = first_in_line(ranked, chosen)
        if ahead is applicant:
            return Placement(applicant, chosen.code, today, reason=reason)
        if reason is None:
            raise Refused(
                "Household {household} ranks higher and fits {code}; give --reason to "
                "place out of order.",
                household=ahead.household,
                code=chosen.code,
            )
        return Placement(applicant, chosen.code, today, out_of_order=True, reason=reason)
    candidates = [
        d
        for d in pool.free_dwellings()
        if d.fits(applicant) and first_in_line(ranked, d) is applicant
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda d: (d.max_persons, d.code))
    return Placement(applicant, best.code, today, reason=reason)


def place_next(pool: Pool, today: date, dwelling: str | None = None) -> Placement:
    """R5: place the highest-ranked waiting household that fits a free dwelling.

    Households that registered after ``today`` are not yet waiting. The
    household gets the smallest free dwelling that fits it (or ``dwelling``).
    """
    offered = [_available(pool, dwelling)] if dwelling else pool.free_dwellings()
    for application in pool.waitlist():
        if application.registered > today:
            continue
        fitting = [d for d in offered if d.fits(application)]
        if fitting:
            best = min(fitting, key=lambda d: (d.max_persons, d.code))
            return Placement(application, best.code, today)
    if not offered:
        raise Refused("No dwelling is free.")
    if dwelling:
        raise Refused("No waiting household fits {code}.", code=offered[0].code)
    raise Refused("No waiting household fits a free dwelling.")


def waitlist_position(pool: Pool, application: Application) -> int:
    """1 for the household that would be placed next."""
    return pool.waitlist().index(application) + 1


def _available(pool: Pool, code: str) -> Dwelling:
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
    """R1: a dwelling can be out of use for a period, but never with a
    resident in it, and a period is planned from today on."""
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
    if stay is not None and first <= stay.end:
        raise Refused(
            "Household {household} lives in {code} until at least {end}; a dwelling "
            "with a resident cannot be taken out of use.",
            household=stay.household,
            code=dwelling.code,
            end=dutch(stay.end),
        )
    return dwelling


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
}


def locate_stay(pool: Pool, ref: str, action: str) -> Stay:
    """Like ``locate``, for actions that only a household in a dwelling
    allows (``action`` is ``extended`` or ``evaluated``)."""
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


# -- Extension (R3, R4). --------------------------------------------------------


@dataclass(frozen=True)
class Extension:
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


@dataclass(frozen=True)
class ExtensionPlan:
    """What ``extend --auto`` does today: the extensions and the stays it skips."""

    today: date
    extended: tuple[Extension, ...] = ()
    skipped: tuple[Stay, ...] = ()


SKIP_NOT_EXTENDABLE = "not_extendable"
"""The reason reported for a stay the daily run leaves alone (R4)."""


def plan_extensions(stays: tuple[Stay, ...] | list[Stay], today: date) -> ExtensionPlan:
    """R3: extend every extendable stay whose end has come until it lies after today.

    Each missed week is a week of its own, dated on the end it replaced, so
    one run after missed days leaves the same history as a run every day.
    Stays that are due but not extendable (R4) are reported as skipped.
    """
    extended: list[Extension] = []
    skipped: list[Stay] = []
    for stay in sorted(stays, key=lambda s: s.dwelling):
        if stay.end > today:
            continue
        if not stay.extendable:
            skipped.append(stay)
            continue
        count = (today - stay.end).days // EXTENSION_DAYS + 1
        granted = tuple(
            stay.end + timedelta(days=EXTENSION_DAYS * week) for week in range(count)
        )
        extended.append(Extension(stay, granted, tacit=True))
    return ExtensionPlan(today, tuple(extended), tuple(skipped))


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
    extension = Extension(stay, (today,) * weeks, tacit=False)
    if extension.new_end > LAST_PLANNED_DEPARTURE:
        raise Refused(
            "An extension to {end} would take the stay past {last}, the last planned "
            "departure doorstroom works with.",
            end=dutch(extension.new_end),
            last=dutch(LAST_PLANNED_DEPARTURE),
        )
    return extension


# -- Evaluation (R4). -----------------------------------------------------------


@dataclass(frozen=True)
class Evaluation:
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
    return Evaluation(stay, today, Cooperation(cooperation))


# -- Departure and withdrawal. --------------------------------------------------


@dataclass(frozen=True)
class Departure:
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
        dwelling = pool.dwelling(case.dwelling)
        following = first_in_line(pool.waitlist(), dwelling) if dwelling.in_use else None
        return Departure(case.application, case, today, destination, following)
    _not_before(today, case.registered, N_("The withdrawal on {day} would lie before the registration ({earliest})."))
    return Departure(case, None, today, destination)


# -- What needs attention. ------------------------------------------------------


class AlertKind(str, Enum):
    """The kinds of alert in the daily overview, most pressing first."""

    OVERDUE = "overdue"
    EXTENSION_PENDING = "extension_pending"
    ENDS_SOON = "ends_soon"
    EVALUATION_DUE = "evaluation_due"
    FREE_WITH_WAITLIST = "free_with_waitlist"


@dataclass(frozen=True)
class Alert:
    """Something the coordinator should act on; ``day`` is the date it is about."""

    kind: AlertKind
    household: int | None
    dwelling: str
    day: date | None = None


def alerts(pool: Pool, today: date) -> list[Alert]:
    """Everything in the pool that needs attention today, most pressing first.

    overdue            not extendable and the end has passed, still there
    extension_pending  extendable and the end has come: the daily run is late
    ends_soon          not extendable and ends within ENDS_SOON_DAYS
    evaluation_due     the next evaluation date has come
    free_with_waitlist a dwelling is free while a household that fits waits
    """
    found: list[Alert] = []
    for stay in sorted(pool.stays, key=lambda s: s.dwelling):
        if not stay.extendable and stay.end < today:
            found.append(Alert(AlertKind.OVERDUE, stay.household, stay.dwelling, stay.end))
        elif stay.extendable and stay.end <= today:
            found.append(
                Alert(AlertKind.EXTENSION_PENDING, stay.household, stay.dwelling, stay.end)
            )
        elif not stay.extendable and (stay.end - today).days <= ENDS_SOON_DAYS:
            found.append(Alert(AlertKind.ENDS_SOON, stay.household, stay.dwelling, stay.end))
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
    for dwelling in pool.free_dwellings():
        following = first_in_line(ranked, dwelling)
        if following is not None:
            found.append(
                Alert(AlertKind.FREE_WITH_WAITLIST, following.household, dwelling.code)
            )
    order = list(AlertKind)
    return sorted(found, key=lambda a: order.index(a.kind))
