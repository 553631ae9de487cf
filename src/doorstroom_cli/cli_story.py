"""A household's story: one timeline from registration to departure."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from . import service
from .cli import JsonOption, app, perform, say
from .dates import dutch
from .texts import printable


@app.command()
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(metavar="REF", help="Household id, dwelling code, or a part of the name.", show_default=False),
    ],
    json_output: JsonOption = False,
) -> None:
    """A household's story, oldest first: intake, placement, evaluations, extensions, departure."""
    perform(
        ctx, lambda store, today: service.show(store, today, ref), json_output,
        lambda story: {"household": story.household, "name": story.name, "timeline": story.events},
        say(_lines),
    )


def _lines(story: service.Story) -> list[str]:
    lines = [f"Household {story.household}: {printable(story.name)}"]
    for event in story.events:
        lines.append(f"{dutch(date.fromisoformat(event['date']))}  {_describe(event)}")
    return lines


def _describe(event: dict) -> str:
    kind = event["event"]
    if kind == "registered":
        persons = event["adults"] + event["children"]
        text = (
            f"registered: urgency {event['urgency']}, {persons} person{'s' if persons != 1 else ''} "
            f"({event['adults']} adult{'s' if event['adults'] != 1 else ''}, {event['children']} "
            f"child{'ren' if event['children'] != 1 else ''}), instead of {event['alternative']}"
        )
        for key, label in (
            ("agreements", "agreements"), ("wijkcoach", "wijkcoach"), ("referrer", "referred by"),
            ("wish", "wants"), ("own_effort", "can do"), ("needs", "needs"),
        ):
            if event.get(key):
                text += f"; {label}: {printable(event[key])}"
        return text
    if kind == "placed":
        text = f"placed in {event['dwelling']}"
        if event["out_of_order"]:
            text += " out of order"
        if event["reason"]:
            text += f" ({printable(event['reason'])})"
        return text
    if kind == "evaluated":
        text = f"evaluation: cooperation {event['cooperation']}"
        return text + (f"; {printable(event['note'])}" if event["note"] else "")
    if kind == "extended":
        how = "tacitly" if event["tacit"] else "by hand"
        weeks = event["weeks"]
        return (
            f"extended {how} by {weeks} week{'s' if weeks != 1 else ''} by {printable(event['by'])}: "
            f"{dutch(date.fromisoformat(event['old_end']))} -> {dutch(date.fromisoformat(event['new_end']))}"
        )
    text = f"{kind} ({event['destination']})"
    return text + (f"; {printable(event['note'])}" if event["note"] else "")
