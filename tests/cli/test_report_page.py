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
    assert "€ 5.640,00 aan vermeden kosten" in text  # 47 nights x € 120
    assert "in totaal € 9.315,00 aan vermeden kosten" in text  # + 42 nights x € 87,50 (crisisopvang)
    assert "EUR" not in text
    figures = doorstroom.json("report", "--tariffs", str(tariffs))  # the JSON keeps months and slugs
    assert [m["month"] for m in figures["monthly"]] == ["2026-07", "2026-08", "2026-09"]
    assert "eigen-woning" in figures["destinations"]
    assert figures["alternatives"]["pleegzorg"]["cost"] == 5640.0


def test_the_english_report_says_them_in_english(doorstroom, tariffs):
    quarter_history(doorstroom)
    text = " ".join(doorstroom("report", "--tariffs", str(tariffs)).stdout.split())
    assert "August 2026" in text and "own home 1" in text
    assert "€ 5,640.00 in avoided costs" in text


def read_page(path):
    """The page as a browser builds it (html5lib), and its text with spaces made one."""
    import html5lib

    document = html5lib.parse(path.read_bytes(), namespaceHTMLElements=False)
    return document, " ".join(" ".join(document.itertext()).split())


def test_the_page_to_forward_is_dutch_named_dated_and_explained(doorstroom, tariffs, tmp_path, db_path, monkeypatch):
    quarter_history(doorstroom)
    (db_path.parent / "organisatie.txt").write_text("Gemeente Enschede\nsecond line is ignored\n", encoding="utf-8")
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    page = tmp_path / "q3.html"
    result = doorstroom("report", "--tariffs", str(tariffs), "--html", str(page), today="2026-12-01")
    assert result.exit_code == 0
    document, text = read_page(page)
    assert document.find("head/title").text.startswith("Gemeente Enschede: doorstroomwoningen")
    assert document.find("body/h1").text == "Gemeente Enschede: doorstroomwoningen"
    assert "second line" not in text
    assert "Cijfers over 1 juli 2026 tot en met 30 september 2026" in text
    assert "Gemaakt op 1 december 2026" in text
    headings = [h.text for h in document.iter("h2")]
    assert headings[:2] == ["Kerncijfers", "Vermeden opvang en de kosten daarvan"]
    assert "Hoe leest u deze cijfers?" in headings
    for words in ("Nachten die anders in de pleegzorg waren doorgebracht", "€ 120,00", "€ 5.640,00",
                  "Totaal", "dagtarief", "buiten gebruik", "omklapwoning", "laatste dag van de periode",
                  "juli 2026", "eigen woning", "Ingetrokken van de wachtlijst", "Nog aanwezig"):
        assert words in text, words
    # 47 nights x € 120 (pleegzorg) + 42 x € 87,50 (crisisopvang); the other alternatives have no tariff
    total = [row for row in document.iter("tr") if row.get("class") == "total"]
    assert len(total) == 1 and "€ 9.315,00" in " ".join(total[0].itertext())
    for english in ("Figures for", "Key figures", "Length of stay", "Nights instead", "EUR", "docs/figures.md",
                    "eigen-woning", "2026-08"):
        assert english not in text, english
    style = document.find("head/style").text
    assert "size: A4" in style and "break-before: page" in style
    assert "font-size: 12px" in style and "font-size: 10px" not in style


def test_without_organisation_file_or_tariffs_the_page_says_so(doorstroom, tmp_path, monkeypatch):
    quarter_history(doorstroom)
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    page = tmp_path / "q3.html"
    assert doorstroom("report", "--html", str(page)).exit_code == 0
    document, text = read_page(page)
    assert document.find("body/h1").text == "Doorstroomwoningen"
    assert "geen dagtarieven opgegeven" in text


def test_the_organisation_name_is_escaped(doorstroom, tmp_path, db_path):
    quarter_history(doorstroom)
    (db_path.parent / "organisatie.txt").write_text("<script>x</script> & Co", encoding="utf-8")
    page = tmp_path / "q3.html"
    assert doorstroom("report", "--html", str(page)).exit_code == 0
    document, _text = read_page(page)
    assert document.find("body/h1").text == "<script>x</script> & Co: doorstroomwoningen"
    assert not list(document.iter("script"))
