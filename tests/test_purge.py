"""Retention: purge removes personal text for good and keeps the figures."""

from __future__ import annotations

from pathlib import Path

SECRETS = ["Geheimnaam", "afspraak-schuldhulp", "notitie-evaluatie", "notitie-vertrek", "reden-school",
           "coach-Fatima", "verwijzer-Veilig-Thuis", "wil-eigen-huis", "kan-solliciteren", "nodig-schuldhulp"]


def history(doorstroom):
    for n in range(6):  # fill the pool so that the next admit can go out of order
        doorstroom("admit", f"Vol {n}", "--urgency", "5", "--alternative", "anders", today="2026-01-01")
    doorstroom("admit", "Wachtend", "--urgency", "5", "--alternative", "anders", today="2026-01-01")
    doorstroom("release", "W1", "--destination", "netwerk", today="2026-01-02")
    result = doorstroom("admit", "Geheimnaam", "--urgency", "1", "--alternative", "pleegzorg",
                        "--agreements", "afspraak-schuldhulp", "--dwelling", "W1", "--reason", "reden-school",
                        "--wijkcoach", "coach-Fatima", "--referrer", "verwijzer-Veilig-Thuis",
                        "--wish", "wil-eigen-huis", "--can-do", "kan-solliciteren", "--needs", "nodig-schuldhulp",
                        today="2026-01-03")
    assert result.exit_code == 0, result.output
    assert doorstroom("evaluate", "W1", "--cooperation", "volledig", "--note", "notitie-evaluatie",
                      today="2026-01-20").exit_code == 0
    assert doorstroom("release", "W1", "--destination", "eigen-woning", "--note", "notitie-vertrek",
                      today="2026-02-28").exit_code == 0


def on_disk(db_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in db_path.parent.glob(db_path.name + "*"))


def test_purge_removes_names_and_notes_everywhere_on_disk_and_keeps_the_figures(doorstroom, db_path):
    history(doorstroom)
    figures = doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-03-31")
    export = doorstroom("export").stdout_bytes
    assert all(secret.encode() in on_disk(db_path) for secret in SECRETS)
    dry = doorstroom.json("purge", "--before", "2026-03-01", "--dry-run")
    assert dry == {"before": "2026-03-01", "dry_run": True, "households": [1, 8]}
    assert all(secret.encode() in on_disk(db_path) for secret in SECRETS)
    done = doorstroom.json("purge", "--before", "2026-03-01", "--yes")
    assert done["households"] == [1, 8]
    for secret in SECRETS + ["Vol 0"]:
        assert secret.encode() not in on_disk(db_path), secret
    assert doorstroom.json("report", "--from", "2026-01-01", "--to", "2026-03-31") == figures
    assert doorstroom("export").stdout_bytes == export
    assert doorstroom.json("log", "--limit", "1")["entries"][0]["action"] == "purge"
    again = doorstroom.json("admit", "Geheimnaam", "--urgency", "3", "--alternative", "anders")
    assert again["household"] == 9  # forgotten: a new household


def test_purge_keeps_households_that_are_open_or_left_later(doorstroom):
    history(doorstroom)
    assert doorstroom.json("purge", "--before", "2026-01-02", "--yes")["households"] == []
    document = doorstroom.json("status")
    assert {w["name"] for w in document["waitlist"]} == {"Wachtend"}


def test_purge_needs_confirmation_and_a_day_not_in_the_future(doorstroom):
    history(doorstroom)
    before = doorstroom.dump()
    unconfirmed = doorstroom("purge", "--before", "2026-03-01")
    assert unconfirmed.exit_code == 2 and "--yes" in unconfirmed.stderr
    future = doorstroom("purge", "--before", "2027-01-01", "--yes")
    assert future.exit_code == 2 and "future" in future.stderr
    assert doorstroom.dump() == before
