"""What ``agenda`` shows: the JSON document, and the lines per day.

The messages name households by id and dwellings by code, like the alerts
of ``status``, so a JSON document or a cron mail carries no name; only the
lines (and the calendar, views/agenda_ics.py) add names when ``--names``
asked for them. Dates in messages are written the Dutch way (23-11-2026).
"""

from __future__ import annotations

import textwrap

from ..core.agenda import DepartureReason, Item, ItemKind
from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _, ngettext, short_day
from ..service import Agenda


WIDTH = 80
"""The lines fit a terminal of 80 columns; a longer item goes on below, indented."""


def sentences() -> dict:
    """Every message template in the interface's language, looked up once
    per agenda (a year of 800 dwellings has thousands of items)."""
    return {
        (ItemKind.EVALUATION, False): _("{dwelling}: evaluation with household {household} is due."),
        (ItemKind.EVALUATION, True): _("{dwelling}: evaluation with household {household}, overdue since {due}."),
        (DepartureReason.OUTAGE, False): _("{dwelling}: household {household} leaves; the dwelling is out of use from {outage}."),
        (DepartureReason.OUTAGE, True): _("{dwelling}: household {household} should have left on {due}; the dwelling is out of use from {outage}."),
        (DepartureReason.NOT_EXTENDABLE, False): _("{dwelling}: household {household} leaves (not extended)."),
        (DepartureReason.NOT_EXTENDABLE, True): _("{dwelling}: household {household} should have left on {due} (not extended)."),
        (ItemKind.SIX_WEEKS, False): _("{dwelling}: household {household} has stayed six weeks."),
        (ItemKind.OUTAGE_START, False): _("{dwelling} is out of use from this day."),
        (ItemKind.OUTAGE_END, False): _("{dwelling} is back in use."),
        (ItemKind.URGENTIE_EXPIRES, False): _("{dwelling}: the urgentie of household {household} is valid until this day."),
        (ItemKind.KEY_DATE, False): _("{dwelling}: household {household} gets the key; plan the departure."),
        (ItemKind.FOLLOWUP, False): _("Household {household} (left {dwelling}): follow-up after {months} months."),
        (ItemKind.FOLLOWUP, True): _("Household {household} (left {dwelling}): follow-up after {months} months, "
                                     "due since {due}."),
    }


def message(item: Item, templates: dict | None = None) -> str:
    """The item as one sentence, without names; ``templates`` is
    ``sentences()``, made once by a caller that renders many items."""
    templates = templates or sentences()
    what = item.reason if item.kind is ItemKind.DEPARTURE else item.kind
    return templates[(what, item.overdue)].format(
        dwelling=item.dwelling, household=item.household, due=dutch(item.due), outage=dutch(item.outage_from),
        months=item.months,
    )


def titles() -> dict:
    """The short titles of a calendar's summary lines, by kind, looked up once."""
    return {
        ItemKind.EVALUATION: _("Evaluation household {household} ({dwelling})"),
        ItemKind.DEPARTURE: _("Departure household {household} ({dwelling})"),
        ItemKind.SIX_WEEKS: _("Six weeks household {household} ({dwelling})"),
        ItemKind.OUTAGE_START: _("{dwelling} out of use"),
        ItemKind.OUTAGE_END: _("{dwelling} back in use"),
        ItemKind.URGENTIE_EXPIRES: _("Urgentie household {household} ({dwelling}) valid until"),
        ItemKind.KEY_DATE: _("Key household {household} ({dwelling})"),
        ItemKind.FOLLOWUP: _("Follow-up household {household} ({months} months)"),
    }


def title(item: Item, words: dict) -> str:
    """A short title, for a calendar's summary line; ``words`` is ``titles()``."""
    return words[item.kind].format(dwelling=item.dwelling, household=item.household, months=item.months)


def document(view: Agenda) -> dict:
    """The JSON document: never a name (``--names`` is for the lines and the calendar)."""
    templates = sentences()
    return {
        "from": view.first.isoformat(),
        "to": view.last.isoformat(),
        "items": [
            {
                "day": item.day.isoformat(),
                "kind": item.kind.value,
                "household": item.household,
                "dwelling": item.dwelling,
                "wijkcoach": item.wijkcoach,
                "message": message(item, templates),
                "due": item.due.isoformat(),
                "uid": item.uid,
            }
            for item in view.items
        ],
    }


def lines(view: Agenda) -> list[str]:
    """A heading, then each day that has items with its items below it."""
    count = len(view.items)
    if not count:
        return [_("Nothing on the agenda from {first} to {last}.").format(
            first=dutch(view.first), last=dutch(view.last))]
    shown = [ngettext("Agenda {first} to {last}: {count} item", "Agenda {first} to {last}: {count} items",
                      count).format(first=dutch(view.first), last=dutch(view.last), count=count)]
    day, templates = None, sentences()
    for item in view.items:
        if item.day != day:
            day = item.day
            heading = short_day(day) if day.year == view.first.year else f"{short_day(day)} {day.year}"
            shown += ["", heading]
        shown += textwrap.wrap(named(message(item, templates), extra(item, view.names)), WIDTH,
                               initial_indent="  ", subsequent_indent="    ", break_on_hyphens=False)
    return shown


def extra(item: Item, names: dict[int, str] | None) -> list[str]:
    """What ``--names`` adds to an item: the household's name and its
    wijkcoach; nothing without --names (``names`` None)."""
    if names is None:
        return []
    parts = []
    if item.household is not None and names.get(item.household):
        parts.append(printable(names[item.household]))
    if item.wijkcoach:
        parts.append(_("wijkcoach {name}").format(name=printable(item.wijkcoach)))
    return parts


def named(sentence: str, parts: list[str]) -> str:
    """The sentence with what ``extra`` gave in brackets before its full stop."""
    if not parts:
        return sentence
    stop = "." if sentence.endswith(".") else ""
    return f"{sentence.removesuffix('.')} ({'; '.join(parts)}){stop}"
