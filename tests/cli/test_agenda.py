"""agenda: the command line, its JSON, the calendar file and its privacy."""

from __future__ import annotations

import os
import stat
from datetime import date, timedelta

import icalendar
import pytest

NAMES = ("Gezin Zoë Jansen", "Gezin Bakker", "Gezin Çelik")
KEYS = {"day", "kind", "household", "dwelling", "wijkcoach", "message", "due", "uid"}


@pytest.fixture
def pool(doorstroom):
    """Three households placed on 2026-11-02, 2026-11-09 and 2026-11-16; the
    first guided by Zoë de Vries, the others by Ayşe Yılmaz."""
    ids = []
    for name, day, coach in zip(NAMES, ("2026-11-02", "2026-11-09", "2026-11-16"),
                                ("Zoë de Vries", "Ayşe Yılmaz", "Ayşe Yılmaz")):
        result = doorstroom("admit", name, "--urgency", "3", "--alternative", "pleegzorg",
                            "--wijkcoach", coach, "--json", today=day)
        assert result.exit_code == 0, result.output
        ids.append(__import__("json").loads(result.stdout)["household"])
    return ids


def test_the_json_lists_each_item_in_day_order_without_names(doorstroom, pool):
    document = doorstroom.json("agenda")
    assert (document["from"], document["to"]) == ("2026-11-23", "2026-12-20")
    items = document["items"]
    assert items and all(set(item) == KEYS for item in items)
    assert [item["day"] for item in items] == sorted(item["day"] for item in items)
    first = items[0]
    assert (first["day"], first["kind"], first["household"], first["due"]) == (
        "2026-11-23", "evaluation", pool[0], "2026-11-16"
    )
    assert "overdue since 16-11-2026" in first["message"] and first["wijkcoach"] == "Zoë de Vries"
    assert {item["kind"] for item in items} == {"evaluation", "six_weeks"}
    text = doorstroom("agenda", "--json", "--names").stdout + doorstroom("agenda").stdout
    assert not any(name in text for name in NAMES)


def test_the_lines_name_households_only_with_names(doorstroom, pool):
    plain = doorstroom("agenda")
    assert plain.exit_code == 0 and "Mon 23 Nov" in plain.stdout and "Gezin" not in plain.stdout
    named = doorstroom("agenda", "--names")
    assert "(Gezin Zoë Jansen; wijkcoach Zoë de Vries)." in " ".join(named.stdout.split())
    assert max(len(line) for line in named.stdout.splitlines()) <= 80  # long items go on below


def calendar_of(path) -> list:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_the_calendar_reads_back_with_one_all_day_event_per_item(doorstroom, pool, tmp_path):
    target = tmp_path / "agenda.ics"
    result = doorstroom("agenda", "--ics", str(target))
    assert result.exit_code == 0, result.output
    items = doorstroom.json("agenda")["items"]
    assert f"({len(items)} events)" in result.stdout
    events = calendar_of(target)
    assert len(events) == len(items) > 5
    for event, item in zip(sorted(events, key=lambda e: (e.decoded("dtstart"), str(e["uid"]))),
                           sorted(items, key=lambda i: (i["day"], i["uid"]))):
        day = date.fromisoformat(item["day"])
        assert (event.decoded("dtstart"), event.decoded("dtend")) == (day, day + timedelta(days=1))
        assert str(event["uid"]) == item["uid"]
        assert str(event["description"]) == item["message"]
        assert str(event["transp"]) == "TRANSPARENT"
    text = target.read_text(encoding="utf-8")
    assert not any(name in text for name in NAMES) and "Vries" not in text
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_names_come_after_a_warning(doorstroom, pool, tmp_path):
    target = tmp_path / "named.ics"
    result = doorstroom("agenda", "--ics", str(target), "--names")
    assert result.exit_code == 0 and "personal data" in result.stderr
    summaries = [str(event["summary"]) for event in calendar_of(target)]
    assert any("Gezin Zoë Jansen" in summary for summary in summaries)


def test_uids_are_the_same_across_two_runs(doorstroom, pool, tmp_path, monkeypatch):
    from doorstroom_cli import clock

    first, second = tmp_path / "1.ics", tmp_path / "2.ics"
    monkeypatch.setattr(clock, "utc_now", clock.fixed("2026-11-23T06:00:00+00:00"))
    doorstroom("agenda", "--ics", str(first))
    monkeypatch.setattr(clock, "utc_now", clock.fixed("2026-11-24T06:00:00+00:00"))
    doorstroom("agenda", "--ics", str(second))
    uids = [sorted(str(event["uid"]) for event in calendar_of(path)) for path in (first, second)]
    assert uids[0] == uids[1] and len(set(uids[0])) == len(uids[0])
    assert first.read_bytes() != second.read_bytes()  # the DTSTAMP moved, the identities did not


