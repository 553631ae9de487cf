"""``report --html``: one self-contained page for the gemeente.

Inline CSS and inline SVG charts; no scripts, no fonts or images from
elsewhere, nothing but figures (no names, no notes). It prints on A4.
Every text that comes from data is escaped.
"""

from __future__ import annotations

from datetime import date
from html import escape

from ..core.dates import dutch
from ..i18n import _, chosen_language, number
from ..service import Report
from .figures import (
    cost_elsewhere, extensions_granted, length_of_stay, occupancy, percent, stayers, still_waiting,
    waited_until_placed,
)
from .words import month, nights_instead, slug

# Length-of-stay classes in days: the six-week target first.
LENGTH_CLASSES = [(0, 42), (43, 56), (57, 70), (71, 98), (99, 140), (141, None)]

CSS = """
@page { size: A4; margin: 18mm; }
body { font-family: system-ui, sans-serif; color: #222; max-width: 180mm; margin: 0 auto; }
h1 { font-size: 20pt; margin-bottom: 0; }
h2 { font-size: 13pt; margin-top: 18pt; border-bottom: 1px solid #ccc; }
p.period { color: #555; margin-top: 2pt; }
table.key { border-collapse: collapse; width: 100%; }
table.key td { padding: 3pt 6pt; border-bottom: 1px solid #eee; vertical-align: top; }
table.key td:first-child { font-weight: bold; width: 35%; }
svg { display: block; margin: 6pt 0; }
svg text { font-family: system-ui, sans-serif; font-size: 10px; fill: #333; }
section { break-inside: avoid; }
"""


def _bars(items: list[tuple[str, float, str]], maximum: float, width: int = 600) -> str:
    """Horizontal bars: (label, value, value text) per row."""
    row, label_width = 22, 170
    height = row * max(len(items), 1) + 4
    span = width - label_width - 60
    parts = [f'<svg width="{width}" height="{height}" role="img">']
    for index, (label, value, text) in enumerate(items):
        y = index * row + 2
        length = 0 if maximum <= 0 else span * value / maximum
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 14}" text-anchor="end">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{length:.1f}" height="14" fill="#3b7d4f"/>'
            f'<text x="{label_width + length + 4:.1f}" y="{y + 14}">{escape(text)}</text>'
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
                _("{days} days").format(days=number(outcome.mean_wait_days, 1)),
                _("{days} days").format(days=number(outcome.median_wait_days, 0 if float(outcome.median_wait_days).is_integer() else 1)),
                percent(outcome.share_waiting_over_14_days),
                percent(outcome.occupancy),
            ]
        rows.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in cells) + "</tr>")
    note = _(
        "The registrations of the last 12 months replayed against today's pool and larger pools with "
        "dwellings of the same sizes (doorstroom forecast --dwellings N; docs/figures.md)."
    )
    title = _("Is the pool large enough?")  # outside the f-string, where the catalogue finds it
    return (f'<section><h2>{escape(title)}</h2><p>{escape(note)}</p>'
            f'<table class="key"><tr>{head}</tr>{"".join(rows)}</table></section>')


def page(report: Report, pool=None) -> str:
    """The page; ``pool`` is the what-if of service.forecast.pool_what_if, if any."""
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
    ]
    for name, figures in f["alternatives"].items():
        cost = "" if cost_elsewhere(figures) is None else f"; {cost_elsewhere(figures)}"
        key_rows.append((nights_instead(name), f"{figures['nights']}{cost}"))
    months = [(month(m["month"]), m["occupancy"], percent(m["occupancy"])) for m in f["monthly"]]
    destinations = [(slug(name), count, str(count)) for name, count in f["destinations"].items()]
    lengths = _length_classes(report.lengths)
    period = _("{first} to {last}").format(first=dutch(first), last=dutch(last))
    table = "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in key_rows)
    return f"""<!DOCTYPE html>
<html lang="{chosen_language()}">
<head>
<meta charset="utf-8">
<title>Doorstroomwoningen {escape(period)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>Doorstroomwoningen</h1>
<p class="period">{escape(_("Figures for {period}").format(period=period))}</p>
<section><h2>{escape(_("Key figures"))}</h2><table class="key">{table}</table></section>
<section><h2>{escape(_("Occupancy per month"))}</h2>{_bars(months, 1.0)}</section>
<section><h2>{escape(_("Length of stay of the departed households"))}</h2>{_bars(lengths, max((n for _label, n, _text in lengths), default=0))}</section>
<section><h2>{escape(_("Destinations"))}</h2>{_bars(destinations, max((n for _label, n, _text in destinations), default=0))}</section>
{_pool_section(pool)}
</body>
</html>
"""
