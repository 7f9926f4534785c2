"""`kill -9` of a real server under a stream of writes, and of a rebuild mid-way.

Injected: SIGKILL, no chance to flush or clean up, of (1) a `lerarenregister serve` process
(SQLite and PostgreSQL, projections in the process, so a read-model batch may be cut too)
while four clients record activities, each request with its own Idempotency-Key; (2) a
`lerarenregister projections rebuild` worker on SQLite mid-way (its PostgreSQL twin is
`tests/integration/test_projections_workers.py`).
Asserted: no 5xx before the kill; after a restart every acknowledged (2xx) write is on file,
every request re-sent with its key answers its first answer (or lands now, once), no
activity is stored twice; the read models equal a clean rebuild; `verify` passes; a rerun of
the killed rebuild resumes and ends equal to a clean build.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.bootstrap import Services
from api.demo import load_demo
from api.ledger_setup import ledger_key
from projections.ledger.verify import verify_ledger
from tests.api.test_teachers import ACTIVITY, ADMISSION
from tests.faults.helpers import CLI, server_env, start_server, stop_server, tokens_for
from tests.projection_helpers import dump

pytestmark = pytest.mark.slow
WRITERS = 4


def _rebuild_equals_live(services: Services) -> None:
    services.projections.catch_up_all()
    live = dump(services.projections)
    services.projections.rebuild()
    assert dump(services.projections) == live


def _verified(services: Services) -> None:
    report = verify_ledger(services.store, [ledger_key(services.settings).public_key()], [])
    assert not report.problems(allow_pending=False), [p.message for p in report.problems()]


def test_acknowledged_writes_survive_kill_9_of_the_server(
    services: Services, tmp_path: Path
) -> None:
    token_for = tokens_for(services)
    env = server_env(services.settings, LR_PROJECTIONS="inprocess")
    log = tmp_path / "server.log"
    server, url = start_server(env, log)
    try:
        admitted = httpx.post(
            f"{url}/api/teachers", json=ADMISSION, headers=token_for("registrar"), timeout=30
        )
        assert admitted.status_code == 201, admitted.text
        tid = admitted.json()["teacher_id"]
        me = token_for("teacher", tid)
        acked: dict[str, Any] = {}  # title -> first answer
        sent: list[str] = []
        statuses: list[int] = []
        lock = threading.Lock()
        dead = threading.Event()

        def writer(n: int) -> None:
            with httpx.Client(base_url=url, headers=me, timeout=15) as http:
                i = 0
                while not dead.is_set():
                    title = f"k{n}.{i}"
                    i += 1
                    with lock:
                        sent.append(title)
                    try:
                        answer = http.post(
                            f"/api/teachers/{tid}/activities",
                            json={**ACTIVITY, "title": title},
                            headers={"Idempotency-Key": title},
                        )
                    except httpx.TransportError:
                        return  # the server is gone
                    with lock:
                        statuses.append(answer.status_code)
                        if answer.is_success:
                            acked[title] = answer.json()

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
        for t in threads:
            t.start()
        deadline = time.monotonic() + 20
        while len(acked) < 30 and time.monotonic() < deadline:
            time.sleep(0.02)
        server.send_signal(signal.SIGKILL)
        server.wait(timeout=10)
        dead.set()
        for t in threads:
            t.join(timeout=30)
        assert len(acked) >= 30
        assert set(statuses) <= {201, 409, 503}, sorted(set(statuses))
    finally:
        stop_server(server)

    server, url = start_server(env, log)
    try:
        with httpx.Client(base_url=url, headers=me, timeout=30) as http:
            for title in sent:  # every request again, with its key
                again = http.post(
                    f"/api/teachers/{tid}/activities",
                    json={**ACTIVITY, "title": title},
                    headers={"Idempotency-Key": title},
                )
                assert again.status_code == 201, (title, again.status_code, again.text)
                if title in acked:
                    assert again.json() == acked[title], title  # its first answer
            file = http.get(f"/api/teachers/{tid}").json()
    finally:
        stop_server(server)
    titles = Counter(a["title"] for a in file["activities"])
    assert set(acked) <= set(titles)  # nothing acknowledged is lost
    assert set(titles) == set(sent)
    assert max(titles.values()) == 1  # nothing doubled
    _rebuild_equals_live(services)
    _verified(services)


@pytest.mark.parametrize("store_kind", ["sqlite"], indirect=True)
def test_a_rebuild_killed_mid_way_resumes_to_a_clean_build(
    services: Services, tmp_path: Path
) -> None:
    load_demo(services.register, 120, seed=5)
    services.projections.catch_up_all()
    before = dump(services.projections)
    env = server_env(services.settings, LR_PROJECTIONS="off")
    log = tmp_path / "rebuild.log"

    def rebuild(*extra: str) -> subprocess.Popen[bytes]:
        with log.open("ab") as out:
            return subprocess.Popen(
                [str(CLI), "--log-level", "info", "projections", "rebuild", *extra],
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    killed = rebuild("--batch-size", "20")
    deadline = time.monotonic() + 60
    while not any(not r["live"] and r["position"] > 0 for r in services.projections.status()):
        assert killed.poll() is None, log.read_text()[-2000:]
        assert time.monotonic() < deadline
        time.sleep(0.02)
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=10)
    assert {r["generation"] for r in services.projections.status() if r["live"]} == {1}
    assert dump(services.projections) == before  # readers never saw the half-built model

    again = rebuild()
    assert again.wait(timeout=120) == 0, log.read_text()[-2000:]
    assert "rebuild_resumed" in log.read_text()
    assert dump(services.projections) == before
    _rebuild_equals_live(services)
