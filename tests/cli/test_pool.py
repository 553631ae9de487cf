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
    assert doorstroom.json("dwellings", "back", "W2") == {"code": "W2", "in_use": True}
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
