"""Keeping the records safe: the audit log, backups, restore and retention."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import service, wording
from .cli import JsonOption, app, day_option, perform, say, stamp
from .dates import dutch
from .errors import InvalidInput
from .i18n import _, ngettext


@app.command(help=_("The audit trail, newest first: who changed what, and when (never names or notes)."))
def log(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(metavar="[REF]", help=_("Household id or dwelling code; leave out for everything."), show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help=_("Show the newest N entries."))] = 50,
    json_output: JsonOption = False,
) -> None:
    perform(
        ctx, lambda store, today: service.log(store, today, ref, limit),
        json_output, lambda entries: {"entries": entries}, say(wording.log_entries),
    )


@app.command(help=_("A consistent, checked, owner-only copy of the database (safe while others work)."))
def backup(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", help=_("The new file. Default: backups/doorstroom-<moment>.db beside the database."), show_default=False),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    from .locations import ensure_private_folder

    if path is None:
        folder = ctx.obj.database_path().parent / "backups"
        ensure_private_folder(folder)
        path = folder / f"doorstroom-{stamp()}.db"
    perform(
        ctx, lambda store, today: service.backup(store, path),
        json_output, lambda result: result,
        say(lambda result: _("Backup written and checked: {path}.").format(path=result["backup"])),
    )


@app.command(help=_("Replace the database with a backup; the replaced database is kept beside it."))
def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help=_("A backup made by 'doorstroom backup'."), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_output: JsonOption = False,
) -> None:
    from .storage import check_database_file

    check_database_file(path)
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput("restore replaces the whole database; add --yes to confirm.")
        if not typer.confirm(_("Replace the database with {path}? The current one is kept aside.").format(path=path)):
            raise typer.Exit(1)
    database = ctx.obj.database_path()
    if not database.exists():  # nothing to replace yet: the new, empty pool is what is kept
        ctx.obj.open_store().close()
    from . import clock, payloads

    result = service.restore(
        database, path, clock.today(), actor=ctx.obj._actor(), now=clock.utc_now, stamp=stamp()
    )
    if json_output:
        typer.echo(payloads.dumps(result))
    else:
        typer.echo(_("Restored from {backup}; the replaced database is kept as {previous}.").format(
            backup=result["restored"], previous=result["previous"]
        ))


@app.command(help=_("Retention: remove names, notes and agreements of households that left before DATE."))
def purge(
    ctx: typer.Context,
    before: Annotated[
        str, typer.Option("--before", metavar="DATE", help=_("Remove the personal text of households that left before this day."))
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Only say which households it would be."))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_output: JsonOption = False,
) -> None:
    day = day_option(before, "--before")
    if not (yes or dry_run):
        if not sys.stdin.isatty():
            raise InvalidInput("purge removes names and notes for good; add --yes to confirm, or use --dry-run.")
        if not typer.confirm(_("Remove the names and notes of every household that left before {day}?").format(day=dutch(day))):
            raise typer.Exit(1)

    def said(households: list[int]) -> str:
        if not households:
            return _("No household that left before {day} still has personal text.").format(day=dutch(day))
        if dry_run:
            template = ngettext(
                "Would remove the names and notes of {count} household that left before {day}: {households}.",
                "Would remove the names and notes of {count} households that left before {day}: {households}.",
                len(households),
            )
        else:
            template = ngettext(
                "Removed the names and notes of {count} household that left before {day}: {households}.",
                "Removed the names and notes of {count} households that left before {day}: {households}.",
                len(households),
            )
        return template.format(count=len(households), day=dutch(day), households=", ".join(map(str, households)))

    perform(
        ctx, lambda store, today: service.purge(store, today, day, dry_run=dry_run),
        json_output,
        lambda households: {"before": day.isoformat(), "dry_run": dry_run, "households": households},
        say(said),
    )
