"""export and report through the command line: files, safety, privacy, refusals."""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doorstroom_cli import export, service
from doorstroom_cli.core.rules import Alternative, Destination
from doorstroom_cli.figures import StayRecord
from doorstroom_cli.clock import fixed
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock

SECRETS = ("Geheimnaam", "Verborgenstraat", "geheime-afspraak", "geheime-evaluatie", "geheim-vertrek")


def quarter_history(doorstroom):
    """A quarter's work: four households, an extension, evaluations, departures."""
    doorstroom("admit", "Geheimnaam", "--urgency", "4", "--alternative", "pleegzorg",
               "--children", "2", "--agreements", "geheime-afspraak Verborgenstraat 12", today="2026-07-01")
    doorstroom("admit", "Bakker", "--urgency", "3", "--alternative", "crisisopvang", today="2026-07-06")
    doorstroom("admit", "Visser", "--urgency", "2", "--alternative", "maatschappelijke-opvang",
               "--adults", "2", today="2026-08-03")
    doorstroom("evaluate", "1", "--cooperation", "volledig", "--note", "geheime-evaluatie", today="2026-07-15")
    doorstroom("extend", "--auto", today="2026-08-12")  # household 1: end 12-08 -> 19-08
    doorstroom("release", "1", "--destination", "eigen-woning", "--note", "geheim-vertrek", today="2026-08-17")
    doorstroom("release", "2", "--destination", "netwerk", today="2026-08-17")
    doorstroom("admit", "Smit", "--urgency", "5", "--alternative", "anders", today="2026-09-30")
    doorstroom("release", "4", "--destination", "terug-naar-huis", today="2026-09-30")


def read_csv(data: bytes, delimiter=";"):
    assert data.startswith("\ufeff".encode())
    text = data.decode("utf-8-sig")
    assert "\r\n" in text and "\n" not in text.replace("\r\n", "")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# -- export ------------------------------------------------------------------


def a_stay(id=1, dwelling="W1", departure=None, destination=None, weeks=0):
    """A stay registered and begun on 1 July 2026, as the export reads it."""
    return StayRecord(
        id, dwelling, date(2026, 7, 1), date(2026, 7, 1), departure,
        destination, Alternative.ANDERS, 3, 1, 0, weeks,
    )


def test_the_column_list_is_the_header_and_the_cells_of_every_row(doorstroom):
    quarter_history(doorstroom)
    header, *rows = read_csv(doorstroom("export").stdout_bytes)
    assert header == [column.header for column in export.COLUMNS]
    assert rows and all(len(row) == len(export.COLUMNS) for row in rows)
    stay = a_stay(7, "W3", date(2026, 8, 12), Destination.NETWERK, weeks=1)
    [row] = export.rows([stay], b"k" * 32, date(2026, 11, 23))
    context = export.Context(b"k" * 32, date(2026, 11, 23))
    assert list(row) == [column.value(stay, context) for column in export.COLUMNS]


def test_a_new_column_is_one_declaration_in_the_header_and_every_row():
    columns = (*export.COLUMNS, export.Column("persons", lambda stay, context: stay.adults + stay.children))
    stream = io.StringIO(newline="")
    export.write(stream, export.rows([a_stay(), a_stay(2)], b"k" * 32, date(2026, 7, 2), columns), ";", columns)
    header, *rows = read_csv(stream.getvalue().encode("utf-8"))
    assert header == [*export.HEADER, "persons"]
    assert [row[-1] for row in rows] == ["1", "1"]


def test_the_figures_guide_lists_exactly_the_export_columns():
    guide = (Path(__file__).parents[2] / "docs" / "figures.md").read_text(encoding="utf-8")
    section = guide.split("## `doorstroom export", 1)[1].split("\n## ", 1)[0]
    documented = [
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])
    ]
    assert documented == export.HEADER


def test_rows_in_batches_keep_every_stay_once_and_in_order():
    stays = [a_stay(n) for n in range(1, 2 * export._BATCH + 2)]
    key = b"k" * 32
    assert [row[0] for row in export.rows(stays, key, date(2026, 7, 2))] == [
        export.pseudonym(key, n) for n in range(1, 2 * export._BATCH + 2)
    ]


@given(key=st.binary(min_size=1, max_size=64), stay_id=st.integers(min_value=0, max_value=2**63 - 1))
def test_the_prepared_pseudonym_is_the_keyed_hash(key, stay_id):
    assert export.Context(key, date(2026, 7, 2)).pseudonym(stay_id) == export.pseudonym(key, stay_id)


