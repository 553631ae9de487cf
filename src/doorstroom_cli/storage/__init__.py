"""The only package that speaks SQL.

A ``Store`` opens (or creates) the one SQLite file, brings its schema up to
date, loads what is open into ``rules`` types, and writes each decision with
its audit row. Choices that matter:

- Every change happens inside ``writing()``, which begins with
  ``BEGIN IMMEDIATE``: the write lock is taken before the first read, so
  cron's ``extend --auto`` and a coordinator working at the same time
  cannot both decide on the same state and lose one of the updates.
- WAL journal, ``synchronous=FULL`` (a confirmed change survives a power
  cut), foreign keys on, and a busy timeout: a second writer waits instead
  of failing at once.
- History is appended: extensions, evaluations and departures are rows of
  their own. Only ``open_cases``, the index of what is open now, changes.
- The file is created readable by its owner only; SQLite gives the -wal and
  -shm files the same permissions. A database whose files another user
  owns or may change, or that lies on a network file system, is refused
  before SQLite opens it (``locations.check_private_files``).
- Every stored date is read back through a check that it lies in the date
  window (``dates.EARLIEST`` to ``dates.LATEST``): a row written by an older
  version with a date like 9999-12-25 is named in one sentence instead of
  crashing every command that computes with it.
- SQLite's own errors never leave this module: they become
  ``EnvironmentFailure`` (or ``InvalidInput`` for an unusable path).
The store is one class made of parts, one module each: ``connection``
(opening, the daily check, transactions, the audit row), ``queries``
(what the commands read), ``history`` (the days the records cover, the
pool of a past day), ``forecast`` (what the forecast reads), ``waiting`` (the
waitlist's history for the figures), ``writes`` (what they write),
``safekeeping`` (backup copies, purge), ``voids`` (undo: taking a change
back), ``agenda`` (what the agenda reads beside the pool), ``outflow``
(the steps of the route out), ``followups`` (aftercare: departures,
follow-ups, m014), ``wijk`` (what the own-wijk figure reads); ``checks``
turns
SQLite's failures into sentences;
``migrations`` is the schema; ``restore`` and ``candidate`` put a backup
back only when it is the tool's own; ``completion`` is what shell
completion offers.
"""

from __future__ import annotations

from .agenda import AgendaQueries
from .checks import check_database_file
from .connection import BUSY_TIMEOUT_SECONDS, INTAKE_TEXTS, MEMORY, Connection
from .completion import completion_candidates
from .followups import Followups
from .forecast import ForecastQueries
from .history import History
from .outflow import OutflowQueries
from .queries import AuditEntry, Queries
from .safekeeping import Safekeeping, names_in_copy
from .voids import Voids
from .waiting import WaitingQueries
from .wijk import WijkQueries
from .writes import Writes


class Store(Queries, History, ForecastQueries, AgendaQueries, WaitingQueries, OutflowQueries, WijkQueries, Writes,
            Followups, Voids, Safekeeping,
            Connection):
    """One open doorstroom database."""


__all__ = [
    "AuditEntry", "BUSY_TIMEOUT_SECONDS", "INTAKE_TEXTS", "MEMORY", "Store",
    "check_database_file", "completion_candidates", "names_in_copy",
]
