"""Commands on the teacher's correspondence, and the reminders part of `run-due`.

The teacher sets or removes the address and opts out of (or back into) reminders; each is an
event on their `Correspondence` (domain/correspondence.py). `run-due` issues the period-end
reminders due on the register's date (`issue_reminders`), after the decisions and the due
retention (`domain.register.due`): one
`PeriodEndReminderIssued` per period and threshold, never twice (the aggregate remembers).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError
from eventsourcing.utils import get_topic

from domain.commands.correspondence import ChooseReminders, SetContactAddress, SetCorrespondence
from domain.commands.results import CorrespondenceAnswer
from domain.correspondence import Correspondence, correspondence_id_for
from domain.errors import BusyError, ConflictError
from domain.register.base import CommandResult, Context, RegisterBase
from domain.store.scans import scans_of
from domain.teacher import Teacher
from domain.values import QualificationStatus
from policies.messages import M

log = structlog.get_logger("lerarenregister.correspondence")

OPENED_TOPIC = get_topic(Correspondence.Opened)


@dataclass
class RemindersReport:
    """What one reminders run issued."""

    on: date
    correspondences_read: int = 0
    issued: dict[str, int] = field(default_factory=dict)
    conflicts: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "correspondences_read": self.correspondences_read,
            "issued": {str(k): v for k, v in sorted(self.issued.items())},
            "conflicts": self.conflicts,
        }


class CorrespondenceCommands(RegisterBase):
    """The address, the choice of reminders, and the reminders run."""

    # -- queries ------------------------------------------------------------------------------

    def correspondence_of(self, teacher_id: UUID) -> Correspondence | None:
        """The teacher's correspondence, or None when they never set anything."""
        try:
            found: Correspondence = self.repository.get(correspondence_id_for(teacher_id))
        except AggregateNotFoundError:
            return None
        return found

    def correspondence_ids(self) -> list[UUID]:
        """Every correspondence in the store (read from the events table by topic)."""
        return scans_of(self.recorder).first_of_topic(OPENED_TOPIC)

    # -- commands -----------------------------------------------------------------------------

    def _change_correspondence(
        self,
        teacher_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        change: Callable[[Correspondence, Teacher], None],
    ) -> CommandResult[CorrespondenceAnswer]:
        """Load (or open) the teacher's correspondence, change it, save it once."""
        teacher = self.get_teacher(teacher_id)
        if teacher.erased_on is not None:
            raise ConflictError(M.FILE_ERASED())

        def run() -> tuple[list[Aggregate], CommandResult[CorrespondenceAnswer]]:
            current = self.correspondence_of(teacher_id)
            if current is None:
                current = Correspondence.open(teacher_id, ctx.actor, ctx.correlation_id)
            change(current, teacher)
            return [current], CommandResult(
                current.id, current.version, 0, self._correspondence_data(current)
            )

        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise BusyError(M.FILE_CHANGED_CONCURRENTLY()) from None
        if result.position == 0:  # nothing changed: answer where the log stands
            result = CommandResult(
                result.aggregate_id, result.version, self.head_position(), result.data
            )
        log.info(
            "correspondence_changed",
            teacher_id=str(teacher_id),
            version=result.version,
            position=result.position,
            correlation_id=ctx.correlation_id,
        )
        return result

    @staticmethod
    def _correspondence_data(c: Correspondence | None) -> CorrespondenceAnswer:
        return {
            "address": c.address if c else None,
            "reminders": c.reminders if c else True,
        }

    def set_contact_address(
        self, teacher_id: UUID, command: SetContactAddress, *, ctx: Context
    ) -> CommandResult[CorrespondenceAnswer]:
        """Set the address the register writes to (None or empty removes it)."""
        payload = command.payload(teacher=str(teacher_id))

        def change(c: Correspondence, teacher: Any) -> None:
            _set_address(c, command.address, teacher, ctx)

        return self._change_correspondence(teacher_id, ctx, payload, change)

    def set_correspondence(
        self, teacher_id: UUID, command: SetCorrespondence, *, ctx: Context
    ) -> CommandResult[CorrespondenceAnswer]:
        """Both at once, in one write (the page's form and `PUT .../correspondence`)."""
        payload = command.payload(teacher=str(teacher_id))

        def change(c: Correspondence, teacher: Any) -> None:
            _set_address(c, command.address, teacher, ctx)
            c.choose_reminders(command.reminders, ctx.actor, ctx.reason, ctx.correlation_id)

        return self._change_correspondence(teacher_id, ctx, payload, change)

    def choose_reminders(
        self, teacher_id: UUID, command: ChooseReminders, *, ctx: Context
    ) -> CommandResult[CorrespondenceAnswer]:
        """Opt out of (or back into) reminders; decisions and hearings are sent regardless."""
        payload = command.payload(teacher=str(teacher_id))

        def change(c: Correspondence, _teacher: Any) -> None:
            c.choose_reminders(command.wanted, ctx.actor, ctx.reason, ctx.correlation_id)

        return self._change_correspondence(teacher_id, ctx, payload, change)


def _set_address(c: Correspondence, address: str | None, teacher: Any, ctx: Context) -> None:
    """Set the address, or remove it when it is None or empty."""
    if address is None or not address.strip():
        c.remove_address(ctx.actor, ctx.reason, ctx.correlation_id)
    else:
        c.set_address(address, teacher.name, ctx.actor, ctx.reason, ctx.correlation_id)


def issue_reminders(register: RegisterBase, on: date, *, ctx: Context) -> RemindersReport:
    """Issue every period-end reminder due on `on`; idempotent (an issued reminder is
    remembered), one write per correspondence that changed. The third step of the due run
    (`domain.register.due`), after the decisions and the due retention."""
    report = RemindersReport(on=on)
    for correspondence_id in scans_of(register.recorder).first_of_topic(OPENED_TOPIC):
        report.correspondences_read += 1
        try:
            c: Correspondence = register.repository.get(correspondence_id)
            if c.address is None or not c.reminders:
                continue
            teacher = register.get_teacher(c.teacher_id)
        except (AggregateNotFoundError, ConflictError):
            continue
        if teacher.erased_on is not None:
            continue
        issued: list[int] = []
        for q in teacher.qualifications.values():
            if q.status != QualificationStatus.REGISTERED:
                continue
            months = c.issue_reminder(
                q.qualification_id,
                teacher.period_end(q.qualification_id),
                on,
                ctx.actor,
                ctx.correlation_id,
            )
            if months is not None:
                issued.append(months)
        if not issued:
            continue
        try:
            register._save(c)
        except IntegrityError:
            report.conflicts += 1  # changed meanwhile: the next run issues it
            continue
        for months in issued:
            report.issued[str(months)] = report.issued.get(str(months), 0) + 1
    log.info("reminders_issued", **report.to_dict())
    return report
