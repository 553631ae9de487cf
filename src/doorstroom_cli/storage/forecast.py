"""What the forecast reads: the pool as the pool file has it, with its
periods out of use, and every application's dates (no names, no notes)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.backtest import Record
    from ..core.forecast import Unit


class ForecastQueries:
    """Reading for ``forecast``, for a ``Store``."""

    def forecast_units(self) -> tuple[Unit, ...]:
        """The dwellings the pool file puts in use, each with its periods
        out of use (a period's days are compared, never computed with, so
        an older version's "until 31-12-9999" is simply "for good")."""
        from ..core.forecast import Unit

        closed: dict[str, list] = {}
        for code, first, last in self.conn.execute(
            "SELECT dwelling_code, first_day, last_day FROM dwelling_outages ORDER BY dwelling_code, first_day"
        ):
            ending = date.fromisoformat(last) if last and last <= "9999-12-30" else None
            closed.setdefault(code, []).append((date.fromisoformat(first), ending))
        return tuple(
            Unit(code, max_persons, tuple(closed.get(code, ())))
            for code, max_persons in self.conn.execute(
                "SELECT code, max_persons FROM dwellings WHERE in_use = 1 ORDER BY code"
            )
        )

    def application_records(self) -> list[Record]:
        """Every application, oldest first: registration, urgency, size,
        and the dates of its stay and its departure or withdrawal."""
        from ..core.backtest import Record

        records = []
        for (app_id, household, registered, urgency, persons, stay_id, dwelling, start,
             closed_on) in self.conn.execute(
            """
            SELECT a.id, a.household_id, a.registered, a.urgency, a.adults + a.children,
                   s.id, s.dwelling_code, s.start, c.closed_on
            FROM applications a
            LEFT JOIN stays s ON s.application_id = a.id
            LEFT JOIN closures c ON c.application_id = a.id
            ORDER BY a.id
            """
        ):
            records.append(Record(
                app_id, household, self._day(registered, household), urgency, persons, dwelling,
                self._day(start, household, stay_id) if start else None,
                self._day(closed_on, household, stay_id) if closed_on else None,
            ))
        return records
