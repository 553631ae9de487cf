"""Time whole doorstroom processes and write the table to docs/performance.md.

    python bench/run.py              # generate the histories if missing, run, print
    python bench/run.py --write      # ... and put the table in docs/performance.md

Each round runs every command once, in a shuffled order, beside
``python -c pass`` run by the same interpreter, after warm-up rounds; the
table gives medians and their ratio to ``python -c pass``. Peak memory is the
child's own maximum resident set (os.wait4). This is a measurement, not a
test: CI never runs it.

The environment is the caller's, minus PYTHONDONTWRITEBYTECODE (a user's
installed tool has its bytecode compiled; the package is compiled first),
with DOORSTROOM_TODAY fixed to the day the histories end.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PERFORMANCE = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
TODAY = "2026-11-23"
TWENTY_YEARS_AGO = "2006-11-23"
LAST_QUARTER = ["--from", "2026-07-01", "--to", "2026-09-30"]


def plain_export(database: str, target: str) -> list[str]:
    """The yardstick: sqlite3 + csv.writer writing the same rows, nothing else."""
    return [sys.executable, str(HERE / "plain_export.py"), database, target]


FORECAST_WAITING = 20
"""The forecast's case: six dwellings, 20 waiting, 10,000 runs (issue 16)."""


def forecast_history(small: Path, target: Path) -> str:
    """The small history with waiting households added up to FORECAST_WAITING."""
    import datetime

    from doorstroom_cli import clock
    from doorstroom_cli.core import rules
    from doorstroom_cli.storage import Store

    shutil.copy(small, target)
    today = datetime.date.fromisoformat(TODAY)
    rng = random.Random(16)
    with Store(target, actor="bench", now=clock.fixed(f"{TODAY}T06:00:00+00:00")) as store:
        with store.writing(today):
            waiting = len(store.load_pool(today).waiting)
            for number in range(waiting, FORECAST_WAITING):
                adults, children = rng.choice([(1, 0), (1, 1), (1, 2), (2, 0), (2, 2)])
                store.add_application(
                    f"Bench forecast {number}",
                    rules.Application(None, None, today - datetime.timedelta(days=rng.randint(0, 60)),
                                      rng.randint(1, 5), adults, children),
                    rules.Alternative.ANDERS,
                    None,
                )
    return str(target)


def commands(small: str, region: str, large: str, scratch: Path) -> dict[str, tuple[list[str], dict]]:
    tool = [str(Path(sys.executable).with_name("doorstroom"))]
    complete = {"_DOORSTROOM_COMPLETE": "complete_bash", "COMP_WORDS": "doorstroom sta", "COMP_CWORD": "1"}
    return {
        "python -c pass": ([sys.executable, "-c", "pass"], {}),
        "status (small)": (tool + ["--db", small, "status"], {}),
        "status --json (small)": (tool + ["--db", small, "status", "--json"], {}),
        "status (800 dwellings, 1 year)": (tool + ["--db", region, "status"], {}),
        "status (100,000 stays)": (tool + ["--db", large, "status"], {}),
        "status --json (800 dwellings, 1 year)": (tool + ["--db", region, "status", "--json"], {}),
        "status --json (100,000 stays)": (tool + ["--db", large, "status", "--json"], {}),
        "agenda (small)": (tool + ["--db", small, "agenda"], {}),
        "agenda --json (small)": (tool + ["--db", small, "agenda", "--json"], {}),
        "agenda --json (800 dwellings, 1 year)": (tool + ["--db", region, "agenda", "--json"], {}),
        "agenda --json (100,000 stays)": (tool + ["--db", large, "agenda", "--json"], {}),
        "extend --auto, nothing due": (tool + ["--db", small, "extend", "--auto"], {}),
        "--help": (tool + ["--help"], {}),
        "completion request": (tool, complete),
        "export 100,000 stays": (tool + ["--db", large, "export", "--output", str(scratch / "export.csv")], {}),
        "plain sqlite3 + csv script": (plain_export(large, str(scratch / "plain.csv")), {}),
        "report --json, 20 years": (
            tool + ["--db", large, "report", "--from", TWENTY_YEARS_AGO, "--to", TODAY, "--json"], {}
        ),
        "report --json, last quarter (800 dwellings, 1 year)": (
            tool + ["--db", region, "report", *LAST_QUARTER, "--json"], {}
        ),
        "report --json, last quarter (100,000 stays)": (
            tool + ["--db", large, "report", *LAST_QUARTER, "--json"], {}
        ),
        "export, last quarter (800 dwellings, 1 year)": (
            tool + ["--db", region, "export", *LAST_QUARTER, "--output", str(scratch / "quarter-region.csv")], {}
        ),
        "export, last quarter (100,000 stays)": (
            tool + ["--db", large, "export", *LAST_QUARTER, "--output", str(scratch / "quarter-large.csv")], {}
        ),
        "forecast --json, 6 dwellings, 20 waiting, 10,000 runs": (
            tool + ["--db", forecast_history(Path(small), scratch / "forecast.db"), "forecast", "--json"], {}
        ),
    }


