"""The figures read a period through indexes and open cases, not all history;
they must find exactly what a scan of every row finds.

The references below are the queries of the version before m008, which
read every stay, extension and application (since issue 11 describing each
stay as it was on the period's last day); random histories (placements,
withdrawals, departures, tacit extensions, over months) are compared with
them for random periods.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doorstroom_cli import aftercare_figures as aftercare
from doorstroom_cli import service
from doorstroom_cli.core import rules
from doorstroom_cli.clock import fixed
from doorstroom_cli.figures import Period
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock
FIRST_DAY = date(2026, 1, 5)
DAYS = 120

ALL_STAYS = """
    SELECT s.id, s.dwelling_code, a.registered, s.start,
           CASE WHEN c.closed_on <= :last THEN c.closed_on END,
           CASE WHEN c.closed_on <= :last THEN c.destination END,
           a.alternative, a.urgency, a.adults, a.children,
           (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id AND e.granted_on <= :last)
    FROM stays s
    JOIN applications a ON a.id = s.application_id
    LEFT JOIN closures c ON c.application_id = s.application_id
    WHERE s.start <= :last AND (c.closed_on IS NULL OR c.closed_on >= :first)
    ORDER BY s.start, s.id
"""
ALL_EXTENSIONS = "SELECT stay_id, granted_on FROM extensions WHERE granted_on BETWEEN :first AND :last"
ALL_WAITING = """
    SELECT count(*) FROM applications a
    LEFT JOIN stays s ON s.application_id = a.id
    LEFT JOIN closures c ON c.application_id = a.id
    WHERE a.registered <= :day AND (s.id IS NULL OR s.start > :day) AND (c.id IS NULL OR c.closed_on > :day)
"""
ALL_WITHDRAWALS = """
    SELECT count(*) FROM closures c LEFT JOIN stays s ON s.application_id = c.application_id
    WHERE s.id IS NULL AND c.closed_on BETWEEN :first AND :last
