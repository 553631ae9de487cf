"""The command line: the application, its global options and its commands.

Each command reads its options, opens the store, calls one function of
``service`` and prints the result: a sentence or a screen for a person, one
JSON document with ``--json`` for a script (docs/cli-contract.md is the
stable surface). The commands are listed in ``registry.COMMANDS`` and live
in the modules of this package by purpose (daily, figures, safekeeping,
dwellings, show, demo); ``Program`` imports a command's module only when it
runs. Failures become one line on stderr and the contract's exit code in
one place, ``framework.Commands.invoke``; ``main`` is the last line of
defence for anything else.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer._click.formatting import HelpFormatter

from .. import __version__, clock
from ..core.errors import InvalidInput
from ..i18n import _
from ..core.texts import check as check_text
from ..core.texts import printable
from . import registry
from .framework import App, Commands

DEBUG_VARIABLE = "DOORSTROOM_DEBUG"


class _LazyCommands(Mapping):
    """The registry's commands by name; a command's module is imported and
    its Click command built the first time that command is asked for."""

    def __init__(self, program: typer.Typer) -> None:
        self._program = program
        self._built: dict[str, object] = {}

    def __iter__(self) -> Iterator[str]:
        return (entry.name for entry in registry.COMMANDS)

    def __len__(self) -> int:
        return len(registry.COMMANDS)

    def __getitem__(self, name: str):
        if name not in self._built:
            entry = registry.entry(name)
            if entry is None:
                raise KeyError(name)
            module = importlib.import_module(f"{__package__}.{entry.module}")
            self._built[name] = _build(module.commands, name, self._program)
        return self._built[name]


def _build(commands: typer.Typer, name: str, program: typer.Typer):
    """The Click command ``name`` out of a command module's Typer, built
    alone (Typer would build every command of the module)."""
    from typer.main import get_command_from_info, get_command_name, get_group_from_info

    for info in commands.registered_commands:
        if (info.name or get_command_name(info.callback.__name__)) == name:
            return get_command_from_info(
                info, pretty_exceptions_short=program.pretty_exceptions_short,
                rich_markup_mode=program.rich_markup_mode,
            )
    for info in commands.registered_groups:
        if info.name == name:
            return get_group_from_info(
                info, pretty_exceptions_short=program.pretty_exceptions_short,
                suggest_commands=program.suggest_commands, rich_markup_mode=program.rich_markup_mode,
            )
    raise LookupError(f"{commands!r} defines no command {name!r}")  # a registry out of step


class Program(Commands):
    """The root group: its commands come from the registry, lazily."""

    def __init__(self, **settings) -> None:
        super().__init__(**settings)
        self.commands = _LazyCommands(app)

    def list_commands(self, ctx) -> list[str]:
        return list(self.commands)

    def format_commands(self, ctx, formatter: HelpFormatter) -> None:
        """The list in ``--help``, from the registry alone (without importing
        any command): by group, each command's help whole."""
        width = max(len(entry.name) for entry in registry.COMMANDS)  # one column for all groups
        for group, title in registry.GROUPS:
            rows = [(entry.name.ljust(width), _(entry.help)) for entry in registry.COMMANDS if entry.group == group]
            if rows:
                with formatter.section(_(title)):
                    formatter.write_dl(rows)

    def shell_complete(self, ctx, incomplete: str):
        """A command's name completed from the registry alone, with the short
        help Typer would give it (a TAB imports no command); then the options."""
        from typer._click.core import Command as ClickCommand
        from typer._click.shell_completion import CompletionItem
        from typer._click.utils import make_default_short_help

        results = [
            CompletionItem(entry.name, help=make_default_short_help(_(entry.help)).strip())
            for entry in registry.COMMANDS
            if entry.name.startswith(incomplete)
        ]
        results.extend(ClickCommand.shell_complete(self, ctx, incomplete))  # the options, as Typer's group does
        return results


app = App(
    cls=Program,
    name="doorstroom",
    help=_("Run the doorstroomwoningen: intake, the daily overview, tacit extensions, evaluations and departures, in one SQLite file."),
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


class _Settings:
    """The global options, kept on the context for the command that runs."""

    def __init__(self, db: Path | None, by: str | None) -> None:
        self.db = db
        self.by = by

    def open_store(self):
        from ..storage import Store

        store = Store(self.database_path(), actor=self.actor(), now=clock.utc_now)
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
        from ..locations import default_database, ensure_private_folder

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

    def actor(self) -> str:
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


def main() -> None:
    """The console script. The last line of defence: no traceback reaches a user.

    Every expected failure is a ``DoorstroomError`` handled in ``framework.Commands``;
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


