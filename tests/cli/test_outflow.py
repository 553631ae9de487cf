"""outflow REF STEP: the route out through the command line (issue 14 §1,
§3, §5): each step's JSON, the refusals (one sentence, nothing stored),
show, status, agenda, report, export, undo, purge and restore."""

from __future__ import annotations

import csv
import io
import json
import sqlite3

import pytest


def admit(doorstroom, name, today, *extra):
    result = doorstroom("admit", name, "--urgency", "3", "--alternative", "pleegzorg", *extra, today=today)
    assert result.exit_code == 0, result.output


@pytest.fixture
def resident(doorstroom):
    """Jansen (household 1) registered and placed in W1 on 01-09-2026."""
    admit(doorstroom, "Jansen", "2026-09-01")
    return doorstroom


def step(doorstroom, *args, today="2026-10-01"):
    return doorstroom.json("outflow", "1", *args, today=today)


def test_every_step_is_recorded_with_its_options_and_told_by_show(resident):
    d = resident
    assert step(d, "ingeschreven", "--date", "2026-09-02", "--corporatie", "Domijn") == {
        "household": 1, "dwelling": "W1", "id": 1, "step": "ingeschreven", "date": "2026-09-02",
        "result": None, "valid_until": None, "corporatie": "Domijn", "reason": None, "note": None,
    }
    step(d, "urgentie-aangevraagd", "--date", "3-9-2026")
    decided = step(d, "urgentie-besluit", "--date", "2026-09-20", "--result", "toegekend", "--valid-until", "2027-03-20")
    assert (decided["result"], decided["valid_until"]) == ("toegekend", "2027-03-20")
    step(d, "beschikking-aangevraagd", "--date", "2026-09-21")
    step(d, "beschikking-ontvangen", "--date", "2026-09-22")
    step(d, "aanbod", "--date", "2026-09-23", "--corporatie", "Ons Huis")
    step(d, "bezichtiging", "--date", "2026-09-24")
    refused = step(d, "aanbod-besluit", "--date", "2026-09-25", "--result", "geweigerd", "--reason", "te-klein",
                   "--note", "twee kamers te weinig")
    assert (refused["reason"], refused["note"]) == ("te-klein", "twee kamers te weinig")
    step(d, "aanbod", "--date", "2026-09-28")
    step(d, "aanbod-besluit", "--result", "geaccepteerd")  # today
    key = step(d, "sleutel", "--date", "2026-10-15")  # the key date may lie ahead
    assert key["date"] == "2026-10-15"
    sentence = d("outflow", "W1", "bezichtiging", "--date", "2026-09-30", today="2026-10-01")
    assert sentence.exit_code == 1  # the offer is decided: no viewing without an open one
    timeline = d.json("show", "1", today="2026-10-01")["timeline"]
    steps = [(e["date"], e["step"]) for e in timeline if e["event"] == "outflow"]
    assert steps[0] == ("2026-09-02", "ingeschreven") and steps[-1] == ("2026-10-15", "sleutel")
    assert len(steps) == 11
    lines = d("show", "1", today="2026-10-01").stdout.splitlines()
    assert "02-09-2026  route out: registered as a woningzoekende, Domijn" in lines
    assert "25-09-2026  route out: decision on the offer: declined (too small); twee kamers te weinig" in lines
    assert "20-09-2026  route out: decision on the urgentie: granted, valid until 20-03-2027" in lines


def test_the_sentence_after_a_step(resident):
    result = resident("outflow", "W1", "ingeschreven", "--corporatie", "Domijn", today="2026-10-01")
    assert result.stdout == "Recorded for household 1 (W1) on 01-10-2026: registered as a woningzoekende, Domijn.\n"
    unknown = resident("outflow", "W1", "verhuisd", today="2026-10-01")
    assert unknown.exit_code == 2 and "'verhuisd' is not a valid choice for 'STEP'" in unknown.stderr


def refused(doorstroom, *args, code=1, today="2026-10-01"):
    before = doorstroom.dump()
    result = doorstroom("outflow", *args, today=today)
    assert result.exit_code == code, result.output
    assert result.stdout == "" and result.stderr.count("\n") == 1, result.stderr
    assert doorstroom.dump() == before
    return result.stderr


def test_the_five_refusals_store_nothing(resident):
    d = resident
    assert "urgentie-besluit needs an open urgentie request first" in refused(
        d, "1", "urgentie-besluit", "--result", "toegekend")
    assert "beschikking-ontvangen needs an open beschikking request first" in refused(d, "1", "beschikking-ontvangen")
    assert "aanbod-besluit needs an open offer first" in refused(d, "1", "aanbod-besluit", "--result", "geaccepteerd")
    step(d, "sleutel", "--date", "2026-10-20")
    assert "The key date is already recorded (20-10-2026)" in refused(d, "1", "sleutel", "--date", "2026-10-21")
    assert "lies before the registration (01-09-2026)" in refused(d, "1", "ingeschreven", "--date", "2026-08-31")
    d("release", "1", "--destination", "eigen-woning", today="2026-10-01")
    assert "Household 1 is not in a dwelling or on the waitlist" in refused(d, "1", "ingeschreven")
    assert "Household 9 has no open application or stay" in refused(d, "9", "ingeschreven")


