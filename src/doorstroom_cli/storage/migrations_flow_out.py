"""The schema steps of issue 14 ("The flow out"), kept beside migrations.py
(which is at its size limit): ``migrations`` appends ``STEPS`` to its own
steps, in the order they stand here, after m012. The same rules hold:
never edit a step that has shipped."""

from __future__ import annotations



def m015_household_wijk(db) -> None:
    """The household's own wijk, recorded at intake (``admit --wijk``): one
    optional line per application, which placement prefers and the report's
    ``own_wijk`` figure reads. Purge keeps it (a neighbourhood, no address,
    and the figure must not change); an intake taken back by undo keeps
    none, like its other texts (``voided_applications``)."""
    for table in ("applications", "voided_applications"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN wijk TEXT")


STEPS = [m015_household_wijk]
"""The steps of this module, in order (each appended after m012)."""
