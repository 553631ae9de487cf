"""What shell completion offers: read-only, without migrations, and nothing
at all from a file it cannot use."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .checks import _open_read_only


def completion_candidates(path: Path) -> list[tuple[str, str]]:
    """(value, hint) pairs for shell completion of REF: dwelling codes with
    their resident, and the ids of open households with their name. Read-only,
    without migrations; an unusable file simply offers nothing."""
    if not path.is_file():
        return []
    try:
        conn = _open_read_only(path, timeout=0.5)
        try:
            rows = conn.execute(
                """
                SELECT o.household_id, h.name, o.dwelling_code FROM open_cases o
                JOIN households h ON h.id = o.household_id ORDER BY o.household_id
                """
            ).fetchall()
            codes = [code for (code,) in conn.execute("SELECT code FROM dwellings ORDER BY code")]
        finally:
            conn.close()
    except sqlite3.Error:
        return []
    living = {code: name for _, name, code in rows if code}
    return [(code, living.get(code, "free")) for code in codes] + [
        (str(household), name) for household, name, _ in rows
    ]
