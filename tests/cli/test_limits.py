"""No date or number can brick the database or hold the lock (issue 10, item 5).

Every date doorstroom accepts lies between 2000-01-01 and 2099-12-31; --weeks,
--limit and --max-persons have a ceiling; a household id too large for SQLite
names no household. Each case ends in one sentence and the contract's exit
code, and the database stays exactly as it was.
"""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from doorstroom_cli import clock, service

from doorstroom_cli.core import rules
from doorstroom_cli.clock import fixed
from doorstroom_cli.core.errors import EnvironmentFailure, InvalidInput, NotFound, Refused
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"
TODAY = date(2026, 11, 23)
ADMIT = ["admit", "Smit", "--urgency", "3", "--alternative", "anders"]
DANGLING = "<dangling link>"

CASES = [
    # (arguments, DOORSTROOM_TODAY or None, exit code, words in the sentence)
    pytest.param(ADMIT, "9999-12-25", 2, "outside the dates", id="today-9999"),
    pytest.param(["status"], "25-12-9999", 2, "outside the dates", id="today-9999-dutch"),
    pytest.param(["status"], "1999-12-31", 2, "01-01-2000 to 31-12-2099", id="today-1999"),
    pytest.param(["extend", "--auto"], "2100-01-01", 2, "DOORSTROOM_TODAY", id="today-2100"),
    pytest.param(["export", "--from", "9999-12-25"], None, 2, "--from '9999-12-25'", id="export-from"),
    pytest.param(["export", "--to", "31-12-2100"], None, 2, "--to '31-12-2100'", id="export-to"),
    pytest.param(["report", "--from", "1999-12-31"], None, 2, "outside the dates", id="report-from"),
    pytest.param(["report", "--to", "9999-12-31"], None, 2, "outside the dates", id="report-to"),
    pytest.param(["dwellings", "out", "W2", "--from", "9999-12-25"], None, 2, "outside the dates",
                 id="out-from"),
    pytest.param(["dwellings", "out", "W2", "--from", "2026-12-01", "--to", "9999-12-31"], None, 2,
                 "outside the dates", id="out-to"),
    pytest.param(["purge", "--before", "0001-01-01", "--yes"], None, 2, "outside the dates", id="purge-before"),
    pytest.param(["extend", "W1", "--weeks", "53"], None, 2, "a number from 1 to 52, not", id="weeks-53"),
    pytest.param(["extend", "W1", "--weeks", "1000000000"], None, 2, "a number from 1 to 52, not", id="weeks-huge"),
    pytest.param(["log", "--limit", "100001"], None, 2, "a number from 1 to 100000, not", id="limit"),
    pytest.param(["log", "--limit", "99999999999999999999"], None, 2, "a number from 1 to 100000, not", id="limit-huge"),
    pytest.param(["dwellings", "set", "W1", "--max-persons", "21"], None, 2, "a number from 1 to 20, not", id="persons"),
    pytest.param(["dwellings", "set", "W1", "--max-persons", "99999999999999999999"], None, 2, "a number from 1 to 20, not",
                 id="persons-huge"),
    pytest.param(["log", "99999999999999999999"], None, 1, "There is no household 99999999999999999999.",
                 id="log-id-huge"),
    pytest.param(["log", str(2**63)], None, 1, f"There is no household {2**63}.", id="log-id-2**63"),
    pytest.param(["show", str(2**63)], None, 1, f"There is no household {2**63}.", id="show-id-2**63"),
    pytest.param(["release", "1" * 5000, "--destination", "netwerk"], None, 1, "There is no household 111",
                 id="release-id-5000-digits"),
    pytest.param(["--db", DANGLING, "status"], None, 2, "which does not exist", id="dangling-db-link"),
]


@pytest.mark.parametrize(("arguments", "today", "code", "words"), CASES)
def test_no_date_or_number_outside_its_limits_gets_further_than_one_sentence(
    doorstroom, tmp_path, arguments, today, code, words
):
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")  # lives in W1
    before = doorstroom.dump()
    link = tmp_path / "gone.db"
    link.symlink_to(tmp_path / "moved" / "doorstroom.db")
    arguments = [str(link) if argument == DANGLING else argument for argument in arguments]
    result = doorstroom(*arguments, today=today)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert "Traceback" not in result.output
    sentences = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(sentences) == 1 and words in sentences[0], result.stderr
    if words.startswith("a number"):  # a usage error says where the help is, on a line of its own
        assert result.stderr.splitlines()[1].startswith("See 'doorstroom "), result.stderr
    else:
        assert result.stderr.count("\n") == 1, result.stderr
    assert doorstroom.dump() == before
    assert not (tmp_path / "moved").exists()


# -- Dates computed from accepted ones stay near the window ------------------------


