"""Issue 14's "Done when": the whole flow out over one 14-month history
(1 September 2025 to 31 October 2026), driven through the command line day
by day, its figures counted by hand from docs/figures.md first.

The pool is the default one: W1 Centrum (2 persons), W2 Noord (4),
W3 Oost (4), W4 Zuid (5), W5 West (6), W6 Glanerbrug (3).

Households (ids in order of registration; 1 adult unless told):

| id | name     | wijk at intake | placed               | departure  | destination             |
|----|----------|----------------|----------------------|------------|-------------------------|
| 1  | Aksoy    | Centrum        | 2025-09-01 W1 (own)  | 2025-10-15 | eigen-woning  (vast)    |
| 2  | Bos      | Noord          | 2025-09-01 W2 (own)  | 2025-11-01 | omklapwoning  (vast)    |
| 3  | Claes    | Boswinkel      | 2025-09-02 W6 (no W) | 2025-11-10 | netwerk (tijdelijk)     |
| 4  | Dekker   | -   (2+2)      | 2025-09-03 W3        | 2025-12-31 | eigen-woning  (vast)    |
| 5  | Eze      | Centrum        | 2026-01-10 W1 (own)  | 2026-07-01 | eigen-woning            |
| 6  | Fransen  | Oost   (2+1)   | 2026-02-01 W3 (own)  | 2026-06-30 | eigen-woning            |
| 7  | Gül      | -              | 2026-03-01 W6        | 2026-10-31 | terug-naar-huis         |
| 1  | Aksoy    | Centrum again  | 2026-04-13 W2 (not)  | 2026-06-15 | maatschappelijke-opvang |
| 8  | Hendriks | noord (small)  | 2026-06-30 W2 (own)  | -          | -                       |

"Boswinkel" is the wijk of no dwelling. Aksoy registers again on
2026-04-13, day 180 after its departure of 2025-10-15 (W1 Centrum is then
taken by Eze, so the smallest free dwelling, W2, of 4 persons next to W4
and W5). Fransen (3 persons) takes W3 Oost although W6 (3) would be
smaller: its own wijk first. Hendriks, on 2026-06-30 after Fransen left
that morning, has W2 and W3 (both 4) free and takes W2: its wijk, "noord",
compared like a name.
"""

from __future__ import annotations

import csv
import io

import pytest

A = ("--from", "2026-01-01", "--to", "2026-06-30")
"""Period A: the first half of 2026."""

B = ("--from", "2027-09-01", "--to", "2027-12-31")
"""Period B: its returns cohort is the permanent departures of
2027-09-01 - 730 = 2025-09-01 to 2027-12-31 - 730 = 2025-12-31."""

LATER = "2028-01-10"


def run(doorstroom, today, *args):
    result = doorstroom(*args, today=today)
    assert result.exit_code == 0, (args, result.output)
    return result


def admit(doorstroom, today, name, *extra):
    document = doorstroom.json("admit", name, "--urgency", "3", "--alternative", "anders", *extra, today=today)
    return document


def step(doorstroom, today, household, name, *extra):
    run(doorstroom, today, "outflow", str(household), name, "--date", today, *extra)


