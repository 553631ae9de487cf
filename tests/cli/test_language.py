"""Dutch first, English on request: the catalogue, the choice, the output.

The interface is written in English in the code and translated through
the gettext catalogue in src/doorstroom_cli/locale (see i18n.py). These
tests fail when a message is missing from the Dutch catalogue, when the
shipped .mo no longer matches the .po, when a user-facing text escapes
translation, and when a command does not speak the language asked for.
"""

from __future__ import annotations

import ast
import io
import json
import os
import string
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

import catalogue  # tools/catalogue.py (pyproject: pythonpath)
from doorstroom_cli import i18n
from doorstroom_cli.cli import app
from doorstroom_cli.core.errors import InvalidInput, N_, Refused

PACKAGE = Path(catalogue.__file__).parent  # the installed package, editable or not
ERROR_CLASSES = {"Refused", "NotFound", "InvalidInput", "EnvironmentFailure", "DoorstroomError"}


def _fields(text: str) -> list[str]:
    return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field)


def _forms(value) -> tuple:
    return value if isinstance(value, tuple) else (value,)


# -- The catalogue -------------------------------------------------------------


def test_every_message_in_the_code_has_its_dutch_translation():
    dutch = catalogue.read("nl")
    missing, empty, mismatched = [], [], []
    for message in catalogue.extract():
        if not message.id:
            continue
        translated = dutch.get(message.id)
        if translated is None:
            missing.append(message.id)
            continue
        if translated.fuzzy or not all(_forms(translated.string)):
            empty.append(message.id)
            continue
        for english, dutch_form in zip(_forms(message.id) * 2, _forms(translated.string)):
            if _fields(english) != _fields(dutch_form):
                mismatched.append((english, dutch_form))
    assert not missing, f"not in nl.po; run python tools/catalogue.py: {missing}"
    assert not empty, f"untranslated in nl.po: {empty}"
    assert not mismatched, f"placeholders differ: {mismatched}"


def test_messages_inside_f_strings_reach_the_catalogue_too():
    """Babel's extractor skips a _("...") inside an f-string; the Dutch HTML
    report once said "Key figures" because of it."""
    ids = {message.id for message in catalogue.extract()}
    assert {"Key figures", "Figures for {period}", "Length of stay of the departed households"} <= ids


def test_the_catalogue_holds_nothing_the_code_no_longer_says():
    used = {message.id for message in catalogue.extract() if message.id}
    stale = [message.id for message in catalogue.read("nl") if message.id and message.id not in used]
    assert not stale, f"run python tools/catalogue.py: {stale}"


def _mo_contents(data: bytes) -> dict:
    """What a .mo file says, less the header line that names the Babel
    version that compiled it (a newer Babel must not fail the suite)."""
    from babel.messages.mofile import read_mo

    catalog = read_mo(io.BytesIO(data))
    frozen = lambda text: text if isinstance(text, str) else tuple(text)  # plurals are lists
    messages = {frozen(message.id): frozen(message.string) for message in catalog if message.id}
    headers = {key: value for key, value in catalog.mime_headers if key != "Generated-By"}
    return {"messages": messages, "headers": headers}


def test_the_shipped_mo_is_the_compiled_po():
    shipped = catalogue.po_path("nl").with_suffix(".mo").read_bytes()
    compiled = catalogue.compiled(catalogue.read("nl"))
    assert _mo_contents(shipped) == _mo_contents(compiled), "run python tools/catalogue.py"


@pytest.mark.slow
def test_the_catalogue_and_the_default_pool_ship_in_the_wheel(tmp_path):
    """A pip install needs no gettext tools: the .mo is in the built wheel,
    and so is the pool file a new database is filled from."""
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path),
         str(Path(__file__).parents[2])],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    import zipfile

    [wheel] = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "doorstroom_cli/locale/nl/LC_MESSAGES/doorstroom.mo" in names
    assert "doorstroom_cli/data/dwellings.csv" in names


def _user_facing_literals(tree: ast.AST):
    """Texts a person reads that bypass the catalogue."""
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "help" and isinstance(node.value, (ast.Constant, ast.JoinedStr)):
            yield node.lineno, "help= without _()"
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        first = node.args[0] if node.args else None
        if name in ERROR_CLASSES and isinstance(first, ast.JoinedStr):
            yield node.lineno, f"{name} with an f-string (give a template and values)"
        if name in {"_", "N_", "ngettext"} and isinstance(first, ast.JoinedStr):
            yield node.lineno, f"{name}() of an f-string cannot be translated"
        if name in {"echo", "confirm", "ask", "add_column", "add_row", "Text"} and isinstance(first, (ast.Constant, ast.JoinedStr)):
            words = first.value if isinstance(first, ast.Constant) else "".join(
                part.value for part in first.values if isinstance(part, ast.Constant)
            )
            words = words.replace("doorstroom", "") if isinstance(words, str) else ""  # the program's name
            if sum(ch.isalpha() for ch in words) >= 3:
                yield node.lineno, f"{name}({words!r}) without _()"


