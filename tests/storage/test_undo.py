"""undo through the service and the store: each kind of change taken back
leaves the records exactly as they were before it, the trail only grows,
and what was undone counts nowhere."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from doorstroom_cli import service
from doorstroom_cli.clock import fixed
from doorstroom_cli.core import rules
from doorstroom_cli.core.errors import Refused
from doorstroom_cli.figures import Period
from doorstroom_cli.storage import Store

NOW = "2026-11-23T06:00:00+00:00"  # the audit rows' moment: no test reads the wall clock
TODAY = date(2026, 11, 23)
ANDERS = rules.Alternative.ANDERS

LIVE = ("dwellings", "applications", "stays", "extensions", "evaluations", "closures", "open_cases",
        "dwelling_outages")
"""What every command and figure reads (the audit, voids and voided_* apart)."""


@pytest.fixture
def store(db_path):
    with Store(db_path, actor="anna", now=fixed(NOW)) as opened:
        yield opened


def other(db_path, actor: str) -> Store:
    return Store(db_path, actor=actor, now=fixed(NOW))


def state(store: Store) -> dict:
    """Every live row, the households that have an application, and what
    the commands read of them: the pool, the periods out of use, the figures."""
    rows = {table: store.conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() for table in LIVE}
    rows["households"] = store.conn.execute(
        "SELECT * FROM households WHERE id IN (SELECT household_id FROM applications) ORDER BY id"
    ).fetchall()
    with store.reading():
        rows["pool"] = store.load_pool(TODAY)
        rows["outages"] = store.outage_periods(TODAY - timedelta(days=400))
    rows["report"] = service.report(store, Period(TODAY - timedelta(days=90), TODAY)).figures
    return rows


def admit(store, name="Jansen", today=TODAY, **options) -> int:
    return service.admit(store, today, name, urgency=3, alternative=ANDERS, **options).application.household


def audit(store: Store) -> list[tuple]:
    return store.conn.execute("SELECT id, action FROM audit ORDER BY id").fetchall()


def history(store: Store):
    """A few days of a pool before today, by someone else: what undo must leave alone."""
    with other(store.path, "cron") as earlier:
        day = TODAY - timedelta(days=50)
        admit(earlier, "Visser", today=day)
        admit(earlier, "Bakker", today=day, adults=2, children=1)
        admit(earlier, "De Wit", today=day, adults=2, children=2)
        admit(earlier, "Groot", today=day, adults=2, children=4)
        admit(earlier, "Mulder", today=day)
        service.release(earlier, TODAY - timedelta(days=10), "5", rules.Destination.NETWERK)
        service.extend_auto(earlier, TODAY - timedelta(days=8))
        admit(earlier, "Wachter", today=TODAY - timedelta(days=2), adults=2, children=4)  # 6: waits
        service.evaluate(earlier, TODAY - timedelta(days=1), "2", rules.Cooperation.GEDEELTELIJK)
        service.take_out_of_use(earlier, TODAY - timedelta(days=3), "W4", TODAY - timedelta(days=3), None, "lekkage")


CHANGES = {
    "admit, placed": lambda store: admit(store, "Smit", agreements="komt op tijd", intake={"wish": "een huis"}),
    "admit, waiting": lambda store: admit(store, "Klein", adults=2, children=4),
    "readmission": lambda store: admit(store, "Mulder"),
    "extend by hand": lambda store: service.extend(store, TODAY, "1", 3),
    "extend --auto": lambda store: service.extend_auto(store, TODAY),
    "evaluate": lambda store: service.evaluate(store, TODAY, "2", rules.Cooperation.ONVOLDOENDE, "niet gekomen"),
    "release": lambda store: service.release(store, TODAY, "1", rules.Destination.EIGEN_WONING, "sleutel"),
    "withdraw": lambda store: service.release(store, TODAY, "6", rules.Destination.ONBEKEND),
    "dwellings set": lambda store: service.change_dwelling(store, TODAY, "W4", label="Lindelaan", wijk=None, max_persons=3),
    "dwellings out": lambda store: service.take_out_of_use(store, TODAY, "W3", TODAY + timedelta(days=5), None, "verf"),
    "move": lambda store: service.move(store, TODAY, "1", "W3", "lekkage"),
    "dwellings back (ended)": lambda store: service.bring_back_into_use(store, TODAY, "W4"),
}


@pytest.mark.parametrize("name", sorted(CHANGES))
def test_each_kind_of_change_taken_back_leaves_the_records_as_they_were(store, name):
    history(store)
    before = state(store)
    trail = audit(store)
    CHANGES[name](store)
    assert audit(store) != trail, "the change wrote nothing"
    result = service.undo(store, TODAY)
    assert not result.dry_run and result.change[0].id == trail[-1][0] + 1
    assert state(store) == before
    # The trail only grew: the change's entries and the undo are all there.
    assert audit(store)[: len(trail)] == trail and audit(store)[-1][1] == "undo"
    undone = [entry_id for entry_id, _ in audit(store)[len(trail):-1]]
    assert [row[0] for row in store.conn.execute("SELECT audit_id FROM voids ORDER BY 1")] == undone


def test_an_admit_that_placed_right_away_is_taken_back_whole_and_leaves_no_name(store):
    before = state(store)
    household = admit(store, "Jansen", agreements="geheim")
    result = service.undo(store, TODAY)
    assert [entry.action for entry in result.change] == ["register", "place"]
    assert state(store) == before
    assert store.conn.execute("SELECT name, name_key FROM households WHERE id = ?", (household,)).fetchone() == (
        f"(removed {household})", "")
    assert store.conn.execute("SELECT agreements FROM voided_applications").fetchall() == [(None,)]
    # A new intake of the same name is a new household, not a readmission of the voided one.
    again = service.admit(store, TODAY, "Jansen", urgency=3, alternative=ANDERS)
    assert again.application.household != household and not again.readmission


def test_dwellings_back_on_the_first_day_of_a_period_withdraws_it_and_undo_brings_it_back(store):
    service.take_out_of_use(store, TODAY, "W3", TODAY, TODAY + timedelta(days=9), "schilderwerk")
    before = state(store)
    service.bring_back_into_use(store, TODAY, "W3")
    assert store.conn.execute("SELECT count(*) FROM dwelling_outages").fetchone()[0] == 0
    service.undo(store, TODAY)
    after = state(store)
    # The period is recorded again (under a new id), as it was.
    assert after["outages"] == before["outages"] and after["pool"] == before["pool"]
    assert [row[1:] for row in after["dwelling_outages"]] == [row[1:] for row in before["dwelling_outages"]]


def test_out_and_back_on_one_day_both_taken_back_leave_the_pool_as_it_was(store):
    before = state(store)
    service.take_out_of_use(store, TODAY, "W2", TODAY, None, "lekkage")
    service.bring_back_into_use(store, TODAY, "W2")  # withdraws the period begun today
    service.undo(store, TODAY)  # the period is back, under a new id
    assert not state(store)["pool"].dwelling("W2").in_use
    service.undo(store, TODAY)  # and goes, though its entry names the old id
    assert state(store) == before


def test_undo_again_takes_back_the_change_before_and_never_an_undo(store):
    empty = state(store)
    admit(store, "Jansen")
    one = state(store)
    service.extend(store, TODAY, "1")
    two = state(store)
    service.evaluate(store, TODAY, "1", rules.Cooperation.VOLLEDIG)
    assert [e.action for e in service.undo(store, TODAY).change] == ["evaluate"]
    assert state(store) == two
    assert [e.action for e in service.undo(store, TODAY).change] == ["extend"]
    assert state(store) == one
    assert [e.action for e in service.undo(store, TODAY).change] == ["register", "place"]
    assert state(store) == empty
    with pytest.raises(Refused, match="anna made no change today that undo can take back"):
        service.undo(store, TODAY)
    assert [action for _, action in audit(store)].count("undo") == 3


def test_a_dry_run_names_the_change_and_changes_nothing(store):
    admit(store, "Jansen")
    dump = list(store.conn.iterdump())
    result = service.undo(store, TODAY, dry_run=True)
    assert result.dry_run and result.undo is None
    assert [e.action for e in result.change] == ["register", "place"]
    assert list(store.conn.iterdump()) == dump


def test_only_the_same_persons_changes_of_the_same_day(store, db_path):
    admit(store, "Jansen", today=TODAY - timedelta(days=1))
    with pytest.raises(Refused, match="anna made no change today"):
        service.undo(store, TODAY)  # yesterday's admit stays
    with other(db_path, "bert") as bert:
        service.extend(bert, TODAY, "1")
        service.evaluate(store, TODAY, "1", rules.Cooperation.VOLLEDIG)
        # bert's undo takes back bert's extension, not anna's newer evaluation...
        with pytest.raises(Refused, match=r"a later change stands on it \(evaluate by anna"):
            service.undo(bert, TODAY)
        # ...which anna may take back, and then bert his.
        assert [e.action for e in service.undo(store, TODAY).change] == ["evaluate"]
        assert [e.action for e in service.undo(bert, TODAY).change] == ["extend"]
    with pytest.raises(Refused):
        service.undo(store, TODAY)


def test_a_later_change_of_the_same_household_or_dwelling_by_someone_else_is_refused(store, db_path):
    admit(store, "Jansen")  # W1
    with other(db_path, "bert") as bert:
        service.evaluate(bert, TODAY, "1", rules.Cooperation.VOLLEDIG)
        before = list(store.conn.iterdump())
        with pytest.raises(Refused) as refused:
            service.undo(store, TODAY)
        assert str(refused.value) == (
            "Log entry 1 cannot be undone: a later change stands on it (evaluate by bert, log entry 3); "
            "nothing was changed."
        )
        assert list(store.conn.iterdump()) == before
        service.undo(bert, TODAY)
        # A release, after which the dwelling went to someone else.
        service.release(store, TODAY, "W1", rules.Destination.NETWERK)
        admit(bert, "Visser")  # gets W1
        with pytest.raises(Refused, match=r"stands on it \(place by bert"):
            service.undo(store, TODAY)


def test_a_later_restore_or_purge_blocks_every_earlier_undo(store, db_path):
    admit(store, "Mulder", today=TODAY - timedelta(days=5))
    service.release(store, TODAY - timedelta(days=3), "1", rules.Destination.NETWERK)
    admit(store, "Jansen")
    with other(db_path, "beheer") as beheer:
        assert service.purge(beheer, TODAY, TODAY, dry_run=False, copies=[], delete_copies=False).households == [1]
    with pytest.raises(Refused, match=r"stands on it \(purge by beheer"):
        service.undo(store, TODAY)


def test_a_mistaken_admit_and_release_leave_no_stay_in_the_figures_or_the_export(store):
    """The issue's case: a 0-day stay would say "100% within six weeks"."""
    history(store)
    period = Period(TODAY - timedelta(days=60), TODAY)
    figures = service.report(store, period).figures
    rows = []
    service.export(store, TODAY, period.first, period.last, lambda made: rows.extend(made) or len(rows))
    household = admit(store, "Vergissing")
    service.release(store, TODAY, str(household), rules.Destination.ONBEKEND)
    assert service.report(store, period).figures != figures  # the 0-day stay counts, as it did before undo
    service.undo(store, TODAY)  # the release
    service.undo(store, TODAY)  # the admit
    assert service.report(store, period).figures == figures
    again = []
    service.export(store, TODAY, period.first, period.last, lambda made: again.extend(made) or len(again))
    assert again == rows


