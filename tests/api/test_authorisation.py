"""Who may call what: every route of the API × every kind of caller, with the status expected.

`RULES` holds one entry per route. A route that is added without an entry fails
`test_every_route_has_a_rule`, whose message says what to add. Each entry names the callers
that pass the route's role and resource checks and the status they get for the entry's
request (a success, or a domain refusal that proves the checks were passed); every other
caller with a token gets 403, and a request without a token gets 401 (public routes: the
allowed status). `personal=True` marks routes that disclose a teacher's non-public data:
a successful call of those must leave a line in the access log, of the others none.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import command_context
from api.openapi import api_routes
from api.routes import all_routers
from domain.commands import RecordActivity, RecordAppointment, RecordLeave
from domain.commands.criteria import DraftCriteria
from domain.commands.peers import RequestPeerConfirmation
from domain.commands.shares import ShareOverview
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor
from projections.ledger.queries import latest_checkpoint
from tests.api.world import (
    ACTIVITY,
    BOARD,
    CALLERS,
    PROVIDER,
    REGISTRAR,
    Builder,
    Req,
    World,
    build_world,
)
from tests.decision_helpers import EVIDENCE, STANDARDS, document
from tests.procedure_helpers import provider_answers, row

ANYONE = frozenset(CALLERS)
FILE_READERS = frozenset({"teacher", "employer", "registrar", "appeals", "auditor"})


@dataclass(frozen=True)
class Rule:
    """The callers that get through, the status they get, and the request to send."""

    allowed: frozenset[str]
    ok: int
    request: Builder
    personal: bool = False
    #: Statuses other than `ok` for particular allowed callers.
    special: dict[str, int] = field(default_factory=dict)


def _get(path: str) -> Builder:
    return lambda w: Req("GET", path.format(**vars(w)))


def _post(path: str, body: object = None) -> Builder:
    return lambda w: Req("POST", path.format(**vars(w)), json=body)


def _withdrawal(w: World) -> Req:
    aid = w.activity()
    return Req("POST", f"/api/teachers/{w.teacher_id}/activities/{aid}/withdrawal", {"reason": "x"})


def _leave_check(step: str, body: object) -> Builder:
    """Approve or reject leave the world's teacher reported (pending until then)."""

    def build(w: World) -> Req:
        result = w.services.register.record_leave(
            UUID(w.teacher_id),
            RecordLeave(kind="care", start=date(2024, 2, 1), end=date(2024, 2, 20)),
            ctx=Context(Actor("teacher", w.teacher_id), reason="mantelzorg"),
        )
        lid = result.data["leave_id"]
        return Req("POST", f"/api/teachers/{w.teacher_id}/leave/{lid}/{step}", json=body)

    return build


def _decide(kind: str, body: object, *, basis: str = "diploma") -> Builder:
    def build(w: World) -> Req:
        tid, qid = w.admit(basis=basis)
        return Req("POST", f"/api/teachers/{tid}/qualifications/{qid}/{kind}", json=body)

    return build


def _admission(w: World) -> Req:
    return Req(
        "POST",
        "/api/teachers",
        json={
            "bsn": w.fresh_bsn(),
            "name": {"initials": "B.", "given_name": "Bram", "prefix": "", "family_name": "Smit"},
            "birth_date": "1985-02-03",
            "qualifications": [{"sector": "po", "basis": "diploma"}],
        },
    )


def _draft(w: World) -> Req:
    return Req(
        "POST",
        "/api/criteria",
        content=document(version=1000 + w.serial()),  # versions only go up
        headers={"content-type": "application/json"},
    )


def _adoption(w: World) -> Req:
    version = 1000 + w.serial()
    w.services.register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    return Req(
        "POST",
        f"/api/criteria/reregistration/{version}/adoption",
        json={
            "effective_from": (date(2027, 8, 1) + timedelta(days=version)).isoformat(),
            "consultation": {"with": ["AOb", "CNV"], "held_on": "2026-10-01"},
        },
    )


def _impact(_: World) -> Req:
    return Req(
        "POST",
        "/api/criteria/impact",
        content=document(version=900),
        headers={"content-type": "application/json"},
    )


def _impact_run(w: World) -> Req:
    version = 1000 + w.serial()  # versions only go up: one sequence with `_draft`'s
    w.services.register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    return Req("POST", "/api/criteria/impact-runs", json={"version": version})


def _read_impact_run(w: World) -> Req:
    version = 1000 + w.serial()
    register = w.services.register
    register.draft_criteria(DraftCriteria(raw=document(version=version)), ctx=STANDARDS)
    run, _, _ = register.start_impact_run(
        "reregistration", version, due_from=None, due_to=None, effective_from=None, ctx=STANDARDS
    )
    return Req("GET", f"/api/criteria/impact-runs/{run.run_id}")


