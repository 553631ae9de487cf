"""The report's sentences, as both the terminal report and the HTML page
word them, in the interface's language."""

from __future__ import annotations

from ..i18n import _, ngettext, number


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