def test_export_writes_one_row_per_stay_for_dutch_excel(doorstroom, tmp_path):
    quarter_history(doorstroom)
    target = tmp_path / "q3.csv"
    result = doorstroom("export", "--from", "2026-07-01", "--to", "30-09-2026", "--output", str(target))
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    header, *rows = read_csv(target.read_bytes())
    assert header == export.HEADER
    by_dwelling = {row[1]: dict(zip(header, row)) for row in rows}
    assert len(rows) == 4
    first = by_dwelling["W6"]  # 3 persons: the smallest dwelling that fits
    assert first["startdatum"] == "2026-07-01"
    assert first["geplande_vertrekdatum"] == "2026-08-19"
    assert first["vertrekdatum"] == "2026-08-17"
    assert (first["status"], first["dagen"], first["verlengingen"]) == ("vertrokken", "47", "1")
    assert (first["bestemming"], first["bestemmingscategorie"]) == ("eigen-woning", "vast")
    assert (first["alternatief"], first["volwassenen"], first["kinderen"], first["urgentie"]) == ("pleegzorg", "1", "2", "4")
    assert first["nachten_in_periode"] == "47"  # 1 July - 16 August
    visser = by_dwelling["W2"]  # still there: counted up to the period's end, not today (23 November)
    assert (visser["status"], visser["vertrekdatum"], visser["dagen"]) == ("actief", "", str((date(2026, 9, 30) - date(2026, 8, 3)).days))
    assert visser["nachten_in_periode"] == "59"  # 3 August - 30 September
    smit = by_dwelling["W1"]
    assert (smit["dagen"], smit["wachtdagen"], smit["nachten_in_periode"]) == ("0", "0", "0")


def test_export_to_stdout_with_a_comma(doorstroom):
    quarter_history(doorstroom)
    result = doorstroom("export", "--delimiter", ",")
    assert result.exit_code == 0
    header, *rows = read_csv(result.stdout_bytes, delimiter=",")
    assert header[0] == "verblijf_id" and len(rows) == 4


def test_the_pseudonymous_id_is_stable_and_reveals_nothing(doorstroom, tmp_path):
    quarter_history(doorstroom)
    first = read_csv(doorstroom("export").stdout_bytes)
    doorstroom("admit", "Nieuw", "--urgency", "1", "--alternative", "anders")
    second = read_csv(doorstroom("export").stdout_bytes)
    assert [row[0] for row in first[1:]] == [row[0] for row in second[1:5]]
    assert len({row[0] for row in second[1:]}) == len(second) - 1
    other = Store(tmp_path / "other.db", actor="test", now=fixed(NOW))
    service.admit(other, date(2026, 7, 1), "Geheimnaam", urgency=4, alternative=Alternative.PLEEGZORG)
    with other.reading():
        other_key = other.pseudonym_key()
    other.close()
    assert export.pseudonym(other_key, 1) not in {row[0] for row in first[1:]}


def test_no_name_address_or_note_reaches_the_export_or_the_page(doorstroom, tmp_path):
    quarter_history(doorstroom)
    page = tmp_path / "q3.html"
    csv_bytes = doorstroom("export").stdout_bytes
    assert doorstroom("report", "--html", str(page), "--json").exit_code == 0
    for text in (csv_bytes.decode("utf-8-sig"), page.read_text(encoding="utf-8")):
        for secret in SECRETS + ("Bakker", "Visser", "Smit"):
            assert secret.lower() not in text.lower()


def test_an_empty_export_is_the_header_only(doorstroom):
    result = doorstroom("export", "--from", "2020-01-01", "--to", "2020-12-31")
    assert result.exit_code == 0
    assert read_csv(result.stdout_bytes) == [export.HEADER]


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=HYPERLINK(\"http://x\";\"klik\")", "'=HYPERLINK(\"http://x\";\"klik\")"),
        ("+31612345678", "'+31612345678"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "' =1"),
        ("regel\nbreuk", "regel breuk"),
        ("W;1\"", "W;1\""),
        ("éëĳ", "éëĳ"),
    ],
)
def test_no_cell_can_start_a_formula_or_leave_its_cell(value, cell):
    record = a_stay(dwelling=value)
    stream = io.StringIO(newline="")
    export.write(stream, export.rows([record], b"k" * 32, date(2026, 7, 2)))
    header, row = read_csv(stream.getvalue().encode("utf-8"))
    assert len(row) == len(header)
    assert row[1] == cell
    assert not row[1].startswith(("=", "+", "-", "@", "\t", "\r"))


def test_a_negative_count_cannot_become_a_formula():
    # A stay looked at before it began (DOORSTROOM_TODAY in the past).
    [row] = export.rows([a_stay()], b"k" * 32, date(2026, 6, 28))
    assert row[6] == "'-3"


def test_no_cell_of_a_real_export_starts_a_formula(doorstroom):
    quarter_history(doorstroom)
    _, *rows = read_csv(doorstroom("export").stdout_bytes)
    assert rows and all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)


