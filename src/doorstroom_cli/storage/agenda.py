"""What the agenda reads beside the open pool: per open stay the number of
evaluations held and the intake's wijkcoach, and the periods out of use."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where it is used: only the agenda needs core.agenda
    from ..core.agenda import OutagePeriod


OPEN_STAY_DETAILS = """
    SELECT s.id, (SELECT count(*) FROM evaluations v WHERE v.stay_id = s.id), a.wijkcoach
    FROM open_cases o
    CROSS JOIN stays s ON s.id = o.stay_id
    CROSS JOIN applications a ON a.id = o.application_id
"""


class AgendaQueries:
    """Reading for ``agenda``, for a ``Store``."""

    def open_stay_details(self) -> tuple[dict[int, int], dict[int, str | None]]:
        """By open stay id: how many evaluations were held, and the wijkcoach
        the intake named (None if none). Reads only what is open: CROSS JOIN
        keeps SQLite from scanning every stay ever made to find the open ones
        (EXPLAIN QUERY PLAN: tests/storage/test_agenda_queries.py)."""
        held: dict[int, int] = {}
        coaches: dict[int, str | None] = {}
        for stay, count, coach in self.conn.execute(
            OPEN_STAY_DETAILS
        ):
            held[stay], coaches[stay] = count, coach
        return held, coaches

    def outages_from(self, first: date) -> list[OutagePeriod]:
        """The periods out of use that end on or after the day before
        ``first`` (one that ends then is back in use on ``first``)."""
        from ..core.agenda import OutagePeriod

        return [
            OutagePeriod(code, begins, ends)
            for code, begins, ends, _reason in self.outage_periods(first - timedelta(days=1))
        ]
