"""--json suits a person on a terminal and a cron log alike: indented on a
terminal, one line per document otherwise, and the nightly run says when it ran."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys

from doorstroom_cli import clock


def _run(db_path, *arguments, stdout):
    environment = {**os.environ, "DOORSTROOM_DB": str(db_path), "DOORSTROOM_TODAY": "2026-11-24"}
    return subprocess.run([sys.executable, "-m", "doorstroom_cli", *arguments], stdout=stdout,
                          stderr=subprocess.PIPE, env=environment, check=True)


def test_runs_appended_to_a_log_are_json_lines_with_the_moment_they_ran(tmp_path):
    db_path, log = tmp_path / "doorstroom.db", tmp_path / "extend.log"
    _run(db_path, "admit", "Jansen", "--urgency", "3", "--alternative", "anders", stdout=subprocess.DEVNULL)
    for _ in range(2):
        with log.open("a") as appended:
            _run(db_path, "extend", "--auto", "--json", stdout=appended)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        document = json.loads(line)
        assert document["date"] == "2026-11-24" and document["extended"] == []
        assert document["ran_at"][-6:] in {"+01:00", "+02:00"}  # Amsterdam, with its offset


def test_on_a_terminal_the_document_is_indented(tmp_path):
    primary, secondary = pty.openpty()
    try:
        _run(tmp_path / "doorstroom.db", "status", "--json", stdout=secondary)
        os.close(secondary)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # the terminal closed
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
    text = shown.decode("utf-8").replace("\r\n", "\n")
    assert text.startswith("{\n  \"") and json.loads(text)["occupied"] == 0


def test_ran_at_is_amsterdams_time_of_the_run(doorstroom, monkeypatch):
    monkeypatch.setattr(clock, "utc_now", clock.fixed("2026-11-24T05:00:03+00:00"))
    assert doorstroom.json("extend", "--auto")["ran_at"] == "2026-11-24T06:00:03+01:00"
    monkeypatch.setattr(clock, "utc_now", clock.fixed("2026-07-01T04:00:00+00:00"))
    assert doorstroom.json("extend", "--auto", "--dry-run")["ran_at"] == "2026-07-01T06:00:00+02:00"
