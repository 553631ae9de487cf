"""Schema step m013 (issue 14 §1), kept beside ``migrations.py``, which
registers it as its last step: the steps of a household's route out.

``outflow_steps``: one row per step (core/rules/outflow.py), of the
application that was open when it was recorded; ``corporatie`` and
``note`` are free text that purge erases, ``reason`` a refusal's slug.
``voided_outflow_steps`` is its twin for undo (as m012 made the others).
Never edit this step once shipped: add a new one."""

from __future__ import annotations

_COLUMNS = """application_id INTEGER NOT NULL REFERENCES applications (id),
    step        TEXT NOT NULL,
    taken_on    TEXT NOT NULL,
    result      TEXT,
    valid_until TEXT,
    corporatie  TEXT,
    reason      TEXT,
    note        TEXT"""


def m013_outflow_steps(db) -> None:
    """The flow out: ``outflow_steps`` and its ``voided_`` twin."""
    for statement in (
        f"""CREATE TABLE outflow_steps (
            id INTEGER PRIMARY KEY,
            {_COLUMNS},
            CHECK (date(taken_on) IS taken_on),
            CHECK (valid_until IS NULL OR date(valid_until) IS valid_until)
        )""",
        "CREATE INDEX outflow_steps_by_application ON outflow_steps (application_id, taken_on)",
        "CREATE INDEX outflow_steps_by_day ON outflow_steps (taken_on)",
        "CREATE TABLE voided_outflow_steps (id INTEGER PRIMARY KEY, "
        + _COLUMNS.replace(" REFERENCES applications (id)", "")
        + ", voided_by INTEGER NOT NULL REFERENCES audit (id))",
    ):
        db.execute(statement)
