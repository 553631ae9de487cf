"""The demo fills its own database with a quarter that obeys the rules."""

from __future__ import annotations

from typer.testing import CliRunner

from doorstroom_cli.cli import app


def test_demo_fills_a_separate_database_and_never_touches_the_real_one(tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["demo", "--json"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "xdg-data" / "doorstroom"
    assert (folder / "demo.db").exists() and not (folder / "doorstroom.db").exists()
    status = runner.invoke(app, ["--db", str(folder / "demo.db"), "status", "--json"])
    assert status.exit_code == 0
    assert '"occupied": 6' in status.stdout
    again = runner.invoke(app, ["demo"])
    assert again.exit_code == 1
    assert "already holds the demo. To start over, delete that file and run 'doorstroom demo' again." in again.stderr
    (folder / "demo.db").unlink()
    assert runner.invoke(app, ["demo"]).exit_code == 0  # as the sentence said


def test_demo_into_a_database_with_data_says_to_leave_out_db_and_never_to_delete_it(doorstroom):
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders")
    refused = doorstroom("demo")
    assert refused.exit_code == 1
    assert "Leave out --db to fill a separate demo database" in refused.stderr and "delete" not in refused.stderr


def test_demo_into_a_chosen_database_gives_figures(doorstroom):
    assert doorstroom("demo").exit_code == 0
    figures = doorstroom.json("report", "--from", "2026-08-24")
    assert figures["admissions"] > 6 and figures["departures"] > 0 and figures["nights"] > 0
    assert doorstroom.json("log", "--limit", "1")["entries"]
