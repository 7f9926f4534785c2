"""An Idempotency-Key stored before commands were values still recognises its request.

The record is written as the register wrote it then (the fingerprint computed by the old,
hand-built payload: tests/unit/test_commands.py holds the same golden values); the retry comes
over HTTP through the route that now builds the command. Both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands import AdmitTeacher
from domain.indexes import IdempotencyRecord, idempotency_id
from domain.register import Context
from domain.register.base import fingerprint
from domain.values import Actor, Name
from tests.unit.test_commands import (
    ADMISSIONS,
    GOLDEN,
    ON_LEAVE,
    STORED_WITHDRAWAL,
    TEACHER,
    WITHDRAWAL_REASON,
)

STORED_ACTIVITY = GOLDEN[1][1]
STORED_LEAVE = GOLDEN[2][1]
ACTIVITY = {
    "kind": "lesson_visit",
    "title": "Lesbezoek",
    "occurred_on": "2023-05-01",
    "contact_hours": 3,
    "self_study_hours": 0,
    "competence_areas": ["pedagogy"],
}
LEAVE = {"kind": "parental", "start": "2024-01-01", "end": "2024-06-30"}


def _file_with_old_records(services: Services) -> dict[str, Any]:
    """The golden teacher's file and, per request, the answer the old code recorded."""
    register = services.register
    ctx = Context(Actor("registrar", "r1"), reason="test")
    register._save(
        *register.prepare_admission(
            AdmitTeacher(
                bsn="111222333",
                name=Name("A.", "Anna", "de", "Vries"),
                birth_date=date(1985, 5, 1),
                qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
                registered_on=date(2022, 9, 1),
            ),
            ctx=ctx,
            teacher_id=TEACHER,
        )
    )
    teacher = Actor("teacher", str(TEACHER))
    answers = {
        "activity": {"activity_id": "act-before"},
        "leave": {
            "leave_id": "leave-before",
            "status": "pending",
            "period_ends": {"q": "2027-09-01"},
        },
    }
    for key, print_ in (("activity", STORED_ACTIVITY), ("leave", STORED_LEAVE)):
        record = IdempotencyRecord.create(
            teacher,
            f"key-{key}",
            print_,
            {"aggregate_id": str(TEACHER), "version": 1, "position": 0, "data": answers[key]},
        )
        register._save(record)
    return answers


