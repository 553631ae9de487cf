"""The pool: a dwelling can change, be out of use for a period and come back,
but never with a resident inside or too small for them."""

from __future__ import annotations

from datetime import date

from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import InvalidInput, Refused

import pytest

TODAY = date(2026, 11, 23)
POOL = rules.Pool((rules.Dwelling("W1", "W1", "Centrum", 4), rules.Dwelling("W2", "W2", "Noord", 2)))


def living(persons: int) -> rules.Pool:
    stay = rules.Stay(1, rules.Application(1, 1, TODAY, 3, persons, 0), "W1", TODAY)
    return rules.Pool(POOL.dwellings, (stay,))


def test_capacity_cannot_drop_below_the_household_living_there():
    assert rules.check_capacity_change(living(3), "W1", 3).code == "W1"
    with pytest.raises(Refused, match="3 persons"):
        rules.check_capacity_change(living(3), "W1", 2)
    with pytest.raises(InvalidInput):
        rules.check_capacity_change(POOL, "W2", 0)


def test_a_dwelling_with_a_resident_cannot_go_out_of_use_before_they_leave():
    pool = living(1)
    with pytest.raises(Refused, match="with a resident"):
        rules.check_out_of_use(pool, "W1", TODAY, None, TODAY)
    after_the_stay = TODAY.replace(year=2027)
    assert rules.check_out_of_use(pool, "W1", after_the_stay, None, TODAY).code == "W1"
    with pytest.raises(Refused, match="today or later"):
        rules.check_out_of_use(POOL, "W2", date(2026, 11, 1), None, TODAY)
    with pytest.raises(InvalidInput, match="before it begins"):
        rules.check_out_of_use(POOL, "W2", TODAY, date(2026, 11, 1), TODAY)


def test_periods_out_of_use_of_one_dwelling_never_overlap():
    """A second period is refused when it shares a day with one not ended;
    one that begins the day after the other's last day is fine."""
    pool = rules.Pool((rules.Dwelling("W2", "W2", "Noord", 2, outages=(
        rules.OutOfUse(date(2026, 12, 1), date(2026, 12, 10)), rules.OutOfUse(date(2027, 1, 10), None))),))
    for first, last in [(date(2026, 12, 10), None), (TODAY, date(2026, 12, 1)), (date(2026, 12, 3), date(2026, 12, 4)),
                        (TODAY, None), (date(2027, 3, 1), date(2027, 3, 2))]:
        with pytest.raises(Refused, match="already out of use .*do not overlap"):
            rules.check_out_of_use(pool, "W2", first, last, TODAY)
    assert rules.check_out_of_use(pool, "W2", date(2026, 12, 11), date(2027, 1, 9), TODAY).code == "W2"
    assert rules.check_out_of_use(pool, "W2", TODAY, date(2026, 11, 30), TODAY).code == "W2"


def test_back_ends_the_period_of_today_or_else_withdraws_the_next_planned_one():
    planned = rules.OutOfUse(date(2026, 12, 1), date(2026, 12, 10), "lekkage")
    later = rules.OutOfUse(date(2027, 1, 10), None)
    pool = rules.Pool((rules.Dwelling("W2", "W2", "Noord", 2, outages=(later, planned)),))
    assert rules.back_in_use(pool, "W2", TODAY) == rules.BackInUse(pool.dwellings[0], withdrawn=planned)
    now = rules.OutOfUse(date(2026, 11, 20), None)
    begun = rules.Pool((rules.Dwelling("W2", "W2", "Noord", 2, in_use=False, outages=(now, planned)),))
    assert rules.back_in_use(begun, "W2", TODAY) == rules.BackInUse(begun.dwellings[0], ending=(now,))
    with pytest.raises(Refused, match="no period out of use is planned"):
        rules.back_in_use(POOL, "W2", TODAY)


def admit(doorstroom, name, persons="1", today=None):
    return doorstroom.json("admit", name, "--urgency", "3", "--alternative", "anders",
                           "--adults", persons, today=today)


