"""A household's story."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from ..storage import Store
from .households import _household


class Story(NamedTuple):
    """A household's timeline, for ``show``."""

    household: int
    name: str
    events: list


def show(store: Store, today: date, ref: str) -> Story:
    """Everything that happened to one household. REF is an id, the code of
    the dwelling it lives in, or a part of its name that fits only it."""
    with store.reading():
        household = _household(store, today, ref, by_name=True)
        name, events = store.household_story(household)
        series = store.followup_series(household)
        # The route out's steps among them; on one day before a departure.
        events = sorted(events + store.outflow_events(household),
                        key=lambda event: (event["date"], event["event"] in ("departed", "withdrawn")))
    return Story(household, name, _with_followups(_with_waitlist_time(events, today), series, today))


def _with_followups(events: list[dict], series, today: date) -> list[dict]:
    """The follow-ups of each departure (aftercare): ``followup`` for one
    recorded, on its day; ``followup_planned`` for one not recorded, on its
    due day, ``open`` while it can still be recorded (else it was missed, or
    the household registered again)."""
    from ..core import rules

    for departed, planned in series:
        still = {p.months for p in rules.open_followups(planned, departed, today)}
        for follow in planned:
            done = follow.recorded
            if done is not None:
                events.append({"date": done.held_on.isoformat(), "event": "followup", "months": follow.months,
                               "due": follow.due.isoformat(), "outcome": done.outcome.value,
                               "method": None if done.method is None else done.method.value, "note": done.note})
            else:
                events.append({"date": follow.due.isoformat(), "event": "followup_planned",
                               "months": follow.months, "open": follow.months in still})
    events.sort(key=lambda event: event["date"])  # stable: the story's order within a day stays
    return events


def _with_waitlist_time(events: list[dict], today: date) -> list[dict]:
    """Add the days on the waitlist: ``waited_days`` to each placement, and
    ``waiting_days`` (until today) to an application still waiting."""
    registered = None
    for event in events:
        if event["event"] == "registered":
            registered = event
        elif event["event"] in ("placed", "withdrawn") and registered is not None:
            if event["event"] == "placed":
                event["waited_days"] = (date.fromisoformat(event["date"]) - date.fromisoformat(registered["date"])).days
            registered = None
    if registered is not None:
        registered["waiting_days"] = (today - date.fromisoformat(registered["date"])).days
    return events
