"""Issue 11, item 3: placing a chosen waiting household, and the dwelling
kept for the one household it fits (admit --next --household, only_fits).

In the shipped pool only W5 houses six persons, so a household of six fits
W5 alone. The story of the issue: W5 came free, and `admit --next --dwelling
W5` gave it to a couple that ranked higher, while a family of six that fits
only W5 kept waiting; `--next --reason` was refused, so nothing could be done.
"""

from __future__ import annotations

import json

import pytest

from doorstroom_cli.cli import app

ADMIT_KEYS = {"household", "status", "dwelling", "start", "end", "position", "out_of_order"}


def admit(doorstroom, name, *extra, urgency="3", alternative="pleegzorg", today=None):
    return doorstroom.json(
        "admit", name, "--urgency", urgency, "--alternative", alternative, *extra, today=today
    )


def fill_pool(doorstroom, today=None):
    """Six one-person households fill the default pool, smallest dwelling first:
    households 1-6 go to W1, W6, W2, W3, W4, W5."""
    return [admit(doorstroom, f"Household {n}", today=today)["household"] for n in range(6)]


PLACEMENT_ALERTS = {"free_with_waitlist", "only_fits"}  # the others are about the stays


def issue_11(doorstroom):
    """The pool full, a family of six waiting since 10-10, a couple (urgency 4)
    ranked above it since 20-11; W5 comes free on 23-11."""
    fill_pool(doorstroom, today="2026-10-01")  # households 1-6 in W1, W6, W2, W3, W4, W5
    family = admit(doorstroom, "Gezin Groot", "--adults", "2", "--children", "4", today="2026-10-10")
    couple = admit(doorstroom, "Stel Klein", "--adults", "2", urgency="4", today="2026-11-20")
    assert (family["status"], couple["status"]) == ("waiting", "waiting")
    doorstroom("release", "W5", "--destination", "eigen-woning")
    return family["household"], couple["household"]


def test_status_marks_the_family_that_fits_only_w5(doorstroom):
    family, couple = issue_11(doorstroom)
    document = doorstroom.json("status")
    assert [w["household"] for w in document["waitlist"]] == [couple, family]
    assert [a for a in document["alerts"] if a["kind"] in PLACEMENT_ALERTS] == [
        {"kind": "free_with_waitlist", "household": family,
         "message": f"W5 is free and household {family} fits: 'doorstroom admit --next' places it."},
        {"kind": "only_fits", "household": family,
         "message": f"Household {family} fits only W5 of the pool; 'doorstroom admit --next' keeps W5 for "
                    "it while it waits."},
    ]


def test_w5_goes_to_the_family_that_fits_only_w5_in_order(doorstroom):
    family, couple = issue_11(doorstroom)
    document = doorstroom.json("admit", "--next", "--dwelling", "W5")
    assert set(document) == ADMIT_KEYS
    assert document == {
        "household": family, "status": "placed", "dwelling": "W5", "start": "2026-11-23",
        "end": "2027-01-04", "position": None, "out_of_order": False,
    }
    # The couple still waits, and nothing is marked any more.
    status = doorstroom.json("status")
    assert [w["household"] for w in status["waitlist"]] == [couple]
    assert [a for a in status["alerts"] if a["kind"] in PLACEMENT_ALERTS] == []


def test_the_release_names_the_family_as_next_for_w5(doorstroom):
    fill_pool(doorstroom, today="2026-10-01")
    family = admit(doorstroom, "Gezin Groot", "--adults", "2", "--children", "4", today="2026-10-10")
    admit(doorstroom, "Stel Klein", "--adults", "2", urgency="4", today="2026-11-20")
    document = doorstroom.json("release", "W5", "--destination", "eigen-woning")
    assert document["next_in_line"] == {"household": family["household"], "urgency": 3, "wijk": None}


def test_the_chosen_family_needs_no_reason_for_w5(doorstroom):
    family, couple = issue_11(doorstroom)
    document = doorstroom.json("admit", "--next", "--household", str(family), "--dwelling", "W5")
    assert (document["household"], document["dwelling"], document["out_of_order"]) == (family, "W5", False)


def test_without_dwelling_the_chosen_household_gets_the_smallest_that_fits(doorstroom):
    family, couple = issue_11(doorstroom)
    doorstroom("release", "W1", "--destination", "netwerk")  # W1 houses two
    result = doorstroom("admit", "--next", "--household", str(couple))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Household {couple} is placed in W1 from 23-11-2026; planned departure 04-01-2027.\n"
    )