def _checkpoint(w: World) -> Req:
    with w.services.projections.readers.connection() as db:
        size = latest_checkpoint(db).tree_size
    return Req("GET", f"/api/public/ledger/checkpoints/{size}")


def signed_up_to_now(w: World) -> None:
    """Every event projected and under a signed checkpoint (a register extract needs both)."""
    from api.ledger_setup import ledger_signer
    from projections.ledger.projection import checkpoint_now

    w.services.projections.catch_up_all()
    with w.services.projections.readers.connection() as db, db.transaction():
        checkpoint_now(db, ledger_signer(w.services.settings), force=True)


def _extract(w: World) -> Req:
    signed_up_to_now(w)
    return Req("GET", f"/api/teachers/{w.teacher_id}/extract")


def _delivery(w: World) -> Req:
    body = {"delivery_id": f"table-{w.serial()}", "appointments": [row()]}
    return Req("POST", f"/api/employers/{BOARD}/deliveries", json=body)


def _shared(w: World) -> tuple[str, str]:
    """A fresh teacher employed by BOARD who shared an overview with it; (teacher, share)."""
    tid, qid = w.admit()
    result = w.services.register.share_overview(
        UUID(tid),
        ShareOverview(
            board_number=BOARD,
            qualification_ids=[qid],
            activity_ids=[],
            note="graag bespreken",
            until=date(2027, 1, 31),
        ),
        ctx=Context(Actor("teacher", tid)),
    )
    return tid, str(result.data["share_id"])


def _share_create(w: World) -> Req:
    tid, qid = w.admit()
    body = {"board_number": BOARD, "qualification_ids": [qid], "until": "2027-01-31"}
    return Req("POST", f"/api/teachers/{tid}/shares", json=body, teacher=tid)


def _share_revocation(w: World) -> Req:
    tid, share_id = _shared(w)
    return Req("POST", f"/api/teachers/{tid}/shares/{share_id}/revocation", teacher=tid)


def _shared_overview(w: World) -> Req:
    _, share_id = _shared(w)
    w.services.projections.catch_up_all()
    return Req("GET", f"/api/employers/{BOARD}/shares/{share_id}")


def _bulk_check(w: World) -> Req:
    # The check compares with a read model: it must hold the world's teacher, whatever ran
    # before (without this the case depended on the order and speed of earlier cases).
    w.services.projections.catch_up_all()
    return Req(
        "POST",
        f"/api/employers/{BOARD}/bulk-check",
        content=f"register_number,birth_date\n{w.register_number},1980-05-01\n".encode(),
        headers={"Content-Type": "text/csv"},
    )


def _appointment(step: str, body: object) -> Builder:
    def build(w: World) -> Req:
        result = w.services.register.record_appointment(
            UUID(w.teacher_id),
            RecordAppointment(
                board_number=BOARD,
                brin="03EF",
                start=date(2025, 8, 1),
                end=None,
                fte=Decimal("0.4"),
                basis="diploma",
            ),
            ctx=REGISTRAR,
        )
        aid = result.data["appointment_id"]
        return Req("POST", f"/api/teachers/{w.teacher_id}/appointments/{aid}/{step}", json=body)

    return build


def _application(w: World) -> Req:
    pid = f"provider-new-{w.serial()}"
    body = provider_answers(kvk_number=f"{30_000_000 + w.serial()}")
    body["complaints_procedure"] = {"in_place": True, "decision_days": 10}
    body.pop("complaint_decision_days", None)
    return Req("POST", "/api/providers", json=body, provider=pid)


def _admission_decision(w: World) -> Req:
    body = {"practice_alignment_sufficient": True, "quality_monitoring_sufficient": True}
    return Req("POST", f"/api/providers/{w.applied_provider()}/admission", json=body)


