"""The pool of dwellings: list them, change one, take one out of use and back."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import service
from ..views import dwellings as views
from ..views import words

from ..core import rules
from .framework import App
from .shared import JsonOption, day_option, perform, say
from ..core.dates import dutch
from ..core.errors import InvalidInput
from ..core.texts import printable
from ..i18n import _
from .registry import help_of

commands = App()

pool_app = App(help=_("The pool: list the dwellings, change one, take one out of use and back."))
commands.add_typer(pool_app, name="dwellings")

CodeArgument = Annotated[str, typer.Argument(metavar="CODE", help=_("The dwelling's code, e.g. W3."), show_default=False)]


@pool_app.callback(invoke_without_command=True, help=help_of("dwellings"))
def dwellings(ctx: typer.Context, json_output: JsonOption = False) -> None:
    if ctx.invoked_subcommand is None:
        perform(ctx, service.dwellings, json_output, views.pool_document, say(views.pool_lines))


@pool_app.command("set", help=_("Change a dwelling's label, wijk or the most persons it houses."))
def change(
    ctx: typer.Context,
    code: CodeArgument,
    label: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("A new label."))] = None,
    wijk: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("The neighbourhood."))] = None,
    max_persons: Annotated[
        Optional[int],
        typer.Option(
            "--max-persons", min=1, max=rules.MOST_PERSONS, metavar="N",
            help=_("The most persons it houses (at most {most}).").format(most=rules.MOST_PERSONS),
        ),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    if label is None and wijk is None and max_persons is None:
        raise InvalidInput("Say what to change: --label, --wijk or --max-persons.")
    perform(
        ctx,
        lambda store, today: service.change_dwelling(
            store, today, code, label=label, wijk=wijk, max_persons=max_persons
        ),
        json_output,
        lambda d: {"code": d.code, "label": d.label, "wijk": d.wijk, "max_persons": d.max_persons},
        say(lambda d: _("{code}: {label}, {wijk}, houses at most {persons}.").format(
            code=d.code, label=printable(d.label), wijk=printable(d.wijk), persons=words.persons(d.max_persons)
        )),
    )


@pool_app.command("out", help=_("Take a dwelling out of use for a period; it is never offered then."))
def out_of_use(
    ctx: typer.Context,
    code: CodeArgument,
    first: Annotated[str, typer.Option("--from", metavar="DATE", help=_("First day out of use (today or later)."))],
    last: Annotated[
        Optional[str], typer.Option("--to", metavar="DATE", help=_("Last day out of use; leave out for 'until further notice'."))
    ] = None,
    reason: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("Maintenance, damage, ..."))] = None,
    json_output: JsonOption = False,
) -> None:
    start, end = day_option(first, "--from"), day_option(last, "--to")
    perform(
        ctx,
        lambda store, today: service.take_out_of_use(store, today, code, start, end, reason),
        json_output,
        lambda d: {"code": d.code, "from": start.isoformat(), "to": None if end is None else end.isoformat()},
        say(lambda d: (
            _("{code} is out of use from {first} until {last}.") if end
            else _("{code} is out of use from {first} until further notice.")
        ).format(code=d.code, first=dutch(start), last=dutch(end))),
    )


@pool_app.command("back", help=_("Put a dwelling that is out of use back in use from today, or withdraw its planned period."))
def back_in_use(ctx: typer.Context, code: CodeArgument, json_output: JsonOption = False) -> None:
    perform(
        ctx,
        lambda store, today: service.bring_back_into_use(store, today, code),
        json_output,
        views.back_document,
        say(views.back_sentence),
    )
