"""What ``agenda`` shows: the JSON document, and the lines per day.

The messages name households by id and dwellings by code, like the alerts
of ``status``, so a JSON document or a cron mail carries no name; only the
lines (and the calendar, views/agenda_ics.py) add names when ``--names``
asked for them. Dates in messages are written the Dutch way (23-11-2026).
"""

from __future__ import annotations

from ..core.agenda import DepartureReason, Item, ItemKind
from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _, ngettext, short_day
from ..service import Agenda


def message(item: Item) -> str:
    """The item as one sentence, without names."""
    values = {"dwelling": item.dwelling, "household": item.household, "due": dutch(item.due)}
    kind = item.kind
    if kind is ItemKind.EVALUATION:
        template = (_("{dwelling}: evaluation with household {household}, overdue since {due}.") if item.overdue
                    else _("{dwelling}: evaluation with household {household} is due."))
    elif kind is ItemKind.DEPARTURE and item.reason is DepartureReason.OUTAGE:
        template = (_("{dwelling}: household {household} should have left on {due}; the dwelling is out of use since then.")
                    if item.overdue else
                    _("{dwelling}: household {household} leaves; the dwelling is out of use from this day."))
    elif kind is ItemKind.DEPARTURE:
        template = (_("{dwelling}: household {household} should have left on {due} (not extended).") if item.overdue
                    else _("{dwelling}: household {household} leaves (not extended)."))
    elif kind is ItemKind.SIX_WEEKS:
        template = _("{dwelling}: household {household} has stayed six weeks.")
    elif kind is ItemKind.OUTAGE_START:
        template = _("{dwelling} is out of use from this day.")
    else:
        template = _("{dwelling} is back in use.")
    return template.format(**values)


def title(item: Item) -> str:
    """A short title, for a calendar's summary line."""
    values = {"dwelling": item.dwelling, "household": item.household}
    titles = {
        ItemKind.EVALUATION: _("Evaluation household {household} ({dwelling})"),
        ItemKind.DEPARTURE: _("Departure household {household} ({dwelling})"),
        ItemKind.SIX_WEEKS: _("Six weeks household {household} ({dwelling})"),
        ItemKind.OUTAGE_START: _("{dwelling} out of use"),
        ItemKind.OUTAGE_END: _("{dwelling} back in use"),
    }
    return titles[item.kind].format(**values)


def document(view: Agenda) -> dict:
    """The JSON document: never a name (``--names`` is for the lines and the calendar)."""
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
                "message": message(item),
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
    day = None
    for item in view.items:
        if item.day != day:
            day = item.day
            heading = short_day(day) if day.year == view.first.year else f"{short_day(day)} {day.year}"
            shown += ["", heading]
        shown.append("  " + message(item) + extra(item, view.names))
    return shown


def extra(item: Item, names: dict[int, str] | None) -> str:
    """What ``--names`` adds to an item (the household's name and its
    wijkcoach), as a text to put after its message; '' without --names."""
    if names is None:
        return ""
    parts = []
    if item.household is not None and names.get(item.household):
        parts.append(printable(names[item.household]))
    if item.wijkcoach:
        parts.append(_("wijkcoach {name}").format(name=printable(item.wijkcoach)))
    return f" ({'; '.join(parts)})" if parts else ""
