"""Every count the report shows agrees with its number (ngettext): one week,
one stay, one day, in English and in Dutch (issue 13, leftovers (b))."""

from __future__ import annotations

import pytest

from doorstroom_cli.views import figures


def history(doorstroom):
    # 2026-01-01 household 1 placed in W1; 2026-01-02 extended by hand one
    # week, and leaves: one stay of one day, one week granted to one stay.
    admitted = doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2026-01-01")
    assert admitted.exit_code == 0, admitted.output
    assert doorstroom("extend", "W1", today="2026-01-02").exit_code == 0
    assert doorstroom("release", "W1", "--destination", "netwerk", today="2026-01-02").exit_code == 0


@pytest.mark.parametrize("language, words", [
    ("en", ["1 week granted to 1 stay", "max 1 day;"]),
    ("nl", ["1 week verlengd bij 1 verblijf", "maximaal 1 dag;"]),
])
def test_one_of_each_is_said_in_the_singular(doorstroom, language, words):
    from doorstroom_cli.cli import app

    history(doorstroom)
    result = doorstroom.runner.invoke(
        app, ["--db", str(doorstroom.db_path), "report", "--from", "2026-01-01", "--to", "2026-03-31"],
        env={"DOORSTROOM_LANG": language, "DOORSTROOM_TODAY": "2026-04-01", "COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    shown = " ".join(result.stdout.split()) + " "
    for word in words:
        assert word in shown, (word, shown)
    assert "1 stays" not in shown and "1 weeks" not in shown and "1 days" not in shown
    assert "1 verblijven" not in shown and "1 weken" not in shown and "1 dagen" not in shown


def test_still_waiting_and_many_keep_the_plural():
    one = {"waiting_time": {"still_waiting": {"count": 1, "median": 1, "max": 1}},
           "extensions": {"applied": 2, "stays": 1}}
    assert figures.still_waiting(one) == "1 still waiting at the end: median 1, max 1 day so far"
    assert figures.extensions_granted(one) == "2 weeks granted to 1 stay"
    many = {"waiting_time": {"still_waiting": {"count": 3, "median": 2, "max": 5}},
            "extensions": {"applied": 1, "stays": 2}}
    assert figures.still_waiting(many) == "3 still waiting at the end: median 2, max 5 days so far"
    assert figures.extensions_granted(many) == "1 week granted to 2 stays"
    assert figures.spread({"mean": 0.5, "median": 0.5, "max": 1}) == "mean 0.5, median 0.5, max 1 day"


def test_the_forecast_says_one_dwelling_in_the_singular(doorstroom):
    """Issue 13 §3: the what-if's pool sizes go through ngettext too."""
    screen = doorstroom("forecast", "--runs", "10", "--dwellings", "1").stdout
    assert "  1 dwelling: no registrations" in screen and "6 dwellings: no registrations" in screen


def test_the_pages_days_and_nights_agree_with_their_number():
    """Issue 13 §3: the what-if's days on the page and the occupancy's nights."""
    from doorstroom_cli.views import figures, report_html

    assert report_html._days("1", 1.0) == "1 day" and report_html._days("1.5", 1.5) == "1.5 days"
    assert figures.occupancy({"occupancy": 1.0, "nights": 1, "capacity_nights": 1}) == "100% (1 of 1 night)"
    assert figures.occupancy({"occupancy": 0.5, "nights": 1, "capacity_nights": 2}) == "50% (1 of 2 nights)"
