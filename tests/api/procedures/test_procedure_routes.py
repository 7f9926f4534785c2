"""The procedures over HTTP on both stores: formats, roles, refusals naming the rule."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands.deliveries import Deliver
from tests.decision_helpers import MovableClock, admit
from tests.procedure_helpers import (
    BOARD,
    EMPLOYER,
    admitted_provider,
    csv_of,
    new_bsn,
    offering,
    row,
)

Tokens = Callable[..., dict[str, str]]
DELIVERIES = f"/api/employers/{BOARD}/deliveries"


def test_a_json_delivery_reports_faults_by_row_and_field(
    client: TestClient, token_for: Tokens
) -> None:
    body = {"delivery_id": "j-1", "appointments": [row(), row("123", gender=None), {"bsn": 1}]}
    answer = client.post(DELIVERIES, json=body, headers=token_for("employer", BOARD))
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert data["accepted"] == 1
    assert [r["row"] for r in data["rejected"]] == [2, 3]
    assert {e["field"] for e in data["rejected"][0]["errors"]} == {"bsn", "gender"}
    assert data["rejected"][0]["line"] is None


def test_a_semicolon_csv_with_dutch_decimals_is_read(client: TestClient, token_for: Tokens) -> None:
    body = csv_of([row(fte="0,6")], delimiter=";")
    answer = client.post(
        DELIVERIES,
        content=b"\xef\xbb\xbf" + body,
        headers={**token_for("employer", BOARD), "Content-Type": "text/csv", "Delivery-Id": "c"},
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["rejected"]) == (1, [])


def test_a_csv_line_with_too_few_fields_is_a_fault_of_that_row(
    client: TestClient, token_for: Tokens
) -> None:
    body = csv_of([row()]) + b"111222333,V\n"
    answer = client.post(
        DELIVERIES,
        content=body,
        headers={**token_for("employer", BOARD), "Content-Type": "text/csv", "Delivery-Id": "c"},
    ).json()
    assert answer["rejected"][0]["row"] == 2
    assert answer["rejected"][0]["errors"][0] == {
        "field": "(row)",
        "message": "the line has 2 fields, the header 10",
    }


@pytest.mark.parametrize(
    ("content", "headers", "status", "field"),
    [
        pytest.param(b"bsn,gender\n", {"Delivery-Id": "x"}, 422, "birth_date", id="header-lacks"),
        pytest.param(
            csv_of([row()]).replace(b"fte", b"size"),
            {"Delivery-Id": "x"},
            422,
            "size",
            id="header-unknown-column",
        ),
        pytest.param(csv_of([row()]), {}, 422, "Delivery-Id", id="no-delivery-id"),
        pytest.param(b"\xff\xfe", {"Delivery-Id": "x"}, 400, None, id="not-utf8"),
    ],
)
def test_a_csv_that_cannot_be_read_as_a_delivery_is_refused_whole(
    client: TestClient,
    token_for: Tokens,
    content: bytes,
    headers: dict[str, str],
    status: int,
    field: str | None,
) -> None:
    answer = client.post(
        DELIVERIES,
        content=content,
        headers={**token_for("employer", BOARD), "Content-Type": "text/csv", **headers},
    )
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    if field is not None:
        assert field in {e["field"] for e in answer.json()["errors"]}


def test_deliveries_are_refused_for_another_board_other_roles_and_other_formats(
    client: TestClient, token_for: Tokens
) -> None:
    body = {"delivery_id": "x", "appointments": [row()]}
    assert (
        client.post(DELIVERIES, json=body, headers=token_for("employer", "99999")).status_code
        == 403
    )
    assert client.post(DELIVERIES, json=body, headers=token_for("registrar")).status_code == 403
    assert client.post(DELIVERIES, json=body).status_code == 401
    xml = client.post(
        DELIVERIES,
        content=b"<rows/>",
        headers={**token_for("employer", BOARD), "Content-Type": "application/xml"},
    )
    assert xml.status_code == 415
    broken = client.post(
        DELIVERIES,
        content=b"{not json",
        headers={**token_for("employer", BOARD), "Content-Type": "application/json"},
    )
    assert broken.status_code == 400
    shapeless = client.post(
        DELIVERIES, json={"appointments": "none"}, headers=token_for("employer", BOARD)
    )
    assert shapeless.status_code == 422


def test_a_repeated_delivery_answers_the_first_answer(
    client: TestClient, token_for: Tokens
) -> None:
    body = {"delivery_id": "r-1", "appointments": [row(), row(brin="xx")]}
    headers = token_for("employer", BOARD)
    first = client.post(DELIVERIES, json=body, headers=headers).json()
    again = client.post(DELIVERIES, json=body, headers=headers).json()
    assert (first["repeated"], again["repeated"]) == (False, True)
    assert {**again, "repeated": False} == first
    other = {"delivery_id": "r-1", "appointments": [row()]}
    assert client.post(DELIVERIES, json=other, headers=headers).status_code == 409


def test_the_teacher_checks_delivered_data_and_the_employer_reads_the_disputes(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    teacher = admit(services.register)
    file = services.register.get_teacher(teacher.teacher_id)
    (appointment_id,) = file.appointments
    me = token_for("teacher", str(teacher.teacher_id))
    base = f"/api/teachers/{teacher.teacher_id}/appointments/{appointment_id}"
    assert (
        client.post(
            f"{base}/dispute",
            json={"reason": "x"},
            headers=token_for("teacher", str(admit(services.register).teacher_id)),
        ).status_code
        == 403
    )
    disputed = client.post(f"{base}/dispute", json={"reason": "ik werk 0,4 fte"}, headers=me)
    assert disputed.status_code == 200, disputed.text
    assert disputed.json()["confirmation"] == "disputed"
    shown = client.get(f"/api/teachers/{teacher.teacher_id}", headers=me).json()
    assert shown["appointments"][0]["confirmation"] == "disputed"
    assert shown["appointments"][0]["dispute_reason"] == "ik werk 0,4 fte"
    services.projections.catch_up_all()
    employer = token_for("employer", BOARD)
    listed = client.get(f"/api/employers/{BOARD}/disputes", headers=employer)
    assert listed.status_code == 200, listed.text
    assert [(d["teacher_id"], d["reason"]) for d in listed.json()["data"]] == [
        (str(teacher.teacher_id), "ik werk 0,4 fte")
    ]
    assert client.get("/api/employers/99999/disputes", headers=employer).status_code == 403
    confirmed = client.post(f"{base}/confirmation", headers=me)
    assert confirmed.json()["confirmation"] == "confirmed"
    assert client.post(f"{base}/confirmation", headers=me).status_code == 409
    assert (
        client.post(
            f"/api/teachers/{teacher.teacher_id}/appointments/nope/confirmation", headers=me
        ).status_code
        == 404
    )


def test_the_staff_list_shows_delivered_people_not_on_file_as_not_registered(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    bsn = new_bsn()
    services.register.deliver(BOARD, Deliver(delivery_id="d", rows=[row(bsn)]), ctx=EMPLOYER)
    services.projections.catch_up_all()
    staff = client.get(f"/api/employers/{BOARD}/staff", headers=token_for("employer", BOARD))
    assert staff.status_code == 200, staff.text
    (person,) = staff.json()["not_registered"]
    assert person["registered"] is False
    assert person["bsn"] == "******" + bsn[-3:]
    assert bsn not in staff.text


def test_providers_and_offerings_over_http(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    register = services.register
    validator = token_for("validator", "v1")
    provider = token_for("provider", "acme")
    refused = client.post(
        "/api/offerings",
        json={
            "title": "t",
            "competence_areas": ["didactics"],
            "contact_hours": "8",
            "self_study_hours": "0",
            "price": "10.00",
        },
        headers=provider,
    )
    assert refused.status_code == 404  # not even applied
    admitted_provider(register, "acme")
    oid = offering(register, "acme")
    other = offering(register, admitted_provider(register, "beta", kvk="87654321"))
    assert client.get(f"/api/offerings/{oid}", headers=provider).status_code == 200
    assert client.get(f"/api/offerings/{other}", headers=provider).status_code == 403
    assert client.get("/api/providers/beta", headers=provider).status_code == 403
    assert client.get("/api/providers/acme", headers=validator).json()["status"] == "admitted"
    assert client.post(f"/api/offerings/{oid}/validation", headers=provider).status_code == 403
    services.projections.catch_up_all()
    due = client.get("/api/offerings", params={"status": "submitted"}, headers=validator).json()
    assert {d["offering_id"] for d in due["data"]} == {oid, other}
    assert client.post(f"/api/offerings/{oid}/validation", headers=validator).status_code == 201
    assert client.post(f"/api/offerings/{oid}/validation", headers=validator).status_code == 409
    revoked = client.post(
        f"/api/offerings/{other}/revocation", json={"reason": "klachten"}, headers=validator
    )
    assert revoked.status_code == 409
    assert "only a validated offering" in revoked.json()["detail"]
    teacher = admit(register)
    me = token_for("teacher", str(teacher.teacher_id))
    client.post(
        f"/api/teachers/{teacher.teacher_id}/activities",
        json={
            "kind": "course",
            "title": "cursus",
            "occurred_on": "2026-11-28",
            "contact_hours": "8",
            "self_study_hours": "4",
            "competence_areas": ["didactics"],
            "offering_id": oid,
        },
        headers=me,
    )
    rated = client.post(
        f"/api/offerings/{oid}/ratings", json={"score": 4, "comment": "goed"}, headers=me
    )
    assert rated.status_code == 201, rated.text
    assert (
        client.post(f"/api/offerings/{oid}/ratings", json={"score": 5}, headers=me).status_code
        == 409
    )
    assert (
        client.post(f"/api/offerings/{oid}/ratings", json={"score": 9}, headers=me).status_code
        == 422
    )
    services.projections.catch_up_all()
    detail = client.get(f"/api/public/offerings/{oid}")
    assert detail.status_code == 200, detail.text
    assert detail.json()["rating"] == {"average": "4.0", "count": 1}
    assert detail.json()["comments"] == [{"score": 4, "comment": "goed"}]
    assert client.get(f"/api/public/offerings/{other}").status_code == 404
    assert "kvk_number" not in detail.text


def test_hearing_routes_name_the_rule_they_refuse_on(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    teacher = admit(services.register)
    registrar = token_for("registrar", "r1")
    path = f"/api/teachers/{teacher.teacher_id}/qualifications/{teacher.qualification_id}"
    own = client.post(
        f"{path}/strike-off-proposal",
        json={"ground": "own_request", "reason": "r"},
        headers=registrar,
    )
    assert own.status_code == 422
    made = client.post(
        f"{path}/strike-off-proposal",
        json={"ground": "disciplinary_measure", "reason": "tucht"},
        headers=registrar,
    )
    assert made.status_code == 201, made.text
    url = made.headers["Location"]
    early = client.post(
        f"{url}/decision", json={"effective_on": "2026-11-28", "reason": "r"}, headers=registrar
    )
    assert early.status_code == 409
    assert "2026-12-14" in early.json()["detail"]
    other = token_for("teacher", str(admit(services.register).teacher_id))
    assert client.post(f"{url}/view", json={"view": "v"}, headers=other).status_code == 403
    assert client.get(url, headers=token_for("teacher", str(teacher.teacher_id))).status_code == 200
    assert client.get(url, headers=token_for("employer", BOARD)).status_code == 403
    clock.today = date(2026, 12, 15)
    late = client.post(
        f"{url}/view",
        json={"view": "te laat"},
        headers=token_for("teacher", str(teacher.teacher_id)),
    )
    assert late.status_code == 409


def test_objection_routes_keep_every_step(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    teacher = admit(services.register)
    registrar = token_for("registrar", "r1")
    appeals = token_for("appeals", "c")
    me = token_for("teacher", str(teacher.teacher_id))
    path = f"/api/teachers/{teacher.teacher_id}/qualifications/{teacher.qualification_id}"
    struck = client.post(
        f"{path}/strike-off",
        json={"ground": "own_request", "effective_on": "2026-11-28", "reason": "verzoek"},
        headers=registrar,
    ).json()
    decision_id = struck["decision_id"]
    assert (
        client.post(
            "/api/objections/3f1c2b9a-0000-4000-8000-000000000000/ruling",
            json={"outcome": "unfounded", "reasoning": "r"},
            headers=appeals,
        ).status_code
        == 404
    )
    other = token_for("teacher", str(admit(services.register).teacher_id))
    assert (
        client.post(
            "/api/objections", json={"decision_id": decision_id, "grounds": "g"}, headers=other
        ).status_code
        == 403
    )
    clock.today += timedelta(days=45)  # the term ended on Monday 11 January (Atw art. 1)
    made = client.post(
        "/api/objections", json={"decision_id": decision_id, "grounds": "g"}, headers=me
    )
    assert made.status_code == 201, made.text  # late, and recorded: the committee judges it
    assert made.json()["excuse"] is None
    again = client.post(
        "/api/objections",
        json={"decision_id": decision_id, "grounds": "g", "excuse": "post kwam niet aan"},
        headers=me,
    )
    assert again.status_code == 409
    objection_id = made.json()["objection_id"]
    assert made.json()["in_time"] is False
    assert client.get(f"/api/objections/{objection_id}", headers=me).status_code == 200
    assert client.get(f"/api/objections/{objection_id}", headers=other).status_code == 403
    assert client.get("/api/objections", headers=me).status_code == 403
    extended = client.post(
        f"/api/objections/{objection_id}/extension", json={"reason": "advies"}, headers=appeals
    )
    assert extended.status_code == 200, extended.text
    assert extended.json()["extended"] is True
    assert (
        client.post(
            f"/api/objections/{objection_id}/extension",
            json={"reason": "nog eens"},
            headers=appeals,
        ).status_code
        == 409
    )
    ruled = client.post(
        f"/api/objections/{objection_id}/ruling",
        json={"outcome": "inadmissible", "reasoning": "te laat zonder verschoonbare reden"},
        headers=appeals,
    )
    assert ruled.status_code == 201, ruled.text
    assert ruled.json()["objection"]["status"] == "ruled"
    second = client.post(
        f"/api/objections/{objection_id}/ruling",
        json={"outcome": "well_founded", "reasoning": "r"},
        headers=appeals,
    )
    assert second.status_code == 409
    assert "a ruling is given once" in second.json()["detail"]
