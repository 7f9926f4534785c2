"""Leave that is checked, over HTTP on both stores (docs/domain.md, "Facts that count"): the
teacher's own report waits for the registrar, only approved leave extends a period and only
by the days that overlap it, and the public never sees a period end."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

Tokens = Callable[..., dict[str, str]]
SICKNESS = {"kind": "sickness", "start": "2023-01-01", "end": "2023-03-31"}  # 90 days


def _admit(client: TestClient, token_for: Tokens, bsn: str = "111222333") -> dict[str, Any]:
    """A teacher registered on 2022-09-01: the period ends on 2026-08-31 without leave."""
    answer = client.post(
        "/api/teachers",
        json={
            "bsn": bsn,
            "name": {"initials": "L.", "prefix": "van", "family_name": "Verlof"},
            "birth_date": "1984-03-01",
            "registered_on": "2022-09-01",
            "qualifications": [{"sector": "po", "basis": "diploma"}],
        },
        headers=token_for("registrar"),
    )
    assert answer.status_code == 201, answer.text
    body = dict(answer.json())
    body["qid"] = body["qualifications"][0]["qualification_id"]
    return body


def _leave(client: TestClient, headers: dict[str, str], tid: str, body: dict[str, str]) -> Any:
    return client.post(f"/api/teachers/{tid}/leave", json=body, headers=headers)


def _period_end(client: TestClient, token_for: Tokens, tid: str) -> str:
    file = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()
    return str(file["qualifications"][0]["period_end"])


def test_leave_the_teacher_records_does_nothing_until_the_registrar_approves_it(
    client: TestClient, token_for: Tokens
) -> None:
    """Pending leave moves no period end and no decision; approved, it does."""
    teacher = _admit(client, token_for)
    tid, qid = teacher["teacher_id"], teacher["qid"]
    me = token_for("teacher", tid)
    reported = _leave(client, me, tid, SICKNESS)
    assert reported.status_code == 201, reported.text
    assert reported.json()["status"] == "pending"
    assert reported.json()["period_ends"] == {qid: "2026-08-31"}
    assert _period_end(client, token_for, tid) == "2026-08-31"
    own_view = client.get(f"/api/teachers/{tid}", headers=me).json()
    assert [lv["status"] for lv in own_view["leaves"]] == ["pending"]

    approved = client.post(
        f"/api/teachers/{tid}/leave/{reported.json()['leave_id']}/approval",
        json={"reason": "verklaring bedrijfsarts"},
        headers=token_for("registrar"),
    )
    assert approved.status_code == 200, approved.text
    assert approved.json() | {"version": 0, "position": 0} == {
        "leave_id": reported.json()["leave_id"],
        "status": "approved",
        "period_ends": {qid: "2026-11-29"},
        "version": 0,
        "position": 0,
    }
    assert _period_end(client, token_for, tid) == "2026-11-29"
    # Today is 2026-11-28: with the approved leave the period has not ended yet.
    early = client.post(
        f"/api/teachers/{tid}/qualifications/{qid}/re-registration",
        json={},
        headers=token_for("registrar"),
    )
    assert early.status_code == 409


def test_a_decision_ignores_leave_still_pending(client: TestClient, token_for: Tokens) -> None:
    """A re-registration judges the period without the teacher's unapproved report."""
    teacher = _admit(client, token_for)
    tid, qid = teacher["teacher_id"], teacher["qid"]
    _leave(client, token_for("teacher", tid), tid, SICKNESS)
    decided = client.post(
        f"/api/teachers/{tid}/qualifications/{qid}/re-registration",
        json={},
        headers=token_for("registrar"),
    )
    assert decided.status_code == 201, decided.text
    assert decided.json()["period"] == {"start": "2022-09-01", "end": "2026-08-31"}
    assert not any(e["criterion"] == "leave_days" for e in decided.json()["trace"])
    # Approved after the decision, the leave changes neither it nor its reproduction: the
    # facts are the file as it stood (the leave then still pending).
    lid = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()["leaves"][0]
    approval = client.post(
        f"/api/teachers/{tid}/leave/{lid['leave_id']}/approval",
        json={},
        headers=token_for("registrar"),
    )
    assert approval.status_code == 200, approval.text
    reproduced = client.post(
        f"/api/decisions/{decided.json()['decision_id']}/reproduction",
        json={},
        headers=token_for("appeals"),
    ).json()
    assert (reproduced["reproduced"], reproduced["differences"]) == (True, [])


