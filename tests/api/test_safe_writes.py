"""Safe writes on every POST route: position, ETag, If-Match and Idempotency-Key.

Runs the authorisation table's successful request of every POST route that takes a command
context, so a write route added later is swept up without another line here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.test_authorisation import POSTS_THAT_WRITE_NOTHING, RULES, send
from tests.api.world import World, build_world

#: Writes with no existing aggregate version to be conditional on (If-Match does not apply).
WITHOUT_VERSION = {
    ("POST", "/api/teachers"): "admits a new file",
    ("POST", "/api/providers"): "a new application",
    ("POST", "/api/offerings"): "submits a new offering",
    ("POST", "/api/objections"): "files a new objection",
    ("POST", "/api/employers/{board_number}/deliveries"): "changes many files at once",
    ("POST", "/api/decisions/run-due"): "decides on many files at once",
    ("POST", "/api/providers/{provider_id}/participation"): "changes many files at once",
    ("POST", "/api/activity-samples"): "draws a new sample",
    ("POST", "/api/criteria/impact-runs"): "starts a new impact run (or answers the open one)",
}
#: Writes that answer no ETag (no single aggregate version to name).
WITHOUT_ETAG = {
    ("POST", "/api/employers/{board_number}/deliveries"): "changes many files at once",
    ("POST", "/api/decisions/run-due"): "decides on many files at once",
    ("POST", "/api/providers/{provider_id}/participation"): "changes many files at once",
}

WRITES = [
    pytest.param(key, id=f"{key[0]} {key[1]}")
    for key, rule in RULES.items()
    if key[0] == "POST" and key not in POSTS_THAT_WRITE_NOTHING and 200 <= rule.ok < 300
]


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    w = build_world(Path(tmp_path_factory.mktemp("writes")), demo_teachers=5)
    yield w
    w.services.close()


@pytest.fixture(scope="module")
def client(world: World) -> Iterator[TestClient]:
    with TestClient(create_app(world.services)) as c:
        yield c


def _caller(key: tuple[str, str]) -> str:
    """A caller the rule lets through to its success status."""
    rule = RULES[key]
    return sorted(c for c in rule.allowed if c not in rule.special)[0]


def _head(world: World) -> int:
    return world.services.register.head_position()


@pytest.mark.parametrize("key", WRITES)
def test_write_answers_position_and_etag(
    client: TestClient, world: World, key: tuple[str, str]
) -> None:
    """A write answers the log position of its last event and the aggregate's version."""
    req = RULES[key].request(world)
    response: Any = send(client, req, world.headers(_caller(key), req))
    assert response.status_code == RULES[key].ok, response.text
    assert response.json()["position"] == _head(world)
    if key not in WITHOUT_ETAG:
        assert response.headers["etag"].strip('"').isdigit()


@pytest.mark.parametrize("key", WRITES)
def test_same_idempotency_key_returns_the_first_answer_and_writes_nothing(
    client: TestClient, world: World, key: tuple[str, str]
) -> None:
    """A retry with the key gets the first answer back, and the log does not grow."""
    req = RULES[key].request(world)
    headers = {**world.headers(_caller(key), req), "Idempotency-Key": f"retry-{key[1]}"}
    first: Any = send(client, req, headers)
    assert first.status_code == RULES[key].ok, first.text
    head = _head(world)
    again: Any = send(client, req, headers)
    assert again.status_code == first.status_code
    assert again.json() == first.json()
    assert _head(world) == head


@pytest.mark.parametrize("key", [w for w in WRITES if w.values[0] not in WITHOUT_VERSION])
def test_if_match_on_another_version_is_412(
    client: TestClient, world: World, key: tuple[str, str]
) -> None:
    """If-Match naming a version the aggregate is not at refuses the write, 412."""
    req = RULES[key].request(world)
    headers = {**world.headers(_caller(key), req), "If-Match": '"9999"'}
    head = _head(world)
    answer: Any = send(client, req, headers)
    assert answer.status_code == 412, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert _head(world) == head


def test_if_match_on_the_current_version_writes(client: TestClient, world: World) -> None:
    """The ETag of a read, sent back as If-Match, lets the write through once."""
    tid = world.teacher_id
    me = world.auth("teacher")
    etag = client.get(f"/api/teachers/{tid}", headers=me).headers["etag"]
    url = f"/api/teachers/{tid}/leave"
    body = {"kind": "care", "start": "2023-02-01", "end": "2023-02-02"}
    first = client.post(url, json=body, headers={**me, "If-Match": etag})
    assert first.status_code == 201
    assert first.headers["etag"] == f'"{int(etag.strip(chr(34))) + 1}"'
    second = client.post(url, json=body, headers={**me, "If-Match": etag})
    assert second.status_code == 412


def test_retry_of_a_conditional_write_gets_its_first_answer(
    client: TestClient, world: World
) -> None:
    """Idempotency-Key with If-Match: the retry after success is the first answer, not 412."""
    tid = world.teacher_id
    me = world.auth("teacher")
    etag = client.get(f"/api/teachers/{tid}", headers=me).headers["etag"]
    headers = {**me, "If-Match": etag, "Idempotency-Key": "conditional-once"}
    body = {"kind": "care", "start": "2023-03-01", "end": "2023-03-02"}
    first = client.post(f"/api/teachers/{tid}/leave", json=body, headers=headers)
    again = client.post(f"/api/teachers/{tid}/leave", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()


def test_key_reused_for_another_request_is_409(client: TestClient, world: World) -> None:
    """One key, two different bodies: the second is refused, nothing is written."""
    tid = world.teacher_id
    headers = {**world.auth("teacher"), "Idempotency-Key": "one-key-two-bodies"}
    url = f"/api/teachers/{tid}/leave"
    body = {"kind": "care", "start": "2023-04-01", "end": "2023-04-02"}
    assert client.post(url, json=body, headers=headers).status_code == 201
    head = _head(world)
    other = client.post(url, json={**body, "end": "2023-04-03"}, headers=headers)
    assert other.status_code == 409
    assert _head(world) == head


@pytest.mark.parametrize(
    ("value", "status"),
    [
        pytest.param('"abc"', 400, id="not-a-version"),
        pytest.param('"1e3"', 400, id="exponent"),
        pytest.param('W/"1"', 412, id="weak-etag-is-read-as-version"),
    ],
)
def test_if_match_must_name_a_version(
    client: TestClient, world: World, value: str, status: int
) -> None:
    """A malformed If-Match is 400; a well-formed one on another version 412."""
    response = client.post(
        f"/api/teachers/{world.teacher_id}/activities",
        json={
            "kind": "course",
            "title": "x",
            "occurred_on": "2024-01-01",
            "contact_hours": 1,
            "competence_areas": ["didactics"],
        },
        headers={**world.auth("teacher"), "If-Match": value},
    )
    assert response.status_code == status


def test_overlong_idempotency_key_is_422(client: TestClient, world: World) -> None:
    """Keys have 1 to 200 characters."""
    response = client.post(
        f"/api/teachers/{world.teacher_id}/leave",
        json={"kind": "care", "start": "2023-05-01", "end": "2023-05-02"},
        headers={**world.auth("teacher"), "Idempotency-Key": "k" * 201},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "idempotency-key"
