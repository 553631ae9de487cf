"""The organisation's name for the report's page, from ``organisatie.txt``.

The coordinator writes the name once, on one line, in a file
``organisatie.txt`` in the folder of the database (for example
"Gemeente Enschede"). The page shows it in its title; without the file
the page has no name in it. Only the first line counts, at most 120
characters; it is shown escaped, as any text from outside.
"""

from __future__ import annotations

from pathlib import Path

from .core.texts import printable

FILE_NAME = "organisatie.txt"
MOST_CHARACTERS = 120


def read(database: str | Path) -> str | None:
    """The name in ``organisatie.txt`` beside ``database``, or None."""
    if str(database) == ":memory:":
        return None
    try:
        text = (Path(database).parent / FILE_NAME).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # no file (or not text): a page without a name
    lines = text.strip().splitlines()
    name = printable(lines[0].strip())[:MOST_CHARACTERS] if lines else ""
    return name or None