def test_the_export_is_streamed_not_collected(db_path):
    seen = []

    def write(rows):
        seen.append(rows)
        return sum(1 for _ in rows)

    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        service.admit(store, date(2026, 7, 1), "A", urgency=3, alternative=Alternative.ANDERS)
        assert service.export(store, date(2026, 8, 1), date.min, date.max, write) == 1
    assert isinstance(seen[0], Iterator)


EXPORT_REFUSALS = [
    (["export", "--from", "2026-09-01", "--to", "2026-08-01"], "before it begins"),
    (["export", "--from", "1 juli"], "is not a date"),
    (["export", "--to", "2026-02-30"], "is not a date that exists"),
    (["export", "--delimiter", "|"], "delimiter must be"),
    (["export", "--output", "/no/such/folder/q3.csv"], "does not exist"),
    (["export", "--json"], "give --output"),
    (["report", "--from", "2026-09-01", "--to", "2026-08-01"], "before it begins"),
    (["report", "--to", "morgen"], "is not a date"),
    (["report", "--html", "/no/such/folder/q3.html"], "does not exist"),
]


@pytest.mark.parametrize(("arguments", "sentence"), EXPORT_REFUSALS)
def test_bad_periods_and_paths_are_refused_and_nothing_is_written(doorstroom, tmp_path, arguments, sentence):
    quarter_history(doorstroom)
    before = sorted(p.name for p in tmp_path.iterdir())
    result = doorstroom(*arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert sentence in result.stderr and result.stderr.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


# -- report ------------------------------------------------------------------


def test_the_report_matches_a_hand_count(doorstroom):
    quarter_history(doorstroom)
    figures = doorstroom.json("report", "--from", "2026-07-01", "--to", "2026-09-30")
    # Nights: household 1 1 Jul-16 Aug (47), 2 6 Jul-16 Aug (42),
    # 3 3 Aug-30 Sep (59), 4 arrived and left on 30 Sep (0).
    assert figures["nights"] == 47 + 42 + 59
    assert figures["capacity_nights"] == 6 * 92
    assert (figures["admissions"], figures["departures"], figures["stays"], figures["waiting"]) == (4, 3, 4, 0)
    assert figures["length_of_stay"] == {"mean": (47 + 42 + 0) / 3, "median": 42, "max": 47}
    assert figures["within_six_weeks"] == 2 / 3
    assert figures["permanent_share"] == 1 / 3
    assert figures["extensions"] == {"applied": 1, "stays": 1}
    assert figures["alternatives"]["pleegzorg"]["nights"] == 47


def test_the_default_report_is_the_last_quarter_and_tariffs_give_costs(doorstroom, tmp_path):
    quarter_history(doorstroom)
    tariffs = tmp_path / "tarieven.csv"
    tariffs.write_text("alternatief;dagtarief_euro\npleegzorg;120,00\ncrisisopvang;\n", encoding="utf-8")
    figures = doorstroom.json("report", "--tariffs", str(tariffs))
    assert (figures["from"], figures["to"]) == ("2026-07-01", "2026-09-30")
    assert figures["alternatives"]["pleegzorg"]["cost"] == 47 * 120.0
    assert figures["alternatives"]["crisisopvang"]["cost"] is None


def test_the_shipped_tariff_template_is_empty_and_valid(doorstroom):
    from pathlib import Path

    template = Path(__file__).resolve().parents[2] / "data" / "tarieven.csv"
    figures = doorstroom.json("report", "--tariffs", str(template))
    assert all(a["daily_tariff"] is None for a in figures["alternatives"].values())


def test_the_terminal_report_shows_key_figures_and_monthly_bars(doorstroom):
    quarter_history(doorstroom)
    result = doorstroom("report")
    assert result.exit_code == 0
    assert "Occupancy" in result.stdout and "August 2026" in result.stdout and "█" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


class _Page(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.urls = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in {"href", "src", "xlink:href", "action"} and v]


def test_the_html_page_is_self_contained(doorstroom, tmp_path):
    quarter_history(doorstroom)
    page = tmp_path / "q3.html"
    result = doorstroom("report", "--html", str(page))
    assert result.exit_code == 0 and str(page) in result.stdout
    html = page.read_text(encoding="utf-8")
    parser = _Page()
    parser.feed(html)
    parser.close()
    assert "script" not in parser.tags and "<script" not in html.lower()
    assert parser.urls == []
    assert "http://" not in html and "https://" not in html and "url(" not in html
    assert parser.tags.count("svg") == 3
    assert stat.S_IMODE(page.stat().st_mode) == 0o600


def test_a_bad_tariff_file_is_refused(doorstroom, tmp_path):
    tariffs = tmp_path / "tarieven.csv"
    tariffs.write_text("alternatief;dagtarief_euro\nhotel;80\n", encoding="utf-8")
    result = doorstroom("report", "--tariffs", str(tariffs))
    assert result.exit_code == 2 and "'hotel' is not an alternative" in result.stderr


# -- outputs: never over what is not a file, errors name the file -------------


def test_export_and_report_refuse_to_replace_what_is_not_a_regular_file(doorstroom, tmp_path):
    """A pipe stands in for /dev/null (renaming over it would replace it with
    a regular file); a link to it is refused too."""
    import os

    quarter_history(doorstroom)
    pipe = tmp_path / "pijp"
    os.mkfifo(pipe)
    link = tmp_path / "verwijzing.csv"
    link.symlink_to(pipe)
    before = sorted(p.name for p in tmp_path.iterdir())
    for arguments in (["export", "--output", str(pipe)], ["export", "--output", str(link), "--json"],
                      ["report", "--html", str(pipe)]):
        result = doorstroom(*arguments)
        assert result.exit_code == 2, (arguments, result.output)
        assert "not an ordinary file" in result.stderr and result.stderr.count("\n") == 1
        assert result.stdout == ""
        assert stat.S_ISFIFO(os.stat(pipe).st_mode) and link.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_export_output_dash_is_the_screen_and_refuses_json(doorstroom, tmp_path, monkeypatch):
    quarter_history(doorstroom)
    monkeypatch.chdir(tmp_path)
    result = doorstroom("export", "--output", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes == doorstroom("export").stdout_bytes
    assert not (tmp_path / "-").exists()
    refused = doorstroom("export", "--output", "-", "--json")
    assert refused.exit_code == 2 and "leave out --json" in refused.stderr and refused.stdout == ""
    assert not (tmp_path / "-").exists()


def unwritable(monkeypatch, folder):
    """Simulate a folder nobody may write in. The tests run as root, whom
    chmod does not stop, so the file system's answer is given here: creating
    a file in ``folder`` (os.open, which tempfile uses) fails with EACCES."""
    import errno
    import os
    from pathlib import Path

    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if flags & os.O_CREAT and Path(path).parent == folder:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)


def test_outputs_into_a_folder_one_may_not_write_name_the_file(doorstroom, tmp_path, monkeypatch):
    quarter_history(doorstroom)
    folder = tmp_path / "alleen-lezen"
    folder.mkdir()
    unwritable(monkeypatch, folder)
    before = doorstroom.dump()
    for arguments, target in ((["export", "--output"], folder / "q3.csv"),
                              (["report", "--html"], folder / "q3.html"),
                              (["backup"], folder / "kopie.db")):
        result = doorstroom(*arguments, str(target))
        assert result.exit_code == 2, (arguments, result.output)
        assert result.stderr.count("\n") == 1 and str(target) in result.stderr
        assert "database" not in result.stderr
        assert list(folder.iterdir()) == []
    assert doorstroom.dump() == before


def test_export_on_a_full_disk_says_so_names_the_file_and_leaves_nothing(doorstroom, tmp_path, monkeypatch):
    """A full disk is simulated: fsync reports ENOSPC, as file systems with
    delayed allocation do."""
    import errno
    import os

    quarter_history(doorstroom)
    target = tmp_path / "uit" / "q3.csv"
    target.parent.mkdir()

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    before = doorstroom.dump()
    result = doorstroom("export", "--output", str(target))
    assert result.exit_code == 3, result.output
    assert "disk is full" in result.stderr and str(target) in result.stderr
    assert result.stderr.count("\n") == 1
    assert list(target.parent.iterdir()) == []
    assert doorstroom.dump() == before


@pytest.mark.parametrize(
    ("written", "amount"),
    [("60", "60"), ("60,50", "60.50"), ("€ 60", "60"), ("€60,-", "60"), ("EUR 1.234,50", "1234.50"),
     ("1,234.50", "1234.50"), ("\u00a0€\u00a085", "85")],
)
def test_a_tariff_is_read_as_people_write_amounts(tmp_path, written, amount):
    from decimal import Decimal

    from doorstroom_cli import tariffs
    from doorstroom_cli.core.rules import Alternative

    path = tmp_path / "tarieven.csv"
    path.write_text(f"alternatief;dagtarief_euro\npleegzorg;{written}\n", encoding="utf-8")
    assert tariffs.read(path) == {Alternative("pleegzorg"): Decimal(amount)}


@pytest.mark.parametrize("written", ["zestig", "€", "60 euro per nacht", "1.2.3,4,5"])
def test_what_is_no_amount_stays_refused(doorstroom, tmp_path, written):
    path = tmp_path / "tarieven.csv"
    path.write_text(f"alternatief;dagtarief_euro\npleegzorg;{written}\n", encoding="utf-8")
    result = doorstroom("report", "--tariffs", str(path))
    assert result.exit_code == 2 and "is not an amount in euro" in result.stderr
