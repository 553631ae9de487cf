"""agenda: what falls due on each day of a period; reads only."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..core import agenda as plan
from ..core import rules
from ..core.dates import dutch
from ..core.errors import InvalidInput
from ..core.texts import check
from ..storage import Store


class Agenda(NamedTuple):
    """The items of a period, and the names of the households in it when
    they were asked for (``names`` is None otherwise)."""

    first: date
    last: date
    items: list[plan.Item]
    names: dict[int, str] | None


def agenda(
    store: Store,
    today: date,
    *,
    first: date | None = None,
    days: int = rules.AGENDA_DAYS,
    wijkcoach: str | None = None,
    names: bool = False,
) -> Agenda:
    """The agenda from ``first`` (default today) for ``days`` days. It looks
    ahead from what is open now, so it begins today or later."""
    first = today if first is None else first
    if first < today:
        raise InvalidInput(
            "The agenda looks ahead from what is open now: --from is today ({today}) or later, not {first}.",
            today=dutch(today),
            first=dutch(first),
        )
    first, last = plan.period(first, days)
    if wijkcoach is not None:
        wijkcoach = check(wijkcoach, "--wijkcoach").strip()
        if not wijkcoach:
            raise InvalidInput("{what} cannot be empty; leave the option out instead.", what="--wijkcoach")
    with store.reading():
        pool = store.load_pool(today)
        held, coaches = store.open_stay_details()
        outages = store.outages_from(first)
        named = store.open_names() if names else None
        since = store.aftercare_from()
        followups = store.followups_open(first, since, last)
        steps = store.outflow_steps_for([stay.application.id for stay in pool.stays])
    dates = {stay.id: rules.route_dates(steps.get(stay.application.id, [])) for stay in pool.stays}
    found = plan.items(
        pool, first, last, evaluations_held=held, wijkcoaches=coaches, outages=outages, wijkcoach=wijkcoach,
        route_dates=dates, followups=followups, followups_since=since,
    )
    return Agenda(first, last, found, named)
