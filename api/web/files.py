"""A teacher's file and what the teacher does with it: progress, recording an activity, and
who viewed the file.

Reads call the functions the API's routes answer with, which check the resource as the API does
(a teacher only their own file, an employer only its staff) and note the read in the access
log; writes validate the form with the API's own schema and call the same command.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from api.access import check_file_access
from api.deps import teacher_id_of
from api.readmodels import Page
from api.routes import access_log as access_routes
from api.routes import decisions as decision_routes
from api.routes import deliveries as delivery_routes
from api.routes import facts as fact_routes
from api.routes import privacy as privacy_routes
from api.routes import teachers as teacher_routes
from api.schemas.activities import ActivityCreate
from api.schemas.deliveries import DisputeCreate
from api.web.access import Employer, SignedIn, TeacherOnly
from api.web.core import Form, FormDep, Web, field_errors, web_router
from api.web.explain import evidence_index
from domain.errors import InvalidInputError
from domain.values import ActivityKind, CompetenceArea, Payer, Role

router = web_router()

#: The kinds of activity as the form groups them: the peer activities first, as easy to pick
#: as a course.
KIND_GROUPS = (
    (
        "activity.kind_peer",
        (
            ActivityKind.PEER_CONSULTATION,
            ActivityKind.LESSON_VISIT,
            ActivityKind.LESSON_DEVELOPMENT,
            ActivityKind.LESSON_EVALUATION,
        ),
    ),
    (
        "activity.kind_formal",
        (
            ActivityKind.COURSE,
            ActivityKind.TRAINING_PROGRAMME,
            ActivityKind.STUDY_DAY,
            ActivityKind.CONFERENCE,
        ),
    ),
    (
        "activity.kind_other",
        (ActivityKind.NETWORK, ActivityKind.SCHOOL_PROJECT, ActivityKind.SELF_STUDY),
    ),
)
AREAS = tuple(CompetenceArea)
PAYERS = tuple(Payer)


@router.get("/me/file")
def my_file(web: TeacherOnly) -> Response:
    """A teacher's own file."""
    assert web.principal is not None
    return web.redirect(f"/teachers/{web.principal.subject}")


@router.get("/me/staff")
def my_staff(web: Employer) -> Response:
    """An employer's own staff list."""
    assert web.principal is not None
    return web.redirect(f"/employers/{web.principal.subject}/staff")


@router.get("/teachers/{teacher_id}")
def teacher_file(teacher_id: str, web: SignedIn) -> Response:
    """The file, as the API shows it to this caller (employers see no BSN)."""
    assert web.principal is not None
    register = web.services.register
    found = teacher_routes.answer_read_file(teacher_id, web.principal, register)
    is_owner = web.principal.role == Role.TEACHER
    return web.render(
        "file.html",
        file=found,
        is_owner=is_owner,
        can_confirm=True,
        can_audit=web.principal.role in (Role.APPEALS, Role.AUDITOR),
        qualifications={q.qualification_id: q for q in found.qualifications},
        today=register.clock(),
        saved=web.request.query_params.get("saved"),
        role=web.principal.role,
    )


@router.get("/teachers/{teacher_id}/progress")
def progress(teacher_id: str, web: SignedIn) -> Response:
    """Per qualification: hours by competence area against the criteria in force, work
    experience, the period end and what is still short."""
    assert web.principal is not None
    register = web.services.register
    found = decision_routes.answer_progress(teacher_id, web.principal, register)
    index = evidence_index(register.get_teacher(teacher_id_of(teacher_id)))
    counted: dict[str, list[Any]] = {}
    for q in found.qualifications:
        total = next((r for r in q.requirements if r.criterion == "total_hours"), None)
        refs = total.evidence if total else []
        counted[q.qualification_id] = [index[r] for r in refs if r in index]
    return web.render(
        "progress.html",
        progress=found,
        counted=counted,
        recorded=web.request.query_params.get("recorded"),
        is_owner=web.principal.role == Role.TEACHER,
    )


def _activity_form_page(
    web: Web, teacher_id: str, values: dict[str, Any], errors: dict[str, str], status: int = 200
) -> Response:
    return web.render(
        "activity_form.html",
        status=status,
        teacher_id=teacher_id,
        values=values,
        errors=errors,
        kind_groups=KIND_GROUPS,
        areas=AREAS,
        payers=PAYERS,
        today=web.services.register.clock(),
    )


@router.get("/teachers/{teacher_id}/activities/new")
def activity_form(teacher_id: str, web: TeacherOnly, kind: str = "") -> Response:
    """The form to record an activity; `?kind=` preselects a kind."""
    assert web.principal is not None
    teacher = web.services.register.get_teacher(teacher_id_of(teacher_id))
    check_file_access(web.principal, teacher, write=True)
    chosen = kind if kind in {k.value for k in ActivityKind} else ""
    return _activity_form_page(web, teacher_id, {"kind": chosen, "areas": []}, {})


def activity_body(form: Form) -> dict[str, Any]:
    """The form's fields in the shape of the API's `ActivityCreate`; empty means absent."""
    body: dict[str, Any] = {
        "kind": form.text("kind"),
        "title": form.text("title"),
        "occurred_on": form.text("occurred_on"),
        "contact_hours": form.text("contact_hours"),
        "competence_areas": form.getlist("competence_areas"),
    }
    for name in ("self_study_hours", "offering_id", "evidence", "evidence_reference", "reflection"):
        if form.text(name) is not None:
            body[name] = form.text(name)
    amount = form.text("cost_amount")
    paid_by = form.text("cost_paid_by")
    if amount is not None or paid_by is not None:
        body["cost"] = {"amount": (amount or "").replace(",", "."), "paid_by": paid_by}
    for name in ("contact_hours", "self_study_hours"):
        if isinstance(body.get(name), str):
            body[name] = body[name].replace(",", ".")
    return {k: v for k, v in body.items() if v is not None}