def _rating(w: World) -> Req:
    oid = w.validated_offering()
    w.services.register.record_activity(
        UUID(w.teacher_id),
        RecordActivity(
            kind="course",
            title="Formatief evalueren",
            occurred_on=date(2026, 11, 1),
            contact_hours=Decimal(8),
            self_study_hours=Decimal(4),
            competence_areas=["didactics"],
            offering_id=oid,
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", w.teacher_id)),
    )
    return Req("POST", f"/api/offerings/{oid}/ratings", json={"score": 4, "comment": "goed"})


def _participation_confirmation(w: World) -> Req:
    tid, pid = w.participation()
    return Req("POST", f"/api/teachers/{tid}/participations/{pid}/confirmation", teacher=tid)


def _judgement(w: World) -> Req:
    sample_id, activity_id = w.sampled_activity()
    body = {
        "teacher_id": w.teacher_id,
        "activity_id": activity_id,
        "outcome": "rejected",
        "reason": "Het verslag ontbreekt.",
    }
    return Req("POST", f"/api/activity-samples/{sample_id}/judgements", json=body)


def _peer_visit(w: World, teacher_id: str) -> str:
    """A fresh lesson visit of this teacher."""
    result = w.services.register.record_activity(
        UUID(teacher_id),
        RecordActivity(
            kind="lesson_visit",
            title="Lesbezoek sectie wiskunde",
            occurred_on=date(2024, 3, 1),
            contact_hours=Decimal(2),
            self_study_hours=Decimal(0),
            competence_areas=["didactics"],
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", teacher_id)),
    )
    return str(result.data["activity_id"])


def _peer_request(w: World) -> Req:
    """The world's teacher asks the other teacher to confirm a fresh lesson visit."""
    aid = _peer_visit(w, w.teacher_id)
    number = w.services.register.get_teacher(UUID(w.other_teacher_id)).register_number
    path = f"/api/teachers/{w.teacher_id}/activities/{aid}/peer-confirmation"
    return Req("POST", path, json={"colleague_register_number": number})


def _peer_answer(w: World) -> Req:
    """The other teacher asks the world's teacher, who answers."""
    aid = _peer_visit(w, w.other_teacher_id)
    number = w.services.register.get_teacher(UUID(w.teacher_id)).register_number
    result = w.services.register.request_peer_confirmation(
        UUID(w.other_teacher_id),
        RequestPeerConfirmation(activity_id=aid, colleague_register_number=number),
        ctx=Context(Actor("teacher", w.other_teacher_id)),
    )
    path = f"/api/teachers/{w.teacher_id}/peer-requests/{result.data['request_id']}/answer"
    return Req("POST", path, json={"answer": "confirmed", "remark": "Ik was erbij."})


def _proposal(method: str, step: str, body: object) -> Builder:
    def build(w: World) -> Req:
        tid, pid = w.proposal()
        path = f"/api/teachers/{tid}/strike-off-proposals/{pid}{step}"
        return Req(method, path, json=body, teacher=tid)

    return build


def _proposal_list(w: World) -> Req:
    """The list of proposals, with one open proposal in it (the read model caught up)."""
    w.proposal()
    w.services.projections.catch_up_all()
    return Req("GET", "/api/strike-off-proposals?status=all")


def _objection(w: World) -> Req:
    tid, decision_id = w.struck_off_decision()
    body = {"decision_id": decision_id, "grounds": "ik had geen verzoek gedaan"}
    return Req("POST", "/api/objections", json=body, teacher=tid)


OFFERING = {
    "title": "Formatief evalueren in de wiskundeles",
    "competence_areas": ["didactics"],
    "contact_hours": "8",
    "self_study_hours": "4",
    "price": "250.00",
}
REVIEWERS = frozenset({"appeals", "auditor"})
TEACHER = "/api/teachers/{teacher_id}"
QUALIFICATION = TEACHER + "/qualifications/{qualification_id}"


def _lookup(w: World) -> Req:
    """A fresh file looked up by its BSN."""
    tid, _ = w.admit()
    return Req(
        "POST",
        "/api/teachers/lookup",
        json={"bsn": w.services.register.get_teacher(UUID(tid)).bsn},
    )


RULES: dict[tuple[str, str], Rule] = {
    # operations
    ("GET", "/healthz"): Rule(ANYONE, 200, _get("/healthz")),
    ("GET", "/readyz"): Rule(ANYONE, 200, _get("/readyz")),
    # registration and portfolio
    ("POST", "/api/teachers"): Rule(frozenset({"registrar"}), 201, _admission),
    ("GET", TEACHER): Rule(FILE_READERS, 200, _get(TEACHER), personal=True),
    ("POST", TEACHER + "/activities"): Rule(
        frozenset({"teacher"}), 201, _post(TEACHER + "/activities", ACTIVITY)
    ),
    ("POST", TEACHER + "/activities/{activity_id}/withdrawal"): Rule(
        frozenset({"teacher", "registrar"}), 200, _withdrawal
    ),
    ("POST", TEACHER + "/leave"): Rule(
        frozenset({"teacher", "registrar", "employer"}),
        201,
        _post(TEACHER + "/leave", {"kind": "sickness", "start": "2023-01-02", "end": "2023-01-06"}),
    ),
    ("POST", TEACHER + "/leave/{leave_id}/approval"): Rule(
        frozenset({"registrar"}), 200, _leave_check("approval", {})
    ),
    ("POST", TEACHER + "/leave/{leave_id}/rejection"): Rule(
        frozenset({"registrar"}), 200, _leave_check("rejection", {"reason": "geen verklaring"})
    ),
    ("POST", TEACHER + "/appointments"): Rule(
        frozenset({"registrar"}),
        201,
        _post(
            TEACHER + "/appointments",
            {
                "board_number": BOARD,
                "brin": "02CD",
                "start": "2024-08-01",
                "fte": "0.2",
                "basis": "diploma",
            },
        ),
    ),
    ("POST", TEACHER + "/personal-data-correction"): Rule(
        frozenset({"registrar"}),
        200,
        _post(TEACHER + "/personal-data-correction", {"birth_date": "1980-05-02", "reason": "x"}),
    ),
    ("GET", TEACHER + "/progress"): Rule(
        FILE_READERS, 200, _get(TEACHER + "/progress"), personal=True
    ),
    # decisions
    ("POST", QUALIFICATION + "/re-registration"): Rule(
        frozenset({"registrar"}), 201, _decide("re-registration", {})
    ),
    ("POST", QUALIFICATION + "/strike-off"): Rule(
        frozenset({"registrar"}),
        201,
        _decide(
            "strike-off",
            {"ground": "own_request", "effective_on": "2026-11-01", "reason": "op verzoek"},
        ),
    ),
    ("POST", QUALIFICATION + "/reinstatement"): Rule(
        frozenset({"registrar"}),
        409,  # the fresh qualification is not struck off: the domain's refusal, past the checks
        _decide("reinstatement", {"reason": "criteria met again"}),
    ),
    ("POST", QUALIFICATION + "/move-to-register"): Rule(
        frozenset({"registrar"}),
        201,
        _decide(
            "move-to-register", {"qualified_on": "2026-06-30"}, basis="suitability_declaration"
        ),
    ),
    ("GET", "/api/decisions/{decision_id}"): Rule(
        frozenset({"teacher", "registrar", "appeals", "auditor"}),
        200,
        _get("/api/decisions/{decision_id}"),
        personal=True,
    ),
    ("POST", "/api/decisions/{decision_id}/reproduction"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _post("/api/decisions/{decision_id}/reproduction"),
        personal=True,
    ),
    # criteria
    ("GET", "/api/public/criteria"): Rule(ANYONE, 200, _get("/api/public/criteria")),
    ("GET", "/api/public/criteria/{name}/{version}"): Rule(
        ANYONE, 200, _get("/api/public/criteria/reregistration/1")
    ),
    ("POST", "/api/criteria"): Rule(frozenset({"standards"}), 201, _draft),
    ("POST", "/api/criteria/{name}/{version}/adoption"): Rule(
        frozenset({"standards"}), 201, _adoption
    ),
    ("POST", "/api/criteria/impact"): Rule(frozenset({"standards"}), 200, _impact),
    ("POST", "/api/criteria/impact-runs"): Rule(frozenset({"standards"}), 202, _impact_run),
    ("GET", "/api/criteria/impact-runs/{run_id}"): Rule(
        frozenset({"standards"}), 200, _read_impact_run
    ),
    # audit
    ("GET", "/api/audit/teachers/{teacher_id}/events"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _get("/api/audit/teachers/{teacher_id}/events"),
        personal=True,
    ),
    ("GET", "/api/audit/teachers/{teacher_id}/state"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _get("/api/audit/teachers/{teacher_id}/state?version=2"),
        personal=True,
    ),
    # read models
    ("GET", "/api/public/register"): Rule(ANYONE, 200, _get("/api/public/register?name=vri")),
    ("GET", "/api/public/register/{register_number}"): Rule(
        ANYONE, 200, _get("/api/public/register/{register_number}")
    ),
    ("GET", "/api/employers/{board_number}/staff"): Rule(
        frozenset({"employer"}), 200, _get(f"/api/employers/{BOARD}/staff")
    ),
    ("GET", "/api/costs"): Rule(
        frozenset({"employer", "other_employer", "registrar", "standards"}),
        200,
        _get("/api/costs"),
    ),
    # access log
    ("GET", TEACHER + "/access-log"): Rule(
        frozenset({"teacher", "auditor"}), 200, _get(TEACHER + "/access-log")
    ),
    ("GET", "/api/audit/access-log"): Rule(
        frozenset({"auditor"}), 200, _get("/api/audit/access-log")
    ),
    # privacy: the teacher's own copy; erasure (refused while the registration runs: the
    # refusal proves the checks were passed)
    ("GET", TEACHER + "/correspondence"): Rule(
        frozenset({"teacher", "registrar"}), 200, _get(TEACHER + "/correspondence"), personal=True
    ),
    ("PUT", TEACHER + "/correspondence"): Rule(
        frozenset({"teacher"}),
        200,
        lambda w: Req(
            "PUT",
            f"/api/teachers/{w.teacher_id}/correspondence",
            json={"address": "leraar@example.nl", "reminders": False},
        ),
    ),
    ("GET", TEACHER + "/export"): Rule(
        frozenset({"teacher", "registrar"}), 200, _get(TEACHER + "/export"), personal=True
    ),
    # the register extract: the teacher's own, the registrar's on request (public content)
    ("GET", TEACHER + "/extract"): Rule(frozenset({"teacher", "registrar"}), 200, _extract),
    ("POST", TEACHER + "/erasure"): Rule(
        frozenset({"registrar"}), 409, _post(TEACHER + "/erasure", {"reason": "verzoek"})
    ),
    # audit ledger
    ("GET", "/api/public/ledger/key"): Rule(ANYONE, 200, _get("/api/public/ledger/key")),
    ("GET", "/api/public/ledger/checkpoints/latest"): Rule(
        ANYONE, 200, _get("/api/public/ledger/checkpoints/latest")
    ),
    ("GET", "/api/public/ledger/checkpoints/{tree_size}"): Rule(ANYONE, 200, _checkpoint),
    ("GET", "/api/public/ledger/consistency"): Rule(
        ANYONE, 200, _get("/api/public/ledger/consistency?from=1&to=2")
    ),
    ("GET", "/api/audit/ledger/inclusion"): Rule(
        frozenset({"appeals", "auditor"}), 200, _get("/api/audit/ledger/inclusion?position=1")
    ),
    ("GET", "/api/audit/teachers/{teacher_id}/bundle"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _get("/api/audit/teachers/{teacher_id}/bundle"),
        personal=True,
    ),
    # the ledger in C2SP formats (docs/ledger.md): public hashes, auditors' entries and proofs
    ("GET", "/ledger/checkpoint"): Rule(ANYONE, 200, _get("/ledger/checkpoint")),
    ("GET", "/api/ledger/key"): Rule(ANYONE, 200, _get("/api/ledger/key")),
    ("GET", "/ledger/tile/{path:path}"): Rule(ANYONE, 200, _get("/ledger/tile/0/000.p/1")),
    ("GET", "/ledger/tile/entries/{path:path}"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _get("/ledger/tile/entries/000.p/1"),
        personal=True,
    ),
    ("GET", "/api/audit/ledger/proof"): Rule(
        frozenset({"appeals", "auditor"}),
        200,
        _get("/api/audit/ledger/proof?position=1"),
        personal=True,
    ),
    # procedures: deliveries and the teacher's check of them
    ("POST", "/api/employers/{board_number}/deliveries"): Rule(
        frozenset({"employer"}), 200, _delivery
    ),
    ("GET", "/api/employers/{board_number}/disputes"): Rule(
        frozenset({"employer"}), 200, _get(f"/api/employers/{BOARD}/disputes")
    ),
    # the employer's bulk check: the world's teacher is found (their access log shows it)
    ("POST", "/api/employers/{board_number}/bulk-check"): Rule(
        frozenset({"employer"}), 200, _bulk_check, personal=True
    ),
    ("GET", "/api/public/changes"): Rule(ANYONE, 200, _get("/api/public/changes?limit=5")),
    ("POST", TEACHER + "/appointments/{appointment_id}/confirmation"): Rule(
        frozenset({"teacher"}), 200, _appointment("confirmation", None)
    ),
    ("POST", TEACHER + "/appointments/{appointment_id}/dispute"): Rule(
        frozenset({"teacher"}), 200, _appointment("dispute", {"reason": "ik werk 0,4 fte"})
    ),
    # a development overview shared with the employer, by choice
    ("POST", TEACHER + "/shares"): Rule(frozenset({"teacher"}), 201, _share_create),
    ("GET", TEACHER + "/shares"): Rule(
        frozenset({"teacher", "registrar", "appeals", "auditor"}),
        200,
        _get(TEACHER + "/shares"),
        personal=True,
    ),
    ("POST", TEACHER + "/shares/{share_id}/revocation"): Rule(
        frozenset({"teacher"}), 200, _share_revocation
    ),
    ("GET", "/api/employers/{board_number}/shares"): Rule(
        frozenset({"employer"}), 200, _get(f"/api/employers/{BOARD}/shares")
    ),
    ("GET", "/api/employers/{board_number}/shares/{share_id}"): Rule(
        frozenset({"employer"}), 200, _shared_overview, personal=True
    ),
    # the facts that count: participation and samples
    ("POST", "/api/providers/{provider_id}/participation"): Rule(
        frozenset({"provider"}),
        200,
        lambda w: Req(
            "POST",
            f"/api/providers/{PROVIDER}/participation",
            json={
                "delivery_id": f"table-{w.serial()}",
                "participants": [
                    {
                        "bsn": w.fresh_bsn(),
                        "offering_id": w.offering_id,
                        "completed_on": "2026-11-28",
                    }
                ],
            },
        ),
    ),
    ("POST", TEACHER + "/participations/{participation_id}/confirmation"): Rule(
        frozenset({"teacher"}), 201, _participation_confirmation
    ),
    ("POST", "/api/activity-samples"): Rule(
        frozenset({"registrar"}),
        201,
        _post(
            "/api/activity-samples",
            {"size": 3, "occurred_from": "2024-01-01", "occurred_until": "2024-12-31", "seed": 5},
        ),
    ),
    ("GET", "/api/activity-samples/{sample_id}"): Rule(
        frozenset({"registrar", "appeals", "auditor"}),
        200,
        lambda w: Req("GET", f"/api/activity-samples/{w.sampled_activity()[0]}"),
    ),
    ("POST", "/api/activity-samples/{sample_id}/redraw"): Rule(
        frozenset({"registrar", "appeals", "auditor"}),
        200,
        lambda w: Req("POST", f"/api/activity-samples/{w.sampled_activity()[0]}/redraw"),
    ),
    ("POST", "/api/activity-samples/{sample_id}/judgements"): Rule(
        frozenset({"registrar"}), 201, _judgement
    ),
    # a colleague confirms a peer activity
    ("POST", TEACHER + "/activities/{activity_id}/peer-confirmation"): Rule(
        frozenset({"teacher"}), 201, _peer_request
    ),
    ("GET", TEACHER + "/peer-requests"): Rule(
        frozenset({"teacher"}), 200, _get(TEACHER + "/peer-requests"), personal=True
    ),
    ("POST", TEACHER + "/peer-requests/{request_id}/answer"): Rule(
        frozenset({"teacher"}), 201, _peer_answer
    ),
    # procedures: providers and offerings
    ("POST", "/api/providers"): Rule(
        frozenset({"provider", "other_provider"}),
        201,
        _application,
        special={"other_provider": 409},  # provider-2 acts for itself: it applied already
    ),
    ("GET", "/api/providers"): Rule(frozenset({"validator"}), 200, _get("/api/providers")),
    ("GET", "/api/providers/{provider_id}"): Rule(
        frozenset({"provider", "validator", "auditor"}), 200, _get(f"/api/providers/{PROVIDER}")
    ),
    ("GET", "/api/providers/{provider_id}/offerings"): Rule(
        frozenset({"provider", "validator", "auditor"}),
        200,
        _get(f"/api/providers/{PROVIDER}/offerings"),
    ),
    ("POST", "/api/providers/{provider_id}/admission"): Rule(
        frozenset({"validator"}), 201, _admission_decision
    ),
    ("POST", "/api/offerings"): Rule(
        frozenset({"provider", "other_provider"}), 201, _post("/api/offerings", OFFERING)
    ),
    ("GET", "/api/offerings"): Rule(frozenset({"validator"}), 200, _get("/api/offerings")),
    ("GET", "/api/offerings/{offering_id}"): Rule(
        frozenset({"provider", "validator", "auditor"}), 200, _get("/api/offerings/{offering_id}")
    ),
    ("POST", "/api/offerings/{offering_id}/validation"): Rule(
        frozenset({"validator"}),
        201,
        lambda w: Req("POST", f"/api/offerings/{w.submitted_offering()}/validation"),
    ),
    ("POST", "/api/offerings/{offering_id}/revocation"): Rule(
        frozenset({"validator"}),
        201,
        lambda w: Req(
            "POST", f"/api/offerings/{w.validated_offering()}/revocation", {"reason": "klachten"}
        ),
    ),
    ("POST", "/api/offerings/{offering_id}/ratings"): Rule(
        frozenset({"teacher", "other_teacher"}),
        201,
        _rating,
        special={"other_teacher": 409},  # rates for their own file, which has no such activity
    ),
    ("GET", "/api/public/offerings"): Rule(ANYONE, 200, _get("/api/public/offerings")),
    ("GET", "/api/public/open-data/register-statistics.json"): Rule(
        ANYONE, 200, _get("/api/public/open-data/register-statistics.json")
    ),
    ("GET", "/api/public/open-data/register-statistics.csv"): Rule(
        ANYONE, 200, _get("/api/public/open-data/register-statistics.csv")
    ),
    ("GET", "/api/public/open-data/register-statistics.csv-metadata.json"): Rule(
        ANYONE, 200, _get("/api/public/open-data/register-statistics.csv-metadata.json")
    ),
    ("GET", "/api/public/offerings/{offering_id}"): Rule(
        ANYONE, 200, _get("/api/public/offerings/{offering_id}")
    ),
    ("GET", "/api/demand-signal"): Rule(
        frozenset({"provider", "other_provider", "validator", "registrar", "standards"}),
        200,
        _get("/api/demand-signal"),
    ),
    # procedures: the hearing before a strike-off, and objections
    ("POST", QUALIFICATION + "/strike-off-proposal"): Rule(
        frozenset({"registrar"}),
        201,
        _decide("strike-off-proposal", {"ground": "disciplinary_measure", "reason": "tucht"}),
    ),
    ("GET", TEACHER + "/strike-off-proposals/{proposal_id}"): Rule(
        frozenset({"teacher", "registrar", "appeals", "auditor"}),
        200,
        _proposal("GET", "", None),
        personal=True,
    ),
    ("POST", TEACHER + "/strike-off-proposals/{proposal_id}/view"): Rule(
        frozenset({"teacher"}), 201, _proposal("POST", "/view", {"view": "ik was ziek"})
    ),
    ("POST", TEACHER + "/strike-off-proposals/{proposal_id}/decision"): Rule(
        frozenset({"registrar"}),
        409,  # the hearing term has not passed: the domain's refusal, past the checks
        _proposal("POST", "/decision", {"effective_on": "2026-11-28", "reason": "tucht"}),
    ),
    ("POST", TEACHER + "/strike-off-proposals/{proposal_id}/withdrawal"): Rule(
        frozenset({"registrar"}), 200, _proposal("POST", "/withdrawal", {"reason": "vergissing"})
    ),
    ("GET", "/api/strike-off-proposals"): Rule(
        frozenset({"registrar", "auditor"}), 200, _proposal_list, personal=True
    ),
    # nothing is due on that day in the world: the run passes the checks and decides nothing
    ("POST", "/api/teachers/lookup"): Rule(frozenset({"registrar"}), 200, _lookup),
    ("GET", "/api/re-registrations/due"): Rule(
        frozenset({"registrar"}), 200, _get("/api/re-registrations/due?limit=5")
    ),
    ("POST", "/api/decisions/run-due"): Rule(
        frozenset({"registrar"}), 200, _post("/api/decisions/run-due", {})
    ),
    ("POST", "/api/objections"): Rule(frozenset({"teacher"}), 201, _objection),
    ("GET", "/api/objections"): Rule(REVIEWERS, 200, _get("/api/objections"), personal=True),
    ("GET", "/api/objections/{objection_id}"): Rule(
        frozenset({"teacher", "appeals", "auditor"}),
        200,
        _get("/api/objections/{objection_id}"),
        personal=True,
    ),
    ("POST", "/api/objections/{objection_id}/extension"): Rule(
        frozenset({"appeals"}),
        200,
        lambda w: Req("POST", f"/api/objections/{w.objection()}/extension", {"reason": "advies"}),
    ),
    ("POST", "/api/objections/{objection_id}/lateness"): Rule(
        # the world's objections are in time: the refusal proves the checks passed
        frozenset({"appeals"}),
        409,
        lambda w: Req(
            "POST",
            f"/api/objections/{w.objection()}/lateness",
            {"excusable": True, "reasoning": "verschoonbaar"},
        ),
    ),
    ("POST", "/api/objections/{objection_id}/ruling"): Rule(
        frozenset({"appeals"}),
        201,
        lambda w: Req(
            "POST",
            f"/api/objections/{w.objection()}/ruling",
            {"outcome": "unfounded", "reasoning": "de uren zijn goed geteld"},
        ),
    ),
}

#: POST routes that change nothing, so need no Idempotency-Key (say why when adding one).
POSTS_THAT_WRITE_NOTHING = {
    ("POST", "/api/teachers/lookup"): "finds a file by BSN; no event",
    ("POST", "/api/decisions/{decision_id}/reproduction"): "decides again and compares; no event",
    ("POST", "/api/criteria/impact"): "evaluates a draft over the files; no event",
    ("POST", "/api/activity-samples/{sample_id}/redraw"): "redoes a recorded draw; no event",
    ("POST", "/api/employers/{board_number}/bulk-check"): "compares pairs with a read model",
}


def route_keys(app: FastAPI) -> dict[tuple[str, str], Any]:
    """(method, path) of every API route (the pages are tested with the pages; the C2SP
    resources under /ledger/ are API routes outside the document), with its route."""
    keys: dict[tuple[str, str], Any] = {}
    for route in api_routes(app):
        for method in route.methods or ():
            if method != "HEAD":
                keys[(method, route.path or "")] = route
    return keys


def bare_app() -> FastAPI:
    app = FastAPI()
    for router in all_routers():
        app.include_router(router)
    return app


def _is_public(rule: Rule) -> bool:
    return "none" in rule.allowed


def expected_status(rule: Rule, caller: str) -> int:
    if caller in rule.allowed:
        return rule.special.get(caller, rule.ok)
    return 401 if caller == "none" else 403


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build_world(Path(tmp_path_factory.mktemp("authz")))
    yield w
    w.services.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.services)) as c:
        yield c


