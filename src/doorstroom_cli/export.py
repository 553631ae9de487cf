"""The CSV for the gemeente: one row per stay, no names, safe in Excel.

- Each stay carries a pseudonymous id: a keyed hash (BLAKE2b MAC) of the
  stay's number under a secret kept in the database. It is the same in every export, and without
  the database nobody can link it back to a household.
- No names, addresses, birth dates, notes or agreements: only what the
  figures need (the columns are documented in docs/figures.md).
- Dutch Excel opens it as it is: UTF-8 with a byte-order mark, ``;`` between
  cells, CRLF between rows.
- No cell can start a formula or leave its cell (OWASP "CSV Injection"): a
  cell that begins with = + - @, a tab or a line break gets a leading
  apostrophe, line breaks inside a cell become spaces, and the csv module
  quotes separators and quotes.
- A period that has ended is described as it was on its last day (a later
  departure, destination or extension is left out; days and nights count up
  to that day), so its export is the same bytes on any later day.
- Rows are written as they are read, so memory does not grow with history;
  a file is written whole or not at all (files.write_private).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from itertools import islice, repeat
from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple, TextIO

from .core.errors import InvalidInput
from .core.rules.terms import FOLLOWUP_MONTHS

if TYPE_CHECKING:
    from .figures import StayRecord

DELIMITERS = (";", ",")

# The US HMIS destination groups (rules.Category) in the Dutch the rest of
# the CSV speaks; docs/figures.md gives the meaning of each.
CATEGORY_IN_CSV = {"permanent": "vast", "temporary": "tijdelijk", "institutional": "instelling", "other": "anders"}
_FORMULA_FIRST = frozenset("=+-@\t\r\n")


def pseudonym(key: bytes, stay_id: int) -> str:
    """A stable id for a stay that reveals nothing without the database's key
    (keyed BLAKE2b, a message authentication code, truncated to 64 bits)."""
    return "V" + hashlib.blake2b(b"stay:%d" % stay_id, key=key, digest_size=8).hexdigest()


def _pseudonyms(key: bytes) -> Callable[[int], str]:
    """``pseudonym`` with the key's block hashed once: each stay then copies
    that state, which halves the cost of an id in a large export."""
    keyed = hashlib.blake2b(key=key, digest_size=8)

    def pseudonym_of(stay_id: int) -> str:
        hashed = keyed.copy()
        hashed.update(b"stay:%d" % stay_id)
        return "V" + hashed.hexdigest()

    return pseudonym_of


def safe_cell(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_FIRST:
        text = "'" + text
    if "\r" in text or "\n" in text:
        text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return text


class _Cells(dict):
    """Values made into cell text once each, on first use (a dict's lookup
    is much cheaper than formatting the same date or code again)."""

    def __init__(self, make: Callable[[object], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: object) -> str:
        cell = self[value] = self._make(value)
        return cell


class Context:
    """What a cell needs besides its stay: the pseudonyms under the database's key, the
    day the export describes (the period's last day, or today when that is
    earlier: it counts the days of stays still active then) and the period's
    first day (the nights inside the period), and the texts of the dates and
    dwelling codes met so far. Those are bounded by the date window and the
    pool (at most 36,525 dates, whatever the number of stays), so memory
    does not grow with history."""

    __slots__ = ("pseudonym", "day", "first", "after", "dates", "dwellings", "outflow", "followups")

    def __init__(self, key: bytes, day: date, first: date = date.min, outflow: dict | None = None,
                 followups: dict | None = None) -> None:
        self.pseudonym = _pseudonyms(key)
        self.day = day
        self.first = first
        self.after = day + timedelta(days=1)  # the first day after the period: its last night's morning
        self.dates = _Cells(date.isoformat)
        self.dwellings = _Cells(safe_cell)
        self.outflow = outflow or {}
        """Per stay id: (days start to first urgentie request, days offer to key), figures_outflow.by_stay."""
        self.followups = followups or {}
        """Aftercare: the outcome slug by stay id and months, of the follow-ups held by ``day``."""


class Column(NamedTuple):
    """One column of the export: its header and how a stay fills its cell."""

    header: str
    value: Callable[[StayRecord, Context], object]


def _count(days: int) -> object:
    """A count of days; negative only when looked at before the stay began,
    and then made safe (a leading minus would start a formula)."""
    return days if days >= 0 else safe_cell(days)


def _dwellings(stay: StayRecord, context: Context) -> str:
    """The dwellings of the stay in the order it lived in them, joined by
    '>' ("W2" for a stay that never moved; moves after ``context.day``, the day the
    export describes, are not yet made)."""
    if not stay.moves:
        return context.dwellings[stay.dwelling]
    codes = [stay.dwelling, *(code for day, code in stay.moves if day <= context.day)]
    return context.dwellings[">".join(codes)]


def _followup(stay: StayRecord, context: Context, months: int) -> str:
    """What the follow-up ``months`` after the departure found (an outcome slug), or empty."""
    found = context.followups.get(stay.id)
    return found.get(months, "") if found else ""


def _nights(stay: StayRecord, context: Context) -> int:
    """Nights of the stay from the period's first day up to and including its
    last night (the departure day is no night); the same as
    ``StayRecord.nights_in`` for the period, which the report counts."""
    begin = stay.start if stay.start > context.first else context.first
    end = stay.departure if stay.departure is not None and stay.departure < context.after else context.after
    return max(0, (end - begin).days)


def _route(stay: StayRecord, context: Context, which: int) -> object:
    """One of the route out's day counts (never a corporatie or a note); empty without it."""
    days = context.outflow.get(stay.id, (None, None))[which]
    return "" if days is None else days


