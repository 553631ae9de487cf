"""The commands as plain functions: load, decide, store, one module per
command family (daily, figures, forecast, safekeeping, dwellings, show, undo, agenda,
followup, outflow), used as one
namespace: ``service.admit``.

Each function opens one transaction on the ``Store``, loads what is open,
asks ``rules`` for the decision and writes it with its audit row. It returns
the decision for the caller to render. The command line (``cli/``) and the
property tests both drive the tool through these functions.

Service is a safe API: every text it is given is checked here (core/texts.py),
whoever calls it, so no caller can store an escape sequence or a bidi
override. A refusal names the text by the command-line option it comes
from (``--note``), which is what the coordinator typed. The results are
NamedTuples: immutable like the rules' dataclasses, and about six times
cheaper to define, which every command pays at start-up.
"""

from .agenda import Agenda, agenda
from .daily import (
    INTAKE_OPTIONS, Admission, Overview, admit, evaluate, extend, extend_auto, move, place_next, release, status,
)
from .dwellings import PoolView, bring_back_into_use, change_dwelling, dwellings, take_out_of_use
from .figures import Report, export, report
from .followup import followup
from .forecast import Outlook, backtest, forecast
from .outflow import Recorded, outflow
from .safekeeping import AuditEntry, Backup, Copy, Purge, Restoration, backup, log, purge, restore
from .show import Story, show
from .undo import Undoing, undo

__all__ = [
    "Agenda", "agenda",
    "INTAKE_OPTIONS", "Admission", "AuditEntry", "Backup", "Copy", "Outlook", "Overview", "PoolView", "Purge",
    "Report", "Restoration", "Story", "admit", "backtest", "backup", "bring_back_into_use", "change_dwelling",
    "dwellings", "evaluate", "export", "extend", "extend_auto", "followup", "forecast", "log", "move", "outflow",
    "place_next", "purge", "Recorded",
    "release", "report", "restore", "show", "status", "take_out_of_use", "Undoing", "undo",
]
