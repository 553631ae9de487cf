"""Typer's own words (usage line, --help, usage errors) in the interface's language.

Typer 0.28 ships its own copy of Click in which those words are fixed
English, so gettext cannot reach them. This module gives the command line
classes that say them through our catalogue instead: the help formatter,
the help and completion options, and the rendering of a usage error. A
usage error's sentence is recognised by its shape and translated; a shape
not listed here is shown as Typer words it.
"""

from __future__ import annotations

import re
import sys

import typer
from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError
from typer.exceptions import Abort
from typer._click.formatting import HelpFormatter
from typer.core import TyperCommand, TyperGroup

from ..core.errors import N_, DoorstroomError
from ..i18n import _, translate_error, use_language
from ..core.texts import printable, safe_for_stream

_OWN_OPTION_HELP = {
    "help": N_("Show this message and exit."),
    "install_completion": N_("Install completion for the current shell."),
    "show_completion": N_("Show completion for the current shell, to copy it or customize the installation."),
}

# What a number option holds, for the sentence that says its range.
_NUMBER_OPTIONS = {
    "'--urgency'": N_("The urgency"),
    "'--adults'": N_("The number of adults"),
    "'--children'": N_("The number of children"),
    "'--weeks'": N_("The number of weeks"),
    "'--max-persons'": N_("The number of persons"),
    "'--limit'": N_("The number of entries"),
    "'--runs'": N_("The number of simulated runs"),
    "'--dwellings'": N_("The number of dwellings"),
}

# Typer's usage errors, by shape: (pattern, our message). Tried in order;
# a {message} inside is itself translated again.
_USAGE_ERRORS = [
    (r"Invalid value for (?P<param>'[^']+'): (?P<value>.+) is not in the range (?P<low>-?\d+)<=x<=(?P<high>-?\d+)\.",
     N_("{what} is a number from {low} to {high}, not {value}.")),
    (r"Invalid value for (?P<param>'[^']+'): (?P<value>.+) is not in the range x>=(?P<low>-?\d+)\.",
     N_("{what} is a number of at least {low}, not {value}.")),
    (r"Invalid value for (?P<param>'[^']+'): (?P<value>.+) is not one of (?P<choices>.+)\.",
     N_("{value} is not a valid choice for {param}; choose from: {choices}.")),
    (r"Invalid value for (?P<param>.+?): (?P<message>.+)", N_("Invalid value for {param}: {message}")),
    (r"Invalid value: (?P<message>.+)", N_("Invalid value: {message}")),
    (r"(?P<value>.+) is not in the range (?P<range>.+)\.", N_("{value} is not in the range {range}.")),
    (r"(?P<value>.+) is not one of (?P<choices>.+)\.", N_("{value} is not a valid choice; choose from: {choices}.")),
    (r"(?P<value>.+) is not a valid (?:integer|int range)\.", N_("{value} is not a whole number.")),
    (r"(?P<value>.+) is not (?P<choice>'[^']*')\.", N_("{value} is not {choice}.")),
    (r"Missing option (?P<name>'[^']+')\.(?P<choose>\s*Choose from:.*)?",
     N_("Missing option {name}.{choose}")),
    (r"Missing argument (?P<name>'[^']+')\.(?P<choose>\s*Choose from:.*)?",
     N_("Missing argument {name}.{choose}")),
    (r"No such option: (?P<name>\S+) \(Possible options: (?P<options>.+)\)",
     N_("No such option: {name} (possible options: {options})")),
    (r"No such option: (?P<name>\S+)", N_("No such option: {name}")),
    (r"(?P<message>.+?)\.? Did you mean (?P<suggestions>.+)\?", N_("{message} Did you mean {suggestions}?")),
    (r"No such command '(?P<name>.+)'\.", N_("No such command '{name}'.")),
    (r"Got unexpected extra argument\(s\) \((?P<arguments>.+)\)",
     N_("Unexpected extra words: {arguments}. Put a name or text with spaces between quotes, like \"Jan Jansen\".")),
    (r"Option (?P<name>'[^']+') requires an argument\.", N_("Option {name} requires a value.")),
    (r"Option (?P<name>'[^']+') does not take a value\.", N_("Option {name} does not take a value.")),
    (r"Missing command\.", N_("Missing command.")),
]


