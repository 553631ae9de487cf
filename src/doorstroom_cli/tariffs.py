"""The gemeente's daily tariffs of the alternatives, read from its own file.

The file has two columns, ``alternatief`` and ``dagtarief_euro``, separated
by ``;`` (data/tarieven.csv is the empty template). An empty tariff means
"not known": the report then gives no cost for that alternative. No tariff
is ever invented.
"""

from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .core.errors import InvalidInput
from .core.rules import Alternative


def read(path: Path) -> dict[Alternative, Decimal]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidInput(
            "The tariff file {path} cannot be read ({strerror}).",
            path=path,
            strerror=error.strerror,
        ) from None
    tariffs: dict[Alternative, Decimal] = {}
    for number, line in enumerate(csv.DictReader(text.splitlines(), delimiter=";"), start=2):
        slug = (line.get("alternatief") or "").strip()
        amount = (line.get("dagtarief_euro") or "").strip()
        try:
            alternative = Alternative(slug)
        except ValueError:
            raise InvalidInput(
                "Line {number} of {path}: '{slug}' is not an alternative ({choices}).",
                number=number,
                path=path,
                slug=slug,
                choices=', '.join(a.value for a in Alternative),
            ) from None
        if not amount:
            continue
        try:
            tariff = euro_amount(amount)
        except InvalidOperation:
            raise InvalidInput(
                "Line {number} of {path}: '{amount}' is not an amount in euro.",
                number=number,
                path=path,
                amount=amount,
            ) from None
        if tariff < 0 or not tariff.is_finite():
            raise InvalidInput(
                "Line {number} of {path}: a tariff cannot be '{amount}'.",
                number=number,
                path=path,
                amount=amount,
            )
        tariffs[alternative] = tariff
    return tariffs


def euro_amount(text: str) -> Decimal:
    """An amount as people write it in a Dutch spreadsheet: "60", "60,50",
    "€ 60", "EUR 60,-", "1.234,50" (or "1,234.50"). Raises InvalidOperation
    for anything else."""
    cleaned = text.strip()
    for prefix in ("€", "EUR", "eur", "Eur"):
        if cleaned.startswith(prefix):
            cleaned = cleaned[len(prefix):]
    cleaned = cleaned.replace("\u00a0", "").replace(" ", "")
    if cleaned.endswith((",-", ",–", ".-")):
        cleaned = cleaned[:-2]
    if "," in cleaned and "." in cleaned:  # the last of the two is the decimal sign
        thousands = "." if cleaned.rindex(",") > cleaned.rindex(".") else ","
        cleaned = cleaned.replace(thousands, "")
    return Decimal(cleaned.replace(",", "."))
