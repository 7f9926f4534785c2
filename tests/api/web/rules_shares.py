"""Who may open the pages of an overview shared with the employer (merged into the table of
test_web_authorisation)."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands.shares import RevokeShare, ShareOverview
from domain.register import Context
from domain.values import Actor
from tests.api.web.rules_common import TEACHER, Page, WebRule, _get
from tests.api.world import BOARD, World

UNTIL = date(2027, 1, 31)


def _clear(w: World) -> Context:
    """Revoke the world teacher's share with BOARD, if one is in force (one per board)."""
    register = w.services.register
    me = Context(Actor("teacher", w.teacher_id))
    teacher = register.get_teacher(UUID(w.teacher_id))
    for share in teacher.shares.values():
        if share.board_number == BOARD and share.in_force(register.clock()):
            register.revoke_share(UUID(w.teacher_id), RevokeShare(share_id=share.share_id), ctx=me)
    return me


def _shared(w: World) -> str:
    """A share of the world's teacher with BOARD, in force, in the read model too."""
    me = _clear(w)
    result = w.services.register.share_overview(
        UUID(w.teacher_id),
        ShareOverview(
            board_number=BOARD,
            qualification_ids=[w.qualification_id],
            activity_ids=[w.activity_id],
            note="graag bespreken",
            until=UNTIL,
        ),
        ctx=me,
    )
    w.services.projections.catch_up_all()
    return str(result.data["share_id"])


def _share(w: World) -> Page:
    _clear(w)
    form = {
        "board_number": BOARD,
        "qualification_ids": w.qualification_id,
        "note": "voor het POP-gesprek",
        "until": UNTIL.isoformat(),
    }
    return Page("POST", f"/teachers/{w.teacher_id}/shares", form)


def _revocation(w: World) -> Page:
    return Page("POST", f"/teachers/{w.teacher_id}/shares/{_shared(w)}/revocation")


def _overview(w: World) -> Page:
    return Page("GET", f"/employers/{BOARD}/shares/{_shared(w)}")


RULES: dict[tuple[str, str], WebRule] = {
    # the teacher's own page: the API lets the registrar, appeals and auditors read the list
    # too; the page with the form is the teacher's
    ("GET", TEACHER + "/shares"): WebRule(frozenset({"teacher"}), 200, _get(TEACHER + "/shares")),
    ("POST", TEACHER + "/shares"): WebRule(
        frozenset({"teacher"}), 303, _share, ("POST", "/api/teachers/{teacher_id}/shares")
    ),
    ("POST", TEACHER + "/shares/{share_id}/revocation"): WebRule(
        frozenset({"teacher"}),
        303,
        _revocation,
        ("POST", "/api/teachers/{teacher_id}/shares/{share_id}/revocation"),
    ),
    ("GET", "/employers/{board_number}/shares"): WebRule(
        frozenset({"employer"}),
        200,
        _get(f"/employers/{BOARD}/shares"),
        ("GET", "/api/employers/{board_number}/shares"),
    ),
    ("GET", "/employers/{board_number}/shares/{share_id}"): WebRule(
        frozenset({"employer"}),
        200,
        _overview,
        ("GET", "/api/employers/{board_number}/shares/{share_id}"),
    ),
}
