"""Who may open the pages where a colleague confirms a peer activity (merged into the table of
test_web_authorisation)."""

from __future__ import annotations

from uuid import UUID

from domain.commands.peers import RequestPeerConfirmation
from domain.register import Context
from domain.values import Actor
from tests.api.test_authorisation import _peer_visit
from tests.api.web.rules_common import TEACHER, Page, WebRule, _get
from tests.api.world import World

OWN = frozenset({"teacher"})


def _ask(w: World) -> Page:
    """The world's teacher asks the other teacher to confirm a fresh lesson visit."""
    aid = _peer_visit(w, w.teacher_id)
    number = w.services.register.get_teacher(UUID(w.other_teacher_id)).register_number
    return Page(
        "POST",
        f"/teachers/{w.teacher_id}/activities/{aid}/peer-confirmation",
        {"colleague_register_number": number},
    )


def _answer(w: World) -> Page:
    """The other teacher asks the world's teacher, who confirms on their page."""
    aid = _peer_visit(w, w.other_teacher_id)
    number = w.services.register.get_teacher(UUID(w.teacher_id)).register_number
    result = w.services.register.request_peer_confirmation(
        UUID(w.other_teacher_id),
        RequestPeerConfirmation(activity_id=aid, colleague_register_number=number),
        ctx=Context(Actor("teacher", w.other_teacher_id)),
    )
    return Page(
        "POST",
        f"/teachers/{w.teacher_id}/peer-requests/{result.data['request_id']}/answer",
        {"answer": "confirmed", "remark": "Ik was erbij."},
    )


RULES: dict[tuple[str, str], WebRule] = {
    ("POST", TEACHER + "/activities/{activity_id}/peer-confirmation"): WebRule(
        OWN,
        303,
        _ask,
        ("POST", "/api/teachers/{teacher_id}/activities/{activity_id}/peer-confirmation"),
    ),
    ("GET", TEACHER + "/peer-requests"): WebRule(
        OWN,
        200,
        _get(TEACHER + "/peer-requests"),
        ("GET", "/api/teachers/{teacher_id}/peer-requests"),
    ),
    ("POST", TEACHER + "/peer-requests/{request_id}/answer"): WebRule(
        OWN,
        303,
        _answer,
        ("POST", "/api/teachers/{teacher_id}/peer-requests/{request_id}/answer"),
    ),
}
