"""``log`` reads as sentences, at Amsterdam's time; ``--json`` keeps the raw fields."""

from __future__ import annotations

import pytest

from doorstroom_cli.service import AuditEntry
from doorstroom_cli.views.log import log_document, log_entries


def entry(action, detail, *, household=4, recorded="2026-11-24T19:32:59+00:00", day="2026-11-24", actor="root"):
    return AuditEntry(1, recorded, day, actor, action, household, detail)


REGISTER = {"alternative": "anders", "application": 19, "persons": 1, "readmission": True, "urgency": 2}


@pytest.mark.parametrize(
    ("language", "line"),
    [
        ("nl", "24-11-2026 20:32 — huishouden 4 aangemeld (urgentie 2, 1 persoon, in plaats van iets anders, "
               "opnieuw aangemeld) — door root"),
        ("en", "24-11-2026 20:32 — household 4 registered (urgency 2, 1 person, instead of something else, "
               "registered before) — by root"),
    ],
)
def test_the_issues_example_reads_as_a_sentence_in_local_time(monkeypatch, language, line):
    monkeypatch.setenv("DOORSTROOM_LANG", language)
    assert log_entries([entry("register", REGISTER)]) == [line]


def test_summer_time_and_a_change_that_counts_for_another_day(monkeypatch):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    summer = entry("depart", {"application": 3, "destination": "eigen-woning", "note": False, "stay": 3},
                   recorded="2026-07-01T22:15:00+00:00", day="2026-06-30", household=3)
    assert log_entries([summer]) == [
        "30-06-2026 (vastgelegd 02-07-2026 00:15) — huishouden 3 vertrokken: eigen woning — door root"
    ]


@pytest.mark.parametrize(
    ("action", "detail", "household", "dutch"),
    [
        ("place", {"application": 1, "dwelling": "W2", "out_of_order": True, "start": "2026-11-24", "stay": 1}, 1,
         "huishouden 1 geplaatst in W2 vanaf 24-11-2026 (buiten de volgorde)"),
        ("extend", {"dwelling": "W5", "new_end": "2026-12-08", "old_end": "2026-12-01", "stay": 8, "tacit": True,
                    "weeks": 1}, 9, "verblijf van huishouden 9 in W5 verlengd met 1 week, tot 08-12-2026 (stilzwijgend)"),
        ("extend", {"dwelling": "W5", "new_end": "2026-12-15", "old_end": "2026-12-01", "stay": 8, "tacit": False,
                    "weeks": 2}, 9, "verblijf van huishouden 9 in W5 verlengd met 2 weken, tot 15-12-2026"),
        ("evaluate", {"cooperation": "gedeeltelijk", "note": True, "stay": 8}, 9,
         "evaluatie van huishouden 9: medewerking gedeeltelijk (met notitie)"),
        ("withdraw", {"application": 6, "destination": "netwerk", "note": False, "stay": None}, 6,
         "aanmelding van huishouden 6 ingetrokken: bij familie of vrienden"),
        ("outage", {"dwelling": "W1", "first_day": "2026-12-01", "last_day": "2026-12-14"}, None,
         "woning W1 buiten gebruik vanaf 01-12-2026 (tot en met 14-12-2026)"),
        ("back_in_use", {"dwelling": "W1"}, None, "woning W1 weer in gebruik"),
        ("change_dwelling", {"dwelling": "W3", "max_persons": 4}, None,
         "woning W3 aangepast: biedt plaats aan ten hoogste 4 personen"),
        ("purge", {"before": "2026-01-01", "households": 1}, None,
         "namen en notities verwijderd van 1 huishouden die vóór 01-01-2026 vertrokken"),
        ("restore", {"previous": "doorstroom.db.voor-terugzetten-1"}, None,
         "back-up teruggezet; de vervangen database is bewaard als doorstroom.db.voor-terugzetten-1"),
        ("something_new", {"dwelling": "W1", "flag": None}, None, "something_new (dwelling W1)"),
        ("register", None, 4, "register huishouden 4 (de details van deze regel zijn niet te lezen)"),
    ],
)
def test_each_kind_of_change_in_dutch(monkeypatch, action, detail, household, dutch):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    [line] = log_entries([entry(action, detail, household=household)])
    assert line == f"24-11-2026 20:32 — {dutch} — door root"


def test_json_keeps_the_raw_fields():
    document = log_document([entry("register", REGISTER)])
    assert document == {"entries": [{
        "id": 1, "recorded_at": "2026-11-24T19:32:59+00:00", "date": "2026-11-24", "actor": "root",
        "action": "register", "household": 4, "detail": REGISTER, "undone_by": None,
    }]}


def test_an_entry_taken_back_says_by_which_undo(monkeypatch):
    monkeypatch.setenv("DOORSTROOM_LANG", "nl")
    taken_back = entry("register", REGISTER)._replace(undone_by=7)
    assert log_entries([taken_back])[0].endswith("— door root [ongedaan gemaakt door logregel 7]")


def test_the_flow_outs_changes_read_as_sentences_in_log_and_undo(doorstroom):
    """Found by the red team: log and undo showed the raw action names of
    the route out and of aftercare."""
    doorstroom("admit", "Jansen", "--urgency", "3", "--alternative", "anders", today="2026-01-05")
    doorstroom("outflow", "1", "ingeschreven", today="2026-01-06")
    assert doorstroom("log", "--limit", "1", today="2026-01-06").stdout.split(" — ")[1] == (
        "route out of household 1: ingeschreven on 06-01-2026")
    undone = doorstroom("undo", "--yes", today="2026-01-06").stdout
    assert undone.startswith("Taken back: the step 'ingeschreven' of household 1's route out")
    doorstroom("release", "1", "--destination", "eigen-woning", today="2026-01-07")
    doorstroom("followup", "1", "--outcome", "zelfde-woning", "--method", "telefoon", today="2026-04-08")
    assert doorstroom("log", "--limit", "1", today="2026-04-08").stdout.split(" — ")[1] == (
        "follow-up of household 1 after 3 months on 08-04-2026: still in the same home (by phone)")
    undone = doorstroom("undo", "--yes", today="2026-04-08").stdout
    assert undone.startswith("Taken back: the follow-up of household 1 after 3 months")
