"""One household, however its name is typed (R8): the name as it is kept,
the key two spellings share, and which registered household an intake is."""

from __future__ import annotations

import unicodedata

from ..errors import N_, InvalidInput, Refused
from ..texts import check_visible
from .pool import Pool, Stay


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
