"""Whatever text a user types is refused or shown as text: never a crash,
never an escape sequence or markup that changes the screen."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Doorstroom
from doorstroom_cli import texts
from doorstroom_cli.errors import InvalidInput

NASTY = ["\x1b[2J", "\x1b]8;;http://x\x1b\\", "\u202e", "\u2066", "\udcff", "[bold]", "[link=http://x]x[/link]",
         "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "é", "ĳ", "👩‍👩‍👧", "x" * 10_000]
hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=5).map("".join)


@settings(max_examples=60, deadline=None)
@given(name=hostile, note=hostile, agreements=hostile, by=hostile, ref=hostile)
def test_hostile_text_never_crashes_and_never_reaches_the_screen_raw(name, note, agreements, by, ref):
    with tempfile.TemporaryDirectory() as folder:
        doorstroom = Doorstroom(Path(folder) / "h.db")
        results = [
            doorstroom("admit", name, "--urgency", "3", "--alternative", "anders", "--agreements", agreements, by=by),
            doorstroom("admit", name + " bis", "--urgency", "3", "--alternative", "anders"),
            doorstroom("evaluate", ref, "--cooperation", "volledig", "--note", note),
            doorstroom("extend", ref, "--weeks", "1"),
            doorstroom("log", ref),
            doorstroom("admit", note or "x", "--urgency", "1", "--alternative", "anders",
                       "--dwelling", ref or "W1", "--reason", agreements),
            doorstroom("release", ref, "--destination", "netwerk", "--note", note),
            doorstroom("status"),
            doorstroom("status", "--json"),
        ]
        for result in results:
            assert result.exit_code in (0, 1, 2), result.output
            assert result.exception is None or isinstance(result.exception, SystemExit)
            assert "Traceback" not in result.output
        screen = results[-2].stdout
        assert "\x1b" not in screen and "\u202e" not in screen
        assert max(len(line) for line in screen.splitlines()) <= 80


def test_a_stored_name_with_control_characters_is_shown_harmlessly(doorstroom):
    """Text that reached the database some other way is still never interpreted."""
    import sqlite3

    assert doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders").exit_code == 0
    with sqlite3.connect(doorstroom.db_path) as conn:
        conn.execute("UPDATE households SET name = ? WHERE id = 1", ("Jan\x1b[2J\u202esen",))
    screen = doorstroom("status").stdout
    assert "\x1b" not in screen and "\u202e" not in screen
    assert "Jan\ufffd[2J\ufffdsen" in screen


@pytest.mark.parametrize("text", ["\x1b[31m", "a\u202eb", "\udcff", "\x00"])
def test_control_characters_and_broken_bytes_are_refused(text):
    with pytest.raises(InvalidInput):
        texts.check(text, "The name")


def test_notes_may_have_line_breaks_names_may_not():
    assert texts.check("regel 1\nregel 2", "--note", multiline=True)
    with pytest.raises(InvalidInput):
        texts.check("regel 1\nregel 2", "The name")


def test_printable_replaces_what_would_act_on_a_terminal():
    assert texts.printable("a\x1b[2Jb\u202ec") == "a\ufffd[2Jb\ufffdc"
    assert texts.printable("Jansen-Özdemir") == "Jansen-Özdemir"
