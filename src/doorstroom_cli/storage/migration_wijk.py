"""Schema step m015 (issue 14 §4), kept beside ``migrations.py``, which
registers it after m014: the household's own wijk.
Never edit this step once shipped: add a new one."""

from __future__ import annotations


def m015_household_wijk(db) -> None:
    """The household's own wijk, recorded at intake (``admit --wijk``): one
    optional line per application, which placement prefers and the report's
    ``own_wijk`` figure reads. Purge keeps it (a neighbourhood, no address,
    and the figure must not change); an intake taken back by undo keeps
    none, like its other texts (``voided_applications``)."""
    for table in ("applications", "voided_applications"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN wijk TEXT")
