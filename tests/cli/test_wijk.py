"""The household's own wijk (issue 14 §4, and the ``own_wijk`` figure of
§3): admit --wijk, placement in that wijk, status, show, the release's next
in line, the report, and that the export carries no wijk."""

from __future__ import annotations

import pytest

# The default pool: W1 Centrum (2 persons), W2 Noord (4), W3 Oost (4),
# W4 Zuid (5), W5 West (6), W6 Glanerbrug (3).


def admit(doorstroom, name, *extra, urgency="3", today=None):
    return doorstroom.json("admit", name, "--urgency", urgency, "--alternative", "pleegzorg", *extra, today=today)


def test_admit_places_a_household_in_a_free_dwelling_of_its_own_wijk(doorstroom):
    assert admit(doorstroom, "Jansen", "--wijk", "zuid")["dwelling"] == "W4"  # not W1, the smallest
    assert admit(doorstroom, "Bakker")["dwelling"] == "W1"  # no wijk: the smallest
    assert admit(doorstroom, "Visser", "--wijk", "Twekkelerveld")["dwelling"] == "W6"  # no dwelling there
    story = doorstroom.json("show", "1")["timeline"][0]
    assert story["wijk"] == "zuid"
    assert "own wijk: zuid" in doorstroom("show", "1").stdout


@pytest.mark.parametrize("wijk", ["", "  ", "Oost\tWest", "Oo\u200bst"])
def test_a_wijk_that_is_no_plain_line_is_refused_and_nothing_is_stored(doorstroom, wijk):
    admit(doorstroom, "Bakker")
    before = doorstroom.dump()
    result = doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", "--wijk", wijk)
    assert result.exit_code == 2 and "wijk" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert doorstroom.dump() == before


def test_admit_next_takes_no_wijk(doorstroom):
    result = doorstroom("admit", "--next", "--wijk", "Oost")
    assert result.exit_code == 2 and "it takes no --wijk" in result.stderr


def test_status_shows_the_wijk_of_who_waits_and_who_stays_in_80_columns(doorstroom):
    for n in range(6):
        admit(doorstroom, f"Vol {n}", "--wijk", "Centrum")
    admit(doorstroom, "Van der Heijden-Oosterbroek van Lier", "--wijk", "Stroinkslanden-Noord en Zuid", urgency="5")
    document = doorstroom.json("status")
    assert document["waitlist"][0]["wijk"] == "Stroinkslanden-Noord en Zuid"
    assert {d["stay"]["wijk"] for d in document["dwellings"]} == {"Centrum"}
    for language, header in (("en", "Wijk"), ("nl", "Wijk")):
        result = doorstroom.runner.invoke(
            __import__("doorstroom_cli.cli", fromlist=["app"]).app,
            ["--db", str(doorstroom.db_path), "status"], env={"DOORSTROOM_LANG": language, "COLUMNS": "80"},
        )
        lines = result.stdout.splitlines()
        assert max(len(line) for line in lines) <= 80, language
        head = next(line for line in lines if header in line and "#" in line)
        assert head.split()[:3] == ["#", "Household" if language == "en" else "Huishouden", header]
        row = next(line for line in lines if line.lstrip().startswith("1 "))
        assert "Stroinks" in row and "…" in row  # cut short, the other columns whole
        assert row.rstrip().endswith("0")  # days waiting


def test_the_release_names_the_wijk_of_who_is_next(doorstroom):
    for n in range(6):
        admit(doorstroom, f"Vol {n}")
    admit(doorstroom, "Bakker", "--wijk", "De Laares", urgency="4")
    result = doorstroom("release", "W1", "--destination", "netwerk", today="2026-12-01")
    assert "Next in line: household 7 (urgency 4, wijk De Laares)" in result.stdout
    dutch = doorstroom.runner.invoke(
        __import__("doorstroom_cli.cli", fromlist=["app"]).app,
        ["--db", str(doorstroom.db_path), "release", "W2", "--destination", "netwerk"],
        env={"DOORSTROOM_LANG": "nl", "DOORSTROOM_TODAY": "2026-12-01"},
    )
    assert "Volgende op de wachtlijst: huishouden 7 (urgentie 4, wijk De Laares)" in dutch.stdout


