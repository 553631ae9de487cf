"""Asking for an intake or an evaluation one question at a time.

Each answer is checked as it is given; a wrong one is explained and asked
again. Ctrl-C or end of input stops without saving anything (exit 130).
Values already given as options are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from . import rules
from .errors import InvalidInput
from .texts import check as check_text

T = TypeVar("T")


def _console():
    from rich.console import Console

    # Questions go to stderr, so that stdout stays one JSON document with --json.
    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def ask(question: str, read: Callable[[str], T], *, optional: bool = False) -> T | None:
    """Ask until ``read`` accepts the answer; empty means None when optional."""
    from rich.prompt import Prompt

    console = _console()
    while True:
        try:
            answer = Prompt.ask(question + (" (optional)" if optional else ""), console=console, default="",
                                show_default=False)
        except (KeyboardInterrupt, EOFError):
            typer.echo("\nStopped: nothing was saved.", err=True)
            raise typer.Exit(130) from None
        if not answer.strip() and optional:
            return None
        try:
            return read(answer)
        except InvalidInput as error:
            console.print(f"  {error}", style="yellow")


def _number(low: int, high: int | None, what: str) -> Callable[[str], int]:
    def read(answer: str) -> int:
        try:
            value = int(answer.strip())
        except ValueError:
            raise InvalidInput(f"{what} is a whole number.") from None
        if value < low or (high is not None and value > high):
            limit = f"from {low} to {high}" if high is not None else f"{low} or more"
            raise InvalidInput(f"{what} must be {limit}.")
        return value

    return read


def _choice(kind, what: str):
    def read(answer: str):
        try:
            return kind(answer.strip().lower())
        except ValueError:
            raise InvalidInput(f"{what} is one of: {', '.join(k.value for k in kind)}.") from None

    return read


def _text(what: str) -> Callable[[str], str]:
    def read(answer: str) -> str:
        cleaned = check_text(answer, what).strip()
        if not cleaned:
            raise InvalidInput(f"{what} cannot be empty.")
        return cleaned

    return read


def intake(given: dict) -> dict:
    """The intake's answers: ``given`` (options on the command line) completed
    by asking for everything that is missing."""
    questions = [
        ("name", "Name of the household", lambda a: rules.household_name(a), False),
        ("urgency", "Urgency (1-5, 5 is the most urgent)",
         _number(rules.URGENCY_LOWEST, rules.URGENCY_HIGHEST, "Urgency"), False),
        ("alternative", f"Alternative avoided ({', '.join(a.value for a in rules.Alternative)})",
         _choice(rules.Alternative, "The alternative"), False),
        ("adults", "Adults", _number(1, None, "The number of adults"), False),
        ("children", "Children", _number(0, None, "The number of children"), False),
        ("agreements", "Agreements on their own effort", _text("The agreements"), True),
        ("wijkcoach", "Wijkcoach", _text("The wijkcoach"), True),
        ("referrer", "Referred by", _text("The referrer"), True),
        ("wish", "What do you want?", _text("The answer"), True),
        ("can_do", "What can you do yourself?", _text("The answer"), True),
        ("needs", "What do you need?", _text("The answer"), True),
    ]
    answers = dict(given)
    for key, question, read, optional in questions:
        if answers.get(key) is None:
            answers[key] = ask(question, read, optional=optional)
    return answers


def evaluation(cooperation, note):
    """The evaluation's level and note, asking for what is missing."""
    if cooperation is None:
        cooperation = ask(
            f"Cooperation ({', '.join(c.value for c in rules.Cooperation)})",
            _choice(rules.Cooperation, "The cooperation"),
        )
    if note is None:
        note = ask("Note", _text("The note"), optional=True)
    return cooperation, note
