"""Golden outputs: a whole scripted day on the demo database, byte for byte.

Moving code must not change what a coordinator or a script sees. This test
fills the demo quarter, runs every command (screens, --json, the export's
bytes, the HTML report, refusals), and compares the transcript with the
one recorded in tests/golden/. A deliberate change of output is recorded
anew with

    DOORSTROOM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_golden.py

which rewrites the files and still fails, so that the new transcript is
read (git diff) before it is committed.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doorstroom_cli import clock
from doorstroom_cli.cli import app

GOLDEN = Path(__file__).parent / "golden"
TODAY = "2026-11-23"
MOMENT = "2026-11-23T06:00:00+00:00"
PSEUDONYM_KEY = "00" * 32  # the export's pseudonyms are keyed per database; fixed here

# (arguments, file the command writes or None). {db}, {out} are filled in.
SCRIPT = [
    ["status"],
    ["status", "--json"],
    ["dwellings"],
    ["dwellings", "--json"],
    ["show", "W1"],
    ["show", "W2", "--json"],
    ["log", "--limit", "12"],
    ["log", "W3", "--json", "--limit", "5"],
    ["extend", "--auto", "--dry-run"],
    ["extend", "--auto", "--dry-run", "--json"],
    ["report", "--from", "2026-08-24", "--to", "2026-11-22"],
    ["report", "--from", "2026-08-24", "--to", "2026-11-22", "--json"],
    ["report", "--from", "2026-08-24", "--to", "2026-11-22", "--html", "{out}/report.html"],
    ["export", "--from", "2026-08-24", "--to", "2026-11-22", "--output", "{out}/export.csv"],
    ["export", "--from", "2026-08-24", "--to", "2026-11-22", "--output", "{out}/export-json.csv", "--json"],
    ["admit", "Gezin Nieuw", "--urgency", "4", "--alternative", "pleegzorg", "--children", "2"],
    ["admit", "Gezin Later", "--urgency", "2", "--alternative", "anders", "--json"],
    ["evaluate", "W1", "--cooperation", "onvoldoende", "--note", "afspraak gemist"],
    ["evaluate", "W2", "--cooperation", "volledig", "--json"],
    ["extend", "W3", "--weeks", "2"],
    ["extend", "W4", "--json"],
    ["release", "W5", "--destination", "eigen-woning"],
    ["release", "W6", "--destination", "netwerk", "--json"],
    ["admit", "--next"],
    ["admit", "--next", "--json"],
    ["extend", "--auto", "--json"],
    ["status"],
    ["status", "--json"],
    ["undo", "--dry-run"],
    ["undo", "--yes", "--json"],
    ["undo", "--yes"],
    ["log", "--limit", "4"],
    # Refusals and usage errors: one sentence, the contract's exit code.
    ["release", "W9", "--destination", "netwerk"],
    ["evaluate", "W1", "--cooperation", "matig"],
    ["admit", "Gezin Fout", "--urgency", "9", "--alternative", "anders"],
    ["extend", "999"],
    ["export", "--from", "30-02-2026"],
]


def transcript(tmp_path: Path, language: str, monkeypatch) -> str:
    """Every command's stdout, stderr, exit code and written file, in order."""
    monkeypatch.setattr(clock, "utc_now", clock.fixed(MOMENT))
    monkeypatch.setenv("DOORSTROOM_TODAY", TODAY)
    monkeypatch.setenv("DOORSTROOM_LANG", language)
    db = tmp_path / "demo.db"
    out = tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    demo = runner.invoke(app, ["--db", str(db), "--by", "demo", "demo", "--json"])
    assert demo.exit_code == 0, demo.output
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE settings SET value = ? WHERE name = 'pseudonym_key'", (PSEUDONYM_KEY,))
    conn.close()
    parts = []
    for arguments in SCRIPT:
        filled = [part.format(out=out) for part in arguments]
        result = runner.invoke(app, ["--db", str(db), "--by", "golden", *filled])
        shown = " ".join(arguments)
        parts.append(f"$ doorstroom {shown}\n{result.stdout}")
        if result.stderr:
            parts.append(f"[stderr]\n{result.stderr}")
        parts.append(f"[exit {result.exit_code}]\n")
        for part in filled:
            written = Path(part)
            if written.parent == out and written.exists():
                parts.append(f"[file {written.name}]\n{written.read_bytes().decode('utf-8')}\n")
                written.unlink()
    text = "\n".join(parts)
    return text.replace(str(tmp_path), "<tmp>")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_outputs_are_the_recorded_ones(tmp_path, monkeypatch, language):
    actual = transcript(tmp_path, language, monkeypatch)
    golden = GOLDEN / f"day-{language}.txt"
    if os.environ.get("DOORSTROOM_UPDATE_GOLDEN"):
        golden.write_bytes(actual.encode("utf-8"))  # the CSV keeps its CRLF
        pytest.fail(f"{golden.name} rewritten; read the diff before committing it")
    assert golden.exists(), "record it: DOORSTROOM_UPDATE_GOLDEN=1 pytest tests/cli/test_golden.py"
    expected = golden.read_bytes().decode("utf-8")
    assert actual == expected
