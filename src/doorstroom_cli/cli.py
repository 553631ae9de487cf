"""The command line: parse, load, decide, store, render.

Each command reads its options, opens the store, calls one function of
``service`` and prints the result: a sentence or the daily screen for a
person, one JSON document with ``--json`` for a script. Failures are turned
into one line on stderr and the contract's exit code in one place,
``_Commands.invoke``. See docs/cli-contract.md for the stable surface.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.core import TyperGroup

from . import __version__, clock, payloads, rules, service, wording
from .dates import dutch
from .errors import DoorstroomError, EnvironmentFailure, InvalidInput
from .texts import check as check_text
from .texts import safe_for_stream

DEBUG_VARIABLE = "DOORSTROOM_DEBUG"


class _Commands(TyperGroup):
    """Turns every ``DoorstroomError`` into one sentence on stderr and its exit code."""

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DoorstroomError as error:
            typer.echo(f"Error: {safe_for_stream(str(error))}", err=True)
            raise typer.Exit(error.exit_code) from None


app = typer.Typer(
    cls=_Commands,
    name="doorstroom",
    help="Run the doorstroomwoningen: intake, the daily overview, tacit "
    "extensions, evaluations and departures, in one SQLite file.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document (for scripts) instead of text.")
]
RefArgument = Annotated[
    str, typer.Argument(metavar="REF", help="Household id or dwelling code.", show_default=False)
]


def _choices(kind) -> str:
    return ", ".join(member.value for member in kind)


class _Settings:
    """The global options, kept on the context for the command that runs."""

    def __init__(self, db: Path | None, by: str | None) -> None:
        self.db = db
        self.by = by

    def open_store(self):
        from .storage import Store

        store = Store(self.database_path(), actor=self._actor())
        if store.readable_by_others:
            typer.echo(
                f"Warning: other users may read {store.path}, which holds personal data; "
                f"fix it with: chmod 600 '{store.path}'",
                err=True,
            )
        return store

    def database_path(self) -> Path:
        if self.db is not None:
            return self.db
        from .locations import default_database, ensure_private_folder

        path = default_database()
        try:
            ensure_private_folder(path.parent)
        except OSError as error:
            raise InvalidInput(
                f"The data folder {path.parent} cannot be created ({error.strerror})."
            ) from None
        return path

    def _actor(self) -> str:
        if self.by is not None:
            if not check_text(self.by, "--by").strip():
                raise InvalidInput("--by needs a name or initials.")
            return self.by.strip()
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return "unknown"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"doorstroom {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    ctx: typer.Context,
    db: Annotated[
        Optional[Path],
        typer.Option(
            "--db",
            envvar="DOORSTROOM_DB",
            metavar="FILE",
            help="The database file (created on first use). "
            "Default: doorstroom.db in your data folder.",
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Optional[str],
        typer.Option("--by", metavar="NAME", help="Who makes the change, for the audit trail. Default: your user name."),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Show the version and stop."),
    ] = False,
) -> None:
    ctx.obj = _Settings(db, by)


def _text(value: str | None, what: str) -> str | None:
    """An optional free text, trimmed; given but empty is refused (leave it out)."""
    if value is None:
        return None
    cleaned = check_text(value, what, multiline=True).strip()
    if not cleaned:
        raise InvalidInput(f"{what} cannot be empty; leave the option out instead.")
    return cleaned


def _perform(ctx: typer.Context, work, json_output: bool, to_json, show) -> None:
    """Open the store, run the command's service function, print its result.

    ``work(store, today)`` does the command; ``to_json`` shapes its result for
    ``--json``; ``show`` prints it for a person.
    """
    today = clock.today()
    with ctx.obj.open_store() as store:
        result = work(store, today)
    if json_output:
        typer.echo(payloads.dumps(to_json(result)))
    else:
        show(result)


def _say(sentences):
    """``show`` for the commands that answer with one or more sentences."""

    def show(result) -> None:
        text = sentences(result)
        for line in [text] if isinstance(text, str) else text:
            typer.echo(line)

    return show


def _screen(view: service.Overview) -> None:
    from .screens import print_overview  # rich: only this screen needs it

    print_overview(view)


@app.command()
def admit(
    ctx: typer.Context,
    name: Annotated[
        Optional[str],
        typer.Argument(metavar="NAME", help="The household's name, as you will recognise it.", show_default=False),
    ] = None,
    urgency: Annotated[
        Optional[int],
        typer.Option(
            min=rules.URGENCY_LOWEST, max=rules.URGENCY_HIGHEST, metavar="1-5",
            help="How urgent: 5 is the most urgent.",
        ),
    ] = None,
    alternative: Annotated[
        Optional[rules.Alternative],
        typer.Option(
            metavar="KIND", case_sensitive=False,
            help=f"The more expensive option this stay avoids: {_choices(rules.Alternative)}.",
        ),
    ] = None,
    adults: Annotated[int, typer.Option(min=1, metavar="N", help="Adults in the household.")] = 1,
    children: Annotated[int, typer.Option(min=0, metavar="N", help="Children in the household.")] = 0,
    agreements: Annotated[
        Optional[str],
        typer.Option(metavar="TEXT", help="Agreements on the resident's own effort (tegenprestatie)."),
    ] = None,
    dwelling: Annotated[
        Optional[str], typer.Option(metavar="CODE", help="Ask for this free dwelling (its code).")
    ] = None,
    reason: Annotated[
        Optional[str],
        typer.Option(metavar="TEXT", help="Why, when --dwelling places a household ahead of one who ranks higher."),
    ] = None,
    next_in_line: Annotated[
        bool,
        typer.Option("--next", help="Place the highest-ranked waiting household that fits a free dwelling."),
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Intake: register a household and place it at once if a fitting dwelling is free."""
    if next_in_line:
        given = [
            option
            for option, value in (
                ("NAME", name), ("--urgency", urgency), ("--alternative", alternative),
                ("--agreements", agreements), ("--reason", reason),
            )
            if value is not None
        ]
        if given or adults != 1 or children != 0:
            raise InvalidInput(
                "--next places a household that is already waiting; "
                f"it takes no {', '.join(given) or '--adults/--children'}."
            )
        _perform(
            ctx, lambda store, today: service.place_next(store, today, dwelling),
            json_output, payloads.placement, _say(wording.placed),
        )
        return
    if name is None:
        raise InvalidInput("Give the household's name, or use --next.")
    if urgency is None or alternative is None:
        raise InvalidInput("An intake needs --urgency (1-5) and --alternative.")
    if reason is not None and dwelling is None:
        raise InvalidInput("--reason goes with --dwelling.")
    rules.household_name(name)
    agreements = _text(agreements, "--agreements")
    _perform(
        ctx,
        lambda store, today: service.admit(
            store, today, name, urgency=urgency, alternative=alternative, adults=adults,
            children=children, agreements=agreements, dwelling=dwelling, reason=reason,
        ),
        json_output, payloads.admission, _say(wording.admitted),
    )


