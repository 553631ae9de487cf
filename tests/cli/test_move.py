"""move REF --to CODE: a household changes dwelling while its stay goes on.

Through the command line: the JSON shape, the stay that continues, every
refusal (one sentence, exit 1 or 2, nothing stored), Dutch, show and log,
the figures per dwelling and the export around a move, completion.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest
from typer.testing import CliRunner

from doorstroom_cli.cli import app


def admit(doorstroom, name, *extra, today=None):
    result = doorstroom("admit", name, "--urgency", "3", "--alternative", "pleegzorg", *extra, today=today)
    assert result.exit_code == 0, result.output
    return result


def test_a_move_keeps_the_stay_and_frees_the_old_dwelling(doorstroom):
    admit(doorstroom, "Jansen", today="2026-10-01")  # household 1 in W1 (2 persons), end 12-11-2026
    doorstroom("extend", "1", "--weeks", "2", today="2026-10-10")
    doorstroom("evaluate", "1", "--cooperation", "gedeeltelijk", today="2026-10-14")
    before = {d["code"]: d["stay"] for d in doorstroom.json("status", today="2026-10-20")["dwellings"]}
    moved = doorstroom.json("move", "1", "--to", "w3", "--reason", "lekkage in de badkamer", today="2026-10-20")
    assert moved == {"household": 1, "from": "W1", "to": "W3", "day": "2026-10-20"}
    after = {d["code"]: d["stay"] for d in doorstroom.json("status", today="2026-10-20")["dwellings"]}
    assert after["W1"] is None
    assert after["W3"] == before["W1"]  # same start, planned departure, extensions and next evaluation
    assert after["W3"]["end"] == "2026-11-26" and after["W3"]["extensions"] == 2
    released = doorstroom.json("release", "W3", "--destination", "netwerk", today="2026-11-02")
    assert (released["dwelling"], released["start"], released["days"]) == ("W3", "2026-10-01", 32)


def test_a_move_by_dwelling_code_says_what_happened(doorstroom):
    admit(doorstroom, "Jansen")
    result = doorstroom("move", "W1", "--to", "W4")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Household 1 moved from W1 to W4 on 23-11-2026; the stay goes on, planned departure 04-01-2027.\n"
    )
    assert doorstroom.json("status")["dwellings"][3]["stay"]["household"] == 1


@pytest.fixture
def crowded(doorstroom):
    """On 23-11-2026: Jansen (1, two persons) in W1, evaluated on 20-11;
    Visser (2, four) in W2; W3 (4 persons) and W6 (3) free; W4 out of use
    from today; Groot (6, six) in W5; Bakker (7, five persons) waits, as no
    free dwelling fits it."""
    admit(doorstroom, "Jansen", "--adults", "2", today="2026-11-01")
    admit(doorstroom, "Visser", "--adults", "2", "--children", "2", today="2026-11-01")
    for n in range(3):
        admit(doorstroom, f"Huishouden {n}", today="2026-11-01")  # 3 -> W6, 4 -> W3, 5 -> W4
    for household in ("3", "4", "5"):
        doorstroom("release", household, "--destination", "netwerk", today="2026-11-10")
    admit(doorstroom, "Groot", "--adults", "2", "--children", "4", today="2026-11-10")
    doorstroom("evaluate", "1", "--cooperation", "volledig", today="2026-11-20")
    out = doorstroom("dwellings", "out", "W4", "--from", "2026-11-23", "--reason", "schilderwerk")
    assert out.exit_code == 0, out.output
    admit(doorstroom, "Bakker", "--adults", "2", "--children", "3")
    state = doorstroom.json("status")
    assert {d["code"]: d["stay"] and d["stay"]["household"] for d in state["dwellings"]} == {
        "W1": 1, "W2": 2, "W3": None, "W4": None, "W5": 6, "W6": None}
    assert [w["household"] for w in state["waitlist"]] == [7]
    return doorstroom


@pytest.mark.parametrize(
    "arguments, code, sentence",
    [
        (["1", "--to", "W1"], 1, "Household 1 already lives in W1; give another dwelling with --to."),
        (["1", "--to", "W2"], 1, "Dwelling W2 is occupied by household 2."),
        (["1", "--to", "W4"], 1, "Dwelling W4 is out of use."),
        (["2", "--to", "W3"], 0, None),
        (["2", "--to", "W6"], 1, "Dwelling W6 houses at most 3 persons; this household has 4."),
        (["1", "--to", "W9"], 1, "There is no dwelling 'W9' in the pool."),
        (["7", "--to", "W3"], 1, "Household 7 is on the waitlist; only a household in a dwelling can move."),
        (["W6", "--to", "W3"], 1, "Dwelling W6 has no resident."),
        (["99", "--to", "W3"], 1, "Household 99 has no open application or stay."),
        (["X1", "--to", "W3"], 1, "There is no household or dwelling 'X1'."),
        (["1", "--to", "W3", "--reason", " "], 2, "The reason cannot be empty."),  # as admit says it
        (["1", "--to", "W3", "--reason", "lek\u202e"], 2, "The reason contains a control character (U+202E)"),
        (["1", "--to", "W\u200b3"], 2, "The dwelling code"),
    ],
    ids=["same-dwelling", "occupied", "out-of-use", "fits", "too-small", "unknown-dwelling", "waiting",
         "no-resident", "unknown-household", "unknown-ref", "empty-reason", "bidi-reason", "invisible-code"],
)
def test_every_refusal_is_one_sentence_and_stores_nothing(crowded, arguments, code, sentence):
    before = crowded.dump()
    result = crowded("move", *arguments, "--json")
    assert result.exit_code == code, result.output
    if code == 0:
        assert json.loads(result.stdout) == {"household": 2, "from": "W2", "to": "W3", "day": "2026-11-23"}
        return
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: "), result.stderr
    assert sentence in result.stderr
    assert crowded.dump() == before


def test_an_empty_reason_is_refused_once_in_the_words_admit_uses_also_in_dutch(crowded):
    """The rules check a move's reason, as they check admit's: one sentence,
    one label ("The reason", "De reden"), in either language."""
    from doorstroom_cli.cli import app

    before = crowded.dump()
    english = crowded("move", "1", "--to", "W3", "--reason", "   ")
    assert (english.exit_code, english.stderr) == (2, "Error: The reason cannot be empty.\n")
    admit_next = crowded("admit", "--next", "--reason", " ")
    assert admit_next.stderr == english.stderr
    dutch = crowded.runner.invoke(app, ["--db", str(crowded.db_path), "move", "1", "--to", "W3", "--reason", " "],
                                  env={"DOORSTROOM_LANG": "nl"})
    assert (dutch.exit_code, dutch.stderr) == (2, "Fout: De reden mag niet leeg zijn.\n")
    assert crowded.dump() == before


def test_a_move_dated_before_the_last_recorded_event_is_refused(crowded):
    before = crowded.dump()
    result = crowded("move", "1", "--to", "W3", today="2026-11-19")  # evaluated on 20-11
    assert result.exit_code == 1
    assert result.stderr == "Error: A move on 19-11-2026 would lie before the last evaluation (20-11-2026).\n"
    assert crowded.dump() == before
    assert crowded("move", "1", "--to", "W3", today="2026-11-21").exit_code == 0
    moved = crowded.dump()
    for command in (["release", "1", "--destination", "netwerk"], ["evaluate", "1", "--cooperation", "volledig"],
                    ["extend", "1"], ["move", "1", "--to", "W1"]):
        refused = crowded(*command, today="2026-11-20")
        assert refused.exit_code == 1 and "would lie before the household's" in refused.stderr, command
    assert crowded.dump() == moved


def test_move_needs_to(doorstroom):
    admit(doorstroom, "Jansen")
    result = doorstroom("move", "1")
    assert result.exit_code == 2 and "--to" in result.stderr


def test_show_tells_the_move_and_log_records_it_without_the_reason(doorstroom):
    admit(doorstroom, "Jansen", today="2026-11-01")
    doorstroom("move", "1", "--to", "W3", "--reason", "lekkage bij Jansen", today="2026-11-10")
    story = doorstroom.json("show", "Jansen")
    moved = [event for event in story["timeline"] if event["event"] == "moved"]
    assert moved == [{"date": "2026-11-10", "event": "moved", "from": "W1", "to": "W3",
                      "reason": "lekkage bij Jansen"}]
    assert [e["event"] for e in story["timeline"]] == ["registered", "placed", "moved"]
    assert "10-11-2026  moved from W1 to W3; the stay goes on (lekkage bij Jansen)" in doorstroom("show", "1").stdout
    [entry] = [e for e in doorstroom.json("log", "1")["entries"] if e["action"] == "move"]
    assert entry["date"] == "2026-11-10" and entry["household"] == 1
    assert entry["detail"] == {"from": "W1", "to": "W3", "move": 1, "stay": 1, "reason": True}
    assert "lekkage" not in doorstroom("log").stdout and "Jansen" not in doorstroom("log").stdout


def test_the_report_counts_each_night_towards_the_dwelling_slept_in(doorstroom):
    """Jansen in W1 from 1 October, moved to W2 on 11 October, left 21
    October; Visser in W2 from 1 October, left on 11 October (the day Jansen
    came). Counted by hand for October: W1 10 nights (1-10), W2 10 + 10 = 20
    (1-10 Visser, 11-20 Jansen), 30 in all; W2 never holds two households a night."""
    admit(doorstroom, "Jansen", "--adults", "2", today="2026-10-01")  # W1
    admit(doorstroom, "Visser", "--adults", "4", today="2026-10-01")  # W2, the smallest that houses 4
    placed = {d["code"]: d["stay"]["household"] for d in doorstroom.json("status", today="2026-10-01")["dwellings"]
              if d["stay"]}
    assert placed == {"W1": 1, "W2": 2}
    doorstroom("release", "2", "--destination", "netwerk", today="2026-10-11")
    assert doorstroom.json("move", "1", "--to", "W2", today="2026-10-11")["to"] == "W2"
    doorstroom("release", "1", "--destination", "eigen-woning", today="2026-10-21")
    october = doorstroom.json("report", "--from", "2026-10-01", "--to", "2026-10-31", today="2026-11-23")
    by_code = {d["code"]: d for d in october["dwellings"]}
    assert (by_code["W1"]["nights"], by_code["W2"]["nights"], by_code["W3"]["nights"]) == (10, 20, 0)
    assert by_code["W2"]["occupancy"] == 20 / 31 and by_code["W1"]["capacity_nights"] == 31
    assert october["nights"] == 30 == sum(d["nights"] for d in october["dwellings"])
    assert october["length_of_stay"]["max"] == 20  # one stay of 20 days, not two


def test_capacity_counts_the_dwelling_a_moved_household_lives_in_through_its_repair(doorstroom):
    """Counted by hand for September (30 days): Jansen in W1 from 1
    September, moved to W2 on 11 September and still there (overdue) when W2
    goes out of use on 20 September; the emptied W1 is out of use from 15
    September. W1 has 14 days of capacity (1-14), W2 all 30 (lived in every
    night), the four others 30 each: 164 in all, for 30 nights."""
    admit(doorstroom, "Jansen", "--adults", "2", today="2026-09-01")  # W1
    assert doorstroom.json("move", "1", "--to", "W2", today="2026-09-11")["to"] == "W2"
    assert doorstroom("dwellings", "out", "W1", "--from", "2026-09-15", today="2026-09-11").exit_code == 0
    assert doorstroom("dwellings", "out", "W2", "--from", "2026-09-20", today="2026-09-12").exit_code == 0
    september = doorstroom.json("report", "--from", "2026-09-01", "--to", "2026-09-30", today="2026-10-01")
    by_code = {d["code"]: d for d in september["dwellings"]}
    assert [(by_code[c]["nights"], by_code[c]["capacity_nights"]) for c in ("W1", "W2")] == [(10, 14), (20, 30)]
    assert (september["nights"], september["capacity_nights"]) == (30, 14 + 30 + 4 * 30)
    assert by_code["W2"]["occupancy"] == 20 / 30


def test_the_export_keeps_one_row_per_stay_and_lists_its_dwellings(doorstroom):
    admit(doorstroom, "Jansen", today="2026-10-01")
    admit(doorstroom, "Visser", today="2026-10-01")
    doorstroom("move", "1", "--to", "W3", today="2026-10-05")
    doorstroom("move", "1", "--to", "W4", today="2026-10-09")
    result = doorstroom("export", "--output", "-")
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"), newline=""), delimiter=";"))
    header, *data = rows
    assert len(data) == 2
    cells = [dict(zip(header, row)) for row in data]
    assert [(c["woning"], c["woningen"], c["startdatum"]) for c in cells] == [
        ("W1", "W1>W3>W4", "2026-10-01"), ("W6", "W6", "2026-10-01"),
    ]


def test_a_backup_holding_a_move_restores(doorstroom, tmp_path):
    admit(doorstroom, "Jansen", today="2026-10-01")
    doorstroom("move", "1", "--to", "W3", "--reason", "lekkage", today="2026-10-05")
    admit(doorstroom, "Visser", today="2026-10-06")
    doorstroom("move", "W1", "--to", "W2", today="2026-10-07")
    doorstroom("release", "W2", "--destination", "netwerk", today="2026-10-08")
    copy = tmp_path / "met-verhuizing.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    admit(doorstroom, "Bakker")
    restored = doorstroom("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    with sqlite3.connect(doorstroom.db_path) as conn:
        assert conn.execute("SELECT stay_id, from_dwelling, to_dwelling FROM stay_moves ORDER BY id").fetchall() == [
            (1, "W1", "W3"), (2, "W1", "W2")
        ]
        assert conn.execute("SELECT dwelling_code FROM open_cases").fetchall() == [("W3",)]


def test_shell_completion_offers_the_dwellings_for_to(doorstroom, db_path):
    admit(doorstroom, "Jansen")
    env = {"_DOORSTROOM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "doorstroom move 1 --to ",
           "DOORSTROOM_DB": str(db_path)}
    result = CliRunner().invoke(app, [], env=env, prog_name="doorstroom")
    assert '"W1":"Jansen"' in result.stdout and '"W2":"free"' in result.stdout
    assert '"1":' not in result.stdout  # household ids are no dwellings


def test_move_in_dutch(db_path):
    def run(*args, today="2026-11-23"):
        return CliRunner().invoke(app, ["--db", str(db_path), *args],
                                  env={"DOORSTROOM_LANG": "nl", "DOORSTROOM_TODAY": today})

    run("admit", "Jansen", "--urgency", "3", "--alternative", "pleegzorg")
    moved = run("move", "1", "--to", "W3")
    assert moved.stdout == (
        "Huishouden 1 is op 23-11-2026 verhuisd van W1 naar W3; het verblijf loopt door, "
        "geplande vertrekdatum 04-01-2027.\n"
    )
    refused = run("move", "1", "--to", "W3")
    assert (refused.exit_code, refused.stderr) == (
        1, "Fout: Huishouden 1 woont al in W3; geef met --to een andere woning op.\n"
    )
    assert "verhuisd van W1 naar W3; het verblijf loopt door" in run("show", "1").stdout


def test_the_terminal_report_shows_occupancy_per_dwelling(doorstroom):
    admit(doorstroom, "Jansen", today="2026-10-01")  # W1
    doorstroom("move", "1", "--to", "W4", today="2026-10-12")
    shown = doorstroom("report", "--from", "2026-10-01", "--to", "2026-10-19", today="2026-10-20").stdout
    lines = shown.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Occupancy per dwelling"))
    rows = {line.split()[0]: line.split()[-1] for line in lines[start + 1:start + 7]}
    assert rows == {"W1": "58%", "W2": "0%", "W3": "0%", "W4": "42%", "W5": "0%", "W6": "0%"}  # 11 and 8 of 19 nights


def test_moving_away_from_a_coming_repair_says_the_departure_of_the_new_dwelling(doorstroom):
    """W1 goes out of use on 10-12: in W1 the stay ends then; moved to W3 it
    runs its six weeks again, and undo names the move in words."""
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2026-12-01")
    assert doorstroom("dwellings", "out", "W1", "--from", "2026-12-10", today="2026-12-01").exit_code == 0
    moved = doorstroom("move", "W1", "--to", "W3", today="2026-12-01")
    assert moved.exit_code == 0, moved.output
    assert "planned departure 12-01-2027" in moved.stdout
    undone = doorstroom("undo", "--yes", today="2026-12-01")
    assert undone.exit_code == 0, undone.output
    assert "the move of household 1 from W1 to W3" in undone.stdout
