"""The pool: list, change, out of use and back."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..core import rules
from ..core.texts import one_line, optional_text
from ..storage import Store


class PoolView(NamedTuple):
    """The dwellings with their residents and periods out of use."""

    today: date
    pool: rules.Pool
    outages: list


def dwellings(store: Store, today: date) -> PoolView:
    with store.reading():
        return PoolView(today, store.load_pool(today), store.outage_periods(today))


def change_dwelling(
    store: Store, today: date, code: str, *, label: str | None, wijk: str | None, max_persons: int | None
) -> rules.Dwelling:
    label = None if label is None else one_line(label, "--label")
    wijk = None if wijk is None else one_line(wijk, "--wijk")
    with store.writing(today):
        pool = store.load_pool(today)
        current = pool.dwelling(code)
        if max_persons is not None:
            rules.check_capacity_change(pool, code, max_persons)
        changed = current._replace(
            label=current.label if label is None else label,
            wijk=current.wijk if wijk is None else wijk,
            max_persons=current.max_persons if max_persons is None else max_persons,
        )
        store.update_dwelling(changed)
    return changed


def take_out_of_use(
    store: Store, today: date, code: str, first: date, last: date | None, reason: str | None
) -> rules.Dwelling:
    reason = optional_text(reason, "--reason")
    with store.writing(today):
        dwelling = rules.check_out_of_use(store.load_pool(today), code, first, last, today)
        store.add_outage(dwelling.code, first, last, reason)
    return dwelling


def bring_back_into_use(store: Store, today: date, code: str) -> rules.BackInUse:
    """Back in use from today; or, for a dwelling whose period has not begun,
    that planned period withdrawn."""
    with store.writing(today):
        back = rules.back_in_use(store.load_pool(today), code, today)
        if back.withdrawn is not None:
            store.withdraw_outage(back.dwelling.code, back.withdrawn)
        else:
            store.end_outage(back.dwelling.code, today)
    return back