def test_only_the_part_of_leave_inside_the_period_extends_it(
    client: TestClient, token_for: Tokens
) -> None:
    """Leave from before the period counts only from the period's first day."""
    teacher = _admit(client, token_for)
    tid, qid = teacher["teacher_id"], teacher["qid"]
    answer = _leave(
        client,
        token_for("registrar"),
        tid,
        {"kind": "parental", "start": "2022-06-01", "end": "2022-09-10"},
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "approved"  # recorded by the registrar: checked
    assert answer.json()["period_ends"] == {qid: "2026-09-10"}


@pytest.mark.parametrize(
    ("role", "kind", "status", "leave_status"),
    [
        pytest.param("teacher", "pregnancy_and_maternity", 201, "pending", id="teacher-maternity"),
        pytest.param("teacher", "parental", 201, "pending", id="teacher-parental"),
        pytest.param("teacher", "sickness", 201, "pending", id="teacher-sickness"),
        pytest.param("teacher", "care", 201, "pending", id="teacher-care"),
        pytest.param("teacher", "other", 422, None, id="teacher-other-refused"),
        pytest.param("registrar", "other", 201, "approved", id="registrar-other"),
        pytest.param("teacher", "illness", 422, None, id="old-kind-refused"),
    ],
)
def test_leave_kinds_follow_the_domain(
    client: TestClient, token_for: Tokens, role: str, kind: str, status: int, leave_status: str
) -> None:
    """Pregnancy and maternity, parental, sickness and care; "other" only by the registrar."""
    teacher = _admit(client, token_for)
    tid = teacher["teacher_id"]
    headers = token_for(role, tid if role == "teacher" else None)
    answer = _leave(client, headers, tid, {**SICKNESS, "kind": kind})
    assert answer.status_code == status, answer.text
    if leave_status:
        assert answer.json()["status"] == leave_status
    else:
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert any(e["field"].endswith("kind") for e in answer.json()["errors"])


def test_rejected_leave_never_counts_and_the_teacher_reads_why(
    client: TestClient, token_for: Tokens
) -> None:
    """A rejection needs a reason; the leave stays out of every period; it is not pending
    any more, so it cannot be approved or rejected again."""
    teacher = _admit(client, token_for)
    tid = teacher["teacher_id"]
    lid = _leave(client, token_for("teacher", tid), tid, SICKNESS).json()["leave_id"]
    registrar = token_for("registrar")
    base = f"/api/teachers/{tid}/leave/{lid}"
    assert (
        client.post(base + "/rejection", json={"reason": ""}, headers=registrar).status_code == 422
    )
    assert client.post(base + "/rejection", json={}, headers=registrar).status_code == 422
    rejected = client.post(
        base + "/rejection", json={"reason": "geen verklaring"}, headers=registrar
    )
    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "rejected"
    assert _period_end(client, token_for, tid) == "2026-08-31"
    file = client.get(f"/api/teachers/{tid}", headers=token_for("teacher", tid)).json()
    assert [(lv["status"], lv["rejection_reason"]) for lv in file["leaves"]] == [
        ("rejected", "geen verklaring")
    ]
    assert client.post(base + "/approval", json={}, headers=registrar).status_code == 409
    unknown = f"/api/teachers/{tid}/leave/no-such-leave/approval"
    assert client.post(unknown, json={}, headers=registrar).status_code == 404


def test_the_public_entry_reveals_no_period_end(
    client: TestClient, token_for: Tokens, services: Any
) -> None:
    """Neither the entry, the search nor the entry as it stood on a day carries a period end
    or a new period's first day: each qualification shows its status and since when."""
    teacher = _admit(client, token_for)
    tid, qid = teacher["teacher_id"], teacher["qid"]
    _leave(
        client,
        token_for("registrar"),
        tid,
        {"kind": "care", "start": "2023-02-01", "end": "2023-02-10"},
    )
    decided = client.post(
        f"/api/teachers/{tid}/qualifications/{qid}/re-registration",
        json={},
        headers=token_for("registrar"),
    )
    assert decided.status_code == 201, decided.text
    services.projections.catch_up_all()
    number = teacher["register_number"]
    answers = [
        client.get(f"/api/public/register/{number}"),
        client.get(f"/api/public/register/{number}", params={"on": "2026-10-01"}),
        client.get("/api/public/register", params={"name": "verlof"}),
        client.get("/register/" + number),
    ]
    for answer in answers:
        assert answer.status_code == 200, answer.text
        assert "period_end" not in answer.text
        assert "2026-09-10" not in answer.text
        assert "2026-09-11" not in answer.text
    entry = answers[0].json()
    assert entry["qualifications"] == [
        {"sector": "po", "subject": None, "status": "registered", "since": "2022-09-01"}
    ]
    assert [(h["status"], h["from"], h["to"]) for h in entry["history"]] == [
        ("registered", "2022-09-01", None)
    ]
    assert json.dumps(entry).count("2022-09-01") == 2


def test_leave_the_employer_delivers_counts_and_approves_the_same_report(
    client: TestClient, token_for: Tokens
) -> None:
    """The employer's delivery of the leave the teacher reported approves that report (no
    second leave); leave only the employer delivers counts at once; another board may not."""
    teacher = _admit(client, token_for)
    tid, qid = teacher["teacher_id"], teacher["qid"]
    appointment = client.post(
        f"/api/teachers/{tid}/appointments",
        json={
            "board_number": "41234",
            "brin": "02CD",
            "start": "2022-09-01",
            "fte": "0.6",
            "basis": "diploma",
        },
        headers=token_for("registrar"),
    )
    assert appointment.status_code == 201, appointment.text
    confirmed = client.post(
        f"/api/teachers/{tid}/appointments/{appointment.json()['appointment_id']}/confirmation",
        json={},
        headers=token_for("teacher", tid),
    )
    assert confirmed.status_code in (200, 201), confirmed.text
    reported = _leave(client, token_for("teacher", tid), tid, SICKNESS).json()
    assert reported["status"] == "pending"
    employer = token_for("employer", "41234")
    delivered = _leave(client, employer, tid, SICKNESS)
    assert delivered.status_code == 201, delivered.text
    assert delivered.json()["leave_id"] == reported["leave_id"]
    assert delivered.json()["status"] == "approved"
    assert delivered.json()["period_ends"] == {qid: "2026-11-29"}
    only_employer = _leave(
        client, employer, tid, {"kind": "care", "start": "2024-05-01", "end": "2024-05-10"}
    )
    assert only_employer.json()["status"] == "approved"
    assert only_employer.json()["period_ends"] == {qid: "2026-12-09"}
    file = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()
    assert sorted(lv["status"] for lv in file["leaves"]) == ["approved", "approved"]
    stranger = _leave(client, token_for("employer", "49999"), tid, SICKNESS)
    assert stranger.status_code == 403
    assert _leave(client, employer, tid, {**SICKNESS, "kind": "other"}).status_code == 422
