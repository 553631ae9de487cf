"""The daily screen of ``status``, drawn with rich for an 80-column terminal.

Only this module imports rich, and only ``status`` imports this module, so
the other commands do not pay for it. Names are wrapped in ``Text`` so that
whatever a name contains is shown, never interpreted as markup, and every
stored text (names, dwelling codes, the alerts that quote codes) passes
through ``texts.printable``.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from ..core.dates import dutch
from ..i18n import _, short_day, week
from ..service import Overview
from ..core.texts import printable
from .daily import alert_message


def overview(view: Overview) -> Group:
    pool = view.pool
    title = Text.assemble(
        ("Doorstroomwoningen", "bold"),
        "  ",
        _("{day} {year} ({week}): {occupied} of {capacity} occupied, {waiting} waiting").format(
            day=short_day(view.today), year=view.today.year, week=week(view.today),
            occupied=len(pool.stays), capacity=pool.capacity, waiting=len(pool.waiting),
        ),
    )
    gap = Text("")
    if view.recorded_until is not None:
        title.append("\n" + _("The pool as it was on {day}, by the records (they run until {until}).").format(
            day=dutch(view.today), until=dutch(view.recorded_until)))
    return Group(title, gap, _dwellings(view), *_outages(view), gap, _waitlist(view), gap, _alerts(view))


def _outages(view: Overview) -> list[Text]:
    """Every period out of use that has begun or is planned, with its reason."""
    from .dwellings import period_text

    return [
        Text(printable(f"{dwelling.code}: {period_text(period.first, period.last, period.reason)}"))
        for dwelling in view.pool.dwellings
        for period in dwelling.outages
    ]


def _dwellings(view: Overview) -> Table:
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True)
    # Every column but the name keeps its width; a long name is cut short.
    table.add_column(_("Dw."), no_wrap=True, min_width=3)
    table.add_column(_("Household"), overflow="ellipsis", no_wrap=True, max_width=18)
    table.add_column(_("Since"), no_wrap=True, min_width=10)
    table.add_column(_("Leaves"), no_wrap=True, min_width=10)
    table.add_column(_("Left"), justify="right", no_wrap=True, min_width=4)
    table.add_column(_("Ext"), justify="right", no_wrap=True, min_width=3)
    table.add_column(_("Evaluate"), no_wrap=True, min_width=10)
    table.add_column(_("Extends"), no_wrap=True, min_width=7)
    for dwelling in view.pool.dwellings:
        stay = view.pool.stay_in(dwelling.code)
        if not dwelling.in_use and stay is None:
            period = dwelling.next_outage(view.today)
            table.add_row(
                printable(dwelling.code), Text(_("out of use"), style="dim"),
                "" if period is None else dutch(period.first),
                "" if period is None or period.last is None else dutch(period.last),
            )
            continue
        if stay is None:
            table.add_row(printable(dwelling.code), Text(_("free"), style="green"))
            continue
        left = (stay.end - view.today).days
        table.add_row(
            printable(dwelling.code),
            _who(stay.household, view.names),
            dutch(stay.start),
            dutch(stay.end),
            Text(str(left), style="red" if left < 0 else ""),
            str(stay.weeks_extended),
            Text(
                dutch(stay.next_evaluation),
                style="yellow" if stay.next_evaluation <= view.today else "",
            ),
            Text(_("yes")) if stay.extendable and not stay.stopped_by_outage else Text(_("no"), style="red"),
        )
    return table


def _waitlist(view: Overview) -> Table | Text:
    ranked = view.pool.waitlist()
    if not ranked:
        return Text(_("Nobody is waiting."))
    table = Table(
        box=box.SIMPLE_HEAD, pad_edge=False, show_edge=False, collapse_padding=True,
        title=_("Waitlist"), title_justify="left",
    )
    table.add_column("#", justify="right", no_wrap=True, min_width=2)
    table.add_column(_("Household"), overflow="ellipsis", no_wrap=True, max_width=22)
    table.add_column(_("Wijk"), overflow="ellipsis", no_wrap=True, max_width=13)
    table.add_column(_("Urgency"), justify="right", no_wrap=True, min_width=7)
    table.add_column(_("Persons"), justify="right", no_wrap=True, min_width=7)
    table.add_column(_("Registered"), no_wrap=True, min_width=10)
    table.add_column(_("Days"), justify="right", no_wrap=True, min_width=4)
    for position, waiting in enumerate(ranked, start=1):
        table.add_row(
            str(position),
            _who(waiting.household, view.names),
            Text(printable(waiting.wijk or "")),
            str(waiting.urgency),
            str(waiting.persons),
            dutch(waiting.registered),
            str((view.today - waiting.registered).days),
        )
    return table


def _alerts(view: Overview) -> Table | Text:
    if not view.alerts:
        return Text(_("Nothing needs attention."))
    table = Table.grid(padding=(0, 1))
    table.title = _("Needs attention")
    table.title_justify = "left"
    table.add_column(style="yellow", no_wrap=True)
    table.add_column()
    for alert in view.alerts:
        table.add_row("!", Text(printable(alert_message(alert))))
    return table


def _who(household: int | None, names: dict[int, str]) -> Text:
    return Text(f"{household} {printable(names.get(household, ''))}")


def print_overview(view: Overview) -> None:
    # No markup, emoji or highlighting: every text is shown as it is, and faster.
    Console(markup=False, emoji=False, highlight=False).print(overview(view))