"""

# One day of work: households arriving (urgency, persons), and households
# leaving (an index into the open cases, placed or waiting).
days_of_work = st.lists(
    st.tuples(
        st.lists(st.tuples(st.integers(1, 5), st.integers(1, 6)), max_size=3),
        st.lists(st.integers(0, 20), max_size=2),
    ),
    min_size=DAYS,
    max_size=DAYS,
)


def windows_read(first, last):
    """Every departure window the report reads for [first, last]: the
    three follow-ups' (retention) and the cohort's (returns)."""
    return [*aftercare.due_windows(first, last).values(), aftercare.cohort_window(first, last)]


def history(store: Store, work, first_day: int = 0) -> None:
    """The days of ``work``, the first of them ``first_day`` days after FIRST_DAY."""
    number = 100 * first_day  # names of a later part never repeat an earlier one's
    for offset, (arrivals, leavers) in enumerate(work, start=first_day):
        today = FIRST_DAY + timedelta(days=offset)
        service.extend_auto(store, today)
        for urgency, persons in arrivals:
            number += 1
            service.admit(store, today, f"Gezin {number}", urgency=urgency,
                          alternative=rules.Alternative.ANDERS, adults=1, children=persons - 1)
        for index in leavers:
            with store.reading():
                pool = store.load_pool(today)
            cases = [str(s.household) for s in pool.stays] + [str(a.household) for a in pool.waiting]
            if cases:
                service.release(store, today, cases[index % len(cases)], rules.Destination.NETWERK)


def as_rows(records) -> list[tuple]:
    return [
        (r.id, r.dwelling, r.registered.isoformat(), r.start.isoformat(),
         r.departure and r.departure.isoformat(), r.destination and r.destination.value,
         r.alternative.value, r.urgency, r.adults, r.children, r.weeks_extended)
        for r in records
    ]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(work=days_of_work, periods=st.lists(st.tuples(st.integers(-10, DAYS + 10), st.integers(0, 60)), min_size=3, max_size=6))
def test_a_periods_stays_extensions_waiting_and_withdrawals_are_those_a_scan_of_all_history_finds(work, periods):
    with Store(":memory:", actor="test", now=fixed(NOW)) as store:
        history(store, work)
        for start, length in [*periods, (-10_000, 20_000)]:  # and everything, as export without --from
            first = FIRST_DAY + timedelta(days=start)
            last = first + timedelta(days=length)
            span = {"first": first.isoformat(), "last": last.isoformat()}
            assert as_rows(store.stays_overlapping(first, last)) == store.conn.execute(ALL_STAYS, span).fetchall()
            assert sorted(store.extensions_granted(first, last)) == sorted(
                (stay, date.fromisoformat(day)) for stay, day in store.conn.execute(ALL_EXTENSIONS, span)
            )
            applications = store.applications_waiting_or_withdrawn(first, last)
            (waiting,) = store.conn.execute(ALL_WAITING, {"day": last.isoformat()}).fetchone()
            assert sum(a.waiting_on(last) for a in applications) == waiting
            (withdrawn,) = store.conn.execute(ALL_WITHDRAWALS, span).fetchone()
            assert sum(a.withdrawn_in(Period(first, last)) for a in applications) == withdrawn


def test_the_quarters_figures_read_through_the_indexes_not_all_history(db_path):
    """The plans of the queries a quarter's report and export run: no history
    table (stays, applications, extensions, closures) is read row by row,
    neither for the stays, weeks and waiting nor for own_wijk and the
    aftercare figures' departures."""
    with Store(db_path, actor="test", now=fixed(NOW)) as store:
        service.admit(store, FIRST_DAY, "Gezin", urgency=3, alternative=rules.Alternative.ANDERS)
        service.move(store, FIRST_DAY + timedelta(days=1), "1", "W3")
        service.release(store, FIRST_DAY + timedelta(days=3), "1", rules.Destination.NETWERK)
        executed = []
        store.conn.set_trace_callback(executed.append)
        quarter = (date(2026, 7, 1), date(2026, 9, 30))
        list(store.stays_overlapping(*quarter))
        store.extensions_granted(*quarter)
        store.applications_waiting_or_withdrawn(*quarter)
        store.placement_wijken(*quarter)
        store.followups_departed_in([aftercare.cohort_window(*quarter)])
        store.departures_between(*aftercare.due_window(*quarter, 12))
        store.followups_recorded_departed_in(list(aftercare.due_windows(*quarter).values()))
        store.conn.set_trace_callback(None)
        plans = {
            sql: [row[3] for row in store.conn.execute("EXPLAIN QUERY PLAN " + sql)]
            for sql in executed
            if sql.lstrip().upper().startswith("SELECT")
        }
    assert any("USING INDEX closures_by_day" in step for plan in plans.values() for step in plan)
    assert any("USING INDEX extensions_by_day" in step for plan in plans.values() for step in plan)
    # The stays that began in the quarter (own_wijk), and the earliest and
    # latest start (m016), through stays_by_start.
    assert sum("INDEX stays_by_start" in step for plan in plans.values() for step in plan) >= 3
    # The moves of each stay are read through stay_moves_by_stay ("m"); only
    # the probe whether any move exists at all reads one row of stay_moves.
    assert any("stay_moves_by_stay" in step for plan in plans.values() for step in plan)
    history = {"stays", "s", "applications", "a", "extensions", "e", "closures", "evaluations", "audit", "m"}
    scans = [(sql, step) for sql, plan in plans.items() for step in plan
             if step.startswith("SCAN ") and step.split()[1] in history]
    assert scans == []  # what is scanned: dwellings, open cases, the period's candidates


