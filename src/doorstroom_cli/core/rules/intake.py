"""Intake and placement (R5, R6, R8): one household, however its name is
typed; who is placed where, in which order."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from ..dates import dutch
from ..errors import N_, InvalidInput, Refused
from ..texts import check_visible, one_line
from .pool import Application, Dwelling, Pool, Stay
from .terms import STAY_DAYS, URGENCY_HIGHEST, URGENCY_LOWEST

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
        chosen = _available(pool, dwelling, today)
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
        for d in pool.free_dwellings(today)
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
    offered = [_available(pool, dwelling, today)] if dwelling else pool.free_dwellings(today)
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
