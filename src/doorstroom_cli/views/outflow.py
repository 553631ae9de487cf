"""What ``outflow`` says, and a step of the route out as words (``show``)."""

from __future__ import annotations

from datetime import date

from ..core.dates import dutch
from ..core.errors import N_
from ..core.texts import printable
from ..i18n import _

STEP_WORDS = {
    "ingeschreven": N_("registered as a woningzoekende"),
    "urgentie-aangevraagd": N_("urgentie requested"),
    "urgentie-besluit": N_("decision on the urgentie"),
    "beschikking-aangevraagd": N_("beschikking requested"),
    "beschikking-ontvangen": N_("beschikking received"),
    "aanbod": N_("a dwelling offered"),
    "bezichtiging": N_("the offered dwelling viewed"),
    "aanbod-besluit": N_("decision on the offer"),
    "sleutel": N_("key date"),
}
"""Each step's slug as words (the slug stays in JSON)."""

RESULT_WORDS = {
    "toegekend": N_("granted"), "afgewezen": N_("refused"),
    "geaccepteerd": N_("accepted"), "geweigerd": N_("declined"),
}

REASON_WORDS = {
    "te-klein": N_("too small"), "te-duur": N_("too expensive"), "ligging": N_("location"),
    "staat": N_("condition of the dwelling"), "gezondheid": N_("health"), "anders": N_("another reason"),
}


def step_document(recorded) -> dict:
    """The JSON of a recorded step."""
    step = recorded.step
    return {
        "household": recorded.household,
        "dwelling": recorded.dwelling,
        "id": step.id,
        "step": step.kind.value,
        "date": step.on.isoformat(),
        "result": None if step.result is None else step.result.value,
        "valid_until": None if step.valid_until is None else step.valid_until.isoformat(),
        "corporatie": step.corporatie,
        "reason": None if step.reason is None else step.reason.value,
        "note": step.note,
    }


def recorded_sentence(recorded) -> str:
    document = step_document(recorded)
    where = "" if recorded.dwelling is None else f" ({recorded.dwelling})"
    return _("Recorded for household {household}{where} on {day}: {step}.").format(
        household=recorded.household, where=where, step=describe(document),
        day=dutch(recorded.step.on),
    )


def describe(event: dict) -> str:
    """A step (an event of ``show`` or a step's JSON) in words."""
    text = _(STEP_WORDS[event["step"]])
    if event.get("result"):
        text += ": " + _(RESULT_WORDS[event["result"]])
    if event.get("valid_until"):
        text += ", " + _("valid until {day}").format(day=dutch(date.fromisoformat(event["valid_until"])))
    if event.get("reason"):
        text += " (" + _(REASON_WORDS[event["reason"]]) + ")"
    if event.get("corporatie"):
        text += ", " + printable(event["corporatie"])
    if event.get("note"):
        text += "; " + printable(event["note"])
    return text


def _days(spread: dict) -> str:
    from .figures import number

    return _("median {median} days, at most {max}").format(
        median=number(spread["median"], 0 if float(spread["median"]).is_integer() else 1), max=spread["max"],
    )


def report_rows(figures: dict) -> list[tuple[str, str]]:
    """The report's ``outflow`` figure as (label, text) rows, for the terminal and the page."""
    from .words import households

    f = figures["outflow"]
    reasons = ", ".join(f"{_(REASON_WORDS[slug])} {count}" for slug, count in f["refusal_reasons"].items() if count)
    return [
        (_("Households with a step"), households(f["households"])),
        (_("Urgentie requested"), _("{households}; from the start of the stay: {days}").format(
            households=households(f["with_urgentie_request"]), days=_days(f["days_start_to_urgentie_request"]))),
        (_("Decision on the urgentie"), _("after the request: {days}").format(days=_days(f["days_request_to_decision"]))),
        (_("Offers"), _("{offers} offered, {refused} refused").format(offers=f["offers"], refused=f["offers_refused"])
         + (f" ({reasons})" if reasons else "")),
        (_("Offer to key"), _days(f["days_offer_to_key"])),
    ]


def report_line(figures: dict) -> str:
    """The ``outflow`` figure in one line of the terminal's key figures."""
    from .words import households

    f = figures["outflow"]
    spread = {key: f[key] for key in ("days_start_to_urgentie_request", "days_request_to_decision", "days_offer_to_key")}
    return _(
        "{households} with a step; urgentie requested by {requested}, {to_request} after the start; decided "
        "{to_decision} after the request; {offers} offers, {refused} refused; key {to_key} after the offer"
    ).format(
        households=households(f["households"]), requested=f["with_urgentie_request"],
        to_request=_short(spread["days_start_to_urgentie_request"]),
        to_decision=_short(spread["days_request_to_decision"]),
        offers=f["offers"], refused=f["offers_refused"], to_key=_short(spread["days_offer_to_key"]),
    )


def _short(spread: dict) -> str:
    from .figures import number

    return _("{median} (max {max}) days").format(
        median=number(spread["median"], 0 if float(spread["median"]).is_integer() else 1), max=spread["max"],
    )
