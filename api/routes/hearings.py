"""The hearing before an adverse decision (zienswijze, Awb 4:8).

A strike-off on the registrar's own initiative starts as a proposal; the teacher gives their
view within the term; the registrar decides after it, and the decision record holds the hearing
and the view. A strike-off on the teacher's own request or death needs none (API.md,
"Decisions": the strike-off route).
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Response, status

from api.access import Registrar, TeacherOnly, check_file_access
from api.auth import PrincipalDep, forbid
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import problem_responses
from api.schemas.decisions import DecisionRecord
from api.schemas.proposals import (
    Proposal,
    ProposalCreate,
    ProposalDecisionCreate,
    ProposalWithdrawal,
    ViewCreate,
)
from domain.application import CommandResult
from domain.values import Role

router = APIRouter(tags=["decisions"])

PROPOSALS = "/api/teachers/{teacher_id}/strike-off-proposals"
WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _proposal(result: CommandResult, response: Response) -> Proposal:
    response.headers["ETag"] = f'"{result.version}"'
    return Proposal(**result.data, version=result.version, position=result.position)


@router.post(
    "/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off-proposal",
    status_code=status.HTTP_201_CREATED,
    response_model=Proposal,
    responses=WRITE_ERRORS,
)
def propose_strike_off(
    teacher_id: str,
    qualification_id: str,
    body: ProposalCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> Proposal:
    """Announce an intended strike-off; the teacher may give their view until `view_due`."""
    result = register.propose_strike_off(
        teacher_id_of(teacher_id),
        qualification_id,
        ground=body.ground,
        ctx=replace(ctx, reason=body.reason),
    )
    proposal_id = result.data["proposal_id"]
    response.headers["Location"] = f"/api/teachers/{teacher_id}/strike-off-proposals/{proposal_id}"
    return _proposal(result, response)


@router.get(
    PROPOSALS + "/{proposal_id}",
    response_model=Proposal,
    responses=problem_responses(401, 403, 404),
)
def read_proposal(
    teacher_id: str, proposal_id: str, principal: PrincipalDep, register: RegisterDep
) -> Proposal:
    """The proposal, the term and the view (the teacher, registrar, appeals, auditor)."""
    tid = teacher_id_of(teacher_id)
    teacher = register.get_teacher(tid)
    if principal.role == Role.EMPLOYER:
        raise forbid("an employer sees no strike-off proposals")
    check_file_access(principal, teacher)
    return Proposal(**register.proposal_of(tid, proposal_id), version=teacher.version)


@router.post(
    PROPOSALS + "/{proposal_id}/view",
    status_code=status.HTTP_201_CREATED,
    response_model=Proposal,
    responses=WRITE_ERRORS,
)
def give_view(
    teacher_id: str,
    proposal_id: str,
    body: ViewCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> Proposal:
    """The teacher's view on the intended strike-off, within the term (409 after it)."""
    tid = teacher_id_of(teacher_id)
    check_file_access(principal, register.get_teacher(tid), write=True)
    result = register.give_view(tid, proposal_id, view=body.view, ctx=ctx)
    return _proposal(result, response)


@router.post(
    PROPOSALS + "/{proposal_id}/decision",
    status_code=status.HTTP_201_CREATED,
    response_model=DecisionRecord,
    responses=WRITE_ERRORS,
)
def decide_proposal(
    teacher_id: str,
    proposal_id: str,
    body: ProposalDecisionCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> DecisionRecord:
    """Strike off after the hearing: once the view is in or the term has passed (409 before).
    The decision record holds the hearing and the view."""
    result = register.decide_proposal(
        teacher_id_of(teacher_id),
        proposal_id,
        effective_on=body.effective_on,
        ctx=replace(ctx, reason=body.reason),
    )
    response.headers["ETag"] = f'"{result.version}"'
    response.headers["Location"] = f"/api/decisions/{result.data['decision_id']}"
    return DecisionRecord(**result.data, version=result.version, position=result.position)


@router.post(
    PROPOSALS + "/{proposal_id}/withdrawal",
    response_model=Proposal,
    responses=WRITE_ERRORS,
)
def withdraw_proposal(
    teacher_id: str,
    proposal_id: str,
    body: ProposalWithdrawal,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> Proposal:
    """Drop an intended strike-off, with the reason on record."""
    result = register.withdraw_proposal(
        teacher_id_of(teacher_id), proposal_id, ctx=replace(ctx, reason=body.reason)
    )
    return _proposal(result, response)
