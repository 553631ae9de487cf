"""Every command through the command line: behaviour, JSON shapes, exit codes."""

from __future__ import annotations

from datetime import datetime

import json
import stat

import pytest

from doorstroom_cli import __version__

ADMIT_KEYS = {"household", "status", "dwelling", "start", "end", "position", "out_of_order"}


def admit(doorstroom, name, *extra, urgency="3", alternative="pleegzorg", today=None):
    return doorstroom.json(
        "admit", name, "--urgency", urgency, "--alternative", alternative, *extra, today=today
    )


def fill_pool(doorstroom):
    """Six one-person households fill the default pool, smallest dwelling first:
    households 1-6 go to W1, W6, W2, W3, W4, W5."""
    return [admit(doorstroom, f"Household {n}")["household"] for n in range(6)]


# -- status ------------------------------------------------------------------


def test_status_on_a_new_database_shows_the_default_pool(doorstroom, db_path):
    document = doorstroom.json("status")
    assert set(document) == {"today", "recorded_until", "capacity", "occupied", "dwellings", "waitlist", "alerts"}
    assert document["recorded_until"] is None
    assert document["today"] == "2026-11-23"
    assert (document["capacity"], document["occupied"]) == (6, 0)
    assert [d["code"] for d in document["dwellings"]] == ["W1", "W2", "W3", "W4", "W5", "W6"]
    assert all(d == {"code": d["code"], "in_use": True, "out_of_use": [], "stay": None} for d in document["dwellings"])
    assert document["waitlist"] == [] and document["alerts"] == []
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600


def test_status_shows_stays_waitlist_and_alerts(doorstroom):
    fill_pool(doorstroom)
    waiting = admit(doorstroom, "Bakker", "--adults", "2", "--wijk", "Twekkelerveld", urgency="4")
    doorstroom("release", "W4", "--destination", "eigen-woning")
    document = doorstroom.json("status")
    stay = document["dwellings"][0]["stay"]
    assert set(stay) == {"household", "name", "wijk", "start", "end", "extensions", "extendable", "next_evaluation"}
    assert stay["wijk"] is None  # none recorded
    assert (stay["household"], stay["name"], stay["extendable"]) == (1, "Household 0", True)
    assert document["waitlist"] == [
        {"household": waiting["household"], "name": "Bakker", "urgency": 4,
         "registered": "2026-11-23", "persons": 2, "wijk": "Twekkelerveld"}
    ]
    assert document["alerts"] == [
        {"kind": "free_with_waitlist", "household": waiting["household"],
         "message": document["alerts"][0]["message"]}
    ]
    assert "W4" in document["alerts"][0]["message"]


def test_status_screen_fits_80_columns_and_shows_names_literally(doorstroom):
    admit(doorstroom, "[bold]Jansen[/bold] van der Heijden-Oosterbroek")
    for n in range(6):
        admit(doorstroom, f"Wachtende {n}", urgency="2")
    doorstroom("evaluate", "W1", "--cooperation", "onvoldoende", today="2026-12-20")
    result = doorstroom("status", today="2027-01-01")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "[bold]Jansen" in result.stdout
    for word in ("W1", "Waitlist", "Needs attention", "04-01-2027"):
        assert word in result.stdout
    # A long name is cut short; the dates and the last column stay whole.
    w1 = next(line for line in lines if line.lstrip().startswith("W1 "))
    assert "23-11-2026" in w1 and "04-01-2027" in w1 and w1.rstrip().endswith("no")


# -- admit -------------------------------------------------------------------


def test_admit_places_a_household_in_the_smallest_dwelling_that_fits(doorstroom):
    document = admit(doorstroom, "Jansen", "--adults", "2", "--children", "1")
    assert set(document) == ADMIT_KEYS
    assert document == {
        "household": 1, "status": "placed", "dwelling": "W6",
        "start": "2026-11-23", "end": "2027-01-04", "position": None, "out_of_order": False,
    }


