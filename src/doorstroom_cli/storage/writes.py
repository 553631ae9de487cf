"""What the commands write: each decision of the rules as rows, with its audit row (inside ``writing()`` only)."""

from __future__ import annotations

from datetime import date
from ..core import rules

from .connection import INTAKE_TEXTS


class Writes:
    """Writing, for a ``Store``."""

    # -- Writing (only inside writing()) ---------------------------------

    def add_application(
        self,
        name: str,
        applicant: rules.Application,
        alternative: rules.Alternative,
        agreements: str | None,
        intake: dict[str, str | None] | None = None,
        distinct_from: list[int] | None = None,
    ) -> rules.Application:
        """Register an intake (and the household if it is new); return it stored.

        ``intake`` holds the optional INTAKE_TEXTS by name. ``distinct_from``
        (given with --new-household) lists the households with the same name
        key that the coordinator said this new one is not; the audit row
        keeps their ids."""
        intake = intake or {}
        if not set(intake) <= set(INTAKE_TEXTS):
            raise ValueError(f"unknown intake fields: {sorted(set(intake) - set(INTAKE_TEXTS))}")
        household = applicant.household
        if household is None:
            household = self._insert(
                "INSERT INTO households (name, name_key) VALUES (?, ?)",
                (rules.household_name(name), rules.household_key(name)),
            )
        application_id = self._insert(
            "INSERT INTO applications (id, household_id, registered, urgency, alternative,"
            " adults, children, agreements, wijkcoach, referrer, wish, own_effort, needs, wijk)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                self._fresh_id("applications"),
                household,
                applicant.registered.isoformat(),
                applicant.urgency,
                rules.Alternative(alternative).value,
                applicant.adults,
                applicant.children,
                agreements,
                *(intake.get(field) for field in INTAKE_TEXTS),
                applicant.wijk,
            ),
        )
        self._execute(
            "INSERT INTO open_cases (application_id, household_id) VALUES (?, ?)",
            (application_id, household),
        )
        self._audit(
            "register",
            household,
            application=application_id,
            urgency=applicant.urgency,
            persons=applicant.persons,
            alternative=rules.Alternative(alternative).value,
            readmission=applicant.household is not None,
            **({} if distinct_from is None else {"distinct_from": distinct_from}),
        )
        return rules.Application(
            application_id,
            household,
            applicant.registered,
            applicant.urgency,
            applicant.adults,
            applicant.children,
            applicant.wijk,
        )

    def add_stay(self, placement: rules.Placement) -> int:
        application = placement.application
        stay_id = self._insert(
            "INSERT INTO stays (id, application_id, dwelling_code, start, out_of_order, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (
                self._fresh_id("stays"),
                application.id,
                placement.dwelling,
                placement.start.isoformat(),
                int(placement.out_of_order),
                placement.reason,
            ),
        )
        self._execute(
            "UPDATE open_cases SET stay_id = ?, dwelling_code = ? WHERE application_id = ?",
            (stay_id, placement.dwelling, application.id),
        )
        self._audit(
            "place",
            application.household,
            application=application.id,
            stay=stay_id,
            dwelling=placement.dwelling,
            start=placement.start.isoformat(),
            out_of_order=placement.out_of_order,
            **({} if placement.passed_over is None else {"passed_over": placement.passed_over}),
        )
        return stay_id

    def add_extension(self, extension: rules.Extension) -> None:
        stay = extension.stay
        for granted_on in extension.weeks:
            self._execute(
                "INSERT INTO extensions (id, stay_id, granted_on, tacit) VALUES (?, ?, ?, ?)",
                (self._fresh_id("extensions"), stay.id, granted_on.isoformat(), int(extension.tacit)),
            )
        self._audit(
            "extend",
            stay.household,
            stay=stay.id,
            dwelling=stay.dwelling,
            weeks=len(extension.weeks),
            tacit=extension.tacit,
            old_end=extension.old_end.isoformat(),
            new_end=extension.new_end.isoformat(),
        )

    def add_evaluation(self, evaluation: rules.Evaluation, note: str | None) -> None:
        stay = evaluation.stay
        self._execute(
            "INSERT INTO evaluations (id, stay_id, held_on, cooperation, note) VALUES (?, ?, ?, ?, ?)",
            (self._fresh_id("evaluations"), stay.id, evaluation.held_on.isoformat(), evaluation.cooperation.value, note),
        )
        self._audit(
            "evaluate",
            stay.household,
            stay=stay.id,
            cooperation=evaluation.cooperation.value,
            note=note is not None,
        )

    def add_move(self, move: rules.Move) -> int:
        """A stay moves to another dwelling: a row of its own (the stay's row
        keeps where it began), the open case follows it. The audit row names
        the move's id, so it can be pointed at (and voided) later; the reason
        may be personal text, so it says only whether one was given."""
        stay = move.stay
        move_id = self._insert(
            "INSERT INTO stay_moves (id, stay_id, from_dwelling, to_dwelling, moved_on, reason)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (self._fresh_id("stay_moves"), stay.id, move.source, move.target, move.day.isoformat(), move.reason),
        )
        self._execute(
            "UPDATE open_cases SET dwelling_code = ? WHERE stay_id = ?",
            (move.target, stay.id),
        )
        self._audit(
            "move",
            stay.household,
            move=move_id,
            stay=stay.id,
            **{"from": move.source, "to": move.target},
            reason=move.reason is not None,
        )
        return move_id

    def add_closure(self, departure: rules.Departure, note: str | None) -> None:
        application = departure.application
        self._execute(
            "INSERT INTO closures (id, application_id, closed_on, destination, note)"
            " VALUES (?, ?, ?, ?, ?)",
            (self._fresh_id("closures"), application.id, departure.on.isoformat(), departure.destination.value, note),
        )
        self._execute("DELETE FROM open_cases WHERE application_id = ?", (application.id,))
        self._audit(
            "depart" if departure.stay is not None else "withdraw",
            application.household,
            application=application.id,
            stay=None if departure.stay is None else departure.stay.id,
            dwelling=None if departure.stay is None else departure.stay.dwelling,
            destination=departure.destination.value,
            note=note is not None,
        )

    def add_dwelling(self, dwelling: rules.Dwelling) -> None:
        """Add a dwelling to the pool (the benchmark's 60-dwelling region)."""
        self._execute(
            "INSERT INTO dwellings (code, label, wijk, max_persons, in_use) VALUES (?, ?, ?, ?, ?)",
            (dwelling.code, dwelling.label, dwelling.wijk, dwelling.max_persons, int(dwelling.in_use)),
        )
        self._audit("add_dwelling", None, dwelling=dwelling.code)

    def update_dwelling(self, dwelling: rules.Dwelling) -> None:
        """Record a dwelling's new label, wijk or capacity; the audit row
        keeps the old ones (a dwelling's, never a household's), for undo."""
        label, wijk, persons = self.conn.execute(
            "SELECT label, wijk, max_persons FROM dwellings WHERE code = ?", (dwelling.code,)
        ).fetchone()
        self._execute(
            "UPDATE dwellings SET label = ?, wijk = ?, max_persons = ? WHERE code = ?",
            (dwelling.label, dwelling.wijk, dwelling.max_persons, dwelling.code),
        )
        self._audit(
            "change_dwelling", None, dwelling=dwelling.code, max_persons=dwelling.max_persons,
            old_label=label, old_wijk=wijk, old_max_persons=persons,
        )

    def end_outage(self, code: str, today: date) -> bool:
        """Put a dwelling back in use from today: the period that covers
        today ends yesterday; one that began today is withdrawn (it moves to
        ``voided_dwelling_outages``, voided by this change). The audit row
        names both, with the last day each had, for undo."""
        yesterday = date.fromordinal(today.toordinal() - 1).isoformat()
        covering = self.conn.execute(
            "SELECT id, first_day, last_day FROM dwelling_outages WHERE dwelling_code = ?"
            " AND first_day <= ? AND (last_day IS NULL OR last_day >= ?) ORDER BY id",
            (code, today.isoformat(), today.isoformat()),
        ).fetchall()
        if not covering:
            return False
        withdrawn = [outage for outage, first, _ in covering if first == today.isoformat()]
        ended = [[outage, last] for outage, first, last in covering if first != today.isoformat()]
        entry = self._audit("back_in_use", None, dwelling=code, ended=ended, withdrawn=withdrawn)
        for outage in withdrawn:
            self._void_rows("dwelling_outages", "id = ?", (outage,), entry)
        for outage, _ in ended:
            self._execute("UPDATE dwelling_outages SET last_day = ? WHERE id = ?", (yesterday, outage))
        return True

    def withdraw_outage(self, code: str, period: rules.OutOfUse) -> None:
        """Cancel a planned period out of use that has not begun: it moves to
        ``voided_dwelling_outages``, voided by this change, whose audit row
        (``back_in_use``, as for a period withdrawn on its first day) names
        it for undo."""
        first, last = period.first.isoformat(), None if period.last is None else period.last.isoformat()
        (outage,) = self.conn.execute(
            "SELECT max(id) FROM dwelling_outages WHERE dwelling_code = ? AND first_day = ? AND last_day IS ?",
            (code, first, last),
        ).fetchone()
        entry = self._audit("back_in_use", None, dwelling=code, ended=[], withdrawn=[outage],
                            withdrawn_from=first, withdrawn_to=last)
        self._void_rows("dwelling_outages", "id = ?", (outage,), entry)

    def add_outage(self, dwelling: str, first: date, last: date | None, reason: str | None) -> None:
        """Record a period in which a dwelling is out of use."""
        outage = self._insert(
            "INSERT INTO dwelling_outages (id, dwelling_code, first_day, last_day, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            (self._fresh_id("dwelling_outages"), dwelling, first.isoformat(), None if last is None else last.isoformat(), reason),
        )
        self._audit(
            "outage", None, dwelling=dwelling, outage=outage, first_day=first.isoformat(),
            last_day=None if last is None else last.isoformat(),
        )
