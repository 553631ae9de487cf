"""What the commands write: each decision of the rules as rows, with its audit row (inside ``writing()`` only)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from ..core import rules

if TYPE_CHECKING:
    pass
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
            "INSERT INTO applications (household_id, registered, urgency, alternative,"
            " adults, children, agreements, wijkcoach, referrer, wish, own_effort, needs)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                household,
                applicant.registered.isoformat(),
                applicant.urgency,
                rules.Alternative(alternative).value,
                applicant.adults,
                applicant.children,
                agreements,
                *(intake.get(field) for field in INTAKE_TEXTS),
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
        )

    def add_stay(self, placement: rules.Placement) -> int:
        application = placement.application
        stay_id = self._insert(
            "INSERT INTO stays (application_id, dwelling_code, start, out_of_order, reason)"
            " VALUES (?, ?, ?, ?, ?)",
            (
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
                "INSERT INTO extensions (stay_id, granted_on, tacit) VALUES (?, ?, ?)",
                (stay.id, granted_on.isoformat(), int(extension.tacit)),
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
            "INSERT INTO evaluations (stay_id, held_on, cooperation, note) VALUES (?, ?, ?, ?)",
            (stay.id, evaluation.held_on.isoformat(), evaluation.cooperation.value, note),
        )
        self._audit(
            "evaluate",
            stay.household,
            stay=stay.id,
            cooperation=evaluation.cooperation.value,
            note=note is not None,
        )

    def add_closure(self, departure: rules.Departure, note: str | None) -> None:
        application = departure.application
        self._execute(
            "INSERT INTO closures (application_id, closed_on, destination, note)"
            " VALUES (?, ?, ?, ?)",
            (application.id, departure.on.isoformat(), departure.destination.value, note),
        )
        self._execute("DELETE FROM open_cases WHERE application_id = ?", (application.id,))
        self._audit(
            "depart" if departure.stay is not None else "withdraw",
            application.household,
            application=application.id,
            stay=None if departure.stay is None else departure.stay.id,
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
        """Record a dwelling's new label, wijk or capacity."""
        self._execute(
            "UPDATE dwellings SET label = ?, wijk = ?, max_persons = ? WHERE code = ?",
            (dwelling.label, dwelling.wijk, dwelling.max_persons, dwelling.code),
        )
        self._audit("change_dwelling", None, dwelling=dwelling.code, max_persons=dwelling.max_persons)

    def end_outage(self, code: str, today: date) -> bool:
        """Put a dwelling back in use from today: the period that covers
        today ends yesterday (one that began today is withdrawn)."""
        yesterday = date.fromordinal(today.toordinal() - 1).isoformat()
        covering = """dwelling_code = :code AND first_day <= :today
                      AND (last_day IS NULL OR last_day >= :today)"""
        values = {"code": code, "today": today.isoformat(), "yesterday": yesterday}
        changed = self._execute(
            f"DELETE FROM dwelling_outages WHERE {covering} AND first_day = :today", values
        ).rowcount
        changed += self._execute(
            f"UPDATE dwelling_outages SET last_day = :yesterday WHERE {covering}", values
        ).rowcount
        if changed:
            self._audit("back_in_use", None, dwelling=code)
        return bool(changed)

    def add_outage(self, dwelling: str, first: date, last: date | None, reason: str | None) -> None:
        """Record a period in which a dwelling is out of use."""
        self._execute(
            "INSERT INTO dwelling_outages (dwelling_code, first_day, last_day, reason)"
            " VALUES (?, ?, ?, ?)",
            (dwelling, first.isoformat(), None if last is None else last.isoformat(), reason),
        )
        self._audit(
            "outage", None, dwelling=dwelling, first_day=first.isoformat(),
            last_day=None if last is None else last.isoformat(),
        )
