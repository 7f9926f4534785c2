"""Concurrent requests over HTTP: commuting writes all land, one Idempotency-Key lands once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fastapi.testclient import TestClient

from tests.api.test_teachers import ACTIVITY, admit

Tokens = Callable[..., dict[str, str]]
WRITERS = 8


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
