"""agenda: what falls due per day, on the screen, as JSON or as a calendar file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import service
from ..core import rules
from ..core.errors import InvalidInput
from ..i18n import _, ngettext
from .framework import App
from .registry import help_of
from .shared import FromOption, JsonOption, day_option, perform, say

commands = App()


@commands.command(help=help_of("agenda"))
def agenda(
    ctx: typer.Context,
    days: Annotated[
        int, typer.Option("--days", metavar="N", help=_("How many days to look ahead (1 to 366)."))
    ] = rules.AGENDA_DAYS,
    from_: FromOption = None,
    wijkcoach: Annotated[
        Optional[str],
        typer.Option("--wijkcoach", metavar="NAME", help=_("Only the households this wijkcoach guides (case and accents do not count)."), show_default=False),
    ] = None,
    ics: Annotated[
        Optional[Path],
        typer.Option("--ics", metavar="FILE", help=_("Write a calendar file (owner-only) for Outlook and other calendars; '-' is the screen."), show_default=False),
    ] = None,
    names: Annotated[
        bool, typer.Option("--names", help=_("Add the households' names (and wijkcoaches) to the lines and the calendar: personal data."))
    ] = False,
    json_output: JsonOption = False,
) -> None:
    from .. import clock, files
    from ..views import agenda as views

    first = day_option(from_, "--from")
    to_screen = ics is not None and str(ics) == "-"
    if to_screen and json_output:
        raise InvalidInput("--ics - prints the calendar itself, so it cannot print JSON as well; leave out --json.")
    if ics is not None and not to_screen:
        files.check_output(ics)
    if names and ics is not None:
        typer.echo(_("Warning: with --names the calendar holds the households' names, which is personal data; "
                     "keep the file where only you can read it and do not share it."), err=True)

    def work(store, today):
        view = service.agenda(store, today, first=first, days=days, wijkcoach=wijkcoach, names=names)
        if ics is not None:
            from ..views.agenda_ics import calendar

            content = calendar(view, clock.utc_now())
            if to_screen:
                return view, content
            files.write_private(ics, lambda stream: stream.write(content.decode("utf-8")))
        return view, None

    def show(result) -> None:
        view, content = result
        if content is not None:
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        elif ics is not None:
            count = len(view.items)
            say(lambda _view: ngettext("The calendar ({count} event) is written to {path}.",
                                       "The calendar ({count} events) is written to {path}.", count).format(
                count=count, path=ics))(view)
        else:
            say(views.lines)(view)

    perform(ctx, work, json_output, lambda result: views.document(result[0]), show)