# Cells that come from stored text (the dwelling code) or could be negative
# go through safe_cell; the others cannot start a formula by construction:
# hex pseudonyms, ISO dates, slugs of fixed lists, counts never negative.
# docs/figures.md explains each column; tests/cli/test_export_report.py keeps
# that table and this list the same.
COLUMNS: tuple[Column, ...] = (
    Column("verblijf_id", lambda stay, context: context.pseudonym(stay.id)),
    Column("woning", lambda stay, context: context.dwellings[stay.dwelling]),
    Column("startdatum", lambda stay, context: context.dates[stay.start]),
    Column("geplande_vertrekdatum", lambda stay, context: context.dates[stay.planned_departure]),
    Column("vertrekdatum", lambda stay, context: context.dates[stay.departure] if stay.departure else ""),
    Column("status", lambda stay, context: "vertrokken" if stay.departure else "actief"),
    Column("dagen", lambda stay, context: _count(((stay.departure or context.day) - stay.start).days)),
    Column("nachten_in_periode", _nights),
    Column("verlengingen", lambda stay, context: stay.weeks_extended),
    Column("bestemming", lambda stay, context: stay.destination.value if stay.destination else ""),
    Column(
        "bestemmingscategorie",
        lambda stay, context: CATEGORY_IN_CSV[stay.destination.category.value] if stay.destination else "",
    ),
    Column("alternatief", lambda stay, context: stay.alternative.value),
    Column("volwassenen", lambda stay, context: stay.adults),
    Column("kinderen", lambda stay, context: stay.children),
    Column("urgentie", lambda stay, context: stay.urgency),
    Column("wachtdagen", lambda stay, context: _count(stay.days_waited)),
    Column("woningen", lambda stay, context: _dwellings(stay, context)),
    Column("dagen_tot_urgentieaanvraag", lambda stay, context: _route(stay, context, 0)),
    Column("dagen_aanbod_tot_sleutel", lambda stay, context: _route(stay, context, 1)),
    *(Column(f"nazorg_{months}_maanden", lambda stay, context, months=months: _followup(stay, context, months))
      for months in FOLLOWUP_MONTHS),
)

HEADER = [column.header for column in COLUMNS]


def rows(
    stays: Iterable[StayRecord],
    key: bytes,
    day: date,
    columns: tuple[Column, ...] = COLUMNS,
    first: date = date.min,
    outflow: dict | None = None,
    followups: dict | None = None,
) -> Iterator[tuple]:
    """The data rows, one per stay, each cell as ``columns`` declare it.

    The stays are as they were on ``day``, the period's last day or today
    if that is earlier (a later departure and later extensions left out:
    storage's ``stays_overlapping`` reads them so); ``day`` counts the days
    of stays still active then, and [``first``, ``day``] their nights. So a
    period that has ended gives the same rows on any later day.

    The stays are taken a few hundred at a time and each column is filled
    for all of them at once (``map``), then zipped into rows: that calls the
    same cell function many times from C and costs about a fifth less than
    calling every column for each row in turn (docs/performance.md), while
    memory holds one batch, not the history. ``outflow`` holds the route
    out's day counts per stay (``figures_outflow.by_stay``).
    """
    context = Context(key, day, first, outflow, followups)
    values = [column.value for column in columns]
    stays = iter(stays)
    while batch := list(islice(stays, _BATCH)):
        yield from zip(*[list(map(value, batch, repeat(context))) for value in values])


_BATCH = 500
"""Stays per batch in ``rows``: large enough to amortise, small enough to stay flat."""


def check_delimiter(delimiter: str) -> str:
    if delimiter not in DELIMITERS:
        raise InvalidInput(
            "The delimiter must be ';' or ',', not '{delimiter}'.",
            delimiter=delimiter,
        )
    return delimiter


def write(
    stream: TextIO, data: Iterable, delimiter: str = ";", columns: tuple[Column, ...] = COLUMNS
) -> int:
    """Write the BOM, the header of ``columns`` and the rows; return the number of rows."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    count = 0
    for row in data:
        writer.writerow(row)
        count += 1
    return count