def test_a_stay_near_the_end_of_the_window_computes_its_dates_and_refuses_to_pass_it(doorstroom):
    placed = doorstroom.json("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2099-11-19")
    assert placed["end"] == "2099-12-31"
    late = doorstroom.json("admit", "Bakker", "--urgency", "3", "--alternative", "anders", today="2099-12-31")
    assert late["end"] == "2100-02-11"  # six weeks after the last day: rules.LAST_PLANNED_DEPARTURE
    plan = doorstroom.json("extend", "--auto", today="2099-12-31")
    assert [(e["household"], e["new_end"]) for e in plan["extended"]] == [(1, "2100-01-07")]
    assert doorstroom.json("status", today="2099-12-31")["today"] == "2099-12-31"
    before = doorstroom.dump()
    refused = doorstroom("extend", str(late["household"]), today="2099-12-31")
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: An extension to 18-02-2100 would take the stay past 11-02-2100, "
        "the last planned departure doorstroom works with.\n"
    )
    assert doorstroom.dump() == before


def test_the_core_holds_the_limits_for_callers_other_than_the_command_line():
    stay = rules.Stay(1, rules.Application(1, 1, TODAY, 3, 1, 0), "W1", TODAY)
    with pytest.raises(InvalidInput, match="at most 52 weeks"):
        rules.extend_by_hand(stay, 53, TODAY)
    assert len(rules.extend_by_hand(stay, 52, TODAY).weeks) == 52
    pool = rules.Pool((rules.Dwelling("W1", "", "", 2),))
    with pytest.raises(InvalidInput, match="at most 20 persons"):
        rules.check_capacity_change(pool, "W1", 21)
    assert rules.household_number(str(2**63 - 1)) == 2**63 - 1
    assert rules.household_number("007") == 7
    for huge in (str(2**63), "9" * 20, "1" * 5000):
        with pytest.raises(NotFound, match="There is no household"):
            rules.household_number(huge)


def test_the_log_limit_holds_in_the_service_too(db_path):
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        with pytest.raises(InvalidInput, match="from 1 to 100000 entries"):
            service.log(store, TODAY, None, 100_001)
        assert service.log(store, TODAY, None, 100_000) == []


def test_a_computer_clock_outside_the_window_is_an_environment_failure(monkeypatch):
    class Year2100(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2100, 1, 1, 12, tzinfo=tz)

    monkeypatch.setattr(clock, "datetime", Year2100)
    with pytest.raises(EnvironmentFailure, match="The computer's clock says 2100-01-01") as caught:
        clock.today({})
    assert caught.value.exit_code == 3


# -- A database an older version already bricked ---------------------------------


BRICKED_COMMANDS = [
    ["status"],
    ["extend", "--auto"],
    ["export"],
    ["release", "W1", "--destination", "netwerk"],
    ["evaluate", "1", "--cooperation", "volledig"],
    ["dwellings"],
]


@pytest.mark.parametrize("arguments", BRICKED_COMMANDS, ids=" ".join)
def test_a_stored_date_outside_the_window_is_named_in_one_sentence(doorstroom, db_path, arguments):
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")
    with sqlite3.connect(db_path) as conn:  # what DOORSTROOM_TODAY=9999-12-25 left behind
        conn.execute("UPDATE stays SET start = '9999-12-25'")
    before = doorstroom.dump()
    result = doorstroom(*arguments)
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert "holds the date 9999-12-25 for household 1" in result.stderr
    assert "doorstroom restore FILE" in result.stderr
    assert doorstroom.dump() == before


@pytest.mark.slow
@pytest.mark.parametrize("arguments", [["status"], ["export"], ["report", "--from", "2026-10-01"]], ids=" ".join)
def test_extensions_an_older_version_piled_up_cannot_overflow_the_calendar(doorstroom, db_path, arguments):
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")
    with sqlite3.connect(db_path) as conn:  # 'extend W1 --weeks 420000': past 9999-12-31
        conn.executemany(
            "INSERT INTO extensions (stay_id, granted_on, tacit) VALUES (1, '2026-11-23', 0)",
            ((),) * 420_000,
        )
    result = doorstroom(*arguments)
    assert result.exit_code == 3, result.output
    assert result.stderr.count("\n") == 1
    assert "holds 420000 weeks of extension for household 1" in result.stderr


def test_a_stored_date_of_an_evaluation_or_departure_is_checked_too(doorstroom, db_path):
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")
    doorstroom("admit", "Bakker", "--urgency", "3", "--alternative", "anders")
    doorstroom("evaluate", "W1", "--cooperation", "volledig")
    doorstroom("release", "2", "--destination", "netwerk")
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE evaluations SET held_on = '9999-12-30'")
        conn.execute("UPDATE closures SET closed_on = '1970-01-01'")
    status = doorstroom("status")
    assert status.exit_code == 3 and "9999-12-30 for household 1" in status.stderr
    export = doorstroom("export")
    assert export.exit_code == 3 and "1970-01-01 for household 2" in export.stderr
