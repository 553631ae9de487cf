"""What ``log`` says: each audit entry as a sentence, at the time it was
recorded in Amsterdam ("24-11-2026 20:32 — huishouden 4 ingeschreven
(...) — door root"). ``--json`` keeps the raw fields."""

from __future__ import annotations

from datetime import date

from .. import clock, service
from ..core.dates import dutch
from ..core.errors import N_
from ..i18n import _
from . import words

# action: (sentence, what each detail adds). A detail's value fills {value};
# a detail not listed, or None, adds nothing.
_SENTENCES = {
    "register": N_("household {household} registered"),
    "place": N_("household {household} placed in {dwelling} from {start}"),
    "extend": N_("the stay of household {household} in {dwelling} extended by {weeks}, until {new_end}"),
    "evaluate": N_("evaluation of household {household}: cooperation {cooperation}"),
    "depart": N_("household {household} left: {destination}"),
    "withdraw": N_("the application of household {household} withdrawn: {destination}"),
    "add_dwelling": N_("dwelling {dwelling} added to the pool"),
    "change_dwelling": N_("dwelling {dwelling} changed: houses at most {max_persons}"),
    "outage": N_("dwelling {dwelling} out of use from {first_day}"),
    "back_in_use": N_("dwelling {dwelling} back in use"),
    "withdraw_outage": N_("the period out of use of dwelling {dwelling} from {withdrawn_from} withdrawn"),
    "purge": N_("names and notes removed of {households} that left before {before}"),
    "compact": N_("the database file compacted (the removed text is gone from it too)"),
    "restore": N_("a backup restored; the replaced database is kept as {previous}"),
    "move": N_("household {household} moved from {from} to {to}"),
    "undo": N_("taken back: {kind} (log entry {undone})"),
    "outflow": N_("route out of household {household}: {step} on {date}"),
    "followup": N_("follow-up of household {household} after {months} months on {held_on}: {outcome}"),
}

# What an undo took back, as a noun.
_CHANGES = {
    "register": N_("the registration"),
    "place": N_("the placement"),
    "extend": N_("the extension"),
    "evaluate": N_("the evaluation"),
    "depart": N_("the departure"),
    "withdraw": N_("the withdrawal"),
    "move": N_("the move"),
    "outage": N_("the period out of use"),
    "back_in_use": N_("the return to use"),
    "change_dwelling": N_("the change of a dwelling"),
    "outflow": N_("the step of the route out"),
    "followup": N_("the follow-up"),
}

_ADDITIONS = {
    "urgency": N_("urgency {value}"),
    "alternative": N_("instead of {value}"),
    "readmission": N_("registered before"),
    "distinct_from": N_("not the same household as {value}"),
    "out_of_order": N_("out of order"),
    "passed_over": N_("passing over household {value}"),
    "tacit": N_("tacitly"),
    "note": N_("with a note"),
    "reason": N_("with a reason"),
    "last_day": N_("until {value}"),
    "result": N_("result {value}"),
    "method": N_("{value}"),
}


def log_document(entries: list[service.AuditEntry]) -> dict:
    """``log --json``: the raw fields; an unreadable detail is null, marked
    ``detail_unreadable``."""
    return {"entries": [
        {**entry._asdict(), **({} if entry.detail is not None else {"detail_unreadable": True})}
        for entry in entries
    ]}


def log_entries(entries: list[service.AuditEntry]) -> list[str]:
    if not entries:
        return [_("The audit trail has no entries for this.")]
    return [_line(entry) for entry in entries]


def _line(entry: service.AuditEntry) -> str:
    """The moment first; when the change counts for another day than the
    one it was recorded on (DOORSTROOM_TODAY), that day, with the moment."""
    moment = clock.local(entry.recorded_at)
    when = f"{dutch(moment.date())} {moment:%H:%M}"
    if entry.date != moment.date().isoformat():
        when = _("{day} (recorded {moment})").format(day=dutch(date.fromisoformat(entry.date)), moment=when)
    undone = "" if entry.undone_by is None else " " + _("[undone by log entry {undo}]").format(undo=entry.undone_by)
    return f"{when} — {_sentence(entry)} — " + _("by {actor}").format(actor=entry.actor) + undone


def _sentence(entry: service.AuditEntry) -> str:
    detail = entry.detail
    who = "" if entry.household is None else " " + _("household {household}").format(household=entry.household)
    if detail is None:  # not what the tool writes
        return f"{entry.action}{who} ({_('the details of this entry cannot be read')})"
    if entry.action not in _SENTENCES:  # written by a later version, or by hand
        raw = ", ".join(f"{key} {value}" for key, value in detail.items() if value is not None)
        return f"{entry.action}{who}" + (f" ({raw})" if raw else "")
    values = {key: _value(key, value) for key, value in detail.items()}
    values.setdefault("household", entry.household)
    # back_in_use that withdrew a period planned ahead (it had not begun)
    action = "withdraw_outage" if entry.action == "back_in_use" and detail.get("withdrawn_from") else entry.action
    sentence = _(_SENTENCES[action]).format_map(_Blank(values))
    additions = [
        _(_ADDITIONS[key]).format(value=values[key])
        for key in _ADDITIONS  # in this order, whatever the stored order
        if detail.get(key) not in (None, False) and key not in _shown_in(entry.action)
    ]
    if entry.action == "register" and isinstance(detail.get("persons"), int):
        additions.insert(1 if "urgency" in detail else 0, words.persons(detail["persons"]))
    return sentence + (f" ({', '.join(additions)})" if additions else "")


def _shown_in(action: str) -> set[str]:
    return {"last_day"} if action != "outage" else set()


def _value(key: str, value):
    if isinstance(value, str) and key in {"start", "new_end", "old_end", "first_day", "last_day", "before", "withdrawn_from",
                                          "date", "held_on"}:
        try:
            return dutch(date.fromisoformat(value))
        except ValueError:
            return value
    if key == "weeks" and isinstance(value, int):
        return words.weeks(value)
    if key == "max_persons" and isinstance(value, int):
        return words.persons(value)
    if key == "kind" and value in _CHANGES:
        return _(_CHANGES[value])
    if key == "undone" and isinstance(value, list):
        return ", ".join(str(entry) for entry in value)
    if key == "households" and isinstance(value, int):
        return words.households(value)
    if key in {"destination", "alternative", "outcome", "method"}:
        return words.slug(value)
    return value


class _Blank(dict):
    """A value the entry does not hold is left out, not an error."""

    def __missing__(self, key: str) -> str:
        return "?"
