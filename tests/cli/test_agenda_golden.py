"""The agenda's golden outputs: the demo quarter at a fixed DOORSTROOM_TODAY,
as lines, JSON and a calendar file, byte for byte (like test_golden.py,
in files of its own). Record a deliberate change anew with

    DOORSTROOM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/cli/test_agenda_golden.py

which rewrites the files and still fails, so the diff is read first.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doorstroom_cli import clock
from doorstroom_cli.cli import app

GOLDEN = Path(__file__).parent / "golden"
TODAY = "2026-11-23"
MOMENT = "2026-11-23T06:00:00+00:00"

SCRIPT = [
    ["agenda"],
    ["agenda", "--json"],
    ["evaluate", "W1", "--cooperation", "onvoldoende"],
    ["dwellings", "out", "W3", "--from", "2027-01-04", "--to", "2027-01-10"],
    ["agenda", "--days", "56"],
    ["agenda", "--days", "56", "--json"],
    ["agenda", "--days", "14", "--ics", "{out}/agenda.ics"],
    ["agenda", "--days", "7", "--ics", "-"],
    ["agenda", "--from", "2026-11-01"],
]


def transcript(tmp_path: Path, language: str, monkeypatch) -> str:
    monkeypatch.setattr(clock, "utc_now", clock.fixed(MOMENT))
    monkeypatch.setenv("DOORSTROOM_TODAY", TODAY)
    monkeypatch.setenv("DOORSTROOM_LANG", language)
    db, out = tmp_path / "demo.db", tmp_path / "out"
    out.mkdir()
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(db), "--by", "demo", "demo", "--json"]).exit_code == 0
    parts = []
    for arguments in SCRIPT:
        filled = [part.format(out=out) for part in arguments]
        result = runner.invoke(app, ["--db", str(db), "--by", "golden", *filled])
        parts.append(f"$ doorstroom {' '.join(arguments)}\n{result.stdout_bytes.decode('utf-8')}")
        if result.stderr:
            parts.append(f"[stderr]\n{result.stderr}")
        parts.append(f"[exit {result.exit_code}]\n")
        for part in filled:
            written = Path(part)
            if written.parent == out and written.exists():
                parts.append(f"[file {written.name}]\n{written.read_bytes().decode('utf-8')}\n")
                written.unlink()
    return "\n".join(parts).replace(str(tmp_path), "<tmp>")


@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_agenda_is_the_recorded_one(tmp_path, monkeypatch, language):
    actual = transcript(tmp_path, language, monkeypatch)
    golden = GOLDEN / f"agenda-{language}.txt"
    if os.environ.get("DOORSTROOM_UPDATE_GOLDEN"):
        golden.write_bytes(actual.encode("utf-8"))  # the calendar keeps its CRLF
        pytest.fail(f"{golden.name} rewritten; read the diff before committing it")
    assert golden.exists(), "record it: DOORSTROOM_UPDATE_GOLDEN=1 pytest tests/cli/test_agenda_golden.py"
    assert actual == golden.read_bytes().decode("utf-8")
