"""The reply to a COMMIT lost on the wire, under load, between a real server and PostgreSQL.

Injected: a real TCP proxy (`tests/faults/proxy.py`, asyncio in the test process) between a
`lerarenregister serve` process and a private PostgreSQL cluster (initdb in a temporary
folder; never the shared server). While armed it lets about a third of the COMMITs through
to the database, swallows the database's answer and cuts the connection: the write is
stored, the server never hears so.
Asserted: under four concurrent writers every answer is a 2xx, a 409 with `Retry-After` or a
503 with `Retry-After` (never a 500, never a dropped HTTP connection); once the proxy is
quiet, every request sent again with its Idempotency-Key answers its first answer (or lands
now); every activity is stored exactly once, every acknowledged one among them.
"""

from __future__ import annotations

import contextlib
import random
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.bootstrap import Services, build_services
from api.settings import Settings
from tests.api.test_teachers import ACTIVITY, ADMISSION
from tests.conftest import TODAY
from tests.faults.helpers import PrivateCluster, server_env, start_server, stop_server, tokens_for
from tests.faults.proxy import CommitCuttingProxy, is_commit

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
WRITERS = 4
POSTS = 10


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    if not PrivateCluster.available():
        pytest.skip("no PostgreSQL binaries to make a private cluster with")
    made = PrivateCluster()
    made.init()
    made.start()
    yield made
    with contextlib.suppress(Exception):
        made.stop("immediate")
    made.remove()


@pytest.fixture
def proxy(cluster: PrivateCluster) -> Iterator[CommitCuttingProxy]:
    running = CommitCuttingProxy(cluster.port, rate=0.35).start()
    yield running
    running.stop()


@pytest.fixture
def services(cluster: PrivateCluster, tmp_path: Path) -> Iterator[Services]:
    """The test's own view of the store, straight to the database (not through the proxy)."""
    settings = Settings(
        data_dir=tmp_path,
        database_url=cluster.url,
        database_schema="lrproxy",
        secret_key="test-secret",
        projections="off",
        public_rate_limit=0,
    )
    svc = build_services(settings, clock=lambda: TODAY, start_projections=False)
    yield svc
    svc.close()


def test_the_proxy_recognises_commits() -> None:
    def simple(sql: bytes) -> bytes:
        body = sql + b"\x00"
        return b"Q" + (4 + len(body)).to_bytes(4, "big") + body

    assert is_commit(simple(b"COMMIT"))
    assert is_commit(b"P" + (4 + 9).to_bytes(4, "big") + b"\x00COMMIT\x00\x00\x00")
    assert not is_commit(simple(b"SELECT 'COMMIT'"))
    assert not is_commit(simple(b"BEGIN"))


def test_a_lost_commit_reply_under_load_answers_truly_and_stores_once(
    services: Services, proxy: CommitCuttingProxy, cluster: PrivateCluster, tmp_path: Path
) -> None:
    token_for = tokens_for(services)
    url_through_proxy = cluster.url.replace(f":{cluster.port}/", f":{proxy.port}/")
    env = server_env(services.settings, LR_DATABASE_URL=url_through_proxy, LR_PROJECTIONS="off")
    server, url = start_server(env, tmp_path / "server.log")
    try:
        admitted = httpx.post(
            f"{url}/api/teachers", json=ADMISSION, headers=token_for("registrar"), timeout=30
        )
        assert admitted.status_code == 201, admitted.text
        tid = admitted.json()["teacher_id"]
        me = token_for("teacher", tid)
        answers: list[httpx.Response] = []
        first: dict[str, Any] = {}
        lock = threading.Lock()
        barrier = threading.Barrier(WRITERS)

        def writer(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=url, headers=me, timeout=60) as http:
                barrier.wait()
                for i in range(POSTS):
                    title = f"p{n}.{i}"
                    answer = http.post(
                        f"/api/teachers/{tid}/activities",
                        json={**ACTIVITY, "title": title},
                        headers={"Idempotency-Key": title},
                    )
                    with lock:
                        answers.append(answer)
                        if answer.is_success:
                            first[title] = answer.json()
                    if rng.random() < 0.5:
                        http.get(f"/api/teachers/{tid}")  # reads pass the proxy too

        proxy.armed.set()
        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=300)
        proxy.armed.clear()

        assert len(answers) == WRITERS * POSTS
        assert proxy.cuts > 0, "no COMMIT reply was lost: the fault was not injected"
        for answer in answers:
            assert answer.status_code in {200, 201, 409, 503}, (answer.status_code, answer.text)
            if answer.status_code in {409, 503}:
                assert int(answer.headers["retry-after"]) > 0
        assert len(first) > WRITERS * POSTS / 2  # the lost replies did not fail the writes

        titles = [f"p{n}.{i}" for n in range(WRITERS) for i in range(POSTS)]
        with httpx.Client(base_url=url, headers=me, timeout=60) as http:
            for title in titles:
                again = http.post(
                    f"/api/teachers/{tid}/activities",
                    json={**ACTIVITY, "title": title},
                    headers={"Idempotency-Key": title},
                )
                assert again.status_code == 201, (title, again.text)
                if title in first:
                    assert again.json() == first[title], title
            file = http.get(f"/api/teachers/{tid}").json()
    finally:
        stop_server(server)
    stored = Counter(a["title"] for a in file["activities"])
    assert set(stored) == set(titles)
    assert max(stored.values()) == 1  # nothing stored twice
