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
- Rows are written as they are read, so memory does not grow with history;
  a file is written whole or not at all (files.write_private).
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date
from typing import TextIO

from .core.errors import InvalidInput
from .core.rules import Destination, planned_end

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
_FORMULA_FIRST = frozenset("=+-@\t\r\n")


def pseudonym(key: bytes, stay_id: int) -> str:
    """A stable id for a stay that reveals nothing without the database's key
    (keyed BLAKE2b, a message authentication code, truncated to 64 bits)."""
    return "V" + hashlib.blake2b(b"stay:%d" % stay_id, key=key, digest_size=8).hexdigest()


def safe_cell(value: object) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in _FORMULA_FIRST:
        text = "'" + text
    if "\r" in text or "\n" in text:
        text = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return text


_CATEGORY = {d.value: d.category.value for d in Destination}


def rows(records: Iterable[tuple], key: bytes, today: date) -> Iterator[tuple]:
    """The data rows from ``Store.stay_rows``; ``today`` counts the days of
    stays that are still active.

    Cells that come from stored text (the dwelling code) or could be negative
    go through ``safe_cell``; the others cannot start a formula by
    construction: hex pseudonyms, ISO dates, slugs that the schema restricts
    to a fixed list, and counts that are never negative.
    """
    day = date.fromisoformat
    dwellings: dict[str, str] = {}  # a few codes, each made safe once
    for (stay_id, dwelling, registered, start, departure, destination,
         alternative, urgency, adults, children, weeks) in records:
        begun = day(start)
        ended = day(departure) if departure else None
        days = ((ended or today) - begun).days
        waited = (begun - day(registered)).days
        if dwelling not in dwellings:
            dwellings[dwelling] = safe_cell(dwelling)
        yield (
            pseudonym(key, stay_id),
            dwellings[dwelling],
            start,
            planned_end(begun, weeks).isoformat(),
            departure or "",
            "vertrokken" if ended else "actief",
            days if days >= 0 else safe_cell(days),
            weeks,
            destination or "",
            _CATEGORY[destination] if destination else "",
            alternative,
            adults,
            children,
            urgency,
            waited if waited >= 0 else safe_cell(waited),
        )


def check_delimiter(delimiter: str) -> str:
    if delimiter not in DELIMITERS:
        raise InvalidInput(
            "The delimiter must be ';' or ',', not '{delimiter}'.",
            delimiter=delimiter,
        )
    return delimiter


def write(stream: TextIO, data: Iterable, delimiter: str = ";") -> int:
    """Write the BOM, the header and the rows; return the number of rows."""
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in data:
        writer.writerow(row)
        count += 1
    return count
