"""The household's own wijk (issue 14 §4): children keep their school and
the network stays near. Intake may record it; placement then prefers, among
the free dwellings the household has the first claim on and fits, one in
that wijk, and only then the smallest. The wijk never decides *who* is
placed (the rank order of R5 does), only *which* of those dwellings."""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import N_
from ..texts import check_visible, one_line
from .names import name_key
from .pool import Application, Dwelling


def household_wijk(text: str | None) -> str | None:
    """The wijk as intake keeps it: one line of visible text, white space
    folded (None: not recorded; given but empty is refused)."""
    if text is None:
        return None
    return one_line(check_visible(text, N_("The wijk")), N_("The wijk"))


def same_wijk(one: str | None, other: str | None) -> bool:
    """Whether two spellings name one wijk: compared by ``name_key`` (case,
    width and accents folded), so "Twekkelerveld" is "twekkelerveld"."""
    return bool(one) and bool(other) and name_key(one) == name_key(other)


def best_fit(dwellings: Iterable[Dwelling], application: Application) -> Dwelling:
    """Of ``dwellings`` (each free, fitting the household and claimed by it),
    the one placement gives it: one in its own wijk first, then the
    smallest, then by code."""
    return min(
        dwellings,
        key=lambda d: (not same_wijk(d.wijk, application.wijk), d.max_persons, d.code),
    )

