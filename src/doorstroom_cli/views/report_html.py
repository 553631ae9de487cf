"""``report --html``: one self-contained page for the gemeente.

Inline CSS and inline SVG charts; no scripts, no fonts or images from
elsewhere, nothing but figures (no names, no notes). It prints on A4.
Every text that comes from data is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..core.dates import dutch
from ..i18n import _, chosen_language, ngettext, number
from ..service import Report
from .figures import (
    euro, extensions_granted, total_cost, length_of_stay, occupancy, own_wijk, percent, stayers, still_waiting,
    waited_until_placed,
)
from .followup import retained, returned
from .words import day_in_words, month, nights_instead, slug

# Length-of-stay classes in days: the six-week target first.
LENGTH_CLASSES = [(0, 42), (43, 56), (57, 70), (71, 98), (99, 140), (141, None)]

CSS = """
@page { size: A4; margin: 12mm 15mm; }
@media print { body { max-width: none; } }
body { font-family: system-ui, sans-serif; font-size: 9.5pt; line-height: 1.25; color: #222; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 17pt; margin: 0; }
h2 { font-size: 12pt; margin: 9pt 0 3pt; border-bottom: 1px solid #ccc; }
p { margin: 4pt 0; }
p.period { color: #555; margin-top: 2pt; }
table.key { border-collapse: collapse; width: 100%; }
table.key td, table.key th { padding: 2pt 6pt; border-bottom: 1px solid #eee; vertical-align: top; }
table.key td:first-child { font-weight: bold; width: 35%; }
table.costs td:first-child { width: 60%; }
svg { display: block; margin: 4pt 0; }
svg text { font-family: system-ui, sans-serif; font-size: 12px; fill: #333; }
section { break-inside: avoid; page-break-inside: avoid; }
h2 { break-after: avoid; page-break-after: avoid; }
.second-page { break-before: page; page-break-before: always; }
table.key td.amount, table.key th.amount { text-align: right; white-space: nowrap; }
table.key tr.total td { font-weight: bold; border-top: 1px solid #999; }
section.reading { break-inside: auto; page-break-inside: auto; }
dl.reading { font-size: 9pt; margin: 0; }
dl.reading dt { font-weight: bold; margin-top: 2pt; break-after: avoid; page-break-after: avoid; }
dl.reading dd { margin-left: 0; }
p.note { color: #444; font-size: 9pt; }
"""


def _bars(items: list[tuple[str, float, str]], maximum: float, width: int = 600) -> str:
    """Horizontal bars: (label, value, value text) per row."""
    row, label_width = 15, 170
    height = row * max(len(items), 1) + 4
    span = width - label_width - 60
    parts = [f'<svg width="{width}" height="{height}" role="img">']
    for index, (label, value, text) in enumerate(items):
        y = index * row + 2
        length = 0 if maximum <= 0 else span * value / maximum
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 11}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 1}" width="{length:.1f}" height="12" fill="#3b7d4f"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 11}">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _length_classes(lengths: list[int]) -> list[tuple[str, float, str]]:
    items = []
    for low, high in LENGTH_CLASSES:
        count = sum(1 for n in lengths if n >= low and (high is None or n <= high))
        if high is None:
            label = _("{low} days or more").format(low=low)
        else:
            label = _("{low}-{high} days").format(low=low, high=high)
        items.append((label, count, str(count)))
    return items


def _pool_section(pool) -> str:
    """The pool what-if (forecast --dwellings): today's size and larger ones."""
    if not pool:
        return ""
    head = "".join(f"<th>{escape(text)}</th>" for text in (
        _("Dwellings"), _("Mean wait"), _("Median wait"), _("Waiting over 14 days"), _("Occupancy"),
    ))
    rows = []
    for outcome in pool:
        if outcome.mean_wait_days is None:
            cells = [str(outcome.dwellings), "-", "-", "-", percent(outcome.occupancy)]
        else:
            cells = [
                str(outcome.dwellings),
                _days(number(outcome.mean_wait_days, 1), outcome.mean_wait_days),
                _days(number(outcome.median_wait_days, 0 if float(outcome.median_wait_days).is_integer() else 1),
                      outcome.median_wait_days),
                percent(outcome.share_waiting_over_14_days),
                percent(outcome.occupancy),
            ]
        rows.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
    note = _(
        "The registrations of the last 12 months replayed against today's pool and against larger pools "
        "with dwellings of the same sizes: how long households would have waited."
    )
    title = _("Is the pool large enough?")  # outside the f-string, where the catalogue finds it
    return (f'<section><h2>{escape(title)}</h2><p>{escape(note)}</p>'
            f'<table class="key"><tr>{head}</tr>{"".join(rows)}</table></section>')


def _avoided_section(f: dict) -> str:
    """Nights per alternative avoided, the tariffs' amounts and their total, and how to read them."""
    rows = []
    for name, figures in f["alternatives"].items():
        tariff = "-" if figures["daily_tariff"] is None else euro(figures["daily_tariff"])
        cost = "-" if figures["cost"] is None else euro(figures["cost"])
        rows.append((nights_instead(name), str(figures["nights"]), tariff, cost))
    total = total_cost(f)
    rows.append((_("Total"), str(sum(a["nights"] for a in f["alternatives"].values())), "",
                 "-" if total is None else euro(total)))
    head = "".join((f"<th>{escape(text)}</th>" if i == 0 else f'<th class="amount">{escape(text)}</th>') for i, text in enumerate((
        "", _("Nights"), _("Daily tariff"), _("Avoided costs"),
    )))
    body = "".join(
        ('<tr class="total">' if index == len(rows) - 1 else "<tr>") + f"<td>{escape(label)}</td>"
        + "".join(f'<td class="amount">{escape(cell)}</td>' for cell in cells) + "</tr>"
        for index, (label, *cells) in enumerate(rows)
    )
    if total is None:
        note = _("No daily tariffs were given, so the page shows the nights but no amounts; doorstroom never assumes a tariff.")
    else:
        note = _(
            "The avoided costs are the nights multiplied by the daily tariff the gemeente set for that "
            "alternative: what those nights would have cost there. Where no tariff is set, no amount is "
            "given and the total leaves it out; doorstroom never assumes a tariff."
        )
    title = _("Avoided shelter and its costs")
    return (f'<section><h2>{escape(title)}</h2><table class="key costs"><tr>{head}</tr>{body}</table>'
            f'<p class="note">{escape(note)}</p></section>')


def _outflow_section(f: dict) -> str:
    """The route out (issue 14 §3): registrations, urgentie, offers, keys."""
    if "outflow" not in f:
        return ""
    from .outflow import report_rows

    body = "".join(f"<tr><td>{escape(label)}</td><td>{escape(text)}</td></tr>" for label, text in report_rows(f))
    title = _("The route out")
    return f'<section><h2>{escape(title)}</h2><table class="key">{body}</table></section>'


def _reading_section() -> str:
    """'How to read': the definitions a reader without the documentation needs."""
    terms = [
        (_("Occupancy"), _(
            "The nights households slept in the dwellings, out of the nights the dwellings could be used. "
            "A day a dwelling is out of use (for repairs, say) is left out of those capacity nights: "
            "nobody could live there, so it does not count as empty."
        )),
        (_("To permanent housing"), _(
            "The share of the departed households that moved to a home of their own: an own home or an "
            "omklapwoning (a dwelling whose lease passes to the household). Back home, with family or "
            "friends, and any shelter do not count as permanent."
        )),
        (_("Still staying"), _(
            "A household still living in a dwelling on the last day of the period (a stayer). Its days "
            "so far are counted up to that day; it is not in the length of stay of the departed."
        )),
        (_("Waiting time"), _(
            "The days from the application to the placement, of the households placed in the period; for a "
            "household still waiting at the end, the days up to the period's last day. A withdrawn "
            "application counts under withdrawn, not here."
        )),
    ]
    items = "".join(f"<dt>{escape(term)}</dt><dd>{escape(text)}</dd>" for term, text in terms)
    title = _("How to read")
    return f'<section class="reading"><h2>{escape(title)}</h2><dl class="reading">{items}</dl></section>'


def page(report: Report, pool=None, made_on: date | None = None, organisation: str | None = None) -> str:
    """The page; ``pool`` is the what-if of service.forecast.pool_what_if, if any;
    ``made_on`` the day it is made (today), ``organisation`` the name for the title."""
    f = report.figures
    first, last = date.fromisoformat(f["from"]), date.fromisoformat(f["to"])
    key_rows = [
        (_("Occupancy"), occupancy(f)),
        (_("Stays in the period"), str(f["stays"])),
        (_("Admissions / departures"), f"{f['admissions']} / {f['departures']}"),
        (_("Waiting at the end"), str(f["waiting"])),
        (_("Waiting time"), f"{waited_until_placed(f)}; {still_waiting(f)}"),
        (_("Withdrawn from the waitlist"), str(f["withdrawals"])),
        (_("Length of stay (departed)"), length_of_stay(f)),
        (_("Within six weeks"), percent(f["within_six_weeks"])),
        (_("Still staying"), stayers(f)),
        (_("To permanent housing"), percent(f["permanent_share"])),
        (_("Extensions"), extensions_granted(f)),
        (_("Still housed"), retained(f)),
        (_("Returns"), returned(f)),
        (_("Own wijk"), own_wijk(f)),
    ]
    months = [(month(m["month"]), m["occupancy"], percent(m["occupancy"])) for m in f["monthly"]]
    destinations = [(slug(name), count, str(count)) for name, count in f["destinations"].items()]
    lengths = _length_classes(report.lengths)
    period = _("{first} to {last}").format(first=day_in_words(first), last=day_in_words(last))
    heading = _("Doorstroomwoningen")
    if organisation:
        heading = _("{organisation}: doorstroomwoningen").format(organisation=organisation)
    made = "" if made_on is None else _("Made on {day}").format(day=day_in_words(made_on))
    subtitle = escape(_("Figures for {period}").format(period=period)) + (f"<br>{escape(made)}" if made else "")
    table = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in key_rows)
    return f"""<!DOCTYPE html>
<html lang="{chosen_language()}">
<head>
<meta charset="utf-8">
<title>{escape(heading)}, {escape(period)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{escape(heading)}</h1>
<p class="period">{subtitle}</p>
<section><h2>{escape(_("Key figures"))}</h2><table class="key">{table}</table></section>
{_avoided_section(f)}
<section><h2>{escape(_("Occupancy per month"))}</h2>{_bars(months, 1.0)}</section>
<section class="second-page"><h2>{escape(_("Length of stay of the departed households"))}</h2>{_bars(lengths, max((n for _label, n, _text in lengths), default=0))}</section>
<section><h2>{escape(_("Destinations"))}</h2>{_bars(destinations, max((n for _label, n, _text in destinations), default=0))}</section>
{_outflow_section(f)}
{_pool_section(pool)}
{_reading_section()}
</body>
</html>
"""


def _days(text: str, value: float) -> str:
    """A number of days, possibly with a decimal: "1 day", "1,5 days"."""
    return ngettext("{days} day", "{days} days", 1 if value == 1 else 2).format(days=text)
