"""followup: what a contact after a departure found (aftercare)."""

from __future__ import annotations

from datetime import date

from ..core import rules
from ..core.texts import optional_text
from ..storage import Store
from .households import _household


def followup(
    store: Store,
    today: date,
    ref: str,
    outcome: rules.Outcome,
    *,
    method: rules.Method | None = None,
    on: date | None = None,
    note: str | None = None,
) -> rules.Followup:
    """Record the earliest open follow-up of the household's last departure
    that is due (or, with ``on``, the day of an earlier contact)."""
    from ..core.errors import Refused

    note = optional_text(note, "--note")
    with store.writing(today):
        household = _household(store, today, ref, by_name=True)
        series = store.followup_series(household)
        if not series:
            raise Refused(
                "Household {household} has not left a doorstroomwoning; a follow-up comes after a departure.",
                household=household,
            )
        departed, planned = series[-1]
        recorded = rules.record_followup(departed, planned, outcome, method, today, on)
        store.add_followup(recorded, note)
    return recorded
