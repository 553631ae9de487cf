"""No English in the Dutch interface.

Everything a Dutch coordinator can read is searched for English words from
a list kept here: every Dutch message of the catalogue (which holds every
refusal the contract's exit codes 1 and 2 stand for), every usage error
Typer can give, every command's --help, and the output of the guide and the
golden day run in Dutch. What stays as the contract has it is left out
first: option names (--json), metavars (REF, DATE), command names after
"doorstroom", and what is quoted ('eigen-woning', "Jan Jansen").
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

import catalogue  # tools/catalogue.py

ROOT = Path(__file__).resolve().parents[2]

# English words that are not also Dutch words (so not "is", "of", "in", "status").
ENGLISH = {
    "error", "invalid", "got", "usage", "options", "option", "the", "yes", "no", "true", "false", "none",
    "null", "waiting", "dwelling", "dwellings", "household", "households", "missing", "such", "unexpected",
    "mean", "try", "value", "choose", "aborted", "warning", "stopped", "nothing", "saved", "changed",
    "answer", "please", "period", "days", "weeks", "until", "since", "stay", "stays", "placed", "left",
    "extended", "occupied", "figures", "key", "length", "departed", "temporary",
    "institutional", "other", "command", "commands", "show", "this", "message",
    "and", "not", "with", "from", "for", "to", "range", "did", "you", "help", "requires",
}

_CONTRACT = [
    r"\b(?:python -m doorstroom_cli|doorstroom)(?: [a-z]+)?",   # the program and a command's name
    r"'[^']*'", r'"[^"]*"', r"`[^`]*`", r"\{[^}]*\}",    # quoted, or a placeholder
    r"--?[a-z][a-z-]*", r"\b[A-Z][A-Z_]+\b",             # option names, metavars, variables
    r"(?m)^  [a-z]+(?=  )",  # a command's name as a row of --help
    r"(?<![\w/])/[\w./-]+", r"[\w./-]+\.(?:db|csv|html|ics|md)\b", r"\bhttps?://\S+",
]


def english_words(text: str) -> set[str]:
    for pattern in _CONTRACT:
        text = re.sub(pattern, " ", text)
    return {word for word in re.findall(r"[a-z]+", text.lower()) if word in ENGLISH}


def test_the_word_list_finds_english():
    assert english_words("Error: invalid input") == {"error", "invalid"}
    assert english_words("Fout: Zie 'doorstroom admit --help'.") == set()
    assert english_words("Huishouden 3 woont in W1 sinds 01-10-2026 (REF, --json, doorstroom show).") == set()


def test_no_dutch_message_of_the_catalogue_holds_english():
    found = {}
    for message in catalogue.read("nl"):
        if message.id:
            for form in message.string if isinstance(message.string, tuple) else (message.string,):
                if english_words(form):
                    found[form] = english_words(form)
    assert not found, "\n".join(f"{text!r}: {sorted(words)}" for text, words in found.items())


USAGE_ERRORS = [
    ["stauts"], ["status", "--jsn"], ["admit", "Jan", "Jansen", "--urgency", "3", "--alternative", "anders"],
    ["admit", "X", "--urgency", "0", "--alternative", "anders"], ["admit", "X", "--urgency", "drie"],
    ["admit", "X", "--adults", "0"], ["admit", "X", "--alternative", "hotel"], ["admit", "X", "--urgency"],
    ["release", "W1", "--destination"], ["release"], ["evaluate", "1", "--cooperation", "goed"], ["extend", "1", "--weeks", "99"],
    ["status", "--json=ja"], ["log", "--limit", "0"], ["dwellings", "set"], ["dwellings", "nieuw"],
    ["export", "--from", "gisteren"], ["report", "--to", "31-02-2026"], [],
]


@pytest.mark.parametrize("words", USAGE_ERRORS, ids=lambda words: " ".join(words) or "nothing")
def test_every_usage_error_is_dutch(doorstroom, monkeypatch, words):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    result = doorstroom(*words)
    assert result.exit_code == 2, result.output
    assert result.stderr.strip()
    assert english_words(result.stderr) == set(), result.stderr


def test_every_help_is_dutch():
    """In a process of its own each: help texts are translated when a
    command's module is imported, which a test process did long before."""
    from doorstroom_cli.cli.registry import COMMANDS

    environment = {**os.environ, "DOORSTROOM_LANG": "nl"}
    for words in [[], *([entry.name] for entry in COMMANDS), ["dwellings", "out"], ["dwellings", "set"]]:
        result = subprocess.run(
            [sys.executable, "-m", "doorstroom_cli", *words, "--help"], capture_output=True, text=True, env=environment
        )
        assert result.returncode == 0, (words, result.stderr)
        found = {line: english_words(line) for line in result.stdout.splitlines() if english_words(line)}
        assert not found, (words, found)


def test_the_guide_and_the_golden_day_in_dutch_hold_no_english(doorstroom, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    guide = (ROOT / "docs" / "handleiding.md").read_text(encoding="utf-8")
    said = []
    for block in re.findall(r"```sh\n(.*?)```", guide, flags=re.DOTALL):
        for line in block.strip().splitlines():
            words = shlex.split(line)[1:]
            result = CliRunner().invoke(app, words) if words[0] == "demo" else doorstroom(*words)
            said.append((line, result.stderr + ("" if "--json" in words else result.stdout)))
    golden = (Path(__file__).parent / "golden" / "day-nl.txt").read_text(encoding="utf-8")
    golden = re.sub(r"<style>.*?</style>", "", golden, flags=re.DOTALL)  # the HTML report's CSS
    said += [
        (line, re.sub(r"<[^>]+>", " ", line)) for line in golden.splitlines()  # the HTML report's text
        if not line.startswith(("$ ", "id,", "pseudoniem")) and not re.match(r'\s*["{}\[\]]', line)  # JSON
    ]
    found = {line: english_words(text) for line, text in said if english_words(text)}
    assert not found, "\n".join(f"{text!r}: {sorted(words)}" for text, words in found.items())

