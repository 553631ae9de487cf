"""What ``show`` prints: a household's timeline, one line per event."""

from __future__ import annotations

from datetime import date

from .. import service
from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _, ngettext
from . import words


def story_lines(story: service.Story) -> list[str]:
    lines = [_("Household {household}: {name}").format(household=story.household, name=words.name(story.name))]
    for event in story.events:
        lines.append(f"{dutch(date.fromisoformat(event['date']))}  {_describe(event)}")
    return lines


def _describe(event: dict) -> str:
    kind = event["event"]
    if kind == "registered":
        return _registered(event)
    if kind == "placed":
        waited = event.get("waited_days", 0)
        if waited:
            text = ngettext(
                "placed in {dwelling} after {days} day on the waitlist",
                "placed in {dwelling} after {days} days on the waitlist",
                waited,
            ).format(dwelling=event["dwelling"], days=waited)
        else:
            text = _("placed in {dwelling} directly").format(dwelling=event["dwelling"])
        if event["out_of_order"]:
            text += " " + _("out of order")
        if event["reason"]:
            text += f" ({printable(event['reason'])})"
        return text
    if kind == "outflow":
        from .outflow import describe

        return _("route out: {step}").format(step=describe(event))
    if kind == "evaluated":
        text = _("evaluation: cooperation {cooperation}").format(cooperation=words.slug(event["cooperation"]))
        return text + (f"; {printable(event['note'])}" if event["note"] else "")
    if kind == "moved":
        text = _("moved from {source} to {target}; the stay goes on").format(source=event["from"], target=event["to"])
        return text + (f" ({printable(event['reason'])})" if event["reason"] else "")
    if kind == "extended" and event.get("detail_unreadable"):
        return _("extended by {by}; the details of this extension cannot be read").format(by=printable(event["by"]))
    if kind == "extended":
        template = (
            ngettext("extended tacitly by {weeks} week by {by}", "extended tacitly by {weeks} weeks by {by}", event["weeks"])
            if event["tacit"]
            else ngettext("extended by hand by {weeks} week by {by}", "extended by hand by {weeks} weeks by {by}",
                          event["weeks"])
        )
        old, new = (dutch(date.fromisoformat(event[key])) for key in ("old_end", "new_end"))
        return template.format(weeks=event["weeks"], by=printable(event["by"])) + f": {old} -> {new}"
    if kind in ("followup", "followup_planned"):
        from .followup import timeline_event

        return timeline_event(event)
    template = _("departed: {destination}") if kind == "departed" else _("withdrawn: {destination}")
    text = template.format(destination=words.slug(event["destination"]))
    return text + (f"; {printable(event['note'])}" if event["note"] else "")


def _registered(event: dict) -> str:
    persons = event["adults"] + event["children"]
    text = _("registered: urgency {urgency}, {persons} ({adults}, {children}), instead of {alternative}").format(
        urgency=event["urgency"],
        persons=words.persons(persons),
        adults=ngettext("{count} adult", "{count} adults", event["adults"]).format(count=event["adults"]),
        children=ngettext("{count} child", "{count} children", event["children"]).format(count=event["children"]),
        alternative=words.slug(event["alternative"]),
    )
    labels = {
        "wijk": _("own wijk"), "agreements": _("agreements"), "wijkcoach": _("wijkcoach"), "referrer": _("referred by"),
        "wish": _("wants"), "own_effort": _("can do"), "needs": _("needs"),
    }
    for key, label in labels.items():
        if event.get(key):
            text += f"; {label}: {printable(event[key])}"
    if "waiting_days" in event:
        text += "; " + ngettext("waiting for {days} day", "waiting for {days} days", event["waiting_days"]).format(
            days=event["waiting_days"]
        )
    return text
