"""The employer's pages: its staff and whether each may teach, a CSV delivery with the
report per row, and the bulk check of register numbers with dates of birth. They call the
API's own functions (same checks, same answers)."""

from __future__ import annotations

from fastapi import Response

from api.access import check_own_subject
from api.bulk_check import check_pairs
from api.readmodels import Page, ReadDbDep
from api.routes import deliveries as delivery_routes
from api.routes import staff as staff_routes
from api.web.access import Employer
from api.web.core import FormDep, field_errors, web_router
from domain.errors import InvalidInputError

router = web_router()


@router.get("/employers/{board_number}/staff")
def staff(board_number: str, web: Employer, db: ReadDbDep, cursor: str | None = None) -> Response:
    """Everyone with an appointment at this board, and per qualification whether they may
    teach on it."""
    assert web.principal is not None
    found = staff_routes.answer_staff_list(
        board_number, web.principal, db, Page(limit=100, cursor=cursor), web.services.register
    )
    return web.render(
        "staff.html",
        board_number=board_number,
        staff=found,
    )


@router.get("/employers/{board_number}/deliveries/new")
def delivery_form(board_number: str, web: Employer) -> Response:
    """The form to upload a CSV delivery."""
    assert web.principal is not None
    check_own_subject(web.principal, board_number, "board")
    return web.render(
        "delivery.html",
        board_number=board_number,
        errors={},
        values={},
        report=None,
    )


@router.post("/employers/{board_number}/deliveries")
def deliver(board_number: str, web: Employer, form: FormDep) -> Response:
    """Deliver the uploaded CSV through the API's delivery function and show its report."""
    assert web.principal is not None
    values = {"delivery_id": form.get("delivery_id")}
    errors: dict[str, str] = {}
    delivery_id = form.text("delivery_id")
    upload = form.files.get("file")
    if not delivery_id:
        errors["delivery_id"] = web.t("delivery.id_hint")
    if upload is None or not upload[1]:
        errors["file"] = web.t("delivery.file")
    report = None
    if not errors:
        assert upload is not None
        try:
            report = delivery_routes.answer_deliver(
                board_number,
                web.principal,
                web.context(key=form.text("idempotency_key")),
                web.services.register,
                ("text/csv", upload[1]),
                delivery_id,
            )
        except InvalidInputError as exc:
            errors = {
                (
                    "file" if e.field not in ("Delivery-Id", "delivery_id") else "delivery_id"
                ): e.message
                for e in exc.errors
            } or {"file": exc.message}
    return web.render(
        "delivery.html",
        status=422 if errors else 200,
        board_number=board_number,
        errors=errors,
        values=values,
        report=report,
    )


DISPUTE_STATUSES = ("open", "answered", "withdrawn", "all")


@router.get("/employers/{board_number}/disputes")
def disputes(
    board_number: str,
    web: Employer,
    db: ReadDbDep,
    status: str = "open",
    cursor: str | None = None,
) -> Response:
    """The appointments the teachers disputed, with their reasons; a dispute is answered by
    delivering the appointment again."""
    assert web.principal is not None
    chosen = status if status in DISPUTE_STATUSES else "open"
    found = delivery_routes.answer_list_disputes(
        board_number, web.principal, db, Page(limit=100, cursor=cursor), chosen
    )
    return web.render(
        "disputes.html",
        board_number=board_number,
        disputes=found,
        statuses=DISPUTE_STATUSES,
        chosen=chosen,
    )


@router.get("/employers/{board_number}/check")
def check_form(board_number: str, web: Employer) -> Response:
    """The form to upload register numbers with dates of birth (docs/access.md)."""
    assert web.principal is not None
    check_own_subject(web.principal, board_number, "board")
    return web.render("bulk_check.html", board_number=board_number, errors={}, report=None)


@router.post("/employers/{board_number}/check")
def check(board_number: str, web: Employer, db: ReadDbDep, form: FormDep) -> Response:
    """Check the uploaded pairs through the API's check and show the answer per row."""
    assert web.principal is not None
    check_own_subject(web.principal, board_number, "board")
    errors: dict[str, str] = {}
    report = None
    upload = form.files.get("file")
    if upload is None or not upload[1]:
        errors["file"] = web.t("check.file")
    else:
        try:
            services = web.services
            max_rows = services.settings.bulk_check_max_rows
            report = check_pairs(board_number, upload[1], max_rows, services.register.secret, db)
        except InvalidInputError as exc:
            errors = {"file": "; ".join(field_errors(exc).values()) or exc.message}
    return web.render(
        "bulk_check.html",
        status=422 if errors else 200,
        board_number=board_number,
        errors=errors,
        report=report,
    )