def usage_sentence(english: str) -> str:
    """A usage error's sentence in the chosen language."""
    for pattern, message in _USAGE_ERRORS:
        match = re.fullmatch(pattern, english, flags=re.DOTALL)
        if match:
            values = {key: value or "" for key, value in match.groupdict().items()}
            if "suggestions" in values:  # Typer took the full stop off
                values["message"] += "."
            if "message" in values:
                values["message"] = usage_sentence(values["message"])
            if values.get("choose"):  # Typer lists them a line each, indented with tabs: one line
                listed = values["choose"].split("Choose from:", 1)[1]
                choices = ", ".join(item.strip(" \t\n,\ufffd") for item in listed.split(",") if item.strip(" \t\n,\ufffd"))
                values["choose"] = " " + _("Choose from:") + " " + choices + "."
            if "low" in values:
                noun = _NUMBER_OPTIONS.get(values["param"])
                values["what"] = _(noun) if noun else values["param"]
            return _(message).format(**values)
    return english


def show_usage_error(error: ClickException) -> None:
    """A usage error as every failure is shown: one ``Fout:`` sentence, then
    one line that says where the help is (not Typer's usage dump)."""
    if isinstance(error, NoArgsIsHelpError):
        typer.echo(error.ctx.get_help(), err=True)  # ``doorstroom`` alone: the help
        return
    say_error(usage_sentence(error.format_message()))
    if isinstance(error, UsageError) and error.ctx is not None:
        if error.ctx.command.get_help_option(error.ctx) is not None:
            typer.echo(
                _("See '{command} {option}'.").format(
                    command=error.ctx.command_path, option=error.ctx.help_option_names[0]
                ),
                err=True,
            )


def say_error(sentence: str) -> None:
    """The one line every failure ends in: ``Fout: ...`` on stderr. The
    sentence is made printable as a whole (a usage error quotes what was
    typed; a domain error's values already are)."""
    shown = "\n".join(printable(line) for line in sentence.split("\n"))
    typer.echo(_("Error: {sentence}").format(sentence=safe_for_stream(shown)), err=True)


class _Formatter(HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _("Usage:") + " " if prefix is None else prefix)


class _Context(typer.Context):
    formatter_class = _Formatter


# The placeholders of Typer's usage line (the contract's metavars, such as
# REF and DATE, stay as they are).
_USAGE_PIECES = {
    "[OPTIONS]": N_("[OPTIONS]"),
    "COMMAND [ARGS]...": N_("COMMAND [ARGS]..."),
}


class _Translated:
    """What every command and group of ours does: Typer's own words translated."""

    context_class = _Context

    def collect_usage_pieces(self, ctx) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [_(_USAGE_PIECES[piece]) if piece in _USAGE_PIECES else piece for piece in pieces]

    def get_params(self, ctx):
        """The parameters, with the help option (which Typer appends here)
        and the completion options described in the chosen language."""
        params = super().get_params(ctx)
        for param in params:
            if param.name in _OWN_OPTION_HELP:
                param.help = _(_OWN_OPTION_HELP[param.name])
        return params


class Command(_Translated, TyperCommand):
    """A command: its help and usage in the chosen language."""


class Commands(_Translated, TyperGroup):
    """The application (and ``dwellings``): every ``DoorstroomError`` becomes
    one sentence on stderr with its exit code, and usage errors are shown in
    the chosen language."""

    def invoke(self, ctx: typer.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except DoorstroomError as error:
            say_error(translate_error(error))
            raise typer.Exit(error.exit_code) from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):  # type: ignore[override]
        use_language()  # before the first word is written
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        # Typer's standalone mode would print its usage errors in English:
        # let them come here instead, and end the process as it would.
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except ClickException as error:
            show_usage_error(error)
            sys.exit(error.exit_code)
        except Abort:
            typer.echo(_("Aborted!"), err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


class App(typer.Typer):
    """``typer.Typer`` whose commands are ``Command`` and groups ``Commands``,
    with plain help (rich's help costs ~80 ms per ``--help``; see
    docs/design.md)."""

    def __init__(self, *, cls=None, rich_markup_mode=None, **settings) -> None:
        super().__init__(cls=cls or Commands, rich_markup_mode=rich_markup_mode, **settings)

    def command(self, *args, cls=None, **kwargs):  # type: ignore[override]
        return super().command(*args, cls=cls or Command, **kwargs)
