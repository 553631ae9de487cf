"""outflow: a step of a household's route to a home of its own (issue 14 §1)."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .. import service
from ..core import rules
from ..i18n import _
from ..views import outflow as views
from .framework import App
from .registry import help_of
from .shared import JsonOption, RefArgument, choices, day_option, perform, say

commands = App()


@commands.command(help=help_of("outflow"))
def outflow(
    ctx: typer.Context,
    ref: RefArgument,
    step: Annotated[
        rules.OutflowStep,
        typer.Argument(
            metavar="STEP", case_sensitive=False, show_default=False,
            help=_("The step: {choices}.").format(choices=choices(rules.OutflowStep)),
        ),
    ],
    on: Annotated[
        Optional[str],
        typer.Option("--date", metavar="DATE", help=_("When it happened (default today); only a key date (sleutel) may lie ahead.")),
    ] = None,
    result: Annotated[
        Optional[rules.StepResult],
        typer.Option(
            metavar="RESULT", case_sensitive=False,
            help=_("For urgentie-besluit toegekend or afgewezen, for aanbod-besluit geaccepteerd or geweigerd."),
        ),
    ] = None,
    valid_until: Annotated[
        Optional[str],
        typer.Option("--valid-until", metavar="DATE", help=_("urgentie-besluit toegekend: the urgentie's last valid day.")),
    ] = None,
    corporatie: Annotated[
        Optional[str],
        typer.Option(metavar="TEXT", help=_("ingeschreven, aanbod: the housing corporation (never in the export).")),
    ] = None,
    reason: Annotated[
        Optional[rules.RefusalReason],
        typer.Option(
            metavar="REASON", case_sensitive=False,
            help=_("aanbod-besluit geweigerd: why ({choices}).").format(choices=choices(rules.RefusalReason)),
        ),
    ] = None,
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help=_("Anything worth keeping about the step."))] = None,
    json_output: JsonOption = False,
) -> None:
    day = day_option(on, "--date")
    until = day_option(valid_until, "--valid-until")
    perform(
        ctx,
        lambda store, today: service.outflow(
            store, today, ref, step, on=day, result=result, valid_until=until,
            corporatie=corporatie, reason=reason, note=note,
        ),
        json_output, views.step_document, say(views.recorded_sentence),
    )
