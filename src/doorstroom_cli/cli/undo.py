"""undo: take back your last change of today."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import service
from ..core.errors import N_
from ..i18n import _
from ..views import undo as views
from .framework import App
from .registry import help_of
from .shared import JsonOption, confirm, perform, say

commands = App()


@commands.command(help=help_of("undo"))
def undo(
    ctx: typer.Context,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Only say what would be taken back."))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_output: JsonOption = False,
) -> None:
    expected = None
    if not (yes or dry_run):
        # First what it would be, then the question about exactly that one.
        from .. import clock

        with ctx.obj.open_store() as store:
            planned = service.undo(store, clock.today(), dry_run=True)
        confirm(
            views.question(planned),
            N_("undo takes back your last change; add --yes to confirm, or use --dry-run."),
        )
        expected = planned.change[0].id
    perform(
        ctx,
        lambda store, today: service.undo(store, today, dry_run=dry_run, expected=expected),
        json_output,
        views.undo_document,
        say(views.undo_sentence),
    )
