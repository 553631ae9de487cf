"""forecast through the command line: its JSON, its words, its refusals,
and the backtest on a generated history."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doorstroom_cli.cli import app
from doorstroom_cli.core.forecast import Spread

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-23T06:00:00+00:00"


@pytest.fixture
def demo(doorstroom):
    """The demo's quarter: six residents, a waitlist, a few stays ended."""
    result = CliRunner().invoke(app, ["--db", str(doorstroom.db_path), "demo"])
    assert result.exit_code == 0, result.output
    return doorstroom


def test_the_json_has_the_issues_shape(demo):
    document = demo.json("forecast", "--runs", "300")
    assert list(document) == ["today", "runs", "basis", "waitlist", "residents", "pool"]
    assert document["today"] == "2026-11-23" and document["runs"] == 300
    assert list(document["basis"]) == ["completed_stays", "source", "arrivals_per_month"]
    # The demo has 10 ended stays: 8 in its quarter and the 2 that left over a year before (aftercare).
    assert document["basis"]["source"] == "history" and document["basis"]["completed_stays"] == 10
    status = demo.json("status")
    assert [w["household"] for w in document["waitlist"]] == [w["household"] for w in status["waitlist"]]
    for rank, waiting in enumerate(document["waitlist"], start=1):
        assert list(waiting) == ["household", "rank", "placement"] and waiting["rank"] == rank
        assert list(waiting["placement"]) == ["p10", "median", "p90"]
        spread = [date.fromisoformat(waiting["placement"][key]) for key in ("p10", "median", "p90")]
        assert date(2026, 11, 23) <= spread[0] <= spread[1] <= spread[2]
    living = {d["code"]: d["stay"]["household"] for d in status["dwellings"] if d["stay"]}
    assert {r["dwelling"]: r["household"] for r in document["residents"]} == living
    for resident in document["residents"]:
        assert list(resident) == ["household", "dwelling", "leaves", "still_there_at_six_weeks"]
        assert 0 <= resident["still_there_at_six_weeks"] <= 1
    [pool] = document["pool"]
    assert list(pool) == ["dwellings", "mean_wait_days", "median_wait_days", "share_waiting_over_14_days",
                          "occupancy"]
    assert pool["dwellings"] == 6 and 0 <= pool["occupancy"] <= 1 and 0 <= pool["share_waiting_over_14_days"] <= 1


def test_ten_thousand_runs_by_default_and_the_same_seed_gives_the_same_output(demo):
    document = demo.json("forecast")
    assert document["runs"] == 10_000
    assert demo("forecast", "--seed", "5", "--runs", "400").stdout == demo("forecast", "--seed", "5", "--runs", "400").stdout
    assert demo.json("forecast", "--seed", "5", "--runs", "400") == demo.json("forecast", "--seed", "5", "--runs", "400")


def test_the_json_holds_no_names_and_the_screen_only_those_status_shows(demo):
    status = demo.json("status")
    names = [w["name"] for w in status["waitlist"]] + [d["stay"]["name"] for d in status["dwellings"] if d["stay"]]
    output = demo("forecast", "--json", "--runs", "200", "--dwellings", "8").stdout
    assert names and not any(name in output for name in names)
    assert "name" not in output
    screen = demo("forecast", "--runs", "200").stdout
    assert all(name in screen for name in names)  # as status shows them, beside the id


def test_the_pool_what_if_shows_today_and_n_side_by_side(demo):
    document = demo.json("forecast", "--runs", "500", "--dwellings", "9")
    current, larger = document["pool"]
    assert (current["dwellings"], larger["dwellings"]) == (6, 9)
    assert larger["mean_wait_days"] <= current["mean_wait_days"]
    assert larger["occupancy"] <= current["occupancy"]
    assert len(demo.json("forecast", "--runs", "100", "--dwellings", "6")["pool"]) == 1
    screen = demo("forecast", "--runs", "100", "--dwellings", "9").stdout
    assert "6 dwellings: mean wait" in screen and "9 dwellings: mean wait" in screen


def test_the_screen_says_it_includes_newcomers_and_its_basis_and_fits_80_columns(demo):
    screen = demo("forecast", "--runs", "200").stdout
    assert "The forecast includes newcomers" in screen
    assert "drawn from the 10 stays that have ended" in screen
    assert "expected around" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_the_dutch_screen_speaks_as_a_coordinator(demo, monkeypatch):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    screen = demo("forecast", "--runs", "200").stdout
    assert "Huishouden" in screen and "naar verwachting rond" in screen
    assert "De verwachting rekent met nieuwe aanmeldingen" in screen


@pytest.mark.parametrize(
    "language, words",
    [("nl", "naar verwachting rond 12 maart 2027 (tussen 2 en 30 maart 2027)"),
     ("en", "expected around 12 March 2027 (between 2 and 30 March 2027)")],
)
def test_a_spread_in_words(monkeypatch, language, words):
    from doorstroom_cli.views import forecast as views

    def expected(spread, today):  # a date's words are joined by no-break spaces until wrapped
        return views.expected(spread, today).replace(views.KEEP, " ")

    monkeypatch.setenv("DOORSTROOM_LANG", language)
    spread = Spread(date(2027, 3, 2), date(2027, 3, 12), date(2027, 3, 30))
    assert expected(spread, date(2026, 11, 23)) == words
    assert expected(spread, date(2027, 1, 5)) == words.replace(" 2027", "")


