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
NamedTuples, like the rules' types: immutable, and about six times
cheaper to define, which every command pays at start-up.

The namespace is lazy: a name's module is imported the first time the name
is asked for (``service.status`` imports ``daily`` only), so a command does
not pay for the other families at start-up (docs/performance.md). A new
function is one entry in ``_FROM`` below.
"""

from __future__ import annotations

import importlib
import sys
import types

# Each public name and the module of this package that defines it.
_FROM = {
    "Agenda": "agenda", "agenda": "agenda",
    **dict.fromkeys(
        ["INTAKE_OPTIONS", "Admission", "Overview", "admit", "evaluate", "extend", "extend_auto", "move",
         "place_next", "release", "status"], "daily",
    ),
    **dict.fromkeys(["PoolView", "bring_back_into_use", "change_dwelling", "dwellings", "take_out_of_use"], "dwellings"),
    **dict.fromkeys(["Report", "export", "report"], "figures"),
    **dict.fromkeys(["Outlook", "backtest", "forecast"], "forecast"),
    "followup": "followup",
    **dict.fromkeys(["Recorded", "outflow"], "outflow"),
    **dict.fromkeys(["AuditEntry", "Backup", "Copy", "Purge", "Restoration", "backup", "log", "purge", "restore"],
                    "safekeeping"),
    **dict.fromkeys(["Story", "show"], "show"),
    **dict.fromkeys(["Undoing", "undo"], "undo"),
}

__all__ = sorted(_FROM)


def __getattr__(name: str):
    module = _FROM.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_FROM})


class _Namespace(types.ModuleType):
    """The package, which keeps a function that shares its module's name.

    Importing a submodule (``from ..service.forecast import MOST_RUNS``)
    sets the package's attribute of that name to the module; seven functions
    share their module's name (agenda, dwellings, followup, forecast, outflow, show, undo), so
    ``service.forecast`` stays the function."""

    def __setattr__(self, name: str, value) -> None:
        if _FROM.get(name) == name and isinstance(value, types.ModuleType):
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Namespace
