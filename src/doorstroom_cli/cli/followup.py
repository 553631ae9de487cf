"""followup: aftercare, what a contact after a departure found."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import service
from ..core import rules
from ..i18n import _
from ..views import followup as views
from .framework import App
from .registry import help_of
from .shared import JsonOption, choices, day_option, perform, say

commands = App()


@commands.command(help=help_of("followup"))
def followup(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(metavar="REF", help=_("Household id, or a part of the name."), show_default=False),
    ],
    outcome: Annotated[
        rules.Outcome,
        typer.Option(
            metavar="OUTCOME", case_sensitive=False, show_default=False,
            help=_("What the follow-up found: {choices}.").format(choices=choices(rules.Outcome)),
        ),
    ],
    method: Annotated[
        Optional[rules.Method],
        typer.Option(
            metavar="METHOD", case_sensitive=False,
            help=_("How the contact was made: {choices}.").format(choices=choices(rules.Method)),
        ),
    ] = None,
    day: Annotated[
        Optional[str],
        typer.Option(
            "--date", metavar="DATE", show_default=False,
            help=_("The day of the contact, after the departure (default today); also records a follow-up that "
                   "is not due yet."),
        ),
    ] = None,
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("What was found or agreed."))] = None,
    json_output: JsonOption = False,
) -> None:
    on = day_option(day, "--date")
    perform(
        ctx,
        lambda store, today: service.followup(store, today, ref, outcome, method=method, on=on, note=note),
        json_output, views.followup_document, say(views.followup_recorded),
    )
