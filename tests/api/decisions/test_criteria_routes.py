"""Criteria over HTTP on both stores: public history, exact documents, drafts, adoption, impact."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from api.bootstrap import Services
from policies import document_sha256, load_default
from tests.decision_helpers import demo_like_teacher, document, lower_minimum

Tokens = Callable[..., dict[str, str]]
JSON = {"Content-Type": "application/json"}
ADOPTION = {
    "effective_from": "2027-01-01",
    "consultation": {"with": ["AOb", "VO-raad"], "held_on": "2026-11-15", "summary": "akkoord"},
}


def test_the_public_sees_every_version_and_the_exact_document(client: TestClient) -> None:
    listed = client.get("/api/public/criteria")
    assert listed.status_code == 200
    versions = listed.json()["data"]
    assert {(v["name"], v["version"], v["status"]) for v in versions} == {
        ("reregistration", 1, "adopted"),
        ("validation", 1, "adopted"),
        ("retention", 1, "adopted"),
    }
    raw, _ = load_default("reregistration")
    shown = client.get("/api/public/criteria/reregistration/1")
    assert shown.status_code == 200
    assert shown.content == raw
    assert shown.headers["X-Criteria-Sha256"] == document_sha256(raw)
    assert client.get("/api/public/criteria/reregistration/9").status_code == 404
    assert client.get("/api/public/criteria/nonsense/1").status_code == 404


def test_standards_draft_and_adopt_a_version(client: TestClient, token_for: Tokens) -> None:
    standards = token_for("standards")
    raw = lower_minimum()
    drafted = client.post("/api/criteria", content=raw, headers={**standards, **JSON})
    assert drafted.status_code == 201, drafted.text
    assert drafted.json()["sha256"] == document_sha256(raw)
    assert client.get(drafted.headers["Location"]).content == raw
    adopted = client.post(
        "/api/criteria/reregistration/2/adoption", json=ADOPTION, headers=standards
    )
    assert adopted.status_code == 201, adopted.text
    assert adopted.json()["effective_from"] == "2027-01-01"
    assert adopted.json()["consultation"]["with"] == ["AOb", "VO-raad"]
    again = client.post("/api/criteria/reregistration/2/adoption", json=ADOPTION, headers=standards)
    assert again.status_code == 409
    duplicate = client.post("/api/criteria", content=raw, headers={**standards, **JSON})
    assert duplicate.status_code == 409


def test_a_faulty_document_is_a_422_naming_every_field(
    client: TestClient, token_for: Tokens
) -> None:
    raw = document(version=2, min_total_hours=50, counted_kinds=["course", "knitting"], extra=1)
    answer = client.post("/api/criteria", content=raw, headers={**token_for("standards"), **JSON})
    assert answer.status_code == 422
    fields = {e["field"] for e in answer.json()["errors"]}
    assert {"counted_kinds.1", "extra", "area_minimums.0.min_hours"} <= fields
    broken = client.post(
        "/api/criteria", content=b"{not json", headers={**token_for("standards"), **JSON}
    )
    assert broken.status_code == 422


def test_adoption_before_the_current_effective_date_is_a_422(
    client: TestClient, token_for: Tokens
) -> None:
    standards = token_for("standards")
    client.post("/api/criteria", content=lower_minimum(), headers={**standards, **JSON})
    early = {**ADOPTION, "effective_from": "2017-01-01"}
    answer = client.post("/api/criteria/reregistration/2/adoption", json=early, headers=standards)
    assert answer.status_code == 422
    assert {e["field"] for e in answer.json()["errors"]} == {"effective_from"}
    missing = client.post(
        "/api/criteria/reregistration/5/adoption", json=ADOPTION, headers=standards
    )
    assert missing.status_code == 404


def test_only_standards_draft_adopt_and_weigh_criteria(
    client: TestClient, token_for: Tokens
) -> None:
    registrar = {**token_for("registrar"), **JSON}
    assert (
        client.post("/api/criteria", content=lower_minimum(), headers=registrar).status_code == 403
    )
    assert (
        client.post("/api/criteria/impact", content=lower_minimum(), headers=registrar).status_code
        == 403
    )


def test_impact_over_http_counts_changed_outcomes(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    for day in (1, 2, 3):
        demo_like_teacher(services.register, registered_on=date(2023, 1, day))
    demo_like_teacher(services.register, registered_on=date(2023, 1, 4), extra_hours=40)
    answer = client.post(
        "/api/criteria/impact?due_from=2026-06-01&due_to=2027-06-01&effective_from=2022-01-01",
        content=lower_minimum(),
        headers={**token_for("standards"), **JSON},
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["qualifications"] == 4
    assert body["current"] == {"re_registered": 1, "annotated": 3, "struck_off": 0}
    assert body["with_draft"]["re_registered"] == 4
    assert body["changed"] == 3
    assert (body["governed"], body["better"], body["worse"]) == (4, 3, 0)
    assert len(body["changes"]) == 3