@pytest.mark.parametrize(
    "arguments",
    [
        ["forecast", "--from", "2026-01-01"],
        ["forecast", "--backtest", "--dwellings", "8"],
        ["forecast", "--runs", "0"],
        ["forecast", "--runs", "100001"],
        ["forecast", "--dwellings", "0"],
        ["forecast", "--backtest", "--to", "2026-11-23"],
        ["forecast", "--backtest", "--from", "2026-10-01", "--to", "2026-09-01"],
    ],
)
def test_wrong_options_are_usage_errors_and_print_no_json(demo, arguments):
    result = demo(*arguments, "--json")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""


def test_the_backtest_json(demo):
    document = demo.json("forecast", "--backtest", "--runs", "50", "--from", "2026-10-01", "--to", "2026-11-15")
    assert list(document) == ["from", "to", "runs", "forecasts", "households", "inside_interval",
                              "median_error_days", "unresolved"]
    assert (document["from"], document["to"], document["runs"]) == ("2026-10-01", "2026-11-15", 50)
    assert document["forecasts"] > 0 and 0 <= document["inside_interval"] <= 1


def _generator():
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "bench" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_backtest_on_a_generated_history_puts_70_to_90_percent_inside_the_80_percent_interval(tmp_path):
    """bench/generate.py's "waitlist" history: three years of six dwellings
    placed by rank. Forecasts from June 2024 to August 2026 (a modest 100
    runs a day), scored against the placements that followed."""
    from doorstroom_cli import service
    from doorstroom_cli.clock import fixed
    from doorstroom_cli.storage import Store

    path = tmp_path / "waitlist.db"
    _generator().generate("waitlist", path, 20261123)
    with Store(path, actor="test", now=fixed(NOW)) as store:
        result = service.backtest(store, date(2026, 11, 23), date(2024, 6, 1), date(2026, 8, 31), runs=100, seed=1)
    assert result.forecasts > 500 and result.households > 30
    assert 0.70 <= result.inside_interval <= 0.90, result
    assert result.median_error_days < 30


def test_forecast_loads_no_heavy_library(doorstroom, db_path):
    import os
    import subprocess
    import sys

    from doorstroom_cli.clock import fixed
    from doorstroom_cli.storage import Store

    Store(db_path, actor="test", now=fixed(NOW)).close()
    probe = (
        "import sys; from doorstroom_cli.cli import main; sys.argv = ['doorstroom', 'forecast', '--runs', '10'];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'rich', 'sqlite_utils', 'dateutil', 'pydantic'}))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={**os.environ, "DOORSTROOM_DB": str(db_path)})
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_html_report_gains_the_pool_what_if_for_today_and_two_larger_pools(demo, tmp_path):
    page = tmp_path / "q.html"
    assert demo("report", "--html", str(page)).exit_code == 0
    html = page.read_text(encoding="utf-8")
    section = html.split("Is the pool large enough?", 1)[1].split("</section>", 1)[0]
    rows = [row.split("</td>", 1)[0] for row in section.split("<tr><td>")[1:]]
    assert rows == ["6", "7", "8"]


@pytest.mark.parametrize("arguments", [["status", "--json"], ["report", "--json"], ["forecast", "--help"]])
def test_other_commands_do_not_import_the_simulation(db_path, arguments):
    import os
    import subprocess
    import sys

    from doorstroom_cli.clock import fixed
    from doorstroom_cli.storage import Store

    Store(db_path, actor="test", now=fixed(NOW)).close()
    probe = (
        f"import sys; from doorstroom_cli.cli import main; sys.argv = ['doorstroom', *{arguments!r}];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[-1] in {'forecast', 'whatif', 'backtest'}"
        " and m.startswith('doorstroom_cli.core')))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                            env={**os.environ, "DOORSTROOM_DB": str(db_path)})
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_a_new_database_gets_a_forecast_without_history(doorstroom):
    document = doorstroom.json("forecast", "--runs", "50")
    assert document["basis"] == {"completed_stays": 0, "source": "prior", "arrivals_per_month": 0.0}
    assert (document["waitlist"], document["residents"]) == ([], [])
    assert document["pool"] == [{"dwellings": 6, "mean_wait_days": None, "median_wait_days": None,
                                 "share_waiting_over_14_days": None, "occupancy": 0.0}]
    screen = doorstroom("forecast", "--runs", "50").stdout
    assert "expects no newcomers" in screen and "published shape: 10 to 136 days" in screen
    backtest = doorstroom.json("forecast", "--backtest", "--runs", "10")
    assert (backtest["forecasts"], backtest["inside_interval"], backtest["median_error_days"]) == (0, None, None)
    assert (backtest["from"], backtest["to"]) == ("2025-11-23", "2026-11-22")
