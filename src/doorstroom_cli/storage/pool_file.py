"""The pool file that ships in the package: the dwellings a new database starts with (m001)."""

from __future__ import annotations


def default_pool_rows() -> list[dict]:
    """The pool file that ships in the package (data/dwellings.csv beside this module), checked."""
    import csv
    import io
    from importlib import resources

    text = resources.files("doorstroom_cli").joinpath("data/dwellings.csv").read_text("utf-8")
    rows = []
    for line in csv.DictReader(io.StringIO(text), delimiter=";"):
        code = line["code"].strip().upper()
        if not code or code.isdigit():
            raise ValueError(f"dwelling code {code!r} must be letters (digits mean households)")
        rows.append(
            {
                "code": code,
                "label": line["label"].strip(),
                "wijk": line["wijk"].strip(),
                "max_persons": int(line["max_persons"]),
                "in_use": 1 if line["in_use"].strip().lower() in {"ja", "yes", "1"} else 0,
            }
        )
    return rows
