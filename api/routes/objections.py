"""Objections (bezwaar): file, list, the committee's case view, rule (docs/procedures.md,
"Objections").

The teacher concerned objects to a decision on their file; the appeals committee sees the open
objections by the day they must be ruled on (overdue ones flagged), inspects the case (the
decision record, the evidence, the criteria text, and the file since the decision), may extend
the term once, and rules. A well-founded ruling revokes the decision and restores the
qualification; the public register and staff lists follow.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from api.access import Appeals, Reviewer, TeacherOnly
from api.auth import Principal, PrincipalDep, forbid
from api.context import note_file_read
from api.deps import ContextDep, RegisterDep
from api.presenters import audit_event
from api.problems import problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.objections import (
    CriteriaText,
    ExtensionCreate,
    LatenessCreate,
    ObjectionCase,
    ObjectionCreate,
    ObjectionList,
    ObjectionListItem,
    ObjectionPublic,
    RulingAnswer,
    RulingCreate,
)
from domain.commands.objections import (
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    ObjectionRuled,
    ObjectionState,
    RuleOnObjection,
)
from domain.register import Context, Register
from domain.register.base import CommandResult
from domain.values import Role
from projections import objections as objections_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["objections"])

WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


@router.post(
    "/api/objections",
    status_code=status.HTTP_201_CREATED,
    response_model=ObjectionPublic,
    responses=WRITE_ERRORS,
)
def file_objection(
    body: ObjectionCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ObjectionPublic:
    """Object to a decision on your file: within six weeks from the day after it (Awb 6:7, 6:8,
    extended under the Algemene termijnenwet). A late objection is recorded too (`in_time`
    false, with its `excuse` if given); the committee judges the lateness (Awb 6:11)."""
    answer = answer_file_objection(body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    response.headers["Location"] = f"/api/objections/{answer.objection_id}"
    return answer


def answer_file_objection(
    body: ObjectionCreate, principal: Principal, ctx: Context, register: Register
) -> ObjectionPublic:
    """File an objection to a decision on the caller's own file."""
    decision = register.get_decision(body.decision_id)
    if principal.subject != decision["teacher_id"]:
        raise forbid("only the teacher concerned objects to a decision")
    result = register.file_objection(FileObjection.build(body.model_dump()), ctx=ctx)
    return _objection(result)


def _objection(result: CommandResult[ObjectionState]) -> ObjectionPublic:
    """The objection as a command left it (its version is the command's answer's)."""
    return ObjectionPublic.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


@router.get(
    "/api/objections",
    response_model=ObjectionList,
    responses=problem_responses(400, 401, 403, 503),
)
def list_objections(
    _: Reviewer,
    _consistent: Annotated[None, Depends(min_position(objections_model.Objections.name))],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
    status_: Annotated[
        str, Query(alias="status", pattern="^(open|ruled|all)$", description="default open")
    ] = "open",
) -> ObjectionList:
    """Objections, the one to be ruled on first at the top; `overdue` past its decide-by day."""
    return answer_list_objections(db, page, register, status_)