def test_a_waiting_household_has_a_route_too(doorstroom):
    for n in range(7):  # six dwellings, the seventh household waits
        admit(doorstroom, f"Gezin {n}", "2026-09-01", "--adults", "2")
    waiting = doorstroom.json("outflow", "7", "ingeschreven", today="2026-09-05")
    assert (waiting["household"], waiting["dwelling"]) == (7, None)


@pytest.mark.parametrize("args, words", [
    (["aanbod", "--result", "geaccepteerd"], "The step aanbod takes no --result."),
    (["ingeschreven", "--valid-until", "2027-01-01"], "The step ingeschreven takes no --valid-until."),
    (["bezichtiging", "--corporatie", "Domijn"], "The step bezichtiging takes no --corporatie."),
    (["sleutel", "--reason", "anders"], "The step sleutel takes no --reason."),
    (["urgentie-besluit"], "The step urgentie-besluit needs --result (toegekend, afgewezen)."),
    (["ingeschreven", "--date", "2026-10-02"], "only the key date (sleutel) may"),
    (["sleutel", "--date", "2100-01-01"], "--date"),
    (["ingeschreven", "--corporatie", "  "], "--corporatie cannot be empty."),
])
def test_options_a_step_does_not_take_are_usage_errors(resident, args, words):
    assert words in refused(resident, "1", *args, code=2)


def test_a_refused_offer_needs_its_reason(resident):
    step(resident, "aanbod", "--date", "2026-09-20")
    assert "A refused offer needs --reason." in refused(resident, "1", "aanbod-besluit", "--result", "geweigerd", code=2)


def kinds(doorstroom, today):
    return [(a["kind"], a["household"]) for a in doorstroom.json("status", today=today)["alerts"]
            if a["kind"] in ("outflow_missing", "outflow_stalled", "urgentie_expiring", "key_date")]


