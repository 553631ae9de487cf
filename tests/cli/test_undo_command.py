"""undo on the command line: its JSON, the question, refusals, both languages,
what log and the figures say afterwards, and a backup holding voids."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

from typer.testing import CliRunner

from doorstroom_cli.cli import app


def admit(doorstroom, name, *extra, by=None, today=None):
    result = doorstroom("admit", name, "--urgency", "3", "--alternative", "pleegzorg", *extra, by=by, today=today)
    assert result.exit_code == 0, result.output


def test_undo_json_names_the_change_it_took_back(doorstroom):
    admit(doorstroom, "Jansen")
    assert doorstroom("extend", "W1", "--weeks", "2").exit_code == 0
    document = doorstroom.json("undo", "--yes")
    assert document == {
        "undone": {
            "audit_id": 3, "action": "extend", "household": 1, "dwelling": "W1", "day": "2026-11-23",
            "entries": [{"audit_id": 3, "action": "extend", "household": 1, "dwelling": "W1"}],
        },
        "dry_run": False,
        "undo_audit_id": 4,
    }
    document = doorstroom.json("undo", "--yes")
    assert document["undone"]["action"] == "register" and document["undo_audit_id"] == 5
    assert [(e["audit_id"], e["action"], e["dwelling"]) for e in document["undone"]["entries"]] == [
        (1, "register", None), (2, "place", "W1"),
    ]
    assert doorstroom.json("status")["occupied"] == 0


def test_a_dry_run_says_what_and_changes_nothing(doorstroom):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    result = doorstroom("undo", "--dry-run")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "undo would take back the intake of household 1; the placement of household 1 in W1 "
        "(log entry 1); nothing was changed.\n"
    )
    assert doorstroom.json("undo", "--dry-run")["dry_run"] is True
    assert doorstroom.json("undo", "--dry-run")["undo_audit_id"] is None
    assert doorstroom.dump() == before


def test_without_yes_and_without_a_terminal_it_is_refused_like_restore(doorstroom):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    result = doorstroom("undo")
    assert result.exit_code == 2
    assert result.stderr == "Error: undo takes back your last change; add --yes to confirm, or use --dry-run.\n"
    assert result.stdout == "" and doorstroom.dump() == before


def test_the_question_names_the_change_and_a_no_changes_nothing(doorstroom, monkeypatch):
    from doorstroom_cli.cli import undo as command
    from doorstroom_cli.core.errors import Refused

    admit(doorstroom, "Jansen")
    asked = []

    def no(question, unattended):
        asked.append(question)
        raise Refused("You answered no; nothing was changed.")

    monkeypatch.setattr(command, "confirm", no)
    before = doorstroom.dump()
    result = doorstroom("undo")
    assert asked == ["Undo the intake of household 1; the placement of household 1 in W1 (log entry 1)?"]
    assert result.exit_code == 1 and "You answered no" in result.stderr
    assert doorstroom.dump() == before
    monkeypatch.setattr(command, "confirm", lambda question, unattended: None)
    assert doorstroom("undo").exit_code == 0
    assert doorstroom.json("status")["occupied"] == 0


def test_refusals_are_one_sentence_with_exit_1_and_change_nothing(doorstroom):
    nothing = doorstroom("undo", "--yes")
    assert nothing.exit_code == 1
    assert nothing.stderr.count("\n") == 1 and "made no change today that undo can take back" in nothing.stderr
    admit(doorstroom, "Jansen", by="anna")
    assert doorstroom("evaluate", "W1", "--cooperation", "volledig", by="bert").exit_code == 0
    before = doorstroom.dump()
    stood_on = doorstroom("undo", "--yes", by="anna")
    assert stood_on.exit_code == 1
    assert stood_on.stderr == (
        "Error: Log entry 1 cannot be undone: a later change stands on it (evaluate by bert, log entry 3); "
        "nothing was changed.\n"
    )
    other_day = doorstroom("undo", "--yes", by="bert", today="2026-11-24")
    assert other_day.exit_code == 1 and "bert made no change today" in other_day.stderr
    other_person = doorstroom("undo", "--yes", by="carla")
    assert other_person.exit_code == 1 and "carla made no change today" in other_person.stderr
    assert doorstroom.dump() == before


def test_log_shows_the_undo_and_marks_what_it_took_back(doorstroom):
    admit(doorstroom, "Jansen")
    assert doorstroom("release", "W1", "--destination", "netwerk").exit_code == 0
    assert doorstroom("undo", "--yes").exit_code == 0
    entries = doorstroom.json("log")["entries"]
    assert [(e["id"], e["action"], e["undone_by"]) for e in entries] == [
        (4, "undo", None), (3, "depart", 4), (2, "place", None), (1, "register", None),
    ]
    assert entries[0]["detail"] == {"kind": "depart", "undone": [3]}
    lines = doorstroom("log").stdout.splitlines()
    assert lines[0].startswith("23-11-2026 (recorded ") and "— taken back: the departure (log entry 3) — by " in lines[0]
    assert lines[1].endswith(" [undone by log entry 4]") and "[undone" not in lines[2]
    # show: the departure is gone from the story; the household lives in W1 again.
    story = doorstroom.json("show", "1")
    assert [event["event"] for event in story["timeline"]] == ["registered", "placed"]
    assert doorstroom.json("status")["dwellings"][0]["stay"]["household"] == 1


def test_a_mistaken_admit_and_release_taken_back_leave_no_0_day_stay(doorstroom):
    """The issue's case, as a coordinator meets it: report and export."""
    admit(doorstroom, "Visser", today="2026-10-01")
    assert doorstroom("release", "1", "--destination", "eigen-woning", today="2026-11-01").exit_code == 0
    period = ["--from", "2026-10-01", "--to", "2026-11-23"]
    report = doorstroom.json("report", *period)
    export = doorstroom("export", *period).stdout_bytes
    admit(doorstroom, "Vergissing")
    assert doorstroom("release", "2", "--destination", "onbekend").exit_code == 0
    assert doorstroom.json("report", *period) != report
    assert doorstroom("undo", "--yes").exit_code == 0
    assert doorstroom("undo", "--yes").exit_code == 0
    assert doorstroom.json("report", *period) == report
    assert doorstroom("export", *period).stdout_bytes == export
    rows = list(csv.reader(io.StringIO(export.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # the header and Visser's stay


def test_undo_speaks_dutch(db_path):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(app, ["--db", str(db_path), *args], env={"DOORSTROOM_LANG": "nl"})

    assert run("admit", "Jansen", "--urgency", "3", "--alternative", "anders").exit_code == 0
    assert run("evaluate", "W1", "--cooperation", "onvoldoende").exit_code == 0
    dry = run("undo", "--dry-run")
    assert dry.stdout == "undo zou dit terugdraaien: de evaluatie van huishouden 1 (logregel 3); er is niets veranderd.\n"
    done = run("undo", "--yes")
    assert done.stdout == (
        "Teruggedraaid: de evaluatie van huishouden 1 (logregel 3). Het logboek bewaart het, gemarkeerd als "
        "ongedaan gemaakt (logregel 4).\n"
    )
    assert "[ongedaan gemaakt door logregel 4]" in run("log").stdout
    unattended = run("undo")
    assert unattended.exit_code == 2 and unattended.stderr.startswith("Fout: undo draait uw laatste wijziging terug")
    english = runner.invoke(app, ["--db", str(db_path), "undo", "--dry-run", "--json"], env={"DOORSTROOM_LANG": "en"})
    dutch = run("undo", "--dry-run", "--json")
    assert json.loads(dutch.stdout) == json.loads(english.stdout)


def test_a_backup_holding_voids_restores_and_its_voided_rows_are_checked(doorstroom, tmp_path):
    admit(doorstroom, "Jansen", "--agreements", "afspraak")
    assert doorstroom("evaluate", "W1", "--cooperation", "volledig", "--note", "goed gesprek").exit_code == 0
    assert doorstroom("undo", "--yes").exit_code == 0
    assert doorstroom("dwellings", "out", "W3", "--from", "2026-11-23").exit_code == 0
    assert doorstroom("dwellings", "back", "W3").exit_code == 0  # withdraws the period begun today
    copy = tmp_path / "kopie.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    assert doorstroom("undo", "--yes").exit_code == 0  # the back: W3 out again
    before = doorstroom.dump()
    restored = doorstroom("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    after = doorstroom.dump()
    assert any("voided_evaluations" in line for line in after) and any("INSERT INTO \"voids\"" in line for line in after)
    assert before != after
    assert doorstroom.json("show", "1")["timeline"][-1]["event"] == "placed"
    # A voided row that kept its note, or a void no undo wrote, is refused like any row the tool cannot write.
    for statement, words in (
        ("UPDATE voided_evaluations SET note = 'geheim'", "row 1 of table voided_evaluations has a value in note"),
        ("INSERT INTO voids (audit_id, undo_audit_id) VALUES (1, 2)", "row 1 of table voids contradicts"),
    ):
        bad = tmp_path / "fout.db"
        bad.write_bytes(copy.read_bytes())
        with sqlite3.connect(bad) as conn:
            conn.execute(statement)
        result = doorstroom("restore", str(bad), "--yes")
        assert result.exit_code == 2 and words in result.stderr, result.stderr
        bad.unlink()