@app.command()
def extend(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(help="Household id or dwelling code.", show_default=False),
    ] = None,
    weeks: Annotated[
        Optional[int], typer.Option(min=1, metavar="N", help="Weeks to add (default 1).", show_default=False)
    ] = None,
    auto: Annotated[
        bool,
        typer.Option("--auto", help="The daily run: extend every stay that is due and still extendable."),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="With --auto: show what would be extended, change nothing.")
    ] = False,
    json_output: JsonOption = False,
) -> None:
    """Extend a stay by hand, or (--auto, daily from cron) every stay that is due."""
    if auto:
        if ref is not None or weeks is not None:
            raise InvalidInput("--auto extends every stay that is due; it takes no REF or --weeks.")
        _perform(
            ctx, lambda store, today: service.extend_auto(store, today, dry_run=dry_run),
            json_output, payloads.extension_plan,
            _say(lambda plan: wording.extension_plan(plan, dry_run)),
        )
        return
    if dry_run:
        raise InvalidInput("--dry-run goes with --auto.")
    if ref is None:
        raise InvalidInput("Give a household id or dwelling code, or use --auto.")
    _perform(
        ctx, lambda store, today: service.extend(store, today, ref, weeks or 1),
        json_output, payloads.extension, _say(wording.extended),
    )


