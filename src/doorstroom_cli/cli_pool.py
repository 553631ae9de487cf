"""The pool of dwellings: list them, change one, take one out of use and back."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import service
from .cli import JsonOption, app, day_option, optional_text, perform, say
from .dates import dutch
from .errors import InvalidInput
from .texts import one_line, printable

pool_app = typer.Typer(help="The pool: list the dwellings, change one, take one out of use and back.")
app.add_typer(pool_app, name="dwellings")

CodeArgument = Annotated[str, typer.Argument(metavar="CODE", help="The dwelling's code, e.g. W3.", show_default=False)]


@pool_app.callback(invoke_without_command=True)
def dwellings(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """List the dwellings: capacity, resident, and periods out of use."""
    if ctx.invoked_subcommand is None:
        perform(ctx, service.dwellings, json_output, _pool_document, say(_pool_lines))


@pool_app.command("set")
def change(
    ctx: typer.Context,
    code: CodeArgument,
    label: Annotated[Optional[str], typer.Option(metavar="TEXT", help="A new label.")] = None,
    wijk: Annotated[Optional[str], typer.Option(metavar="TEXT", help="The neighbourhood.")] = None,
    max_persons: Annotated[
        Optional[int], typer.Option("--max-persons", min=1, metavar="N", help="The most persons it houses.")
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Change a dwelling's label, wijk or the most persons it houses."""
    if label is None and wijk is None and max_persons is None:
        raise InvalidInput("Say what to change: --label, --wijk or --max-persons.")
    label = None if label is None else one_line(label, "--label")
    wijk = None if wijk is None else one_line(wijk, "--wijk")
    perform(
        ctx,
        lambda store, today: service.change_dwelling(
            store, today, code, label=label, wijk=wijk, max_persons=max_persons
        ),
        json_output,
        lambda d: {"code": d.code, "label": d.label, "wijk": d.wijk, "max_persons": d.max_persons},
        say(lambda d: f"{d.code}: {d.label}, {d.wijk}, houses at most {_persons(d.max_persons)}."),
    )


@pool_app.command("out")
def out_of_use(
    ctx: typer.Context,
    code: CodeArgument,
    first: Annotated[str, typer.Option("--from", metavar="DATE", help="First day out of use (today or later).")],
    last: Annotated[
        Optional[str], typer.Option("--to", metavar="DATE", help="Last day out of use; leave out for 'until further notice'.")
    ] = None,
    reason: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Maintenance, damage, ...")] = None,
    json_output: JsonOption = False,
) -> None:
    """Take a dwelling out of use for a period; it is never offered then."""
    start, end = day_option(first, "--from"), day_option(last, "--to")
    reason = optional_text(reason, "--reason")
    until = f"until {dutch(end)}" if end else "until further notice"
    perform(
        ctx,
        lambda store, today: service.take_out_of_use(store, today, code, start, end, reason),
        json_output,
        lambda d: {"code": d.code, "from": start.isoformat(), "to": None if end is None else end.isoformat()},
        say(lambda d: f"{d.code} is out of use from {dutch(start)} {until}."),
    )


@pool_app.command("back")
def back_in_use(ctx: typer.Context, code: CodeArgument, json_output: JsonOption = False) -> None:
    """Put a dwelling that is out of use back in use from today."""
    perform(
        ctx,
        lambda store, today: service.bring_back_into_use(store, today, code),
        json_output,
        lambda d: {"code": d.code, "in_use": True},
        say(lambda d: f"{d.code} is in use again."),
    )


def _pool_document(view: service.PoolView) -> dict:
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


def _pool_lines(view: service.PoolView) -> list[str]:
    lines = []
    for entry in _pool_document(view)["dwellings"]:
        who = "free" if entry["resident"] is None else f"household {entry['resident']}"
        state = who if entry["in_use"] else "out of use"
        line = (
            f"{entry['code']}  {printable(entry['label'])}, {printable(entry['wijk'])}, "
            f"at most {_persons(entry['max_persons'])}: {state}"
        )
        for period in entry["out_of_use"]:
            until = dutch(_iso(period["to"])) if period["to"] else "further notice"
            line += f"; out of use {dutch(_iso(period['from']))} to {until}"
            if period["reason"]:
                line += f" ({printable(period['reason'])})"
        lines.append(line)
    return lines


def _persons(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} persons"


def _iso(text: str):
    from datetime import date

    return date.fromisoformat(text)
