"""Figures a gemeente can reproduce (issue 11, item 6).

A past period's export and report are the same bytes on any later day,
whatever happened since; the report's stayers, waiting times and
withdrawals match a hand count of one quarter, and the terminal and the
HTML page show them in both languages.
"""

from __future__ import annotations

import csv
import io

import pytest

Q3 = ["--from", "2026-07-01", "--to", "2026-09-30"]


def q3_history(doorstroom):
    """Households 1-7, by the day of their registration.

    1 Een    1 person,  W1 from 01-06, still there at 30-09 (extended tacitly)
    2 Vier   6 persons, W5 from 10-06, leaves 20-07 (netwerk)
    3 Twee   6 persons, registered 15-06, waits all quarter (W5 is the only fit)
    4 Drie   6 persons, registered 01-07, urgency 4: placed in W5 on 20-07
    5 Zeven  1 person,  placed on 05-08 at once
    6 Vijf   6 persons, registered 10-08, withdrawn 01-09
    7 Zes    6 persons, registered 20-09, waiting at the end
    """
    steps = [
        ("2026-06-01", "admit", "Een", "--urgency", "3", "--alternative", "pleegzorg"),
        ("2026-06-10", "admit", "Vier", "--urgency", "3", "--alternative", "crisisopvang", "--adults", "2", "--children", "4"),
        ("2026-06-15", "admit", "Twee", "--urgency", "3", "--alternative", "anders", "--adults", "2", "--children", "4"),
        ("2026-07-01", "admit", "Drie", "--urgency", "4", "--alternative", "maatschappelijke-opvang", "--adults", "2", "--children", "4"),
        ("2026-07-13", "extend", "--auto"),
        ("2026-07-20", "release", "2", "--destination", "netwerk"),
        ("2026-07-20", "admit", "--next"),
        ("2026-08-05", "admit", "Zeven", "--urgency", "2", "--alternative", "anders"),
        ("2026-08-10", "admit", "Vijf", "--urgency", "3", "--alternative", "anders", "--adults", "2", "--children", "4"),
        ("2026-09-01", "release", "6", "--destination", "onbekend"),
        ("2026-09-20", "admit", "Zes", "--urgency", "1", "--alternative", "anders", "--adults", "2", "--children", "4"),
        ("2026-09-30", "extend", "--auto"),
    ]
    run(doorstroom, steps)


def after_the_quarter(doorstroom):
    """What happens after the quarter: extensions (tacit and by hand), an
    evaluation, a withdrawal, departures of households that were there on
    30-09, a new household, and Twee (waiting at the end) placed."""
    steps = [
        ("2026-10-05", "extend", "--auto"),
        ("2026-10-06", "release", "7", "--destination", "onbekend"),
        ("2026-10-10", "release", "1", "--destination", "eigen-woning"),
        ("2026-10-12", "extend", "4", "--weeks", "2"),
        ("2026-11-01", "admit", "Acht", "--urgency", "2", "--alternative", "anders"),
        ("2026-11-02", "evaluate", "5", "--cooperation", "onvoldoende"),
        ("2026-12-01", "release", "4", "--destination", "terug-naar-huis"),
        ("2026-12-01", "admit", "--next"),
        ("2026-12-31", "extend", "--auto"),
    ]
    run(doorstroom, steps)


def run(doorstroom, steps):
    for day, *arguments in steps:
        result = doorstroom(*arguments, today=day)
        assert result.exit_code == 0, (day, arguments, result.output)


def rows(data: bytes) -> list[dict]:
    header, *lines = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";")
    return [dict(zip(header, line)) for line in lines]