def test_giving_w5_to_the_couple_needs_a_reason_and_is_recorded_out_of_order(doorstroom):
    family, couple = issue_11(doorstroom)
    before = doorstroom.dump()
    for arguments in (["--household", str(couple)], ["--household", str(couple), "--dwelling", "w5"]):
        refused = doorstroom("admit", "--next", *arguments)
        assert refused.exit_code == 1
        assert refused.stdout == ""
        assert refused.stderr == (
            f"Error: Household {family} fits only W5 of the pool, so W5 is kept for it; give --reason to "
            "place out of order.\n"
        )
        assert doorstroom.dump() == before
    result = doorstroom("admit", "--next", "--household", str(couple), "--reason", "medische urgentie")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Household {couple} is placed in W5 from 23-11-2026; planned departure 04-01-2027. "
        f"Recorded as placed out of order, ahead of household {family}.\n"
    )
    placed = doorstroom.json("show", str(couple))["timeline"][-1]
    assert placed == {"date": "2026-11-23", "event": "placed", "dwelling": "W5", "out_of_order": True,
                      "reason": "medische urgentie", "waited_days": 3}
    assert "placed in W5 after 3 days on the waitlist out of order (medische urgentie)" in (
        doorstroom("show", str(couple)).stdout
    )
    entry = doorstroom.json("log", str(couple), "--limit", "1")["entries"][0]
    assert entry["action"] == "place"
    assert entry["detail"]["out_of_order"] is True and entry["detail"]["passed_over"] == family
    # The reason is a free text: kept with the stay, never in the audit trail.
    assert "medische" not in json.dumps(doorstroom.json("log", "--limit", "100"))
    assert f"(out of order, passing over household {family})" in doorstroom("log", str(couple)).stdout


def test_next_with_a_reason_gives_w5_in_rank_order_out_of_order(doorstroom):
    family, couple = issue_11(doorstroom)
    document = doorstroom.json("admit", "--next", "--reason", "acuut")
    assert (document["household"], document["dwelling"], document["out_of_order"]) == (couple, "W5", True)


def test_a_chosen_household_ahead_of_a_higher_ranked_one_needs_a_reason(doorstroom):
    fill_pool(doorstroom)
    high = admit(doorstroom, "Visser", urgency="5")["household"]
    low = admit(doorstroom, "Smit", urgency="1")["household"]
    doorstroom("release", "W3", "--destination", "netwerk")
    refused = doorstroom("admit", "--next", "--household", str(low))
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: Household {high} ranks higher and fits W3; give --reason to place out of order.\n"
    document = doorstroom.json("admit", "--next", "--household", str(low), "--reason", "school in de wijk")
    assert (document["household"], document["dwelling"], document["out_of_order"]) == (low, "W3", True)


def test_a_newcomer_waits_rather_than_take_w5_from_the_family(doorstroom):
    family, couple = issue_11(doorstroom)
    document = admit(doorstroom, "Spoed", "--adults", "2", urgency="5")
    assert (document["status"], document["position"], document["out_of_order"]) == ("waiting", 1, False)
    refused = doorstroom("admit", "Spoed 2", "--urgency", "5", "--alternative", "anders", "--dwelling", "W5")
    assert refused.exit_code == 1 and f"Household {family} fits only W5" in refused.stderr


def test_a_household_whose_second_dwelling_is_out_of_use_is_not_marked(doorstroom):
    """Fit counts every dwelling of the pool, also one out of use."""
    doorstroom("dwellings", "set", "W4", "--max-persons", "6")
    doorstroom("dwellings", "out", "W4", "--from", "2026-11-23")
    fill_pool(doorstroom)  # W4 is out of use: five households, W5 is the fifth
    family = admit(doorstroom, "Gezin Groot", "--adults", "2", "--children", "4")["household"]
    assert [a["kind"] for a in doorstroom.json("status")["alerts"]] == []
    doorstroom("dwellings", "set", "W4", "--max-persons", "5")
    alerts = doorstroom.json("status")["alerts"]
    assert [(a["kind"], a["household"]) for a in alerts] == [("only_fits", family)]
    assert "fits only W5" in alerts[0]["message"]


# -- refusals: one sentence, the contract's exit code, nothing changed -------

