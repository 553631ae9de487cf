"""Issue 11, item 1 (periods out of use and stays never overlap) and item 5
(the day the tool acts on), through the command line as a coordinator
meets them."""

from __future__ import annotations

import sqlite3

TODAY = "2026-10-01"


def admit(doorstroom, name, *extra, today=TODAY):
    return doorstroom.json("admit", name, "--urgency", "3", "--alternative", "pleegzorg", *extra, today=today)


def test_no_placement_into_a_dwelling_whose_repair_starts_within_six_weeks(doorstroom):
    assert doorstroom("dwellings", "out", "W1", "--from", "2026-10-20", today=TODAY).exit_code == 0
    refused = doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "pleegzorg",
                         "--dwelling", "W1", today=TODAY)
    assert refused.exit_code == 1 and "goes out of use on 20-10-2026" in refused.stderr
    assert admit(doorstroom, "Jansen")["dwelling"] != "W1"
    next_refused = doorstroom("admit", "--next", "--dwelling", "W1", today=TODAY)
    assert next_refused.exit_code == 1 and "goes out of use on 20-10-2026" in next_refused.stderr
    # On the day itself the resident, had there been one, would show: here W1 is out of use.
    status = doorstroom.json("status", today="2026-10-21")
    w1 = status["dwellings"][0]
    assert (w1["in_use"], w1["stay"], w1["out_of_use"]) == (
        False, None, [{"from": "2026-10-20", "to": None, "reason": None}])
    assert status["occupied"] <= status["capacity"]


def test_a_repair_is_planned_ahead_for_an_occupied_dwelling_and_the_stay_stops_before_it(doorstroom):
    assert admit(doorstroom, "Jansen")["dwelling"] == "W1"  # planned departure 12-11-2026
    today = doorstroom("dwellings", "out", "W1", "--from", TODAY, today=TODAY)
    assert today.exit_code == 1 and "from tomorrow on" in today.stderr
    planned = doorstroom("dwellings", "out", "W1", "--from", "2026-11-20", "--to", "2026-11-30",
                         "--reason", "lekkage", today="2026-10-02")
    assert planned.exit_code == 0, planned.output
    # By hand into the period: refused, and the sentence says to move the household.
    by_hand = doorstroom("extend", "W1", "--weeks", "2", today="2026-11-10")
    assert by_hand.exit_code == 1 and "doorstroom move" in by_hand.stderr
    # The nightly run grants the week that fits (to 19-11) and no more.
    first = doorstroom.json("extend", "--auto", today="2026-11-12")
    assert [(e["old_end"], e["new_end"]) for e in first["extended"]] == [("2026-11-12", "2026-11-19")]
    second = doorstroom.json("extend", "--auto", today="2026-11-19")
    assert second["extended"] == []
    assert second["skipped"] == [{"household": 1, "dwelling": "W1", "reason": "dwelling_out_of_use"}]
    stay = doorstroom.json("status", today="2026-11-19")["dwellings"][0]["stay"]
    assert (stay["end"], stay["extendable"]) == ("2026-11-19", False)


def test_a_run_after_missed_days_says_the_end_the_stopped_stay_now_has(doorstroom):
    """Due on 12-11, no nightly run until 22-11, W1 out of use from 25-11: the
    week to 19-11 fits, the next does not; the sentence names 19-11 (the
    household is overdue), and status agrees."""
    admit(doorstroom, "Jansen")  # planned departure 12-11-2026
    assert doorstroom("dwellings", "out", "W1", "--from", "2026-11-25", today="2026-10-02").exit_code == 0
    run = doorstroom("extend", "--auto", today="2026-11-22")
    assert run.exit_code == 0, run.output
    assert "12-11-2026 -> 19-11-2026" in run.stdout
    assert "end 19-11-2026; a further week would run into its period out of use from 25-11-2026" in run.stdout
    status = doorstroom.json("status", today="2026-11-22")
    assert status["dwellings"][0]["stay"]["end"] == "2026-11-19"
    assert {a["kind"] for a in status["alerts"]} >= {"overdue", "outage_ahead"}