def run_once(argv: list[str], extra_env: dict, environment: dict) -> tuple[float, int, float]:
    """Wall time in seconds, peak memory in KiB and CPU time (user + system)
    in seconds of one process."""
    begun = time.perf_counter()
    process = subprocess.Popen(
        argv, env={**environment, **extra_env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - begun
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {process.stderr.read().decode()}")
    process.stderr.close()
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


CPU: dict[str, float] = {}
"""The median CPU time of each command of the last ``measure``: the machine
is shared, and a busy core stretches wall time more than processor time."""


def measure(cases: dict, runs: int, warmup: int, environment: dict) -> dict[str, tuple[float, int]]:
    names = list(cases)
    times: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    memory: dict[str, int] = {name: 0 for name in names}
    rng = random.Random(1)
    for round_number in range(warmup + runs):
        rng.shuffle(names)
        for name in names:
            argv, extra = cases[name]
            elapsed, peak, processor = run_once(argv, extra, environment)
            if round_number >= warmup:
                times[name].append(elapsed)
                cpu[name].append(processor)
                memory[name] = max(memory[name], peak)
    CPU.update({name: statistics.median(cpu[name]) for name in cases})
    return {name: (statistics.median(times[name]), memory[name]) for name in cases}


BUDGET = [
    # (command, compared with, limit, what the issue asks)
    ("status (small)", "python -c pass", 8.0, "at most 8x python -c pass (issue 12)"),
    ("status --json (small)", "python -c pass", 6.0, "at most 6x python -c pass (issue 12)"),
    ("status (800 dwellings, 1 year)", None, None, "same pool as the 100,000 stays"),
    ("status (100,000 stays)", "status (800 dwellings, 1 year)", 1.1, "at most 1.1x a year of the same pool"),
    ("status --json (800 dwellings, 1 year)", None, None, "same pool as the 100,000 stays"),
    ("status --json (100,000 stays)", "status --json (800 dwellings, 1 year)", 1.1,
     "at most 1.1x a year of the same pool"),
    ("agenda (small)", "python -c pass", 8.0, "within the status budget: at most 8x python -c pass (issue 15)"),
    ("agenda --json (small)", "python -c pass", 6.0, "within the status --json budget (issue 15)"),
    ("agenda --json (800 dwellings, 1 year)", None, None, "same pool as the 100,000 stays"),
    ("agenda --json (100,000 stays)", "agenda --json (800 dwellings, 1 year)", 1.1,
     "at most 1.1x a year of the same pool, like status"),
    ("extend --auto, nothing due", "python -c pass", 6.0, "at most 6x python -c pass (issue 12)"),
    ("--help", "python -c pass", 6.0, "at most 6x python -c pass (issue 12)"),
    ("completion request", "python -c pass", 6.0, "at most 6x python -c pass (issue 12)"),
    ("export 100,000 stays", "plain sqlite3 + csv script", 2.0, "at most 2x the plain script; < 60 MiB"),
    ("report --json, 20 years", None, 1.0, "under 1 s"),
    ("report --json, last quarter (800 dwellings, 1 year)", None, None, "same pool as the 100,000 stays"),
    ("report --json, last quarter (100,000 stays)", "report --json, last quarter (800 dwellings, 1 year)",
     1.1, "at most 1.1x a year of the same pool"),
    ("export, last quarter (800 dwellings, 1 year)", None, None, "same pool as the 100,000 stays"),
    ("export, last quarter (100,000 stays)", "export, last quarter (800 dwellings, 1 year)",
     1.1, "at most 1.1x a year of the same pool"),
    ("forecast --json, 6 dwellings, 20 waiting, 10,000 runs", None, 1.0, "well under 1 s (issue 16)"),
]


def table(results: dict[str, tuple[float, int]]) -> str:
    base = results["python -c pass"][0]
    lines = [
        "| command | median | x python -c pass | peak memory | target | met |",
        "|---|---:|---:|---:|---|---|",
    ]
    targets = {command: (against, limit, text) for command, against, limit, text in BUDGET}
    for name, (seconds, peak) in results.items():
        against, limit, text = targets.get(name, (None, None, ""))
        met = ""
        if limit is not None:
            value = seconds if against is None else seconds / results[against][0]
            met = "yes" if value <= limit else f"no ({value:.2f})"
            if name == "export 100,000 stays" and peak > 60 * 1024:
                met = f"no (memory {peak / 1024:.0f} MiB)"
        lines.append(
            f"| {name} | {seconds * 1000:.0f} ms | {seconds / base:.1f} | {peak / 1024:.0f} MiB | {text} | {met} |"
        )
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = ", ".join(
        f"{package} {metadata.version(package)}" for package in ("typer", "rich")
    )
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores, {cpu}; "
        f"Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}; {versions}"
    )


def ensure_history(size: str, path: Path) -> None:
    if not path.exists():
        subprocess.run([sys.executable, str(HERE / "generate.py"), size, str(path)], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--small", type=Path, default=HERE / "small.db")
    parser.add_argument("--region", type=Path, default=HERE / "region.db")
    parser.add_argument("--large", type=Path, default=HERE / "large.db")
    parser.add_argument("--write", action="store_true", help="put the table in docs/performance.md")
    parser.add_argument("--only", metavar="TEXT", help="time only the commands whose name holds TEXT (and "
                        "python -c pass); prints the table with CPU times and never writes it")
    arguments = parser.parse_args()

    ensure_history("small", arguments.small)
    ensure_history("region", arguments.region)
    ensure_history("large", arguments.large)
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    environment["DOORSTROOM_TODAY"] = TODAY
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "src" / "doorstroom_cli")],
                   env=environment, check=True, stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        # Work on copies: the commands must not change the generated histories.
        copies = {}
        for name in ("small", "region", "large"):
            copies[name] = str(scratch / f"{name}.db")
            shutil.copy(getattr(arguments, name), copies[name])
        cases = commands(copies["small"], copies["region"], copies["large"], scratch)
        if arguments.only:
            cases = {name: case for name, case in cases.items()
                     if name == "python -c pass" or arguments.only in name}
        results = measure(cases, arguments.runs, arguments.warmup, environment)
    report = (
        f"Measured {time.strftime('%Y-%m-%d')} by `python bench/run.py --runs {arguments.runs}` "
        f"({arguments.runs} runs after {arguments.warmup} warm-up rounds, interleaved):\n"
        f"{machine()}.\n\n{table(results)}\n"
    )
    if arguments.only:
        only = " ".join(a if " " not in a else repr(a) for a in sys.argv[1:])
        print(f"Measured {time.strftime('%Y-%m-%d')} by `python bench/run.py {only}`; {machine()}.\n")
        print("| command | median wall | median CPU (user + system) | peak memory |\n|---|---:|---:|---:|")
        for name, (seconds, peak) in results.items():
            print(f"| {name} | {seconds * 1000:.0f} ms | {CPU[name] * 1000:.0f} ms | {peak / 1024:.0f} MiB |")
        return
    print(report)
    if arguments.write:
        text = PERFORMANCE.read_text(encoding="utf-8")
        before, rest = text.split(START, 1)
        _, after = rest.split(END, 1)
        PERFORMANCE.write_text(f"{before}{START}\n{report}{END}{after}", encoding="utf-8")


if __name__ == "__main__":
    main()
