"""The report as a gemeente reads it (issue 13 §3, §6): months, slugs and
amounts as words on the screen and on the page; the JSON keeps its values."""

from __future__ import annotations

import pytest

from test_export_report import quarter_history

TARIFFS = "alternatief;dagtarief_euro\npleegzorg;120,00\ncrisisopvang;87,50\n"


@pytest.fixture
def tariffs(tmp_path):
    path = tmp_path / "tarieven.csv"
    path.write_text(TARIFFS, encoding="utf-8")
    return path


def test_the_dutch_report_says_months_destinations_and_amounts_in_words(doorstroom, tariffs, monkeypatch):
    quarter_history(doorstroom)
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    result = doorstroom("report", "--tariffs", str(tariffs))
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # the table wraps
    assert "augustus 2026" in text and "2026-08" not in text
    assert "eigen woning 1" in text and "eigen-woning" not in text
    assert "€ 5.640,00 aan vermeden kosten elders" in text  # 47 nights x € 120
    assert "EUR" not in text


def test_the_english_report_says_them_in_english(doorstroom, tariffs):
    quarter_history(doorstroom)
    text = " ".join(doorstroom("report", "--tariffs", str(tariffs)).stdout.split())
    assert "August 2026" in text and "own home 1" in text
    assert "€ 5,640.00 in avoided costs elsewhere" in text


def test_the_json_keeps_months_and_slugs(doorstroom, tariffs, monkeypatch):
    quarter_history(doorstroom)
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    figures = doorstroom.json("report", "--tariffs", str(tariffs))
    assert [m["month"] for m in figures["monthly"]] == ["2026-07", "2026-08", "2026-09"]
    assert "eigen-woning" in figures["destinations"]
    assert figures["alternatives"]["pleegzorg"]["cost"] == 5640.0
