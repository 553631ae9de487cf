"""What undo says: the change it took back (or would), as JSON and as a sentence.

Households are named by id and dwellings by code, never by name, like the
other daily sentences."""

from __future__ import annotations

from datetime import date

from ..core.dates import dutch
from ..i18n import _, ngettext
from ..service import AuditEntry, Undoing

def _dwelling(entry: AuditEntry) -> str | None:
    detail = entry.detail or {}
    value = detail.get("dwelling")
    return value if isinstance(value, str) else None

def undo_document(result: Undoing) -> dict:
    """``undo --json``: the change (its first entry, and every entry of it)."""
    first = result.change[0]
    return {
        "undone": {
            "audit_id": first.id,
            "action": first.action,
            "household": first.household,
            "dwelling": next((d for d in map(_dwelling, result.change) if d), None),
            "day": first.date,
            "entries": [
                {"audit_id": entry.id, "action": entry.action, "household": entry.household,
                 "dwelling": _dwelling(entry)}
                for entry in result.change
            ],
        },
        "dry_run": result.dry_run,
        "undo_audit_id": result.undo,
    }

def _what(entry: AuditEntry) -> str:
    """One entry as words: what it did."""
    detail = entry.detail or {}
    values = {"household": entry.household, "code": _dwelling(entry) or "?"}
    if entry.action == "register":
        return _("the intake of household {household}").format(**values)
    if entry.action == "place":
        return _("the placement of household {household} in {code}").format(**values)
    if entry.action == "extend":
        weeks = detail.get("weeks") if isinstance(detail.get("weeks"), int) else 1
        return ngettext(
            "the extension of household {household} by {weeks} week",
            "the extension of household {household} by {weeks} weeks",
            weeks,
        ).format(weeks=weeks, **values)
    if entry.action == "evaluate":
        return _("the evaluation of household {household}").format(**values)
    if entry.action == "depart":
        return _("the departure of household {household} from {code}").format(**values)
    if entry.action == "withdraw":
        return _("the withdrawal of household {household}'s application").format(**values)
    if entry.action == "outage":
        first = detail.get("first_day")
        day = dutch(date.fromisoformat(first)) if isinstance(first, str) else "?"
        return _("{code} out of use from {first}").format(first=day, **values)
    if entry.action == "back_in_use" and isinstance(detail.get("withdrawn_from"), str):
        day = dutch(date.fromisoformat(detail["withdrawn_from"]))
        return _("the withdrawal of {code}'s period out of use from {first}").format(first=day, **values)
    if entry.action == "back_in_use":
        return _("{code} back in use").format(**values)
    if entry.action == "move":
        return _("the move of household {household} from {source} to {target}").format(
            source=detail.get("from", "?"), target=detail.get("to", "?"), **values
        )
    if entry.action == "change_dwelling":
        return _("the change to dwelling {code}").format(**values)
    if entry.action == "outflow":
        step = detail.get("step") if isinstance(detail.get("step"), str) else "?"
        return _("the step '{step}' of household {household}'s route out").format(step=step, **values)
    if entry.action == "followup":
        months = detail.get("months") if isinstance(detail.get("months"), int) else "?"
        return _("the follow-up of household {household} after {months} months").format(months=months, **values)
    if entry.household is not None:
        return _("{action} of household {household}").format(action=entry.action, **values)
    return entry.action

def described(result: Undoing) -> str:
    """The change as words, with its log entry."""
    what = "; ".join(_what(entry) for entry in result.change)
    return _("{what} (log entry {entry})").format(what=what, entry=result.change[0].id)

def question(result: Undoing) -> str:
    return _("Undo {change}?").format(change=described(result))

def undo_sentence(result: Undoing) -> str:
    if result.dry_run:
        return _("undo would take back {change}; nothing was changed.").format(change=described(result))
    return _("Taken back: {change}. The log keeps it, marked as undone (log entry {undo}).").format(
        change=described(result), undo=result.undo
    )

