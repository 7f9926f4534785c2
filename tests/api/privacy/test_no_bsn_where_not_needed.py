"""The BSN finds a person and is kept encrypted; it is in no log line, no address, no error,
no read model and no answer but the registrar's (and the person's own file)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Any

import psycopg
from fastapi.testclient import TestClient
from httpx import Response
from psycopg import sql
from structlog.testing import capture_logs

from api.bootstrap import Services
from tests.api.test_teachers import ADMISSION
from tests.procedure_helpers import csv_of, row

Tokens = Callable[..., dict[str, str]]
BOARD = "41234"
BSNS = ("918273602", "123456782", "111222333")
WRONG = "123456789"  # fails the elfproef


def _tables(services: Services) -> dict[str, list[Any]]:
    """Every row of every table in the store (the events too: the BSN is stored encrypted)."""
    skip = {"lr_person_keys"}  # wrapped keys: random bytes
    store = services.store
    out: dict[str, list[Any]] = {}
    if store.is_postgres:
        with psycopg.connect(store.conninfo) as conn:
            names = [
                r[0]
                for r in conn.execute(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = %s",
                    (store.schema,),
                )
            ]
            for name in names:
                if name not in skip:
                    query = sql.SQL("SELECT * FROM {}").format(sql.Identifier(store.schema, name))
                    out[name] = conn.execute(query).fetchall()
        return out
    assert store.sqlite_path is not None
    conn = sqlite3.connect(store.sqlite_path)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        for name in names:
            if name not in skip:
                out[name] = conn.execute(f'SELECT * FROM "{name}"').fetchall()
    finally:
        conn.close()
    return out


def _journey(client: TestClient, token_for: Tokens) -> list[tuple[str, Response]]:
    """Admissions, refusals, look-ups, a delivery, reads by every audience."""
    registrar = token_for("registrar")
    employer = token_for("employer", BOARD)
    answers: list[tuple[str, Response]] = []

    def call(label: str, method: str, url: str, **kw: Any) -> Response:
        response = client.request(method, url, **kw)
        answers.append((label, response))
        return response

    ids = []
    for bsn in BSNS:
        admitted = call(
            "admit", "POST", "/api/teachers", json={**ADMISSION, "bsn": bsn}, headers=registrar
        )
        assert admitted.status_code == 201, admitted.text
        ids.append(admitted.json()["teacher_id"])
    call(
        "duplicate", "POST", "/api/teachers", json={**ADMISSION, "bsn": BSNS[0]}, headers=registrar
    )
    call("invalid", "POST", "/api/teachers", json={**ADMISSION, "bsn": WRONG}, headers=registrar)
    call("lookup", "POST", "/api/teachers/lookup", json={"bsn": BSNS[1]}, headers=registrar)
    call(
        "lookup-none", "POST", "/api/teachers/lookup", json={"bsn": "100000009"}, headers=registrar
    )
    call("lookup-bad", "POST", "/api/teachers/lookup", json={"bsn": WRONG}, headers=registrar)
    delivered = call(
        "delivery",
        "POST",
        f"/api/employers/{BOARD}/deliveries",
        content=csv_of([row(BSNS[0]), row(BSNS[2]), row(WRONG), row("999999990")]),
        headers={**employer, "Content-Type": "text/csv", "Delivery-Id": "2026-12"},
    )
    assert delivered.status_code == 200, delivered.text
    for tid in ids:
        call("employer-file", "GET", f"/api/teachers/{tid}", headers=employer)
        call(
            "teacher-export",
            "GET",
            f"/api/teachers/{tid}/export",
            headers=token_for("teacher", tid),
        )
        call("audit", "GET", f"/api/audit/teachers/{tid}/events", headers=token_for("auditor"))
    call("public", "GET", "/api/public/register", params={"name": "Vries"})
    call("staff", "GET", f"/api/employers/{BOARD}/staff", headers=employer)
    call("pending", "GET", f"/api/employers/{BOARD}/pending", headers=employer)
    return answers


def test_no_bsn_in_logs_answers_or_read_models(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    with capture_logs() as logs:
        answers = _journey(client, token_for)
        services.projections.catch_up_all()
    tables = _tables(services)

    every_bsn = (*BSNS, WRONG, "999999990", "100000009")
    for bsn in every_bsn:
        assert bsn not in repr(logs), f"BSN in a log line: {bsn}"
        for label, response in answers:
            assert bsn not in response.text, f"BSN in the answer of {label}: {response.text[:300]}"
            assert bsn not in str(response.request.url), label
        for name, rows in tables.items():
            assert bsn not in repr(rows), f"BSN in table {name}"
    assert {label for label, _ in answers} >= {"admit", "duplicate", "invalid", "delivery"}