def test_a_past_quarters_export_is_the_same_bytes_on_any_later_day(doorstroom):
    q3_history(doorstroom)
    on_5_october = doorstroom("export", *Q3, today="2026-10-05")
    assert on_5_october.exit_code == 0
    after_the_quarter(doorstroom)
    on_31_december = doorstroom("export", *Q3, today="2026-12-31")
    assert on_31_december.stdout_bytes == on_5_october.stdout_bytes
    # and as an owner-only file, the same bytes
    assert doorstroom("export", *Q3, "--output", str(doorstroom.db_path.with_suffix(".csv")),
                      today="2026-12-31").exit_code == 0
    assert doorstroom.db_path.with_suffix(".csv").read_bytes() == on_5_october.stdout_bytes


def test_the_export_describes_each_stay_as_it_was_on_the_periods_last_day(doorstroom):
    q3_history(doorstroom)
    after_the_quarter(doorstroom)
    een, vier, drie, zeven = rows(doorstroom("export", *Q3, today="2026-12-31").stdout_bytes)
    # Een left on 10-10 and got a 13th week on 10-05: both after the quarter.
    # On 30-09: 12 weeks (01-06 + 42 days = 13-07, + 84 days = 05-10), 121
    # days since 01-06, and the 92 nights of July-September.
    assert (een["startdatum"], een["geplande_vertrekdatum"], een["vertrekdatum"], een["status"]) == (
        "2026-06-01", "2026-10-05", "", "actief")
    assert (een["dagen"], een["nachten_in_periode"], een["verlengingen"]) == ("121", "92", "12")
    assert (een["bestemming"], een["bestemmingscategorie"]) == ("", "")
    # Vier left in the quarter: 40 days, of which 19 nights in July (1-19).
    assert (vier["vertrekdatum"], vier["status"], vier["dagen"], vier["nachten_in_periode"]) == (
        "2026-07-20", "vertrokken", "40", "19")
    assert (vier["bestemming"], vier["bestemmingscategorie"]) == ("netwerk", "tijdelijk")
    # Drie: placed 20-07 after 19 days, 5 tacit weeks by 30-09 (the 2 by hand came on 10-12),
    # 72 days to 30-09 and 73 nights (20-07 up to and including the night of 30-09).
    assert (drie["geplande_vertrekdatum"], drie["verlengingen"], drie["vertrekdatum"]) == ("2026-10-05", "5", "")
    assert (drie["dagen"], drie["nachten_in_periode"], drie["wachtdagen"]) == ("72", "73", "19")
    assert (zeven["dagen"], zeven["nachten_in_periode"], zeven["verlengingen"]) == ("56", "57", "3")


def test_an_export_up_to_today_still_shows_today(doorstroom):
    q3_history(doorstroom)
    after_the_quarter(doorstroom)
    everything = rows(doorstroom("export", today="2026-12-31").stdout_bytes)
    een = everything[0]
    assert (een["vertrekdatum"], een["dagen"], een["verlengingen"], een["bestemming"]) == (
        "2026-10-10", "131", "13", "eigen-woning")
    assert een["nachten_in_periode"] == "131"  # no --from: every night of the stay
    twee = everything[-1]  # placed on 01-12, still there on 31-12: 31 nights, 30 days
    assert (twee["startdatum"], twee["dagen"], twee["nachten_in_periode"], twee["wachtdagen"]) == (
        "2026-12-01", "30", "31", "169")


def test_nights_in_the_period_add_up_to_the_reports_nights(doorstroom):
    q3_history(doorstroom)
    after_the_quarter(doorstroom)
    for period in (Q3, ["--from", "2026-08-15", "--to", "2026-10-20"], ["--from", "2026-06-01", "--to", "2026-12-31"]):
        exported = rows(doorstroom("export", *period, today="2026-12-31").stdout_bytes)
        figures = doorstroom.json("report", *period, today="2026-12-31")
        assert sum(int(row["nachten_in_periode"]) for row in exported) == figures["nights"]