def test_outage_ahead_names_the_dwelling_the_date_and_what_to_do(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("dwellings", "out", "W1", "--from", "2026-10-20", "--reason", "lekkage", today=TODAY)
    early = doorstroom.json("status", today="2026-10-05")
    assert all(a["kind"] != "outage_ahead" for a in early["alerts"])
    near = doorstroom.json("status", today="2026-10-06")
    [alert] = [a for a in near["alerts"] if a["kind"] == "outage_ahead"]
    assert alert["household"] == 1
    assert "W1" in alert["message"] and "20-10-2026" in alert["message"] and "doorstroom move" in alert["message"]


def test_status_and_dwellings_show_the_resident_and_the_period_with_its_reason(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("dwellings", "out", "W1", "--from", "2026-10-20", "--reason", "lekkage", today=TODAY)
    # The household did not leave in time: it is still shown, and counted.
    status = doorstroom.json("status", today="2026-10-21")
    w1 = status["dwellings"][0]
    assert w1["stay"]["household"] == 1 and w1["in_use"] is True
    assert w1["out_of_use"] == [{"from": "2026-10-20", "to": None, "reason": "lekkage"}]
    assert (status["occupied"], status["capacity"]) == (1, 6)
    assert {"overdue", "outage_ahead"} <= {a["kind"] for a in status["alerts"]}
    screen = doorstroom("status", today="2026-10-21").stdout
    assert "1 Jansen" in screen and "lekkage" in screen and "20-10-2026" in screen
    listing = doorstroom("dwellings", today="2026-10-21").stdout.splitlines()[0]
    assert "household 1" in listing and "out of use from 20-10-2026 until further notice (lekkage)" in listing


def test_occupancy_never_exceeds_the_pool_when_a_household_stays_into_a_repair(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("dwellings", "out", "W1", "--from", "2026-10-20", "--to", "2026-10-31", today=TODAY)
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-10-25")
    report = doorstroom.json("report", "--from", "2026-10-01", "--to", "2026-10-31", today="2026-11-01")
    # W1: 24 nights lived (1-24), of which 5 in the planned period (20-24); 7 days out of use (25-31).
    assert report["nights"] == 24
    assert report["capacity_nights"] == 6 * 31 - 7
    assert all(m["nights"] <= m["capacity_nights"] for m in report["monthly"])


def test_capacity_starts_with_the_records(doorstroom):
    admit(doorstroom, "Jansen")  # the first change: 01-10-2026
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-10-31")
    year = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-12-31", today="2027-01-05")
    assert year["capacity_nights"] == 6 * 92  # October to December, not the whole year
    assert year["nights"] == 30
    before = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-06-30", today="2027-01-05")
    assert (before["nights"], before["capacity_nights"]) == (0, 0)
    # A change dated earlier moves the start of the records back.
    admit(doorstroom, "Bakker", today="2026-09-01")
    again = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-12-31", today="2027-01-05")
    assert again["capacity_nights"] == 6 * 122


def test_migration_m009_sets_the_records_days_from_an_existing_database(doorstroom, db_path):
    """A database made before m009 (the steps up to m008, its records written
    as those versions did) gets the first and last day of what it holds."""
    from doorstroom_cli.storage import migrations

    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("BEGIN")
    for step in migrations.STEPS[:8]:  # the schema of a version before m009
        step(conn)
    conn.execute("PRAGMA user_version = 8")
    conn.execute("COMMIT")
    conn.close()
    with sqlite3.connect(db_path) as conn:
        conn.execute("INSERT INTO households (id, name, name_key) VALUES (1, 'Jansen', 'jansen')")
        conn.execute("INSERT INTO applications (id, household_id, registered, urgency, alternative, adults, children)"
                     " VALUES (1, 1, '2026-09-15', 3, 'anders', 1, 0)")
        conn.execute("INSERT INTO audit (recorded_at, business_date, actor, action, household_id, detail)"
                     " VALUES ('2026-10-20T06:00:00+00:00', '2026-10-20', 'oud', 'register', 1, '{}')")
    doorstroom.json("status")
    with sqlite3.connect(db_path) as conn:
        assert dict(conn.execute("SELECT name, value FROM settings WHERE name LIKE 'records_%'")) == {
            "records_from": "2026-09-15", "records_until": "2026-10-20"}


# -- Item 5: the day the tool acts on ------------------------------------------


def test_status_for_a_day_in_the_past_shows_the_pool_as_it_was(doorstroom):
    for name in ("A", "B", "C", "D", "E"):
        admit(doorstroom, f"Gezin {name}", today="2026-10-10")
    admit(doorstroom, "Gezin F", today="2026-10-12")
    admit(doorstroom, "Gezin G", today="2026-10-12")  # waits: the pool is full
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-10-20")
    before = doorstroom.json("status", today="2026-10-11")
    assert (before["occupied"], before["capacity"], before["waitlist"]) == (5, 6, [])
    assert before["recorded_until"] == "2026-10-20"
    past = doorstroom.json("status", today="2026-10-15")
    assert (past["occupied"], past["capacity"]) == (6, 6)
    assert [w["household"] for w in past["waitlist"]] == [7]
    assert doorstroom.json("status", today="2026-09-01")["occupied"] == 0
    screen = doorstroom("status", today="2026-10-15").stdout
    assert "6 of 6 occupied" in screen and "as it was on 15-10-2026" in screen
    now = doorstroom.json("status", today="2026-10-20")
    assert now["recorded_until"] is None and now["occupied"] == 5


def test_a_placement_dated_before_a_later_recorded_stay_cannot_overlap_it(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-10-20")
    placed = admit(doorstroom, "Bakker", today="2026-10-10")
    assert placed["dwelling"] != "W1"
    refused = doorstroom("admit", "Smit", "--urgency", "3", "--alternative", "pleegzorg", "--dwelling", "W1",
                         today="2026-10-10")
    assert refused.exit_code == 1 and "until 20-10-2026" in refused.stderr


def test_a_write_dated_before_the_households_last_event_stays_refused(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("evaluate", "W1", "--cooperation", "volledig", today="2026-10-15")
    before = doorstroom.dump()
    refused = doorstroom("evaluate", "W1", "--cooperation", "onvoldoende", today="2026-10-10")
    assert refused.exit_code == 1 and "before the last evaluation" in refused.stderr
    departure = doorstroom("release", "W1", "--destination", "netwerk", today="2026-09-30")
    assert departure.exit_code == 1 and "before the start of the stay" in departure.stderr
    assert doorstroom.dump() == before


def test_extension_pending_waits_until_the_planned_departure_has_passed(doorstroom):
    admit(doorstroom, "Jansen")  # planned departure 12-11-2026
    doorstroom("evaluate", "W1", "--cooperation", "onvoldoende", today="2026-11-01")
    doorstroom("evaluate", "W1", "--cooperation", "volledig", today="2026-11-12")
    on_the_day = doorstroom.json("status", today="2026-11-12")
    assert all(a["kind"] != "extension_pending" for a in on_the_day["alerts"])
    after = doorstroom.json("status", today="2026-11-13")
    assert "extension_pending" in {a["kind"] for a in after["alerts"]}
