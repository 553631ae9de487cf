"""Finding the household a REF means, for log and show (also one that has left)."""

from __future__ import annotations

from datetime import date

from ..core import rules
from ..storage import Store


def _household(store: Store, today: date, ref: str, *, by_name: bool = False) -> int:
    """The household REF means, also one that has left: its id, the code of
    the dwelling it lives in, or (``by_name``) a part of its name that fits
    it alone. Inside a read transaction."""
    from ..core.errors import NotFound, Refused

    household = rules.household_number(ref)
    if household is not None:
        if not store.household_exists(household):
            raise NotFound(
                "There is no household {household}.",
                household=household,
            )
        return household
    pool = store.load_pool(today)
    if by_name:
        try:
            pool.dwelling(ref)
        except NotFound:
            # Compared by name key (case, width, accents folded); a name
            # that is the whole key of one household wins over households
            # whose names merely contain it (Smit beside Müller-Smit).
            matches = store.households_named_like(rules.name_key(ref))
            whole = [match for match in matches if match[2]]
            matches = whole or matches
            if not matches:
                raise NotFound(
                    "No household's name contains '{ref}'.",
                    ref=ref.strip(),
                ) from None
            if len(matches) > 1:
                listed = ", ".join(f"{number} {name}" for number, name, _ in matches[:10])
                raise Refused(
                    "'{ref}' fits several households ({listed}); give the id.",
                    ref=ref.strip(),
                    listed=listed,
                ) from None
            return matches[0][0]
    return rules.locate(pool, ref).household
