"""The flow out (issue 14 §1): writing a step with its audit row, reading
the steps back as ``rules.RouteStep``, and undo's function for a step.

A step belongs to the application that was open when it was recorded, so a
household that comes back starts a new route. The audit row names the step
and its slugs, never the corporatie's name or the note (personal text that
purge erases)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..core import rules
from .voids import Voids, takes_back

if TYPE_CHECKING:
    from .queries import AuditEntry

_SELECT = ("SELECT id, application_id, step, taken_on, result, valid_until, corporatie, reason, note"
           " FROM outflow_steps")


def _step(row) -> rules.RouteStep:
    step_id, application, kind, taken_on, result, valid_until, corporatie, reason, note = row
    return rules.RouteStep(
        rules.OutflowStep(kind), date.fromisoformat(taken_on), application,
        None if result is None else rules.StepResult(result),
        None if valid_until is None else date.fromisoformat(valid_until),
        corporatie, None if reason is None else rules.RefusalReason(reason), note, step_id,
    )


class OutflowQueries:
    """The steps of the route out, for a ``Store``."""

    def add_outflow_step(self, step: rules.RouteStep, household: int) -> int:
        """Record a checked step (inside ``writing()``) with its audit row."""
        step_id = self._insert(
            "INSERT INTO outflow_steps (id, application_id, step, taken_on, result, valid_until,"
            " corporatie, reason, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._fresh_id("outflow_steps"), step.application, step.kind.value, step.on.isoformat(),
                None if step.result is None else step.result.value,
                None if step.valid_until is None else step.valid_until.isoformat(),
                step.corporatie, None if step.reason is None else step.reason.value, step.note,
            ),
        )
        self._audit(
            "outflow", household, application=step.application, outflow=step_id, step=step.kind.value,
            date=step.on.isoformat(),
            **({} if step.result is None else {"result": step.result.value}),
            **({} if step.valid_until is None else {"valid_until": step.valid_until.isoformat()}),
            **({} if step.reason is None else {"reason": step.reason.value}),
            corporatie=step.corporatie is not None, note=step.note is not None,
        )
        return step_id

    def outflow_steps_of(self, application: int) -> list[rules.RouteStep]:
        """One application's steps, oldest first."""
        return [_step(row) for row in self.conn.execute(
            _SELECT + " WHERE application_id = ? ORDER BY taken_on, id", (application,)
        )]

    def outflow_steps_for(self, applications: list[int]) -> dict[int, list[rules.RouteStep]]:
        """The steps of these applications, by application (for status)."""
        import json

        steps: dict[int, list[rules.RouteStep]] = {}
        for row in self.conn.execute(
            _SELECT + " WHERE application_id IN (SELECT value FROM json_each(?)) ORDER BY taken_on, id",
            (json.dumps(applications),),
        ):
            step = _step(row)
            steps.setdefault(step.application, []).append(step)
        return steps

    def outflow_routes(self, first: date | None = None, last: date | None = None) -> list[tuple]:
        """(household, application, stay id or None, stay start or None, steps) of
        every application with a step dated from ``first`` to ``last`` (all
        when not given): each route whole, also its steps outside the period."""
        where = "" if first is None else " WHERE application_id IN (SELECT application_id FROM outflow_steps" \
            " WHERE taken_on BETWEEN ? AND ?)"
        parameters = () if first is None else (first.isoformat(), last.isoformat())
        steps: dict[int, list[rules.RouteStep]] = {}
        for row in self.conn.execute(_SELECT + where + " ORDER BY taken_on, id", parameters):
            step = _step(row)
            steps.setdefault(step.application, []).append(step)
        routes = []
        for application, own in sorted(steps.items()):
            household, stay, start = self.conn.execute(
                "SELECT a.household_id, s.id, s.start FROM applications a"
                " LEFT JOIN stays s ON s.application_id = a.id WHERE a.id = ?", (application,)
            ).fetchone()
            routes.append((household, application, stay, None if start is None else date.fromisoformat(start), own))
        return routes

    def outflow_events(self, household: int) -> list[dict]:
        """A household's steps as events of its story (``show``)."""
        events = []
        for row in self.conn.execute(
            _SELECT + " WHERE application_id IN (SELECT id FROM applications WHERE household_id = ?)"
            " ORDER BY taken_on, id", (household,)
        ):
            step = _step(row)
            events.append({
                "date": step.on.isoformat(), "event": "outflow", "step": step.kind.value,
                "result": None if step.result is None else step.result.value,
                "valid_until": None if step.valid_until is None else step.valid_until.isoformat(),
                "corporatie": step.corporatie, "reason": None if step.reason is None else step.reason.value,
                "note": step.note,
            })
        return events


@takes_back("outflow")
def _outflow(store: Voids, entry: AuditEntry, undo: int) -> None:
    """A step of the route out: its row goes to ``voided_outflow_steps``."""
    detail = entry.detail or {}
    if "outflow" not in detail:
        from .voids import _older

        raise _older(entry)
    store._void_rows("outflow_steps", "id = ?", (detail["outflow"],), undo)
