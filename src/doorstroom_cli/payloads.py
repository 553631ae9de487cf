"""The JSON documents of the command-line contract (docs/cli-contract.md).

Scripts and cron depend on these shapes: keys, types and ISO dates. Change
them only when the contract changes.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from .core import rules
from .service import Admission, Overview
from .wording import alert_message


def dumps(document: dict) -> str:
    """The document as JSON text, readable UTF-8 (ensure_ascii=False), with
    every control, format (bidi overrides, LRM/RLM, zero-width), surrogate
    and line-separator character written as a \\uXXXX escape: json.dumps
    escapes only U+0000-U+001F, so U+009B (CSI) or U+202E would reach a
    terminal raw. The escapes are inside strings (nothing else in JSON text
    is not ASCII), so a parser reads the stored text back unchanged."""
    import json  # only a --json run needs it

    return _UNSAFE_IN_JSON.sub(_escaped, json.dumps(document, ensure_ascii=False, indent=2))


def _escaped(match) -> str:
    char = match.group()
    if unicodedata.category(char) not in _ESCAPED_CATEGORIES:
        return char
    if ord(char) > 0xFFFF:  # a JSON escape is UTF-16: a surrogate pair
        high, low = divmod(ord(char) - 0x10000, 0x400)
        return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"
    return f"\\u{ord(char):04x}"


_UNSAFE_IN_JSON = re.compile(r"[^\x20-\x7e\n]")  # the rare others are looked at one by one
_ESCAPED_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def admission(result: Admission) -> dict:
    if result.placement is not None:
        return placement(result.placement)
    return {
        "household": result.application.household,
        "status": "waiting",
        "dwelling": None,
        "start": None,
        "end": None,
        "position": result.position,
    }


def placement(placed: rules.Placement) -> dict:
    """The shape ``admit`` prints, for a household that got a dwelling."""
    return {
        "household": placed.application.household,
        "status": "placed",
        "dwelling": placed.dwelling,
        "start": _iso(placed.start),
        "end": _iso(placed.end),
        "position": None,
    }


def extension(extended: rules.Extension) -> dict:
    return {
        "household": extended.stay.household,
        "dwelling": extended.stay.dwelling,
        "old_end": _iso(extended.old_end),
        "new_end": _iso(extended.new_end),
    }


def extension_plan(plan: rules.ExtensionPlan) -> dict:
    return {
        "date": _iso(plan.today),
        "extended": [extension(e) for e in plan.extended],
        "skipped": [
            {
                "household": stay.household,
                "dwelling": stay.dwelling,
                "reason": rules.SKIP_NOT_EXTENDABLE,
            }
            for stay in plan.skipped
        ],
    }


def evaluation(evaluated: rules.Evaluation) -> dict:
    return {
        "household": evaluated.stay.household,
        "date": _iso(evaluated.held_on),
        "cooperation": evaluated.cooperation.value,
        "extendable": evaluated.extendable,
        "end": _iso(evaluated.end),
        "next_evaluation": _iso(evaluated.next_evaluation),
    }


def departure(departed: rules.Departure) -> dict:
    stay = departed.stay
    following = departed.next_in_line
    return {
        "household": departed.application.household,
        "dwelling": stay.dwelling if stay else None,
        "start": _iso(stay.start) if stay else None,
        "departure": _iso(departed.on),
        "days": departed.days,
        "destination": departed.destination.value,
        "next_in_line": None
        if following is None
        else {"household": following.household, "urgency": following.urgency},
    }


def overview(view: Overview) -> dict:
    pool = view.pool
    dwellings = []
    for dwelling in pool.dwellings:
        stay = pool.stay_in(dwelling.code)
        dwellings.append(
            {
                "code": dwelling.code,
                "in_use": dwelling.in_use,
                "stay": None
                if stay is None
                else {
                    "household": stay.household,
                    "name": view.names.get(stay.household, ""),
                    "start": _iso(stay.start),
                    "end": _iso(stay.end),
                    "extensions": stay.weeks_extended,
                    "extendable": stay.extendable,
                    "next_evaluation": _iso(stay.next_evaluation),
                },
            }
        )
    return {
        "today": _iso(view.today),
        "capacity": pool.capacity,
        "occupied": len(pool.stays),
        "dwellings": dwellings,
        "waitlist": [
            {
                "household": waiting.household,
                "name": view.names.get(waiting.household, ""),
                "urgency": waiting.urgency,
                "registered": _iso(waiting.registered),
                "persons": waiting.persons,
            }
            for waiting in pool.waitlist()
        ],
        "alerts": [
            {"kind": alert.kind.value, "household": alert.household, "message": alert_message(alert)}
            for alert in view.alerts
        ],
    }