def send(client: TestClient, req: Req, headers: dict[str, str]) -> object:
    return client.request(
        req.method,
        req.path,
        json=req.json,
        content=req.content,
        headers={**req.headers, **headers},
    )


def test_every_route_has_a_rule() -> None:
    """A route without an entry in RULES fails here, with the entry to add."""
    routes = route_keys(bare_app())
    missing = sorted(set(routes) - set(RULES))
    stale = sorted(set(RULES) - set(routes))
    hints = [
        f'    ("{m}", "{p}"): Rule(frozenset({{...callers that get through...}}), '
        f'{201 if m == "POST" else 200}, _{m.lower()}("{p}" with a real id, body)'
        f"{', personal=True' if m == 'GET' and '{teacher_id}' in p else ''}),"
        for m, p in missing
    ]
    assert not missing, (
        "routes without an authorisation rule; add to RULES in tests/api/test_authorisation.py "
        "(callers: " + ", ".join(CALLERS) + "; everyone not listed must get 403, no token 401; "
        "personal=True if the answer shows a teacher's non-public data, and then call "
        "api.deps.check_file_access or api.context.note_file_read in the route):\n"
        + "\n".join(hints)
    )
    assert not stale, f"rules for routes that no longer exist; remove them: {stale}"


def test_every_post_takes_an_idempotency_key() -> None:
    """Every POST depends on `command_context` (Idempotency-Key, If-Match, actor) or is
    listed as writing nothing."""
    missing = []
    for (method, path), route in route_keys(bare_app()).items():
        if method != "POST" or (method, path) in POSTS_THAT_WRITE_NOTHING:
            continue
        calls = set()
        stack = [route.dependant]  # type: ignore[attr-defined]
        while stack:
            d = stack.pop()
            calls.add(d.call)
            stack.extend(d.dependencies)
        if command_context not in calls:
            missing.append(path)
    assert not missing, (
        "POST routes that ignore Idempotency-Key; take `ctx: ContextDep` (api.deps) and pass it "
        "to the command, or list the route in POSTS_THAT_WRITE_NOTHING with the reason: "
        f"{missing}"
    )


