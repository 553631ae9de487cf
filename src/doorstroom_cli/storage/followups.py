"""Aftercare: the departures follow-ups hang on, the follow-ups recorded,
writing one with its audit row, and taking one back (undo). m014."""

from __future__ import annotations

from datetime import date, timedelta

from ..core import rules
from .queries import AuditEntry
from .voids import Voids, _detail, takes_back

_LAST_DWELLING = """coalesce((SELECT m.to_dwelling FROM stay_moves m WHERE m.stay_id = s.id ORDER BY m.id DESC LIMIT 1),
                    s.dwelling_code)"""

_DEPARTED = f"""
    SELECT s.id, a.household_id,
           {_LAST_DWELLING},
           c.closed_on, c.destination,
           (SELECT min(b.registered) FROM applications b WHERE b.household_id = a.household_id AND b.id > a.id)
    FROM closures c
    JOIN stays s ON s.application_id = c.application_id
    JOIN applications a ON a.id = c.application_id
"""
"""A departure from a stay (a withdrawal has no stay): the stay, the household,
the dwelling it left, the day, the destination, the next registration."""

_RECORDED = "SELECT stay_id, months, held_on, outcome, method, note FROM followups"


class Followups:
    """Aftercare, for a ``Store``."""

    def _departed(self, where: str, parameters: tuple, moved: bool = True) -> list[rules.Departed]:
        """The departures ``where`` names, by day and stay; ``moved=False``
        (no stay ever moved) reads the dwelling from the stay itself."""
        query = _DEPARTED if moved else _DEPARTED.replace(_LAST_DWELLING, "s.dwelling_code")
        destinations = {d.value: d for d in rules.Destination}
        new, departed, day = tuple.__new__, rules.Departed, self._day
        found = []
        for stay, household, dwelling, closed_on, destination, again in self.conn.execute(
            f"{query} WHERE {where} ORDER BY c.closed_on, s.id", parameters
        ):
            found.append(new(departed, (
                stay, household, dwelling, day(closed_on, household),
                destinations.get(destination) or rules.Destination(destination),
                None if again is None else day(again, household),
            )))
        return found

    def _recorded(self, where: str, parameters: tuple) -> dict[int, list[rules.Recorded]]:
        found: dict[int, list[rules.Recorded]] = {}
        for stay, months, held_on, outcome, method, note in self.conn.execute(
            f"{_RECORDED} WHERE {where} ORDER BY stay_id, months", parameters
        ):
            found.setdefault(stay, []).append(self._followup_row(stay, months, held_on, outcome, method, note))
        return found

    def _followup_row(self, stay: int, months: int, held_on: str, outcome: str, method: str | None,
                      note: str | None) -> rules.Recorded:
        """A stored follow-up as ``rules.Recorded`` (its day checked against the window)."""
        return rules.Recorded(months, self._day(held_on, None, stay), rules.Outcome(outcome),
                              None if method is None else rules.Method(method), note)

    def followup_series(self, household: int) -> list[tuple[rules.Departed, list[rules.Planned]]]:
        """Every departure of a household, oldest first, with its follow-ups."""
        departed = self._departed("a.household_id = ?", (household,))
        recorded = self._recorded(
            "stay_id IN (SELECT s.id FROM stays s JOIN applications a ON a.id = s.application_id"
            " WHERE a.household_id = ?)", (household,),
        )
        return [(d, rules.followup_schedule(d, recorded.get(d.stay, ()))) for d in departed]

    def aftercare_from(self) -> date | None:
        """The last day of the records when the database got aftercare (m014), if it had any."""
        row = self.conn.execute("SELECT value FROM settings WHERE name = 'aftercare_from'").fetchone()
        return None if row is None else self._day(row[0], None)

    def followups_open(self, today: date, since: date | None = None,
                       until: date | None = None) -> list[tuple[rules.Departed, list[rules.Planned]]]:
        """The departures up to today whose follow-ups may be open today (left
        at most FOLLOWUP_LAST_OPEN_MONTHS ago), with their follow-ups: what
        ``status`` and the agenda look at, through ``closures_by_day``. With
        ``since`` only those with a follow-up due from ``since`` to ``until``
        (default today): an upgraded database does not read every departure
        of the months before it."""
        slack = timedelta(days=4)  # a month's end clamps a due day by up to three days
        if since is None or since > today:
            windows = [(today - timedelta(days=31 * rules.FOLLOWUP_LAST_OPEN_MONTHS), today)]
        else:
            last = today if until is None else until
            windows = [(rules.add_months(since, -months) - slack, rules.add_months(last, -months) + slack)
                       for months in rules.FOLLOWUP_MONTHS]
        where = " OR ".join(["c.closed_on BETWEEN ? AND ?"] * len(windows))
        parameters = tuple(day.isoformat() for window in windows for day in window)
        departed = self._departed(f"({where}) AND c.closed_on <= ?", (*parameters, today.isoformat()))
        recorded = self._recorded_of([d.stay for d in departed])
        return [(d, rules.followup_schedule(d, recorded.get(d.stay, ()))) for d in departed]

    def _recorded_of(self, stays: list[int]) -> dict[int, list[rules.Recorded]]:
        """The follow-ups recorded for these stays (by their key, a few hundred at a time);
        a database without follow-ups pays one look at the table."""
        found: dict[int, list[rules.Recorded]] = {}
        if not stays or self.conn.execute("SELECT 1 FROM followups LIMIT 1").fetchone() is None:
            return found
        for first in range(0, len(stays), 500):
            chunk = stays[first:first + 500]
            found.update(self._recorded(f"stay_id IN ({', '.join('?' * len(chunk))})", tuple(chunk)))
        return found

    def followups_departed_in(self, windows: list) -> list[tuple[rules.Departed, list[rules.Planned]]]:
        """The departures in any of the windows (``aftercare_figures.DepartureWindow``:
        from its first to its last day, included, to one of its destinations
        when it names them) with every follow-up recorded for them (the
        figures keep those held by the period's end). Each window is a range
        of ``closures_by_day``; a pool that never moved anyone pays nothing
        for moves, a database without follow-ups one look at that table."""
        if not windows:
            return []
        moved = self.conn.execute("SELECT 1 FROM stay_moves LIMIT 1").fetchone() is not None
        departed = self._departed(*_in_windows(windows), moved)
        return rules.followup_schedules(departed, self._recorded_of([d.stay for d in departed]))

    def departures_between(self, first: date, last: date) -> int:
        """How many stays ended in a departure from ``first`` to ``last``
        (both included; a withdrawal has no stay): one range of ``closures_by_day``."""
        (count,) = self.conn.execute(
            "SELECT count(*) FROM closures c JOIN stays s ON s.application_id = c.application_id"
            " WHERE c.closed_on BETWEEN ? AND ?", (first.isoformat(), last.isoformat()),
        ).fetchone()
        return count

    def followups_recorded_departed_in(self, windows: list) -> list[tuple[date, rules.Recorded]]:
        """(departure day, follow-up) of each follow-up recorded for a
        departure in any of the windows, by day and stay; a database without
        follow-ups pays one look at that table."""
        if not windows or self.conn.execute("SELECT 1 FROM followups LIMIT 1").fetchone() is None:
            return []
        where, parameters = _in_windows(windows)
        return [
            (self._day(closed_on, None, stay), self._followup_row(stay, months, held_on, outcome, method, note))
            for stay, closed_on, months, held_on, outcome, method, note in self.conn.execute(
                "SELECT s.id, c.closed_on, f.months, f.held_on, f.outcome, f.method, f.note FROM closures c"
                " JOIN stays s ON s.application_id = c.application_id JOIN followups f ON f.stay_id = s.id"
                f" WHERE {where} ORDER BY c.closed_on, s.id, f.months", parameters,
            )
        ]

    def followup_outcomes(self, last: date) -> dict[int, dict[int, str]]:
        """Outcome slugs by stay and months, of the follow-ups held by ``last`` (the export's)."""
        found: dict[int, dict[int, str]] = {}
        for stay, months, outcome in self.conn.execute(
            "SELECT stay_id, months, outcome FROM followups WHERE held_on <= ?", (last.isoformat(),)
        ):
            found.setdefault(stay, {})[months] = outcome
        return found

    def add_followup(self, followup: rules.Followup, note: str | None) -> int:
        """A follow-up with its audit row (never the note: only whether there is one)."""
        planned = followup.planned
        row = self._insert(
            "INSERT INTO followups (id, stay_id, months, held_on, outcome, method, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (self._fresh_id("followups"), planned.stay, planned.months, followup.held_on.isoformat(),
             followup.outcome.value, None if followup.method is None else followup.method.value, note),
        )
        self._audit(
            "followup", planned.household, followup=row, stay=planned.stay, months=planned.months,
            held_on=followup.held_on.isoformat(), outcome=followup.outcome.value,
            method=None if followup.method is None else followup.method.value, note=note is not None,
        )
        return row


def _in_windows(windows: list) -> tuple[str, tuple]:
    """The condition (on closures ``c``) and its parameters for the departures
    in any of the windows: each a range of ``closures_by_day``."""
    terms, parameters = [], []
    for window in windows:
        term = "c.closed_on BETWEEN ? AND ?"
        parameters += [window.first.isoformat(), window.last.isoformat()]
        if window.destinations is not None:
            term += f" AND c.destination IN ({', '.join('?' * len(window.destinations))})"
            parameters += sorted(d.value for d in window.destinations)
        terms.append(f"({term})")
    return "(" + " OR ".join(terms) + ")", tuple(parameters)


@takes_back("followup")
def _followup(store: Voids, entry: AuditEntry, undo: int) -> None:
    (followup,) = _detail(entry, "followup")
    store._void_rows("followups", "id = ?", (followup,), undo)
