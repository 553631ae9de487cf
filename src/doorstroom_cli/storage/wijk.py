"""What the ``own_wijk`` figure reads (m015): for each stay that began in a
period, the household's own wijk and the wijk of the dwelling it began in."""

from __future__ import annotations

from datetime import date


class WijkQueries:
    """The household's own wijk, for a ``Store``."""

    def placement_wijken(self, first: date, last: date) -> list[tuple[str | None, str]]:
        """(the household's wijk or None, the wijk of the dwelling the stay
        began in) of every stay that began in [first, last], by start.

        The dwelling's wijk is the pool file's as it is now (a dwelling keeps
        its wijk; ``dwellings set --wijk`` corrects it for every period)."""
        return list(
            self.conn.execute(
                "SELECT a.wijk, d.wijk FROM stays s JOIN applications a ON a.id = s.application_id"
                " JOIN dwellings d ON d.code = s.dwelling_code"
                " WHERE s.start BETWEEN ? AND ? ORDER BY s.start, s.id",
                (first.isoformat(), last.isoformat()),
            )
        )
