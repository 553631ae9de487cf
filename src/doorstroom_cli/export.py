"""The CSV for the gemeente: one row per stay, no names, safe in Excel.

- Each stay carries a pseudonymous id: an HMAC of the stay's number under a
  secret kept in the database. It is the same in every export, and without
  the database nobody can link it back to a household.
- No names, addresses, birth dates, notes or agreements: only what the
  figures need (the columns are documented in docs/figures.md).
- Dutch Excel opens it as it is: UTF-8 with a byte-order mark, ``;`` between
  cells, CRLF between rows.
- No cell can start a formula or leave its cell (OWASP "CSV Injection"): a
  cell that begins with = + - @, a tab or a line break gets a leading
  apostrophe, line breaks inside a cell become spaces, and the csv module
  quotes separators and quotes.
- Rows are written as they are read, so memory does not grow with history;
  a file is written whole or not at all (files.write_private).
"""

from __future__ import annotations

import csv
import hashlib
import hmac
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from .errors import InvalidInput
from .figures import StayRecord

HEADER = [
    "verblijf_id",
    "woning",
    "startdatum",
    "geplande_vertrekdatum",
    "vertrekdatum",
    "status",
    "dagen",
    "verlengingen",
    "bestemming",
    "bestemmingscategorie",
    "alternatief",
    "volwassenen",
    "kinderen",
    "urgentie",
    "wachtdagen",
]

DELIMITERS = (";", ",")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def pseudonym(key: bytes, stay_id: int) -> str:
    """A stable id for a stay that reveals nothing without the database's key."""
    digest = hmac.new(key, f"stay:{stay_id}".encode(), hashlib.sha256).hexdigest()
    return f"V{digest[:16]}"


def safe_cell(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS):
        text = "'" + text
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def rows(stays: Iterable[StayRecord], key: bytes, today: date) -> Iterator[list[str]]:
    """The data rows; ``today`` counts the days of stays that are still active."""
    for stay in stays:
        departed = stay.departure is not None
        days = ((stay.departure if departed else today) - stay.start).days
        yield [
            safe_cell(value)
            for value in (
                pseudonym(key, stay.id),
                stay.dwelling,
                stay.start.isoformat(),
                stay.planned_departure.isoformat(),
                stay.departure.isoformat() if departed else "",
                "vertrokken" if departed else "actief",
                days,
                stay.weeks_extended,
                stay.destination.value if departed else "",
                stay.destination.category.value if departed else "",
                stay.alternative.value,
                stay.adults,
                stay.children,
                stay.urgency,
                stay.days_waited,
            )
        ]


def check_delimiter(delimiter: str) -> str:
    if delimiter not in DELIMITERS:
        raise InvalidInput(f"The delimiter must be ';' or ',', not '{delimiter}'.")
    return delimiter


def write(stream: TextIO, data: Iterable[list[str]], delimiter: str = ";") -> int:
    """Write the BOM, the header and the rows; return the number of rows."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in data:
        writer.writerow(row)
        count += 1
    return count
