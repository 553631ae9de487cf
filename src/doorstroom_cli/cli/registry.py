"""Every command of the program, in the order ``--help`` lists them.

One line per command: its name, the module in this package that defines
it, and its short help. The application imports a command's module only
when that command runs (Click's lazy-loading pattern for groups), so
``status`` does not pay for ``report``, and ``--help`` lists everything
from this table alone. A new command is one line here and a module (or a
function in an existing one) that defines it with ``help=help_of(name)``.
"""

from __future__ import annotations

from typing import NamedTuple

from ..core.errors import N_
from ..i18n import _


# The groups ``--help`` lists the commands in, in that order.
GROUPS: tuple[tuple[str, str], ...] = (
    ("daily", N_("Daily work")),
    ("dwellings", N_("Dwellings")),
    ("figures", N_("Figures")),
    ("administration", N_("Administration")),
)


class Entry(NamedTuple):
    name: str
    module: str
    help: str
    group: str = "daily"


COMMANDS: tuple[Entry, ...] = (
    Entry("admit", "daily", N_("Intake: register a household and place it at once if a fitting dwelling is free.")),
    Entry("extend", "daily", N_("Extend a stay by hand, or (--auto, daily from cron) every stay that is due.")),
    Entry("evaluate", "daily", N_("Record an evaluation talk; 'onvoldoende' stops the tacit extension.")),
    Entry("move", "daily", N_("Move a household to another free dwelling that fits it; the stay goes on as it was.")),
    Entry("release", "daily", N_("Departure: end the stay today and free the dwelling (or withdraw a waiting application).")),
    Entry("outflow", "outflow", N_("Record a step of the route out: registration, urgentie, beschikking, offer, viewing, key date.")),
    Entry("followup", "followup", N_("Aftercare: record what a follow-up 3, 6 or 12 months after a departure found.")),
    Entry("undo", "undo", N_("Take back your last change of today (admit, extend, evaluate, release, move, outflow, followup, dwellings); the log keeps it, marked undone.")),
    Entry("status", "daily", N_("The daily overview: every dwelling, the waitlist and what needs attention.")),
    Entry("agenda", "agenda", N_("What falls due per day (evaluations, departures, outages, key dates, follow-ups), also as a calendar file (--ics).")),
    Entry("demo", "demo", N_("Fill a separate demo database with a made-up quarter, to try every command safely."), "administration"),
    Entry("export", "figures", N_("CSV for the gemeente: one row per stay in the period, no names, a pseudonymous id per stay."), "figures"),
    Entry("report", "figures", N_("Figures for the gemeente: occupancy, length of stay, destinations (default: last quarter)."), "figures"),
    Entry("forecast", "forecast", N_("When the waiting households are likely placed, when residents leave, and whether the pool is large enough."), "figures"),
    Entry("log", "safekeeping", N_("The audit trail, newest first: who changed what, and when (never names or notes)."), "administration"),
    Entry("backup", "safekeeping", N_("A consistent, checked, owner-only copy of the database (safe while others work)."), "administration"),
    Entry("restore", "safekeeping", N_("Replace the database with a backup; the replaced database is kept beside it."), "administration"),
    Entry("purge", "safekeeping", N_("Retention: remove names, notes and agreements of households that left before DATE."), "administration"),
    Entry("show", "show", N_("A household's story, oldest first: intake, placement, evaluations, extensions, departure.")),
    Entry("dwellings", "dwellings", N_("List the dwellings: capacity, resident, and periods out of use."), "dwellings"),
)

_BY_NAME = {entry.name: entry for entry in COMMANDS}


def entry(name: str) -> Entry | None:
    return _BY_NAME.get(name)


def help_of(name: str) -> str:
    """A command's short help in the interface's language."""
    return _(_BY_NAME[name].help)