def answer_list_objections(db: Db, page: Page, register: Register, status_: str) -> ObjectionList:
    """One page of objections (the committee's role and consistency are the caller's)."""
    after = page.after(str, str)
    rows = objections_model.listing(
        db,
        on=register.clock(),
        status=None if status_ == "all" else status_,
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    for row in rows:
        note_file_read(row["teacher_id"])  # who objected to what is not public
    return ObjectionList(
        data=[ObjectionListItem(**r) for r in rows],
        next_cursor=encode_cursor(rows[-1]["decide_by"], rows[-1]["objection_id"])
        if more and rows
        else None,
    )


def _events(pairs: list[tuple[int, Any]]) -> list[Any]:
    return [audit_event(position, event) for position, event in pairs]


@router.get(
    "/api/objections/{objection_id}",
    response_model=ObjectionCase,
    responses=problem_responses(401, 403, 404),
)
def read_case(objection_id: str, principal: PrincipalDep, register: RegisterDep) -> ObjectionCase:
    """The case: the objection, the decision record (receipt and trace), the events it counted
    as evidence, the criteria text it applied, and everything in the file since."""
    return answer_read_case(objection_id, principal, register)


def answer_read_case(objection_id: str, principal: Principal, register: Register) -> ObjectionCase:
    """The case, if this caller may read it, noted in the access log."""
    case = register.objection_case(objection_id)
    objection = case["objection"]
    if principal.role == Role.TEACHER:
        if principal.subject != objection["teacher_id"]:
            raise forbid("a teacher sees only the cases of their own objections")
    elif principal.role not in (Role.APPEALS, Role.AUDITOR):
        raise forbid(f"the role {principal.role} may not read objection cases")
    note_file_read(objection["teacher_id"])
    criteria = case["criteria"]
    return ObjectionCase(
        objection=ObjectionPublic.model_validate(objection),
        decision=case["decision"],
        evidence=_events(case["evidence"]),
        criteria=CriteriaText.model_validate(criteria) if criteria else None,
        events_since_decision=_events(case["since"]),
    )


@router.post(
    "/api/objections/{objection_id}/extension",
    response_model=ObjectionPublic,
    responses=WRITE_ERRORS,
)
def extend_objection(
    objection_id: str,
    body: ExtensionCreate,
    _: Appeals,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ObjectionPublic:
    """Defer the ruling once by six weeks (Awb 7:10(3)), with the reason; a further deferral
    needs the objector's written `consent` and the day `until` agreed (7:10(4); 409 without)."""
    answer = answer_extend_objection(objection_id, body, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_extend_objection(
    objection_id: str, body: ExtensionCreate, ctx: Context, register: Register
) -> ObjectionPublic:
    """Defer the ruling (the committee's role is the caller's to check)."""
    command = ExtendObjection.build({**body.model_dump(), "objection_id": objection_id})
    result = register.extend_objection(command, ctx=replace(ctx, reason=body.reason))
    return _objection(result)


@router.post(
    "/api/objections/{objection_id}/lateness",
    response_model=ObjectionPublic | RulingAnswer,
    responses=WRITE_ERRORS,
)
def judge_lateness(
    objection_id: str,
    body: LatenessCreate,
    _: Appeals,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ObjectionPublic | RulingAnswer:
    """Judge a late objection (Awb 6:11): excusable, it is treated as in time (200, the
    objection); not excusable, it is declared inadmissible by a ruling with its receipt and
    remedy (201, the ruling). 409 for an objection in time or one already ruled on."""
    answer = answer_judge_lateness(objection_id, body, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    if isinstance(answer, RulingAnswer):
        response.status_code = status.HTTP_201_CREATED
    return answer


def answer_judge_lateness(
    objection_id: str, body: LatenessCreate, ctx: Context, register: Register
) -> ObjectionPublic | RulingAnswer:
    """Judge the lateness: the objection when excused, else the ruling (the committee's role
    is the caller's to check)."""
    command = JudgeLateness.build({**body.model_dump(), "objection_id": objection_id})
    result = register.judge_lateness(command, ctx=ctx)
    data = result.data
    if "ruling_id" in data:  # not excusable: the ruling
        return _ruling_answer(data, result.version, result.position)
    return ObjectionPublic.model_validate(
        {**data, "version": result.version, "position": result.position}
    )


def _ruling_answer(data: ObjectionRuled, version: int, position: int) -> RulingAnswer:
    ruling = {k: v for k, v in data.items() if k != "objection"}
    objection = ObjectionPublic.model_validate({**data["objection"], "version": version})
    return RulingAnswer.model_validate(
        {**ruling, "objection": objection, "version": version, "position": position}
    )


@router.post(
    "/api/objections/{objection_id}/ruling",
    status_code=status.HTTP_201_CREATED,
    response_model=RulingAnswer,
    responses=WRITE_ERRORS,
)
def rule(
    objection_id: str,
    body: RulingCreate,
    _: Appeals,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> RulingAnswer:
    """Rule once, a decision on the objection with its reasons and remedy (appeal to the court,
    Awb 8:1): well-founded revokes the decision and takes a new decision in its place, with its
    own receipt (Awb 7:11); unfounded and inadmissible leave it standing. A late objection is
    ruled on its merits only once its lateness is excused (409; 409 for a second ruling)."""
    answer = answer_rule(objection_id, body, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_rule(
    objection_id: str, body: RulingCreate, ctx: Context, register: Register
) -> RulingAnswer:
    """Rule on an objection (the committee's role is the caller's to check)."""
    command = RuleOnObjection.build({**body.model_dump(), "objection_id": objection_id})
    result = register.rule_on_objection(command, ctx=ctx)
    return _ruling_answer(result.data, result.version, result.position)