def test_what_was_undone_is_not_in_show_status_or_the_log_of_figures(store):
    household = admit(store, "Jansen")
    service.extend(store, TODAY, "1", 2)
    service.evaluate(store, TODAY, "1", rules.Cooperation.ONVOLDOENDE, "gemist")
    service.undo(store, TODAY)
    service.undo(store, TODAY)
    story = service.show(store, TODAY, "1")
    assert [event["event"] for event in story.events] == ["registered", "placed"]
    [stay] = service.status(store, TODAY).pool.stays
    assert stay.weeks_extended == 0 and stay.extendable and stay.last_evaluation is None
    entries = service.log(store, TODAY, None, 10)
    assert [(e.action, e.undone_by) for e in entries] == [
        ("undo", None), ("undo", None), ("evaluate", entries[1].id), ("extend", entries[0].id),
        ("place", None), ("register", None),
    ]
    assert household == 1
    # The voided rows are kept, without their note.
    assert store.conn.execute("SELECT cooperation, note FROM voided_evaluations").fetchall() == [("onvoldoende", None)]
    assert store.conn.execute("SELECT count(*) FROM voided_extensions").fetchone()[0] == 2


def test_a_change_made_again_after_undo_gets_ids_never_used_before(store):
    admit(store, "Jansen")
    service.release(store, TODAY, "1", rules.Destination.NETWERK)
    service.undo(store, TODAY)
    service.release(store, TODAY, "1", rules.Destination.EIGEN_WONING)  # one closure per application: allowed again
    closures = store.conn.execute("SELECT id FROM closures").fetchall()
    voided = store.conn.execute("SELECT id FROM voided_closures").fetchall()
    assert closures == [(2,)] and voided == [(1,)]
    # A placement taken back and made again: a new stay id, so the audit's "stay 1" means one stay.
    for code in ("W2", "W3", "W4", "W5", "W6"):
        service.take_out_of_use(store, TODAY, code, TODAY, None, None)
    admit(store, "Visser")  # W1
    with other(store.path, "bert") as bert:
        service.take_out_of_use(bert, TODAY, "W1", TODAY + timedelta(days=60), None, None)
    assert store.conn.execute("SELECT id FROM stays").fetchall() == [(1,), (2,)]


