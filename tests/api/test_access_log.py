"""Who looked at my file: every read of non-public data is logged, and the teacher sees it."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.api.test_teachers import admit

Tokens = Callable[..., dict[str, str]]
APPOINTMENT = {
    "board_number": "41234",
    "brin": "12AB",
    "start": "2022-09-01",
    "fte": "0.8",
    "basis": "diploma",
}


def _employed_teacher(client: TestClient, token_for: Tokens) -> str:
    tid = str(admit(client, token_for)["teacher_id"])
    answer = client.post(
        f"/api/teachers/{tid}/appointments", json=APPOINTMENT, headers=token_for("registrar")
    )
    assert answer.status_code == 201
    confirmed = client.post(
        f"/api/teachers/{tid}/appointments/{answer.json()['appointment_id']}/confirmation",
        headers=token_for("teacher", tid),
    )
    assert confirmed.status_code == 200
    return tid


def test_teacher_sees_who_read_their_file(client: TestClient, token_for: Tokens) -> None:
    """Reads by the employer and the registrar appear, newest first, with route and request id."""
    tid = _employed_teacher(client, token_for)
    employer = client.get(
        f"/api/teachers/{tid}", headers={**token_for("employer", "41234"), "X-Request-Id": "emp-1"}
    )
    assert employer.status_code == 200
    registrar = client.get(f"/api/teachers/{tid}/progress", headers=token_for("registrar"))
    assert registrar.status_code == 200
    log = client.get(f"/api/teachers/{tid}/access-log", headers=token_for("teacher", tid))
    assert log.status_code == 200
    rows = log.json()["data"]
    assert [(r["role"], r["route"]) for r in rows] == [
        ("registrar", "/api/teachers/{teacher_id}/progress"),
        ("employer", "/api/teachers/{teacher_id}"),
    ]
    assert rows[1]["subject"] == "41234"
    assert rows[1]["request_id"] == "emp-1"
    assert rows[1]["status"] == 200
    assert rows[1]["token_id"]
    assert log.json()["next_cursor"] is None


def test_refused_and_failed_reads_are_not_logged(client: TestClient, token_for: Tokens) -> None:
    """A 403 or 404 disclosed nothing, so it leaves no line."""
    tid = str(admit(client, token_for)["teacher_id"])
    assert client.get(f"/api/teachers/{tid}", headers=token_for("employer", "1")).status_code == 403
    other = "00000000-0000-0000-0000-000000000000"
    assert client.get(f"/api/teachers/{other}", headers=token_for("registrar")).status_code == 404
    log = client.get("/api/audit/access-log", headers=token_for("auditor")).json()
    assert log["data"] == []


def test_only_the_teacher_and_auditors_read_a_files_access_log(
    client: TestClient, token_for: Tokens
) -> None:
    """Another teacher, the employer and the registrar get 403."""
    tid = _employed_teacher(client, token_for)
    url = f"/api/teachers/{tid}/access-log"
    other = str(admit(client, token_for, bsn="123456782")["teacher_id"])
    assert client.get(url, headers=token_for("teacher", other)).status_code == 403
    assert client.get(url, headers=token_for("employer", "41234")).status_code == 403
    assert client.get(url, headers=token_for("registrar")).status_code == 403
    assert client.get(url, headers=token_for("auditor")).status_code == 200


def test_auditor_pages_through_the_log_of_one_file(client: TestClient, token_for: Tokens) -> None:
    """limit and cursor page newest first; the filter keeps to one file."""
    tid = _employed_teacher(client, token_for)
    other = str(admit(client, token_for, bsn="123456782")["teacher_id"])
    registrar = token_for("registrar")
    for _ in range(3):
        client.get(f"/api/teachers/{tid}", headers=registrar)
    client.get(f"/api/teachers/{other}", headers=registrar)
    auditor = token_for("auditor")
    first = client.get(f"/api/audit/access-log?teacher_id={tid}&limit=2", headers=auditor).json()
    assert len(first["data"]) == 2
    cursor = first["next_cursor"]
    rest = client.get(
        f"/api/audit/access-log?teacher_id={tid}&limit=2&cursor={cursor}", headers=auditor
    ).json()
    assert len(rest["data"]) == 1
    assert rest["next_cursor"] is None
    assert {r["teacher_id"] for r in first["data"] + rest["data"]} == {tid}
    everyone = client.get("/api/audit/access-log", headers=auditor).json()["data"]
    assert len(everyone) == 4


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("cursor=not-ours", id="foreign-cursor"),
        pytest.param("cursor=WyJ4Il0", id="cursor-of-text"),
        pytest.param("limit=501", id="limit-too-high"),
        pytest.param("teacher_id=nope", id="not-a-teacher-id"),
    ],
)
def test_bad_paging_is_a_problem(client: TestClient, token_for: Tokens, query: str) -> None:
    """A cursor we did not give out is 400; a limit out of range or a bad filter 422."""
    response = client.get(f"/api/audit/access-log?{query}", headers=token_for("auditor"))
    assert response.status_code in (400, 422)
    assert response.headers["content-type"].startswith("application/problem+json")


def test_read_that_cannot_be_logged_is_not_served(
    client: TestClient, token_for: Tokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the access log cannot be written the answer is 503, without the file."""
    tid = str(admit(client, token_for)["teacher_id"])

    def broken(_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(client.app.state.access_log, "record", broken)  # type: ignore[attr-defined]
    response = client.get(f"/api/teachers/{tid}", headers=token_for("registrar"))
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "111222333" not in response.text
    assert tid not in response.text


def test_access_log_refuses_update_and_delete(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """The table is append-only in the database itself."""
    tid = str(admit(client, token_for)["teacher_id"])
    client.get(f"/api/teachers/{tid}", headers=token_for("registrar"))
    statements = ["UPDATE lr_access_log SET role = 'nobody'", "DELETE FROM lr_access_log"]
    if services.store.is_postgres:
        statements.append("TRUNCATE lr_access_log")
    for statement in statements:
        with (
            services.store.connect() as conn,
            pytest.raises((sqlite3.DatabaseError, psycopg.Error)),
        ):
            conn.execute(statement)
    log = client.get("/api/audit/access-log", headers=token_for("auditor")).json()["data"]
    assert [r["role"] for r in log] == ["registrar"]
