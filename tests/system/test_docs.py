"""The documentation cannot drift from the tool: README commands are run here."""

from __future__ import annotations

import re
import shlex
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def code_blocks(section: str) -> list[str]:
    """The fenced code blocks under a README heading."""
    body = README.split(f"## {section}", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```[a-z]*\n(.*?)```", body, flags=re.DOTALL)


def test_readme_gives_exactly_two_commands_to_install_and_to_test():
    blocks = code_blocks("Install and try it")
    assert len(blocks) == 2
    run, test = (block.strip() for block in blocks)
    assert "\n" not in run and "\n" not in test
    assert run.endswith("doorstroom status")
    assert test.endswith("pytest")


def test_ci_runs_the_readmes_test_command():
    test_command = code_blocks("Install and try it")[1].strip()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_the_extra_the_readme_installs_exists():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "test" in project["optional-dependencies"]
    assert project["scripts"]["doorstroom"] == "doorstroom_cli.cli:main"


def test_the_coordinators_day_in_the_readme_runs(doorstroom):
    [block] = code_blocks("A coordinator's day")
    commands = [shlex.split(line, comments=True) for line in block.strip().splitlines()]
    assert len(commands) >= 5
    for words in commands:
        assert words[0] == "doorstroom"
        result = doorstroom(*words[1:])
        assert result.exit_code == 0, (words, result.output)


def test_the_cron_lines_use_existing_options(doorstroom):
    blocks = code_blocks("The nightly extension")
    assert len(blocks) == 2
    for cron in blocks:
        words = shlex.split(cron.split(">>")[0])[5:]  # after the five schedule fields
        assert words[0].endswith("/doorstroom")
        result = doorstroom(*words[1:])
        assert result.exit_code == 0, result.output


def test_the_figures_commands_in_the_readme_run(doorstroom, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [block] = code_blocks("Figures for the gemeente")
    for line in block.strip().splitlines():
        words = shlex.split(line, comments=True)
        assert words[0] == "doorstroom"
        result = doorstroom(*words[1:])
        assert result.exit_code == 0, (words, result.output)
    assert (tmp_path / "kwartaal.html").exists() and (tmp_path / "kwartaal.csv").exists()


GUIDE = (ROOT / "docs" / "handleiding.md").read_text(encoding="utf-8")


def guide_blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, flags=re.DOTALL)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_command_in_the_dutch_guide_runs(doorstroom, tmp_path, monkeypatch, language):
    """The guide's sh blocks, in order, against one database (demo in its own),
    in Dutch as the guide's reader sees them, and in English."""
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DOORSTROOM_LANG", language)
    commands = [shlex.split(line) for block in guide_blocks("sh") for line in block.strip().splitlines()]
    assert len(commands) >= 15
    for words in commands:
        assert words[0] == "doorstroom", words
        if words[1] == "demo":  # the demo makes its own database, never the real one
            result = CliRunner().invoke(app, words[1:])
        else:
            result = doorstroom(*words[1:])
        assert result.exit_code == 0, (words, result.output)
    assert (tmp_path / "kwartaal.html").exists() and (tmp_path / "kwartaal.csv").exists()


def test_the_guides_cron_lines_and_systemd_unit_use_existing_options(doorstroom):
    import os

    [cron] = guide_blocks("cron")
    service = next(block for block in guide_blocks("ini") if "ExecStart" in block)
    Path(os.environ["HOME"]).mkdir(exist_ok=True)  # the agenda's file goes there
    lines = [shlex.split(os.path.expandvars(line.split(">>")[0]))[5:] for line in cron.strip().splitlines()]
    lines.append(shlex.split(service.split("ExecStart=", 1)[1].splitlines()[0]))
    for words in lines:
        assert words[0].endswith("/doorstroom")
        result = doorstroom(*words[1:])
        assert result.exit_code == 0, (words, result.output)


def test_the_guide_schedules_outside_the_daylight_saving_hour():
    for block in guide_blocks("cron"):
        for line in block.strip().splitlines():
            assert line.split()[1] not in {"2"}, line
    assert "OnCalendar=*-*-* 06:00:00" in GUIDE


def test_the_guides_status_example_is_what_the_demo_shows(tmp_path, monkeypatch):
    """The overview printed in the guide is the demo's, in Dutch, as it is today."""
    from typer.testing import CliRunner

    from doorstroom_cli.cli import app

    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    demo = tmp_path / "demo.db"
    runner = CliRunner()
    assert runner.invoke(app, ["--db", str(demo), "demo"]).exit_code == 0
    shown = runner.invoke(app, ["--db", str(demo), "status"]).stdout
    example = next(block for block in guide_blocks("text") if block.startswith("Doorstroomwoningen"))
    assert [line.rstrip() for line in shown.splitlines()] == example.rstrip("\n").splitlines()


def test_the_module_map_in_design_md_lists_every_module():
    """docs/design.md's map of src/doorstroom_cli is the code's: a module
    added, moved or removed without the map fails here."""
    import re

    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    block = text.split("```\nsrc/doorstroom_cli/\n", 1)[1].split("```", 1)[0]
    listed = {re.split(r"\s+", line.strip())[0] for line in block.splitlines() if line.strip()}
    package = ROOT / "src" / "doorstroom_cli"
    actual = {path.relative_to(package).as_posix() for path in package.rglob("*.py")}
    actual |= {path.relative_to(ROOT).as_posix() for path in (ROOT / "tools").glob("*.py")}
    assert {name for name in listed if name.endswith(".py")} == actual


def _commands_and_options():
    """(command path, options) of every command the application has."""
    import typer.main

    from doorstroom_cli.cli.app import app

    group = typer.main.get_command(app)
    ctx = group.make_context("doorstroom", ["status"], resilient_parsing=True)
    found = []

    def walk(command, path):
        options = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
        found.append((" ".join(path), options - {"--help"}))
        for name in getattr(command, "list_commands", lambda ctx: [])(ctx):
            walk(command.get_command(ctx, name), [*path, name])

    walk(group, [])
    return found


def test_usage_md_is_the_reference_of_every_command_and_option():
    """docs/usage.md is the one command reference: every command (and
    dwellings' subcommands) has its row, every option is described, and no
    row names a command the program does not have."""
    import re

    text = (ROOT / "docs" / "usage.md").read_text(encoding="utf-8")
    table = text.split("| command | what it does |", 1)[1].split("\n\n", 1)[0]
    table_rows = re.findall(r"^\| `([a-z][a-z -]*?)(?: [A-Z\[-]|`)", table, flags=re.M)
    documented = {row.strip() for row in table_rows}
    commands = _commands_and_options()
    names = {path for path, _ in commands if path}
    missing_commands = {name for name in names if name not in documented and name != "dwellings"} | (
        {"dwellings"} - documented
    )
    missing_options = {(path, option) for path, options in commands for option in options if option not in text}
    unknown = {row for row in documented if row.split()[0] not in names}
    assert (missing_commands, missing_options, unknown) == (set(), set(), set())
