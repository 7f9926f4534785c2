"""The teacher file over HTTP: admission, portfolio, errors, concurrency, access rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.decision_helpers import EVIDENCE

ADMISSION = {
    "bsn": "111222333",
    "name": {"initials": "J.", "given_name": "Jan", "prefix": "de", "family_name": "Vries"},
    "birth_date": "1980-01-01",
    "qualifications": [{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
    "registered_on": "2022-09-01",
}
ACTIVITY = {
    "kind": "peer_consultation",
    "title": "Intervisie sectie wiskunde",
    "occurred_on": "2024-03-01",
    "contact_hours": 4,
    "competence_areas": ["didactics"],
    "evidence": EVIDENCE,
    "cost": {"amount": "12.50", "paid_by": "employer"},
}

Tokens = Callable[..., dict[str, str]]


def admit(client: TestClient, token_for: Tokens, **changes: Any) -> dict[str, Any]:
    response = client.post(
        "/api/teachers", json={**ADMISSION, **changes}, headers=token_for("registrar")
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_registrar_admits_and_teacher_records_an_activity(
    client: TestClient, token_for: Tokens
) -> None:
    created = admit(client, token_for)
    assert created["qualifications"][0]["status"] == "registered"
    assert created["qualifications"][0]["period_end"] == "2026-08-31"
    me = token_for("teacher", created["teacher_id"])
    response = client.post(
        f"/api/teachers/{created['teacher_id']}/activities", json=ACTIVITY, headers=me
    )
    assert response.status_code == 201
    assert response.json()["position"] > created["position"]
    assert response.headers["etag"] == '"2"'
    file = client.get(f"/api/teachers/{created['teacher_id']}", headers=me).json()
    assert file["activities"][0]["cost"] == {"amount": "12.50", "paid_by": "employer"}
    assert file["activities"][0]["kind"] == "peer_consultation"


def test_preregistered_career_switcher(client: TestClient, token_for: Tokens) -> None:
    created = admit(
        client,
        token_for,
        qualifications=[
            {"sector": "vo", "subject": "natuurkunde", "basis": "suitability_declaration"}
        ],
    )
    assert created["qualifications"][0]["status"] == "preregistered"


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        pytest.param({"bsn": "123456789"}, 422, "bsn", id="elfproef"),
        pytest.param({"registered_on": "2030-01-01"}, 422, "registered_on", id="future"),
        pytest.param({"birth_date": "1980-02-30"}, 422, "birth_date", id="impossible-date"),
        pytest.param(
            {"qualifications": [{"sector": "hbo", "basis": "diploma"}]},
            422,
            "qualifications[0].sector",
            id="unknown-sector",
        ),
    ],
)
def test_bad_admissions_are_problems_naming_the_field(
    client: TestClient, token_for: Tokens, change: dict[str, Any], status: int, field: str
) -> None:
    response = client.post(
        "/api/teachers", json={**ADMISSION, **change}, headers=token_for("registrar")
    )
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    assert field in [e["field"] for e in response.json()["errors"]]


def test_duplicate_person_is_409(client: TestClient, token_for: Tokens) -> None:
    """The 409 names the file the person already has, so the registrar can go on there."""
    first = admit(client, token_for)
    response = client.post("/api/teachers", json=ADMISSION, headers=token_for("registrar"))
    assert response.status_code == 409
    assert response.json()["title"]
    assert response.json()["teacher_id"] == first["teacher_id"]


def test_a_refusal_of_the_register_carries_its_code(client: TestClient, token_for: Tokens) -> None:
    """problem+json gains `code` (the message's stable code) beside the English `detail`,
    also per field; pydantic's shape faults and the edge's own refusals have none."""
    admit(client, token_for)
    duplicate = client.post("/api/teachers", json=ADMISSION, headers=token_for("registrar"))
    assert duplicate.json()["detail"] == (
        "this person is already on file; a person has exactly one file"
    )
    assert duplicate.json()["code"] == "person_already_on_file"
    created = admit(client, token_for, bsn="123456782")
    me = token_for("teacher", created["teacher_id"])
    url = f"/api/teachers/{created['teacher_id']}/activities"
    stale = client.post(url, json=ACTIVITY, headers={**me, "If-Match": '"9"'}).json()
    assert stale["detail"] == "expected version 9, but the current version is 1"
    assert stale["code"] == "version_mismatch"
    future = client.post(url, json={**ACTIVITY, "occurred_on": "2099-01-01"}, headers=me).json()
    (fault,) = [e for e in future["errors"] if e["field"] == "occurred_on"]
    assert fault["code"]
    assert fault["message"]
    shape = client.post(url, json={**ACTIVITY, "contact_hours": "many"}, headers=me).json()
    assert "code" not in shape
    assert all("code" not in e for e in shape["errors"])
    unknown = client.get("/api/teachers/not-an-id", headers=token_for("registrar")).json()
    assert unknown["code"] == "teacher_not_found"


def test_malformed_json_is_400(client: TestClient, token_for: Tokens) -> None:
    response = client.post(
        "/api/teachers",
        content=b"{not json",
        headers={**token_for("registrar"), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")


def test_future_activity_and_zero_hours_are_422(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    me = token_for("teacher", created["teacher_id"])
    response = client.post(
        f"/api/teachers/{created['teacher_id']}/activities",
        json={**ACTIVITY, "occurred_on": "2099-01-01", "contact_hours": 0},
        headers=me,
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"occurred_on", "contact_hours"} <= fields


def test_no_token_is_401_and_wrong_role_is_403(client: TestClient, token_for: Tokens) -> None:
    assert client.post("/api/teachers", json=ADMISSION).status_code == 401
    assert (
        client.post(
            "/api/teachers", json=ADMISSION, headers={"Authorization": "Bearer lr_nonsense"}
        ).status_code
        == 401
    )
    assert (
        client.post("/api/teachers", json=ADMISSION, headers=token_for("auditor")).status_code
        == 403
    )


def test_teacher_sees_only_their_own_file(client: TestClient, token_for: Tokens) -> None:
    mine = admit(client, token_for)
    other = admit(client, token_for, bsn="123456782")
    me = token_for("teacher", mine["teacher_id"])
    assert client.get(f"/api/teachers/{other['teacher_id']}", headers=me).status_code == 403
    response = client.post(
        f"/api/teachers/{other['teacher_id']}/activities", json=ACTIVITY, headers=me
    )
    assert response.status_code == 403


def test_employer_sees_staff_without_bsn(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    tid = created["teacher_id"]
    board = token_for("employer", "41234")
    assert client.get(f"/api/teachers/{tid}", headers=board).status_code == 403
    response = client.post(
        f"/api/teachers/{tid}/appointments",
        headers=token_for("registrar"),
        json={
            "board_number": "41234",
            "brin": "12AB",
            "start": "2022-09-01",
            "fte": "0.8",
            "basis": "diploma",
        },
    )
    assert response.status_code == 201
    # Delivered but not yet confirmed by the teacher: the file stays closed to the board.
    assert client.get(f"/api/teachers/{tid}", headers=board).status_code == 403
    confirmed = client.post(
        f"/api/teachers/{tid}/appointments/{response.json()['appointment_id']}/confirmation",
        headers=token_for("teacher", tid),
    )
    assert confirmed.status_code == 200
    file = client.get(f"/api/teachers/{tid}", headers=board)
    assert file.status_code == 200
    assert file.json()["bsn"] is None
    assert "111222333" not in file.text


def test_if_match_mismatch_is_412(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    me = token_for("teacher", created["teacher_id"])
    url = f"/api/teachers/{created['teacher_id']}/activities"
    assert client.post(url, json=ACTIVITY, headers={**me, "If-Match": '"9"'}).status_code == 412
    assert client.post(url, json=ACTIVITY, headers={**me, "If-Match": '"1"'}).status_code == 201


def test_idempotency_key_returns_the_first_answer(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    me = {**token_for("teacher", created["teacher_id"]), "Idempotency-Key": "abc"}
    url = f"/api/teachers/{created['teacher_id']}/activities"
    first = client.post(url, json=ACTIVITY, headers=me)
    second = client.post(url, json=ACTIVITY, headers=me)
    assert first.json() == second.json()
    file = client.get(f"/api/teachers/{created['teacher_id']}", headers=me).json()
    assert len(file["activities"]) == 1


def test_withdrawal_and_leave(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    tid = created["teacher_id"]
    me = token_for("teacher", tid)
    aid = client.post(f"/api/teachers/{tid}/activities", json=ACTIVITY, headers=me).json()[
        "activity_id"
    ]
    response = client.post(
        f"/api/teachers/{tid}/activities/{aid}/withdrawal", json={"reason": "dubbel"}, headers=me
    )
    assert response.status_code == 200
    leave = client.post(
        f"/api/teachers/{tid}/leave",
        headers=me,
        json={"kind": "parental", "start": "2023-01-01", "end": "2023-03-31"},
    )
    assert leave.status_code == 201
    qid = created["qualifications"][0]["qualification_id"]
    assert leave.json()["status"] == "pending"
    assert leave.json()["period_ends"][qid] == "2026-08-31"  # the teacher's report waits
    approved = client.post(
        f"/api/teachers/{tid}/leave/{leave.json()['leave_id']}/approval",
        headers=token_for("registrar"),
        json={},
    )
    assert approved.status_code == 200, approved.text
    assert approved.json()["period_ends"][qid] == "2026-11-29"
    file = client.get(f"/api/teachers/{tid}", headers=me).json()
    assert file["activities"][0]["withdrawn"] is True


def test_audit_trail_shows_actor_and_reason(client: TestClient, token_for: Tokens) -> None:
    created = admit(client, token_for)
    tid = created["teacher_id"]
    me = token_for("teacher", tid)
    aid = client.post(f"/api/teachers/{tid}/activities", json=ACTIVITY, headers=me).json()[
        "activity_id"
    ]
    client.post(
        f"/api/teachers/{tid}/activities/{aid}/withdrawal", json={"reason": "dubbel"}, headers=me
    )
    auditor = token_for("auditor")
    events = client.get(f"/api/audit/teachers/{tid}/events", headers=auditor).json()["data"]
    assert [e["type"] for e in events] == [
        "Teacher.Admitted",
        "Teacher.ActivityRecorded",
        "Teacher.ActivityWithdrawn",
    ]
    assert events[2]["actor"] == {"role": "teacher", "subject": tid}
    assert events[2]["reason"] == "dubbel"
    state = client.get(f"/api/audit/teachers/{tid}/state?version=2", headers=auditor).json()
    assert state["activities"][0]["withdrawn"] is False
    assert client.get(f"/api/audit/teachers/{tid}/events", headers=me).status_code == 403


def test_unknown_route_is_problem_json(client: TestClient) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/problem+json")


def test_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-Id": "trace-me"})
    assert response.headers["x-request-id"] == "trace-me"
    assert client.get("/readyz").json()["status"] == "ready"