def test_no_user_facing_text_bypasses_the_catalogue():
    found = []
    for path in sorted(PACKAGE.glob("*.py")):
        for line, problem in _user_facing_literals(ast.parse(path.read_text())):
            found.append(f"{path.name}:{line}: {problem}")
    assert not found, "\n".join(found)


def test_the_lint_catches_what_it_looks_for():
    bad = ast.parse(
        'typer.echo(f"{n} stays written.")\n'
        'raise Refused(f"Dwelling {code} is out of use.")\n'
        'typer.Option(help="Weeks to add.")\n'
        'table.add_column("Household")\n'
    )
    assert len(list(_user_facing_literals(bad))) == 4


# -- Choosing the language -----------------------------------------------------


@pytest.mark.parametrize(
    "environment, language",
    [
        ({}, "nl"),
        ({"DOORSTROOM_LANG": "en"}, "en"),
        ({"DOORSTROOM_LANG": "nl", "LANG": "en_US.UTF-8"}, "nl"),
        ({"DOORSTROOM_LANG": "fr"}, "nl"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "C.UTF-8"}, "nl"),
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),
        ({"LC_ALL": "nl_NL.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "nl"),
    ],
)
def test_the_language_follows_doorstroom_lang_then_the_locale(environment, language):
    assert i18n.chosen_language(environment) == language


def test_dutch_numbers_days_and_weeks(monkeypatch):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    assert i18n.number(1234.5, 2) == "1.234,50"
    assert i18n.short_day(date(2026, 11, 23)) == "ma 23 nov"
    assert i18n.week(date(2026, 11, 23)) == "week 48"
    assert i18n.week(date(2027, 1, 1)) == "week 53"  # ISO: 1 January 2027 is in 2026's week 53
    monkeypatch.setenv("DOORSTROOM_LANG", "en")
    assert i18n.number(1234.5, 2) == "1,234.50"
    assert i18n.short_day(date(2026, 11, 23)) == "Mon 23 Nov"


def test_an_error_is_translated_with_the_words_in_its_values(monkeypatch):
    error = InvalidInput("{what} cannot be empty.", what=N_("The note"))
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    assert i18n.translate_error(error) == "De notitie mag niet leeg zijn."
    monkeypatch.setenv("DOORSTROOM_LANG", "en")
    assert i18n.translate_error(error) == "The note cannot be empty."
    assert str(Refused("Dwelling {code} is out of use.", code="W3")) == "Dwelling W3 is out of use."


# -- The command line in both languages ------------------------------------------


def _run(db: Path, language: str, *args: str, **kwargs):
    return CliRunner().invoke(app, ["--db", str(db), *args], env={"DOORSTROOM_LANG": language}, **kwargs)


def test_a_day_in_dutch(db_path):
    admitted = _run(db_path, "nl", "admit", "Jansen", "--urgency", "4", "--alternative", "pleegzorg", "--children", "2")
    assert admitted.exit_code == 0
    assert admitted.stdout == "Huishouden 1 is geplaatst in W6 vanaf 23-11-2026; geplande vertrekdatum 04-01-2027.\n"
    status = _run(db_path, "nl", "status").stdout
    assert "ma 23 nov 2026 (week 48): 1 van 6 bezet, 0 wachtend" in status
    header = status.splitlines()[2]
    assert header.split() == ["Won", "Huishouden", "Sinds", "Vertrekt", "Rest", "Wkn", "Evalueren", "Verlengt"]
    for words in ("vrij", "Er wacht niemand.", "Er is niets dat aandacht vraagt."):
        assert words in status
    evaluated = _run(db_path, "nl", "evaluate", "1", "--cooperation", "onvoldoende").stdout
    assert "vastgelegd (onvoldoende): het verblijf wordt niet meer verlengd en eindigt op 04-01-2027" in evaluated
    released = _run(db_path, "nl", "release", "W6", "--destination", "eigen-woning").stdout
    assert released.startswith("Huishouden 1 heeft W6 op 23-11-2026 verlaten na 0 dagen (eigen-woning)")
    story = _run(db_path, "nl", "show", "Jansen").stdout
    assert "aangemeld: urgentie 4, 3 personen (1 volwassene, 2 kinderen), in plaats van pleegzorg" in story
    assert "direct geplaatst in W6" in story and "vertrokken: eigen woning" in story


