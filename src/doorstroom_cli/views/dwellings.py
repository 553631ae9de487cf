"""What ``dwellings`` shows: the pool as a JSON document and as lines."""

from __future__ import annotations


from .. import service
from ..core.dates import dutch
from ..core.texts import printable
from ..i18n import _
from . import words


def pool_document(view: service.PoolView) -> dict:
    periods: dict[str, list] = {}
    for code, first, last, reason in view.outages:
        periods.setdefault(code, []).append(
            {"from": first.isoformat(), "to": None if last is None else last.isoformat(), "reason": reason}
        )
    return {
        "today": view.today.isoformat(),
        "dwellings": [
            {
                "code": d.code,
                "label": d.label,
                "wijk": d.wijk,
                "max_persons": d.max_persons,
                "in_use": d.in_use,
                "resident": None if (stay := view.pool.stay_in(d.code)) is None else stay.household,
                "out_of_use": periods.get(d.code, []),
            }
            for d in view.pool.dwellings
        ],
    }


def pool_lines(view: service.PoolView) -> list[str]:
    lines = []
    for entry in pool_document(view)["dwellings"]:
        who = _("free") if entry["resident"] is None else _("household {household}").format(
            household=entry["resident"]
        )
        state = who if entry["in_use"] else _("out of use")
        line = _("{code}  {label}, {wijk}, at most {persons}: {state}").format(
            code=entry["code"], label=printable(entry["label"]), wijk=printable(entry["wijk"]),
            persons=words.persons(entry["max_persons"]), state=state,
        )
        for period in entry["out_of_use"]:
            first = dutch(_iso(period["from"]))
            if period["to"]:
                line += "; " + _("out of use {first} to {last}").format(first=first, last=dutch(_iso(period["to"])))
            else:
                line += "; " + _("out of use from {first} until further notice").format(first=first)
            if period["reason"]:
                line += f" ({printable(period['reason'])})"
        lines.append(line)
    return lines


def _iso(text: str):
    from datetime import date

    return date.fromisoformat(text)
