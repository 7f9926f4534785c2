"""Registration and portfolio: the teacher's file."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from api.access import (
    LeaveRecorder,
    Registrar,
    TeacherOnly,
    TeacherOrRegistrar,
    check_file_access,
    check_write_access,
    employs,
)
from api.auth import Principal, PrincipalDep, forbid
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.presenters import teacher_file
from api.problems import problem_responses
from api.schemas.activities import ActivityCreate, ActivityCreated
from api.schemas.appointments import AppointmentCreate, AppointmentCreated
from api.schemas.common import WriteAnswer
from api.schemas.leave import LeaveApproval, LeaveCreate, LeaveCreated, LeaveRejection
from api.schemas.teachers import (
    Correction,
    TeacherCreate,
    TeacherCreated,
    TeacherFile,
    TeacherFound,
    TeacherLookup,
    Withdrawal,
)
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
from domain.register import Context, Register
from domain.values import Role

router = APIRouter(prefix="/api/teachers", tags=["teachers"])

WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=TeacherCreated,
    responses=problem_responses(400, 401, 403, 409, 422),
)
def admit_teacher(
    body: TeacherCreate, _: Registrar, ctx: ContextDep, register: RegisterDep, response: Response
) -> TeacherCreated:
    """Admit a person into the register (diploma) or the pre-register (otherwise)."""
    answer = answer_admit_teacher(body, ctx, register)
    _etag(response, answer.version)
    response.headers["Location"] = f"/api/teachers/{answer.teacher_id}"
    return answer


def answer_admit_teacher(body: TeacherCreate, ctx: Context, register: Register) -> TeacherCreated:
    """Admit a person (the registrar's role is the caller's to check)."""
    result = register.admit_teacher(AdmitTeacher.build(body.model_dump()), ctx=ctx)
    return TeacherCreated.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


@router.post(
    "/lookup",
    response_model=TeacherFound,
    responses=problem_responses(400, 401, 403, 404, 422),
)
def look_up(body: TeacherLookup, _: Registrar, register: RegisterDep) -> TeacherFound:
    """Find a person's file by BSN (the registrar; the BSN goes in the body so that it never
    stands in an address or a log line). 404 when no file holds it, 422 for a number that
    is not a BSN."""
    return answer_look_up(body, register)


def answer_look_up(body: TeacherLookup, register: Register) -> TeacherFound:
    """The file that holds a BSN (the registrar's role is the caller's to check)."""
    found = register.file_of_person(body.bsn.strip())
    return TeacherFound(
        teacher_id=str(found), register_number=register.get_teacher(found).register_number
    )


@router.get("/{teacher_id}", response_model=TeacherFile, responses=problem_responses(401, 403, 404))
def read_file(
    teacher_id: str, principal: PrincipalDep, register: RegisterDep, response: Response
) -> TeacherFile:
    """The file: personal data (employers see no BSN), qualifications, portfolio, decisions."""
    found = answer_read_file(teacher_id, principal, register)
    _etag(response, found.version)
    return found


def answer_read_file(teacher_id: str, principal: Principal, register: Register) -> TeacherFile:
    """The file as this caller may see it, checked (403/404) and noted in the access log."""
    teacher = register.get_teacher(teacher_id_of(teacher_id))
    check_file_access(principal, teacher)
    return teacher_file(teacher, show_bsn=principal.role != Role.EMPLOYER, today=register.clock())


def _load_for_write(register: RegisterDep, principal: Principal, teacher_id: str) -> None:
    """403 unless the caller may change this file; the command itself answers 404."""
    check_write_access(principal, teacher_id_of(teacher_id))


@router.post(
    "/{teacher_id}/activities",
    status_code=status.HTTP_201_CREATED,
    response_model=ActivityCreated,
    responses=WRITE_ERRORS,
)
def record_activity(
    teacher_id: str,
    body: ActivityCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ActivityCreated:
    """Record a professional development activity; peer activities count like any course."""
    answer = answer_record_activity(teacher_id, body, principal, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_record_activity(
    teacher_id: str, body: ActivityCreate, principal: Principal, ctx: Context, register: Register
) -> ActivityCreated:
    """Record an activity in the caller's own file."""
    _load_for_write(register, principal, teacher_id)
    command = RecordActivity.build(body.model_dump())
    result = register.record_activity(teacher_id_of(teacher_id), command, ctx=ctx)
    return ActivityCreated(
        activity_id=result.data["activity_id"], version=result.version, position=result.position
    )


