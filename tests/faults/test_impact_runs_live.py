"""Impact runs through real processes, on both stores: `serve` over HTTP, `criteria impact-run`
workers racing for one run, and a worker killed (SIGKILL) in the middle of a run.

Asserted: a start answers 202 with the run's address, a second start while it is open answers
that run (200), bad input is a 4xx problem; of two workers started together exactly one claims
the run; a run whose worker was killed is claimed again once the lease ran out and ends with the
same result as the synchronous analysis.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from api.bootstrap import Services
from domain.commands.criteria import DraftCriteria
from domain.register import Register
from tests.decision_helpers import STANDARDS, demo_like_teacher, lower_minimum
from tests.faults.helpers import CLI, server_env, start_server, stop_server, tokens_for

pytestmark = pytest.mark.slow
TEACHERS = 8
WINDOW = {"due_from": "2021-01-01", "due_to": "2027-12-31", "effective_from": "2021-01-01"}


@pytest.fixture
def register(services: Services) -> Register:
    """A register of a few files due in the window, and a drafted version 2."""
    reg = services.register
    for i in range(TEACHERS):
        demo_like_teacher(reg, registered_on=date(2022, 1, 10 + i), extra_hours=40 * (i % 2))
    reg.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    return reg


@pytest.fixture
def server(
    services: Services, register: Register, tmp_path: Path, request: pytest.FixtureRequest
) -> Iterator[str]:
    """A real `serve` process; its impact worker as the test's marker asks (off by default)."""
    marker = request.node.get_closest_marker("impact_worker")
    worker = "inprocess" if marker is not None else "off"
    env = server_env(
        services.settings, LR_IMPACT_WORKER=worker, LR_IMPACT_POLL="0.2", LR_PROJECTIONS="off"
    )
    process, url = start_server(env, tmp_path / "server.log")
    try:
        yield url
    finally:
        stop_server(process)


