"""Objections in the browser: the teacher objects to a decision on their file; the appeals
committee reads the case, judges the lateness of a late objection (Awb 6:11), defers once
(and further with the objector's written consent), and rules. Every step calls the function the
API's route answers with, so the checks and answers are the API's."""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import ValidationError

from api.routes import objections as objection_routes
from api.schemas.objections import ExtensionCreate, LatenessCreate, ObjectionCreate, RulingCreate
from api.web.access import Appeals, SignedIn, TeacherOnly
from api.web.core import (
    Form,
    FormDep,
    Web,
    field_errors,
    web_router,
)
from api.web.files import localised
from api.web.review import decision_view
from domain.errors import InvalidInputError
from domain.values import Role

router = web_router()
OUTCOMES = ("well_founded", "unfounded", "inadmissible")


def _decision_page(
    web: Web, decision_id: str, values: dict[str, Any], errors: dict[str, str]
) -> Response:
    view = decision_view(web, decision_id)
    return web.render(
        "decision.html",
        status=422,
        **view,
        may_reproduce=False,
        may_object=True,
        objection=None,
        errors=errors,
        values=values,
    )


@router.post("/decisions/{decision_id}/objection")
def file_objection(decision_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """File an objection with its grounds (and, past the term, the excuse)."""
    assert web.principal is not None
    values = {"grounds": form.get("grounds"), "excuse": form.get("excuse")}
    try:
        body = ObjectionCreate(
            decision_id=decision_id, grounds=form.get("grounds").strip(), excuse=form.text("excuse")
        )
    except ValidationError as exc:
        return _decision_page(web, decision_id, values, localised(web, exc))
    try:
        filed = objection_routes.answer_file_objection(
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except InvalidInputError as exc:
        return _decision_page(web, decision_id, values, field_errors(exc))
    return web.redirect(f"/objections/{filed.objection_id}?filed=1")


def _case_page(
    web: Web, objection_id: str, values: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    assert web.principal is not None
    register = web.services.register
    case = objection_routes.answer_read_case(objection_id, web.principal, register)
    view = decision_view(web, case.objection.decision_id)
    return web.render(
        "objection.html",
        status=status,
        case=case,
        **view,
        may_rule=web.principal.role == Role.APPEALS and case.objection.status == "open",
        may_reproduce=web.principal.role in (Role.APPEALS, Role.AUDITOR),
        outcomes=OUTCOMES,
        values=values,
        errors=errors,
    )


@router.get("/objections/{objection_id}")
def case(objection_id: str, web: SignedIn) -> Response:
    """The case: the objection, the decision explained, the evidence it weighed, and what
    happened in the file since."""
    return _case_page(web, objection_id, {}, {}, 200)


@router.post("/objections/{objection_id}/extension")
def extend(objection_id: str, web: Appeals, form: FormDep) -> Response:
    """Defer the ruling once by six weeks, with the reason; further with written consent."""
    assert web.principal is not None
    consent = None
    if form.text("consent_given_on") or form.text("consent_statement"):
        consent = {
            "given_on": form.text("consent_given_on"),
            "statement": form.text("consent_statement") or "",
        }
    try:
        body = ExtensionCreate.model_validate(
            {"reason": form.get("reason").strip(), "consent": consent, "until": form.text("until")}
        )
    except ValidationError as exc:
        return _case_page(
            web, objection_id, dict(form.fields), _prefixed(web, exc, "extension"), 422
        )
    objection_routes.answer_extend_objection(
        objection_id, body, web.context(key=form.text("idempotency_key")), web.services.register
    )
    return web.redirect(f"/objections/{objection_id}?extended=1")


@router.post("/objections/{objection_id}/lateness")
def judge_lateness(objection_id: str, web: Appeals, form: FormDep) -> Response:
    """Judge a late objection: excusable, or inadmissible by a ruling (Awb 6:11)."""
    assert web.principal is not None
    try:
        body = LatenessCreate.model_validate(
            {"excusable": form.text("excusable"), "reasoning": form.text("reasoning") or ""}
        )
    except ValidationError as exc:
        return _case_page(
            web, objection_id, dict(form.fields), _prefixed(web, exc, "lateness"), 422
        )
    objection_routes.answer_judge_lateness(
        objection_id, body, web.context(key=form.text("idempotency_key")), web.services.register
    )
    return web.redirect(
        f"/objections/{objection_id}?ruled=1"
        if not body.excusable
        else f"/objections/{objection_id}"
    )


@router.post("/objections/{objection_id}/ruling")
def rule(objection_id: str, web: Appeals, form: FormDep) -> Response:
    """Rule on the objection: well-founded revokes the decision."""
    assert web.principal is not None
    try:
        body = RulingCreate.model_validate(_ruling(form))
    except ValidationError as exc:
        return _case_page(web, objection_id, dict(form.fields), localised(web, exc), 422)
    try:
        objection_routes.answer_rule(
            objection_id, body, web.context(key=form.text("idempotency_key")), web.services.register
        )
    except InvalidInputError as exc:
        return _case_page(web, objection_id, dict(form.fields), field_errors(exc), 422)
    return web.redirect(f"/objections/{objection_id}?ruled=1")


def _ruling(form: Form) -> dict[str, Any]:
    return {"outcome": form.text("outcome"), "reasoning": (form.text("reasoning") or "")}


def _prefixed(web: Web, exc: ValidationError, prefix: str) -> dict[str, str]:
    return {f"{prefix}_{k}": v for k, v in localised(web, exc).items()}
