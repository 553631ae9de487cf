"""The sentences the coordinator reads after each command, and alert texts.

Plain strings, no markup: they go to a terminal, a cron mail or a JSON
document alike, in the interface's language (see i18n.py); the slugs in
them (cooperation, destination) are the contract's and stay as they are.
Dates are written the Dutch way (23-11-2026). Households are
named by id only, so a sentence that ends up in a log carries no name.
"""

from __future__ import annotations

from datetime import date

from .core import rules
from .core.dates import dutch
from .i18n import _, ngettext, number
from .service import Admission


def alert_message(alert: rules.Alert) -> str:
    kind = rules.AlertKind
    values = {"dwelling": alert.dwelling, "household": alert.household, "day": dutch(alert.day)}
    if alert.kind is kind.OVERDUE:
        template = _("{dwelling}: household {household} should have left on {day} (not extended).")
    elif alert.kind is kind.EXTENSION_PENDING:
        template = _("{dwelling}: end {day} passed without extension; is 'extend --auto' running?")
    elif alert.kind is kind.ENDS_SOON:
        template = _("{dwelling}: household {household} leaves on {day} (not extended).")
    elif alert.kind is kind.EVALUATION_DUE:
        template = _("{dwelling}: evaluation with household {household} due since {day}.")
    else:
        template = _("{dwelling} is free and household {household} fits: 'doorstroom admit --next' places it.")
    return template.format(**values)


def admitted(result: Admission) -> str:
    household = result.application.household
    again = _(" (re-admission)") if result.readmission else ""
    if result.placement is None:
        return _("Household {household}{again} is on the waitlist at position {position}.").format(
            household=household, again=again, position=result.position
        )
    return placed(result.placement) + again


def placed(placement: rules.Placement) -> str:
    text = _("Household {household} is placed in {dwelling} from {start}; planned departure {end}.").format(
        household=placement.application.household, dwelling=placement.dwelling,
        start=dutch(placement.start), end=dutch(placement.end),
    )
    if placement.out_of_order:
        text += " " + _("Recorded as placed out of order.")
    return text


def extended(extension: rules.Extension) -> str:
    weeks = len(extension.weeks)
    return ngettext(
        "Household {household} in {dwelling}: extended by {weeks} week, planned departure {old} -> {new}.",
        "Household {household} in {dwelling}: extended by {weeks} weeks, planned departure {old} -> {new}.",
        weeks,
    ).format(
        household=extension.stay.household, dwelling=extension.stay.dwelling, weeks=weeks,
        old=dutch(extension.old_end), new=dutch(extension.new_end),
    )


def extension_plan(plan: rules.ExtensionPlan, dry_run: bool) -> list[str]:
    lines = []
    for extension in plan.extended:
        lines.append(_("Would extend: {sentence}").format(sentence=extended(extension)) if dry_run
                     else extended(extension))
    for stay in plan.skipped:
        lines.append(
            _("Not extended: household {household} in {dwelling}, end {end} (insufficient cooperation).").format(
                household=stay.household, dwelling=stay.dwelling, end=dutch(stay.end)
            )
        )
    if not lines:
        lines.append(_("No stay is due for extension on {day}.").format(day=dutch(plan.today)))
    return lines


def evaluated(evaluation: rules.Evaluation) -> str:
    stay = evaluation.stay
    if evaluation.extendable:
        consequence = _("the stay goes on being extended week by week")
    else:
        consequence = _("the stay is no longer extended and ends on {end}").format(end=dutch(evaluation.end))
    return _(
        "Evaluation of household {household} in {dwelling} recorded ({cooperation}): {consequence}. "
        "Next evaluation {next}."
    ).format(
        household=stay.household, dwelling=stay.dwelling, cooperation=evaluation.cooperation.value,
        consequence=consequence, next=dutch(evaluation.next_evaluation),
    )


def released(departure: rules.Departure) -> list[str]:
    household = departure.application.household
    destination = departure.destination.value
    if departure.stay is None:
        return [_("The application of household {household} is withdrawn ({destination}).").format(
            household=household, destination=destination
        )]
    lines = [
        ngettext(
            "Household {household} left {dwelling} on {day} after {days} day ({destination}); the dwelling is free.",
            "Household {household} left {dwelling} on {day} after {days} days ({destination}); the dwelling is free.",
            departure.days,
        ).format(
            household=household, dwelling=departure.stay.dwelling, day=dutch(departure.on),
            days=departure.days, destination=destination,
        )
    ]
    following = departure.next_in_line
    if following is not None:
        lines.append(
            _("Next in line: household {household} (urgency {urgency}); 'doorstroom admit --next' places it.").format(
                household=following.household, urgency=following.urgency
            )
        )
    return lines


def log_entries(entries: list[dict]) -> list[str]:
    if not entries:
        return [_("The audit trail has no entries for this.")]
    lines = []
    for entry in entries:
        who = "" if entry["household"] is None else " " + _("household {household}").format(
            household=entry["household"]
        )
        detail = ", ".join(f"{key} {value}" for key, value in entry["detail"].items() if value is not None)
        recorded = entry["recorded_at"].replace("T", " ").replace("+00:00", " UTC")
        lines.append(
            f"{dutch(date.fromisoformat(entry['date']))}  {entry['action']}{who}"
            + (f" ({detail})" if detail else "")
            + "; "
            + _("by {actor}, recorded {recorded}").format(actor=entry["actor"], recorded=recorded)
        )
    return lines


# -- Figures, as both the terminal report and the HTML page word them. --------


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def occupancy(figures: dict) -> str:
    return _("{percent} ({nights} of {capacity} nights)").format(
        percent=percent(figures["occupancy"]), nights=figures["nights"], capacity=figures["capacity_nights"]
    )


def length_of_stay(figures: dict) -> str:
    los = figures["length_of_stay"]
    return _("mean {mean}, median {median}, max {max} days").format(
        mean=number(los["mean"], 1), median=number(los["median"], 0 if float(los["median"]).is_integer() else 1),
        max=los["max"],
    )


def stays(figures: dict) -> str:
    return _("{stays} in the period: {admissions} admitted, {departures} departed; {waiting} waiting at the end").format(
        stays=figures["stays"], admissions=figures["admissions"], departures=figures["departures"],
        waiting=figures["waiting"],
    )


def within_six_weeks(figures: dict) -> str:
    return _("{percent} within six weeks").format(percent=percent(figures["within_six_weeks"]))


def permanent(figures: dict) -> str:
    return _("{percent} to permanent housing").format(percent=percent(figures["permanent_share"]))


def persons(count: int) -> str:
    return ngettext("{count} person", "{count} persons", count).format(count=count)


def nights(count: int) -> str:
    return ngettext("{count} night", "{count} nights", count).format(count=count)


def extensions_granted(figures: dict) -> str:
    return _("{weeks} weeks granted to {stays} stays").format(
        weeks=figures["extensions"]["applied"], stays=figures["extensions"]["stays"]
    )


def cost_elsewhere(alternative: dict) -> str | None:
    """'EUR 1,234.50 elsewhere' where the gemeente set a tariff, else None."""
    if alternative["cost"] is None:
        return None
    return _("EUR {amount} elsewhere").format(amount=number(alternative["cost"], 2))
