"""Figures for the gemeente: the CSV export and the report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import service
from .shared import FromOption, JsonOption, ToOption, day_option, perform, say
from ..core.errors import InvalidInput
from ..i18n import _, ngettext
from .framework import App
from .registry import help_of

commands = App()


@commands.command(help=help_of("export"))
def export(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", metavar="FILE", help=_("Write to this file (owner-only) instead of the screen; '-' is the screen.")),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("--delimiter", metavar="[;|,]", help=_("Cell separator; ';' suits Dutch Excel."))
    ] = ";",
    json_output: Annotated[
        bool, typer.Option("--json", help=_("With --output: print a JSON summary of what was written."))
    ] = False,
) -> None:
    from datetime import date

    from .. import export as csv_export
    from .. import files
    from ..figures import Period

    csv_export.check_delimiter(delimiter)
    period = Period(day_option(from_, "--from") or date.min, day_option(to, "--to") or date.max)
    if output is not None and str(output) == "-":
        if json_output:
            raise InvalidInput("--output - prints the CSV itself, so it cannot print JSON as well; leave out --json.")
        output = None
    elif json_output and output is None:
        raise InvalidInput("--json describes a written file; give --output FILE as well.")
    if output is not None:
        files.check_output(output)

    def write(rows):
        if output is None:
            return to_stdout(lambda stream: csv_export.write(stream, rows, delimiter))
        return files.write_private(output, lambda stream: csv_export.write(stream, rows, delimiter))

    def said(count: int) -> list[str]:
        if output is None:
            return []  # the CSV itself was the output
        return [ngettext("{count} stay written to {path}.", "{count} stays written to {path}.", count).format(
            count=count, path=output
        )]

    perform(
        ctx, lambda store, today: service.export(store, today, period.first, period.last, write),
        json_output,
        lambda count: {
            "output": str(output),
            "rows": count,
            "from": from_ and period.first.isoformat(),
            "to": to and period.last.isoformat(),
        },
        say(said),
    )


def to_stdout(write):
    """Write UTF-8 text with CRLF kept as it is, whatever the terminal's encoding."""
    import io

    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        return write(stream)
    finally:
        stream.flush()
        stream.detach()


@commands.command(help=help_of("report"))
def report(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    html: Annotated[
        Optional[Path],
        typer.Option("--html", metavar="FILE", help=_("Also write a self-contained page to mail to the gemeente.")),
    ] = None,
    tariffs: Annotated[
        Optional[Path],
        typer.Option("--tariffs", metavar="FILE", help=_("The gemeente's daily tariffs (template: data/tarieven.csv).")),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    from .. import figures, files
    from .. import tariffs as tariff_file

    first, last = day_option(from_, "--from"), day_option(to, "--to")
    if html is not None:
        files.check_output(html)
    rates = tariff_file.read(tariffs) if tariffs is not None else None

    def work(store, today):
        period = figures.reporting_period(first, last, today)
        result = service.report(store, period, rates)
        if html is not None:
            from .. import organisation
            from ..service.forecast import pool_what_if  # the simulation only for the page
            from ..views.report_html import page

            pool = pool_what_if(store, today)
            text = page(result, pool, made_on=today, organisation=organisation.read(store.path))
            files.write_private(html, lambda stream: stream.write(text))
        return result

    def show(result) -> None:
        from ..views.report_screen import print_report

        print_report(result)
        if html is not None:
            typer.echo(_("The page is written to {path}.").format(path=html))

    perform(ctx, work, json_output, lambda result: result.figures, show)
