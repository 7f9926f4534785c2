"""A development overview the teacher shares with their employer, by choice (issue 18, item 2).

The teacher creates, lists and revokes shares on their own file; the board lists the shares it
received (a read model) and reads one share's overview: only what is shared, computed from the
file as of reading. Every read of an overview is written to the teacher's access log. Rules and
reasons: docs/access.md, "A development overview shared by choice".
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from api import context
from api.access import Employer, TeacherOnly, check_file_access
from api.auth import Principal, PrincipalDep, forbid
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.shares import (
    ReceivedShare,
    ReceivedShares,
    Share,
    ShareCreate,
    SharedOverview,
    Shares,
    ShareWritten,
)
from domain.commands.shares import RevokeShare, ShareData, ShareOverview
from domain.register import Context, Register
from domain.register.base import CommandResult
from domain.values import Role
from policies.messages import M
from projections import shares as shares_model
from projections import staff as staff_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["shares"])
SHARES = "/api/teachers/{teacher_id}/shares"
WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _written(result: CommandResult[ShareData]) -> ShareWritten:
    return ShareWritten.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


def _own_file(principal: Principal, teacher_id: str) -> None:
    if principal.subject != teacher_id:
        raise forbid("a teacher shares only their own file")


@router.post(
    SHARES, status_code=status.HTTP_201_CREATED, response_model=ShareWritten, responses=WRITE_ERRORS
)
def create_share(
    teacher_id: str,
    body: ShareCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ShareWritten:
    """Share a development overview with one board where you have a current, confirmed
    appointment, until a day at most a year ahead (409 for any other board)."""
    answer = answer_create_share(teacher_id, body, principal, ctx, register)
    response.headers["Location"] = f"/api/teachers/{teacher_id}/shares/{answer.share_id}"
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_create_share(
    teacher_id: str, body: ShareCreate, principal: Principal, ctx: Context, register: Register
) -> ShareWritten:
    """Share an overview of the caller's own file."""
    _own_file(principal, teacher_id)
    command = ShareOverview.build(body.model_dump())
    result = register.share_overview(teacher_id_of(teacher_id), command, ctx=ctx)
    return _written(result)


@router.get(SHARES, response_model=Shares, responses=problem_responses(401, 403, 404))
def list_shares(
    teacher_id: str, principal: PrincipalDep, register: RegisterDep, response: Response
) -> Shares:
    """The teacher's shares, newest first, with their status today (the teacher; the
    registrar, appeals and auditors as for the file; never an employer)."""
    found = answer_list_shares(teacher_id, principal, register)
    response.headers["ETag"] = f'"{found.version}"'
    return found


def answer_list_shares(teacher_id: str, principal: Principal, register: Register) -> Shares:
    """The shares of a file this caller may read (never an employer)."""
    if principal.role == Role.EMPLOYER:
        raise forbid("an employer reads only the shares it received")
    teacher = register.get_teacher(teacher_id_of(teacher_id))
    check_file_access(principal, teacher)
    return Shares(
        data=[Share.model_validate(s) for s in register.shares_of(teacher)], version=teacher.version
    )


@router.post(SHARES + "/{share_id}/revocation", response_model=ShareWritten, responses=WRITE_ERRORS)
def revoke_share(
    teacher_id: str,
    share_id: str,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ShareWritten:
    """Revoke a share: from this moment the board reads nothing of it."""
    answer = answer_revoke_share(teacher_id, share_id, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_revoke_share(
    teacher_id: str, share_id: str, principal: Principal, ctx: Context, register: Register
) -> ShareWritten:
    """Revoke a share of the caller's own file."""
    _own_file(principal, teacher_id)
    result = register.revoke_share(
        teacher_id_of(teacher_id), RevokeShare(share_id=share_id), ctx=ctx
    )
    return _written(result)


@router.get(
    "/api/employers/{board_number}/shares",
    response_model=ReceivedShares,
    responses=problem_responses(400, 401, 403, 503),
)
def received_shares(
    board_number: str,
    principal: Employer,
    _consistent: Annotated[
        None, Depends(min_position(shares_model.Shares.name, staff_model.Staff.name))
    ],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
) -> ReceivedShares:
    """The overviews teachers shared with this board that are in force today, ending first."""
    return answer_received_shares(board_number, principal, db, page, register)


def answer_received_shares(
    board_number: str, principal: Principal, db: Db, page: Page, register: Register
) -> ReceivedShares:
    """One page of the caller's own board's shares (consistency is the caller's)."""
    if principal.subject != board_number:
        raise forbid("an employer sees only the shares its own board received")
    after = page.after(str, str)
    rows = shares_model.received(
        db,
        board_number,
        on=register.clock(),
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    last = rows[-1] if rows else None
    return ReceivedShares(
        data=[ReceivedShare(**r) for r in rows],
        next_cursor=encode_cursor(last["until"], last["share_id"]) if more and last else None,
    )


@router.get(
    "/api/employers/{board_number}/shares/{share_id}",
    response_model=SharedOverview,
    responses=problem_responses(400, 401, 403, 404, 503),
)
def read_shared_overview(
    board_number: str,
    share_id: str,
    principal: Employer,
    _consistent: Annotated[None, Depends(min_position(shares_model.Shares.name))],
    db: ReadDbDep,
    register: RegisterDep,
) -> SharedOverview:
    """One share's overview, only what is shared, as of today; 404 once revoked or ended.
    Each read is written to the teacher's access log."""
    return answer_read_shared_overview(board_number, share_id, principal, db, register)


def answer_read_shared_overview(
    board_number: str, share_id: str, principal: Principal, db: Db, register: Register
) -> SharedOverview:
    """One share's overview for the caller's own board, noted in the access log."""
    if principal.subject != board_number:
        raise forbid("an employer reads only the shares its own board received")
    teacher_id = shares_model.teacher_of(db, board_number, share_id)
    if teacher_id is None:
        raise ApiProblem(
            404, "Not found", M.BOARD_NO_SHARE(board_number=board_number, share_id=share_id)
        )
    overview = register.shared_overview(teacher_id_of(teacher_id), share_id, board_number)
    context.note_file_read(teacher_id)
    return SharedOverview(**overview)
