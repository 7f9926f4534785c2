"""The teacher's file: admission, personal data, appointments, leave and the portfolio."""

from __future__ import annotations

import uuid
from uuid import UUID

import structlog
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.commands import (
    AdmitTeacher,
    ApproveLeave,
    CorrectPersonalData,
    RecordActivity,
    RecordAppointment,
    RecordLeave,
    RejectLeave,
    WithdrawActivity,
)
from domain.commands.results import (
    ActivityAnswer,
    Admitted,
    AppointmentRecorded,
    LeaveAnswer,
    Nothing,
)
from domain.errors import ConflictError, DuplicatePersonError
from domain.indexes import PersonIndex, RegisterNumberIndex
from domain.register.base import CommandResult, Context, RegisterBase
from domain.teacher import Teacher
from domain.values import bsn_is_valid, new_register_number, person_key
from policies.messages import M

__all__ = ["TeacherFileCommands"]

log = structlog.get_logger("lerarenregister.register")


class TeacherFileCommands(RegisterBase):
    """Admission, personal data, appointments, leave and the portfolio."""

    # -- teacher file: commands ---------------------------------------------------------------

    def prepare_admission(
        self,
        command: AdmitTeacher,
        *,
        ctx: Context,
        teacher_id: UUID | None = None,
        register_number: str | None = None,
    ) -> list[Aggregate]:
        """Build (but do not save) a new file and its index aggregates; the demo batches these."""
        today = self.clock()
        tid = teacher_id or uuid.uuid4()
        number = register_number or new_register_number(self.rng)
        bsn = command.bsn
        key = person_key(self.secret, bsn) if bsn_is_valid(bsn) else ""
        quals = [
            {**q, "qualification_id": q.get("qualification_id") or str(uuid.uuid4())}
            for q in command.qualifications
        ]
        teacher = Teacher.admit(
            teacher_id=tid,
            register_number=number,
            bsn=bsn,
            person_key=key,
            name=command.name,
            birth_date=command.birth_date,
            registered_on=command.registered_on or today,
            qualifications=quals,
            today=today,
            actor=ctx.actor,
            reason=ctx.reason,
            correlation_id=ctx.correlation_id,
        )
        return [teacher, PersonIndex.create(key, tid), RegisterNumberIndex.create(number, tid)]

    def admit_teacher(self, command: AdmitTeacher, *, ctx: Context) -> CommandResult[Admitted]:
        """Admit a person: one file per person, a fresh unique register number."""
        payload = command.payload()
        for _attempt in range(5):
            aggregates = self.prepare_admission(command, ctx=ctx)
            teacher = aggregates[0]
            assert isinstance(teacher, Teacher)
            existing = self.find_by_bsn(command.bsn)
            if existing is not None and ctx.idempotency_key is None:
                raise DuplicatePersonError(existing)
            admitted: Admitted = {
                "teacher_id": str(teacher.id),
                "register_number": teacher.register_number,
                "qualifications": [
                    {
                        "qualification_id": q.qualification_id,
                        "sector": q.sector,
                        "subject": q.subject,
                        "status": q.status,
                        "period_end": teacher.period_end(q.qualification_id).isoformat(),
                    }
                    for q in teacher.qualifications.values()
                ],
            }
            result = CommandResult(teacher.id, teacher.version, 0, admitted)

            def run(
                a: list[Aggregate] = aggregates, r: CommandResult[Admitted] = result
            ) -> tuple[list[Aggregate], CommandResult[Admitted]]:
                return a, r

            try:
                answer = self._idempotent(ctx, payload, run)
            except IntegrityError:
                if self.find_by_bsn(command.bsn) is not None:
                    raise DuplicatePersonError(self.find_by_bsn(command.bsn)) from None
                continue  # a register number collided: draw another
            if answer.aggregate_id != teacher.id:
                return answer  # a retry of an earlier request with the same key
            log.info(
                "teacher_admitted",
                teacher_id=str(teacher.id),
                position=answer.position,
                correlation_id=ctx.correlation_id,
            )
            return self.after_admission(answer, ctx)
        raise ConflictError(M.REGISTER_NUMBER_NOT_DRAWN())

    def correct_personal_data(
        self, teacher_id: UUID, command: CorrectPersonalData, *, ctx: Context
    ) -> CommandResult[Nothing]:
        def change(t: Teacher) -> Nothing:
            t.correct_personal_data(
                name=command.name,
                birth_date=command.birth_date,
                today=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {}

        payload = command.payload(id=teacher_id, reason=ctx.reason)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="personal_data_corrected"
        )

    def record_appointment(
        self, teacher_id: UUID, command: RecordAppointment, *, ctx: Context
    ) -> CommandResult[AppointmentRecorded]:
        """Record one appointment by hand; ``sector`` and ``subjects`` say what is taught."""
        fields = command.fields()
        aid = fields.pop("appointment_id") or str(uuid.uuid4())
        subjects = fields.pop("subjects")

        def change(t: Teacher) -> AppointmentRecorded:
            t.record_appointment(
                appointment_id=aid,
                **fields,
                subjects=list(subjects) if subjects is not None else None,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"appointment_id": aid}

        return self._change_teacher(
            teacher_id,
            ctx,
            command.payload(id=teacher_id),
            change,
            commutes=True,
            event_name="appointment_recorded",
            legacy=command.legacy_payload(id=teacher_id),
        )

    def record_leave(
        self, teacher_id: UUID, command: RecordLeave, *, ctx: Context
    ) -> CommandResult[LeaveAnswer]:
        new_id = str(uuid.uuid4())

        def change(t: Teacher) -> LeaveAnswer:
            leave_id = t.record_leave(
                command,
                leave_id=new_id,
                today=self.clock(),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return _leave_answer(t, leave_id)

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=True, event_name="leave_recorded"
        )

    def approve_leave(
        self, teacher_id: UUID, command: ApproveLeave, *, ctx: Context
    ) -> CommandResult[LeaveAnswer]:
        """The registrar approves leave the teacher reported; the periods it overlaps grow."""
        return self._decide_leave(teacher_id, command, ctx, approve=True)

    def reject_leave(
        self, teacher_id: UUID, command: RejectLeave, *, ctx: Context
    ) -> CommandResult[LeaveAnswer]:
        """The registrar rejects leave the teacher reported, with the reason."""
        return self._decide_leave(teacher_id, command, ctx, approve=False)

    def _decide_leave(
        self,
        teacher_id: UUID,
        command: ApproveLeave | RejectLeave,
        ctx: Context,
        *,
        approve: bool,
    ) -> CommandResult[LeaveAnswer]:
        """The registrar's decision on reported leave: approved or rejected."""

        def change(t: Teacher) -> LeaveAnswer:
            decide = t.approve_leave if approve else t.reject_leave
            decide(
                leave_id=command.leave_id,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return _leave_answer(t, command.leave_id)

        payload = command.payload(id=teacher_id)
        event_name = "leave_approved" if approve else "leave_rejected"
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=True, event_name=event_name
        )

    def record_activity(
        self, teacher_id: UUID, command: RecordActivity, *, ctx: Context
    ) -> CommandResult[ActivityAnswer]:
        """Record an activity (see :func:`record_activity`)."""
        return record_activity(self, teacher_id, command, ctx=ctx)

    def withdraw_activity(
        self, teacher_id: UUID, command: WithdrawActivity, *, ctx: Context
    ) -> CommandResult[ActivityAnswer]:
        def change(t: Teacher) -> ActivityAnswer:
            t.withdraw_activity(
                activity_id=command.activity_id,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"activity_id": command.activity_id}

        payload = command.payload(id=teacher_id, reason=ctx.reason)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=True, event_name="activity_withdrawn"
        )


