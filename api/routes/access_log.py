"""Who looked at my file: the access log, for the teacher concerned and for auditors.

Reads of the access log are not themselves logged: they disclose who read a file, not the
file, and logging them would make every look at the log grow it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, Field

from api.access import AuditorOnly
from api.access_log import Access, AccessLog
from api.auth import Principal, PrincipalDep, forbid
from api.deps import RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep
from domain.errors import InvalidInputError
from domain.register import Register
from domain.values import Role
from projections.common import encode_cursor

router = APIRouter(tags=["access log"])


class AccessPublic(BaseModel):
    """One read of a teacher's non-public data."""

    at: datetime = Field(description="when, UTC")
    teacher_id: str
    role: str = Field(description="the reader's role")
    subject: str | None = Field(description="the reader's subject: board, teacher, provider")
    token_id: str | None = Field(description="the token used (revocable with the CLI)")
    method: str
    route: str = Field(description="the route template, e.g. /api/teachers/{teacher_id}")
    status: int
    request_id: str = Field(description="the X-Request-Id of the read, to find its log lines")


class AccessesPublic(BaseModel):
    data: list[AccessPublic]
    next_cursor: str | None


def _access_log(request: Request) -> AccessLog:
    log: AccessLog = request.app.state.access_log
    return log


AccessLogDep = Annotated[AccessLog, Depends(_access_log)]


def _page(log: AccessLog, page: PageDep, teacher_id: str | None) -> AccessesPublic:
    after = page.after(int)
    before: int | None = None
    if after is not None:
        if not isinstance(after[0], int) or isinstance(after[0], bool):
            raise ApiProblem(400, "Malformed request", "the cursor is not one this API gave out")
        before = after[0]
    rows = log.read(teacher_id=teacher_id, before=before, limit=page.limit + 1)
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return AccessesPublic(
        data=[_public(r) for r in rows],
        next_cursor=encode_cursor(rows[-1].id) if more and rows else None,
    )


def _public(a: Access) -> AccessPublic:
    return AccessPublic(
        at=datetime.fromisoformat(a.at),
        teacher_id=a.teacher_id,
        role=a.role,
        subject=a.subject,
        token_id=a.token_id,
        method=a.method,
        route=a.route,
        status=a.status,
        request_id=a.request_id,
    )


@router.get(
    "/api/teachers/{teacher_id}/access-log",
    response_model=AccessesPublic,
    responses=problem_responses(400, 401, 403, 404),
)
def my_access_log(
    teacher_id: str,
    principal: PrincipalDep,
    register: RegisterDep,
    log: AccessLogDep,
    page: PageDep,
) -> AccessesPublic:
    """Who read this file, newest first: the teacher themselves and auditors may see it."""
    return answer_my_access_log(teacher_id, principal, register, log, page)


def answer_my_access_log(
    teacher_id: str, principal: Principal, register: Register, log: AccessLog, page: Page
) -> AccessesPublic:
    """One page of a file's access log, if this caller may see it."""
    tid = teacher_id_of(teacher_id)
    if principal.role == Role.TEACHER:
        if principal.subject != str(tid):
            raise forbid("a teacher may only see who read their own file")
    elif principal.role != Role.AUDITOR:
        raise forbid(f"the role {principal.role} may not read a file's access log")
    register.get_teacher(tid)  # 404 when unknown
    return _page(log, page, str(tid))


@router.get(
    "/api/audit/access-log",
    response_model=AccessesPublic,
    responses=problem_responses(400, 401, 403, 422),
)
def access_log(
    _: AuditorOnly,
    log: AccessLogDep,
    page: PageDep,
    teacher_id: Annotated[
        str | None, Query(max_length=100, description="only reads of this file")
    ] = None,
) -> AccessesPublic:
    """Every read of non-public teacher data, newest first; auditors only."""
    return answer_access_log(log, page, teacher_id)


def answer_access_log(log: AccessLog, page: Page, teacher_id: str | None) -> AccessesPublic:
    """One page of the whole log or one file's (the auditor's role is the caller's)."""
    if teacher_id is None:
        return _page(log, page, None)
    try:
        tid = UUID(teacher_id)
    except ValueError:
        raise InvalidInputError.of("teacher_id", "not a teacher id") from None
    return _page(log, page, str(tid))