def test_admit_puts_a_household_on_the_waitlist_when_nothing_fits(doorstroom):
    fill_pool(doorstroom)
    first = admit(doorstroom, "Bakker", urgency="2")
    second = admit(doorstroom, "Visser", urgency="5")
    assert first["status"] == "waiting" and first["position"] == 1
    assert second["position"] == 1  # more urgent: ahead of Bakker
    assert second["dwelling"] is None and second["start"] is None and second["end"] is None


def test_admit_next_places_the_first_in_line(doorstroom):
    fill_pool(doorstroom)
    low = admit(doorstroom, "Bakker", urgency="2")
    high = admit(doorstroom, "Visser", urgency="5")
    doorstroom("release", "W3", "--destination", "netwerk")
    document = doorstroom.json("admit", "--next")
    assert set(document) == ADMIT_KEYS
    assert (document["household"], document["dwelling"]) == (high["household"], "W3")
    assert low["household"] in [w["household"] for w in doorstroom.json("status")["waitlist"]]


def test_admit_next_refuses_when_nobody_waits(doorstroom):
    result = doorstroom("admit", "--next")
    assert result.exit_code == 1
    assert result.stderr == "Error: No waiting household fits a free dwelling.\n"


def test_admit_a_particular_dwelling_out_of_order_needs_a_reason(doorstroom):
    fill_pool(doorstroom)
    ahead = admit(doorstroom, "Visser", urgency="5")
    doorstroom("release", "W5", "--destination", "netwerk")
    before = doorstroom.dump()
    refused = doorstroom("admit", "Smit", "--urgency", "1", "--alternative", "anders", "--dwelling", "W5")
    assert refused.exit_code == 1
    assert f"Household {ahead['household']} ranks higher" in refused.stderr
    assert doorstroom.dump() == before
    document = admit(doorstroom, "Smit", "--dwelling", "w5", "--reason", "school in de wijk", urgency="1")
    assert document["dwelling"] == "W5"


def test_admit_the_same_household_twice_is_refused_but_readmission_later_works(doorstroom):
    first = admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    result = doorstroom("admit", "jansen ", "--urgency", "2", "--alternative", "anders")
    assert result.exit_code == 1
    assert "already lives in" in result.stderr
    assert doorstroom.dump() == before
    doorstroom("release", str(first["household"]), "--destination", "terug-naar-huis")
    again = admit(doorstroom, "Jansen", today="2026-12-01")
    assert again["household"] == first["household"]
    assert again["status"] == "placed"


@pytest.mark.parametrize(
    "typed", ["Zoe\u0308 Jansen", "ＺＯË ＪＡＮＳＥＮ", "zoë  jansen"], ids=["nfd", "fullwidth", "case"]
)
def test_one_household_however_its_name_is_typed(doorstroom, typed):
    assert admit(doorstroom, "Zoë Jansen")["dwelling"] == "W1"
    before = doorstroom.dump()
    again = doorstroom("admit", typed, "--urgency", "3", "--alternative", "anders")
    assert again.exit_code == 1
    assert again.stderr == (
        "Error: Household 1 (Zoë Jansen) already lives in W1; a household has one stay at a time. "
        "If this is another household, add --new-household.\n"
    )
    assert doorstroom.dump() == before


@pytest.mark.parametrize("invisible", ["\u200b", "\u200e", "\u200f", "\u2060", "\ufeff"])
def test_a_name_with_an_invisible_character_is_refused_at_intake(doorstroom, invisible):
    admit(doorstroom, "Zoë Jansen")
    before = doorstroom.dump()
    result = doorstroom("admit", f"Zo{invisible}ë Jansen", "--urgency", "3", "--alternative", "anders")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: The name contains an invisible character (U+{ord(invisible):04X}); type it without it.\n"
    )
    assert doorstroom.dump() == before


def test_a_name_typed_in_nfd_is_stored_composed(doorstroom, db_path):
    import sqlite3

    admit(doorstroom, "Zoe\u0308 Jansen")
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT name, name_key FROM households").fetchall() == [("Zoë Jansen", "zoe jansen")]