def test_an_out_of_use_dwelling_is_shown_never_offered_and_adds_no_capacity(doorstroom):
    assert doorstroom("dwellings", "out", "W1", "--from", "2026-11-23", "--to", "2026-11-30",
                      "--reason", "schilderwerk").exit_code == 0
    status = doorstroom.json("status")
    assert status["capacity"] == 5 and status["dwellings"][0]["in_use"] is False
    assert admit(doorstroom, "Jansen")["dwelling"] == "W6"  # W1 (the smallest) is skipped
    refused = doorstroom("admit", "Bakker", "--urgency", "3", "--alternative", "anders", "--dwelling", "W1")
    assert refused.exit_code == 1 and "out of use" in refused.stderr
    listing = doorstroom.json("dwellings")["dwellings"][0]
    assert listing["out_of_use"] == [{"from": "2026-11-23", "to": "2026-11-30", "reason": "schilderwerk"}]
    # After the period it is in use again by itself.
    assert doorstroom.json("status", today="2026-12-01")["capacity"] == 6
    report = doorstroom.json("report", "--from", "2026-11-01", "--to", "2026-11-30", today="2026-12-01")
    # The records begin on 23-11 (the first change): 6 dwellings x 8 nights, minus W1's 8.
    assert report["capacity_nights"] == 6 * 8 - 8


def test_back_in_use_ends_the_period_today(doorstroom):
    doorstroom("dwellings", "out", "W2", "--from", "2026-11-20", today="2026-11-20")
    assert doorstroom.json("status")["capacity"] == 5
    assert doorstroom.json("dwellings", "back", "W2") == {"code": "W2", "in_use": True, "withdrawn": None}
    assert doorstroom.json("status")["capacity"] == 6
    periods = doorstroom.json("dwellings")["dwellings"][1]["out_of_use"]
    assert periods == []  # ended yesterday: nothing left from today on
    again = doorstroom("dwellings", "back", "W2")
    assert again.exit_code == 1 and "is not out of use" in again.stderr


def test_changing_a_dwelling_and_its_refusals_change_nothing(doorstroom):
    admit(doorstroom, "Jansen", persons="2")  # W1, houses 2
    assert doorstroom.json("dwellings", "set", "W3", "--label", "Woning Oost", "--max-persons", "5") == {
        "code": "W3", "label": "Woning Oost", "wijk": "Oost", "max_persons": 5,
    }
    before = doorstroom.dump()
    for arguments, code, sentence in (
        (["dwellings", "set", "W1", "--max-persons", "1"], 1, "cannot house fewer"),
        (["dwellings", "out", "W1", "--from", "2026-11-23"], 1, "with a resident"),
        (["dwellings", "set", "W9", "--wijk", "Zuid"], 1, "no dwelling 'W9'"),
        (["dwellings", "set", "W2"], 2, "Say what to change"),
        (["dwellings", "set", "W2", "--label", "\x1b[2J"], 2, "control character"),
        (["dwellings", "out", "W2", "--from", "30-02-2027"], 2, "not a date that exists"),
    ):
        result = doorstroom(*arguments)
        assert result.exit_code == code, (arguments, result.output)
        assert sentence in result.stderr and result.stderr.count("\n") == 1
    assert doorstroom.dump() == before
    assert "W3  Woning Oost, Oost, at most 5 persons: free" in doorstroom("dwellings").stdout


def test_the_listing_says_out_of_use_once_with_its_period(doorstroom):
    """Issue 13 §3: "buiten gebruik; buiten gebruik 15-09-2026" said it twice.
    A period that runs today stands in for the bare word; a later one follows."""
    doorstroom("dwellings", "out", "W2", "--from", "2026-11-23", "--to", "2026-11-30", "--reason", "lekkage")
    doorstroom("dwellings", "out", "W2", "--from", "2026-12-10")
    line = doorstroom("dwellings").stdout.splitlines()[1]
    assert line == ("W2  Woning 2, Noord, at most 4 persons: out of use 23-11-2026 to 30-11-2026 (lekkage); "
                    "out of use from 10-12-2026 until further notice")
    free = doorstroom("dwellings").stdout.splitlines()[2]
    assert free.endswith(": free")
