"""export and report: the figures for the gemeente, no names."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..storage import Store


def export(store: Store, today: date, first: date, last: date, write) -> int:
    """Stream the stays overlapping [first, last] as export rows into ``write``.

    The stays are described as they were on ``last``, or today if that is
    earlier: a period that has ended gives the same rows on any later day.
    ``write`` takes an iterable of rows and returns how many it wrote; the
    rows are produced while the database is read, so memory stays flat.
    """
    from .. import export as csv_export
    from ..figures_outflow import by_stay

    day = min(last, today)
    with store.reading():
        key = store.pseudonym_key()
        followups = store.followup_outcomes(day)
        outflow = by_stay(store.outflow_routes(), day)
        return write(csv_export.rows(store.stays_overlapping(first, day), key, day, first=first, outflow=outflow,
                                     followups=followups))


class Report(NamedTuple):
    """The figures of a period, and the lengths of stay behind them."""

    figures: dict
    lengths: list[int]


def report(store: Store, period, tariffs=None) -> Report:
    """Compute the figures for a period; reads only."""
    from .. import aftercare_figures as aftercare
    from .. import figures
    from ..figures_outflow import outflow
    from ..figures_wijk import own_wijk

    with store.reading():
        stays = list(store.stays_overlapping(period.first, period.last))
        document = figures.report(
            period,
            stays,
            store.dwellings_in_pool(),
            store.outages(),
            store.extensions_granted(period.first, period.last),
            store.applications_waiting_or_withdrawn(period.first, period.last),
            tariffs,
            # Nothing recorded yet: no capacity either (it starts with the
            # records), so a day keeps its figures once records begin later.
            records_from=store.records_from() or date.max,
        )
        document["outflow"] = outflow(store.outflow_routes(period.first, period.last), period.first, period.last)
        # Retention counts the departures with a follow-up due in the period
        # and reads only the follow-ups recorded for them; returns reads its
        # cohort's departures whole.
        due = aftercare.due_windows(period.first, period.last)
        counted = {months: store.departures_between(w.first, w.last) for months, w in due.items()}
        recorded = store.followups_recorded_departed_in(list(due.values()))
        cohort = store.followups_departed_in([aftercare.cohort_window(period.first, period.last)])
        document["own_wijk"] = own_wijk(store.placement_wijken(period.first, period.last))
    document["retention"] = aftercare.retention_counted(counted, recorded, period.first, period.last)
    document["returns"] = aftercare.returns(cohort, period.first, period.last)
    return Report(document, figures.lengths_of_stay(stays, period))