def test_stayers_waiting_time_and_withdrawals_match_a_hand_count_on_any_later_day(doorstroom):
    q3_history(doorstroom)
    on_5_october = doorstroom.json("report", *Q3, today="2026-10-05")
    after_the_quarter(doorstroom)  # what happened later changes nothing
    figures = doorstroom.json("report", *Q3, today="2026-12-31")
    assert figures == on_5_october
    # Open on 30-09: Een 01-06 (121 days), Drie 20-07 (72), Zeven 05-08 (56).
    assert figures["stayers"] == {"count": 3, "length_of_stay": {"mean": 83.0, "median": 72, "max": 121}}
    # Placed in Q3: Drie after 19 days (01-07 to 20-07), Zeven at once.
    # Waiting on 30-09: Twee since 15-06 (107 days; placed 01-12), Zes since 20-09 (10 days; withdrawn 06-10).
    assert figures["waiting_time"] == {
        "placed": {"count": 2, "mean": 9.5, "median": 9.5, "max": 19},
        "still_waiting": {"count": 2, "median": 58.5, "max": 107},
    }
    assert (figures["waiting"], figures["admissions"]) == (2, 2)
    # Withdrawn in Q3: Vijf (01-09). Vier's departure is no withdrawal; Zes's came after.
    assert (figures["withdrawals"], figures["departures"]) == (1, 1)


def test_an_empty_period_has_zero_stayers_waiting_and_withdrawals(doorstroom):
    figures = doorstroom.json("report", "--from", "2020-01-01", "--to", "2020-03-31")
    assert figures["stayers"] == {"count": 0, "length_of_stay": {"mean": 0, "median": 0, "max": 0}}
    assert figures["waiting_time"] == {
        "placed": {"count": 0, "mean": 0, "median": 0, "max": 0},
        "still_waiting": {"count": 0, "median": 0, "max": 0},
    }
    assert figures["withdrawals"] == 0


@pytest.mark.parametrize(
    ("language", "shown", "withdrawn_on_screen", "withdrawn_on_page"),
    [
        ("en", ["Waiting time", "2 placed after waiting: mean 9.5, median 9.5, max 19 days",
                "2 still waiting at the end: median 58.5, max 107 days so far",
                "Still staying", "3 still staying at the end: mean 83.0, median 72, max 121 days so far"],
         "1 application withdrawn", "<td>Withdrawn from the waitlist</td><td>1</td>"),
        ("nl", ["Wachttijd", "2 geplaatst na een wachttijd van gemiddeld 9,5, mediaan 9,5, maximaal 19 dagen",
                "2 wachtend aan het eind: mediaan 58,5, langste 107 dagen tot nu toe",
                "Nog aanwezig", "3 nog aanwezig aan het eind: gemiddeld 83,0, mediaan 72, maximaal 121 dagen tot nu toe"],
         "1 aanmelding ingetrokken", "<td>Ingetrokken van de wachtlijst</td><td>1</td>"),
    ],
)
def test_the_terminal_and_the_page_show_stayers_waiting_and_withdrawals(
    doorstroom, tmp_path, monkeypatch, language, shown, withdrawn_on_screen, withdrawn_on_page
):
    q3_history(doorstroom)
    monkeypatch.setenv("DOORSTROOM_LANG", language)
    monkeypatch.setenv("COLUMNS", "200")  # one line per figure, so the sentences can be found whole
    page = tmp_path / "q3.html"
    result = doorstroom("report", *Q3, "--html", str(page), today="2026-10-05")
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    for text in shown:
        assert text in result.stdout
        assert text in html
    assert withdrawn_on_screen in result.stdout
    assert withdrawn_on_page in html



def test_a_day_before_any_record_keeps_its_figures_when_records_begin(doorstroom):
    """Found by the random history of tests/storage/test_figure_queries.py:
    on an empty database a day had capacity 6, and 0 once the first change
    came the day after (capacity starts with the records)."""
    before = doorstroom.json("report", "--from", "2026-01-05", "--to", "2026-01-05", today="2026-01-06")
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2026-01-06")
    after = doorstroom.json("report", "--from", "2026-01-05", "--to", "2026-01-05", today="2026-01-07")
    assert before == after and before["capacity_nights"] == 0
