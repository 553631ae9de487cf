"""The days the records cover, and the pool as it was on a day before the
last recorded change (what ``status`` shows for such a day).

``settings`` holds ``records_from`` and ``records_until`` (m009): the first
and the last business day of any change, kept by every audit row. A day
before ``records_until`` is "in the past": the open cases are then not the
pool of that day, so ``pool_as_of`` rebuilds it from the history, and
``load_pool`` marks a dwelling a later-recorded stay occupied after that day
(``Dwelling.occupied_until``), so no placement dated then can overlap it.
"""

from __future__ import annotations

from datetime import date

from ..core import rules


class History:
    """The records' days and the pool of a past day, for a ``Store``."""

    def records_until(self) -> date | None:
        """The last business day of a recorded change, if any."""
        row = self.conn.execute("SELECT value FROM settings WHERE name = 'records_until'").fetchone()
        return None if row is None else date.fromisoformat(row[0])

    def occupied_after(self, day: date) -> dict[str, date]:
        """For a day before the last recorded change: per dwelling, the
        latest departure after ``day`` that the records hold (through
        ``closures_by_day``); on a day at or after it, nothing (no departure
        can lie after it)."""
        until = self.records_until()
        if until is None or day >= until:
            return {}
        return {
            code: date.fromisoformat(last)
            for code, last in self.conn.execute(
                "SELECT coalesce((SELECT m.to_dwelling FROM stay_moves m WHERE m.stay_id = s.id"
                " ORDER BY m.id DESC LIMIT 1), s.dwelling_code) AS code, max(c.closed_on) FROM closures c"
                " JOIN stays s ON s.application_id = c.application_id"
                " WHERE c.closed_on > ? GROUP BY code",
                (day.isoformat(),),
            )
        }

    def dwellings_on(self, day: date, occupied: set[str]) -> tuple[rules.Dwelling, ...]:
        """The pool's dwellings on ``day``, with their periods out of use that
        have not ended before it. A dwelling is in use unless the pool file
        says otherwise or a period covers the day; one with a resident
        (``occupied``) is in use all the same: it shows who lives there."""
        periods: dict[str, list[rules.OutOfUse]] = {}
        for code, first, last, reason in self.outage_periods(day):
            periods.setdefault(code, []).append(rules.OutOfUse(first, last, reason))
        later = self.occupied_after(day)
        return tuple(
            rules.Dwelling(
                code, label, wijk, max_persons,
                bool(in_use) and (code in occupied or not any(o.covers(day) for o in periods.get(code, ()))),
                tuple(periods.get(code, ())),
                later.get(code),
            )
            for code, label, wijk, max_persons, in_use in self.conn.execute(
                "SELECT code, label, wijk, max_persons, in_use FROM dwellings ORDER BY code"
            )
        )

    def pool_as_of(self, day: date) -> rules.Pool:
        """The pool as the records say it was on ``day``: the stays begun by
        then and not ended by then, with the weeks granted and the evaluations
        held by then, and the households registered by then and not yet
        placed or gone. Reads all applications: only for a past day."""
        rows = self.conn.execute(
            """
            SELECT a.id, a.household_id, a.registered, a.urgency, a.adults, a.children, a.wijk,
                   s.id,
                   coalesce((SELECT m.to_dwelling FROM stay_moves m WHERE m.stay_id = s.id
                              AND m.moved_on <= :day ORDER BY m.id DESC LIMIT 1), s.dwelling_code),
                   s.start,
                   (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id AND e.granted_on <= :day),
                   (SELECT v.held_on FROM evaluations v WHERE v.stay_id = s.id AND v.held_on <= :day
                     ORDER BY v.id DESC LIMIT 1),
                   (SELECT v.cooperation FROM evaluations v WHERE v.stay_id = s.id AND v.held_on <= :day
                     ORDER BY v.id DESC LIMIT 1),
                   (SELECT m.moved_on FROM stay_moves m WHERE m.stay_id = s.id AND m.moved_on <= :day
                     ORDER BY m.id DESC LIMIT 1)
            FROM applications a
            LEFT JOIN stays s ON s.application_id = a.id AND s.start <= :day
            LEFT JOIN closures c ON c.application_id = a.id
            WHERE a.registered <= :day AND (c.closed_on IS NULL OR c.closed_on > :day)
            ORDER BY a.id
            """,
            {"day": day.isoformat()},
        ).fetchall()
        dwellings = self.dwellings_on(day, {row[8] for row in rows if row[7] is not None})
        return rules.Pool(dwellings, *self._cases(rows, dwellings, day))

    def _cases(self, rows, dwellings, day: date) -> tuple[tuple[rules.Stay, ...], tuple[rules.Application, ...]]:
        """The stays and waiting applications of the pool's query rows."""
        next_outage = {d.code: o.first for d in dwellings if (o := d.next_outage(day)) is not None}
        stays: list[rules.Stay] = []
        waiting: list[rules.Application] = []
        for (app_id, household, registered, urgency, adults, children, wijk,
             stay_id, dwelling, start, weeks, held_on, cooperation, moved_on) in rows:
            application = rules.Application(
                app_id, household, self._day(registered, household), urgency, adults, children, wijk
            )
            if stay_id is None:
                waiting.append(application)
                continue
            stays.append(
                rules.Stay(
                    stay_id, application, dwelling, self._stay_start(start, weeks, household), weeks,
                    self._day(held_on, household) if held_on else None,
                    rules.Cooperation(cooperation) if cooperation else None,
                    outage_from=next_outage.get(dwelling),
                    last_move=self._day(moved_on, household) if moved_on else None,
                )
            )
        return tuple(stays), tuple(waiting)

    def names_of(self, households: list[int]) -> dict[int, str]:
        """The names of these households, for the overview of a past day."""
        return {
            household: name
            for household, name in self.conn.execute(
                "SELECT id, name FROM households WHERE id IN (SELECT value FROM json_each(?))",
                (str(list(households)),),
            )
        }