def test_an_audit_trail_the_triggers_guard_is_never_changed_by_undo(store):
    admit(store, "Jansen")
    before = store.conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    service.undo(store, TODAY)
    after = store.conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    assert after[: len(before)] == before and len(after) == len(before) + 1
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("DELETE FROM voids")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        store.conn.execute("UPDATE voids SET undo_audit_id = 1")


def test_an_entry_from_before_m012_without_what_undo_needs_is_refused(store):
    """A dwelling change written by an older version has no old values."""
    with store.writing(TODAY):
        store.conn.execute("UPDATE dwellings SET max_persons = 3 WHERE code = 'W4'")
        store._audit("change_dwelling", None, dwelling="W4", max_persons=3)
    with pytest.raises(Refused, match="written by an older version of doorstroom"):
        service.undo(store, TODAY)


def test_a_release_after_a_move_taken_back_puts_the_household_back_where_it_lived(store):
    admit(store, "Jansen")  # W1
    service.move(store, TODAY, "1", "W3")
    service.release(store, TODAY, "1", rules.Destination.NETWERK)
    service.undo(store, TODAY)
    assert store.conn.execute("SELECT dwelling_code FROM open_cases").fetchall() == [("W3",)]
    service.undo(store, TODAY)
    assert store.conn.execute("SELECT dwelling_code FROM open_cases").fetchall() == [("W1",)]
    assert store.conn.execute("SELECT count(*), max(reason) FROM voided_stay_moves").fetchone() == (1, None)