def test_a_moved_evaluation_keeps_its_uid(doorstroom, pool):
    """The second household's first evaluation (due 23-11) is held three
    days late: its second evaluation moves from 07-12 to 10-12, same UID."""
    household = pool[1]

    def evaluations(today):
        items = doorstroom.json("agenda", today=today)["items"]
        return [(i["day"], i["uid"]) for i in items if i["kind"] == "evaluation" and i["household"] == household]

    before = evaluations("2026-11-23")
    assert before[:2] == [("2026-11-23", f"evaluation-{household}-2026-11-23@doorstroom"),
                          ("2026-12-07", f"evaluation-{household}-2026-12-07@doorstroom")]
    assert doorstroom("evaluate", str(household), "--cooperation", "volledig", today="2026-11-26").exit_code == 0
    after = evaluations("2026-11-26")
    assert after[0] == ("2026-12-10", f"evaluation-{household}-2026-12-07@doorstroom")


def test_departures_and_outages_are_on_the_agenda(doorstroom, pool):
    assert doorstroom("evaluate", "W1", "--cooperation", "onvoldoende", today="2026-11-23").exit_code == 0
    assert doorstroom("dwellings", "out", "W4", "--from", "2026-12-01", "--to", "2026-12-05").exit_code == 0
    items = doorstroom.json("agenda")["items"]
    departure = [i for i in items if i["kind"] == "departure"]
    assert [(i["day"], i["dwelling"], i["uid"]) for i in departure] == [
        ("2026-12-14", "W1", f"departure-{pool[0]}-2026-12-14@doorstroom")
    ]
    outage = [(i["day"], i["kind"], i["household"], i["uid"]) for i in items if i["dwelling"] == "W4"]
    assert outage == [("2026-12-01", "outage_start", None, "outage_start-W4-2026-12-01@doorstroom"),
                      ("2026-12-06", "outage_end", None, "outage_end-W4-2026-12-01@doorstroom")]


def test_the_wijkcoach_filter_ignores_case_and_accents(doorstroom, pool):
    for typed in ("AYSE YILMAZ", "ayşe yılmaz", "Ayse  Yilmaz"):
        items = doorstroom.json("agenda", "--wijkcoach", typed)["items"]
        assert items and {i["household"] for i in items} == {pool[1], pool[2]}
    assert {i["household"] for i in doorstroom.json("agenda", "--wijkcoach", "zoe de vries")["items"]} == {pool[0]}
    assert doorstroom.json("agenda", "--wijkcoach", "Nobody")["items"] == []
    assert "Nothing on the agenda" in doorstroom("agenda", "--wijkcoach", "Nobody").stdout


def test_the_calendar_on_the_screen(doorstroom, pool):
    result = doorstroom("agenda", "--ics", "-")
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n") and result.stdout.count("BEGIN:VEVENT") > 5


@pytest.mark.parametrize(
    "arguments, words",
    [
        (["--from", "2026-11-22"], "today (23-11-2026) or later"),
        (["--days", "0"], "from 1 to 366"),
        (["--days", "367"], "from 1 to 366"),
        (["--from", "2099-12-30", "--days", "3"], "run past"),
        (["--ics", "-", "--json"], "leave out --json"),
        (["--wijkcoach", " "], "cannot be empty"),
        (["--from", "31-02-2027"], "not a date that exists"),
    ],
)
def test_wrong_values_are_usage_errors(doorstroom, pool, arguments, words):
    result = doorstroom("agenda", *arguments)
    assert result.exit_code == 2 and words in result.stderr and result.stdout == ""


def test_the_calendar_file_is_never_written_over_a_folder_or_a_pipe(doorstroom, pool, tmp_path):
    assert doorstroom("agenda", "--ics", str(tmp_path)).exit_code == 2
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    result = doorstroom("agenda", "--ics", str(pipe))
    assert result.exit_code == 2 and "not an ordinary file" in result.stderr
    assert stat.S_ISFIFO(os.stat(pipe).st_mode)
    link = tmp_path / "link.ics"
    aimed = tmp_path / "aimed.txt"
    aimed.write_text("keep")
    link.symlink_to(aimed)
    assert doorstroom("agenda", "--ics", str(link)).exit_code == 0
    assert aimed.read_text() == "keep" and not link.is_symlink()  # the link is replaced, not followed


def test_the_readmes_cron_line_refreshes_the_calendar_file(doorstroom, pool, tmp_path, monkeypatch):
    import re
    import shlex
    from pathlib import Path

    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The agenda in your calendar", 1)[1].split("\n## ", 1)[0]
    [cron] = re.findall(r"```cron\n(.*?)```", section, flags=re.DOTALL)
    monkeypatch.setenv("HOME", str(tmp_path))
    words = shlex.split(os.path.expandvars(cron.split(">>")[0]))[5:]
    assert words[0].endswith("/doorstroom")
    for _run in range(2):  # the second morning replaces the file
        assert doorstroom(*words[1:]).exit_code == 0
    written = tmp_path / "doorstroom-agenda.ics"
    assert len(calendar_of(written)) > 5 and stat.S_IMODE(os.stat(written).st_mode) == 0o600