def test_yilmaz_in_capitals_while_yilmaz_waits_is_refused_unless_it_is_another_household(doorstroom, db_path):
    import sqlite3

    fill_pool(doorstroom)
    waiting = admit(doorstroom, "Yılmaz")
    assert (waiting["household"], waiting["status"]) == (7, "waiting")
    before = doorstroom.dump()
    refused = doorstroom("admit", "YILMAZ", "--urgency", "3", "--alternative", "anders")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: Household 7 (Yılmaz) is already on the waitlist; a household has one application at a time. "
        "If this is another household, add --new-household.\n"
    )
    assert doorstroom.dump() == before
    other = admit(doorstroom, "YILMAZ", "--new-household")
    assert (other["household"], other["status"]) == (8, "waiting")
    with sqlite3.connect(db_path) as conn:
        (detail,) = conn.execute(
            "SELECT detail FROM audit WHERE action = 'register' AND household_id = 8"
        ).fetchone()
    assert json.loads(detail)["distinct_from"] == [7]
    assert "YILMAZ" not in detail and "Yılmaz" not in detail


def test_a_returning_household_is_readmitted_by_its_exact_name_or_its_id(doorstroom):
    first = admit(doorstroom, "Yılmaz")
    doorstroom("release", "1", "--destination", "netwerk")
    before = doorstroom.dump()
    other_spelling = doorstroom("admit", "YILMAZ", "--urgency", "3", "--alternative", "anders")
    assert other_spelling.exit_code == 1
    assert other_spelling.stderr == (
        "Error: 'YILMAZ' looks like the name of household 1 (Yılmaz), which has left. To admit that household "
        "again, give its id instead of the name (admit 1 ...); if this is another household, add "
        "--new-household.\n"
    )
    assert doorstroom.dump() == before
    by_id = doorstroom("admit", "1", "--urgency", "3", "--alternative", "anders")
    assert by_id.exit_code == 0, by_id.output
    assert "(re-admission)" in by_id.stdout
    stay = doorstroom.json("status")["dwellings"][0]["stay"]
    assert (stay["household"], stay["name"]) == (first["household"], "Yılmaz")
    doorstroom("release", "1", "--destination", "netwerk")
    assert admit(doorstroom, "Yılmaz")["household"] == first["household"]


def test_admit_by_id_needs_a_household_that_exists_and_no_new_household_option(doorstroom):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    unknown = doorstroom("admit", "99", "--urgency", "3", "--alternative", "anders")
    assert unknown.exit_code == 1 and unknown.stderr == "Error: There is no household 99.\n"
    mixed = doorstroom("admit", "1", "--urgency", "3", "--alternative", "anders", "--new-household")
    assert mixed.exit_code == 2 and "--new-household goes with a name" in mixed.stderr
    living = doorstroom("admit", "1", "--urgency", "3", "--alternative", "anders")
    assert living.exit_code == 1 and "Household 1 already lives in W1" in living.stderr
    assert doorstroom.dump() == before


def test_the_actor_is_recorded_composed_however_it_was_typed(doorstroom, db_path):
    import sqlite3

    doorstroom("admit", "Jansen", "--urgency", "2", "--alternative", "anders", by="coo\u0308rdinator")
    with sqlite3.connect(db_path) as conn:
        assert {actor for (actor,) in conn.execute("SELECT actor FROM audit")} == {"coördinator"}


def test_admit_records_the_actor_in_the_audit_trail(doorstroom, db_path):
    import sqlite3

    doorstroom("admit", "Jansen", "--urgency", "2", "--alternative", "anders",
               "--agreements", "accepteert schuldhulp", by="coördinator")
    with sqlite3.connect(db_path) as conn:
        rows = conn.execute("SELECT actor, action, business_date, detail FROM audit").fetchall()
    assert [(actor, action, day) for actor, action, day, _ in rows] == [
        ("coördinator", "register", "2026-11-23"),
        ("coördinator", "place", "2026-11-23"),
    ]
    assert all("Jansen" not in detail and "schuldhulp" not in detail for *_, detail in rows)


# -- extend ------------------------------------------------------------------