def test_a_key_stored_before_commands_were_values_answers_its_retry(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    answers = _file_with_old_records(services)
    me = token_for("teacher", str(TEACHER))
    version = services.register.get_teacher(TEACHER).version
    url = f"/api/teachers/{TEACHER}"

    again = client.post(
        f"{url}/activities", json=ACTIVITY, headers={**me, "Idempotency-Key": "key-activity"}
    )
    assert again.status_code == 201, again.text
    assert again.json()["activity_id"] == answers["activity"]["activity_id"]
    leave = client.post(f"{url}/leave", json=LEAVE, headers={**me, "Idempotency-Key": "key-leave"})
    assert leave.status_code == 201, leave.text
    assert leave.json()["leave_id"] == answers["leave"]["leave_id"]
    assert services.register.get_teacher(TEACHER).version == version  # nothing written


def test_a_key_stored_before_refuses_another_request(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    _file_with_old_records(services)
    me = {**token_for("teacher", str(TEACHER)), "Idempotency-Key": "key-activity"}
    other = {**ACTIVITY, "title": "Een ander lesbezoek"}
    answer = client.post(f"/api/teachers/{TEACHER}/activities", json=other, headers=me)
    assert answer.status_code == 409, answer.text
    longer = {**LEAVE, "end": "2024-07-01"}
    me["Idempotency-Key"] = "key-leave"
    answer = client.post(f"/api/teachers/{TEACHER}/leave", json=longer, headers=me)
    assert answer.status_code == 409, answer.text


#: An appointment with contract dates, fingerprinted by the old code (which left the contract
#: dates out of the payload): a key reused with other contract dates was taken for a retry.
APPOINTMENT = {
    "board_number": "41234",
    "brin": "01AB",
    "start": "2024-08-01",
    "end": None,
    "fte": "0.8",
    "basis": "diploma",
    "contract_start": "2024-08-01",
    "sector": "vo",
    "subjects": ["wiskunde"],
}
STORED_APPOINTMENT = "8e0a40c88ec9c3d407046a3a025eef9aace88811769ad2ba2dc3f7cbb15bee4e"


def test_an_appointment_key_stored_before_still_answers_and_new_keys_bind_contract_dates(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    _file_with_old_records(services)
    registrar = Actor("registrar", "r9")
    services.register._save(
        IdempotencyRecord.create(
            registrar,
            "key-appointment",
            STORED_APPOINTMENT,
            {
                "aggregate_id": str(TEACHER),
                "version": 1,
                "position": 0,
                "data": {"appointment_id": "appointment-before"},
            },
        )
    )
    me = token_for("registrar", "r9")
    url = f"/api/teachers/{TEACHER}/appointments"
    again = client.post(url, json=APPOINTMENT, headers={**me, "Idempotency-Key": "key-appointment"})
    assert again.status_code == 201, again.text
    assert again.json()["appointment_id"] == "appointment-before"

    fresh = {**me, "Idempotency-Key": "key-after"}
    first = client.post(url, json=APPOINTMENT, headers=fresh)
    assert first.status_code == 201, first.text
    moved = {**APPOINTMENT, "contract_start": "2024-09-01"}
    assert client.post(url, json=moved, headers=fresh).status_code == 409
    assert client.post(url, json=APPOINTMENT, headers=fresh).json() == first.json()


#: The admission `tests.unit.test_commands.ADMISSIONS` fingerprints, as a request body.
ADMISSION = {
    "bsn": "111222333",
    "name": {"initials": "A.", "given_name": "Anna", "prefix": "de", "family_name": "Vries"},
    "birth_date": "1985-05-01",
    "qualifications": [
        {"sector": "vo", "subject": "wiskunde", "basis": "diploma"},
        {"sector": "po", "basis": "in_training"},
    ],
    "registered_on": "2022-09-01",
}


def test_an_admission_key_stored_before_answers_its_retry_and_refuses_another_person(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """The old code's record of an admission: its retry gets the same file back and admits
    no one; the same key with another BSN is refused (409), without the BSN in the answer."""
    answer = {
        "teacher_id": str(TEACHER),
        "register_number": "12345678901",
        "qualifications": [
            {
                "qualification_id": "q-before",
                "sector": "vo",
                "subject": "wiskunde",
                "status": "registered",
                "period_end": "2026-09-01",
            }
        ],
    }
    services.register._save(
        IdempotencyRecord.create(
            Actor("registrar", "r9"),
            "key-admission",
            ADMISSIONS[0][1],
            {"aggregate_id": str(TEACHER), "version": 1, "position": 0, "data": answer},
        )
    )
    me = {**token_for("registrar", "r9"), "Idempotency-Key": "key-admission"}
    again = client.post("/api/teachers", json=ADMISSION, headers=me)
    assert again.status_code == 201, again.text
    assert again.json()["teacher_id"] == str(TEACHER)
    assert again.json()["register_number"] == "12345678901"
    assert services.register.find_by_bsn("111222333") is None  # nothing admitted

    other = client.post("/api/teachers", json={**ADMISSION, "bsn": "123456782"}, headers=me)
    assert other.status_code == 409, other.text
    assert "123456782" not in other.text
    assert services.register.find_by_bsn("123456782") is None


def test_withdrawal_and_leave_decision_keys_stored_before_answer_their_retries(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """The old code's records of a withdrawal (bound to its reason) and of a leave approval
    and rejection: each retry gets the recorded answer and writes nothing; the withdrawal's
    key with another reason is refused."""
    _file_with_old_records(services)
    teacher, registrar = Actor("teacher", str(TEACHER)), Actor("registrar", "r9")
    leave = {"leave_id": "leave-1", "status": "approved", "period_ends": {"q": "2027-09-01"}}
    for actor, key, print_, data in (
        (teacher, "key-withdraw", STORED_WITHDRAWAL, {"activity_id": "act-1"}),
        (registrar, "key-approve", ON_LEAVE[0][1], leave),
        (registrar, "key-reject", ON_LEAVE[1][1], {**leave, "status": "rejected"}),
    ):
        services.register._save(
            IdempotencyRecord.create(
                actor,
                key,
                print_,
                {"aggregate_id": str(TEACHER), "version": 7, "position": 0, "data": data},
            )
        )
    version = services.register.get_teacher(TEACHER).version
    url = f"/api/teachers/{TEACHER}"
    me = token_for("teacher", str(TEACHER))
    withdrawal = f"{url}/activities/act-1/withdrawal"
    again = client.post(
        withdrawal,
        json={"reason": WITHDRAWAL_REASON},
        headers={**me, "Idempotency-Key": "key-withdraw"},
    )
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 7
    other = client.post(
        withdrawal,
        json={"reason": "iets anders"},
        headers={**me, "Idempotency-Key": "key-withdraw"},
    )
    assert other.status_code == 409, other.text

    staff = token_for("registrar", "r9")
    approved = client.post(
        f"{url}/leave/leave-1/approval", headers={**staff, "Idempotency-Key": "key-approve"}
    )
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["version"]) == ("approved", 7)
    rejected = client.post(
        f"{url}/leave/leave-1/rejection",
        json={"reason": "geen verklaring"},
        headers={**staff, "Idempotency-Key": "key-reject"},
    )
    assert rejected.status_code == 200, rejected.text
    assert (rejected.json()["status"], rejected.json()["version"]) == ("rejected", 7)
    assert services.register.get_teacher(TEACHER).version == version  # nothing written


def test_a_strike_off_over_http_stores_the_fingerprint_the_old_code_stored(
    services: Services, client: TestClient, token_for: Callable[..., dict[str, str]]
) -> None:
    """The key of a strike-off made now is bound to the payload the old code built by hand (so
    keys stored before and after mean the same); its retry answers the same decision, and the
    same key with another reason is refused."""
    _file_with_old_records(services)
    qid = next(iter(services.register.get_teacher(TEACHER).qualifications))
    staff = {**token_for("registrar", "r9"), "Idempotency-Key": "key-strike"}
    url = f"/api/teachers/{TEACHER}/qualifications/{qid}/strike-off"
    body = {"ground": "own_request", "effective_on": "2026-11-28", "reason": "op eigen verzoek"}
    first = client.post(url, json=body, headers=staff)
    assert first.status_code == 201, first.text
    old_payload = {
        "command": "strike_off",
        "teacher": TEACHER,
        "qualification": qid,
        "ground": "own_request",
        "effective_on": date(2026, 11, 28),
        "heard_on": None,
        "reason": "op eigen verzoek",
    }
    record = services.register.repository.get(
        idempotency_id(Actor("registrar", "r9"), "key-strike")
    )
    assert record.fingerprint == fingerprint(old_payload)
    again = client.post(url, json=body, headers=staff)
    assert again.status_code == 201, again.text
    assert again.json()["decision_id"] == first.json()["decision_id"]
    other = client.post(url, json={**body, "reason": "een andere reden"}, headers=staff)
    assert other.status_code == 409, other.text
