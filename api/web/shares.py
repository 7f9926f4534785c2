"""Sharing a development overview with the employer, on the pages (issue 18, item 2).

The teacher's page: the form to share with a board where they have a confirmed appointment,
and their shares with a revoke button each. The board's pages: the shares it received, and one
share's overview (only what is shared). Everything goes through the functions the API's routes
answer with: the same checks, the same commands, the same access-log line for each look.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi import Response
from pydantic import ValidationError

from api.readmodels import Page, ReadDbDep
from api.routes import shares as routes
from api.routes import teachers as teacher_routes
from api.schemas.shares import ShareCreate
from api.web.access import Employer, TeacherOnly
from api.web.core import FormDep, Web, field_errors, web_router
from api.web.files import localised
from domain.errors import ConflictError, InvalidInputError
from policies.sharing import MAX_NOTE_LENGTH, latest_until

router = web_router()
#: The last day the form proposes: three months ahead.
DEFAULT_DAYS = 91


def _page(
    web: Web,
    teacher_id: str,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
) -> Response:
    assert web.principal is not None
    register = web.services.register
    file = teacher_routes.answer_read_file(teacher_id, web.principal, register)
    today = register.clock()
    boards = sorted(
        {
            a.board_number
            for a in file.appointments
            if a.confirmation == "confirmed" and (a.end is None or a.end >= today)
        }
    )
    shares = routes.answer_list_shares(teacher_id, web.principal, register)
    return web.render(
        "shares.html",
        status=status,
        teacher_id=teacher_id,
        file=file,
        boards=boards,
        shares=shares.data,
        values=values,
        errors=errors,
        today=today,
        latest=latest_until(today),
        max_note=MAX_NOTE_LENGTH,
        saved=web.request.query_params.get("saved"),
    )


@router.get("/teachers/{teacher_id}/shares")
def share_form(teacher_id: str, web: TeacherOnly) -> Response:
    """The form to share with my employer, and my shares with their revoke buttons."""
    today = web.services.register.clock()
    values = {"until": (today + timedelta(days=DEFAULT_DAYS)).isoformat(), "qualification_ids": []}
    return _page(web, teacher_id, values, {})


@router.post("/teachers/{teacher_id}/shares")
def share(teacher_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Share with the API's schema and command; refusals go back to the form, in words."""
    assert web.principal is not None
    values: dict[str, Any] = {
        **form.fields,
        "qualification_ids": form.getlist("qualification_ids"),
        "activity_ids": form.getlist("activity_ids"),
    }
    try:
        body = ShareCreate.model_validate(
            {
                "board_number": form.get("board_number"),
                "qualification_ids": form.getlist("qualification_ids"),
                "activity_ids": form.getlist("activity_ids"),
                "note": form.text("note"),
                "until": form.text("until"),
            }
        )
        routes.answer_create_share(
            teacher_id,
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except ValidationError as exc:
        return _page(web, teacher_id, values, localised(web, exc), 422)
    except InvalidInputError as exc:
        return _page(web, teacher_id, values, field_errors(exc), 422)
    except ConflictError as exc:
        return _page(web, teacher_id, values, field_errors(InvalidInputError(exc.message)), 409)
    return web.redirect(f"/teachers/{teacher_id}/shares?saved=1")


@router.post("/teachers/{teacher_id}/shares/{share_id}/revocation")
def revoke(teacher_id: str, share_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Revoke at once; the board reads nothing of it from now on."""
    assert web.principal is not None
    routes.answer_revoke_share(
        teacher_id,
        share_id,
        web.principal,
        web.context(key=form.text("idempotency_key")),
        web.services.register,
    )
    return web.redirect(f"/teachers/{teacher_id}/shares?saved=1")


@router.get("/employers/{board_number}/shares")
def received(
    board_number: str, web: Employer, db: ReadDbDep, cursor: str | None = None
) -> Response:
    """The overviews teachers shared with this board, in force today."""
    assert web.principal is not None
    found = routes.answer_received_shares(
        board_number, web.principal, db, Page(limit=100, cursor=cursor), web.services.register
    )
    return web.render("shares_received.html", board_number=board_number, shares=found)


@router.get("/employers/{board_number}/shares/{share_id}")
def overview(board_number: str, share_id: str, web: Employer, db: ReadDbDep) -> Response:
    """One share's overview: only what the teacher shared, progress as of today."""
    assert web.principal is not None
    found = routes.answer_read_shared_overview(
        board_number, share_id, web.principal, db, web.services.register
    )
    return web.render("share_overview.html", board_number=board_number, overview=found)