def test_extend_by_hand(doorstroom):
    admit(doorstroom, "Jansen")
    document = doorstroom.json("extend", "W1", "--weeks", "2")
    assert document == {"household": 1, "dwelling": "W1", "old_end": "2027-01-04", "new_end": "2027-01-18"}
    assert doorstroom.json("status")["dwellings"][0]["stay"]["extensions"] == 2


def extend_auto(doorstroom, *arguments, today):
    """``extend --auto --json`` without its ``ran_at`` (the moment of the run,
    which tests/cli/test_json_lines.py checks), once that is seen to be there."""
    document = doorstroom.json("extend", "--auto", *arguments, today=today)
    assert datetime.fromisoformat(document.pop("ran_at")).utcoffset() is not None
    return document


def test_extend_auto_extends_what_is_due_once_and_catches_up(doorstroom):
    admit(doorstroom, "Jansen")  # W1 (houses 2), end 2027-01-04
    admit(doorstroom, "Bakker", "--adults", "2")  # W6 (houses 3), end 2027-01-04
    doorstroom("evaluate", "W6", "--cooperation", "onvoldoende", today="2026-12-20")
    quiet = extend_auto(doorstroom, today="2027-01-03")
    assert quiet == {"date": "2027-01-03", "extended": [], "skipped": []}
    # Missed a week and a half of nightly runs:
    document = extend_auto(doorstroom, today="2027-01-14")
    assert document == {
        "date": "2027-01-14",
        "extended": [{"household": 1, "dwelling": "W1", "old_end": "2027-01-04", "new_end": "2027-01-18"}],
        "skipped": [{"household": 2, "dwelling": "W6", "reason": "not_extendable"}],
    }
    again = extend_auto(doorstroom, today="2027-01-14")
    assert again["extended"] == []
    assert doorstroom.json("status", today="2027-01-14")["dwellings"][0]["stay"]["extensions"] == 2


def test_extend_auto_dry_run_changes_nothing(doorstroom):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    document = extend_auto(doorstroom, "--dry-run", today="2027-01-04")
    assert document["extended"][0]["new_end"] == "2027-01-11"
    assert doorstroom.dump() == before
    text = doorstroom("extend", "--auto", "--dry-run", today="2027-01-04")
    assert text.stdout.startswith("Would extend: Household 1 in W1")


# -- evaluate ----------------------------------------------------------------


def test_evaluate_reports_the_consequence(doorstroom):
    admit(doorstroom, "Jansen")
    document = doorstroom.json("evaluate", "1", "--cooperation", "onvoldoende", "--note", "geen contact", today="2026-12-07")
    assert document == {
        "household": 1, "date": "2026-12-07", "cooperation": "onvoldoende",
        "extendable": False, "end": "2027-01-04", "next_evaluation": "2026-12-21",
    }
    restored = doorstroom.json("evaluate", "W1", "--cooperation", "volledig", today="2026-12-21")
    assert restored["extendable"] is True


# -- release -----------------------------------------------------------------


def test_release_ends_the_stay_and_names_who_is_next(doorstroom):
    fill_pool(doorstroom)
    waiting = admit(doorstroom, "Bakker", "--wijk", "De Laares", urgency="4")
    document = doorstroom.json("release", "W2", "--destination", "omklapwoning", today="2027-01-31")
    assert document == {
        "household": 3, "dwelling": "W2", "start": "2026-11-23", "departure": "2027-01-31",
        "days": 69, "destination": "omklapwoning",
        "next_in_line": {"household": waiting["household"], "urgency": 4, "wijk": "De Laares"},
    }
    assert doorstroom.json("status", today="2027-01-31")["dwellings"][1]["stay"] is None


def test_release_of_a_waiting_household_withdraws_the_application(doorstroom):
    fill_pool(doorstroom)
    waiting = admit(doorstroom, "Bakker")
    document = doorstroom.json("release", str(waiting["household"]), "--destination", "onbekend")
    assert document == {
        "household": waiting["household"], "dwelling": None, "start": None,
        "departure": "2026-11-23", "days": None, "destination": "onbekend", "next_in_line": None,
    }
    assert doorstroom.json("status")["waitlist"] == []


