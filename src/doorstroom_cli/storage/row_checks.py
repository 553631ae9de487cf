"""What restore demands of each row of a backup, and of the rows together:
the commands' input checks as SQL queries (``ROW_CHECKS``, by table and
column) and the agreements between tables (``CONSISTENCY``), which
``candidate.verify_candidate`` runs. See candidate.py for the order of all
the checks."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .voids import EMPTIED, VOIDABLE
from ..core import rules
from ..core.dates import EARLIEST, LATEST
from ..core.errors import N_
from ..core.texts import invisible_character, refused_character

DATE_MIN = EARLIEST.isoformat()
DATE_MAX = LATEST.isoformat()
"""Every stored date lies in the window the tool accepts (core/dates.py)."""


# -- Its rows ---------------------------------------------------------------


def _plain(text: object, multiline: int) -> int:
    """1 when ``text`` is plain as texts.check wants it (SQL function)."""
    return int(isinstance(text, str) and refused_character(text, multiline=bool(multiline)) is None)


def _visible(text: object) -> int:
    """1 when ``text`` is as texts.check_visible keeps a name: in NFC, with
    no invisible format character (Cf)."""
    return int(isinstance(text, str) and unicodedata.is_normalized("NFC", text)
               and invisible_character(text) is None)


def _name_key(text: object) -> str | None:
    return rules.name_key(text) if isinstance(text, str) else None


def _quoted(values) -> str:
    return ", ".join("'" + str(value).replace("'", "''") + "'" for value in values)


def _integer(lowest: int | None = None, highest: int | None = None) -> str:
    bounds = "".join(
        [f" AND {{c}} >= {lowest}" if lowest is not None else "",
         f" AND {{c}} <= {highest}" if highest is not None else ""]
    )
    return "typeof({c}) = 'integer'" + bounds


_FLAG = "typeof({c}) = 'integer' AND {c} IN (0, 1)"
_KEY = "typeof({c}) = 'integer'"
_DAY = f"typeof({{c}}) = 'text' AND date({{c}}) IS {{c}} AND {{c}} BETWEEN '{DATE_MIN}' AND '{DATE_MAX}'"
_LINE = "typeof({c}) = 'text' AND doorstroom_plain({c}, 0) AND trim({c}) <> ''"
_NOTE = "typeof({c}) = 'text' AND doorstroom_plain({c}, 1)"


def _optional(condition: str) -> str:
    return "{c} IS NULL OR (" + condition + ")"


def _one_of(kind) -> str:
    return "typeof({c}) = 'text' AND {c} IN (" + _quoted(member.value for member in kind) + ")"


# What every row must satisfy, by table and column: the input checks of the
# commands, as queries (not only CHECK constraints, which a file written with
# ignore_check_constraints does not honour).
ROW_CHECKS: dict[str, list[tuple[str, str]]] = {
    "dwellings": [
        ("code", _LINE + " AND {c} GLOB '*[^0-9]*'"),
        ("label", _LINE), ("wijk", _LINE),
        ("max_persons", _integer(1, rules.MOST_PERSONS)), ("in_use", _FLAG),
    ],
    "households": [
        ("id", _KEY), ("name", _LINE + " AND doorstroom_visible({c})"),
        # '' marks a purged household (its name is gone); any other key is the name's.
        ("name_key", "typeof({c}) = 'text' AND ({c} = '' OR {c} IS doorstroom_name_key(name))"),
    ],
    "applications": [
        ("id", _KEY), ("household_id", _KEY), ("registered", _DAY),
        ("urgency", _integer(rules.URGENCY_LOWEST, rules.URGENCY_HIGHEST)),
        ("alternative", _one_of(rules.Alternative)),
        ("adults", _integer(1, rules.MOST_PERSONS)),
        ("children", _integer(0, rules.MOST_PERSONS) + f" AND adults + {{c}} <= {rules.MOST_PERSONS}"),
        ("agreements", _optional(_NOTE)),
        *((field, _optional(_NOTE)) for field in ("wijkcoach", "referrer", "wish", "own_effort", "needs")),
        ("wijk", _optional(_LINE + " AND doorstroom_visible({c})")),  # m015
    ],
    "stays": [
        ("id", _KEY), ("application_id", _KEY), ("dwelling_code", _LINE), ("start", _DAY),
        ("out_of_order", _FLAG), ("reason", _optional(_LINE)),
    ],
    "extensions": [("id", _KEY), ("stay_id", _KEY), ("granted_on", _DAY), ("tacit", _FLAG)],
    "evaluations": [
        ("id", _KEY), ("stay_id", _KEY), ("held_on", _DAY),
        ("cooperation", _one_of(rules.Cooperation)), ("note", _optional(_NOTE)),
    ],
    "closures": [
        ("id", _KEY), ("application_id", _KEY), ("closed_on", _DAY),
        ("destination", _one_of(rules.Destination)), ("note", _optional(_NOTE)),
    ],
    "open_cases": [
        ("application_id", _KEY), ("household_id", _KEY),
        ("stay_id", _optional(_KEY)), ("dwelling_code", _optional(_LINE)),
    ],
    "settings": [
        ("name", _LINE),
        ("value", _LINE + " AND ({c} GLOB '[0-9a-f]*' AND length({c}) = 64 AND {c} NOT GLOB '*[^0-9a-f]*'"
                  " OR name <> 'pseudonym_key')"
                  " AND (date({c}) IS {c} AND {c} BETWEEN '" + DATE_MIN + "' AND '" + DATE_MAX + "'"
                  " OR name <> 'quick_check')"
                  " AND (date({c}) IS {c} AND {c} BETWEEN '" + DATE_MIN + "' AND '" + DATE_MAX + "'"
                  " OR name NOT IN ('records_from', 'records_until', 'aftercare_from'))"),
    ],
    "dwelling_outages": [
        ("id", _KEY), ("dwelling_code", _LINE), ("first_day", _DAY),
        ("last_day", _optional(_DAY + " AND {c} >= first_day")), ("reason", _optional(_LINE)),
    ],
    "stay_moves": [
        ("id", _KEY), ("stay_id", _KEY), ("from_dwelling", _LINE),
        ("to_dwelling", _LINE + " AND {c} <> from_dwelling"), ("moved_on", _DAY), ("reason", _optional(_LINE)),
    ],
    "followups": [
        ("id", _KEY), ("stay_id", _KEY), ("months", _KEY + " AND {c} IN (" + _quoted(rules.FOLLOWUP_MONTHS) + ")"),
        ("held_on", _DAY), ("outcome", _one_of(rules.Outcome)), ("method", _optional(_one_of(rules.Method))),
        ("note", _optional(_NOTE)),
    ],
    "audit": [
        ("id", _KEY),
        ("recorded_at", "typeof({c}) = 'text' AND doorstroom_plain({c}, 0) AND julianday({c}) IS NOT NULL"
                        f" AND substr({{c}}, 1, 10) BETWEEN '{DATE_MIN}' AND '{DATE_MAX}'"),
        ("business_date", _DAY), ("actor", _LINE),
        ("action", "typeof({c}) = 'text' AND {c} GLOB '[a-z]*' AND {c} NOT GLOB '*[^a-z_]*'"),
        ("household_id", _optional(_KEY)),
        ("detail", "typeof({c}) = 'text' AND CASE WHEN json_valid({c}) THEN json_type({c}) = 'object' END"),
        ("change_id", _optional(_KEY + " AND {c} < id")),
    ],
    "voids": [("audit_id", _KEY), ("undo_audit_id", _KEY + " AND {c} > audit_id")],
    "outflow_steps": [
        ("id", _KEY), ("application_id", _KEY), ("step", _one_of(rules.OutflowStep)), ("taken_on", _DAY),
        ("result", _optional(_one_of(rules.StepResult))), ("valid_until", _optional(_DAY)),
        ("corporatie", _optional(_LINE)), ("reason", _optional(_one_of(rules.RefusalReason))),
        ("note", _optional(_NOTE)),
    ],
}
# A row an undo took back (m012) passed the checks of its own table when it
# was written; its free text is emptied, and it names the entry that voided it.
for _table in VOIDABLE:
    ROW_CHECKS["voided_" + _table] = [
        *((column, "{c} IS NULL" if column in EMPTIED.get(_table, ()) else rule)
          for column, rule in ROW_CHECKS[_table]),
        ("voided_by", _KEY),
    ]


# What the rows must satisfy together, as (table, query giving the rowid of the
# first row that does not, what is wrong with it). Run after the foreign keys
# are known to hold. The last one keeps every date computation in range: a
# stay's planned departure is its start plus six weeks plus a week a row.
CONSISTENCY: list[tuple[str, str, str]] = [
    ("applications",
     "SELECT a.id FROM applications a WHERE NOT EXISTS (SELECT 1 FROM closures c WHERE c.application_id = a.id)"
     " AND NOT EXISTS (SELECT 1 FROM open_cases o WHERE o.application_id = a.id) ORDER BY a.id",
     N_("the application has no closure, but no open case either")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o JOIN closures c ON c.application_id = o.application_id"
     " ORDER BY o.application_id",
     N_("its application is closed")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o JOIN applications a ON a.id = o.application_id"
     " WHERE o.household_id IS NOT a.household_id ORDER BY o.application_id",
     N_("it names another household than its application")),
    ("open_cases",
     "SELECT o.application_id FROM open_cases o LEFT JOIN stays s ON s.application_id = o.application_id"
     " WHERE o.stay_id IS NOT s.id OR o.dwelling_code IS NOT coalesce((SELECT m.to_dwelling FROM stay_moves m"
     " WHERE m.stay_id = s.id ORDER BY m.id DESC LIMIT 1), s.dwelling_code) ORDER BY o.application_id",
     N_("its stay or dwelling is not that of its application's stay")),
    ("stay_moves",
     "SELECT m.id FROM stay_moves m JOIN stays s ON s.id = m.stay_id WHERE m.from_dwelling IS NOT"
     " coalesce((SELECT p.to_dwelling FROM stay_moves p WHERE p.stay_id = m.stay_id AND p.id < m.id"
     " ORDER BY p.id DESC LIMIT 1), s.dwelling_code) ORDER BY m.id",
     N_("the move leaves another dwelling than the stay was in")),
    ("stay_moves",
     "SELECT m.id FROM stay_moves m JOIN stays s ON s.id = m.stay_id WHERE m.moved_on < s.start"
     " OR m.moved_on < (SELECT max(p.moved_on) FROM stay_moves p WHERE p.stay_id = m.stay_id AND p.id < m.id)"
     " OR m.moved_on > (SELECT c.closed_on FROM closures c WHERE c.application_id = s.application_id)"
     " ORDER BY m.id",
     N_("the move lies before the stay began or its previous move, or after the departure")),
    ("stays",
     "SELECT s.id FROM stays s JOIN applications a ON a.id = s.application_id"
     " WHERE s.start < a.registered ORDER BY s.id",
     N_("the stay starts before its application was registered")),
    ("closures",
     "SELECT c.id FROM closures c JOIN applications a ON a.id = c.application_id"
     " WHERE c.closed_on < a.registered ORDER BY c.id",
     N_("the application is closed before it was registered")),
    ("closures",
     "SELECT c.id FROM closures c JOIN stays s ON s.application_id = c.application_id"
     " WHERE c.closed_on < s.start ORDER BY c.id",
     N_("the stay ends before it starts")),
    ("outflow_steps",
     "SELECT o.id FROM outflow_steps o JOIN applications a ON a.id = o.application_id"
     " WHERE o.taken_on < a.registered ORDER BY o.id",
     N_("the step of the route out lies before its application was registered")),
    ("followups",
     "SELECT f.id FROM followups f JOIN stays s ON s.id = f.stay_id WHERE NOT EXISTS (SELECT 1 FROM closures c"
     " WHERE c.application_id = s.application_id AND c.closed_on < f.held_on) ORDER BY f.id",
     N_("the follow-up does not lie after a departure from its stay")),
    ("voids",
     "SELECT v.audit_id FROM voids v JOIN audit u ON u.id = v.undo_audit_id JOIN audit a ON a.id = v.audit_id"
     " WHERE u.action <> 'undo' OR a.action = 'undo' ORDER BY v.audit_id",
     N_("it is not an undo taking back a change")),
    *((f"voided_{table}",
       f"SELECT v.id FROM voided_{table} v JOIN audit a ON a.id = v.voided_by"
       f" WHERE a.action NOT IN ({by}) OR EXISTS (SELECT 1 FROM {table} t WHERE t.id = v.id) ORDER BY v.id",
       N_("it was not voided by an undo, or its id is in use"))
      for table, by in ((table, "'undo', 'back_in_use'" if table == "dwelling_outages" else "'undo'")
                        for table in VOIDABLE)),
    ("stays",
     f"SELECT s.id FROM stays s WHERE julianday(s.start) + {rules.STAY_DAYS} + {rules.EXTENSION_DAYS}"
     " * (SELECT count(*) FROM extensions e WHERE e.stay_id = s.id)"
     f" > julianday('{rules.LAST_PLANNED_DEPARTURE.isoformat()}') ORDER BY s.id",
     N_("its extensions carry the planned departure past the last day doorstroom keeps")),
]
