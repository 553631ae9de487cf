"""The report's ``outflow`` figure and the export's two route columns
(issue 14 §3, §5), counted by hand on a small history with the boundary
days: a step on the period's first and last day counts, one on the day
before or after does not."""

from __future__ import annotations

from datetime import date

from doorstroom_cli import figures_outflow
from doorstroom_cli.core import rules

S, R, W = rules.OutflowStep, rules.StepResult, rules.RefusalReason
FIRST, LAST = date(2026, 7, 1), date(2026, 9, 30)


def d(text: str) -> date:
    return date.fromisoformat(text)


def route(household, application, stay, start, *steps):
    made = [rules.RouteStep(kind, d(on), application, id=application * 100 + n, **options)
            for n, (on, kind, options) in enumerate(steps)]
    return (household, application, stay, None if start is None else d(start), made)


# The history, day by day (period 01-07-2026 .. 30-09-2026):
#
# household 1 (stay 100, start 20-06)   in?  counts as
#   25-06 ingeschreven                  no
#   01-07 urgentie-aangevraagd          yes  first request: 01-07 - 20-06 = 11 days from the start
#   15-07 urgentie-besluit toegekend    yes  15-07 - 01-07 = 14 days to the decision
#   01-08 aanbod                        yes  offer 1
#   03-08 aanbod-besluit geweigerd      yes  refused 1, te-klein
#   10-08 aanbod                        yes  offer 2
#   12-08 aanbod-besluit geaccepteerd   yes
#   30-09 sleutel                       yes  (last day) 30-09 - 10-08 = 51 days offer to key
# household 2 (stay 200, start 10-07)
#   05-07 urgentie-aangevraagd          yes  asked while waiting: 0 days from the start
#   01-10 urgentie-besluit afgewezen    no   (the day after)
#   30-09 aanbod                        yes  offer 3
# household 3 (waiting, no stay)
#   30-06 urgentie-aangevraagd          no   (the day before): first request outside
#   02-07 urgentie-besluit afgewezen    yes  02-07 - 30-06 = 2 days to the decision
#   03-07 urgentie-aangevraagd          yes  household 3 has a request in the period
# household 4 (stay 400, start 01-05): nothing dated in the period
#   10-05 urgentie-aangevraagd, 30-06 urgentie-besluit, 01-06 aanbod, 05-06 geaccepteerd, 01-10 sleutel
# household 5 (stay 500, start 01-08)
#   02-08 ingeschreven                  yes
#   20-08 aanbod                        yes  offer 4
#   25-08 aanbod-besluit geweigerd      yes  refused 2, ligging
#   01-09 aanbod                        yes  offer 5
#   02-09 aanbod-besluit geweigerd      yes  refused 3, anders
#
# households 1, 2, 3, 5 = 4; with a request in the period 1, 2, 3 = 3;
# start to request 11, 0 (median 5.5, max 11); request to decision 14, 2
# (median 8, max 14); offers 5, refused 3 (te-klein 1, ligging 1, anders 1);
# offer to key 51.
ROUTES = [
    route(1, 10, 100, "2026-06-20",
          ("2026-06-25", S.INGESCHREVEN, {}), ("2026-07-01", S.URGENTIE_AANGEVRAAGD, {}),
          ("2026-07-15", S.URGENTIE_BESLUIT, {"result": R.TOEGEKEND, "valid_until": d("2027-01-15")}),
          ("2026-08-01", S.AANBOD, {}), ("2026-08-03", S.AANBOD_BESLUIT, {"result": R.GEWEIGERD, "reason": W.TE_KLEIN}),
          ("2026-08-10", S.AANBOD, {}), ("2026-08-12", S.AANBOD_BESLUIT, {"result": R.GEACCEPTEERD}),
          ("2026-09-30", S.SLEUTEL, {})),
    route(2, 20, 200, "2026-07-10",
          ("2026-07-05", S.URGENTIE_AANGEVRAAGD, {}),
          ("2026-10-01", S.URGENTIE_BESLUIT, {"result": R.AFGEWEZEN}), ("2026-09-30", S.AANBOD, {})),
    route(3, 30, None, None,
          ("2026-06-30", S.URGENTIE_AANGEVRAAGD, {}), ("2026-07-02", S.URGENTIE_BESLUIT, {"result": R.AFGEWEZEN}),
          ("2026-07-03", S.URGENTIE_AANGEVRAAGD, {})),
    route(4, 40, 400, "2026-05-01",
          ("2026-05-10", S.URGENTIE_AANGEVRAAGD, {}), ("2026-06-30", S.URGENTIE_BESLUIT, {"result": R.TOEGEKEND}),
          ("2026-06-01", S.AANBOD, {}), ("2026-06-05", S.AANBOD_BESLUIT, {"result": R.GEACCEPTEERD}),
          ("2026-10-01", S.SLEUTEL, {})),
    route(5, 50, 500, "2026-08-01",
          ("2026-08-02", S.INGESCHREVEN, {}), ("2026-08-20", S.AANBOD, {}),
          ("2026-08-25", S.AANBOD_BESLUIT, {"result": R.GEWEIGERD, "reason": W.LIGGING}),
          ("2026-09-01", S.AANBOD, {}), ("2026-09-02", S.AANBOD_BESLUIT, {"result": R.GEWEIGERD, "reason": W.ANDERS})),
]


def test_the_outflow_figure_of_a_hand_counted_quarter():
    assert figures_outflow.outflow(ROUTES, FIRST, LAST) == {
        "households": 4,
        "with_urgentie_request": 3,
        "days_start_to_urgentie_request": {"median": 5.5, "max": 11},
        "days_request_to_decision": {"median": 8, "max": 14},
        "offers": 5,
        "offers_refused": 3,
        "refusal_reasons": {"te-klein": 1, "te-duur": 0, "ligging": 1, "staat": 0, "gezondheid": 0, "anders": 1},
        "days_offer_to_key": {"median": 51, "max": 51},
    }


def test_the_boundary_days_move_with_the_period():
    # One day later: 01-07 (household 1's request) falls out, 01-10 (household 2's
    # decision, 01-10 - 05-07 = 88 days, and household 4's key, 01-10 - 01-06 = 122) comes in.
    later = figures_outflow.outflow(ROUTES, date(2026, 7, 2), date(2026, 10, 1))
    assert later["with_urgentie_request"] == 2  # households 2 and 3
    assert later["days_start_to_urgentie_request"] == {"median": 0, "max": 0}  # household 2 only
    # household 3's 2, household 1's 14 (15-07 is inside still), household 2's 88
    assert later["days_request_to_decision"] == {"median": 14, "max": 88}
    assert later["days_offer_to_key"] == {"median": 86.5, "max": 122}  # households 1 (51) and 4 (122)
    assert later["households"] == 5


def test_an_empty_period_counts_nothing():
    empty = figures_outflow.outflow(ROUTES, date(2025, 1, 1), date(2025, 3, 31))
    assert empty["households"] == empty["offers"] == 0
    assert empty["days_offer_to_key"] == {"median": 0, "max": 0}
    assert set(empty["refusal_reasons"]) == {reason.value for reason in rules.RefusalReason}


def test_the_export_columns_per_stay_as_on_the_periods_last_day():
    assert figures_outflow.by_stay(ROUTES, LAST) == {
        100: (11, 51),
        200: (0, None),
        400: (9, None),  # its key (01-10) comes after the day the export describes
        500: (None, None),
    }
    assert figures_outflow.by_stay(ROUTES, date(2026, 10, 1))[400] == (9, 122)
