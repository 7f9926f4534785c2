"""Decisions over HTTP on both stores: records, roles, reproduction, progress, bad input."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.decision_helpers import MovableClock, admit, demo_like_teacher, record

Tokens = Callable[..., dict[str, str]]


def _path(teacher: object, action: str) -> str:
    return (
        f"/api/teachers/{teacher.teacher_id}/qualifications/"  # type: ignore[attr-defined]
        f"{teacher.qualification_id}/{action}"  # type: ignore[attr-defined]
    )


def test_re_registration_answers_the_decision_record(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    teacher = demo_like_teacher(services.register)
    answer = client.post(_path(teacher, "re-registration"), json={}, headers=token_for("registrar"))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["outcome"] == "annotated"
    assert body["policy"]["version"] == 1
    assert body["objection_deadline"] == "2027-01-11"  # Saturday 9th: Atw art. 1
    assert answer.headers["Location"] == f"/api/decisions/{body['decision_id']}"
    assert body["position"] > 0
    shown = client.get(answer.headers["Location"], headers=token_for("auditor"))
    assert shown.status_code == 200
    assert shown.json()["trace"] == body["trace"]
    own = token_for("teacher", str(teacher.teacher_id))
    assert client.get(answer.headers["Location"], headers=own).status_code == 200


def test_decision_records_are_not_shown_to_other_teachers_or_roles(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    teacher = demo_like_teacher(services.register)
    other = demo_like_teacher(services.register)
    decided = client.post(
        _path(teacher, "re-registration"), json={}, headers=token_for("registrar")
    ).json()
    url = f"/api/decisions/{decided['decision_id']}"
    assert client.get(url, headers=token_for("teacher", str(other.teacher_id))).status_code == 403
    assert client.get(url, headers=token_for("employer", "41234")).status_code == 403
    assert client.get(url).status_code == 401
    assert client.get(f"/api/decisions/{uuid4()}", headers=token_for("auditor")).status_code == 404


def test_reproduction_over_http_after_new_activities(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    teacher = demo_like_teacher(services.register)
    decided = client.post(
        _path(teacher, "re-registration"), json={}, headers=token_for("registrar")
    ).json()
    record(services.register, teacher.teacher_id, hours=60, on=date(2026, 1, 5))
    url = f"/api/decisions/{decided['decision_id']}/reproduction"
    answer = client.post(url, json={}, headers=token_for("appeals"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["reproduced"] is True
    assert body["differences"] == []
    assert body["recorded"] == body["recomputed"]
    assert client.post(url, json={}, headers=token_for("registrar")).status_code == 403


@pytest.mark.parametrize(
    ("action", "body", "status"),
    [
        pytest.param("re-registration", {"decided_on": "2030-01-01"}, 422, id="future-date"),
        pytest.param("re-registration", {"decided_on": "soon"}, 422, id="not-a-date"),
        pytest.param(
            "strike-off",
            {"ground": "incorrect_data", "effective_on": "2026-11-01", "reason": "x"},
            422,
            id="no-hearing",
        ),
        pytest.param(
            "strike-off",
            {"ground": "boredom", "effective_on": "2026-11-01", "reason": "x"},
            422,
            id="unknown-ground",
        ),
        pytest.param("reinstatement", {"reason": "terug"}, 409, id="not-struck-off"),
        pytest.param("move-to-register", {"qualified_on": "2026-01-01"}, 409, id="not-pre"),
    ],
)
def test_bad_decision_requests_are_refused_as_problems(
    client: TestClient,
    services: Services,
    token_for: Tokens,
    action: str,
    body: dict[str, str],
    status: int,
) -> None:
    teacher = demo_like_teacher(services.register)
    answer = client.post(_path(teacher, action), json=body, headers=token_for("registrar"))
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"


def test_unknown_files_and_early_or_repeated_decisions(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    registrar = token_for("registrar")
    teacher = demo_like_teacher(services.register)
    missing = f"/api/teachers/{uuid4()}/qualifications/{teacher.qualification_id}/re-registration"
    assert client.post(missing, json={}, headers=registrar).status_code == 404
    bad_q = f"/api/teachers/{teacher.teacher_id}/qualifications/nope/re-registration"
    assert client.post(bad_q, json={}, headers=registrar).status_code == 404
    assert client.post(_path(teacher, "re-registration"), headers=registrar).status_code == 201
    again = client.post(_path(teacher, "re-registration"), json={}, headers=registrar)
    assert again.status_code == 409
    early = demo_like_teacher(services.register, registered_on=date(2024, 1, 1))
    refused = client.post(_path(early, "re-registration"), json={}, headers=registrar)
    assert refused.status_code == 409
    assert "runs until 2027-12-31" in refused.json()["detail"]
    as_teacher = token_for("teacher", str(teacher.teacher_id))
    assert client.post(_path(early, "re-registration"), headers=as_teacher).status_code == 403


def test_strike_off_reinstatement_and_move_over_http(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    registrar = token_for("registrar")
    teacher = demo_like_teacher(services.register, extra_hours=40)
    struck = client.post(
        _path(teacher, "strike-off"),
        json={"ground": "own_request", "effective_on": "2026-11-28", "reason": "verzoek"},
        headers=registrar,
    )
    assert struck.status_code == 201, struck.text
    assert struck.json()["outcome"] == "struck_off"
    back = client.post(_path(teacher, "reinstatement"), json={"reason": "terug"}, headers=registrar)
    assert back.status_code == 201, back.text
    assert back.json()["outcome"] == "reinstated"
    pre = admit(services.register, basis="suitability_declaration", registered_on=date(2025, 1, 1))
    moved = client.post(
        _path(pre, "move-to-register"), json={"qualified_on": "2026-10-01"}, headers=registrar
    )
    assert moved.status_code == 201, moved.text
    assert moved.json()["kind"] == "move_to_register"


def test_progress_is_shown_to_the_teacher_and_not_to_strangers(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    url = f"/api/teachers/{teacher.teacher_id}/progress"
    answer = client.get(url, headers=token_for("teacher", str(teacher.teacher_id)))
    assert answer.status_code == 200, answer.text
    (q,) = answer.json()["qualifications"]
    assert q["period_end"] == "2027-06-30"
    total = next(r for r in q["requirements"] if r["criterion"] == "total_hours")
    assert total["shortfall"] == "40.0"
    other = demo_like_teacher(services.register)
    assert client.get(url, headers=token_for("teacher", str(other.teacher_id))).status_code == 403
    assert (
        client.get(f"/api/teachers/{uuid4()}/progress", headers=token_for("registrar")).status_code
        == 404
    )


def test_a_shortfall_after_the_transition_answers_a_strike_off_proposal(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    """201 with the proposal (not a decision record); a second re-registration is 409 naming
    it; the teacher is heard, then the decision on the proposal strikes off and reproduces."""
    registrar = token_for("registrar")
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 9, 1))
    clock.today = date(2027, 9, 1)
    answer = client.post(_path(teacher, "re-registration"), json={}, headers=registrar)
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["kind"], body["outcome"], body["ground"]) == (
        "re_registration",
        "strike_off_proposed",
        "criteria_not_met",
    )
    assert body["view_due"] == "2027-09-15"
    assert body["assessment"]["policy"]["version"] == 1
    assert body["assessment"]["period"] == {"start": "2023-09-01", "end": "2027-08-31"}
    assert any(s["criterion"] == "total_hours" for s in body["assessment"]["shortfalls"])
    assert "decision_id" not in body
    proposal_url = f"/api/teachers/{teacher.teacher_id}/strike-off-proposals/{body['proposal_id']}"
    assert answer.headers["Location"] == proposal_url
    shown = client.get(proposal_url, headers=token_for("teacher", str(teacher.teacher_id)))
    assert shown.status_code == 200, shown.text
    assert shown.json()["status"] == "open"
    assert shown.json()["assessment"]["shortfalls"] == body["assessment"]["shortfalls"]
    again = client.post(_path(teacher, "re-registration"), json={}, headers=registrar)
    assert again.status_code == 409
    assert body["proposal_id"] in again.json()["detail"]
    run = client.post("/api/decisions/run-due", json={}, headers=registrar)
    assert run.status_code == 200, run.text
    assert (run.json()["decided"], run.json()["awaiting_hearing"]) == (0, 1)
    view = client.post(
        proposal_url + "/view",
        json={"view": "Ik heb meer uren gemaakt."},
        headers=token_for("teacher", str(teacher.teacher_id)),
    )
    assert view.status_code == 201, view.text
    decided = client.post(
        proposal_url + "/decision",
        json={"effective_on": "2027-09-01", "reason": "het tekort blijft"},
        headers=registrar,
    )
    assert decided.status_code == 201, decided.text
    record = decided.json()
    assert (record["kind"], record["outcome"]) == ("strike_off", "struck_off")
    assert record["inputs"]["assessment"]["decided_on"] == "2027-09-01"
    reproduced = client.post(
        f"/api/decisions/{record['decision_id']}/reproduction", headers=token_for("appeals")
    )
    assert reproduced.status_code == 200, reproduced.text
    assert reproduced.json()["reproduced"]


def test_the_re_registration_route_documents_both_answers(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    path = "/api/teachers/{teacher_id}/qualifications/{qualification_id}/re-registration"
    schema = spec["paths"][path]["post"]["responses"]["201"]["content"]["application/json"]
    refs = {s.get("$ref", "").rsplit("/", 1)[-1] for s in schema["schema"]["anyOf"]}
    assert refs == {"DecisionRecord", "ReRegistrationProposal"}
