"""The report's sentences, as both the terminal report and the HTML page
word them, in the interface's language."""

from __future__ import annotations

from ..i18n import _, ngettext, number


# -- Figures, as both the terminal report and the HTML page word them. --------


def percent(fraction: float) -> str:
    return f"{fraction * 100:.0f}%"


def occupancy(figures: dict) -> str:
    return ngettext("{percent} ({nights} of {capacity} night)", "{percent} ({nights} of {capacity} nights)",
                    figures["capacity_nights"]).format(
        percent=percent(figures["occupancy"]), nights=figures["nights"], capacity=figures["capacity_nights"]
    )


def _median(value: float) -> str:
    return number(value, 0 if float(value).is_integer() else 1)


def spread(days: dict) -> str:
    """'mean 9.5, median 9.5, max 19 days' of a {mean, median, max} of days."""
    return ngettext("mean {mean}, median {median}, max {max} day", "mean {mean}, median {median}, max {max} days",
                    days["max"]).format(mean=number(days["mean"], 1), median=_median(days["median"]), max=days["max"])


def length_of_stay(figures: dict) -> str:
    return spread(figures["length_of_stay"])


def stayers(figures: dict) -> str:
    open_ = figures["stayers"]
    return _("{count} still staying at the end: {spread} so far").format(
        count=open_["count"], spread=spread(open_["length_of_stay"])
    )


def waited_until_placed(figures: dict) -> str:
    placed = figures["waiting_time"]["placed"]
    return _("{count} placed after waiting: {spread}").format(count=placed["count"], spread=spread(placed))


def still_waiting(figures: dict) -> str:
    waiting = figures["waiting_time"]["still_waiting"]
    return ngettext(
        "{count} still waiting at the end: median {median}, max {max} day so far",
        "{count} still waiting at the end: median {median}, max {max} days so far",
        waiting["max"],
    ).format(count=waiting["count"], median=_median(waiting["median"]), max=waiting["max"])


def withdrawals(figures: dict) -> str:
    count = figures["withdrawals"]
    return ngettext("{count} application withdrawn", "{count} applications withdrawn", count).format(count=count)


def stays(figures: dict) -> str:
    return _("{stays} in the period: {admissions} admitted, {departures} departed; {waiting} waiting at the end").format(
        stays=figures["stays"], admissions=figures["admissions"], departures=figures["departures"],
        waiting=figures["waiting"],
    )


def within_six_weeks(figures: dict) -> str:
    return _("{percent} within six weeks").format(percent=percent(figures["within_six_weeks"]))


def permanent(figures: dict) -> str:
    return _("{percent} to permanent housing").format(percent=percent(figures["permanent_share"]))


def own_wijk(figures: dict) -> str:
    """'2 of 3 placements in the household's own wijk (67%), of those with
    a wijk recorded': counted over the placements whose household had one."""
    wijk = figures["own_wijk"]
    if not wijk["with_wijk"]:
        return _("no placement with the household's own wijk recorded")
    return ngettext(
        "{inside} of {count} placement in the household's own wijk ({percent}), of those with a wijk recorded",
        "{inside} of {count} placements in the household's own wijk ({percent}), of those with a wijk recorded",
        wijk["with_wijk"],
    ).format(inside=wijk["in_own_wijk"], count=wijk["with_wijk"], percent=percent(wijk["share"]))


def nights(count: int) -> str:
    return ngettext("{count} night", "{count} nights", count).format(count=count)


def extensions_granted(figures: dict) -> str:
    weeks, stays = figures["extensions"]["applied"], figures["extensions"]["stays"]
    return ngettext("{weeks} week granted to {stays}", "{weeks} weeks granted to {stays}", weeks).format(
        weeks=weeks, stays=ngettext("{count} stay", "{count} stays", stays).format(count=stays)
    )


def euro(amount: float) -> str:
    """An amount as the reader writes it: '€ 14.038,50' ('€ 14,038.50' in English)."""
    return f"€ {number(amount, 2)}"


def cost_elsewhere(alternative: dict) -> str | None:
    """'€ 1.234,50 in avoided costs' where the gemeente set a tariff, else None."""
    if alternative["cost"] is None:
        return None
    return _("{amount} in avoided costs").format(amount=euro(alternative["cost"]))


def cost_in_total(figures: dict) -> str | None:
    """'€ 14.038,50 in avoided costs in total' where a tariff is set, else None."""
    total = total_cost(figures)
    return None if total is None else _("{amount} in avoided costs in total").format(amount=euro(total))


def total_cost(figures: dict) -> float | None:
    """The avoided costs of all alternatives with a tariff together; None when no tariff is set."""
    costs = [a["cost"] for a in figures["alternatives"].values() if a["cost"] is not None]
    return sum(costs) if costs else None
