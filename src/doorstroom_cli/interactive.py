"""Asking for an intake or an evaluation one question at a time.

Each answer is checked as it is given; a wrong one is explained and asked
again. Ctrl-C or end of input stops without saving anything (exit 130).
Values already given as options are not asked.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import typer

from .core import rules
from .core.errors import N_, InvalidInput, Stopped
from .i18n import _, translate_error
from .core.texts import check as check_text

T = TypeVar("T")


def _console():
    from rich.console import Console

    # Questions go to stderr, so that stdout stays one JSON document with --json.
    return Console(stderr=True, highlight=False, markup=False, emoji=False)


def ask(question: str, read: Callable[[str], T], *, optional: bool = False, default: str | None = None) -> T | None:
    """Ask until ``read`` accepts the answer; empty means None when optional,
    and ``default`` (shown as "[1]") when there is one."""
    from rich.prompt import Prompt

    console = _console()
    shown = question + (" " + _("(optional)") if optional else "") + (f" [{default}]" if default is not None else "")
    while True:
        answer = _answer(lambda: Prompt.ask(shown, console=console, default="", show_default=False))
        if not answer.strip() and default is not None:
            answer = default
        if not answer.strip() and optional:
            return None
        try:
            return read(answer)
        except InvalidInput as error:
            console.print("  " + translate_error(error), style="yellow")


def _answer(prompt: Callable[[], str]) -> str:
    """One answer; Ctrl-C or the end of input stops, saving nothing."""
    try:
        return prompt()
    except (KeyboardInterrupt, EOFError, typer.Abort):
        typer.echo("", err=True)  # end the question's line
        raise Stopped("Stopped: nothing was saved.") from None


# Both languages' answers count in either: a Dutch coordinator may type y.
_YES = {"j", "ja", "y", "yes"}
_NO = {"n", "nee", "no"}


def yes_or_no(question: str, default: bool) -> bool:
    """Ask a yes/no question in the interface's language ("[j/N]"); Enter
    gives ``default``. Click's own confirm knows only y/n, in English."""
    from rich.prompt import Prompt

    shown = f"{question} " + (_("[Y/n]") if default else _("[y/N]"))
    console = _console()
    while True:
        answer = _answer(lambda: Prompt.ask(shown, console=console, default="", show_default=False)).strip().casefold()
        if not answer:
            return default
        if answer in _YES:
            return True
        if answer in _NO:
            return False
        typer.echo(_("Please answer y (yes) or n (no)."), err=True)


def _number(low: int, high: int | None, what: str) -> Callable[[str], int]:
    def read(answer: str) -> int:
        try:
            value = int(answer.strip())
        except ValueError:
            raise InvalidInput(
                "{what} is a whole number.",
                what=what,
            ) from None
        if value < low or (high is not None and value > high):
            if high is None:
                raise InvalidInput("{what} must be {low} or more.", what=what, low=low)
            raise InvalidInput("{what} must be from {low} to {high}.", what=what, low=low, high=high)
        return value

    return read


def _choice(kind, what: str):
    def read(answer: str):
        try:
            return kind(answer.strip().lower())
        except ValueError:
            raise InvalidInput(
                "{what} is one of: {choices}.",
                what=what,
                choices=', '.join(k.value for k in kind),
            ) from None

    return read


def _text(what: str) -> Callable[[str], str]:
    def read(answer: str) -> str:
        cleaned = check_text(answer, what).strip()
        if not cleaned:
            raise InvalidInput(
                "{what} cannot be empty.",
                what=what,
            )
        return cleaned

    return read


def intake(given: dict) -> dict:
    """The intake's answers: ``given`` (options on the command line) completed
    by asking for everything that is missing."""
    questions = [
        ("name", _("Name of the household"), lambda a: rules.household_name(a), False),
        ("urgency", _("Urgency (1-5, 5 is the most urgent)"),
         _number(rules.URGENCY_LOWEST, rules.URGENCY_HIGHEST, N_("The urgency")), False),
        ("alternative", _("Alternative avoided by this stay ({choices})").format(choices=", ".join(a.value for a in rules.Alternative)),
         _choice(rules.Alternative, N_("The alternative")), False),
        ("adults", _("Adults"), _number(1, None, N_("The number of adults")), "1"),
        ("children", _("Children"), _number(0, None, N_("The number of children")), "0"),
        ("agreements", _("Agreements on their own effort"), _text(N_("The agreements")), True),
        ("wijk", _("The household's own wijk"), rules.household_wijk, True),
        ("wijkcoach", _("Wijkcoach"), _text(N_("The wijkcoach")), True),
        ("referrer", _("Referred by"), _text(N_("The referrer")), True),
        ("wish", _("What do you want?"), _text(N_("The answer")), True),
        ("can_do", _("What can you do yourself?"), _text(N_("The answer")), True),
        ("needs", _("What do you need?"), _text(N_("The answer")), True),
    ]
    answers = dict(given)
    asked = False
    for key, question, read, optional in questions:
        if answers.get(key) is None:
            asked = True
            if isinstance(optional, str):  # a number with a default
                answers[key] = ask(question, read, default=optional)
            else:
                answers[key] = ask(question, read, optional=optional)
    if asked:
        _summary(questions, answers)
        if not yes_or_no(_("Is this right?"), default=True):
            raise Stopped("Stopped: nothing was saved.")
    return answers


def _summary(questions, answers: dict) -> None:
    """The intake as it will be saved, before the question whether it is right."""
    from .core.texts import printable

    for key, question, _read, _optional in questions:
        value = answers.get(key)
        if value is not None:
            shown = value.value if hasattr(value, "value") else value
            typer.echo(f"  {question}: {printable(str(shown))}", err=True)


def evaluation(cooperation, note):
    """The evaluation's level and note, asking for what is missing."""
    if cooperation is None:
        cooperation = ask(
            _("Cooperation ({choices})").format(choices=", ".join(c.value for c in rules.Cooperation)),
            _choice(rules.Cooperation, N_("The cooperation")),
        )
    if note is None:
        note = ask(_("Note"), _text(N_("The note")), optional=True)
    return cooperation, note
