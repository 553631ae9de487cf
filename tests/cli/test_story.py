"""show: a household's whole story, found by id, dwelling or part of the name."""

from __future__ import annotations


def test_show_tells_the_story_oldest_first_with_who_extended(doorstroom):
    doorstroom("admit", "Anouk de Wit", "--urgency", "4", "--alternative", "pleegzorg", "--children", "2",
               "--agreements", "accepteert hulp", "--wijkcoach", "Fatima", "--referrer", "Veilig Thuis",
               "--wish", "een eigen huis", "--can-do", "solliciteren", "--needs", "schuldhulp", today="2026-09-01")
    doorstroom("evaluate", "W6", "--cooperation", "onvoldoende", "--note", "afspraak gemist", today="2026-09-20")
    doorstroom("extend", "W6", "--weeks", "2", by="coordinator", today="2026-10-10")
    doorstroom("evaluate", "W6", "--cooperation", "volledig", today="2026-10-20")
    doorstroom("extend", "--auto", by="cron", today="2026-10-27")
    doorstroom("release", "1", "--destination", "omklapwoning", "--note", "sleutel ingeleverd", today="2026-11-02")
    document = doorstroom.json("show", "1")
    assert (document["household"], document["name"]) == (1, "Anouk de Wit")
    assert [e["event"] for e in document["timeline"]] == [
        "registered", "placed", "evaluated", "extended", "evaluated", "extended", "departed",
        "followup_planned", "followup_planned", "followup_planned",  # aftercare: 3, 6 and 12 months after it
    ]
    hand, tacit = (e for e in document["timeline"] if e["event"] == "extended")
    assert (hand["by"], hand["tacit"], hand["weeks"], hand["new_end"]) == ("coordinator", False, 2, "2026-10-27")
    assert (tacit["by"], tacit["tacit"], tacit["date"]) == ("cron", True, "2026-10-27")
    text = doorstroom("show", "anouk").stdout
    assert text.splitlines()[0] == "Household 1: Anouk de Wit"
    assert "agreements: accepteert hulp" in text and "afspraak gemist" in text and "sleutel ingeleverd" in text
    assert ("wijkcoach: Fatima; referred by: Veilig Thuis; wants: een eigen huis; can do: solliciteren; "
            "needs: schuldhulp") in text
    registered = document["timeline"][0]
    assert (registered["wijkcoach"], registered["own_effort"]) == ("Fatima", "solliciteren")
    assert "extended by hand by 2 weeks by coordinator" in text


def test_show_finds_by_dwelling_and_lists_candidates_for_an_ambiguous_name(doorstroom):
    for name in ("Jansen", "Jansen-Bakker", "Visser"):
        doorstroom("admit", name, "--urgency", "3", "--alternative", "anders")
    assert doorstroom.json("show", "W6")["name"] == "Jansen-Bakker"
    before = doorstroom.dump()
    ambiguous = doorstroom("show", "jans")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == "Error: 'jans' fits several households (1 Jansen, 2 Jansen-Bakker); give the id.\n"
    missing = doorstroom("show", "de Boer")
    assert missing.exit_code == 1 and "No household's name contains 'de Boer'" in missing.stderr
    unknown = doorstroom("show", "99")
    assert unknown.exit_code == 1 and "There is no household 99" in unknown.stderr
    literal = doorstroom("show", "100%")  # LIKE wildcards are taken literally
    assert literal.exit_code == 1
    assert doorstroom.dump() == before


def test_show_compares_names_by_their_key_and_a_whole_name_wins(doorstroom):
    for name in ("Çelik", "Müller-Smit", "Smit", "Yılmaz"):
        assert doorstroom("admit", name, "--urgency", "3", "--alternative", "anders").exit_code == 0
    assert doorstroom.json("show", "celik")["name"] == "Çelik"
    assert doorstroom.json("show", "YILMAZ")["name"] == "Yılmaz"
    assert doorstroom.json("show", "Smit")["name"] == "Smit"  # whole name, beside Müller-Smit
    assert doorstroom.json("show", "ＳＭＩＴ")["name"] == "Smit"
    assert doorstroom.json("show", "muller")["name"] == "Müller-Smit"
    ambiguous = doorstroom("show", "mit")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr == "Error: 'mit' fits several households (2 Müller-Smit, 3 Smit); give the id.\n"



def test_show_tells_an_extension_whose_audit_detail_cannot_be_read_instead_of_crashing(doorstroom, db_path):
    from test_cli import BAD_DETAILS, add_audit_rows

    doorstroom("admit", "Anouk de Wit", "--urgency", "4", "--alternative", "pleegzorg", today="2026-09-01")
    doorstroom("extend", "W1", "--weeks", "2", by="coordinator", today="2026-10-10")
    incomplete = ['{"stay": 1}', '{"stay": [1], "weeks": 1, "tacit": true, "old_end": "2026-10-13", '
                  '"new_end": "2026-10-20"}', '{"stay": 1, "weeks": 1, "tacit": true, "old_end": "later", '
                  '"new_end": "2026-10-20"}']
    add_audit_rows(db_path, 1, "extend", BAD_DETAILS + incomplete)
    document = doorstroom.json("show", "1", today="2026-10-20")
    extended = [e for e in document["timeline"] if e["event"] == "extended"]
    readable = [e for e in extended if not e.get("detail_unreadable")]
    assert [(e["by"], e["weeks"], e["tacit"]) for e in readable] == [("coordinator", 2, False)]
    unreadable = [e for e in extended if e.get("detail_unreadable")]
    assert len(unreadable) == len(BAD_DETAILS + incomplete)
    assert all((e["by"], e["weeks"], e["date"]) == ("oud", None, "2026-11-23") for e in unreadable)
    text = doorstroom("show", "W1", today="2026-10-20")
    assert text.exit_code == 0, text.output
    assert text.stdout.count("extended by oud; the details of this extension cannot be read") == len(unreadable)
    assert "extended by hand by 2 weeks by coordinator" in text.stdout


def test_a_purged_households_story_says_its_name_was_removed(doorstroom):
    """Found by the red team: show printed the stored placeholder '(removed 1)'."""
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2026-01-05")
    doorstroom("release", "1", "--destination", "eigen-woning", today="2026-01-20")
    assert doorstroom("purge", "--before", "2026-06-01", "--yes", today="2026-07-01").exit_code == 0
    assert doorstroom("show", "1", today="2026-07-01").stdout.splitlines()[0] == "Household 1: (name removed)"
