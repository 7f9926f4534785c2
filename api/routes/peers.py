"""A colleague confirms a peer activity (issue 18, item 1).

The teacher asks a colleague, named by register number, to confirm a peer activity; the
colleague lists the requests made to them and confirms or declines each, with an optional
remark. Both steps are written to both files at once (domain.register.peers); the colleague's
list is the ``peer_requests`` read model.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, Depends, Response, status

from api.access import TeacherOnly, check_own_subject
from api.auth import Principal
from api.context import note_file_read
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.peers import (
    PeerActivity,
    PeerAnswerCreate,
    PeerAnswered,
    PeerRequestCreate,
    PeerRequestCreated,
    ReceivedPeerRequestOut,
    ReceivedPeerRequests,
)
from domain.commands.peers import AnswerPeerRequest, RequestPeerConfirmation
from domain.register import Context, Register
from projections import peer_requests as peer_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(prefix="/api/teachers", tags=["peers"])

Consistent = Annotated[None, Depends(min_position(peer_model.PeerRequests.name))]
WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


@router.post(
    "/{teacher_id}/activities/{activity_id}/peer-confirmation",
    status_code=status.HTTP_201_CREATED,
    response_model=PeerRequestCreated,
    responses=WRITE_ERRORS,
)
def request_peer_confirmation(
    teacher_id: str,
    activity_id: str,
    body: PeerRequestCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> PeerRequestCreated:
    """Ask a colleague, by register number, to confirm a peer activity (peer consultation,
    lesson visit, lesson development, lesson evaluation). The colleague has the term of the
    register's policy to answer (`term`, `expires_on`). Yourself, a number that is not a
    registered teacher, or an activity of another kind: 422; an open request or a
    confirmation already there: 409."""
    answer = answer_request_peer_confirmation(
        teacher_id, activity_id, body, principal, ctx, register
    )
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_request_peer_confirmation(
    teacher_id: str,
    activity_id: str,
    body: PeerRequestCreate,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> PeerRequestCreated:
    """Ask a colleague to confirm an activity of the caller's own file."""
    check_own_subject(principal, teacher_id, "file")
    command = RequestPeerConfirmation.build({**body.model_dump(), "activity_id": activity_id})
    result = register.request_peer_confirmation(teacher_id_of(teacher_id), command, ctx=ctx)
    return PeerRequestCreated.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )


def _after(values: list[object] | None) -> tuple[str, str] | None:
    if values is None:
        return None
    expires, rid = values
    if not (isinstance(expires, str) and isinstance(rid, str)):  # pragma: no cover - kinds checked
        raise ApiProblem(400, "Malformed request", "the cursor is not one this API gave out")
    return expires, rid


@router.get(
    "/{teacher_id}/peer-requests",
    response_model=ReceivedPeerRequests,
    responses=problem_responses(400, 401, 403, 503),
)
def list_peer_requests(
    teacher_id: str,
    principal: TeacherOnly,
    _consistent: Consistent,
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
) -> ReceivedPeerRequests:
    """The requests of colleagues still open for this teacher to answer, the one that expires
    first at the top: the requester's name and the activity's kind, title and date."""
    return answer_list_peer_requests(teacher_id, principal, db, page, register)


def answer_list_peer_requests(
    teacher_id: str, principal: Principal, db: Db, page: Page, register: Register
) -> ReceivedPeerRequests:
    """One page of the caller's own open requests, noted in the access log."""
    check_own_subject(principal, teacher_id, "requests")
    rows = peer_model.open_requests(
        db,
        teacher_id,
        on=register.clock(),
        after=_after(page.after(str, str)),
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    note_file_read(teacher_id)
    last = rows[-1] if rows else None
    return ReceivedPeerRequests(
        data=[
            ReceivedPeerRequestOut(
                request_id=r["request_id"],
                requester_name=r["requester_name"],
                activity=PeerActivity(
                    kind=r["activity_kind"],
                    title=r["activity_title"],
                    occurred_on=r["occurred_on"],
                ),
                requested_on=r["requested_on"],
                expires_on=r["expires_on"],
                status="open",
            )
            for r in rows
        ],
        next_cursor=encode_cursor(last["expires_on"], last["request_id"])
        if more and last
        else None,
    )


@router.post(
    "/{teacher_id}/peer-requests/{request_id}/answer",
    status_code=status.HTTP_201_CREATED,
    response_model=PeerAnswered,
    responses=WRITE_ERRORS,
)
def answer_peer_request(
    teacher_id: str,
    request_id: str,
    body: PeerAnswerCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> PeerAnswered:
    """Confirm or decline a colleague's request, with an optional remark; recorded on both
    files. After the request's last day: 409. A confirmation where the appointments do not
    show both at one board at the same time is recorded with `same_board: false` ("not at
    the same board") and counts as before."""
    answer = answer_answer_peer_request(teacher_id, request_id, body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_answer_peer_request(
    teacher_id: str,
    request_id: str,
    body: PeerAnswerCreate,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> PeerAnswered:
    """Answer a request made to the caller."""
    check_own_subject(principal, teacher_id, "requests")
    command = AnswerPeerRequest.build({**body.model_dump(), "request_id": request_id})
    result = register.answer_peer_request(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=None)
    )
    return PeerAnswered.model_validate(
        {**result.data, "version": result.version, "position": result.position}
    )
