"""A colleague confirms a peer activity, through the pages: the teacher asks from their file,
the colleague answers on their own page of requests. Both call the functions the API's routes
answer with (same checks, same answers, same commands)."""

from __future__ import annotations

from fastapi import Response
from pydantic import ValidationError

from api.readmodels import Page, ReadDbDep
from api.routes import peers as peer_routes
from api.schemas.peers import PeerAnswerCreate, PeerRequestCreate
from api.web.access import TeacherOnly
from api.web.core import FormDep, web_router
from domain.errors import InvalidInputError

router = web_router()


@router.post("/teachers/{teacher_id}/activities/{activity_id}/peer-confirmation")
def ask_colleague(teacher_id: str, activity_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Ask a colleague, by register number, to confirm a peer activity."""
    assert web.principal is not None
    try:
        body = PeerRequestCreate(colleague_register_number=form.get("colleague_register_number"))
    except ValidationError:
        raise InvalidInputError.of(
            "colleague_register_number", web.t("peers.number_needed")
        ) from None
    peer_routes.answer_request_peer_confirmation(
        teacher_id,
        activity_id,
        body,
        web.principal,
        web.context(key=form.text("idempotency_key")),
        web.services.register,
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-activities")


@router.get("/teachers/{teacher_id}/peer-requests")
def requests_to_me(
    teacher_id: str, web: TeacherOnly, db: ReadDbDep, cursor: str | None = None
) -> Response:
    """The requests of colleagues still open for this teacher, with a form to answer each."""
    assert web.principal is not None
    found = peer_routes.answer_list_peer_requests(
        teacher_id, web.principal, db, Page(limit=100, cursor=cursor), web.services.register
    )
    return web.render(
        "peer_requests.html",
        teacher_id=teacher_id,
        requests=found,
        answered=web.request.query_params.get("answered"),
    )


@router.post("/teachers/{teacher_id}/peer-requests/{request_id}/answer")
def answer(teacher_id: str, request_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Confirm or decline a colleague's request, with an optional remark."""
    assert web.principal is not None
    try:
        body = PeerAnswerCreate.model_validate(
            {"answer": form.text("answer"), "remark": form.text("remark")}
        )
    except ValidationError:
        raise InvalidInputError.of("answer", web.t("peers.answer_needed")) from None
    done = peer_routes.answer_answer_peer_request(
        teacher_id,
        request_id,
        body,
        web.principal,
        web.context(key=form.text("idempotency_key")),
        web.services.register,
    )
    return web.redirect(f"/teachers/{teacher_id}/peer-requests?answered={done.status}")
