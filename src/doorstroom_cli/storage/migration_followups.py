"""Schema step m014 (issue 14 §2), kept beside ``migrations.py``, which
registers it after m013: the follow-ups recorded after a departure.
Never edit this step once shipped: add a new one."""

from __future__ import annotations


def m014_followups(db) -> None:
    """Aftercare (issue 14): one row per follow-up recorded after a departure
    (the stay that ended), ``months`` after it; the planned ones are computed
    from the departure, never stored. Its ``voided_`` twin is for undo. The
    setting ``aftercare_from`` (the last day of the records when a database
    with records gets this step): ``status`` and the agenda raise no
    follow-up that fell due before it, when nobody could record one."""
    body = """stay_id INTEGER NOT NULL REFERENCES stays (id),
        months INTEGER NOT NULL CHECK (months > 0),
        held_on TEXT NOT NULL CHECK (date(held_on) IS held_on),
        outcome TEXT NOT NULL, method TEXT, note TEXT"""
    db.execute(f"CREATE TABLE followups (id INTEGER PRIMARY KEY, {body}, UNIQUE (stay_id, months))")
    db.execute("CREATE INDEX followups_by_day ON followups (held_on)")
    plain = body.replace(" REFERENCES stays (id)", "").replace(" CHECK (months > 0)", "")
    plain = plain.replace(" CHECK (date(held_on) IS held_on)", "")
    db.execute(f"CREATE TABLE voided_followups (id INTEGER PRIMARY KEY, {plain},"
               " voided_by INTEGER NOT NULL REFERENCES audit (id))")
    db.execute("INSERT INTO settings (name, value) SELECT 'aftercare_from', value FROM settings"
               " WHERE name = 'records_until'")
