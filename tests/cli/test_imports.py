"""Commands do not load what they do not use (timings live in bench/, not here)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = {"rich", "sqlite_utils", "dateutil", "pydantic", "icalendar"}

PROBE = """
import json, sys
arguments, watched = json.loads(sys.argv[1]), set(json.loads(sys.argv[2]))
from doorstroom_cli.cli import main
sys.argv = ["doorstroom", *arguments]
code = 0
try:
    main()
except SystemExit as stop:
    code = stop.code
loaded = sorted({m.split(".")[0] for m in sys.modules} & watched)
commands = sorted(m for m in sys.modules if m.startswith("doorstroom_cli.cli."))
ours = sorted(m for m in sys.modules if m.startswith("doorstroom_cli."))
sys.stderr.write(json.dumps({"code": code, "loaded": loaded, "commands": commands, "ours": ours}))
"""


def loaded_by(arguments: list[str], env: dict, what: str = "loaded") -> list[str]:
    """The watched libraries (or, with what="commands", the modules of the
    command-line package; with what="ours", all of the program's modules)
    that running ``arguments`` imported."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(arguments), json.dumps(sorted(HEAVY))],
        capture_output=True, text=True, env=env, check=True,
    )
    report = json.loads(result.stderr.splitlines()[-1])
    assert report["code"] in (0, None), result.stderr
    return report[what]


@pytest.fixture
def env(db_path, monkeypatch):
    import os

    from doorstroom_cli.clock import fixed
    from doorstroom_cli.storage import Store

    Store(db_path, actor="test", now=fixed("2026-11-23T06:00:00+00:00")).close()  # created and migrated beforehand
    return {**os.environ, "DOORSTROOM_DB": str(db_path)}


@pytest.mark.parametrize(
    "arguments",
    [["status", "--json"], ["extend", "--auto"], ["extend", "--auto", "--json"], ["agenda"], ["agenda", "--json"]],
)
def test_everyday_commands_without_a_screen_load_no_heavy_library(arguments, env):
    assert loaded_by(arguments, env) == []


def test_the_status_screen_loads_rich_but_not_sqlite_utils(env):
    assert loaded_by(["status"], env) == ["rich"]


# The modules every command needs: the application, its framework, the
# shared options and the registry. A command's own module comes on top.
CLI_CORE = ["doorstroom_cli.cli.app", "doorstroom_cli.cli.framework", "doorstroom_cli.cli.registry"]


@pytest.mark.parametrize(
    "arguments, module",
    [
        (["status", "--json"], "daily"),
        (["extend", "--auto"], "daily"),
        (["log", "--json"], "safekeeping"),
        (["dwellings", "--json"], "dwellings"),
        (["agenda", "--json"], "agenda"),
    ],
)
def test_a_command_imports_its_own_module_and_no_other(arguments, module, env):
    assert loaded_by(arguments, env, "commands") == sorted(
        [*CLI_CORE, f"doorstroom_cli.cli.{module}", "doorstroom_cli.cli.shared"]
    )


def test_only_the_calendar_file_loads_icalendar(env, tmp_path):
    """icalendar (which brings dateutil) is for --ics; the agenda on the
    screen or as JSON loads neither (see the everyday commands above)."""
    assert loaded_by(["agenda", "--ics", str(tmp_path / "agenda.ics")], env) == ["dateutil", "icalendar"]


def test_help_lists_every_command_without_importing_one(env):
    assert loaded_by(["--help"], env, "commands") == CLI_CORE


COMPLETING = {"_DOORSTROOM_COMPLETE": "complete_bash", "COMP_WORDS": "doorstroom sta", "COMP_CWORD": "1"}


def test_completing_a_command_name_imports_no_command(env):
    """A TAB after ``doorstroom sta`` is answered from the registry: no
    command's module, no service, no storage (a shell runs this on every TAB)."""
    ours = loaded_by([], {**env, **COMPLETING}, "ours")
    assert [m for m in ours if m.startswith("doorstroom_cli.cli.")] == CLI_CORE
    assert [m for m in ours if m.startswith(("doorstroom_cli.service", "doorstroom_cli.storage"))] == []


@pytest.mark.parametrize("arguments", [["status", "--json"], ["extend", "--auto"]])
def test_the_daily_commands_import_only_their_service_family(arguments, env):
    """``service`` is a lazy namespace: ``status`` and ``extend`` import
    ``service.daily`` alone, and not the agenda's rules (core.agenda)."""
    ours = loaded_by(arguments, env, "ours")
    assert [m for m in ours if m.startswith("doorstroom_cli.service.")] == ["doorstroom_cli.service.daily"]
    assert "doorstroom_cli.core.agenda" not in ours


def test_the_program_never_imports_sqlite_utils():
    """The program applies its own steps: no command imports sqlite-utils
    (tests/storage/test_migrations.py uses it to build the oldest databases)."""
    import ast
    from pathlib import Path

    package = Path(__file__).parents[2] / "src" / "doorstroom_cli"
    importers = []
    for module in sorted(package.rglob("*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(name.split(".")[0] == "sqlite_utils" for name in names):
                importers.append(module.name)
    assert importers == []


def test_the_service_namespace_keeps_its_functions_whatever_is_imported_first():
    """Five functions share their module's name (service.forecast is a
    function in service/forecast.py): importing the module first, as
    cli/forecast.py does for its limits, must not put the module in the
    function's place."""
    probe = """
import importlib, inspect, sys
from doorstroom_cli.service.forecast import MOST_RUNS
import doorstroom_cli.service.undo
from doorstroom_cli import service
for name in ("agenda", "dwellings", "forecast", "show", "undo"):
    importlib.import_module(f"doorstroom_cli.service.{name}")
    assert inspect.isfunction(getattr(service, name)), name
assert set(service.__all__) <= set(dir(service))
assert all(not inspect.ismodule(getattr(service, name)) for name in service.__all__)
"""
    subprocess.run([sys.executable, "-c", probe], check=True)
