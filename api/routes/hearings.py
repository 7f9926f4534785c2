"""The hearing before an adverse decision (zienswijze, Awb 4:8).

A strike-off on the registrar's own initiative starts as a proposal; the teacher gives their
view within the term; the registrar decides after it, and the decision record holds the hearing
and the view. A strike-off on the teacher's own request or death needs none (docs/procedures.md,
"Hearing before an adverse decision").
"""

from __future__ import annotations

from dataclasses import replace

from fastapi import APIRouter, Response, status

from api.access import Registrar, TeacherOnly, check_file_access
from api.auth import Principal, PrincipalDep, forbid
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
from domain.commands.hearings import (
    DecideProposal,
    GiveView,
    ProposalState,
    ProposeStrikeOff,
    WithdrawProposal,
)
from domain.register import Context, Register
from domain.register.base import CommandResult
from domain.values import Role

router = APIRouter(tags=["decisions"])

PROPOSALS = "/api/teachers/{teacher_id}/strike-off-proposals"
WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _proposal(result: CommandResult[ProposalState]) -> Proposal:
    return Proposal.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


def _etag(response: Response, proposal: Proposal) -> Proposal:
    response.headers["ETag"] = f'"{proposal.version}"'
    return proposal


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
    proposal = answer_propose_strike_off(teacher_id, qualification_id, body, ctx, register)
    response.headers["Location"] = (
        f"/api/teachers/{teacher_id}/strike-off-proposals/{proposal.proposal_id}"
    )
    return _etag(response, proposal)


def answer_propose_strike_off(
    teacher_id: str, qualification_id: str, body: ProposalCreate, ctx: Context, register: Register
) -> Proposal:
    """Announce a strike-off (the registrar's role is the caller's to check)."""
    command = ProposeStrikeOff.build({**body.model_dump(), "qualification_id": qualification_id})
    result = register.propose_strike_off(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return _proposal(result)


@router.get(
    PROPOSALS + "/{proposal_id}",
    response_model=Proposal,
    responses=problem_responses(401, 403, 404),
)
def read_proposal(
    teacher_id: str, proposal_id: str, principal: PrincipalDep, register: RegisterDep
) -> Proposal:
    """The proposal, the term and the view (the teacher, registrar, appeals, auditor)."""
    return answer_read_proposal(teacher_id, proposal_id, principal, register)


def answer_read_proposal(
    teacher_id: str, proposal_id: str, principal: Principal, register: Register
) -> Proposal:
    """The proposal if this caller may read the file."""
    tid = teacher_id_of(teacher_id)
    teacher = register.get_teacher(tid)
    if principal.role == Role.EMPLOYER:
        raise forbid("an employer sees no strike-off proposals")
    check_file_access(principal, teacher)
    return Proposal.model_validate(
        {**register.proposal_of(tid, proposal_id), "version": teacher.version}
    )


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
    return _etag(
        response, answer_give_view(teacher_id, proposal_id, body, principal, ctx, register)
    )


def answer_give_view(
    teacher_id: str,
    proposal_id: str,
    body: ViewCreate,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> Proposal:
    """The view, on a file the caller may change."""
    tid = teacher_id_of(teacher_id)
    check_file_access(principal, register.get_teacher(tid), write=True)
    command = GiveView.build({**body.model_dump(), "proposal_id": proposal_id})
    result = register.give_view(tid, command, ctx=ctx)
    return _proposal(result)


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
    record = answer_decide_proposal(teacher_id, proposal_id, body, ctx, register)
    response.headers["ETag"] = f'"{record.version}"'
    response.headers["Location"] = f"/api/decisions/{record.decision_id}"
    return record


def answer_decide_proposal(
    teacher_id: str,
    proposal_id: str,
    body: ProposalDecisionCreate,
    ctx: Context,
    register: Register,
) -> DecisionRecord:
    """Strike off after the hearing (the registrar's role is the caller's to check)."""
    command = DecideProposal.build({**body.model_dump(), "proposal_id": proposal_id})
    result = register.decide_proposal(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return DecisionRecord.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


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
    return _etag(response, answer_withdraw_proposal(teacher_id, proposal_id, body, ctx, register))


def answer_withdraw_proposal(
    teacher_id: str, proposal_id: str, body: ProposalWithdrawal, ctx: Context, register: Register
) -> Proposal:
    """Withdraw a proposal (the registrar's role is the caller's to check)."""
    command = WithdrawProposal(proposal_id=proposal_id)
    result = register.withdraw_proposal(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return _proposal(result)