def test_refusals_and_usage_errors_in_dutch(db_path):
    refused = _run(db_path, "nl", "release", "9", "--destination", "netwerk")
    assert (refused.exit_code, refused.stderr) == (1, "Fout: Huishouden 9 heeft geen lopende aanmelding of verblijf.\n")
    usage = _run(db_path, "nl", "admit", "Jansen", "--urgency", "9", "--alternative", "pleegzorg")
    assert usage.exit_code == 2
    assert usage.stderr.splitlines() == [  # one sentence and where the help is, no usage dump
        "Fout: De urgentie moet een getal van 1 tot en met 5 zijn, niet 9.",
        "Zie 'doorstroom admit --help'.",
    ]
    choice = _run(db_path, "nl", "evaluate", "1", "--cooperation", "goed")
    assert choice.stderr.splitlines()[0] == (
        "Fout: 'goed' is geen geldige keuze voor '--cooperation'; kies uit: 'volledig', 'gedeeltelijk', 'onvoldoende'."
    )
    missing = _run(db_path, "nl", "release", "1")
    assert missing.stderr.splitlines() == [  # the choices on one line
        "Fout: Optie '--destination' ontbreekt. Kies uit: eigen-woning, omklapwoning, terug-naar-huis, netwerk, "
        "maatschappelijke-opvang, beschermd-wonen, crisisopvang, anders, onbekend.",
        "Zie 'doorstroom release --help'.",
    ]
    unknown = _run(db_path, "nl", "stauts")
    assert unknown.stderr.splitlines() == ["Fout: Onbekende opdracht 'stauts'. Bedoelt u 'status'?", "Zie 'doorstroom --help'."]
    spaced = _run(db_path, "nl", "admit", "Jan", "Jansen", "--urgency", "3", "--alternative", "anders")
    assert spaced.stderr.splitlines()[0] == (
        'Fout: Onverwachte extra woorden: Jansen. Zet een naam of tekst met spaties tussen aanhalingstekens, zoals "Jan Jansen".'
    )


def test_the_same_in_english(db_path):
    admitted = _run(db_path, "en", "admit", "Jansen", "--urgency", "4", "--alternative", "pleegzorg")
    assert admitted.stdout.startswith("Household 1 is placed in W")
    assert "Mon 23 Nov 2026 (week 48): 1 of 6 occupied, 0 waiting" in _run(db_path, "en", "status").stdout
    assert _run(db_path, "en", "release", "9", "--destination", "netwerk").stderr == (
        "Error: Household 9 has no open application or stay.\n"
    )


def test_json_keys_and_slugs_do_not_change_with_the_language(db_path):
    _run(db_path, "nl", "admit", "Jansen", "--urgency", "4", "--alternative", "pleegzorg")
    _run(db_path, "nl", "admit", "Bakker", "--urgency", "2", "--alternative", "crisisopvang", "--adults", "2",
         "--children", "5")
    _run(db_path, "nl", "evaluate", "1", "--cooperation", "gedeeltelijk")
    for command in (["status"], ["show", "1"], ["report"], ["log"], ["dwellings"], ["extend", "--auto", "--dry-run"]):
        dutch = json.loads(_run(db_path, "nl", *command, "--json").stdout)
        english = json.loads(_run(db_path, "en", *command, "--json").stdout)
        # extend --auto's ran_at is the moment of each run (the wall clock): the
        # two runs may fall in different seconds, so it is compared by its shape.
        if "ran_at" in dutch:
            moments = [datetime.fromisoformat(document.pop("ran_at")) for document in (dutch, english)]
            assert all(moment.utcoffset() is not None for moment in moments)
        assert dutch == english, command


def _help(environment: dict, *args: str) -> str:
    env = {key: value for key, value in os.environ.items() if key not in {"DOORSTROOM_LANG", "LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE"}}
    env.update(environment)
    result = subprocess.run(
        [sys.executable, "-m", "doorstroom_cli", *args, "--help"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_help_is_dutch_by_default_and_english_from_the_locale():
    dutch = _help({"LANG": "C.UTF-8"})
    for words in ("Gebruik: ", "[OPTIES] OPDRACHT", "Opties:", "Dagelijks werk:", "Cijfers:", "Beheer:",
                  "Toon deze hulp en stop.", "Het dagoverzicht"):
        assert words in dutch
    assert "..." not in dutch.split("Dagelijks werk:")[1]  # every command's help whole, never cut
    admit = _help({"DOORSTROOM_LANG": "nl"}, "admit")
    assert "Hoe urgent: 5 is het meest urgent." in admit
    english = _help({"LANG": "en_US.UTF-8"})
    for words in ("Usage: ", "[OPTIONS] COMMAND", "Options:", "Daily work:", "Show this message and exit.", "The daily overview"):
        assert words in english
