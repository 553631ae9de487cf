"""The sentences the coordinator reads after each command, and alert texts.

Plain strings, no markup: they go to a terminal, a cron mail or a JSON
document alike. Dates are written the Dutch way (23-11-2026). Households are
named by id only, so a sentence that ends up in a log carries no name.
"""

from __future__ import annotations

from datetime import date

from . import rules
from .dates import dutch
from .service import Admission


def alert_message(alert: rules.Alert) -> str:
    kind = rules.AlertKind
    where, who, day = alert.dwelling, f"household {alert.household}", dutch(alert.day)
    if alert.kind is kind.OVERDUE:
        return f"{where}: {who} should have left on {day} (not extended)."
    if alert.kind is kind.EXTENSION_PENDING:
        return f"{where}: end {day} passed without extension; is 'extend --auto' running?"
    if alert.kind is kind.ENDS_SOON:
        return f"{where}: {who} leaves on {day} (not extended)."
    if alert.kind is kind.EVALUATION_DUE:
        return f"{where}: evaluation with {who} due since {day}."
    return f"{where} is free and {who} fits: 'doorstroom admit --next' places it."


def admitted(result: Admission) -> str:
    household = result.application.household
    again = " (re-admission)" if result.readmission else ""
    if result.placement is None:
        return f"Household {household}{again} is on the waitlist at position {result.position}."
    return placed(result.placement) + again


def placed(placement: rules.Placement) -> str:
    text = (
        f"Household {placement.application.household} is placed in {placement.dwelling} "
        f"from {dutch(placement.start)}; planned departure {dutch(placement.end)}."
    )
    if placement.out_of_order:
        text += " Recorded as placed out of order."
    return text


def extended(extension: rules.Extension) -> str:
    weeks = len(extension.weeks)
    return (
        f"Household {extension.stay.household} in {extension.stay.dwelling}: "
        f"extended by {weeks} week{'s' if weeks != 1 else ''}, planned departure "
        f"{dutch(extension.old_end)} -> {dutch(extension.new_end)}."
    )


def extension_plan(plan: rules.ExtensionPlan, dry_run: bool) -> list[str]:
    lines = []
    for extension in plan.extended:
        lines.append(("Would extend: " if dry_run else "") + extended(extension))
    for stay in plan.skipped:
        lines.append(
            f"Not extended: household {stay.household} in {stay.dwelling}, "
            f"end {dutch(stay.end)} (insufficient cooperation)."
        )
    if not lines:
        lines.append(f"No stay is due for extension on {dutch(plan.today)}.")
    return lines


def evaluated(evaluation: rules.Evaluation) -> str:
    stay = evaluation.stay
    if evaluation.extendable:
        consequence = "the stay goes on being extended week by week"
    else:
        consequence = f"the stay is no longer extended and ends on {dutch(evaluation.end)}"
    return (
        f"Evaluation of household {stay.household} in {stay.dwelling} recorded "
        f"({evaluation.cooperation.value}): {consequence}. Next evaluation "
        f"{dutch(evaluation.next_evaluation)}."
    )


def released(departure: rules.Departure) -> list[str]:
    household = departure.application.household
    destination = departure.destination.value
    if departure.stay is None:
        return [f"The application of household {household} is withdrawn ({destination})."]
    days = departure.days
    lines = [
        f"Household {household} left {departure.stay.dwelling} on {dutch(departure.on)} "
        f"after {days} day{'s' if days != 1 else ''} ({destination}); the dwelling is free."
    ]
    following = departure.next_in_line
    if following is not None:
        lines.append(
            f"Next in line: household {following.household} (urgency {following.urgency});"
            " 'doorstroom admit --next' places it."
        )
    return lines


def log_entries(entries: list[dict]) -> list[str]:
    if not entries:
        return ["The audit trail has no entries for this."]
    lines = []
    for entry in entries:
        who = "" if entry["household"] is None else f" household {entry['household']}"
        detail = ", ".join(f"{key} {value}" for key, value in entry["detail"].items() if value is not None)
        recorded = entry["recorded_at"].replace("T", " ").replace("+00:00", " UTC")
        lines.append(
            f"{dutch(date.fromisoformat(entry['date']))}  {entry['action']}{who}"
            + (f" ({detail})" if detail else "")
            + f"; by {entry['actor']}, recorded {recorded}"
        )
    return lines


# -- Figures, as both the terminal report and the HTML page word them. --------


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def occupancy(figures: dict) -> str:
    return f"{percent(figures['occupancy'])} ({figures['nights']} of {figures['capacity_nights']} nights)"


def length_of_stay(figures: dict) -> str:
    los = figures["length_of_stay"]
    return f"mean {los['mean']:.1f}, median {los['median']:g}, max {los['max']} days"


def extensions_granted(figures: dict) -> str:
    return f"{figures['extensions']['applied']} weeks granted to {figures['extensions']['stays']} stays"


def cost_elsewhere(alternative: dict) -> str | None:
    """'EUR 1,234.50 elsewhere' where the gemeente set a tariff, else None."""
    return None if alternative["cost"] is None else f"EUR {alternative['cost']:,.2f} elsewhere"
