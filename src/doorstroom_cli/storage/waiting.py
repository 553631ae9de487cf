"""What the waiting figures read: the applications waiting at the end of a
period or withdrawn in it. No names."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..figures import ApplicationRecord


class WaitingQueries:
    """Reading the waitlist's history, for a ``Store``."""

    def applications_waiting_or_withdrawn(self, first: date, last: date) -> list[ApplicationRecord]:
        """The applications registered by ``last``, not placed by then and not
        closed before ``first`` (so every one waiting at the end of [first,
        last] or withdrawn in it is among them), by id.

        Only an application still open, or closed on or after ``first``, can
        be one: those are the candidates (``closures_by_day``), not every
        application ever.
        """
        from ..figures import ApplicationRecord

        return [
            ApplicationRecord(
                app_id,
                self._day(registered, household),
                self._day(start, household) if start else None,
                self._day(closed_on, household) if closed_on else None,
            )
            for app_id, household, registered, start, closed_on in self.conn.execute(
                """
                SELECT a.id, a.household_id, a.registered, s.start, c.closed_on FROM (
                    SELECT application_id FROM open_cases
                    UNION
                    SELECT application_id FROM closures WHERE closed_on >= :first
                ) candidate
                JOIN applications a ON a.id = candidate.application_id
                LEFT JOIN stays s ON s.application_id = a.id
                LEFT JOIN closures c ON c.application_id = a.id
                WHERE a.registered <= :last AND (s.id IS NULL OR s.start > :last)
                ORDER BY a.id
                """,
                {"first": first.isoformat(), "last": last.isoformat()},
            )
        ]
