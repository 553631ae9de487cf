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
    """One line per dwelling. "Out of use" is said once: a period that runs
    today takes the place of the bare word, later periods follow it."""
    lines = []
    for entry in pool_document(view)["dwellings"]:
        periods = [(_iso(p["from"]), _iso(p["to"]), p["reason"]) for p in entry["out_of_use"]]
        current = [p for p in periods if p[0] <= view.today and (p[1] is None or p[1] >= view.today)]
        later = [p for p in periods if p not in current]
        now_out = period_text(*current[0]) if current else None if entry["in_use"] else _("out of use")
        if entry["resident"] is None:
            state = now_out or _("free")
        else:
            state = _("household {household}").format(household=entry["resident"])
            if now_out:
                state += f" ({now_out})"
        line = _("{code}  {label}, {wijk}, at most {persons}: {state}").format(
            code=entry["code"], label=printable(entry["label"]), wijk=printable(entry["wijk"]),
            persons=words.persons(entry["max_persons"]), state=state,
        )
        for period in later + current[1:]:
            line += "; " + period_text(*period)
        lines.append(line)
    return lines


def period_text(first, last, reason) -> str:
    """A period out of use as a phrase: its days and, if given, its reason."""
    if last is not None:
        text = _("out of use {first} to {last}").format(first=dutch(first), last=dutch(last))
    else:
        text = _("out of use from {first} until further notice").format(first=dutch(first))
    return text + (f" ({printable(reason)})" if reason else "")


def _iso(text: str | None):
    from datetime import date

    return None if text is None else date.fromisoformat(text)