@pytest.fixture
def history(doorstroom):
    d = doorstroom
    placed = {}

    def place(today, name, *extra):
        document = admit(d, today, name, *extra)
        placed[(name, today)] = document
        return document

    # --- autumn 2025 -------------------------------------------------------
    place("2025-09-01", "Aksoy", "--wijk", "Centrum")
    step(d, "2025-09-01", 1, "ingeschreven", "--corporatie", "Domijn")
    place("2025-09-01", "Bos", "--wijk", "Noord")
    step(d, "2025-09-01", 2, "ingeschreven")
    place("2025-09-02", "Claes", "--wijk", "Boswinkel")
    place("2025-09-03", "Dekker", "--adults", "2", "--children", "2")
    step(d, "2025-09-10", 1, "urgentie-aangevraagd")
    step(d, "2025-09-20", 4, "urgentie-aangevraagd")
    step(d, "2025-10-01", 1, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2026-10-01")
    step(d, "2025-10-01", 2, "aanbod", "--corporatie", "Ons Huis")
    step(d, "2025-10-03", 2, "aanbod-besluit", "--result", "geweigerd", "--reason", "ligging")
    step(d, "2025-10-05", 1, "aanbod")
    step(d, "2025-10-08", 1, "aanbod-besluit", "--result", "geaccepteerd")
    step(d, "2025-10-15", 1, "sleutel")
    run(d, "2025-10-15", "release", "1", "--destination", "eigen-woning")
    step(d, "2025-10-20", 2, "aanbod")
    step(d, "2025-10-22", 2, "aanbod-besluit", "--result", "geaccepteerd")
    step(d, "2025-11-01", 2, "sleutel")
    run(d, "2025-11-01", "release", "2", "--destination", "omklapwoning")
    step(d, "2025-11-05", 4, "urgentie-besluit", "--result", "afgewezen")
    run(d, "2025-11-10", "release", "3", "--destination", "netwerk")
    run(d, "2025-12-31", "release", "4", "--destination", "eigen-woning")

    # --- 2026 --------------------------------------------------------------
    place("2026-01-10", "Eze", "--wijk", "Centrum")
    step(d, "2026-01-10", 5, "ingeschreven")
    run(d, "2026-01-16", "followup", "1", "--outcome", "zelfde-woning")        # 3 m, due 01-15
    place("2026-02-01", "Fransen", "--wijk", "Oost", "--adults", "2", "--children", "1")
    step(d, "2026-02-01", 5, "urgentie-aangevraagd")
    run(d, "2026-02-02", "followup", "2", "--outcome", "zelfde-woning")        # 3 m, due 02-01
    run(d, "2026-02-12", "followup", "3", "--outcome", "niet-bereikt")         # 3 m, due 02-10
    place("2026-03-01", "Gül")
    step(d, "2026-03-03", 6, "urgentie-aangevraagd")
    step(d, "2026-03-05", 7, "ingeschreven")
    step(d, "2026-03-15", 5, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2027-03-15")
    step(d, "2026-04-02", 6, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2027-04-02")
    run(d, "2026-04-02", "followup", "4", "--outcome", "andere-woning")        # 3 m, due 03-31
    place("2026-04-13", "1", "--wijk", "Centrum")                              # Aksoy again, day 180
    step(d, "2026-04-20", 1, "ingeschreven")
    run(d, "2026-05-01", "followup", "2", "--outcome", "opvang")               # 6 m, due 05-01, day 181
    step(d, "2026-05-01", 5, "aanbod")
    step(d, "2026-05-03", 5, "aanbod-besluit", "--result", "geweigerd", "--reason", "te-duur")
    run(d, "2026-05-11", "followup", "3", "--outcome", "bij-netwerk")          # 6 m, due 05-10
    step(d, "2026-06-01", 5, "aanbod")
    step(d, "2026-06-03", 5, "aanbod-besluit", "--result", "geaccepteerd")
    run(d, "2026-06-15", "release", "1", "--destination", "maatschappelijke-opvang")
    step(d, "2026-06-20", 6, "aanbod")
    step(d, "2026-06-25", 6, "aanbod-besluit", "--result", "geaccepteerd")
    step(d, "2026-06-30", 6, "sleutel")
    run(d, "2026-06-30", "release", "6", "--destination", "eigen-woning")
    place("2026-06-30", "Hendriks", "--wijk", "noord")
    step(d, "2026-06-30", 7, "urgentie-aangevraagd")
    run(d, "2026-06-30", "followup", "4", "--outcome", "zelfde-woning")        # 6 m, due 06-30
    step(d, "2026-07-01", 5, "sleutel")
    run(d, "2026-07-01", "release", "5", "--destination", "eigen-woning")
    step(d, "2026-07-20", 7, "urgentie-besluit", "--result", "toegekend", "--valid-until", "2027-07-20")
    run(d, "2026-10-31", "release", "7", "--destination", "terug-naar-huis")
    d.placed = placed
    return d


def test_the_placements_follow_the_wijk_then_the_smallest(history):
    dwellings = {key: document["dwelling"] for key, document in history.placed.items()}
    assert dwellings == {
        ("Aksoy", "2025-09-01"): "W1", ("Bos", "2025-09-01"): "W2", ("Claes", "2025-09-02"): "W6",
        ("Dekker", "2025-09-03"): "W3", ("Eze", "2026-01-10"): "W1", ("Fransen", "2026-02-01"): "W3",
        ("Gül", "2026-03-01"): "W6", ("1", "2026-04-13"): "W2", ("Hendriks", "2026-06-30"): "W2",
    }


# Period A, 2026-01-01 to 2026-06-30, reported on 2026-10-31.
#
# outflow: the steps dated in A, by household
# | hh | step                      | date  | counted as                                  |
# |----|---------------------------|-------|---------------------------------------------|
# | 5  | ingeschreven              | 01-10 | households                                  |
# | 5  | urgentie-aangevraagd      | 02-01 | request; start 01-10 -> 22 days             |
# | 6  | urgentie-aangevraagd      | 03-03 | request; start 02-01 -> 30 days             |
# | 7  | ingeschreven              | 03-05 | households                                  |
# | 5  | urgentie-besluit toegek.  | 03-15 | decision; 03-15 - 02-01 = 42 days           |
# | 6  | urgentie-besluit toegek.  | 04-02 | decision; 04-02 - 03-03 = 30 days           |
# | 1  | ingeschreven (2nd appl.)  | 04-20 | households                                  |
# | 5  | aanbod                    | 05-01 | offer 1                                     |
# | 5  | aanbod-besluit geweigerd  | 05-03 | refused, te-duur                            |
# | 5  | aanbod                    | 06-01 | offer 2                                     |
# | 5  | aanbod-besluit geacc.     | 06-03 | -                                           |
# | 6  | aanbod                    | 06-20 | offer 3                                     |
# | 6  | aanbod-besluit geacc.     | 06-25 | -                                           |
# | 6  | sleutel                   | 06-30 | last day: key; 06-30 - 06-20 = 10 days      |
# | 7  | urgentie-aangevraagd      | 06-30 | last day: request; start 03-01 -> 121 days  |
# Not in A: every step of 2025 (households 1, 2, 4: Bos's refusal "ligging"
# and Dekker's decision), Eze's key of 07-01 and Gül's decision of 07-20.
# households {1, 5, 6, 7} = 4; with a request {5, 6, 7} = 3;
# start to request [22, 30, 121]: median 30, max 121;
# request to decision [30, 42]: median 36, max 42;
# offers 3, refused 1 {te-duur: 1, every other slug 0}; offer to key [10]: median 10, max 10.
NO_REASONS = dict.fromkeys(("te-klein", "te-duur", "ligging", "staat", "gezondheid", "anders"), 0)
"""refusal_reasons lists every slug (docs/figures.md: "every slug present")."""

OUTFLOW_A = {
    "households": 4,
    "with_urgentie_request": 3,
    "days_start_to_urgentie_request": {"median": 30, "max": 121},
    "days_request_to_decision": {"median": 36, "max": 42},
    "offers": 3,
    "offers_refused": 1,
    "refusal_reasons": {**NO_REASONS, "te-duur": 1},
    "days_offer_to_key": {"median": 10, "max": 10},
}

# retention: the follow-ups due in A (departure + 3 / 6 / 12 months)
# | hh | departure  | 3 m due    | recorded            | 6 m due    | recorded                       |
# |----|------------|------------|---------------------|------------|--------------------------------|
# | 1  | 2025-10-15 | 2026-01-15 | 01-16 zelfde-woning | 2026-04-15 | none: registered again 04-13   |
# | 2  | 2025-11-01 | 2026-02-01 | 02-02 zelfde-woning | 2026-05-01 | 05-01 opvang                   |
# | 3  | 2025-11-10 | 2026-02-10 | 02-12 niet-bereikt  | 2026-05-10 | 05-11 bij-netwerk              |
# | 4  | 2025-12-31 | 2026-03-31 | 04-02 andere-woning | 2026-06-30 | 06-30 zelfde-woning (last day) |
# Later departures (1: 06-15, 6: 06-30) fall due from 09-15 on; 12-month
# follow-ups in A would need a departure in the first half of 2025: none.
# 3 m: due 4, reached 3 (not 3), housed 3: 3/3 of reached, 3/4 of due.
# 6 m: due 4, reached 3 (not 1), housed 1 (4): 1/3 of reached, 1/4 of due.
RETENTION_A = {
    "3": {"due": 4, "reached": 3, "housed": 3, "housed_share_of_reached": 1.0, "housed_share_of_due": 0.75},
    "6": {"due": 4, "reached": 3, "housed": 1, "housed_share_of_reached": 1 / 3, "housed_share_of_due": 0.25},
    "12": {"due": 0, "reached": 0, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0},
}

# returns in A: the cohort window is 2024-01-01 .. 2024-12-31 (A - 730): empty.
RETURNS_NONE = {"cohort": 0, "within_180": 0, "within_365": 0, "within_730": 0, "share_within_730": 0.0}

# own_wijk: the stays that began in A
# | start      | hh | wijk    | dwelling (wijk) | in own wijk |
# |------------|----|---------|-----------------|-------------|
# | 2026-01-10 | 5  | Centrum | W1 Centrum      | yes         |
# | 2026-02-01 | 6  | Oost    | W3 Oost         | yes         |
# | 2026-03-01 | 7  | -       | W6 Glanerbrug   | left out    |
# | 2026-04-13 | 1  | Centrum | W2 Noord        | no          |
# | 2026-06-30 | 8  | noord   | W2 Noord        | yes (last day, case does not count) |
OWN_WIJK_A = {"placements": 5, "with_wijk": 4, "in_own_wijk": 3, "share": 0.75}


# Period B, 2027-09-01 to 2027-12-31, reported on 2028-01-10.
#
# returns: permanent departures in 2025-09-01 .. 2025-12-31
# | hh | departure  | dest         | return                                  | days | 180 | 365 | 730 |
# |----|------------|--------------|-----------------------------------------|------|-----|-----|-----|
# | 1  | 2025-10-15 | eigen-woning | registered again 2026-04-13             | 180  | yes | yes | yes |
# | 2  | 2025-11-01 | omklapwoning | follow-up opvang 2026-05-01             | 181  | no  | yes | yes |
# | 4  | 2025-12-31 | eigen-woning | none (window's last day)                | -    | no  | no  | no  |
# Claes (3) left for netwerk: not permanent, not in the cohort.
# cohort 3; within 180: 1, 365: 2, 730: 2; share 2/3.
RETURNS_B = {"cohort": 3, "within_180": 1, "within_365": 2, "within_730": 2, "share_within_730": 2 / 3}

# retention in B: due 2027-09-01 .. 2027-12-31 are 12-month follow-ups of
# departures from 2026-09-01 to 2026-12-31: Gül's (2026-10-31, due
# 2027-10-31), never recorded: due 1, nothing reached.
RETENTION_B = {
    "3": {"due": 0, "reached": 0, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0},
    "6": {"due": 0, "reached": 0, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0},
    "12": {"due": 1, "reached": 0, "housed": 0, "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0},
}
OUTFLOW_NONE = {
    "households": 0,
    "with_urgentie_request": 0,
    "days_start_to_urgentie_request": {"median": 0, "max": 0},
    "days_request_to_decision": {"median": 0, "max": 0},
    "offers": 0,
    "offers_refused": 0,
    "refusal_reasons": NO_REASONS,
    "days_offer_to_key": {"median": 0, "max": 0},
}
OWN_WIJK_NONE = {"placements": 0, "with_wijk": 0, "in_own_wijk": 0, "share": 0}


def flow_out(document: dict) -> dict:
    return {key: document[key] for key in ("outflow", "retention", "returns", "own_wijk")}


EXPECTED_A = {"outflow": OUTFLOW_A, "retention": RETENTION_A, "returns": RETURNS_NONE, "own_wijk": OWN_WIJK_A}
EXPECTED_B = {"outflow": OUTFLOW_NONE, "retention": RETENTION_B, "returns": RETURNS_B, "own_wijk": OWN_WIJK_NONE}


def test_period_a_counted_by_hand(history):
    assert flow_out(history.json("report", *A, today="2026-10-31")) == EXPECTED_A


def test_period_a_is_the_same_on_any_later_day(history):
    assert flow_out(history.json("report", *A, today=LATER)) == EXPECTED_A


def test_period_b_counts_the_returns_counted_by_hand(history):
    assert flow_out(history.json("report", *B, today=LATER)) == EXPECTED_B


def test_the_cohort_window_ends_on_its_day(history):
    """One day earlier (to 2027-12-30: window to 2025-12-30), Dekker's
    departure of 2025-12-31 leaves the cohort: 2 households, both back
    within 365 days."""
    document = history.json("report", "--from", "2027-09-01", "--to", "2027-12-30", today=LATER)
    assert document["returns"] == {"cohort": 2, "within_180": 1, "within_365": 2, "within_730": 2,
                                   "share_within_730": 1.0}


def test_the_export_has_the_route_and_the_aftercare_of_a_stay(history):
    """The whole history exported on 2026-10-31 (every stay, as it stood that day).
    | stay (start, dwelling) | request - start        | key - accepted offer    | 3 m           | 6 m          | 12 m            |
    | Bos 2025-09-01 W2      | empty (no request)     | 11-01 - 10-20 = 12      | zelfde-woning | opvang       | empty (due 11-01) |
    | Dekker 2025-09-03 W3   | 09-20 - 09-03 = 17     | empty (no offer)        | andere-woning | zelfde-woning| empty           |
    | Fransen 2026-02-01 W3  | 03-03 - 02-01 = 30     | 06-30 - 06-20 = 10      | empty (due 09-30, none) | empty | empty    |
    """
    result = run(history, "2026-10-31", "export")
    rows = list(csv.DictReader(io.StringIO(result.stdout.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 9
    columns = ("dagen_tot_urgentieaanvraag", "dagen_aanbod_tot_sleutel",
               "nazorg_3_maanden", "nazorg_6_maanden", "nazorg_12_maanden", "bestemmingscategorie")
    found = {(row["startdatum"], row["woning"]): tuple(row[c] for c in columns) for row in rows}
    assert found[("2025-09-01", "W2")] == ("", "12", "zelfde-woning", "opvang", "", "vast")
    assert found[("2025-09-03", "W3")] == ("17", "", "andere-woning", "zelfde-woning", "", "vast")
    assert found[("2026-02-01", "W3")] == ("30", "10", "", "", "", "vast")


def test_purge_after_the_history_leaves_the_four_figures(history):
    run(history, LATER, "purge", "--before", "2027-01-01", "--yes")
    assert flow_out(history.json("report", *A, today=LATER)) == EXPECTED_A
    assert flow_out(history.json("report", *B, today=LATER)) == EXPECTED_B


def test_one_day_shorter_loses_the_last_days_events(history):
    """Period 2026-01-01 to 2026-06-29: what happened on 06-30 drops out.
    outflow: Fransen's key and Gül's request of 06-30 are gone; households
    still {1, 5, 6, 7} (Gül's ingeschreven of 03-05); requests {5, 6}:
    [22, 30], median 26, max 30; no key: offer to key 0 / 0.
    retention: Dekker's 6-month follow-up is due on 06-30, after this
    period: 6 m due 3 (1, 2, 3), reached 2 (2 opvang, 3 bij-netwerk), housed 0.
    own_wijk: Hendriks (placed 06-30) is gone: 4 placements, 3 with a wijk,
    2 in it (Eze, Fransen)."""
    document = flow_out(history.json("report", "--from", "2026-01-01", "--to", "2026-06-29", today="2026-10-31"))
    assert document["outflow"] == {
        **OUTFLOW_A,
        "with_urgentie_request": 2,
        "days_start_to_urgentie_request": {"median": 26, "max": 30},
        "days_offer_to_key": {"median": 0, "max": 0},
    }
    assert document["retention"]["6"] == {"due": 3, "reached": 2, "housed": 0,
                                          "housed_share_of_reached": 0.0, "housed_share_of_due": 0.0}
    assert document["retention"]["3"] == RETENTION_A["3"]
    assert document["own_wijk"] == {"placements": 4, "with_wijk": 3, "in_own_wijk": 2, "share": 2 / 3}
