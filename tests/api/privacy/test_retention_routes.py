"""The retention policy over HTTP on both stores: drafted and adopted through the criteria
routes, and the server's own `run-due` enforcing the access log's retention."""

from __future__ import annotations

import json
from collections.abc import Callable

from fastapi.testclient import TestClient

from api.access_log import Access, AccessLog
from policies import document_sha256, load_default

Tokens = Callable[..., dict[str, str]]
JSON = {"Content-Type": "application/json"}


def _v2() -> bytes:
    raw, _ = load_default("retention")
    data = json.loads(raw)
    data["version"] = 2
    data["access_log_days"] = 365
    return json.dumps(data).encode()


def test_standards_draft_and_adopt_a_retention_version(
    client: TestClient, token_for: Tokens
) -> None:
    standards = token_for("standards")
    raw = _v2()
    assert (
        client.post("/api/criteria", content=raw, headers=token_for("registrar") | JSON).status_code
        == 403
    )
    drafted = client.post("/api/criteria", content=raw, headers=standards | JSON)
    assert drafted.status_code == 201, drafted.text
    assert drafted.headers["Location"] == "/api/public/criteria/retention/2"
    assert client.get("/api/public/criteria/retention/2").content == raw
    faulty = client.post(
        "/api/criteria",
        content=json.dumps({**json.loads(raw), "version": 3, "access_log_days": 0}).encode(),
        headers=standards | JSON,
    )
    assert faulty.status_code == 422
    assert [e["field"] for e in faulty.json()["errors"]] == ["access_log_days"]
    adopted = client.post(
        "/api/criteria/retention/2/adoption",
        json={
            "effective_from": "2027-01-01",
            "consultation": {"with": ["Autoriteit Persoonsgegevens"], "held_on": "2026-11-01"},
        },
        headers=standards,
    )
    assert adopted.status_code == 201, adopted.text
    listed = {
        (v["name"], v["version"]): v for v in client.get("/api/public/criteria").json()["data"]
    }
    assert listed[("retention", 2)]["status"] == "adopted"
    assert listed[("retention", 2)]["sha256"] == document_sha256(raw)


def test_the_servers_run_due_deletes_access_log_entries_past_their_retention(
    client: TestClient, token_for: Tokens
) -> None:
    log: AccessLog = client.app.state.access_log  # type: ignore[attr-defined]
    tid = "00000000-0000-4000-8000-000000000001"
    log.record(
        [
            Access(
                "2020-01-01T00:00:00.000000+00:00",
                tid,
                "registrar",
                None,
                None,
                "GET",
                "/x",
                200,
                "old",
            ),
            Access(
                "2026-11-01T00:00:00.000000+00:00",
                tid,
                "registrar",
                None,
                None,
                "GET",
                "/x",
                200,
                "new",
            ),
        ]
    )
    answer = client.post("/api/decisions/run-due", headers=token_for("registrar"))
    assert answer.status_code == 200, answer.text
    retention = answer.json()["retention"]
    assert retention["access_log_deleted"] == 1
    assert retention["policy"]["version"] == 1
    assert [a.request_id for a in log.read(teacher_id=tid, before=None, limit=10)] == ["new"]
    again = client.post("/api/decisions/run-due", headers=token_for("registrar"))
    assert again.json()["retention"]["access_log_deleted"] == 0
