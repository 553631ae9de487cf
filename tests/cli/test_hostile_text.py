"""Whatever text a user types is refused or shown as text: never a crash,
never an escape sequence or markup that changes the screen."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Doorstroom
from doorstroom_cli.core import texts
from doorstroom_cli.core.errors import InvalidInput

NASTY = ["\x1b[2J", "\x1b]8;;http://x\x1b\\", "\u202e", "\u2066", "\udcff", "[bold]", "[link=http://x]x[/link]",
         "\r", "\n", "\t", "\x00", "\x7f", "\x9b", "é", "ĳ", "👩‍👩‍👧", "x" * 10_000]
hostile = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=20)), max_size=5).map("".join)


@pytest.mark.slow
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
            # 130: a text that is '--interactive' asked a question, and the end
            # of input stopped it (nothing saved, as the contract's Stopped says)
            assert result.exit_code in (0, 1, 2, 130), result.output
            assert result.exit_code != 130 or "nothing was saved" in result.stderr
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


# -- Nothing raw reaches the terminal: a crafted database, every command -------

import json  # noqa: E402
import re  # noqa: E402
import sqlite3  # noqa: E402

from conftest import app  # noqa: E402

# What may never reach a terminal: C0 controls but the line feed, DEL, C1
# controls, the bidi embeddings, overrides and isolates, and the marks.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
EVIL = "\x1b[2J\x07\x9b31m\u202e\u2066\u200f\u061c"


def _crafted(doorstroom, db_path):
    """A history made through the CLI, then every stored text rewritten with
    sqlite3 behind doorstroom's back (as a damaged or tampered file could)."""
    ok = lambda *args, **kw: doorstroom(*args, **kw).exit_code == 0  # noqa: E731
    for n in range(6):
        assert ok("admit", f"Evil {n}", "--urgency", "3", "--alternative", "anders", "--agreements", "a",
                  "--wijkcoach", "c", "--referrer", "r", "--wish", "w", "--can-do", "d", "--needs", "n",
                  today="2026-09-01")
    assert ok("admit", "Evil Waiting", "--urgency", "3", "--alternative", "anders", today="2026-09-01")
    assert ok("evaluate", "W1", "--cooperation", "onvoldoende", "--note", "n", today="2026-09-20")
    assert ok("extend", "W6", "--weeks", "1", today="2026-09-21")
    assert ok("release", "W2", "--destination", "netwerk", "--note", "n", today="2026-10-01")
    assert ok("admit", "Evil Back", "--urgency", "1", "--alternative", "anders", "--dwelling", "W2",
              "--reason", "r", today="2026-10-02")
    assert ok("dwellings", "out", "W3", "--from", "2026-12-01", "--reason", "r")
    assert ok("release", "W5", "--destination", "netwerk", today="2026-10-03")
    assert ok("move", "W4", "--to", "W5", "--reason", "r", today="2026-10-03")  # household 5
    with sqlite3.connect(db_path) as conn:
        for household, in conn.execute("SELECT id FROM households").fetchall():
            conn.execute("UPDATE households SET name = ?, name_key = ? WHERE id = ?",
                         (f"Evil{EVIL} {household}", f"evil {household}", household))  # the key of "Evil N"
        fields = ("agreements", "wijkcoach", "referrer", "wish", "own_effort", "needs")
        conn.execute(f"UPDATE applications SET {', '.join(f'{f} = ?' for f in fields)}", (EVIL,) * len(fields))
        conn.execute("UPDATE stays SET reason = ?", (EVIL,))
        conn.execute("UPDATE evaluations SET note = ?", (EVIL,))
        conn.execute("UPDATE closures SET note = ?", (EVIL,))
        conn.execute("UPDATE dwellings SET label = ?, wijk = ?", (EVIL, EVIL))
        conn.execute("UPDATE dwelling_outages SET reason = ?", (EVIL,))
        conn.execute("UPDATE stay_moves SET reason = ?", (EVIL,))
        conn.execute("INSERT INTO dwellings (code, label, wijk, max_persons) VALUES (?, ?, ?, 2)",
                     (f"W{EVIL}7", EVIL, EVIL))
        conn.execute(
            "INSERT INTO audit (recorded_at, business_date, actor, action, household_id, detail)"
            " VALUES ('2026-11-23T06:00:00+00:00', '2026-11-23', ?, ?, 1, ?)",
            (EVIL, f"note{EVIL}", json.dumps({f"k{EVIL}": f"v{EVIL}"})),
        )
        conn.execute("INSERT INTO audit (recorded_at, business_date, actor, action, household_id)"
                     " SELECT recorded_at, business_date, ?, action, household_id FROM audit WHERE action = 'extend'",
                     (EVIL,))


