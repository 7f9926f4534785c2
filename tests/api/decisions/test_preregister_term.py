"""The pre-register's term over HTTP on both stores: run-due records the expiry, the staff view
says "may not teach on this basis", and a move to the register starts on the diploma date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.decision_helpers import MovableClock

Tokens = Callable[..., dict[str, str]]
BOARD = "60077"


def _admit(
    client: TestClient, token_for: Tokens, *, basis: str, registered_on: str, bsn: str
) -> dict[str, Any]:
    answer = client.post(
        "/api/teachers",
        json={
            "bsn": bsn,
            "name": {"initials": "Z.", "prefix": "", "family_name": "Instromer"},
            "birth_date": "1980-04-02",
            "registered_on": registered_on,
            "qualifications": [{"sector": "vo", "subject": "natuurkunde", "basis": basis}],
        },
        headers=token_for("registrar"),
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _run_due(client: TestClient, token_for: Tokens, clock: MovableClock, on: str) -> dict[str, Any]:
    """run-due on the register's date, moved to ``on`` (decisions are dated the day taken)."""
    clock.today = date.fromisoformat(on)
    answer = client.post("/api/decisions/run-due", json={}, headers=token_for("registrar"))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _status(client: TestClient, token_for: Tokens, tid: str) -> str:
    file = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()
    return str(file["qualifications"][0]["status"])


def test_run_due_records_a_passed_suitability_term_and_the_staff_view_says_may_not_teach(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    """A suitability declaration holds two years: past it, run-due records the expiry (with
    actor, reason, legal basis and the criteria version), once; the employer sees that the
    person may not teach on this basis, and the public entry shows the status."""
    career_switcher = _admit(
        client,
        token_for,
        basis="suitability_declaration",
        registered_on="2024-09-01",
        bsn="111222333",
    )
    tid = career_switcher["teacher_id"]
    appointment = client.post(
        f"/api/teachers/{tid}/appointments",
        json={
            "board_number": BOARD,
            "brin": "07AB",
            "start": "2024-09-01",
            "fte": "0.8",
            "basis": "suitability_declaration",
        },
        headers=token_for("registrar"),
    )
    assert appointment.status_code == 201, appointment.text
    trainee = _admit(
        client, token_for, basis="in_training", registered_on="2024-09-01", bsn="123456782"
    )
    within = _run_due(client, token_for, clock, "2026-08-31")  # the last day of the two years
    assert within["preregister_expired"] == 0
    assert _status(client, token_for, tid) == "preregistered"

    report = _run_due(client, token_for, clock, "2026-09-01")
    assert report["preregister_expired"] == 1
    assert _status(client, token_for, tid) == "preregister_expired"
    assert _status(client, token_for, trainee["teacher_id"]) == "preregistered"  # four years
    assert _run_due(client, token_for, clock, "2026-09-01")["preregister_expired"] == 0

    events = client.get(f"/api/audit/teachers/{tid}/events", headers=token_for("auditor")).json()
    expired = next(e for e in events["data"] if e["type"] == "Teacher.PreregisterExpired")
    assert expired["actor"]["role"] == "registrar"
    assert "2026-08-31" in expired["reason"]
    assert expired["data"]["stay_end"] == "2026-08-31"
    assert expired["data"]["expired_on"] == "2026-09-01"
    assert expired["data"]["policy"]["version"] == 1
    assert {r["bwb_id"] for r in expired["data"]["legal_basis"]} == {"BWBR0002399"}

    services.projections.catch_up_all()
    staff = client.get(f"/api/employers/{BOARD}/staff", headers=token_for("employer", BOARD))
    (member,) = staff.json()["data"]
    (q,) = member["qualifications"]
    assert (q["status"], q["may_teach"]) == ("preregister_expired", False)
    assert q["note"].startswith("may not teach on this basis")
    assert member["may_teach"] is False
    public = client.get(f"/api/public/register/{career_switcher['register_number']}").json()
    assert public["qualifications"][0]["status"] == "preregister_expired"
    assert public["qualifications"][0]["since"] == "2026-09-01"


def test_approved_leave_extends_the_pre_register_term(
    client: TestClient, services: Services, clock: MovableClock, token_for: Tokens
) -> None:
    """Leave extends a stay as it extends a period, but only once approved."""
    admitted = _admit(
        client,
        token_for,
        basis="suitability_declaration",
        registered_on="2024-09-01",
        bsn="111222333",
    )
    tid = admitted["teacher_id"]
    own = client.post(
        f"/api/teachers/{tid}/leave",
        json={"kind": "pregnancy_and_maternity", "start": "2025-01-01", "end": "2025-04-30"},
        headers=token_for("teacher", tid),
    )
    assert own.json()["status"] == "pending"
    client.post(
        f"/api/teachers/{tid}/leave/{own.json()['leave_id']}/approval",
        json={},
        headers=token_for("registrar"),
    )
    assert _run_due(client, token_for, clock, "2026-09-01")["preregister_expired"] == 0
    assert (
        _run_due(client, token_for, clock, "2026-12-29")["preregister_expired"] == 0
    )  # 120 days on
    assert _run_due(client, token_for, clock, "2026-12-30")["preregister_expired"] == 1


def test_move_to_register_starts_the_period_on_the_diploma_date_also_after_the_term(
    client: TestClient, services: Services, clock: MovableClock, token_for: Tokens
) -> None:
    """The diploma ends the exception, also once the term passed; the new period runs from
    the date of qualification, not from the day of the decision."""
    admitted = _admit(
        client,
        token_for,
        basis="suitability_declaration",
        registered_on="2024-09-01",
        bsn="111222333",
    )
    tid = admitted["teacher_id"]
    qid = admitted["qualifications"][0]["qualification_id"]
    _run_due(client, token_for, clock, "2026-09-01")
    assert _status(client, token_for, tid) == "preregister_expired"
    path = f"/api/teachers/{tid}/qualifications/{qid}/move-to-register"
    missing = client.post(path, json={}, headers=token_for("registrar"))
    assert missing.status_code == 422
    assert "qualified_on" in missing.text
    moved = client.post(path, json={"qualified_on": "2026-07-01"}, headers=token_for("registrar"))
    assert moved.status_code == 201, moved.text
    file = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()
    (q,) = file["qualifications"]
    assert (q["status"], q["period_start"], q["period_end"]) == (
        "registered",
        "2026-07-01",
        "2030-06-30",
    )