def record_activity(
    register: RegisterBase, teacher_id: UUID, command: RecordActivity, *, ctx: Context
) -> CommandResult[ActivityAnswer]:
    """Record an activity; concurrent recordings for one teacher both land. The teacher's
    command, and a confirmed participation's (`domain.register.facts`).

    The offering it names (if any) is looked up as it stood on the activity's date: a
    validated one caps the hours claimed; otherwise evidence is required."""
    activity_id = str(uuid.uuid4())
    offering_id, occurred_on = command.offering_id, command.occurred_on
    terms = register.offering_terms(offering_id, occurred_on) if offering_id else None

    def change(t: Teacher) -> ActivityAnswer:
        t.record_activity(
            command,
            activity_id=activity_id,
            today=register.clock(),
            actor=ctx.actor,
            reason=ctx.reason,
            correlation_id=ctx.correlation_id,
            offering=terms,
        )
        return {"activity_id": activity_id}

    payload = command.payload(id=teacher_id)
    return register._change_teacher(
        teacher_id, ctx, payload, change, commutes=True, event_name="activity_recorded"
    )


def _leave_answer(t: Teacher, leave_id: str) -> LeaveAnswer:
    """The leave's status and every period end as they now stand (approved leave only)."""
    return {
        "leave_id": leave_id,
        "status": str(t.leaves[leave_id].status),
        "period_ends": {qid: t.period_end(qid).isoformat() for qid in t.qualifications},
    }
