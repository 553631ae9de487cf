"""The terminal view of ``report``: key figures first, then occupancy per month
and per dwelling as bars, so the trend is seen rather than read."""

from __future__ import annotations

from datetime import date

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _
from ..service import Report
from .figures import (
    cost_elsewhere, cost_in_total, extensions_granted, length_of_stay, nights, occupancy, own_wijk, percent, permanent,
    stayers, stays, still_waiting, waited_until_placed, withdrawals, within_six_weeks,
)
from .followup import retained, returned
from .words import alternative, month, slug

BAR_WIDTH = 40


def view(report: Report) -> Group:
    f = report.figures
    first, last = dutch(date.fromisoformat(f["from"])), dutch(date.fromisoformat(f["to"]))
    title = Text.assemble(
        (_("Figures doorstroomwoningen"), "bold"), "  ", _("{first} to {last}").format(first=first, last=last)
    )
    key = Table(box=box.SIMPLE, show_header=False, pad_edge=False)
    key.add_column(style="bold", no_wrap=True)
    key.add_column()
    key.add_row(_("Occupancy"), occupancy(f))
    key.add_row(_("Stays"), stays(f))
    key.add_row(_("Waiting time"), "; ".join((waited_until_placed(f), still_waiting(f), withdrawals(f))))
    key.add_row(_("Length of stay"), length_of_stay(f) + "; " + within_six_weeks(f))
    key.add_row(_("Still staying"), stayers(f))
    moved = [f"{slug(name)} {count}" for name, count in f["destinations"].items() if count]
    key.add_row(_("Destinations"), permanent(f) + (f" ({', '.join(moved)})" if moved else ""))
    key.add_row(_("Extensions"), extensions_granted(f))
    key.add_row(_("Still housed"), retained(f))
    key.add_row(_("Returns"), returned(f))
    key.add_row(_("Own wijk"), own_wijk(f))
    avoided = []
    for name, figures in f["alternatives"].items():
        if figures["nights"]:
            cost = "" if cost_elsewhere(figures) is None else f", {cost_elsewhere(figures)}"
            avoided.append(f"{alternative(name)}: {nights(figures['nights'])}{cost}")
    if cost_in_total(f) is not None:
        avoided.append(cost_in_total(f))
    key.add_row(_("Avoided"), "; ".join(avoided) or _("none"))
    if "outflow" in f:
        from .outflow import report_line

        key.add_row(_("Route out"), report_line(f))
    return Group(
        title, key, _bars(_("Occupancy per month"), [(month(m["month"]), m["occupancy"]) for m in f["monthly"]]),
        Text(""), _bars(_("Occupancy per dwelling"), [(d["code"], d["occupancy"]) for d in f["dwellings"]]),
    )


def _bars(title: str, rows: list[tuple[str, float]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.title = title
    table.title_justify = "left"
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(justify="right", no_wrap=True)
    for label, share in rows:
        filled = round(min(share, 1) * BAR_WIDTH)
        bar = Text("█" * filled, style="green") + Text("░" * (BAR_WIDTH - filled), style="dim")
        table.add_row(printable(label), bar, percent(share))  # a dwelling code is stored text
    return table


def print_report(report: Report) -> None:
    Console(markup=False, emoji=False, highlight=False).print(view(report))