def _sync_result(url: str, headers: dict[str, str]) -> dict[str, Any]:
    answer = httpx.post(
        f"{url}/api/criteria/impact",
        params=WINDOW,
        content=lower_minimum(),
        headers={**headers, "content-type": "application/json"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return _without_seconds(answer.json())


def _without_seconds(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k != "seconds"}


def _until_ended(url: str, location: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    seen = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        answer = httpx.get(f"{url}{location}", headers=headers, timeout=10)
        assert answer.status_code == 200, answer.text
        seen.append(answer.json())
        if answer.json()["status"] in ("completed", "failed"):
            assert "retry-after" not in answer.headers
            return seen
        assert answer.headers["retry-after"] == "2"
        time.sleep(0.1)
    raise AssertionError(f"the run did not end: {seen[-1]}")


def _topics(register: Register, run_id: str) -> list[str]:
    return [
        topic.rsplit(".", 1)[1]
        for _p, _v, topic, _s in register.events_with_positions(UUID(run_id))
    ]


def _worker(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(CLI), "criteria", "impact-run", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_run_is_started_over_http_once_and_refuses_bad_input(
    services: Services, register: Register, server: str
) -> None:
    standards = tokens_for(services)("standards")
    with httpx.Client(base_url=server, headers=standards, timeout=30) as http:
        started = http.post("/api/criteria/impact-runs", json={"version": 2, **WINDOW})
        assert started.status_code == 202, started.text
        location = started.headers["location"]
        assert location == f"/api/criteria/impact-runs/{started.json()['run_id']}"
        assert started.json()["status"] == "queued"
        again = http.post("/api/criteria/impact-runs", json={"version": 2})
        assert again.status_code == 200  # the open run, not a second one
        assert again.headers["location"] == location
        assert again.json()["window"] == {"from": "2021-01-01", "to": "2027-12-31"}
        shown = http.get(location)
        assert shown.status_code == 200
        assert shown.json()["progress"] == {"files_done": 0, "files_total": 0}
        bad = {
            "unknown version": ({"version": 99}, 404, None),
            "unknown book": ({"name": "nonsense", "version": 1}, 404, None),
            "not weighed": ({"name": "validation", "version": 1}, 422, "name"),
            "malformed date": ({"version": 2, "due_from": "2026-13-01"}, 422, "due_from"),
            "reversed": (
                {"version": 2, "due_from": "2027-01-01", "due_to": "2026-01-01"},
                422,
                "due_to",
            ),
            "no version": ({}, 422, "version"),
            "unknown field": ({"version": 2, "speed": "fast"}, 422, "speed"),
        }
        for case, (body, status, field) in bad.items():
            refused = http.post("/api/criteria/impact-runs", json=body)
            assert refused.status_code == status, (case, refused.text)
            assert refused.headers["content-type"].startswith("application/problem+json")
            if field is not None:
                fields = {e["field"].split(".")[-1] for e in refused.json().get("errors", [])}
                assert field in fields, (case, refused.json())
        for wrong in ("not-a-run", "00000000-0000-0000-0000-000000000000"):
            missing = http.get(f"/api/criteria/impact-runs/{wrong}")
            assert missing.status_code == 404
            assert missing.headers["content-type"].startswith("application/problem+json")
        teacher = tokens_for(services)("registrar")
        assert http.get(location, headers=teacher).status_code == 403
    assert [str(r) for r in register.open_impact_runs()] == [started.json()["run_id"]]


def test_two_workers_racing_for_one_run_only_one_runs_it(
    services: Services, register: Register, server: str
) -> None:
    standards = tokens_for(services)("standards")
    started = httpx.post(
        f"{server}/api/criteria/impact-runs",
        json={"version": 2, **WINDOW},
        headers=standards,
        timeout=30,
    )
    run_id = started.json()["run_id"]
    env = server_env(services.settings)
    workers = [_worker(env, "--run", run_id, "--page-rows", "20") for _ in range(2)]
    outputs = [w.communicate(timeout=120) for w in workers]
    assert [w.returncode for w in workers] == [0, 0], [err.decode() for _out, err in outputs]
    topics = _topics(register, run_id)
    assert topics.count("Claimed") == 1, topics
    assert topics.count("Completed") == 1
    assert topics.count("Advanced") >= 1
    for out, _err in outputs:  # the loser followed the winner's run (or found it ended)
        assert b'"status": "completed"' in out
    seen = _until_ended(server, started.headers["location"], standards)
    ended = seen[-1]
    assert ended["status"] == "completed"
    assert ended["attempts"] == 1
    assert ended["progress"] == {"files_done": TEACHERS, "files_total": TEACHERS}
    assert _without_seconds(ended["result"]) == _sync_result(server, standards)


@pytest.mark.impact_worker
def test_serve_runs_a_started_run_and_keeps_its_result(
    services: Services, register: Register, server: str
) -> None:
    standards = tokens_for(services)("standards")
    started = httpx.post(
        f"{server}/api/criteria/impact-runs",
        json={"version": 2, **WINDOW},
        headers=standards,
        timeout=30,
    )
    assert started.status_code == 202, started.text
    seen = _until_ended(server, started.headers["location"], standards)
    ended = seen[-1]
    assert ended["status"] == "completed", ended
    assert ended["progress"] == {"files_done": TEACHERS, "files_total": TEACHERS}
    assert ended["result"]["changed"] == TEACHERS // 2
    assert ended["requested_by"] == "standards"
    assert _without_seconds(ended["result"]) == _sync_result(server, standards)
    kept = httpx.get(f"{server}{started.headers['location']}", headers=standards, timeout=10)
    assert kept.json() == ended  # kept as it ended
    again = httpx.post(
        f"{server}/api/criteria/impact-runs", json={"version": 2}, headers=standards, timeout=30
    )
    assert again.status_code == 202  # the ended run no longer holds the version


#: A worker that hangs after recording its first progress, as a process stuck or about to die.
HANGING_WORKER = textwrap.dedent(
    """
    import sys, time
    from domain.teacher_scan import TeacherScan
    from api.cli.main import main

    pages = TeacherScan.pages

    def first_page_then_hang(self, page_rows):
        read = 0
        for page in pages(self, page_rows):
            if read:  # the progress of the files read so far is recorded by now
                print("hanging", flush=True)
                time.sleep(3600)
            read += len(page)
            yield page

    TeacherScan.pages = first_page_then_hang
    sys.exit(main(["criteria", "impact-run", "--run", sys.argv[1], "--page-rows", "20"]))
    """
)


def test_a_worker_killed_mid_run_leaves_it_to_the_next_worker(
    services: Services, register: Register, server: str
) -> None:
    standards = tokens_for(services)("standards")
    started = httpx.post(
        f"{server}/api/criteria/impact-runs",
        json={"version": 2, **WINDOW},
        headers=standards,
        timeout=30,
    )
    run_id = started.json()["run_id"]
    location = started.headers["location"]
    env = server_env(services.settings, LR_IMPACT_LEASE="1")
    doomed = subprocess.Popen(
        [sys.executable, "-c", HANGING_WORKER, run_id],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert doomed.stdout is not None
        line = b"..."
        while line and line != b"hanging\n":  # until it hangs (or ends: then it failed)
            line = doomed.stdout.readline()
        assert line == b"hanging\n", doomed.stderr.read() if doomed.stderr else line
        midway = httpx.get(f"{server}{location}", headers=standards, timeout=10).json()
        assert midway["status"] == "running"
        assert 0 < midway["progress"]["files_done"] < TEACHERS
        assert midway["progress"]["files_total"] == TEACHERS
    finally:
        doomed.send_signal(signal.SIGKILL)
        doomed.communicate(timeout=10)  # reaps it and closes its pipes
    # killed: the run still says running until its lease runs out
    assert register.impact_run(run_id).status == "running"
    time.sleep(1.2)
    rescuer = _worker(server_env(services.settings), "--run", run_id)
    out, err = rescuer.communicate(timeout=120)
    assert rescuer.returncode == 0, err.decode()
    ended = _until_ended(server, location, standards)[-1]
    assert ended["status"] == "completed"
    assert ended["attempts"] == 2
    assert _without_seconds(ended["result"]) == _sync_result(server, standards)
    topics = _topics(register, run_id)
    assert topics[:3] == ["Requested", "Claimed", "Advanced"]
    assert topics.count("Claimed") == 2
    assert topics[-1] == "Completed"
    assert b'"status": "completed"' in out
