"""Decisions explained for a person, their reproduction, and the auditor's and the appeals
committee's views of a file: its complete timeline and the file as it stood at any version.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Response

from api.deps import teacher_id_of
from api.readmodels import Page, ReadDbDep
from api.routes import access_log as access_routes
from api.routes import audit as audit_routes
from api.routes import decisions as decision_routes
from api.routes import ledger as ledger_routes
from api.routes import objections as objection_routes
from api.web.access import AuditorOnly, RegistrarOrReviewer, Reviewer, SignedIn
from api.web.core import FormDep, Web, web_router
from api.web.explain import described, evidence_index
from api.web.i18n import LABELS
from domain.errors import NotFoundError
from domain.objection import objection_id_for
from domain.values import Role

router = web_router()
MAX_FILTER = 100


def decision_view(web: Web, decision_id: str) -> dict[str, Any]:
    """The decision record (read as the API reads it, with its checks) and what a person
    needs beside it: the evidence named, and the criteria text applied."""
    assert web.principal is not None
    register = web.services.register
    record = decision_routes.answer_read_decision(decision_id, web.principal, register)
    then = register.get_teacher(UUID(record.teacher_id), version=record.as_of_version)
    index = evidence_index(then)
    criteria_text = None
    if record.policy is not None:
        criteria_text = register.criteria_version(
            record.policy.name, record.policy.version
        ).document
    today = register.clock()
    return {
        "record": record,
        "trace": [
            {"entry": entry, "evidence": described(entry.evidence, index)} for entry in record.trace
        ],
        "criteria_text": criteria_text,
        "register_number": then.register_number,
        "name": then.name.display(),
        "in_term": today <= record.objection_deadline,
        "today": today,
    }


@router.get("/decisions/{decision_id}")
def decision(decision_id: str, web: SignedIn) -> Response:
    """A decision explained: each criterion with what was required, what was found and which
    activities counted; the criteria version and text; the remedy."""
    assert web.principal is not None
    view = decision_view(web, decision_id)
    objection = _objection_of(web, view["record"].decision_id)
    return web.render(
        "decision.html",
        **view,
        may_reproduce=web.principal.role in (Role.APPEALS, Role.AUDITOR),
        may_object=(
            web.principal.role == Role.TEACHER and not view["record"].revoked and objection is None
        ),
        objection=objection,
        errors={},
        values={},
    )


def _objection_of(web: Web, decision_id: str) -> dict[str, Any] | None:
    """The objection against this decision, if one was filed (one per decision)."""
    try:
        return dict(web.services.register.objection_of(str(objection_id_for(decision_id))))
    except NotFoundError:
        return None


@router.post("/decisions/{decision_id}/reproduction")
def reproduce(decision_id: str, web: Reviewer, form: FormDep) -> Response:
    """Decide again from the recorded file version and criteria version, and compare."""
    assert web.principal is not None
    view = decision_view(web, decision_id)
    result = decision_routes.answer_reproduce(decision_id, web.services.register)
    return web.render("reproduction.html", **view, result=result)


@router.get("/review")
def review(web: RegistrarOrReviewer, register_number: str = "", decision_id: str = "") -> Response:
    """Find a file by register number, or a decision by its id."""
    assert web.principal is not None
    errors: dict[str, str] = {}
    register = web.services.register
    number = register_number.strip().replace(" ", "")
    if number:
        found = register.find_by_register_number(number)
        if found is not None:
            return web.redirect(f"/teachers/{found}")
        errors["register_number"] = web.t("review.not_found")
    wanted = decision_id.strip()
    if wanted:
        return web.redirect(f"/decisions/{wanted}")
    reviewer = web.principal.role in (Role.APPEALS, Role.AUDITOR)
    open_objections = _open_objections(web) if reviewer else None
    return web.render(
        "review.html",
        status=404 if errors else 200,
        errors=errors,
        register_number=number,
        open_objections=open_objections,
    )


def _open_objections(web: Web) -> list[Any]:
    """The open objections, the one to rule on first at the top (the API's own listing)."""
    assert web.principal is not None
    with web.services.projections.readers.connection() as db:
        found = objection_routes.answer_list_objections(
            db, Page(limit=100), web.services.register, "open"
        )
    return list(found.data)


@router.get("/teachers/{teacher_id}/events")
def timeline(
    teacher_id: str,
    web: Reviewer,
    type: str = "",
    role: str = "",
    q: str = "",
) -> Response:
    """Every event of the file in order, with actor and reason; filterable by kind of event,
    role of the actor and text."""
    assert web.principal is not None
    found = audit_routes.answer_teacher_events(teacher_id, web.services.register)
    kinds = sorted({e.type.rsplit(".", 1)[-1] for e in found.data})
    roles = sorted({(e.actor or {}).get("role", "") for e in found.data} - {""})
    needle = q.strip().lower()[:MAX_FILTER]
    shown = [
        e
        for e in found.data
        if (not type or e.type.rsplit(".", 1)[-1] == type)
        and (not role or (e.actor or {}).get("role") == role)
        and (not needle or needle in _searchable(e))
    ]
    return web.render(
        "timeline.html",
        teacher_id=str(teacher_id_of(teacher_id)),
        events=shown,
        total=len(found.data),
        kinds=kinds,
        roles=roles,
        chosen={"type": type, "role": role, "q": q.strip()[:MAX_FILTER]},
        known_event=lambda kind: f"event.{kind}" in LABELS,
    )


def _searchable(event: Any) -> str:
    return " ".join(
        str(x) for x in (event.type, event.reason or "", event.actor or "", event.data)
    ).lower()


@router.get("/teachers/{teacher_id}/state")
def state(teacher_id: str, web: Reviewer, version: str = "") -> Response:
    """The file as it stood at a version."""
    assert web.principal is not None
    register = web.services.register
    current = register.get_teacher(teacher_id_of(teacher_id)).version
    number = int(version) if version.isdigit() and len(version) < 10 else current
    number = min(max(number, 1), current)
    found = audit_routes.answer_teacher_state(teacher_id, register, number, None)
    return web.render(
        "state.html",
        file=found,
        version=number,
        current=current,
        qualifications={q.qualification_id: q for q in found.qualifications},
        is_owner=False,
        can_confirm=False,
    )


@router.get("/teachers/{teacher_id}/bundle")
def bundle(teacher_id: str, web: Reviewer, db: ReadDbDep) -> Response:
    """The file's audit bundle as a download: its stored events with their inclusion proofs
    and the signed checkpoint (the API's bundle, with its checks), to verify offline with
    `lerarenregister verify-bundle` and the published key."""
    assert web.principal is not None
    found = ledger_routes.answer_bundle(teacher_id, web.services.register, db, None)
    name = f"bundle-{teacher_id_of(teacher_id)}-{found.checkpoint.tree_size}.json"
    return Response(
        found.model_dump_json(indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/audit/access-log")
def access_log(web: AuditorOnly, teacher_id: str = "", cursor: str | None = None) -> Response:
    """Every read of non-public teacher data, newest first, optionally of one file: who (role,
    subject, token), when, which page or route, and the request id of its log lines."""
    assert web.principal is not None
    wanted = teacher_id.strip()[:100] or None
    log = web.request.app.state.access_log
    found = access_routes.answer_access_log(log, Page(limit=100, cursor=cursor), wanted)
    return web.render("audit_access_log.html", entries=found, teacher_id=wanted or "")
