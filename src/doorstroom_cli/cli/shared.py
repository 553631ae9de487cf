"""What the command modules share: the common options and arguments, and
``perform``, the one way a command opens the store, runs its service
function and prints the result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .. import clock
from ..core.errors import InvalidInput, Refused
from ..i18n import _
from ..core.texts import printable

JsonOption = Annotated[
    bool, typer.Option("--json", help=_("Print one JSON document (for scripts) instead of text."))
]


def complete_ref(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for REF: dwelling codes and open households' ids,
    each with a hint (the resident's or household's name) where the shell
    shows hints (zsh, fish)."""
    from ..storage import completion_candidates

    root = ctx.find_root()
    chosen = root.params.get("db") if root is not None else None
    if chosen is None:
        from ..locations import default_database

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

FromOption = Annotated[
    Optional[str],
    typer.Option("--from", metavar="DATE", help=_("First day of the period (2026-07-01 or 1-7-2026)."), show_default=False),
]
ToOption = Annotated[
    Optional[str],
    typer.Option("--to", metavar="DATE", help=_("Last day of the period (included)."), show_default=False),
]


def choices(kind) -> str:
    return ", ".join(member.value for member in kind)


def perform(ctx: typer.Context, work, json_output: bool, to_json, show) -> None:
    """Open the store, run the command's service function, print its result.

    ``work(store, today)`` does the command; ``to_json`` shapes its result for
    ``--json``; ``show`` prints it for a person.
    """
    today = clock.today()
    with ctx.obj.open_store() as store:
        result = work(store, today)
    if json_output:
        print_json(to_json(result))
    else:
        show(result)


def print_json(document: dict) -> None:
    """One JSON document on stdout: indented on a terminal, one line when
    stdout is a file or a pipe (``extend --auto --json >> log`` is JSON Lines)."""
    import sys

    from ..views.json import dumps

    typer.echo(dumps(document, indented=sys.stdout.isatty()))


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


def confirm(question: str, unattended: str) -> None:
    """Ask ``question`` (yes/no) and go on only after a yes. Without a
    terminal nobody can answer: refused with ``unattended``, the sentence
    that names the option (--yes) to give instead. A no is a refusal too,
    so every way out of a command is one of the error family."""
    import sys

    if not sys.stdin.isatty():
        raise InvalidInput(unattended)
    from ..interactive import yes_or_no

    if not yes_or_no(question, default=False):
        raise Refused("You answered no; nothing was changed.")


def day_option(text: str | None, option: str):
    from ..core.dates import parse_date

    return None if text is None else parse_date(text, option)


def stamp() -> str:
    """A file-name-safe moment, e.g. 20261123T061500Z."""
    return clock.utc_now().strftime("%Y%m%dT%H%M%SZ")
