"""Two API processes on one store, twenty concurrent writers on one file: every post answers 201
(or, for a genuine conflict, 409 with `Retry-After`), none a 5xx, and every 201 is in the file.

Injected: two real `lerarenregister serve` processes on SQLite and on PostgreSQL, racing
writers on one file through real HTTP; the processes only meet in the store, so their races
are settled by the version check and the backoff.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.bootstrap import Services
from tests.api.test_teachers import ACTIVITY, ADMISSION
from tests.conftest import PG_URL
from tests.faults.helpers import free_port, tokens_for

pytestmark = pytest.mark.slow
CLIENTS = 20
POSTS = 4


def _serve(settings_env: dict[str, str]) -> Iterator[list[str]]:
    cli = Path(sys.executable).parent / "lerarenregister"
    servers: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        # One after the other: the test is about two processes writing at once, not about
        # two processes making a fresh store's tables at the same moment.
        for _ in range(2):
            port = free_port()
            inherited = {k: v for k, v in os.environ.items() if not k.startswith("LR_")}
            env = {**inherited, **settings_env, "LR_LOG_FORMAT": "json"}
            servers.append(
                subprocess.Popen(
                    [str(cli), "serve", "--port", str(port)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
            )
            url = f"http://127.0.0.1:{port}"
            urls.append(url)
            deadline = time.monotonic() + 60
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "a server did not come up"
                time.sleep(0.2)
        yield urls
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture
def urls(services: Services, store_kind: str, tmp_path: Path) -> Iterator[list[str]]:
    settings = services.settings
    env = {
        "LR_DATA_DIR": str(tmp_path),
        "LR_SECRET_KEY": "test-secret",
        "LR_PROJECTIONS": "off",
        "LR_PUBLIC_RATE_LIMIT": "0",
        "LR_TOKEN_CACHE_SECONDS": "0",
    }
    if store_kind == "postgres":
        env |= {"LR_DATABASE_URL": PG_URL, "LR_DATABASE_SCHEMA": settings.database_schema}
    yield from _serve(env)


def test_twenty_writers_on_one_file_across_two_processes_all_land(
    services: Services, urls: list[str]
) -> None:
    token_for = tokens_for(services)
    admitted = httpx.post(
        f"{urls[0]}/api/teachers", json=ADMISSION, headers=token_for("registrar"), timeout=30
    )
    assert admitted.status_code == 201, admitted.text
    tid = admitted.json()["teacher_id"]
    me = token_for("teacher", tid)
    answers: list[httpx.Response] = []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def client(n: int) -> None:
        base = urls[n % 2]
        with httpx.Client(base_url=base, headers=me, timeout=60) as http:
            barrier.wait()
            for i in range(POSTS):
                answer = http.post(
                    f"/api/teachers/{tid}/activities", json={**ACTIVITY, "title": f"w{n}.{i}"}
                )
                with lock:
                    answers.append(answer)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    statuses = [a.status_code for a in answers]
    assert len(statuses) == CLIENTS * POSTS
    assert set(statuses) <= {201, 409}, sorted(set(statuses))
    assert all("retry-after" in a.headers for a in answers if a.status_code == 409)
    landed = statuses.count(201)
    assert landed >= CLIENTS * POSTS * 0.9  # conflicts are the exception, not the rule
    file = httpx.get(f"{urls[1]}/api/teachers/{tid}", headers=me, timeout=30).json()
    assert len(file["activities"]) == landed