# -- global behaviour ----------------------------------------------------------


def test_version(doorstroom):
    result = doorstroom("--version")
    assert result.exit_code == 0 and result.stdout == f"doorstroom {__version__}\n"


def test_dutch_dates_are_accepted_for_today(doorstroom):
    assert doorstroom.json("status", today="1-12-2026")["today"] == "2026-12-01"


def test_the_default_database_is_private_in_the_users_data_folder(tmp_path):
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    result = CliRunner().invoke(app, ["status", "--json"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "xdg-data" / "doorstroom"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE((folder / "doorstroom.db").stat().st_mode) == 0o600


def test_doorstroom_db_variable_chooses_the_database(tmp_path):
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    chosen = tmp_path / "elsewhere.db"
    result = CliRunner().invoke(app, ["status", "--json"], env={"DOORSTROOM_DB": str(chosen)})
    assert result.exit_code == 0 and chosen.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["admit", "Jansen", "--urgency", "3", "--alternative", "anders"],
        ["extend", "--auto"],
    ],
)
def test_json_output_is_exactly_one_document(doorstroom, command):
    result = doorstroom(*command, "--json")
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert result.stderr == ""


# -- refusals: one sentence on stderr, the contract's exit code, nothing changed --


REFUSALS = [
    # (arguments, exit code, text in the sentence)
    (["release", "99", "--destination", "netwerk"], 1, "Household 99 has no open application or stay."),
    (["release", "W9", "--destination", "netwerk"], 1, "There is no household or dwelling 'W9'."),
    (["evaluate", "W2", "--cooperation", "volledig"], 1, "Dwelling W2 has no resident."),
    (["extend", "42"], 1, "Household 42 has no open application or stay."),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--dwelling", "W1"], 1, "occupied"),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--dwelling", "W7"], 1, "There is no dwelling 'W7'"),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--adults", "9"], 1, "No dwelling in the pool houses 9"),
    (["admit", "Jansen", "--urgency", "3", "--alternative", "anders"], 1, "already lives in W1"),
    (["admit", "   ", "--urgency", "3", "--alternative", "anders"], 2, "The household needs a name."),
    (["admit", "Smit", "--alternative", "anders"], 2, "needs --urgency"),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--reason", "x"], 2, "--reason goes with --dwelling"),
    (["admit", "--next", "--urgency", "3"], 2, "--next places a household"),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--agreements", " "], 2, "cannot be empty"),
    (["extend"], 2, "Give a household id or dwelling code"),
    (["extend", "--auto", "W1"], 2, "takes no REF"),
    (["extend", "W1", "--dry-run"], 2, "--dry-run goes with --auto"),
    (["release", "W1", "--destination", "netwerk", "--note", ""], 2, "cannot be empty"),
    (["--by", " ", "release", "W1", "--destination", "netwerk"], 2, "--by needs a name"),
]


@pytest.mark.parametrize(("arguments", "code", "sentence"), REFUSALS)
def test_refusals_are_one_sentence_and_change_nothing(doorstroom, arguments, code, sentence):
    admit(doorstroom, "Jansen")  # lives in W1
    before = doorstroom.dump()
    result = doorstroom(*arguments)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert sentence in result.stderr
    assert doorstroom.dump() == before


USAGE_ERRORS = [
    ["admit", "Smit", "--urgency", "0", "--alternative", "anders"],
    ["admit", "Smit", "--urgency", "6", "--alternative", "anders"],
    ["admit", "Smit", "--urgency", "3", "--alternative", "hotel"],
    ["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--children", "-1"],
    ["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--adults", "0"],
    ["evaluate", "W1", "--cooperation", "matig"],
    ["release", "W1", "--destination", "hotel"],
    ["extend", "W1", "--weeks", "0"],
    ["status", "--bogus"],
]


