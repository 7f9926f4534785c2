"""Decisions on qualifications, their records and their reproduction; a teacher's progress.

docs/decisions.md, "Decisions" and "Progress and impact". Every decision answers its
record: the receipt with legal basis, policy version, trace, reasons and objection deadline.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response, status

from api.access import Registrar, Reviewer, check_file_access
from api.access_log import AccessLog, purge_past_retention
from api.auth import Principal, PrincipalDep, forbid
from api.context import note_file_read
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.decisions import (
    DecisionRecord,
    DueReRegistration,
    DueReRegistrations,
    MoveToRegisterCreate,
    ReinstatementCreate,
    Reproduction,
    ReproductionRequest,
    ReRegistrationCreate,
    ReRegistrationProposal,
    RunDueCreate,
    RunDueReport,
    StrikeOffCreate,
)
from api.schemas.progress import Progress
from domain.commands import MoveToRegister, Reinstate, ReRegister, StrikeOff
from domain.register import Context, Register
from domain.register.base import CommandResult
from domain.values import Role
from projections import public_register as public_register_model
from projections import public_register_queries
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["decisions"])


def _access_log(request: Request) -> AccessLog:
    log: AccessLog = request.app.state.access_log
    return log


AccessLogDep = Annotated[AccessLog, Depends(_access_log)]
QUALIFICATION = "/api/teachers/{teacher_id}/qualifications/{qualification_id}"
DECIDE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _record(result: CommandResult[Any]) -> DecisionRecord:
    return DecisionRecord(**result.data, version=result.version, position=result.position)


def _record_headers(response: Response, record: DecisionRecord) -> DecisionRecord:
    response.headers["ETag"] = f'"{record.version}"'
    response.headers["Location"] = f"/api/decisions/{record.decision_id}"
    return record


@router.post(
    QUALIFICATION + "/re-registration",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRecord | ReRegistrationProposal,
    responses=DECIDE_ERRORS,
)
def re_register(
    teacher_id: str,
    qualification_id: str,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
    body: ReRegistrationCreate | None = None,
) -> DecisionRecord | ReRegistrationProposal:
    """Decide a re-registration against the criteria of the period; 409 before the period end.

    Dated the register's date (`decided_on` is not accepted). The criteria version is the one
    in force on the day the period began (or a later one that declared it governs running
    periods); the receipt says which and why. `201` with the decision record
    (`Location: /api/decisions/{decision_id}`) when the outcome is `re_registered` or
    `annotated` (a shortfall in a period that ended before 1 August 2027). Short of the
    criteria in a period that ended on or after that date the register does not strike off:
    it proposes the strike-off (`outcome: strike_off_proposed`, with `proposal_id`,
    `view_due` and the assessment; `Location` names the proposal) and the teacher is heard
    first (Awb 4:8). While that proposal is open the period is not decided
    again (`409` naming it)."""
    answer = answer_re_register(teacher_id, qualification_id, ctx, register)
    if isinstance(answer, ReRegistrationProposal):
        response.headers["ETag"] = f'"{answer.version}"'
        response.headers["Location"] = (
            f"/api/teachers/{answer.teacher_id}/strike-off-proposals/{answer.proposal_id}"
        )
        return answer
    return _record_headers(response, answer)


def answer_re_register(
    teacher_id: str, qualification_id: str, ctx: Context, register: Register
) -> DecisionRecord | ReRegistrationProposal:
    """Decide a re-registration (the registrar's role is the caller's to check)."""
    command = ReRegister(qualification_id=qualification_id)
    result = register.re_register(teacher_id_of(teacher_id), command, ctx=ctx)
    if result.data.get("outcome") == "strike_off_proposed":
        return ReRegistrationProposal(
            **result.data, version=result.version, position=result.position
        )
    return _record(result)


@router.post(
    QUALIFICATION + "/strike-off",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRecord,
    responses=DECIDE_ERRORS,
)
def strike_off(
    teacher_id: str,
    qualification_id: str,
    body: StrikeOffCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> DecisionRecord:
    """Strike a qualification off on own request or death (422 for any other ground: those go
    through a strike-off proposal and the teacher's view, Awb 4:8)."""
    return _record_headers(
        response, answer_strike_off(teacher_id, qualification_id, body, ctx, register)
    )


def answer_strike_off(
    teacher_id: str, qualification_id: str, body: StrikeOffCreate, ctx: Context, register: Register
) -> DecisionRecord:
    """Strike off on own request or death (the registrar's role is the caller's to check)."""
    command = StrikeOff.build({**body.model_dump(), "qualification_id": qualification_id})
    result = register.strike_off(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return _record(result)


@router.post(
    QUALIFICATION + "/reinstatement",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRecord,
    responses=DECIDE_ERRORS,
)
def reinstate(
    teacher_id: str,
    qualification_id: str,
    body: ReinstatementCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> DecisionRecord:
    """Reinstate a struck-off qualification; 409 unless the criteria are met again."""
    return _record_headers(
        response, answer_reinstate(teacher_id, qualification_id, body, ctx, register)
    )


def answer_reinstate(
    teacher_id: str,
    qualification_id: str,
    body: ReinstatementCreate,
    ctx: Context,
    register: Register,
) -> DecisionRecord:
    """Reinstate a qualification (the registrar's role is the caller's to check)."""
    result = register.reinstate(
        teacher_id_of(teacher_id),
        Reinstate(qualification_id=qualification_id),
        ctx=replace(ctx, reason=body.reason),
    )
    return _record(result)


@router.post(
    QUALIFICATION + "/move-to-register",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRecord,
    responses=DECIDE_ERRORS,
)
def move_to_register(
    teacher_id: str,
    qualification_id: str,
    body: MoveToRegisterCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> DecisionRecord:
    """Move a pre-registered qualification into the register once the diploma arrived."""
    return _record_headers(
        response, answer_move_to_register(teacher_id, qualification_id, body, ctx, register)
    )


def answer_move_to_register(
    teacher_id: str,
    qualification_id: str,
    body: MoveToRegisterCreate,
    ctx: Context,
    register: Register,
) -> DecisionRecord:
    """Move into the register (the registrar's role is the caller's to check)."""
    command = MoveToRegister(qualification_id=qualification_id, qualified_on=body.qualified_on)
    result = register.move_to_register(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return _record(result)


@router.post(
    "/api/decisions/run-due",
    response_model=RunDueReport,
    responses=problem_responses(400, 401, 403, 409, 422),
)
def run_due(
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    access: AccessLogDep,
    body: RunDueCreate | None = None,
) -> RunDueReport:
    """Decide every re-registration due on the register's date: each period that ended
    before it and is not decided yet, as `lerarenregister run-due` does. Safe to repeat: a
    decided period is no longer due, so a second run decides 0; with an Idempotency-Key a
    retry answers the first report. 422 when `on` names another day than the register's.
    The due-retention run comes with it, the access log's retention included (the entries
    older than the retention policy's `access_log_days` are deleted)."""
    return answer_run_due(body, ctx, register, access)


def answer_run_due(
    body: RunDueCreate | None, ctx: Context, register: Register, access: AccessLog
) -> RunDueReport:
    """Decide what is due and run the retention (the registrar's role is the caller's)."""
    on = body.on if body is not None and body.on is not None else register.clock()
    done = register.run_due_once(on, ctx=replace(ctx, reason=f"run-due {on.isoformat()}"))
    data = dict(done.data)
    if data.get("retention") is not None:
        data["retention"] = {**data["retention"], **purge_past_retention(access, register, on)}
    return RunDueReport(**data, position=done.position or register.head_position())


def _readable(principal: Principal, record: dict[str, Any]) -> None:
    """The teacher concerned, registrar, appeals and auditor read decision records."""
    if principal.role == Role.TEACHER:
        if principal.subject != record["teacher_id"]:
            raise forbid("a teacher may only read decisions on their own file")
        return
    if principal.role not in (Role.REGISTRAR, Role.APPEALS, Role.AUDITOR):
        raise forbid(f"the role {principal.role} may not read decision records")


@router.get(
    "/api/decisions/{decision_id}",
    response_model=DecisionRecord,
    responses=problem_responses(401, 403, 404),
)
def read_decision(
    decision_id: str, principal: PrincipalDep, register: RegisterDep
) -> DecisionRecord:
    """The decision record, found by id in the event store itself (no read model)."""
    return answer_read_decision(decision_id, principal, register)


def answer_read_decision(
    decision_id: str, principal: Principal, register: Register
) -> DecisionRecord:
    """The decision record if this caller may read it, noted in the access log."""
    record = register.get_decision(decision_id)
    _readable(principal, record)
    note_file_read(record["teacher_id"])  # the access log: who looked at my file
    return DecisionRecord(**record)


@router.post(
    "/api/decisions/{decision_id}/reproduction",
    response_model=Reproduction,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def reproduce(
    decision_id: str, _: Reviewer, register: RegisterDep, body: ReproductionRequest | None = None
) -> Reproduction:
    """Decide again from the recorded file version and criteria version, and compare."""
    return answer_reproduce(decision_id, register)


def answer_reproduce(decision_id: str, register: Register) -> Reproduction:
    """The reproduction (the reviewer's role is the caller's to check), noted in the log."""
    answer = register.reproduce(decision_id)
    note_file_read(answer["teacher_id"])  # the trace discloses the file's evidence
    return Reproduction.model_validate(answer)


@router.get(
    "/api/teachers/{teacher_id}/progress",
    response_model=Progress,
    responses=problem_responses(401, 403, 404),
)
def progress(teacher_id: str, principal: PrincipalDep, register: RegisterDep) -> Progress:
    """Per qualification: hours by category, what the criteria in force require, the
    shortfall and the period end."""
    return answer_progress(teacher_id, principal, register)


def answer_progress(teacher_id: str, principal: Principal, register: Register) -> Progress:
    """Progress of a file this caller may read."""
    tid = teacher_id_of(teacher_id)
    check_file_access(principal, register.get_teacher(tid))
    return Progress(**register.progress(tid))


@router.get(
    "/api/re-registrations/due",
    response_model=DueReRegistrations,
    responses=problem_responses(400, 401, 403, 503),
)
def due_re_registrations(
    _: Registrar,
    _consistent: Annotated[None, Depends(min_position(public_register_model.PublicRegister.name))],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
) -> DueReRegistrations:
    """The registrar's work list: registered qualifications whose period ended before today
    and that are not decided yet, the oldest period end first, with how many there are."""
    return answer_due_re_registrations(db, page, register)


def answer_due_re_registrations(db: Db, page: Page, register: Register) -> DueReRegistrations:
    """One page of the work list (the registrar's role and consistency are the caller's)."""
    after = page.after(str, str, int)
    rows, total = public_register_queries.due_for_re_registration(
        db,
        register.clock(),
        after=(str(after[0]), str(after[1]), int(after[2])) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    last = rows[-1] if rows else None
    return DueReRegistrations(
        data=[DueReRegistration(**r) for r in rows],
        total=total,
        next_cursor=encode_cursor(
            last["period_end"].isoformat(), last["register_number"], last["seq"]
        )
        if more and last
        else None,
    )