def test_an_overlapping_period_is_refused_with_a_sentence_and_nothing_stored(doorstroom):
    assert doorstroom("dwellings", "out", "W3", "--from", "2026-12-01", "--to", "2026-12-10",
                      "--reason", "lekkage").exit_code == 0
    before = doorstroom.dump()
    refused = doorstroom("dwellings", "out", "W3", "--from", "2026-12-10", "--json")
    assert (refused.exit_code, refused.stdout) == (1, "")
    assert refused.stderr == (
        "Error: Dwelling W3 is already out of use 01-12-2026 to 10-12-2026; periods out of use do not overlap. "
        "'doorstroom dwellings back W3' ends or withdraws it.\n")
    assert doorstroom.dump() == before
    assert doorstroom("dwellings", "out", "W3", "--from", "2026-12-11").exit_code == 0  # the day after: fine


def test_back_withdraws_a_planned_period_with_its_audit_row_and_undo_restores_it(doorstroom):
    assert doorstroom("dwellings", "out", "W3", "--from", "2026-12-01", "--to", "2026-12-10",
                      "--reason", "lekkage").exit_code == 0
    assert doorstroom("dwellings", "out", "W3", "--from", "2027-01-04", today="2026-11-24").exit_code == 0
    back = doorstroom("dwellings", "back", "W3", today="2026-11-25")
    assert back.exit_code == 0, back.output
    assert back.stdout == ("W3: the period out of use 01-12-2026 to 10-12-2026 (lekkage) is withdrawn; "
                           "W3 stays in use.\n")
    periods = doorstroom.json("dwellings", today="2026-11-25")["dwellings"][2]["out_of_use"]
    assert periods == [{"from": "2027-01-04", "to": None, "reason": None}]  # the next one stays planned
    [entry] = doorstroom.json("log", "--limit", "1", today="2026-11-25")["entries"]
    assert (entry["action"], entry["detail"]["dwelling"], entry["detail"]["withdrawn_from"]) == (
        "back_in_use", "W3", "2026-12-01")
    assert "the period out of use of dwelling W3 from 01-12-2026 withdrawn" in doorstroom(
        "log", "--limit", "1", today="2026-11-25").stdout
    undone = doorstroom("undo", "--yes", today="2026-11-25")
    assert undone.exit_code == 0 and "the withdrawal of W3's period out of use from 01-12-2026" in undone.stdout
    periods = doorstroom.json("dwellings", today="2026-11-25")["dwellings"][2]["out_of_use"]
    assert [p["from"] for p in periods] == ["2026-12-01", "2027-01-04"] and periods[0]["reason"] == "lekkage"
    # Withdrawn again, and then the next: as JSON; with none left, refused.
    assert doorstroom.json("dwellings", "back", "W3", today="2026-11-25")["withdrawn"] == {
        "from": "2026-12-01", "to": "2026-12-10"}
    assert doorstroom.json("dwellings", "back", "W3", today="2026-11-25") == {
        "code": "W3", "in_use": True, "withdrawn": {"from": "2027-01-04", "to": None}}
    none_left = doorstroom("dwellings", "back", "W3", today="2026-11-25")
    assert none_left.exit_code == 1 and "no period out of use is planned" in none_left.stderr


def test_withdrawing_a_planned_period_speaks_dutch(doorstroom):
    from doorstroom_cli.cli import app

    doorstroom("dwellings", "out", "W3", "--from", "2026-12-01")
    prefix = ["--db", str(doorstroom.db_path)]
    overlap = doorstroom.runner.invoke(app, [*prefix, "dwellings", "out", "W3", "--from", "2026-12-05"],
                                       env={"DOORSTROOM_LANG": "nl"})
    assert overlap.exit_code == 1
    assert overlap.stderr.startswith("Fout: Woning W3 is al buiten gebruik vanaf 01-12-2026 tot nader order;")
    back = doorstroom.runner.invoke(app, [*prefix, "dwellings", "back", "W3"], env={"DOORSTROOM_LANG": "nl"})
    assert back.stdout == ("W3: de periode buiten gebruik vanaf 01-12-2026 tot nader order is ingetrokken; "
                           "W3 blijft in gebruik.\n")
