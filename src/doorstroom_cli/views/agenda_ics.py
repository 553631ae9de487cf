"""The agenda as an RFC 5545 calendar (``agenda --ics``), made with the
``icalendar`` library, which only this module imports: line folding,
escaping and the required properties are its work, not ours.

One all-day VEVENT per item (DTSTART as a DATE, DTEND the next day),
transparent (it does not make anyone busy), with the item's stable UID
(core/agenda.py), so a calendar that imports the file again, or subscribes
to it, updates the events instead of duplicating them. SUMMARY and
DESCRIPTION hold dwelling codes and household ids only; with ``--names``
the household's name and its wijkcoach are added to them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from ..core.texts import printable
from ..i18n import _
from ..service import Agenda
from .agenda import extra, message, named, sentences, title, titles

PRODUCT = "-//doorstroom//agenda//NL"


def calendar(view: Agenda, moment: datetime) -> bytes:
    """The calendar file's bytes (CRLF line ends, UTF-8); ``moment`` (UTC)
    is its DTSTAMP."""
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("Doorstroomwoningen"))
    templates, words = sentences(), titles()
    for item in view.items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", moment)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        parts = extra(item, view.names)
        summary = title(item, words)
        if item.household is not None and view.names and view.names.get(item.household):
            summary += ": " + view.names[item.household]
        event.add("summary", printable(summary))
        event.add("description", printable(named(message(item, templates), parts)))
        event.add("categories", [item.kind.value])
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    return cal.to_ical()
