"""Worker processes on PostgreSQL: one active per projection, take-over after kill -9, and a
rebuild killed mid-way that resumes to the same result as a clean one."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from api.bootstrap import Services, build_services
from api.demo import load_demo
from tests.conftest import PG_URL, TODAY, settings_for
from tests.projection_helpers import activity, admit, appointment, dump

pytestmark = pytest.mark.postgres
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def pg_services(pg_schema: str, tmp_path: Path) -> Iterator[Services]:
    svc = build_services(
        settings_for("postgres", tmp_path, pg_schema), clock=lambda: TODAY, start_projections=False
    )
    yield svc
    svc.close()


@pytest.fixture
def cli(pg_schema: str, tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start `lerarenregister ...` processes on the test schema; all are stopped at the end."""
    started: list[subprocess.Popen[str]] = []
    env = {
        **os.environ,
        "LR_DATABASE_URL": PG_URL,
        "LR_DATABASE_SCHEMA": pg_schema,
        "LR_SECRET_KEY": "test-secret",
        "LR_DATA_DIR": str(tmp_path),
        "LR_LOG_FORMAT": "json",
    }

    def start(*args: str, log: Path) -> subprocess.Popen[str]:
        handle = log.open("w")
        proc = subprocess.Popen(
            [sys.executable, "-m", "api.cli", *args],
            cwd=ROOT,
            env=env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            text=True,
        )
        handle.close()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)


def _until(condition: Callable[[], bool], seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.05)


def _caught_up(svc: Services) -> bool:
    head = svc.register.head_position()
    return set(svc.projections.positions().values()) == {head}


def _write_some(svc: Services, seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(4):
        tid = admit(svc.register, rng=rng).aggregate_id
        appointment(svc.register, tid, rng.choice(["70001", "70002"]))
        activity(svc.register, tid, cost=None)


def test_one_worker_applies_and_a_second_takes_over_after_kill(
    pg_services: Services, cli: Callable[..., subprocess.Popen[str]], tmp_path: Path
) -> None:
    """Only the lock holder applies; kill -9 it and the other continues, nothing lost or
    applied twice."""
    svc = pg_services
    first_log, second_log = tmp_path / "first.log", tmp_path / "second.log"
    first = cli("projections", "run", log=first_log)
    _until(lambda: "active for:" in first_log.read_text())
    second = cli("projections", "run", log=second_log)
    _until(lambda: "following the log" in second_log.read_text())
    _write_some(svc, 1)
    _until(lambda: _caught_up(svc))
    time.sleep(1.5)  # the second worker retried the locks meanwhile, in vain
    assert "active for:" not in second_log.read_text()
    first.kill()
    first.wait(timeout=10)
    _write_some(svc, 2)
    _until(lambda: "active for:" in second_log.read_text())
    _until(lambda: _caught_up(svc))
    assert second.poll() is None
    live = dump(svc.projections)
    svc.projections.rebuild()
    assert dump(svc.projections) == live
    second.terminate()
    assert second.wait(timeout=15) == 0


def test_a_rebuild_killed_mid_way_resumes_to_a_clean_result(
    pg_services: Services, cli: Callable[..., subprocess.Popen[str]], tmp_path: Path
) -> None:
    """kill -9 during `projections rebuild` leaves the live models serving; a restart resumes
    and ends identical to a clean rebuild."""
    svc = pg_services
    load_demo(svc.register, 150, seed=3)
    svc.projections.catch_up_all()
    before = dump(svc.projections)
    log = tmp_path / "rebuild.log"
    rebuild = cli("projections", "rebuild", "--batch-size", "20", log=log)

    def building() -> bool:
        return any(not r["live"] and r["position"] > 0 for r in svc.projections.status())

    _until(building)
    rebuild.kill()
    rebuild.wait(timeout=10)
    assert {r["generation"] for r in svc.projections.status() if r["live"]} == {1}
    assert dump(svc.projections) == before
    again = cli("projections", "rebuild", log=tmp_path / "again.log")
    assert again.wait(timeout=120) == 0, (tmp_path / "again.log").read_text()
    assert "rebuild_resumed" in (tmp_path / "again.log").read_text()
    resumed = dump(svc.projections)
    svc.projections.rebuild()
    assert dump(svc.projections) == resumed == before
