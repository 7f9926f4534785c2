"""The issue's "Done when", end to end through the HTTP API on both stores.

A school board delivers a CSV with some bad rows and gets every fault listed; a provider is
admitted and its offering validated with a trace; a teacher is struck off after a hearing,
objects, and a well-founded ruling restores the registration in the public register; the
committee's case view shows why the original decision was made.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.decision_helpers import MovableClock
from tests.procedure_helpers import BOARD, csv_of, new_bsn, row

Tokens = Callable[..., dict[str, str]]


def test_the_procedures_end_to_end(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    registrar = token_for("registrar", "r1")
    employer = token_for("employer", BOARD)
    appeals = token_for("appeals", "commissie")
    validator = token_for("validator", "v1")

    # A teacher on file, whom the board then delivers with two colleagues and two bad rows.
    bsn = new_bsn()
    admitted = client.post(
        "/api/teachers",
        json={
            "bsn": bsn,
            "name": {
                "initials": "M.",
                "given_name": "Mila",
                "prefix": "van",
                "family_name": "Dijk",
            },
            "birth_date": "1985-03-14",
            "qualifications": [{"sector": "vo", "subject": "biologie", "basis": "diploma"}],
            "registered_on": "2024-09-01",
        },
        headers=registrar,
    )
    assert admitted.status_code == 201, admitted.text
    teacher_id = admitted.json()["teacher_id"]
    register_number = admitted.json()["register_number"]
    qualification_id = admitted.json()["qualifications"][0]["qualification_id"]
    rows = [
        row(bsn, birth_date="1985-03-14"),
        row("123456789", fte="1.7"),
        row(new_bsn()),
        row(new_bsn(), brin="1AB", end="2023-01-01"),
    ]
    delivered = client.post(
        f"/api/employers/{BOARD}/deliveries",
        content=csv_of(rows),
        headers={**employer, "Content-Type": "text/csv", "Delivery-Id": "2026-11"},
    )
    assert delivered.status_code == 200, delivered.text
    answer = delivered.json()
    assert answer["accepted"] == 2
    assert [(r["row"], r["line"]) for r in answer["rejected"]] == [(2, 3), (4, 5)]
    assert {e["field"] for e in answer["rejected"][0]["errors"]} == {"bsn", "fte"}
    assert {e["field"] for e in answer["rejected"][1]["errors"]} == {"brin", "end"}

    # A provider is admitted and its offering validated, with a trace.
    provider = token_for("provider", "acme")
    applied = client.post(
        "/api/providers",
        json={
            "name": "Acme Academie",
            "kvk_number": "12345678",
            "staff_level": "wo",
            "practice_alignment": "Ontwikkeld met scholen uit de regio.",
            "quality_monitoring": "Evaluaties na elke bijeenkomst.",
            "complaints_procedure": {"in_place": True, "decision_days": 14},
        },
        headers=provider,
    )
    assert applied.status_code == 201, applied.text
    admission = client.post(
        "/api/providers/acme/admission",
        json={"practice_alignment_sufficient": True, "quality_monitoring_sufficient": True},
        headers=validator,
    )
    assert admission.status_code == 201, admission.text
    assert admission.json()["outcome"] == "admitted"
    submitted = client.post(
        "/api/offerings",
        json={
            "title": "Practicumdidactiek biologie",
            "competence_areas": ["didactics", "subject_matter"],
            "sector": "vo",
            "contact_hours": "6",
            "self_study_hours": "4",
            "has_assessment": True,
            "price": "395.00",
        },
        headers=provider,
    )
    assert submitted.status_code == 201, submitted.text
    offering_id = submitted.json()["offering_id"]
    validated = client.post(f"/api/offerings/{offering_id}/validation", headers=validator)
    assert validated.status_code == 201, validated.text
    decision = validated.json()
    assert decision["outcome"] == "validated"
    assert decision["trace"][0] == {
        "criterion": "total_hours",
        "required": ">3.0",
        "actual": "10.0",
        "passed": True,
        "evidence": [f"{offering_id}/1"],
    }
    services.projections.catch_up_all()
    catalogue = client.get(
        "/api/public/offerings",
        params={"q": "biologie"},
        headers={"X-Min-Position": str(validated.json()["position"])},
    )
    assert [o["offering_id"] for o in catalogue.json()["data"]] == [offering_id]

    # A teacher is struck off after a hearing.
    proposal = client.post(
        f"/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off-proposal",
        json={"ground": "incorrect_data", "reason": "Het diploma staat niet in DUO-registers."},
        headers=registrar,
    )
    assert proposal.status_code == 201, proposal.text
    proposal_url = proposal.headers["Location"]
    me = token_for("teacher", teacher_id)
    clock.today += timedelta(days=5)
    view = client.post(
        f"{proposal_url}/view",
        json={"view": "Mijn diploma is in 2008 in Gent behaald; de erkenning volgt."},
        headers=me,
    )
    assert view.status_code == 201, view.text
    struck = client.post(
        f"{proposal_url}/decision",
        json={"effective_on": clock.today.isoformat(), "reason": "Geen erkend diploma."},
        headers=registrar,
    )
    assert struck.status_code == 201, struck.text
    decision_id = struck.json()["decision_id"]
    assert struck.json()["inputs"]["hearing"]["view_given_on"] == clock.today.isoformat()
    services.projections.catch_up_all()
    entry = client.get(
        f"/api/public/register/{register_number}",
        headers={"X-Min-Position": str(struck.json()["position"])},
    )
    assert entry.json()["qualifications"][0]["status"] == "struck_off"

    # The teacher objects; the committee reads the case and rules well-founded.
    clock.today += timedelta(days=20)
    objected = client.post(
        "/api/objections",
        json={"decision_id": decision_id, "grounds": "De erkenning is inmiddels binnen."},
        headers=me,
    )
    assert objected.status_code == 201, objected.text
    objection_id = objected.json()["objection_id"]
    services.projections.catch_up_all()
    listed = client.get(
        "/api/objections",
        params={"status": "open"},
        headers={**appeals, "X-Min-Position": str(objected.json()["position"])},
    )
    assert [o["objection_id"] for o in listed.json()["data"]] == [objection_id]
    case = client.get(f"/api/objections/{objection_id}", headers=appeals)
    assert case.status_code == 200, case.text
    body = case.json()
    assert body["decision"]["decision_id"] == decision_id
    assert body["decision"]["inputs"]["hearing"]["view"].startswith("Mijn diploma")
    assert any(e["criterion"] == "hearing" for e in body["decision"]["trace"])
    assert [e["type"] for e in body["evidence"]] == [
        "Teacher.StrikeOffProposed",
        "Teacher.ViewGiven",
    ]
    ruled = client.post(
        f"/api/objections/{objection_id}/ruling",
        json={"outcome": "well_founded", "reasoning": "Het diploma is erkend; herstel."},
        headers=appeals,
    )
    assert ruled.status_code == 201, ruled.text
    assert ruled.json()["revoked_decision"] == decision_id
    services.projections.catch_up_all()
    restored = client.get(
        f"/api/public/register/{register_number}",
        headers={"X-Min-Position": str(ruled.json()["position"])},
    )
    assert restored.json()["qualifications"][0]["status"] == "registered"
    staff = client.get(f"/api/employers/{BOARD}/staff", headers=employer)
    (member,) = staff.json()["data"]
    assert member["qualifications"][0]["may_teach"] is True
    assert len(staff.json()["not_registered"]) == 1
    file = client.get(f"/api/teachers/{teacher_id}", headers=me).json()
    assert file["qualifications"][0]["status"] == "registered"
    assert file["decisions"][0]["revoked"] is True
    assert (
        client.post(
            f"/api/objections/{objection_id}/ruling",
            json={"outcome": "unfounded", "reasoning": "nogmaals"},
            headers=appeals,
        ).status_code
        == 409
    )