CASES = [
    pytest.param(key, caller, id=f"{key[0]} {key[1]} as {caller}")
    for key in RULES
    for caller in CALLERS
]


@pytest.mark.parametrize(("key", "caller"), CASES)
def test_route_answers_each_caller_as_the_table_says(
    client: TestClient, world: World, key: tuple[str, str], caller: str
) -> None:
    """Allowed callers get the rule's status, others 403, no token 401; errors are problems."""
    rule = RULES[key]
    req = rule.request(world)
    log_before = _log_length(client, world)
    response = send(client, req, world.headers(caller, req))
    want = expected_status(rule, caller)
    assert response.status_code == want, (  # type: ignore[attr-defined]
        f"{req.method} {req.path} as {caller}: {response.status_code} {response.text[:300]}"  # type: ignore[attr-defined]
    )
    if want >= 400:
        assert response.headers["content-type"].startswith("application/problem+json")  # type: ignore[attr-defined]
    if want == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")  # type: ignore[attr-defined]
    logged = _log_length(client, world) - log_before
    if rule.personal and want < 300:
        assert logged >= 1, f"{key} disclosed a file but left no access-log line"
    else:
        assert logged == 0, f"{key} as {caller} left {logged} access-log lines"


def _log_length(client: TestClient, world: World) -> int:
    log = client.app.state.access_log  # type: ignore[attr-defined]
    rows = log.read(teacher_id=None, before=None, limit=100_000)
    return len(rows)


