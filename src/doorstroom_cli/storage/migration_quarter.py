"""Schema step m016 (issue 12, speed), kept beside ``migrations.py``, which
registers it after m015: the stays by their first day.
Never edit this step once shipped: add a new one."""

from __future__ import annotations


def m016_stays_by_start(db) -> None:
    """An index of the stays by start (then id): the stays that began in a
    period (the report's ``own_wijk``) are one range of it, in the order
    the figure reads them, and the earliest and latest start (the check
    before the figures read any stay) are its two ends, however long the
    history and however many dwellings."""
    db.execute("CREATE INDEX stays_by_start ON stays (start)")
