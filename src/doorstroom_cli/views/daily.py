"""What the everyday commands show: admit, extend, evaluate, move, release, status.

- The JSON documents of the command-line contract (docs/cli-contract.md).
  Scripts and cron depend on these shapes: keys, types and ISO dates.
  Change them only when the contract changes.
- The sentences the coordinator reads after each command, and the alert
  texts. Plain strings, no markup: they go to a terminal, a cron mail or a
  JSON document alike, in the interface's language; the slugs in them
  (cooperation, destination) are the contract's and stay as they are.
  Dates are written the Dutch way (23-11-2026). Households are named by id
  only, so a sentence that ends up in a log carries no name.
"""

from __future__ import annotations

from datetime import date

from ..core import rules
from ..core.dates import dutch
from ..i18n import _, ngettext
from ..service import Admission, Overview


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
        "out_of_order": False,
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
        "out_of_order": placed.out_of_order,
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
        "skipped": sorted(
            [
                {"household": stay.household, "dwelling": stay.dwelling, "reason": reason}
                for stays, reason in ((plan.skipped, rules.SKIP_NOT_EXTENDABLE),
                                      (plan.stopped, rules.SKIP_DWELLING_OUT_OF_USE))
                for stay in stays
            ],
            key=lambda skip: skip["dwelling"],
        ),
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


def moved(move: rules.Move) -> dict:
    return {
        "household": move.stay.household,
        "from": move.source,
        "to": move.target,
        "day": _iso(move.day),
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
        else {"household": following.household, "urgency": following.urgency, "wijk": following.wijk},
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
                "out_of_use": [
                    {"from": _iso(o.first), "to": _iso(o.last), "reason": o.reason} for o in dwelling.outages
                ],
                "stay": None
                if stay is None
                else {
                    "household": stay.household,
                    "name": view.names.get(stay.household, ""),
                    "wijk": stay.application.wijk,
                    "start": _iso(stay.start),
                    "end": _iso(stay.end),
                    "extensions": stay.weeks_extended,
                    "extendable": stay.extendable and not stay.stopped_by_outage,
                    "next_evaluation": _iso(stay.next_evaluation),
                },
            }
        )
    return {
        "today": _iso(view.today),
        "recorded_until": _iso(view.recorded_until),
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
                "wijk": waiting.wijk,
            }
            for waiting in pool.waitlist()
        ],
        "alerts": [
            {"kind": alert.kind.value, "household": alert.household, "message": alert_message(alert)}
            for alert in view.alerts
        ],
    }


# -- The sentences after each everyday command, and the alert texts. --------


def alert_message(alert) -> str:
    if isinstance(alert, rules.OutflowAlert):
        return _outflow_alert_message(alert)
    kind = rules.AlertKind
    if alert.kind in (kind.FOLLOWUP_DUE, kind.FOLLOWUP_OVERDUE):
        from .followup import alert_message as followup_alert

        return followup_alert(alert)
    values = {"dwelling": alert.dwelling, "household": alert.household, "day": dutch(alert.day)}
    if alert.kind is kind.OUTAGE_AHEAD and alert.begun:
        template = _("{dwelling} is out of use since {day}, but household {household} still lives there: "
                     "move it to another dwelling ('doorstroom move') or record its departure.")
    elif alert.kind is kind.OUTAGE_AHEAD:
        template = _("{dwelling} goes out of use on {day}: household {household} must have left or moved to "
                     "another dwelling ('doorstroom move') by then.")
    elif alert.kind is kind.OVERDUE:
        template = _("{dwelling}: household {household} should have left on {day} (not extended).")
    elif alert.kind is kind.EXTENSION_PENDING:
        template = _(
            "{dwelling}: the stay of household {household} was to end on {day} and was not extended overnight. "
            "Extend it now with 'doorstroom extend {dwelling}', and ask whoever looks after the computer to "
            "check the nightly extension."
        )
    elif alert.kind is kind.ENDS_SOON:
        template = _("{dwelling}: household {household} leaves on {day} (not extended).")
    elif alert.kind is kind.EVALUATION_DUE:
        template = _("{dwelling}: evaluation with household {household} due since {day}.")
    elif alert.kind is kind.FREE_WITH_WAITLIST:
        template = _("{dwelling} is free and household {household} fits: 'doorstroom admit --next' places it.")
    else:
        template = _("Household {household} fits only {dwelling} of the pool; 'doorstroom admit --next' keeps "
                     "{dwelling} for it while it waits.")
    return template.format(**values)


