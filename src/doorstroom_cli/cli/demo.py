"""Trying the tool without risk: a made-up quarter in a separate database."""

from __future__ import annotations

import typer

from .shared import JsonOption, perform, say
from ..i18n import _
from .framework import App
from .registry import help_of

commands = App()


@commands.command(help=help_of("demo"))
def demo(ctx: typer.Context, json_output: JsonOption = False) -> None:
    from .. import demo as demo_data
    from ..locations import default_database, ensure_private_folder

    if ctx.obj.db is None:  # never the real database: demo.db beside it
        path = default_database().with_name("demo.db")
        ensure_private_folder(path.parent)
        ctx.obj.db = path
    if ctx.obj.by is None:
        ctx.obj.by = "demo"
    perform(
        ctx, lambda store, today: demo_data.fill(store, today), json_output,
        lambda households: {"database": str(ctx.obj.db), "households": households},
        say(lambda households: _(
            "The demo database {path} now holds {households} made-up households over the last "
            "quarter. Try it with: doorstroom --db '{path}' status"
        ).format(path=ctx.obj.db, households=households)),
    )
