"""The training provider's and the validator's pages.

A provider applies for admission, sees its application and the decisions on it, submits
offerings and follows their validation. A validator works through the applications and
offerings awaiting a decision (the one due first at the top, overdue ones flagged), decides on
applications, validates offerings and revokes validations with reasons.

Every page calls the function the API's route answers with (`answer_*` in api.routes.offerings)
with the signed-in principal, so the checks and the answers are the API's: a provider sees only
its own application and offerings, validators and auditors see all, and the domain refuses what
the API refuses (an offering of a provider that is not admitted, a second decision, ...).
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from pydantic import ValidationError

from api.readmodels import Page, ReadDbDep
from api.routes import offerings as offering_routes
from api.schemas.offerings import (
    OfferingCreate,
    OfferingPublic,
    OtherDecision,
    ProviderCreate,
    ProviderDecisionCreate,
    ProviderPublic,
    Revocation,
)
from api.web import i18n
from api.web.access import ProviderOnly, SignedIn, Validator
from api.web.core import Form, FormDep, Web, field_errors, web_router
from api.web.files import localised
from api.web.labels.domain_errors import translate
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.values import CompetenceArea, Role, Sector

router = web_router()

STAFF_LEVELS = ("mbo", "hbo", "wo")
AREAS = tuple(CompetenceArea)
SECTORS = tuple(Sector)
#: Rows per page of the lists.
PER_PAGE = 50

#: Pydantic error types the shared form messages do not word, per language.
_MORE_MESSAGES = {
    "int_parsing": ("Vul een heel getal in.", "Please enter a whole number."),
    "int_type": ("Vul een heel getal in.", "Please enter a whole number."),
    "bool_parsing": ("Kies ja of nee.", "Choose yes or no."),
    "bool_type": ("Kies ja of nee.", "Choose yes or no."),
    "less_than_equal": ("Dit getal is te groot.", "This number is too large."),
    "greater_than_equal": ("Dit getal is te klein.", "This number is too small."),
    "decimal_whole_digits": ("Dit getal is te groot.", "This number is too large."),
}


def _errors(web: Web, exc: ValidationError) -> dict[str, str]:
    """The form's errors beside their fields, in the page's language."""
    out = localised(web, exc)
    index = 0 if web.lang == "nl" else 1
    for e in exc.errors():
        pair = _MORE_MESSAGES.get(str(e.get("type")))
        if pair is not None:
            loc = [str(p) for p in e.get("loc", ()) if not isinstance(p, int)]
            out["_".join(loc)] = pair[index]
    return out


# -- the trace in words -----------------------------------------------------------------------


def _joined(web: Web, group: str, joined: str) -> str:
    return ", ".join(web.label(group, part) for part in joined.split("+") if part)


def _value(web: Web, criterion: str, value: str) -> str:
    """What a trace entry required or found, in words of the page's language."""
    if value == "-":
        return "—"
    if criterion == "total_hours":
        if value.startswith(">"):
            return web.t("validator.more_than_hours").format(
                n=i18n.format_hours(value[1:], web.lang)
            )
        return web.t("validator.hours").format(n=i18n.format_hours(value, web.lang))
    if criterion == "staff_level":
        if value.startswith(">="):
            return web.t("validator.at_least").format(level=web.label("provider_staff", value[2:]))
        return web.label("provider_staff", value)
    if criterion == "complaint_decision_days":
        if value.startswith("<="):
            return web.t("validator.within_days").format(n=value[2:])
        if value.isdigit():
            return web.t("validator.days").format(n=value)
    if criterion == "sector" and value != "all":
        return _joined(web, "sector", value)
    if criterion == "competence_areas" and value not in ("none", "at least one"):
        return _joined(web, "area", value)
    if criterion == "decided_on":
        return i18n.format_date(value, web.lang)
    return web.label("validator_value", value.replace(" ", "_"))


def explained(web: Web, decision: OtherDecision) -> list[dict[str, Any]]:
    """Each criterion of a decision's trace in words: what it asks, what was required, what
    was found, and whether it was met (informational entries are marked as such)."""
    rows = []
    for entry in decision.trace:
        rows.append(
            {
                "criterion": web.label("validator_criterion", entry.criterion),
                "about": web.label("validator_about", entry.criterion),
                "required": _value(web, entry.criterion, entry.required),
                "found": _value(web, entry.criterion, entry.actual),
                "passed": entry.passed,
                "informational": entry.required == "-",
            }
        )
    return rows


def _decisions(web: Web, decisions: list[OtherDecision]) -> list[dict[str, Any]]:
    """The decisions, newest first, each with its trace in words."""
    return [{"record": d, "trace": explained(web, d)} for d in reversed(decisions)]


# -- the provider -----------------------------------------------------------------------------


def _own_application(web: Web) -> ProviderPublic | None:
    """The signed-in provider's application as the API shows it; None before it applied."""
    assert web.principal is not None
    try:
        return offering_routes.answer_read_provider(
            web.principal.subject or "", web.principal, web.services.register
        )
    except NotFoundError:
        return None


