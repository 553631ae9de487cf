"""followup (issue 14 §2): the command, its refusals and JSON, the alerts in
status, the follow-ups in show, the agenda, the report, the export, purge,
undo and restore."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest


@pytest.fixture
def left(doorstroom):
    """Household 1 stayed in W1 from 5 January 2026 and left on 10 February
    (follow-ups due on 10 May, 10 August and 10 February 2027); household 2
    (Bakker) lives in a dwelling since 6 January and never departed."""
    assert doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "pleegzorg", today="2026-01-05").exit_code == 0
    assert doorstroom("admit", "Bakker", "--urgency", "3", "--alternative", "anders", today="2026-01-06").exit_code == 0
    assert doorstroom("release", "1", "--destination", "eigen-woning", today="2026-02-10").exit_code == 0
    return doorstroom


def test_followup_records_the_due_follow_up_with_its_json(left):
    document = left.json("followup", "1", "--outcome", "zelfde-woning", "--method", "telefoon",
                         "--note", "woont er goed", today="2026-05-12")
    assert document == {
        "household": 1, "departure": "2026-02-10", "months": 3, "due": "2026-05-10", "date": "2026-05-12",
        "outcome": "zelfde-woning", "method": "telefoon", "housed": True,
    }
    with sqlite3.connect(left.db_path) as conn:
        assert conn.execute("SELECT months, held_on, outcome, method, note FROM followups").fetchall() == [
            (3, "2026-05-12", "zelfde-woning", "telefoon", "woont er goed")]
        (detail,) = conn.execute("SELECT detail FROM audit WHERE action = 'followup'").fetchone()
    assert "woont" not in detail and json.loads(detail)["note"] is True


def test_the_sentence_names_the_follow_up(left):
    result = left("followup", "Jansen", "--outcome", "niet-bereikt", today="2026-08-10")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "Follow-up of household 1 after 6 months recorded (not reached, on 10-08-2026; departure 10-02-2026).")


@pytest.mark.parametrize(
    "arguments, today, code, sentence",
    [
        (["1", "--outcome", "zelfde-woning"], "2026-05-09", 1, "is due on 10-05-2026"),
        (["1", "--outcome", "zelfde-woning", "--date", "2026-02-10"], "2026-05-09", 1, "would not lie after the departure"),
        (["1", "--outcome", "zelfde-woning", "--date", "2026-05-10"], "2026-05-09", 2, "lies after today"),
        (["2", "--outcome", "zelfde-woning"], "2026-05-12", 1, "has not left a doorstroomwoning"),
        (["Bakker", "--outcome", "zelfde-woning"], "2026-05-12", 1, "has not left a doorstroomwoning"),
        (["9", "--outcome", "zelfde-woning"], "2026-05-12", 1, "There is no household 9"),
        (["1", "--outcome", "thuis"], "2026-05-12", 2, "thuis"),
        (["1", "--outcome", "zelfde-woning", "--method", "brief"], "2026-05-12", 2, "brief"),
        (["1", "--outcome", "zelfde-woning"], "2027-08-10", 1, "has no open follow-up"),
    ],
)
def test_refusals_exit_with_one_sentence_and_store_nothing(left, arguments, today, code, sentence):
    before = left.dump()
    result = left("followup", *arguments, today=today)
    assert result.exit_code == code, result.output
    assert sentence in result.stderr and result.stdout == ""
    if code == 1:
        assert len(result.stderr.strip().splitlines()) == 1
    assert left.dump() == before


def test_an_early_contact_is_recorded_with_its_date(left):
    document = left.json("followup", "1", "--outcome", "bij-netwerk", "--date", "2026-03-01", today="2026-03-02")
    assert (document["months"], document["date"], document["housed"]) == (3, "2026-03-01", False)


def test_a_household_registered_again_is_refused(left):
    assert left("admit", "1", "--urgency", "3", "--alternative", "anders", today="2026-04-01").exit_code == 0
    result = left("followup", "1", "--outcome", "opvang", today="2026-05-12")
    assert result.exit_code == 1 and "registered again on 01-04-2026" in result.stderr


def test_status_alerts_due_then_overdue(left):
    def alerts(today):
        return [(a["kind"], a["household"]) for a in left.json("status", today=today)["alerts"]
                if a["kind"].startswith("followup")]

    assert alerts("2026-05-09") == []
    assert alerts("2026-05-10") == [("followup_due", 1)]
    assert alerts("2026-06-09") == [("followup_overdue", 1)]
    assert left("followup", "1", "--outcome", "zelfde-woning", today="2026-06-09").exit_code == 0
    assert alerts("2026-06-10") == []
    assert alerts("2026-08-10") == [("followup_due", 1)]
    message = [a["message"] for a in left.json("status", today="2026-08-10")["alerts"]
               if a["kind"] == "followup_due"]
    assert message == ["Household 1 left on 10-02-2026: the follow-up after 6 months is due since 10-08-2026 "
                       "('doorstroom followup 1 --outcome ...')."]


def test_show_lists_the_planned_and_recorded_follow_ups(left):
    assert left("followup", "1", "--outcome", "andere-woning", "--method", "bezoek", "--note", "verhuisd",
                today="2026-05-20").exit_code == 0
    timeline = left.json("show", "1", today="2026-09-01")["timeline"]
    follow = [event for event in timeline if event["event"].startswith("followup")]
    assert follow == [
        {"date": "2026-05-20", "event": "followup", "months": 3, "due": "2026-05-10", "outcome": "andere-woning",
         "method": "bezoek", "note": "verhuisd"},
        {"date": "2026-08-10", "event": "followup_planned", "months": 6, "open": True},
        {"date": "2027-02-10", "event": "followup_planned", "months": 12, "open": True},
    ]
    lines = left("show", "1", today="2026-09-01").stdout.splitlines()
    assert lines[-3:] == [
        "20-05-2026  follow-up after 3 months: in another home (on a visit); verhuisd",
        "10-08-2026  follow-up after 6 months planned",
        "10-02-2027  follow-up after 12 months planned",
    ]


def test_the_agenda_has_the_open_follow_ups(left):
    items = left.json("agenda", "--days", "100", today="2026-05-01")["items"]
    follow = [(i["day"], i["kind"], i["household"], i["dwelling"], i["uid"]) for i in items if i["kind"] == "followup"]
    assert follow == [("2026-05-10", "followup", 1, "W1", "followup-1-2026-05-10@doorstroom")]
    overdue = [i for i in left.json("agenda", today="2026-06-01")["items"] if i["kind"] == "followup"]
    assert [(i["day"], i["due"]) for i in overdue] == [("2026-06-01", "2026-05-10")]


def test_report_retention_and_the_export_columns(left):
    assert left("followup", "1", "--outcome", "zelfde-woning", today="2026-05-12").exit_code == 0
    report = left.json("report", "--from", "2026-04-01", "--to", "2026-06-30", today="2026-07-01")
    assert report["retention"]["3"] == {"due": 1, "reached": 1, "housed": 1, "housed_share_of_reached": 1.0,
                                        "housed_share_of_due": 1.0}
    assert report["returns"] == {"cohort": 0, "within_180": 0, "within_365": 0, "within_730": 0,
                                 "share_within_730": 0.0}
    text = left("report", "--from", "2026-04-01", "--to", "2026-06-30", today="2026-07-01").stdout
    assert "after 3 months 1 of 1 housed (100%; 1 reached)" in " ".join(text.split())
    result = left("export", "--from", "2026-01-01", "--to", "2026-06-30", "--output", "-", today="2026-07-01")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert [(r["nazorg_3_maanden"], r["nazorg_6_maanden"], r["nazorg_12_maanden"]) for r in rows] == [
        ("zelfde-woning", "", ""), ("", "", "")]
    # Recorded after the period's last day: not in that period's export.
    early = left("export", "--from", "2026-01-01", "--to", "2026-05-11", "--output", "-", today="2026-07-01")
    assert "zelfde-woning" not in early.stdout


def test_purge_keeps_the_figures_and_erases_the_note(left):
    assert left("followup", "1", "--outcome", "opvang", "--note", "adres bekend", today="2026-05-12").exit_code == 0
    before = left.json("report", "--from", "2026-04-01", "--to", "2026-06-30", today="2027-01-01")
    assert left("purge", "--before", "2026-03-01", "--yes", today="2027-01-01").exit_code == 0
    assert left.json("report", "--from", "2026-04-01", "--to", "2026-06-30", today="2027-01-01") == before
    with sqlite3.connect(left.db_path) as conn:
        assert conn.execute("SELECT outcome, note FROM followups").fetchall() == [("opvang", None)]


def test_undo_takes_a_follow_up_back(left):
    assert left("followup", "1", "--outcome", "zelfde-woning", today="2026-05-12").exit_code == 0
    assert left("undo", "--yes", today="2026-05-12").exit_code == 0
    with sqlite3.connect(left.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM followups").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM voided_followups").fetchone() == (1,)
    assert left.json("followup", "1", "--outcome", "andere-woning", today="2026-05-12")["months"] == 3


def test_restore_accepts_a_backup_with_follow_ups(left, tmp_path):
    assert left("followup", "1", "--outcome", "zelfde-woning", "--note", "goed", today="2026-05-12").exit_code == 0
    copy = tmp_path / "copy.db"
    assert left("backup", str(copy), today="2026-05-12").exit_code == 0
    result = left("restore", str(copy), "--yes", today="2026-05-12")
    assert result.exit_code == 0, result.output


def test_restore_refuses_a_follow_up_before_its_departure(left, tmp_path):
    assert left("followup", "1", "--outcome", "zelfde-woning", today="2026-05-12").exit_code == 0
    copy = tmp_path / "copy.db"
    assert left("backup", str(copy), today="2026-05-12").exit_code == 0
    with sqlite3.connect(copy) as conn:
        conn.execute("UPDATE followups SET held_on = '2026-01-10'")
    result = left("restore", str(copy), "--yes", today="2026-05-12")
    assert result.exit_code == 2 and "follow-up does not lie after a departure" in result.stderr


def test_an_upgraded_database_raises_no_follow_up_due_before_it_had_aftercare(left):
    """An upgraded database has ``aftercare_from`` (m014: its last day of records
    then, tested below); status and the agenda raise no follow-up that fell due
    before it, while show and the report still have them."""
    with sqlite3.connect(left.db_path) as db:
        db.execute("INSERT INTO settings (name, value) VALUES ('aftercare_from', '2026-06-01')")
    kinds = [a["kind"] for a in left.json("status", today="2026-06-09")["alerts"]]
    assert "followup_overdue" not in kinds
    assert [i for i in left.json("agenda", today="2026-06-09")["items"] if i["kind"] == "followup"] == []
    assert [i["due"] for i in left.json("agenda", "--days", "90", today="2026-06-09")["items"]
            if i["kind"] == "followup"] == ["2026-08-10"]
    assert [a["kind"] for a in left.json("status", today="2026-08-10")["alerts"]
            if a["kind"].startswith("followup")] == ["followup_due"]
    assert left.json("report", "--from", "2026-04-01", "--to", "2026-06-30", today="2026-07-01")["retention"]["3"][
        "due"] == 1


def test_m014_sets_aftercare_from_to_the_last_day_of_the_records(tmp_path):
    from doorstroom_cli.storage import migrations

    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    before = next(n for n, step in enumerate(migrations.STEPS) if step.__name__ == "m014_followups")
    conn.execute("BEGIN")
    for step in migrations.STEPS[:before]:
        step(conn)
    conn.execute("INSERT INTO settings (name, value) VALUES ('records_until', '2026-11-20')")
    migrations.STEPS[before](conn)
    assert conn.execute("SELECT value FROM settings WHERE name = 'aftercare_from'").fetchall() == [("2026-11-20",)]
    conn.execute("ROLLBACK")