def _outflow_alert_message(alert: rules.OutflowAlert) -> str:
    kind = rules.OutflowAlertKind
    values = {"household": alert.household, "day": dutch(alert.day),
              "where": f" ({alert.dwelling})" if alert.dwelling else _(" (waiting)")}
    if alert.kind is kind.OUTFLOW_MISSING:
        template = _("Household {household}{where}: no registration as a woningzoekende and no urgentie request "
                     "14 days after the start ({day}); record the step with 'doorstroom outflow'.")
    elif alert.kind is kind.OUTFLOW_STALLED:
        template = _("Household {household}{where}: no step on the route out since {day} (21 days or more).")
    elif alert.kind is kind.URGENTIE_EXPIRING:
        template = _("Household {household}{where}: the urgentie is valid until {day}.")
    else:
        template = _("Household {household}{where} gets the key on {day}: plan the departure.")
    return template.format(**values)


def admitted(result: Admission) -> str:
    household = result.application.household
    again = _(" (re-admission)") if result.readmission else ""
    if result.placement is None:
        return _("Household {household}{again} is on the waitlist at position {position}.").format(
            household=household, again=again, position=result.position
        )
    return placed(result.placement) + again


def placed(placement: rules.Placement) -> str:
    text = _("Household {household} is placed in {dwelling} from {start}; planned departure {end}.").format(
        household=placement.application.household, dwelling=placement.dwelling,
        start=dutch(placement.start), end=dutch(placement.end),
    )
    if placement.out_of_order:
        text += " " + _("Recorded as placed out of order, ahead of household {household}.").format(
            household=placement.passed_over
        )
    return text


def extended(extension: rules.Extension) -> str:
    weeks = len(extension.weeks)
    return ngettext(
        "Household {household} in {dwelling}: extended by {weeks} week, planned departure {old} -> {new}.",
        "Household {household} in {dwelling}: extended by {weeks} weeks, planned departure {old} -> {new}.",
        weeks,
    ).format(
        household=extension.stay.household, dwelling=extension.stay.dwelling, weeks=weeks,
        old=dutch(extension.old_end), new=dutch(extension.new_end),
    )


def planned_extensions(plan: rules.ExtensionPlan, dry_run: bool) -> list[str]:
    lines = []
    for extension in plan.extended:
        lines.append(_("Would extend: {sentence}").format(sentence=extended(extension)) if dry_run
                     else extended(extension))
    for stay in plan.skipped:
        lines.append(
            _("Not extended: household {household} in {dwelling}, end {end} (insufficient cooperation).").format(
                household=stay.household, dwelling=stay.dwelling, end=dutch(stay.end)
            )
        )
    for stay in plan.stopped:
        lines.append(
            _("Not extended further: household {household} in {dwelling}, end {end}; a further week would run "
              "into its period out of use from {day} ('doorstroom move' moves the household).").format(
                household=stay.household, dwelling=stay.dwelling, end=dutch(stay.end), day=dutch(stay.outage_from)
            )
        )
    if not lines:
        lines.append(_("No stay is due for extension on {day}.").format(day=dutch(plan.today)))
    return lines


def evaluated(evaluation: rules.Evaluation) -> str:
    stay = evaluation.stay
    if evaluation.extendable:
        consequence = _("the stay goes on being extended week by week")
    else:
        consequence = _("the stay is no longer extended and ends on {end}").format(end=dutch(evaluation.end))
    return _(
        "Evaluation of household {household} in {dwelling} recorded ({cooperation}): {consequence}. "
        "Next evaluation {next}."
    ).format(
        household=stay.household, dwelling=stay.dwelling, cooperation=evaluation.cooperation.value,
        consequence=consequence, next=dutch(evaluation.next_evaluation),
    )


def moved_sentence(move: rules.Move) -> str:
    return _(
        "Household {household} moved from {source} to {target} on {day}; the stay goes on, "
        "planned departure {end}."
    ).format(
        household=move.stay.household, source=move.source, target=move.target,
        day=dutch(move.day), end=dutch(move.end or move.stay.end),
    )


def released(departure: rules.Departure) -> list[str]:
    household = departure.application.household
    destination = departure.destination.value
    if departure.stay is None:
        return [_("The application of household {household} is withdrawn ({destination}).").format(
            household=household, destination=destination
        )]
    lines = [
        ngettext(
            "Household {household} left {dwelling} on {day} after {days} day ({destination}); the dwelling is free.",
            "Household {household} left {dwelling} on {day} after {days} days ({destination}); the dwelling is free.",
            departure.days,
        ).format(
            household=household, dwelling=departure.stay.dwelling, day=dutch(departure.on),
            days=departure.days, destination=destination,
        )
    ]
    following = departure.next_in_line
    if following is not None and following.wijk:
        lines.append(
            _("Next in line: household {household} (urgency {urgency}, wijk {wijk}); 'doorstroom admit --next' "
              "places it.").format(household=following.household, urgency=following.urgency, wijk=following.wijk)
        )
    elif following is not None:
        lines.append(
            _("Next in line: household {household} (urgency {urgency}); 'doorstroom admit --next' places it.").format(
                household=following.household, urgency=following.urgency
            )
        )
    return lines