def test_status_alerts_on_the_route_out(resident):
    d = resident  # start 01-09-2026
    assert kinds(d, "2026-09-14") == []
    assert kinds(d, "2026-09-15") == [("outflow_missing", 1)]
    step(d, "urgentie-aangevraagd", "--date", "2026-09-10", today="2026-09-15")
    assert kinds(d, "2026-09-30") == []
    assert kinds(d, "2026-10-01") == [("outflow_stalled", 1)]  # 21 days after 10-09
    step(d, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2026-10-20", today="2026-10-05")
    assert kinds(d, "2026-10-05") == []
    assert kinds(d, "2026-10-06") == [("urgentie_expiring", 1)]  # valid until 20-10: 14 days ahead
    message = d.json("status", today="2026-10-06")["alerts"][-1]["message"]
    assert message == "Household 1 (W1): the urgentie is valid until 20-10-2026."
    step(d, "sleutel", "--date", "2026-10-18", today="2026-10-06")
    assert kinds(d, "2026-10-10") == []
    assert kinds(d, "2026-10-11") == [("key_date", 1)]
    screen = d("status", today="2026-10-11").stdout
    assert "Household 1 (W1) gets the key on 18-10-2026: plan the departure." in screen


def test_the_agenda_shows_the_urgentie_and_the_key_date(resident):
    step(resident, "urgentie-aangevraagd", "--date", "2026-09-10")
    step(resident, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2026-10-20")
    items = resident.json("agenda", "--days", "28", today="2026-10-01")["items"]
    expires = [i for i in items if i["kind"] == "urgentie_expires"]
    assert [(i["day"], i["household"], i["uid"]) for i in expires] == [
        ("2026-10-20", 1, "urgentie_expires-1-2026-09-01@doorstroom")]
    step(resident, "sleutel", "--date", "2026-10-25")
    items = resident.json("agenda", "--days", "28", today="2026-10-01")["items"]
    assert [(i["kind"], i["day"]) for i in items if i["kind"] in ("urgentie_expires", "key_date")] == [
        ("key_date", "2026-10-25")]
    assert "W1: household 1 gets the key; plan the departure." in resident("agenda", today="2026-10-01").stdout


def test_report_export_and_purge(resident):
    d = resident
    step(d, "ingeschreven", "--date", "2026-09-02", "--corporatie", "Domijn")
    step(d, "urgentie-aangevraagd", "--date", "2026-09-05")
    step(d, "urgentie-besluit", "--date", "2026-09-19", "--result", "toegekend")
    step(d, "aanbod", "--date", "2026-09-20", "--corporatie", "Ons Huis", "--note", "benedenwoning")
    step(d, "aanbod-besluit", "--date", "2026-09-22", "--result", "geaccepteerd")
    step(d, "sleutel", "--date", "2026-09-30")
    d("release", "1", "--destination", "eigen-woning", today="2026-10-01")
    period = ("--from", "2026-09-01", "--to", "2026-09-30")
    figures = d.json("report", *period, today="2026-11-01")
    assert figures["outflow"] == {
        "households": 1, "with_urgentie_request": 1,
        "days_start_to_urgentie_request": {"median": 4, "max": 4},
        "days_request_to_decision": {"median": 14, "max": 14},
        "offers": 1, "offers_refused": 0,
        "refusal_reasons": {"te-klein": 0, "te-duur": 0, "ligging": 0, "staat": 0, "gezondheid": 0, "anders": 0},
        "days_offer_to_key": {"median": 10, "max": 10},
    }
    screen = d("report", *period, today="2026-11-01").stdout
    assert "Route out" in screen and "1 household with a step" in screen
    page = d.db_path.parent / "kwartaal.html"
    assert d("report", *period, "--html", str(page), today="2026-11-01").exit_code == 0
    html = page.read_text(encoding="utf-8")
    assert "<h2>The route out</h2>" in html and "<td>Offer to key</td><td>median 10 days, at most 10</td>" in html
    exported = d("export", *period, today="2026-11-01").stdout
    rows = list(csv.DictReader(io.StringIO(exported.lstrip("\ufeff")), delimiter=";"))
    assert (rows[0]["dagen_tot_urgentieaanvraag"], rows[0]["dagen_aanbod_tot_sleutel"]) == ("4", "10")
    assert "Domijn" not in exported and "benedenwoning" not in exported
    log = d.json("log", "1", today="2026-11-01")
    assert "Domijn" not in json.dumps(log) and "benedenwoning" not in json.dumps(log)
    assert d("purge", "--before", "2026-10-15", "--yes", today="2026-11-01").exit_code == 0
    assert d.json("report", *period, today="2026-11-01") == figures
    assert d("export", *period, today="2026-11-01").stdout == exported
    with sqlite3.connect(d.db_path) as conn:
        assert conn.execute("SELECT count(*), count(corporatie), count(note) FROM outflow_steps").fetchone() == (6, 0, 0)


def test_undo_takes_a_step_back_and_it_can_be_recorded_again(resident):
    step(resident, "sleutel", "--date", "2026-10-20")
    undone = resident.json("undo", "--yes", today="2026-10-01")
    assert undone["undone"]["action"] == "outflow"
    with sqlite3.connect(resident.db_path) as conn:
        assert conn.execute("SELECT count(*) FROM outflow_steps").fetchone() == (0,)
        assert conn.execute("SELECT step, corporatie, note FROM voided_outflow_steps").fetchall() == [
            ("sleutel", None, None)]
    assert step(resident, "sleutel", "--date", "2026-10-21")["id"] == 2  # a fresh id


def test_restore_accepts_the_steps_and_refuses_a_step_the_tool_would_not_write(resident, tmp_path):
    step(resident, "ingeschreven", "--corporatie", "Domijn")
    copy = tmp_path / "kopie.db"
    assert resident("backup", str(copy), today="2026-10-01").exit_code == 0
    assert resident("restore", str(copy), "--yes", today="2026-10-01").exit_code == 0
    bad = tmp_path / "fout.db"
    bad.write_bytes(copy.read_bytes())
    with sqlite3.connect(bad) as conn:
        conn.execute("UPDATE outflow_steps SET step = 'verhuisd'")
    result = resident("restore", str(bad), "--yes", today="2026-10-01")
    assert result.exit_code == 2 and "of table outflow_steps has a value in step" in result.stderr
    early = tmp_path / "vroeg.db"
    early.write_bytes(copy.read_bytes())
    with sqlite3.connect(early) as conn:
        conn.execute("UPDATE outflow_steps SET taken_on = '2026-08-01'")
    result = resident("restore", str(early), "--yes", today="2026-10-01")
    assert result.exit_code == 2 and "lies before its application was registered" in result.stderr


def test_a_missing_step_is_one_sentence_with_the_steps_on_one_line(doorstroom):
    """Found by the red team: Typer's 'Missing argument' listed the steps a
    line each, with a replacement character before each."""
    result = doorstroom("outflow", "1")
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == ("Error: Missing argument 'STEP'. Choose from: ingeschreven, urgentie-aangevraagd, "
                        "urgentie-besluit, beschikking-aangevraagd, beschikking-ontvangen, aanbod, bezichtiging, "
                        "aanbod-besluit, sleutel.")
    assert len(lines) == 2 and "\ufffd" not in result.stderr


def test_the_route_outs_alerts_come_after_the_others_also_aftercares(doorstroom):
    """docs/cli-contract.md: the route out's alert kinds come after the
    others (found by the red team: they came before followup_due)."""
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    assert CliRunner().invoke(app, ["--db", str(doorstroom.db_path), "demo"]).exit_code == 0
    kinds = [alert["kind"] for alert in doorstroom.json("status")["alerts"]]
    route = {"outflow_missing", "outflow_stalled", "urgentie_expiring", "key_date"}
    assert "followup_due" in kinds and route & set(kinds)
    first_route = min(i for i, kind in enumerate(kinds) if kind in route)
    assert all(kind in route for kind in kinds[first_route:])