def test_public_routes_need_no_token(client: TestClient, world: World) -> None:
    """Everything under /api/public answers without a token."""
    for (method, path), rule in RULES.items():
        if path.startswith("/api/public"):
            assert _is_public(rule), f"{method} {path} is public and must allow everyone"


def test_employer_loses_sight_of_a_file_when_the_appointment_ends(
    client: TestClient, world: World
) -> None:
    """A former employer sees the file no more; the current one does, without the BSN."""
    tid, _ = world.admit()
    world.services.register.record_appointment(
        UUID(tid),
        RecordAppointment(
            board_number="47777",
            brin="09ZZ",
            start=date(2016, 8, 1),
            end=date(2020, 7, 31),
            fte=Decimal("0.4"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    former = world.services.register.issue_token(
        IssueToken(role="employer", subject="47777", expires_at=None), ctx=REGISTRAR
    )[0]
    answer = client.get(f"/api/teachers/{tid}", headers={"Authorization": f"Bearer {former}"})
    assert answer.status_code == 403
    current = client.get(f"/api/teachers/{tid}", headers=world.auth("employer"))
    assert current.status_code == 200
    assert current.json()["bsn"] is None
    bsn = world.services.register.get_teacher(UUID(tid)).bsn
    assert bsn not in json.dumps(current.json())
