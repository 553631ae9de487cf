"""Keeping the records safe: the audit log, backups, restore and retention."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import service
from ..views import log as log_view
from ..views import safekeeping as views

from ..core import rules
from .shared import JsonOption, confirm, day_option, perform, print_json, say, stamp
from ..core.dates import dutch
from ..core.errors import N_
from ..i18n import _
from .framework import App
from .registry import help_of

commands = App()


@commands.command(help=help_of("log"))
def log(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(metavar="[REF]", help=_("Household id or dwelling code; leave out for everything."), show_default=False),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            min=1, max=rules.MOST_LOG_ENTRIES, metavar="N",
            help=_("Show the newest N entries (at most {most}).").format(most=rules.MOST_LOG_ENTRIES),
        ),
    ] = 50,
    json_output: JsonOption = False,
) -> None:
    perform(
        ctx, lambda store, today: service.log(store, today, ref, limit),
        json_output, log_view.log_document, say(log_view.log_entries),
    )


@commands.command(help=help_of("backup"))
def backup(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", help=_("The new file. Default: backups/doorstroom-<moment>.db beside the database."), show_default=False),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    def work(store, today):
        target = path
        if target is None:  # made once the database is known to be one (a refused file gets no folder)
            from ..locations import BACKUP_FOLDER, ensure_private_folder

            folder = ctx.obj.database_path().parent / BACKUP_FOLDER
            target = folder / f"doorstroom-{stamp()}.db"
            try:
                ensure_private_folder(folder)
            except OSError as error:
                from ..files import output_error

                raise output_error(target, error) from None
        return service.backup(store, target)

    perform(
        ctx, work,
        json_output, views.backup_document, say(views.backup_sentence),
    )


@commands.command(help=help_of("restore"))
def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help=_("A backup made by 'doorstroom backup'."), show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_output: JsonOption = False,
) -> None:
    # Not through perform(): the live database may be damaged, so restore
    # never opens it as a Store; safekeeping.restore handles the file, and
    # checks the live files and the backup again itself.
    from ..storage.restore import check_backup_file, check_live_files

    database = ctx.obj.database_path()
    if database.exists():  # before anything else: nobody else may reach or swap it
        check_live_files(database, path)
    check_backup_file(path)
    if not yes:
        confirm(
            _("Replace the database with {path}? The current one is kept aside.").format(path=path),
            N_("restore replaces the whole database; add --yes to confirm."),
        )
    if not database.exists():  # nothing to replace yet: the new, empty pool is what is kept
        ctx.obj.open_store().close()
    from .. import clock

    result = service.restore(
        database, path, clock.today(), actor=ctx.obj.actor(), now=clock.utc_now, stamp=stamp()
    )
    if json_output:
        print_json(views.restore_document(result))
    else:
        say(views.restore_sentence)(result)


@commands.command(help=help_of("purge"))
def purge(
    ctx: typer.Context,
    before: Annotated[
        str, typer.Option("--before", metavar="DATE", help=_("Remove the personal text of households that left before this day."))
    ],
    backups: Annotated[
        bool,
        typer.Option("--backups", help=_("Also delete the backups and kept files that still hold names of those households.")),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help=_("Only say which households and files it would be."))] = False,
    yes: Annotated[bool, typer.Option("--yes", help=_("Do not ask for confirmation."))] = False,
    json_output: JsonOption = False,
) -> None:
    from ..locations import check_backup_folder, copies_of

    day = day_option(before, "--before")
    # Before anything is asked or changed: a folder others control would
    # make the list of copies theirs (also for --dry-run, which lists them).
    check_backup_folder(ctx.obj.database_path())
    if not (yes or dry_run):
        if backups:
            question = _("Remove the names and notes of every household that left before {day}, and delete "
                         "the backups and kept files that still hold them?")
        else:
            question = _("Remove the names and notes of every household that left before {day}?")
        confirm(
            question.format(day=dutch(day)),
            N_("purge removes names and notes for good; add --yes to confirm, or use --dry-run."),
        )
    copies = copies_of(ctx.obj.database_path())

    def said(result: service.Purge) -> list[str]:
        return views.purge_sentences(result, day, dry_run=dry_run, backups=backups)

    perform(
        ctx,
        lambda store, today: service.purge(
            store, today, day, dry_run=dry_run, copies=copies, delete_copies=backups
        ),
        json_output,
        lambda result: {
            "before": day.isoformat(),
            "dry_run": dry_run,
            "households": result.households,
            "compaction_pending": result.compaction_pending,
            "compacted": result.compacted,
            "copies": [{"path": str(copy.path), "households": copy.households} for copy in result.copies],
            "unreadable": [str(path) for path in result.unreadable],
            "deleted": [str(path) for path in result.deleted],
        },
        say(said),
    )