@router.post("/teachers/{teacher_id}/activities")
def record_activity(teacher_id: str, web: TeacherOnly, form: FormDep) -> Response:
    """Record the activity with the API's schema and command; errors go back to the form."""
    assert web.principal is not None
    values = {**form.fields, "areas": form.getlist("competence_areas")}
    try:
        body = ActivityCreate.model_validate(activity_body(form))
    except ValidationError as exc:
        return _activity_form_page(web, teacher_id, values, localised(web, exc), 422)
    try:
        teacher_routes.answer_record_activity(
            teacher_id,
            body,
            web.principal,
            web.context(key=form.text("idempotency_key")),
            web.services.register,
        )
    except InvalidInputError as exc:
        return _activity_form_page(web, teacher_id, values, field_errors(exc), 422)
    return web.redirect(f"/teachers/{teacher_id}/progress?recorded=1")


#: Pydantic error types with a message of our own, per language.
_FORM_MESSAGES = {
    "missing": ("Vul dit in.", "Please fill this in."),
    "too_short": ("Kies of vul minstens één in.", "Choose or fill in at least one."),
    "literal_error": ("Kies een van de mogelijkheden.", "Choose one of the options."),
    "date_from_datetime_parsing": ("Geen geldige datum.", "Not a valid date."),
    "date_parsing": ("Geen geldige datum.", "Not a valid date."),
    "date_type": ("Geen geldige datum.", "Not a valid date."),
    "decimal_parsing": ("Geen geldig getal.", "Not a valid number."),
    "decimal_type": ("Geen geldig getal.", "Not a valid number."),
    "decimal_max_places": ("Hoogstens twee cijfers achter de komma.", "At most two decimals."),
    "decimal_max_digits": ("Dit getal is te groot.", "This number is too large."),
    "greater_than_equal": ("Mag niet negatief zijn.", "May not be negative."),
    "string_too_long": ("Deze tekst is te lang.", "This text is too long."),
    "string_too_short": ("Vul dit in.", "Please fill this in."),
}


def localised(web: Web, exc: ValidationError) -> dict[str, str]:
    """Field errors of the form in the visitor's language (pydantic's own text otherwise)."""
    out = field_errors(exc, web.lang)
    index = 0 if web.lang == "nl" else 1
    for e in exc.errors():
        loc = [str(p) for p in e.get("loc", ()) if not isinstance(p, int)]
        name = "_".join(loc)
        pair = _FORM_MESSAGES.get(str(e.get("type")))
        if pair is not None:
            out[name] = pair[index]
    return out


@router.get("/teachers/{teacher_id}/access-log")
def access_log(teacher_id: str, web: SignedIn, cursor: str | None = None) -> Response:
    """Who read this file, newest first (the teacher themselves, and auditors)."""
    assert web.principal is not None
    log = web.request.app.state.access_log
    found = access_routes.answer_my_access_log(
        teacher_id, web.principal, web.services.register, log, Page(limit=50, cursor=cursor)
    )
    return web.render("access_log.html", teacher_id=teacher_id, entries=found)


@router.get("/teachers/{teacher_id}/export")
def export(teacher_id: str, web: SignedIn) -> Response:
    """The teacher's own copy of everything held about them, as a JSON download (AVG art. 15
    and 20); the API's route decides who may have it."""
    assert web.principal is not None
    found = privacy_routes.answer_export(
        teacher_id, web.principal, web.services.register, web.request.app.state.access_log
    )
    return JSONResponse(
        found.model_dump(mode="json", by_alias=True),
        headers={
            "Content-Disposition": privacy_routes.export_disposition(found.file.register_number)
        },
    )


@router.post("/teachers/{teacher_id}/appointments/{appointment_id}/confirmation")
def confirm_appointment(
    teacher_id: str, appointment_id: str, web: TeacherOnly, form: FormDep
) -> Response:
    """The teacher confirms an appointment as the employer delivered it."""
    assert web.principal is not None
    delivery_routes.answer_confirm_appointment(
        teacher_id, appointment_id, web.principal, web.context(), web.services.register
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-appointments")


@router.post("/teachers/{teacher_id}/appointments/{appointment_id}/dispute")
def dispute_appointment(
    teacher_id: str, appointment_id: str, web: TeacherOnly, form: FormDep
) -> Response:
    """The teacher disputes a delivered appointment, saying what is wrong."""
    assert web.principal is not None
    try:
        body = DisputeCreate(reason=form.get("reason").strip())
    except ValidationError:
        raise InvalidInputError.of("reason", web.t("file.dispute_reason")) from None
    delivery_routes.answer_dispute_appointment(
        teacher_id, appointment_id, body, web.principal, web.context(), web.services.register
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-appointments")


@router.post("/teachers/{teacher_id}/participations/{participation_id}/confirmation")
def confirm_participation(
    teacher_id: str, participation_id: str, web: TeacherOnly, form: FormDep
) -> Response:
    """One click: the teacher confirms a participation a provider reported (the activity is
    recorded)."""
    assert web.principal is not None
    fact_routes.answer_confirm_participation(
        teacher_id, participation_id, web.principal, web.context(), web.services.register
    )
    return web.redirect(f"/teachers/{teacher_id}?saved=1#h-activities")
