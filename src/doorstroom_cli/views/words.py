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
    # alternatives avoided (R6)
    "pleegzorg": N_("foster care"),
}


def slug(value) -> str:
    """A slug (or an enum of slugs) as words: 'eigen-woning' is "eigen woning"."""
    text = getattr(value, "value", value)
    return _(_WORDS[text]) if text in _WORDS else str(text).replace("-", " ")


def persons(count: int) -> str:
    return ngettext("{count} person", "{count} persons", count).format(count=count)


def weeks(count: int) -> str:
    return ngettext("{count} week", "{count} weeks", count).format(count=count)


def households(count: int) -> str:
    return ngettext("{count} household", "{count} households", count).format(count=count)
