"""Words several views share: counts, and the slugs of the contract (which
stay as they are in JSON and CSV) as the words a sentence uses."""

from __future__ import annotations

from ..core.errors import N_
from ..i18n import _, ngettext

_WORDS = {
    # destinations (R7)
    "eigen-woning": N_("own home"),
    "omklapwoning": N_("omklapwoning"),
    "terug-naar-huis": N_("back home"),
    "netwerk": N_("with family or friends"),
    "maatschappelijke-opvang": N_("shelter (maatschappelijke opvang)"),
    "beschermd-wonen": N_("sheltered housing (beschermd wonen)"),
    "crisisopvang": N_("crisis shelter"),
    "anders": N_("something else"),
    "onbekend": N_("unknown"),
    # what a follow-up found, and how it was made (aftercare)
    "zelfde-woning": N_("still in the same home"),
    "andere-woning": N_("in another home"),
    "bij-netwerk": N_("staying with family or friends"),
    "opvang": N_("in a shelter"),
    "dakloos": N_("homeless"),
    "niet-bereikt": N_("not reached"),
    "telefoon": N_("by phone"),
    "bezoek": N_("on a visit"),
    "wijkcoach": N_("through the wijkcoach"),
    # alternatives avoided (R6)
    "pleegzorg": N_("foster care"),
}


def slug(value) -> str:
    """A slug (or an enum of slugs) as words: 'eigen-woning' is "eigen woning"."""
    text = getattr(value, "value", value)
    return _(_WORDS[text]) if text in _WORDS else str(text).replace("-", " ")


# What a night in a doorstroomwoning avoided, per alternative (R6), as a label.
_NIGHTS_INSTEAD = {
    "maatschappelijke-opvang": N_("Nights that would otherwise have been spent in the shelter (maatschappelijke opvang)"),
    "pleegzorg": N_("Nights that would otherwise have been spent in foster care"),
    "crisisopvang": N_("Nights that would otherwise have been spent in the crisis shelter"),
    "anders": N_("Nights that would otherwise have been spent elsewhere"),
}


def alternative(value) -> str:
    """An alternative avoided (R6) as a word: 'anders' is "elsewhere" there."""
    text = getattr(value, "value", value)
    return _("elsewhere") if text == "anders" else slug(text)


def nights_instead(value) -> str:
    """The label of the nights that avoided an alternative, as a sentence that reads."""
    text = getattr(value, "value", value)
    if text in _NIGHTS_INSTEAD:
        return _(_NIGHTS_INSTEAD[text])
    return _("Nights that would otherwise have been spent in {alternative}").format(alternative=slug(text))


# The months' names, as the forecast's calendar words them.
MONTHS = (
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
    N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
)


def month(text: str) -> str:
    """A month of the JSON ('2026-07') as words: 'juli 2026' ('July 2026' in English)."""
    year, number = text.split("-")
    return f"{_(MONTHS[int(number) - 1])} {year}"


def day_in_words(day) -> str:
    """A day as words: '1 december 2026' ('1 December 2026' in English)."""
    return f"{day.day} {month(f'{day.year}-{day.month:02d}')}"


def persons(count: int) -> str:
    return ngettext("{count} person", "{count} persons", count).format(count=count)


def weeks(count: int) -> str:
    return ngettext("{count} week", "{count} weeks", count).format(count=count)


def households(count: int) -> str:
    return ngettext("{count} household", "{count} households", count).format(count=count)


def name(text: str) -> str:
    """A household's name as shown; the placeholder purge stores for an
    erased name ("(removed 4)", storage/safekeeping.py) in the reader's words."""
    from ..core.texts import printable

    if text.startswith("(removed ") and text.endswith(")") and text[9:-1].isdigit():
        return _("(name removed)")
    return printable(text)