def test_own_wijk_in_the_report_is_counted_by_hand(doorstroom, tmp_path):
    # The first quarter of 2026, day by day (household: wijk -> dwelling, its wijk):
    #
    #   day         household                              placement       with_wijk  in_own_wijk
    #   2025-12-31  1 Centrum         -> W1 Centrum         before the period
    #   2026-01-01  2 noord (1st day) -> W2 Noord           1               1          1
    #   2026-01-15  3 none            -> W6 (the smallest)  2               1          1
    #   2026-02-01  4 Twekkelerveld   -> W3 (no dwelling    3               2          1
    #                                    there: smallest)
    #   2026-02-10  5 WEST, 6 persons -> W5 West            4               3          2
    #   2026-03-20  3 leaves W6
    #   2026-03-31  6 Zuid (last day) -> W4 Zuid, not W6    5               4          3
    #   2026-04-01  7 Glanerbrug      -> W6, after the period
    #
    # own_wijk: 3 of the 4 placements with a wijk recorded = 75%.
    admit(doorstroom, "Een", "--wijk", "Centrum", today="2025-12-31")
    assert admit(doorstroom, "Twee", "--wijk", "noord", today="2026-01-01")["dwelling"] == "W2"
    assert admit(doorstroom, "Drie", today="2026-01-15")["dwelling"] == "W6"
    assert admit(doorstroom, "Vier", "--wijk", "Twekkelerveld", today="2026-02-01")["dwelling"] == "W3"
    five = admit(doorstroom, "Vijf", "--wijk", "WEST", "--adults", "2", "--children", "4", today="2026-02-10")
    assert five["dwelling"] == "W5"
    assert doorstroom("release", "3", "--destination", "netwerk", today="2026-03-20").exit_code == 0
    assert admit(doorstroom, "Zes", "--wijk", "Zuid", today="2026-03-31")["dwelling"] == "W4"
    assert admit(doorstroom, "Zeven", "--wijk", "Glanerbrug", today="2026-04-01")["dwelling"] == "W6"
    report = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-03-31", today="2026-04-02")
    assert report["own_wijk"] == {"placements": 5, "with_wijk": 4, "in_own_wijk": 3, "share": 0.75}
    assert report["admissions"] == report["own_wijk"]["placements"]
    screen = doorstroom("report", "--from", "2026-01-01", "--to", "2026-03-31", today="2026-04-02")
    assert "3 of 4 placements in the household's own wijk (75%), of those with a wijk recorded" in " ".join(
        screen.stdout.split())
    page = tmp_path / "cijfers.html"
    written = doorstroom("report", "--from", "2026-01-01", "--to", "2026-03-31", "--html", str(page), today="2026-04-02")
    assert written.exit_code == 0, written.output
    assert "3 of 4 placements in the household&#x27;s own wijk (75%), of those with a wijk recorded" in page.read_text()
    empty = doorstroom.json("report", "--from", "2025-01-01", "--to", "2025-03-31", today="2026-04-02")
    assert empty["own_wijk"] == {"placements": 0, "with_wijk": 0, "in_own_wijk": 0, "share": 0.0}
    export = doorstroom("export").stdout
    assert "Twekkelerveld" not in export and "Centrum" not in export  # the export carries no wijk


def test_undo_of_an_intake_keeps_no_wijk(doorstroom, db_path):
    import sqlite3

    admit(doorstroom, "Jansen", "--wijk", "Oost")
    assert doorstroom("undo", "--yes").exit_code == 0
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT wijk FROM voided_applications").fetchall() == [(None,)]
