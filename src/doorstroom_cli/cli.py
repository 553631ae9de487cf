"""The command line: parse, load, decide, store, render.

Each command reads its options, opens the store, calls one function of
``service`` and prints the result: a sentence or the daily screen for a
person, one JSON document with ``--json`` for a script. Failures are turned
into one line on stderr and the contract's exit code in one place,
``cli_framework.Commands.invoke``. See docs/cli-contract.md for the stable surface.

This module holds the application, the global options and the helpers the
commands share; the commands themselves are in cli_daily (admit, extend,
evaluate, release, status), cli_figures (export, report) and
cli_story (show), cli_safekeeping (log, backup, restore, purge), cli_pool
(dwellings) and cli_demo (demo).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__, clock, payloads
from .errors import InvalidInput
from .texts import check as check_text
from .texts import printable
from .cli_framework import App
from .i18n import _

DEBUG_VARIABLE = "DOORSTROOM_DEBUG"


app = App(
    name="doorstroom",
    help=_("Run the doorstroomwoningen: intake, the daily overview, tacit extensions, evaluations and departures, in one SQLite file."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

JsonOption = Annotated[
    bool, typer.Option("--json", help=_("Print one JSON document (for scripts) instead of text."))
]
def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for REF: dwelling codes and open households' ids,
    each with a hint (the resident's or household's name) where the shell
    shows hints (zsh, fish)."""
    from .storage import completion_candidates

    root = ctx.find_root()
    chosen = root.params.get("db") if root is not None else None
    if chosen is None:
        from .locations import default_database

        chosen = default_database()
    wanted = incomplete.casefold()
    return [
        (printable(value), printable(hint))
        for value, hint in completion_candidates(Path(chosen))
        if value.casefold().startswith(wanted)
    ]


RefArgument = Annotated[
    str,
    typer.Argument(
        metavar="REF", help=_("Household id or dwelling code."), show_default=False, autocompletion=complete_ref
    ),
]


def choices(kind) -> str:
    return ", ".join(member.value for member in kind)


class _Settings:
    """The global options, kept on the context for the command that runs."""

    def __init__(self, db: Path | None, by: str | None) -> None:
        self.db = db
        self.by = by

    def open_store(self):
        from .storage import Store

        store = Store(self.database_path(), actor=self._actor(), now=clock.utc_now)
        if store.readable_by_others:
            typer.echo(
                _(
                    "Warning: other users may read {path}, which holds personal data; "
                    "fix it with: chmod 600 '{path}'"
                ).format(path=printable(store.path)),
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
                "The data folder {parent} cannot be created ({strerror}).",
                parent=path.parent,
                strerror=error.strerror,
            ) from None
        return path

    def _actor(self) -> str:
        if self.by is not None:
            actor = check_text(self.by, "--by").strip()  # in NFC, like every text typed
            if not actor:
                raise InvalidInput("--by needs a name or initials.")
            return actor
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
            help=_("The database file (created on first use). Default: doorstroom.db in your data folder."),
            show_default=False,
        ),
    ] = None,
    by: Annotated[
        Optional[str],
        typer.Option("--by", metavar="NAME", help=_("Who makes the change, for the audit trail. Default: your user name.")),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help=_("Show the version and stop.")),
    ] = False,
) -> None:
    ctx.obj = _Settings(db, by)


def optional_text(value: str | None, what: str) -> str | None:
    """An optional free text, trimmed; given but empty is refused (leave it out)."""
    if value is None:
        return None
    cleaned = check_text(value, what, multiline=True).strip()
    if not cleaned:
        raise InvalidInput(
            "{what} cannot be empty; leave the option out instead.",
            what=what,
        )
    return cleaned


def perform(ctx: typer.Context, work, json_output: bool, to_json, show) -> None:
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


def say(sentences):
    """``show`` for the commands that answer with one or more sentences.

    Each line is passed through ``texts.printable`` here, at the one place
    these sentences are written: whatever stored text (a name, a note, a
    label, an actor) a sentence quotes reaches the terminal as text."""

    def show(result) -> None:
        text = sentences(result)
        for line in [text] if isinstance(text, str) else text:
            typer.echo(printable(line))

    return show


FromOption = Annotated[
    Optional[str],
    typer.Option("--from", metavar="DATE", help=_("First day of the period (2026-07-01 or 1-7-2026)."), show_default=False),
]
ToOption = Annotated[
    Optional[str],
    typer.Option("--to", metavar="DATE", help=_("Last day of the period (included)."), show_default=False),
]


def day_option(text: str | None, option: str):
    from .dates import parse_date

    return None if text is None else parse_date(text, option)


def stamp() -> str:
    """A file-name-safe moment, e.g. 20261123T061500Z."""
    return clock.utc_now().strftime("%Y%m%dT%H%M%SZ")


def main() -> None:
    """The console script. The last line of defence: no traceback reaches a user.

    Every expected failure is a ``DoorstroomError`` handled in ``cli_framework.Commands``;
    what gets here is a defect, reported in one sentence (with the traceback
    only when DOORSTROOM_DEBUG is set).
    """
    try:
        app()
    except Exception as error:  # noqa: BLE001 - deliberate outermost boundary
        if os.environ.get(DEBUG_VARIABLE):
            raise
        sys.stderr.write(
            _(
                "Error: doorstroom stopped on an unexpected error ({kind}). "
                "Please report it; {variable}=1 shows the details."
            ).format(kind=type(error).__name__, variable=DEBUG_VARIABLE)
            + "\n"
        )
        sys.exit(70)


# The commands live in their own modules; importing them registers them on
# ``app`` (they import ``app`` and the helpers above from this module).
from . import cli_daily, cli_demo, cli_figures, cli_pool, cli_safekeeping, cli_story  # noqa: E402,F401
