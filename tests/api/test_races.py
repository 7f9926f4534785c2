"""Concurrent requests over HTTP: commuting writes all land, one Idempotency-Key lands once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.register import base as application
from tests.api.test_teachers import ACTIVITY, admit

Tokens = Callable[..., dict[str, str]]
WRITERS = 8
#: The red-team's load: 20 clients recording activities on one teacher at once.
CROWD = 20
POSTS = 10


def _together(n: int, call: Callable[[int], Any]) -> list[Any]:
    """Run `call(i)` for i < n in threads released at the same moment."""
    barrier = threading.Barrier(n)

    def run(i: int) -> Any:
        barrier.wait()
        return call(i)

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def test_concurrent_activity_posts_for_one_teacher_all_land(
    client: TestClient, token_for: Tokens
) -> None:
    """Recording activities commutes: every racing post lands, each at its own version."""
    tid = admit(client, token_for)["teacher_id"]
    me = token_for("teacher", tid)
    url = f"/api/teachers/{tid}/activities"
    answers = _together(
        WRITERS, lambda i: client.post(url, json={**ACTIVITY, "title": f"race {i}"}, headers=me)
    )
    assert [a.status_code for a in answers] == [201] * WRITERS
    assert sorted(a.json()["version"] for a in answers) == list(range(2, 2 + WRITERS))
    file = client.get(f"/api/teachers/{tid}", headers=me).json()
    assert sorted(a["title"] for a in file["activities"]) == sorted(
        f"race {i}" for i in range(WRITERS)
    )


def test_concurrent_posts_with_one_idempotency_key_land_once(
    client: TestClient, token_for: Tokens
) -> None:
    """Racing retries of one request all get the same answer; one activity is recorded."""
    tid = admit(client, token_for)["teacher_id"]
    headers = {**token_for("teacher", tid), "Idempotency-Key": "the-same-key"}
    url = f"/api/teachers/{tid}/activities"
    answers = _together(WRITERS, lambda _: client.post(url, json=ACTIVITY, headers=headers))
    assert {a.status_code for a in answers} == {201}
    assert len({a.text for a in answers}) == 1
    file = client.get(f"/api/teachers/{tid}", headers=headers).json()
    assert len(file["activities"]) == 1
    assert file["version"] == 2


def test_twenty_concurrent_writers_on_one_file_all_land_without_a_500(
    client: TestClient, token_for: Tokens
) -> None:
    """Twenty clients racing on one file, ten posts each (200 in all): every post lands (201), none is a
    500 (the shared aggregate cache is copied under its lock) and none a 409 (the backoff
    grows with the contention)."""
    tid = admit(client, token_for)["teacher_id"]
    me = token_for("teacher", tid)
    url = f"/api/teachers/{tid}/activities"

    def posts(i: int) -> list[int]:
        return [
            client.post(url, json={**ACTIVITY, "title": f"crowd {i}.{n}"}, headers=me).status_code
            for n in range(POSTS)
        ]

    statuses = [s for pair in _together(CROWD, posts) for s in pair]
    assert statuses == [201] * (POSTS * CROWD)
    file = client.get(f"/api/teachers/{tid}", headers=me).json()
    assert len(file["activities"]) == POSTS * CROWD
    assert file["version"] == 1 + POSTS * CROWD


def test_a_write_that_cannot_get_its_turn_answers_409_with_retry_after(
    client: TestClient, token_for: Tokens, services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A commuting write that cannot land within its time budget (here: another writer holds
    the file) answers 409 with `Retry-After`, so the client knows the same request can land."""
    tid = admit(client, token_for)["teacher_id"]
    me = token_for("teacher", tid)
    monkeypatch.setattr(application, "COMMUTATIVE_BUDGET", 0.05)
    with services.register._writers.hold(UUID(tid), 1.0):
        answer = _together(
            1, lambda _: client.post(f"/api/teachers/{tid}/activities", json=ACTIVITY, headers=me)
        )[0]
    assert answer.status_code == 409
    assert answer.headers["retry-after"] == "1"
    assert answer.json()["type"].endswith("/busy")
    assert client.get(f"/api/teachers/{tid}", headers=me).json()["version"] == 1