def as_it_stands(store: Store, first: date, last: date, today: date) -> tuple[list[tuple], dict]:
    """The export's rows and the report of [first, last], made on ``today``."""
    rows: list[tuple] = []
    service.export(store, today, first, last, lambda data: rows.extend(data) or len(rows))
    return rows, service.report(store, Period(first, last)).figures


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(work=days_of_work, cut=st.integers(1, DAYS - 1), length=st.integers(0, 60))
def test_a_past_periods_export_and_report_do_not_change_with_what_comes_after(work, cut, length):
    """Whatever happens after a period (placements, departures, withdrawals,
    tacit extensions), its export and report stay what they were the day after."""
    with Store(":memory:", actor="test", now=fixed(NOW)) as store:
        history(store, work[:cut])
        last = FIRST_DAY + timedelta(days=cut - 1)  # the last day whose work is done
        first = last - timedelta(days=length)
        before = as_it_stands(store, first, last, last + timedelta(days=1))
        history(store, work[cut:], first_day=cut)
        assert as_it_stands(store, first, last, FIRST_DAY + timedelta(days=DAYS + 30)) == before


def test_the_aftercare_departures_read_are_those_of_the_windows_with_their_follow_ups():
    """A departure on every day for two and a half years, to each destination
    in turn, every third one followed up when its 3-month follow-up falls
    due: for quarters, months and month ends the store reads exactly the
    departures in the windows (a cohort window only to its destinations),
    with their follow-ups, and the figures are those of every departure."""
    outcomes = [rules.Outcome.ZELFDE_WONING, rules.Outcome.DAKLOOS, rules.Outcome.NIET_BEREIKT]
    destinations = list(rules.Destination)
    with Store(":memory:", actor="test", now=fixed(NOW)) as store:
        day, last_day, number, due = date(2024, 5, 1), date(2026, 10, 1), 0, {}
        while day <= last_day:
            if number:
                service.release(store, day, str(number), destinations[number % len(destinations)])
                if number % 3 == 0:
                    due[rules.add_months(day, 3)] = number
            if day in due:
                service.followup(store, day, str(due[day]), outcomes[due[day] % 3])
            number += 1
            service.admit(store, day, f"Gezin {number}", urgency=3, alternative=rules.Alternative.ANDERS)
            day += timedelta(days=1)
        with store.reading():
            every = store.followups_departed_in([aftercare.DepartureWindow(date(2000, 1, 1), date(2099, 12, 31))])
            assert sum(1 for _, planned in every for p in planned if p.recorded) > 200
            for first, last in [(date(2026, 7, 1), date(2026, 9, 30)), (date(2026, 2, 1), date(2026, 2, 28)),
                                (date(2026, 2, 28), date(2026, 2, 28)), (date(2026, 6, 30), date(2026, 8, 31)),
                                (date(2025, 12, 1), date(2026, 9, 30))]:
                windows = windows_read(first, last)
                read = store.followups_departed_in(windows)
                assert read == [(d, p) for d, p in every if any(
                    w.first <= d.departed <= w.last and (w.destinations is None or d.destination in w.destinations)
                    for w in windows)]
                assert aftercare.retention(read, first, last) == aftercare.retention(every, first, last)
                assert aftercare.returns(read, first, last) == aftercare.returns(every, first, last)
                assert aftercare.returns(read, first, last)["cohort"] or first < date(2026, 5, 1)
                # What the report reads: due departures counted, their follow-ups, the cohort whole.
                due = aftercare.due_windows(first, last)
                counts = {m: store.departures_between(w.first, w.last) for m, w in due.items()}
                assert counts == {m: sum(w.first <= d.departed <= w.last for d, _ in every) for m, w in due.items()}
                recorded = store.followups_recorded_departed_in(list(due.values()))
                assert sorted(recorded) == sorted(
                    (d.departed, p.recorded) for d, planned in every for p in planned if p.recorded
                    and any(w.first <= d.departed <= w.last for w in due.values()))
                assert aftercare.retention_counted(counts, recorded, first, last) == aftercare.retention(
                    every, first, last)
        quarter = Period(date(2026, 7, 1), date(2026, 9, 30))
        report = service.report(store, quarter).figures
        assert report["retention"] == aftercare.retention(every, quarter.first, quarter.last)
        assert report["returns"] == aftercare.returns(every, quarter.first, quarter.last)
        assert report["retention"]["3"]["reached"] and report["returns"]["cohort"]
