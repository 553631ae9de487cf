"""A household's story: one timeline from registration to departure."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import service
from ..views import show as views
from .shared import JsonOption, perform, say
from ..i18n import _
from .framework import App
from .registry import help_of

commands = App()


@commands.command(help=help_of("show"))
def show(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(metavar="REF", help=_("Household id, dwelling code, or a part of the name."), show_default=False),
    ],
    json_output: JsonOption = False,
) -> None:
    perform(
        ctx, lambda store, today: service.show(store, today, ref), json_output,
        lambda story: {"household": story.household, "name": story.name, "timeline": story.events},
        say(views.story_lines),
    )