def test_no_stored_text_reaches_the_terminal_raw_from_any_command(doorstroom, db_path, tmp_path):
    _crafted(doorstroom, db_path)
    env = {"_DOORSTROOM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "doorstroom evaluate ",
           "DOORSTROOM_DB": str(db_path)}
    runs = {
        "completion": doorstroom.runner.invoke(app, [], env=env, prog_name="doorstroom"),
    }
    commands = [
        ["status"], ["status", "--json"],
        ["show", "evil"], ["show", "1"], ["show", "W1"], ["show", "Evil 2", "--json"], ["show", "5"],
        ["show", "5", "--json"], ["move", "W5", "--to", "W4"], ["move", "W1", "--to", "W6"],
        ["log"], ["log", "1"], ["log", "--json"],
        ["export"], ["export", "--output", str(tmp_path / "out.csv")], ["report", "--from", "2026-09-01"],
        ["report", "--from", "2026-09-01", "--json"],
        ["dwellings"], ["dwellings", "--json"],
        ["extend", "--auto", "--dry-run"], ["extend", "--auto", "--dry-run", "--json"], ["extend", "--auto"],
        ["evaluate", "7", "--cooperation", "volledig"], ["release", "99", "--destination", "netwerk"],
        ["admit", "Evil 1", "--urgency", "3", "--alternative", "anders"],  # R8, naming household 1
        ["admit", "EVIL 2", "--urgency", "3", "--alternative", "anders"],  # R8, another spelling
        ["admit", "Evil 3", "--urgency", "3", "--alternative", "anders"],  # left: give its id
        ["admit", "X", "--urgency", "3", "--alternative", "anders", "--dwelling", "W3"],
        ["admit", "--next"],
        ["dwellings", "set", "W4", "--max-persons", "1"],
        ["agenda", "--names", "--days", "120"], ["agenda", "--json", "--days", "120"],
        ["agenda", "--ics", "-", "--names", "--days", "120"],
    ]
    for command in commands:
        runs[" ".join(command)] = doorstroom(*command)
    expected_refusals = {"show evil", "move W1 --to W6", "evaluate 7 --cooperation volledig", "release 99 --destination netwerk",
                         "admit Evil 1 --urgency 3 --alternative anders", "admit EVIL 2 --urgency 3 --alternative anders",
                         "admit Evil 3 --urgency 3 --alternative anders"}
    for command, result in runs.items():
        assert result.exception is None or isinstance(result.exception, SystemExit), (command, result.exception)
        assert result.exit_code in (0, 1), (command, result.output)
        if command in expected_refusals:
            assert result.exit_code == 1 and result.stderr, (command, result.output)
        for stream in (result.stdout, result.stderr):
            found = FORBIDDEN.search(stream)
            assert found is None, (command, repr(stream[max(0, found.start() - 40):found.end() + 40]))
    # The refusals do name the households, harmlessly.
    assert "Evil\ufffd[2J\ufffd" in runs["show evil"].stderr
    assert "Household 1 (Evil\ufffd" in runs["admit Evil 1 --urgency 3 --alternative anders"].stderr
    assert "household 3 (Evil\ufffd" in runs["admit Evil 3 --urgency 3 --alternative anders"].stderr
    # JSON keeps the stored text itself, escaped.
    shown = json.loads(runs["show Evil 2 --json"].stdout)
    assert shown["name"] == f"Evil{EVIL} 2"
    status = json.loads(runs["status --json"].stdout)
    assert f"Evil{EVIL} 1" in {w["name"] for w in status["waitlist"]} | {
        d["stay"]["name"] for d in status["dwellings"] if d["stay"]}


def test_json_escapes_what_json_dumps_leaves_raw_and_reads_back_the_same():
    from doorstroom_cli.views.json import dumps

    document = {"name": f"Zoë{EVIL}\u2028\udcff\U000e0001 👩‍👧", "nested": [{"k": "\x85"}]}
    text = dumps(document)
    assert FORBIDDEN.search(text) is None
    assert "\u2028" not in text and "\udcff" not in text and "\U000e0001" not in text
    assert "Zoë" in text and "👩" in text  # readable UTF-8, not \\u escapes for letters
    assert json.loads(text) == document



# Every service function that takes a text, called directly (as a script or
# a future command would): each must refuse an escape sequence and a bidi
# override before anything is stored.
def _service_calls(text: str):
    from datetime import date

    from doorstroom_cli import service

    from doorstroom_cli.core import rules

    day = date(2026, 11, 23)
    anders = rules.Alternative.ANDERS
    return {
        "admit name": lambda s: service.admit(s, day, text, urgency=3, alternative=anders),
        "admit agreements": lambda s: service.admit(s, day, "Bakker", urgency=3, alternative=anders, agreements=text),
        **{
            f"admit {field}": (lambda field: lambda s: service.admit(
                s, day, "Visser", urgency=3, alternative=anders, intake={field: text}))(field)
            for field in service.INTAKE_OPTIONS
        },
        "admit reason": lambda s: service.admit(s, day, "Smit", urgency=3, alternative=anders,
                                                dwelling="W2", reason=text),
        "evaluate note": lambda s: service.evaluate(s, day, "W1", rules.Cooperation.VOLLEDIG, text),
        "release note": lambda s: service.release(s, day, "W1", rules.Destination.NETWERK, text),
        "dwelling label": lambda s: service.change_dwelling(s, day, "W3", label=text, wijk=None, max_persons=None),
        "dwelling wijk": lambda s: service.change_dwelling(s, day, "W3", label=None, wijk=text, max_persons=None),
        "outage reason": lambda s: service.take_out_of_use(s, day, "W4", day, None, text),
        "move reason": lambda s: service.move(s, day, "W1", "W2", text),
        "move dwelling": lambda s: service.move(s, day, "W1", text, None),
    }


@pytest.mark.parametrize("text", ["Gezin \x1b[2J", "Gezin \u202eJansen"])
@pytest.mark.parametrize("call", sorted(_service_calls("x")))
def test_every_service_function_refuses_control_characters(tmp_path, text, call):
    import sqlite3

    from doorstroom_cli import service

    from doorstroom_cli.core import rules
    from doorstroom_cli.clock import fixed
    from doorstroom_cli.storage import Store

    path = tmp_path / "s.db"
    with Store(path, actor="test", now=fixed("2026-11-23T06:00:00+00:00")) as store:
        from datetime import date

        service.admit(store, date(2026, 11, 23), "Jansen", urgency=3, alternative=rules.Alternative.ANDERS)
        before = list(sqlite3.connect(path).iterdump())
        with pytest.raises(InvalidInput):
            _service_calls(text)[call](store)
    assert list(sqlite3.connect(path).iterdump()) == before