@router.get("/provider")
def provider_home(web: ProviderOnly, db: ReadDbDep, cursor: str | None = None) -> Response:
    """The provider's own page: its application with the decisions on it, and its offerings
    with their status and validity."""
    assert web.principal is not None
    application = _own_application(web)
    offerings = offering_routes.answer_provider_offerings(
        web.principal.subject or "",
        web.principal,
        db,
        Page(limit=PER_PAGE, cursor=cursor),
    )
    return web.render(
        "provider_home.html",
        application=application,
        decisions=_decisions(web, application.decisions) if application else [],
        offerings=offerings,
    )


def _application_page(
    web: Web, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    return web.render(
        "provider_application.html",
        status=status,
        values=values,
        errors=errors,
        staff_levels=STAFF_LEVELS,
    )


@router.get("/provider/application")
def application_form(web: ProviderOnly) -> Response:
    """The form to apply for admission; after a refusal, filled in with the earlier answers."""
    application = _own_application(web)
    values: dict[str, Any] = {}
    if application is not None:
        answers = application.answers
        values = {
            "name": application.name,
            "kvk_number": application.kvk_number,
            "staff_level": answers.get("staff_level", ""),
            "practice_alignment": answers.get("practice_alignment", ""),
            "quality_monitoring": answers.get("quality_monitoring", ""),
            "complaints_procedure_in_place": "true"
            if answers.get("complaints_procedure")
            else "false",
            "complaints_procedure_decision_days": str(answers.get("complaint_decision_days") or ""),
        }
    return _application_page(web, values, {})


def application_body(form: Form) -> dict[str, Any]:
    """The form's fields in the shape of the API's `ProviderCreate`; empty means absent."""
    procedure: dict[str, Any] = {"in_place": form.text("complaints_procedure_in_place")}
    days = form.text("complaints_procedure_decision_days")
    if days is not None:
        procedure["decision_days"] = days
    body: dict[str, Any] = {
        name: form.text(name)
        for name in (
            "name",
            "kvk_number",
            "staff_level",
            "practice_alignment",
            "quality_monitoring",
        )
    }
    body["complaints_procedure"] = {k: v for k, v in procedure.items() if v is not None}
    return {k: v for k, v in body.items() if v is not None}


@router.post("/provider/application")
def apply(web: ProviderOnly, form: FormDep) -> Response:
    """Apply (again) with the API's schema and command; errors go back beside the fields."""
    assert web.principal is not None
    values = dict(form.fields)
    try:
        body = ProviderCreate.model_validate(application_body(form))
    except ValidationError as exc:
        return _application_page(web, values, _errors(web, exc), 422)
    try:
        offering_routes.answer_apply_as_provider(
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except InvalidInputError as exc:
        return _application_page(web, values, field_errors(exc), 422)
    return web.redirect("/provider?applied=1")


def _offering_form_page(
    web: Web,
    values: dict[str, Any],
    errors: dict[str, str],
    status: int = 200,
    refusal: str | None = None,
) -> Response:
    return web.render(
        "provider_offering_form.html",
        status=status,
        values=values,
        errors=errors,
        refusal=refusal,
        areas=AREAS,
        sectors=SECTORS,
    )


@router.get("/provider/offerings/new")
def offering_form(web: ProviderOnly) -> Response:
    """The form to submit an offering for validation."""
    return _offering_form_page(web, {"areas": []}, {})


def offering_body(form: Form) -> dict[str, Any]:
    """The form's fields in the shape of the API's `OfferingCreate` (a decimal comma is read
    as a point); empty means absent."""
    body: dict[str, Any] = {
        "title": form.text("title"),
        "description": form.get("description").strip(),
        "sector": form.text("sector"),
        "competence_areas": form.getlist("competence_areas"),
        "contact_hours": form.text("contact_hours"),
        "self_study_hours": form.text("self_study_hours"),
        "has_assessment": form.text("has_assessment") == "true",
        "price": form.text("price"),
    }
    for name in ("contact_hours", "self_study_hours", "price"):
        if isinstance(body.get(name), str):
            body[name] = body[name].replace(",", ".")
    return {k: v for k, v in body.items() if v is not None}


@router.post("/provider/offerings")
def submit_offering(web: ProviderOnly, form: FormDep) -> Response:
    """Submit the offering with the API's schema and command. A provider that is not (yet)
    admitted is refused by the register; the form says so at the top."""
    assert web.principal is not None
    values = {**form.fields, "areas": form.getlist("competence_areas")}
    try:
        body = OfferingCreate.model_validate(offering_body(form))
    except ValidationError as exc:
        return _offering_form_page(web, values, _errors(web, exc), 422)
    try:
        submitted = offering_routes.answer_submit_offering(
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except InvalidInputError as exc:
        return _offering_form_page(web, values, field_errors(exc), 422)
    except (ConflictError, NotFoundError) as exc:
        status = 404 if isinstance(exc, NotFoundError) else 409
        return _offering_form_page(
            web, values, {}, status, refusal=translate(exc.message, web.lang)
        )
    return web.redirect(f"/provider/offerings/{submitted.offering_id}?submitted=1")


def _offering_page(
    web: Web, offering_id: str, *, values: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    assert web.principal is not None
    found: OfferingPublic = offering_routes.answer_read_offering(
        offering_id, web.principal, web.services.register
    )
    return web.render(
        "provider_offering.html",
        status=status,
        offering=found,
        decisions=_decisions(web, found.decisions),
        may_decide=web.principal.role == Role.VALIDATOR,
        values=values,
        errors=errors,
    )


@router.get("/provider/offerings/{offering_id}")
def provider_offering(offering_id: str, web: SignedIn) -> Response:
    """An offering with the decisions on it (its provider, validators, auditors)."""
    return _offering_page(web, offering_id, values={}, errors={}, status=200)


# -- the validator ----------------------------------------------------------------------------


@router.get("/validation")
def work_list(
    web: Validator,
    db: ReadDbDep,
    providers_cursor: str | None = None,
    offerings_cursor: str | None = None,
) -> Response:
    """Applications and offerings awaiting a decision, the one due first at the top."""
    assert web.principal is not None
    register = web.services.register
    providers = offering_routes.answer_providers_due(
        db, Page(limit=PER_PAGE, cursor=providers_cursor), register
    )
    offerings = offering_routes.answer_offerings_due(
        db, Page(limit=PER_PAGE, cursor=offerings_cursor), register
    )
    return web.render(
        "validator_work.html",
        providers=providers,
        offerings=offerings,
        providers_cursor=providers_cursor,
        offerings_cursor=offerings_cursor,
    )


def _application_view(
    web: Web, provider_id: str, *, values: dict[str, Any], errors: dict[str, str], status: int
) -> Response:
    assert web.principal is not None
    found = offering_routes.answer_read_provider(provider_id, web.principal, web.services.register)
    return web.render(
        "validator_application.html",
        status=status,
        application=found,
        decisions=_decisions(web, found.decisions),
        may_decide=web.principal.role == Role.VALIDATOR,
        values=values,
        errors=errors,
    )


@router.get("/validation/providers/{provider_id}")
def application(provider_id: str, web: SignedIn) -> Response:
    """An application with all its answers and the decisions on it; a validator decides."""
    return _application_view(web, provider_id, values={}, errors={}, status=200)


@router.post("/validation/providers/{provider_id}/admission")
def decide_admission(provider_id: str, web: Validator, form: FormDep) -> Response:
    """Decide on the application with the validator's two judgements and a reason; the
    answer is the decision record on the application's page."""
    assert web.principal is not None
    values = dict(form.fields)
    try:
        body = ProviderDecisionCreate.model_validate(
            {
                "practice_alignment_sufficient": form.text("practice_alignment_sufficient"),
                "quality_monitoring_sufficient": form.text("quality_monitoring_sufficient"),
                "reason": form.text("reason"),
            }
        )
    except ValidationError as exc:
        return _application_view(
            web, provider_id, values=values, errors=_errors(web, exc), status=422
        )
    decided, _ = offering_routes.answer_decide_provider(
        provider_id, body, web.context(key=form.text("idempotency_key")), web.services.register
    )
    return web.redirect(
        f"/validation/providers/{provider_id}?decided=1#decision-{decided.decision_id}"
    )


@router.get("/validation/offerings/{offering_id}")
def offering(offering_id: str, web: SignedIn) -> Response:
    """An offering with its decisions; a validator validates it or revokes its validation."""
    return _offering_page(web, offering_id, values={}, errors={}, status=200)


@router.post("/validation/offerings/{offering_id}/validation")
def validate(offering_id: str, web: Validator, form: FormDep) -> Response:
    """Decide on the offering against the validation criteria in force; the answer is the
    decision record: validated with its validity period, or refused, with the trace."""
    assert web.principal is not None
    decided, _ = offering_routes.answer_validate_offering(
        offering_id, web.context(key=form.text("idempotency_key")), web.services.register
    )
    return web.redirect(
        f"/validation/offerings/{offering_id}?decided=1#decision-{decided.decision_id}"
    )


@router.post("/validation/offerings/{offering_id}/revocation")
def revoke(offering_id: str, web: Validator, form: FormDep) -> Response:
    """Revoke the validation from today, with the reasons."""
    assert web.principal is not None
    values = dict(form.fields)
    try:
        body = Revocation(reason=form.get("reason").strip())
    except ValidationError as exc:
        errors = {f"revocation_{k}": v for k, v in _errors(web, exc).items()}
        return _offering_page(web, offering_id, values=values, errors=errors, status=422)
    decided, _ = offering_routes.answer_revoke_offering(
        offering_id, body, web.context(key=form.text("idempotency_key")), web.services.register
    )
    return web.redirect(
        f"/validation/offerings/{offering_id}?revoked=1#decision-{decided.decision_id}"
    )
