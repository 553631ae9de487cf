"""admit --interactive and evaluate --interactive: ask, check, ask again;
stopping saves nothing."""

from __future__ import annotations

import json


def test_an_interactive_intake_asks_again_until_each_answer_fits(doorstroom):
    from doorstroom_cli.cli import app

    answers = "\n".join([
        "Jansen", "9", "4", "hotel", "pleegzorg", "0", "1", "2",  # wrong urgency, alternative, adults
        "hulp aanvaarden", "Oo\u200bst", " oost ", "Fatima", "", "een eigen huis", "", "schuldhulp",  # wijk: invisible
        "maybe", "j",  # is this right? an answer that is no answer is asked again
    ]) + "\n"
    result = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "admit", "--interactive", "--json"], input=answers
    )
    assert result.exit_code == 0, result.output
    placed = json.loads(result.stdout)  # questions went to stderr
    assert (placed["status"], placed["dwelling"]) == ("placed", "W3")  # in its own wijk, Oost, not W2 (Noord)
    assert "The wijk contains an invisible character (U+200B)" in result.stderr
    assert "  The household's own wijk: oost" in result.stderr  # the summary
    assert "The urgency must be from 1 to 5." in result.stderr
    assert "The number of adults must be 1 or more." in result.stderr
    assert "Is this right? [Y/n]" in result.stderr and "Please answer y (yes) or n (no)." in result.stderr
    story = doorstroom.json("show", "1")["timeline"][0]
    assert (story["urgency"], story["alternative"], story["adults"], story["children"]) == (4, "pleegzorg", 1, 2)
    assert (story["agreements"], story["wijkcoach"], story["referrer"], story["wish"], story["needs"]) == (
        "hulp aanvaarden", "Fatima", None, "een eigen huis", "schuldhulp",
    )
    assert story["wijk"] == "oost"


def test_options_given_are_not_asked_and_stopping_saves_nothing(doorstroom):
    from doorstroom_cli.cli import app

    before = doorstroom.dump()
    stopped = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "admit", "--interactive", "--urgency", "2"], input="Bakker\n"
    )
    assert stopped.exit_code == 130
    assert "Urgency" not in stopped.stderr and "Alternative avoided" in stopped.stderr
    assert "nothing was saved" in stopped.stderr
    assert doorstroom.dump() == before


def test_an_interactive_evaluation(doorstroom):
    from doorstroom_cli.cli import app

    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")
    result = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "evaluate", "W1", "--interactive"], input="matig\nonvoldoende\ngeen contact\n"
    )
    assert result.exit_code == 0, result.output
    assert "The cooperation is one of" in result.stderr
    assert doorstroom.json("show", "1")["timeline"][-1] == {
        "date": "2026-11-23", "event": "evaluated", "cooperation": "onvoldoende", "note": "geen contact",
    }
    missing = doorstroom("evaluate", "W1")
    assert missing.exit_code == 2 and "--cooperation" in missing.stderr


def test_an_interactive_intake_offers_defaults_and_saves_only_after_a_yes(doorstroom):
    from doorstroom_cli.cli import app

    before = doorstroom.dump()
    answers = "Jansen\n3\nanders\n\n\n" + "\n" * 7  # Enter: 1 adult, 0 children, no texts, no wijk
    declined = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "admit", "--interactive"], input=answers + "nee\n",
        env={"DOORSTROOM_LANG": "nl"},
    )
    assert declined.exit_code == 130
    assert "Volwassenen [1]" in declined.stderr and "Kinderen [0]" in declined.stderr
    assert "  Volwassenen: 1" in declined.stderr and "Klopt dit? [J/n]" in declined.stderr
    assert doorstroom.dump() == before
    accepted = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "admit", "--interactive", "--json"], input=answers + "\n",
        env={"DOORSTROOM_LANG": "nl"},
    )
    assert accepted.exit_code == 0, accepted.output
    story = doorstroom.json("show", "1")["timeline"][0]
    assert (story["adults"], story["children"]) == (1, 0)
