"""The language of everything a person reads: Dutch first, English on request.

Messages are written in English in the code and wrapped in ``_()``; the
Dutch comes from the standard gettext catalogue in ``locale/`` (the
translator edits ``nl/LC_MESSAGES/doorstroom.po``; the compiled ``.mo``
beside it ships in the package, so a pip install needs no tools). English
is the catalogue's source language and needs no catalogue of its own.

The language is ``DOORSTROOM_LANG`` when set, else the first of
``LC_ALL``, ``LC_MESSAGES`` and ``LANG`` that is set: English when it
starts with ``en``, Dutch otherwise. JSON keys, slugs, CSV columns and the
audit trail never change with it.
"""

from __future__ import annotations

import gettext
import os
from functools import lru_cache
from pathlib import Path

DOMAIN = "doorstroom"
LOCALEDIR = Path(__file__).parent / "locale"
LANGUAGE_VARIABLE = "DOORSTROOM_LANG"
DUTCH, ENGLISH = "nl", "en"


def chosen_language(environ=os.environ) -> str:
    """``nl`` or ``en``, from the environment as described above."""
    for variable in (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "").strip()
        if value:
            return ENGLISH if value.lower().startswith("en") else DUTCH
    return DUTCH


@lru_cache(maxsize=None)
def _catalogue(language: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, str(LOCALEDIR), languages=[language], fallback=True)


def _(message: str) -> str:
    """The message in the chosen language (the English itself if untranslated)."""
    return _catalogue(chosen_language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """``singular`` or ``plural`` for ``count``, in the chosen language."""
    return _catalogue(chosen_language()).ngettext(singular, plural, count)


def number(value: float, decimals: int = 0) -> str:
    """A number as the reader writes it: 1.234,5 in Dutch, 1,234.5 in English."""
    text = f"{value:,.{decimals}f}"
    if chosen_language() == ENGLISH:
        return text
    return text.translate(str.maketrans(",.", ".,"))


_WEEKDAYS = {DUTCH: "ma di wo do vr za zo", ENGLISH: "Mon Tue Wed Thu Fri Sat Sun"}
_MONTHS = {
    DUTCH: "jan feb mrt apr mei jun jul aug sep okt nov dec",
    ENGLISH: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
}


def short_day(day) -> str:
    """``ma 23 nov`` (``Mon 23 Nov`` in English): a day close to today."""
    language = chosen_language()
    weekday = _WEEKDAYS[language].split()[day.weekday()]
    month = _MONTHS[language].split()[day.month - 1]
    return f"{weekday} {day.day} {month}"


def week(day) -> str:
    """The ISO week, as planners say it: ``week 48`` (``wk 48`` style is ambiguous)."""
    return _("week {number}").format(number=day.isocalendar().week)


def translate_error(error) -> str:
    """A ``DoorstroomError``'s sentence in the chosen language."""
    return error.sentence(_)


def use_language() -> str:
    """Let Typer speak the chosen language too, and return it.

    Typer translates a few of its own words (Options, Commands, required)
    with ``gettext.gettext``, that is through gettext's global domain and
    the ``LANGUAGE`` list; their Dutch is in the same catalogue as ours
    (the rest of Typer's words: cli/framework.py). Called at the start of
    every run, so a test that changes ``DOORSTROOM_LANG`` gets the
    language it asked for.
    """
    language = chosen_language()
    gettext.bindtextdomain(DOMAIN, str(LOCALEDIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
    return language