REFUSALS = [
    # (arguments, exit code, the sentence)
    (["admit", "--household", "7"], 2, "--household goes with --next; a household that comes back is admitted by its id."),
    (["admit", "Smit", "--urgency", "3", "--alternative", "anders", "--household", "7"], 2, "--household goes with --next"),
    (["admit", "--next", "--household", "W1"], 2, "--household takes a household id (the number admit printed), not 'W1'."),
    (["admit", "--next", "--household", "7", "Smit"], 2, "--next places a household that is already waiting; it takes no NAME."),
    (["admit", "--next", "--household", "7", "--reason", "  "], 2, "The reason cannot be empty."),
    (["admit", "--next", "--household", "99"], 1, "Household 99 has no open application or stay."),
    (["admit", "--next", "--household", "99999999999999999999"], 1, "There is no household 99999999999999999999."),
    (["admit", "--next", "--household", "1"], 1, "Household 1 already lives in W1; a household has one stay at a time."),
    (["admit", "--next", "--household", "7", "--dwelling", "W1"], 1, "Dwelling W1 is occupied by household 1."),
    (["admit", "--next", "--household", "7", "--dwelling", "W9"], 1, "There is no dwelling 'W9' in the pool."),
    (["admit", "--next", "--household", "7"], 1, "No dwelling is free."),
]


@pytest.mark.parametrize(("arguments", "code", "sentence"), REFUSALS)
def test_refusals_are_one_sentence_and_change_nothing(doorstroom, arguments, code, sentence):
    fill_pool(doorstroom)
    assert admit(doorstroom, "Wachtend")["household"] == 7
    before = doorstroom.dump()
    result = doorstroom(*arguments)
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert sentence in result.stderr
    assert doorstroom.dump() == before


def test_refused_when_no_free_dwelling_is_large_enough(doorstroom):
    fill_pool(doorstroom)
    family = admit(doorstroom, "Gezin Groot", "--adults", "2", "--children", "4")["household"]
    doorstroom("release", "W1", "--destination", "netwerk")
    before = doorstroom.dump()
    result = doorstroom("admit", "--next", "--household", str(family))
    assert result.exit_code == 1
    assert result.stderr == f"Error: No free dwelling is large enough for household {family} (6 persons).\n"
    too_small = doorstroom("admit", "--next", "--household", str(family), "--dwelling", "W1")
    assert too_small.exit_code == 1 and "Dwelling W1 houses at most 2 persons" in too_small.stderr
    assert doorstroom.dump() == before


def test_a_household_registered_after_today_cannot_be_placed_yet(doorstroom):
    fill_pool(doorstroom)
    later = admit(doorstroom, "Later", today="2026-12-01")["household"]
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-12-01")
    result = doorstroom("admit", "--next", "--household", str(later), today="2026-11-30")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: Household {later} registered on 01-12-2026, after 30-11-2026; it can be placed from that day on.\n"
    )


# -- Dutch ----------------------------------------------------------------------


def test_the_refusal_and_the_mark_speak_dutch(doorstroom):
    family, couple = issue_11(doorstroom)
    env = {"DOORSTROOM_LANG": "nl"}
    prefix = ["--db", str(doorstroom.db_path)]
    refused = doorstroom.runner.invoke(
        app,
        [*prefix, "admit", "--next", "--household", str(couple)], env=env,
    )
    assert refused.exit_code == 1
    assert refused.stderr == (
        f"Fout: Huishouden {family} past alleen in W5, dus W5 blijft voor dit huishouden vrij; geef --reason "
        "om buiten de volgorde te plaatsen.\n"
    )
    status = doorstroom.runner.invoke(
        app, [*prefix, "status", "--json"], env=env
    )
    # the last of the stays' and placements' alerts (the route out's come after them)
    alert = [a for a in json.loads(status.stdout)["alerts"] if a["kind"] in PLACEMENT_ALERTS][-1]
    assert alert == {
        "kind": "only_fits", "household": family,
        "message": f"Huishouden {family} past alleen in W5; 'doorstroom admit --next' houdt W5 voor dit "
                   "huishouden vrij zolang het wacht.",
    }


# -- backups -------------------------------------------------------------------


def test_a_backup_with_an_out_of_order_placement_restores(doorstroom, tmp_path):
    family, couple = issue_11(doorstroom)
    placed = doorstroom.json("admit", "--next", "--household", str(couple), "--reason", "medische urgentie")
    assert placed["out_of_order"] is True
    copy = tmp_path / "copy.db"
    assert doorstroom("backup", str(copy)).exit_code == 0
    before = doorstroom.dump()
    restored = doorstroom("restore", str(copy), "--yes")
    assert restored.exit_code == 0, restored.output
    rows = [row for row in doorstroom.dump() if "audit" not in row]
    assert rows == [row for row in before if "audit" not in row]
