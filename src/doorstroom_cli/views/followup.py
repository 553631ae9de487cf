"""What ``followup`` says, the aftercare alerts' sentences, and the
follow-ups in a household's timeline."""

from __future__ import annotations

from ..core import rules
from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _
from .words import slug


def followup_document(recorded: rules.Followup) -> dict:
    planned = recorded.planned
    return {
        "household": planned.household,
        "departure": recorded.departed.departed.isoformat(),
        "months": planned.months,
        "due": planned.due.isoformat(),
        "date": recorded.held_on.isoformat(),
        "outcome": recorded.outcome.value,
        "method": None if recorded.method is None else recorded.method.value,
        "housed": recorded.outcome.housed,
    }


def followup_recorded(recorded: rules.Followup) -> str:
    planned = recorded.planned
    return _(
        "Follow-up of household {household} after {months} months recorded ({outcome}, on {day}; "
        "departure {departed})."
    ).format(
        household=planned.household, months=planned.months, outcome=slug(recorded.outcome),
        day=dutch(recorded.held_on), departed=dutch(recorded.departed.departed),
    )


def alert_message(alert: rules.FollowupAlert) -> str:
    values = {"household": alert.household, "months": alert.months, "day": dutch(alert.day),
              "departed": dutch(alert.departed)}
    if alert.kind is rules.AlertKind.FOLLOWUP_DUE:
        template = _("Household {household} left on {departed}: the follow-up after {months} months is due since "
                     "{day} ('doorstroom followup {household} --outcome ...').")
    else:
        template = _("Household {household} left on {departed}: the follow-up after {months} months, due on {day}, "
                     "is overdue ('doorstroom followup {household} --outcome ...').")
    return template.format(**values)


def timeline_event(event: dict) -> str:
    """A follow-up in ``show``: recorded, planned, or passed without one."""
    if event["event"] == "followup":
        text = _("follow-up after {months} months: {outcome}").format(
            months=event["months"], outcome=slug(event["outcome"])
        )
        if event["method"]:
            text += f" ({slug(event['method'])})"
        return text + (f"; {printable(event['note'])}" if event["note"] else "")
    if event["open"]:
        return _("follow-up after {months} months planned").format(months=event["months"])
    return _("follow-up after {months} months not recorded").format(months=event["months"])


# -- The report's aftercare figures as phrases (terminal and HTML). ----------


def retained(figures: dict) -> str:
    """``retention`` in words: per follow-up, housed of due, and the share."""
    parts = []
    for months, counts in figures["retention"].items():
        if counts["due"]:
            parts.append(_("after {months} months {housed} of {due} housed ({share}; {reached} reached)").format(
                months=months, housed=counts["housed"], due=counts["due"], reached=counts["reached"],
                share=f"{counts['housed_share_of_due'] * 100:.0f}%",
            ))
    return "; ".join(parts) or _("no follow-ups were due")


def returned(figures: dict) -> str:
    """``returns`` in words."""
    counts = figures["returns"]
    if not counts["cohort"]:
        return _("no household moved to a home of its own two years before the period")
    return _("{within} of {cohort} back within two years ({share}); within 180 days {half}, within a year {year}").format(
        within=counts["within_730"], cohort=counts["cohort"], share=f"{counts['share_within_730'] * 100:.0f}%",
        half=counts["within_180"], year=counts["within_365"],
    )