@router.post(
    "/{teacher_id}/activities/{activity_id}/withdrawal",
    response_model=WriteAnswer,
    responses=WRITE_ERRORS,
)
def withdraw_activity(
    teacher_id: str,
    activity_id: str,
    body: Withdrawal,
    principal: TeacherOrRegistrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> WriteAnswer:
    """Withdraw an activity: it stays in the history and no longer counts."""
    answer = answer_withdraw_activity(teacher_id, activity_id, body, principal, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_withdraw_activity(
    teacher_id: str,
    activity_id: str,
    body: Withdrawal,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> WriteAnswer:
    """Withdraw an activity of a file the caller may change."""
    _load_for_write(register, principal, teacher_id)
    command = WithdrawActivity(activity_id=activity_id)
    result = register.withdraw_activity(
        teacher_id_of(teacher_id), command, ctx=_with_reason(ctx, body.reason)
    )
    return WriteAnswer(version=result.version, position=result.position)


@router.post(
    "/{teacher_id}/leave",
    status_code=status.HTTP_201_CREATED,
    response_model=LeaveCreated,
    responses=WRITE_ERRORS,
)
def record_leave(
    teacher_id: str,
    body: LeaveCreate,
    principal: LeaveRecorder,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> LeaveCreated:
    """Record leave. The teacher's own report is pending and extends nothing until the
    registrar approves it; leave the registrar records counts at once (``other`` only by the
    registrar). Leave an employer delivers, for a person it employs, counts at once too; when
    the teacher reported the same leave (same first and last day), that report is approved.
    Approved leave extends each period it overlaps by the overlapping days."""
    answer = answer_record_leave(teacher_id, body, principal, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_record_leave(
    teacher_id: str, body: LeaveCreate, principal: Principal, ctx: Context, register: Register
) -> LeaveCreated:
    """Record leave as this caller may (the teacher, the registrar, an employer for staff)."""
    if principal.role == Role.EMPLOYER:
        teacher = register.get_teacher(teacher_id_of(teacher_id))
        if principal.subject is None or not employs(teacher, principal.subject):
            raise forbid("an employer delivers leave only for people it currently employs")
    else:
        _load_for_write(register, principal, teacher_id)
    command = RecordLeave.build(body.model_dump())
    result = register.record_leave(
        teacher_id_of(teacher_id), command, ctx=_with_reason(ctx, body.reason)
    )
    return _leave_answer(result)


def _leave_answer(result: Any) -> LeaveCreated:
    return LeaveCreated(**result.data, version=result.version, position=result.position)


@router.post(
    "/{teacher_id}/leave/{leave_id}/approval",
    response_model=LeaveCreated,
    responses=WRITE_ERRORS,
)
def approve_leave(
    teacher_id: str,
    leave_id: str,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
    body: LeaveApproval | None = None,
) -> LeaveCreated:
    """The registrar approves pending leave: from now on it extends the periods it overlaps.
    409 when the leave is not pending."""
    answer = answer_approve_leave(teacher_id, leave_id, body, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_approve_leave(
    teacher_id: str, leave_id: str, body: LeaveApproval | None, ctx: Context, register: Register
) -> LeaveCreated:
    """Approve pending leave (the registrar's role is the caller's to check)."""
    result = register.approve_leave(
        teacher_id_of(teacher_id),
        ApproveLeave(leave_id=leave_id),
        ctx=_with_reason(ctx, body.reason if body else None),
    )
    return _leave_answer(result)


@router.post(
    "/{teacher_id}/leave/{leave_id}/rejection",
    response_model=LeaveCreated,
    responses=WRITE_ERRORS,
)
def reject_leave(
    teacher_id: str,
    leave_id: str,
    body: LeaveRejection,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> LeaveCreated:
    """The registrar rejects pending leave with a reason the teacher reads; it never counts.
    409 when the leave is not pending."""
    answer = answer_reject_leave(teacher_id, leave_id, body, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_reject_leave(
    teacher_id: str, leave_id: str, body: LeaveRejection, ctx: Context, register: Register
) -> LeaveCreated:
    """Reject pending leave (the registrar's role is the caller's to check)."""
    result = register.reject_leave(
        teacher_id_of(teacher_id),
        RejectLeave(leave_id=leave_id),
        ctx=_with_reason(ctx, body.reason),
    )
    return _leave_answer(result)


@router.post(
    "/{teacher_id}/appointments",
    status_code=status.HTTP_201_CREATED,
    response_model=AppointmentCreated,
    responses=WRITE_ERRORS,
)
def record_appointment(
    teacher_id: str,
    body: AppointmentCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> AppointmentCreated:
    """Record one appointment by hand (employers deliver in bulk through deliveries)."""
    answer = answer_record_appointment(teacher_id, body, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_record_appointment(
    teacher_id: str, body: AppointmentCreate, ctx: Context, register: Register
) -> AppointmentCreated:
    """Record one appointment (the registrar's role is the caller's to check)."""
    command = RecordAppointment.build(body.model_dump())
    result = register.record_appointment(teacher_id_of(teacher_id), command, ctx=ctx)
    return AppointmentCreated(
        appointment_id=result.data["appointment_id"],
        version=result.version,
        position=result.position,
    )


@router.post(
    "/{teacher_id}/personal-data-correction", response_model=WriteAnswer, responses=WRITE_ERRORS
)
def correct_personal_data(
    teacher_id: str,
    body: Correction,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> WriteAnswer:
    """Correct name or date of birth, with the reason on record."""
    answer = answer_correct_personal_data(teacher_id, body, ctx, register)
    _etag(response, answer.version)
    return answer


def answer_correct_personal_data(
    teacher_id: str, body: Correction, ctx: Context, register: Register
) -> WriteAnswer:
    """Correct personal data (the registrar's role is the caller's to check)."""
    command = CorrectPersonalData.build(body.model_dump())
    result = register.correct_personal_data(
        teacher_id_of(teacher_id), command, ctx=_with_reason(ctx, body.reason)
    )
    return WriteAnswer(version=result.version, position=result.position)


def _with_reason(ctx: Context, reason: str | None) -> Context:
    return Context(
        actor=ctx.actor,
        correlation_id=ctx.correlation_id,
        reason=reason,
        idempotency_key=ctx.idempotency_key,
        expected_version=ctx.expected_version,
    )
