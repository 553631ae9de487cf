"""The report's ``own_wijk`` figure (issue 14 §3, §4; docs/figures.md): of
the placements in the period whose household had its own wijk recorded at
intake, the share that began in a dwelling of that wijk. Pure."""

from __future__ import annotations

from collections.abc import Iterable

from .core.rules import same_wijk


def own_wijk(placements: Iterable[tuple[str | None, str]]) -> dict:
    """``placements``: (the household's wijk or None, the wijk of the
    dwelling the stay began in) of each stay that began in the period.

    placements   the stays that began in the period (the report's admissions)
    with_wijk    those whose household had a wijk recorded (the denominator)
    in_own_wijk  those of them that began in a dwelling of that wijk
                 (compared as ``rules.same_wijk``: case and accents folded)
    share        in_own_wijk / with_wijk; 0.0 when no wijk was recorded
    """
    pairs = list(placements)
    recorded = [(household, dwelling) for household, dwelling in pairs if household]
    inside = sum(1 for household, dwelling in recorded if same_wijk(household, dwelling))
    return {
        "placements": len(pairs),
        "with_wijk": len(recorded),
        "in_own_wijk": inside,
        "share": inside / len(recorded) if recorded else 0.0,
    }