@app.command()
def evaluate(
    ctx: typer.Context,
    ref: RefArgument,
    cooperation: Annotated[
        rules.Cooperation,
        typer.Option(
            metavar="LEVEL", case_sensitive=False,
            help=f"Cooperation towards an own home: {_choices(rules.Cooperation)}.",
        ),
    ],
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help="What was discussed or agreed.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Record an evaluation talk; 'onvoldoende' stops the tacit extension."""
    note = _text(note, "--note")
    _perform(
        ctx, lambda store, today: service.evaluate(store, today, ref, cooperation, note),
        json_output, payloads.evaluation, _say(wording.evaluated),
    )


@app.command()
def release(
    ctx: typer.Context,
    ref: RefArgument,
    destination: Annotated[
        rules.Destination,
        typer.Option(
            metavar="DEST", case_sensitive=False,
            help=f"Where the household goes: {_choices(rules.Destination)}.",
        ),
    ],
    note: Annotated[Optional[str], typer.Option(metavar="TEXT", help="Anything worth keeping about the departure.")] = None,
    json_output: JsonOption = False,
) -> None:
    """Departure: end the stay today and free the dwelling (or withdraw a waiting application)."""
    note = _text(note, "--note")
    _perform(
        ctx, lambda store, today: service.release(store, today, ref, destination, note),
        json_output, payloads.departure, _say(wording.released),
    )


@app.command()
def status(ctx: typer.Context, json_output: JsonOption = False) -> None:
    """The daily overview: every dwelling, the waitlist and what needs attention."""
    _perform(ctx, service.status, json_output, payloads.overview, _screen)


@app.command()
def log(
    ctx: typer.Context,
    ref: Annotated[
        Optional[str],
        typer.Argument(metavar="[REF]", help="Household id or dwelling code; leave out for everything.", show_default=False),
    ] = None,
    limit: Annotated[int, typer.Option(min=1, metavar="N", help="Show the newest N entries.")] = 50,
    json_output: JsonOption = False,
) -> None:
    """The audit trail, newest first: who changed what, and when (never names or notes)."""
    _perform(
        ctx, lambda store, today: service.log(store, today, ref, limit),
        json_output, lambda entries: {"entries": entries}, _say(wording.log_entries),
    )


def _stamp() -> str:
    """A file-name-safe moment, e.g. 20261123T061500Z."""
    return clock.now_utc().replace("-", "").replace(":", "").replace("+0000", "Z")


@app.command()
def backup(
    ctx: typer.Context,
    path: Annotated[
        Optional[Path],
        typer.Argument(metavar="[PATH]", help="The new file. Default: backups/doorstroom-<moment>.db beside the database.", show_default=False),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """A consistent, checked, owner-only copy of the database (safe while others work)."""
    from .locations import ensure_private_folder

    if path is None:
        folder = ctx.obj.database_path().parent / "backups"
        ensure_private_folder(folder)
        path = folder / f"doorstroom-{_stamp()}.db"
    _perform(
        ctx, lambda store, today: service.backup(store, path),
        json_output, lambda result: result,
        _say(lambda result: f"Backup written and checked: {result['backup']}."),
    )


@app.command()
def restore(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="PATH", help="A backup made by 'doorstroom backup'.", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Replace the database with a backup; the replaced database is kept beside it."""
    from .storage import check_database_file

    check_database_file(path)
    if not yes:
        if not sys.stdin.isatty():
            raise InvalidInput("restore replaces the whole database; add --yes to confirm.")
        if not typer.confirm(f"Replace the database with {path}? The current one is kept aside."):
            raise typer.Exit(1)
    database = ctx.obj.database_path()
    keep = database.with_name(f"{database.name}.before-restore-{_stamp()}")
    number = 1
    while keep.exists():  # two restores within one second
        number += 1
        keep = database.with_name(f"{database.name}.before-restore-{_stamp()}-{number}")
    show = _say(lambda result: f"Restored from {result['restored']}; the replaced database is kept as {result['previous']}.")
    try:
        _perform(ctx, lambda store, today: service.restore(store, today, path, keep),
                 json_output, lambda result: result, show)
    except EnvironmentFailure:
        # The current database cannot be read (damaged): replace the file itself.
        from .storage import replace_damaged_file

        replace_damaged_file(database, path, keep)
        _perform(ctx, lambda store, today: service.note_restore(store, today, path, keep),
                 json_output, lambda result: result, show)


@app.command()
def purge(
    ctx: typer.Context,
    before: Annotated[
        str, typer.Option("--before", metavar="DATE", help="Remove the personal text of households that left before this day.")
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say which households it would be.")] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    json_output: JsonOption = False,
) -> None:
    """Retention: remove names, notes and agreements of households that left before DATE."""
    day = _day(before, "--before")
    if not (yes or dry_run):
        if not sys.stdin.isatty():
            raise InvalidInput("purge removes names and notes for good; add --yes to confirm, or use --dry-run.")
        if not typer.confirm(f"Remove the names and notes of every household that left before {dutch(day)}?"):
            raise typer.Exit(1)

    def said(households: list[int]) -> str:
        if not households:
            return f"No household that left before {dutch(day)} still has personal text."
        verb = "Would remove" if dry_run else "Removed"
        return (
            f"{verb} the names and notes of {len(households)} household"
            f"{'s' if len(households) != 1 else ''} that left before {dutch(day)}: "
            + ", ".join(str(h) for h in households) + "."
        )

    _perform(
        ctx, lambda store, today: service.purge(store, today, day, dry_run=dry_run),
        json_output,
        lambda households: {"before": day.isoformat(), "dry_run": dry_run, "households": households},
        _say(said),
    )


FromOption = Annotated[
    Optional[str],
    typer.Option("--from", metavar="DATE", help="First day of the period (2026-07-01 or 1-7-2026).", show_default=False),
]
ToOption = Annotated[
    Optional[str],
    typer.Option("--to", metavar="DATE", help="Last day of the period (included).", show_default=False),
]


def _day(text: str | None, option: str):
    from .dates import parse_date

    return None if text is None else parse_date(text, option)


@app.command()
def export(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    output: Annotated[
        Optional[Path],
        typer.Option("--output", metavar="FILE", help="Write to this file (owner-only) instead of the screen."),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("--delimiter", metavar="; or ,", help="Cell separator; ';' suits Dutch Excel.")
    ] = ";",
    json_output: Annotated[
        bool, typer.Option("--json", help="With --output: print a JSON summary of what was written.")
    ] = False,
) -> None:
    """CSV for the gemeente: one row per stay in the period, no names, a pseudonymous id per stay."""
    from datetime import date

    from . import export as csv_export
    from . import files
    from .figures import Period

    csv_export.check_delimiter(delimiter)
    period = Period(_day(from_, "--from") or date.min, _day(to, "--to") or date.max)
    if json_output and output is None:
        raise InvalidInput("--json describes a written file; give --output FILE as well.")
    if output is not None:
        files.check_output(output)
    today = clock.today()
    with ctx.obj.open_store() as store:
        if output is not None:
            count = service.export(
                store, today, period.first, period.last,
                lambda rows: files.write_private(
                    output, lambda stream: csv_export.write(stream, rows, delimiter)
                ),
            )
        else:
            count = service.export(
                store, today, period.first, period.last,
                lambda rows: _to_stdout(lambda stream: csv_export.write(stream, rows, delimiter)),
            )
    if json_output:
        typer.echo(payloads.dumps({
            "output": str(output),
            "rows": count,
            "from": from_ and period.first.isoformat(),
            "to": to and period.last.isoformat(),
        }))
    elif output is not None:
        typer.echo(f"{count} stay{'s' if count != 1 else ''} written to {output}.")


def _to_stdout(write):
    """Write UTF-8 text with CRLF kept as it is, whatever the terminal's encoding."""
    import io

    sys.stdout.flush()
    stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        return write(stream)
    finally:
        stream.flush()
        stream.detach()


@app.command()
def report(
    ctx: typer.Context,
    from_: FromOption = None,
    to: ToOption = None,
    html: Annotated[
        Optional[Path],
        typer.Option("--html", metavar="FILE", help="Also write a self-contained page to mail to the gemeente."),
    ] = None,
    tariffs: Annotated[
        Optional[Path],
        typer.Option("--tariffs", metavar="FILE", help="The gemeente's daily tariffs (template: data/tarieven.csv)."),
    ] = None,
    json_output: JsonOption = False,
) -> None:
    """Figures for the gemeente: occupancy, length of stay, destinations (default: last quarter)."""
    from . import figures, files
    from . import tariffs as tariff_file

    today = clock.today()
    period = figures.reporting_period(_day(from_, "--from"), _day(to, "--to"), today)
    if html is not None:
        files.check_output(html)
    rates = tariff_file.read(tariffs) if tariffs is not None else None
    with ctx.obj.open_store() as store:
        result = service.report(store, period, rates)
    if html is not None:
        from .report_html import page

        files.write_private(html, lambda stream: stream.write(page(result)))
    if json_output:
        typer.echo(payloads.dumps(result.figures))
        return
    from .report_screen import print_report

    print_report(result)
    if html is not None:
        typer.echo(f"The page is written to {html}.")


def main() -> None:
    """The console script. The last line of defence: no traceback reaches a user.

    Every expected failure is a ``DoorstroomError`` handled in ``_Commands``;
    what gets here is a defect, reported in one sentence (with the traceback
    only when DOORSTROOM_DEBUG is set).
    """
    try:
        app()
    except Exception as error:  # noqa: BLE001 - deliberate outermost boundary
        if os.environ.get(DEBUG_VARIABLE):
            raise
        sys.stderr.write(
            f"Error: doorstroom stopped on an unexpected error ({type(error).__name__}). "
            f"Please report it; {DEBUG_VARIABLE}=1 shows the details.\n"
        )
        sys.exit(70)
