"""The teacher's messages page: the e-mail address the register writes to, and whether
reminders are wanted. Reads and writes go through the functions the API's routes answer with
(the same checks, the same command, the same access log)."""

from __future__ import annotations

from fastapi import Response
from pydantic import ValidationError

from api.routes import correspondence as routes
from api.web.access import TeacherOnly
from api.web.core import FormDep, Web, field_errors, web_router
from domain.errors import InvalidInputError

router = web_router()


def _page(
    web: Web, teacher_id: str, values: dict[str, object], errors: dict[str, str], status: int
) -> Response:
    return web.render(
        "correspondence.html",
        status=status,
        teacher_id=teacher_id,
        values=values,
        errors=errors,
        saved=web.request.query_params.get("saved") == "1",
    )


@router.get("/teachers/{teacher_id}/correspondence")
def correspondence_form(teacher_id: str, web: TeacherOnly) -> Response:
    """The form, filled with what is on record."""
    assert web.principal is not None
    current = routes.answer_read_correspondence(teacher_id, web.principal, web.services.register)
    values = {"address": current.address or "", "reminders": current.reminders}
    return _page(web, teacher_id, values, {}, 200)


@router.post("/teachers/{teacher_id}/correspondence")
def save_correspondence(teacher_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Save both with the API's schema and command; errors go back to the form."""
    assert web.principal is not None
    address = form.text("address")
    reminders = form.text("reminders") == "yes"
    values = {"address": address or "", "reminders": reminders}
    try:
        body = routes.CorrespondenceUpdate(address=address, reminders=reminders)
        routes.answer_set_correspondence(
            teacher_id,
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except (ValidationError, InvalidInputError) as exc:
        return _page(web, teacher_id, values, field_errors(exc), 422)
    return web.redirect(f"/teachers/{teacher_id}/correspondence?saved=1")