@pytest.mark.parametrize("arguments", USAGE_ERRORS)
def test_values_outside_their_range_or_list_are_usage_errors(doorstroom, arguments):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    result = doorstroom(*arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert doorstroom.dump() == before


@pytest.mark.parametrize("today", ["2026-02-30", "tomorrow", "2026-13-01", "30-02-2026"])
def test_a_broken_doorstroom_today_is_refused(doorstroom, today):
    before = doorstroom.dump()
    result = doorstroom("status", today=today)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: DOORSTROOM_TODAY") and result.stderr.count("\n") == 1
    assert doorstroom.dump() == before


def test_actions_dated_before_the_stay_are_refused(doorstroom):
    admit(doorstroom, "Jansen")
    before = doorstroom.dump()
    for arguments in (["release", "W1", "--destination", "netwerk"],
                      ["evaluate", "W1", "--cooperation", "volledig"],
                      ["extend", "W1"]):
        result = doorstroom(*arguments, today="2026-11-20")
        assert result.exit_code == 1
        assert "before the start of the stay (23-11-2026)" in result.stderr
    assert doorstroom.dump() == before


def test_an_unusable_database_path_is_refused(tmp_path):
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    runner = CliRunner()
    missing = runner.invoke(app, ["--db", str(tmp_path / "no" / "such.db"), "status"])
    assert missing.exit_code == 2 and "does not exist" in missing.stderr
    folder = runner.invoke(app, ["--db", str(tmp_path), "status"])
    assert folder.exit_code == 2 and "is a folder" in folder.stderr
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("boodschappen: brood, melk\n" * 100)
    broken = runner.invoke(app, ["--db", str(not_a_database), "status"])
    assert broken.exit_code == 3 and "is not a doorstroom database" in broken.stderr
    assert not_a_database.read_text().startswith("boodschappen")
    for result in (missing, folder, broken):
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_every_command_has_help(doorstroom):
    from doorstroom_cli.cli import app

    from typer.main import get_command

    commands = get_command(app).commands
    assert set(commands) == {
        "admit", "extend", "evaluate", "release", "status", "export", "report", "log", "backup", "restore",
        "purge", "dwellings", "demo", "show", "forecast", "undo", "move", "agenda", "outflow", "followup",
    }
    for name, command in commands.items():
        assert command.help, name
        result = doorstroom(name, "--help")
        assert result.exit_code == 0 and "--json" in result.stdout


# -- log -------------------------------------------------------------------------


def test_log_shows_a_households_trail_newest_first_even_after_it_left(doorstroom):
    admit(doorstroom, "Jansen")
    doorstroom("evaluate", "W1", "--cooperation", "volledig", "--note", "geheim", by="wijkcoach", today="2026-12-01")
    doorstroom("release", "1", "--destination", "netwerk", today="2026-12-10")
    admit(doorstroom, "Bakker", today="2026-12-10")  # W1 is free from the departure on
    document = doorstroom.json("log", "1")
    assert [e["action"] for e in document["entries"]] == ["depart", "evaluate", "place", "register"]
    entry = document["entries"][1]
    assert set(entry) == {"id", "recorded_at", "date", "actor", "action", "household", "detail", "undone_by"}
    assert (entry["date"], entry["actor"], entry["household"]) == ("2026-12-01", "wijkcoach", 1)
    assert entry["detail"] == {"stay": 1, "cooperation": "volledig", "note": True}
    assert "geheim" not in json.dumps(document) and "Jansen" not in json.dumps(document)
    everything = doorstroom.json("log", "--limit", "2")["entries"]
    assert [e["household"] for e in everything] == [2, 2]
    assert doorstroom.json("log", "W1")["entries"][0]["household"] == 2


BAD_DETAILS = ["{not json", "[1, 2]", "null", '"a string"', "[" * 100_000, "\u00e9"]
"""Audit details no version of the tool writes (a bug in an old one, or an
edit behind its back): each must leave log readable."""


def add_audit_rows(db_path, household: int, action: str, details: list) -> None:
    import sqlite3

    with sqlite3.connect(db_path) as conn:  # INSERT is allowed; UPDATE and DELETE are not
        for detail in details:
            conn.execute(
                "INSERT INTO audit (recorded_at, business_date, actor, action, household_id, detail)"
                " VALUES ('2026-11-23T06:00:00+00:00', '2026-11-23', 'oud', ?, ?, ?)",
                (action, household, detail),
            )
    conn.close()


def test_log_shows_an_entry_whose_detail_cannot_be_read_instead_of_crashing(doorstroom, db_path):
    admit(doorstroom, "Jansen")
    add_audit_rows(db_path, 1, "evaluate", [*BAD_DETAILS, b"\xff\xfe"])
    count = len(BAD_DETAILS) + 1
    for arguments in (["log"], ["log", "1"], ["log", "W1"]):
        result = doorstroom(*arguments)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert sum("the details of this entry cannot be read" in line for line in lines) == count
        assert "evaluate household 1" in lines[0] and "by oud" in lines[0]
    entries = doorstroom.json("log", "1")["entries"]
    unreadable, readable = entries[:count], entries[count:]
    assert all(e["detail"] is None and e["detail_unreadable"] is True for e in unreadable)
    assert all(isinstance(e["detail"], dict) and "detail_unreadable" not in e for e in readable)
    assert [e["action"] for e in readable] == ["place", "register"]


def test_log_of_an_unknown_household_is_refused(doorstroom):
    result = doorstroom("log", "42")
    assert result.exit_code == 1 and result.stderr == "Error: There is no household 42.\n"


def test_a_database_others_can_read_is_warned_about_with_the_fix(doorstroom, db_path):
    admit(doorstroom, "Jansen")
    db_path.chmod(0o644)
    result = doorstroom("status", "--json")
    assert result.exit_code == 0
    json.loads(result.stdout)
    assert result.stderr.count("Warning:") == 1
    assert f"chmod 600 '{db_path}'" in result.stderr
    db_path.chmod(0o600)
    assert doorstroom("status", "--json").stderr == ""


def test_shell_completion_offers_dwellings_and_open_households(doorstroom, db_path):
    from doorstroom_cli.cli import app

    admit(doorstroom, "Jansen")
    admit(doorstroom, "Bakker")
    doorstroom("release", "2", "--destination", "netwerk")
    env = {"_DOORSTROOM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "doorstroom evaluate ",
           "DOORSTROOM_DB": str(db_path)}
    result = doorstroom.runner.invoke(app, [], env=env, prog_name="doorstroom")
    assert '"W1":"Jansen"' in result.stdout and '"W2":"free"' in result.stdout
    assert '"1":"Jansen"' in result.stdout and '"2":' not in result.stdout  # 2 has left
    env["_TYPER_COMPLETE_ARGS"] = "doorstroom evaluate W"
    only_codes = doorstroom.runner.invoke(app, [], env=env, prog_name="doorstroom")
    assert '"1":' not in only_codes.stdout and '"W6":' in only_codes.stdout




def test_completing_a_command_name_gives_each_command_its_short_help(doorstroom, db_path):
    """The names and zsh's hints come from the registry without building a
    command (tests/cli/test_imports.py), and say what the commands' own
    short help says (the same output as when every command was built)."""
    from doorstroom_cli.cli import app

    def complete(typed: str, language: str) -> str:
        env = {"_DOORSTROOM_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": f"doorstroom {typed}",
               "DOORSTROOM_DB": str(db_path), "DOORSTROOM_LANG": language}
        return doorstroom.runner.invoke(app, [], env=env, prog_name="doorstroom").stdout

    assert complete("d", "nl") == (
        "_arguments '*: :((\"demo\":\"Vul een aparte demodatabase met een...\"\n"
        "\"dwellings\":\"Toon de woningen\\\\: capaciteit, bewoner en...\"))'\n"
    )
    assert complete("re", "en") == (
        "_arguments '*: :((\"release\":\"Departure\\\\: end the stay today and free the...\"\n"
        "\"report\":\"Figures for the gemeente\\\\: occupancy,...\"\n"
        "\"restore\":\"Replace the database with a backup; the...\"))'\n"
    )
    assert "--db" in complete("--", "en") and "--version" in complete("--", "en")
