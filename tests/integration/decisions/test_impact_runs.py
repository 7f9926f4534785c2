"""Impact runs on both stores: requested once per version, claimed by one worker, taken over
after a silent worker's lease, and ended with the synchronous analysis' answer."""

from __future__ import annotations

import threading
import time
from datetime import date
from typing import Any

import pytest

from api.bootstrap import Services, build_services
from api.impact_worker import ImpactWorker
from api.settings import Settings
from domain.commands.criteria import DraftCriteria
from domain.errors import InvalidInputError, NotFoundError
from domain.impact_run import COMPLETED, FAILED, MAX_ATTEMPTS, QUEUED, RUNNING, ImpactRun
from domain.register import Register
from domain.register.impact_runs import ImpactRunLostError
from tests.conftest import TODAY
from tests.decision_helpers import STANDARDS, demo_like_teacher, lower_minimum

WINDOW: dict[str, Any] = {
    "due_from": date(2021, 1, 1),
    "due_to": date(2027, 12, 31),
    "effective_from": date(2021, 1, 1),
}


def _drafted(services: Services, teachers: int = 6) -> Register:
    register = services.register
    for i in range(teachers):
        demo_like_teacher(register, registered_on=date(2022, 1, 10 + i), extra_hours=40 * (i % 2))
    register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    return register


def _start(register: Register, version: int = 2, **window: Any) -> tuple[ImpactRun, bool]:
    run, new, position = register.start_impact_run(
        "reregistration", version, **{**WINDOW, **window}, ctx=STANDARDS
    )
    # the position to read at: the request's write (the run and its version's slot, written
    # together), or the open run's newest event
    newest = register.events_with_positions(run.id)[-1][0]
    assert position > newest if new else position == newest
    return run, new


def _without_seconds(answer: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in answer.items() if k != "seconds"}


def test_a_run_is_requested_once_per_version_while_it_is_open(services: Services) -> None:
    register = _drafted(services)
    run, new = _start(register)
    assert new
    assert run.status == QUEUED
    again, new_again = _start(register, due_to=date(2026, 12, 31))
    assert (again.id, new_again) == (run.id, False)  # the open run, not a second one
    assert register.open_impact_runs() == [run.id]
    assert register.last_impact_run("reregistration", 2).id == run.id  # type: ignore[union-attr]
    requested = register.impact_run(run.id)
    assert requested.requested_by == STANDARDS.actor
    assert (requested.due_from, requested.due_to) == (WINDOW["due_from"], WINDOW["due_to"])


def test_a_run_ends_with_the_synchronous_answer_and_frees_its_version(
    services: Services,
) -> None:
    register = _drafted(services)
    run, _ = _start(register)
    seen: list[tuple[int, int]] = []
    worker = "w1"
    claimed = register.claim_impact_run(run.id, worker, lease_seconds=30)
    assert claimed is not None
    assert claimed.status == RUNNING
    assert claimed.attempt == 1
    ended = register.execute_impact_run(
        claimed, worker, page_rows=9, on_progress=lambda d, t: seen.append((d, t))
    )
    assert ended.status == COMPLETED
    assert len(seen) > 1
    assert seen[-1] == (6, 6)
    kept = register.impact_run(run.id)
    assert (kept.files_done, kept.files_total) == (6, 6)
    expected = register.impact(lower_minimum(), **WINDOW)
    assert kept.result is not None
    assert _without_seconds(kept.result) == _without_seconds(expected)
    assert kept.result["changed"] == 3
    assert register.open_impact_runs() == []
    advanced = [
        t for _p, _v, t, _s in register.events_with_positions(run.id) if t.endswith("Advanced")
    ]
    assert advanced  # progress is recorded as it goes
    second, new = _start(register)
    assert new
    assert second.id != run.id


def test_two_workers_racing_for_one_run_only_one_claims_it(
    services: Services, settings: Settings
) -> None:
    register = _drafted(services)
    run, _ = _start(register)
    other = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        barrier = threading.Barrier(2)
        won: list[str] = []

        def claim(reg: Register, name: str) -> None:
            barrier.wait()
            if reg.claim_impact_run(run.id, name, lease_seconds=30) is not None:
                won.append(name)

        threads = [
            threading.Thread(target=claim, args=(register, "a")),
            threading.Thread(target=claim, args=(other.register, "b")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        other.close()
    assert len(won) == 1
    claims = [t for _p, _v, t, _s in register.events_with_positions(run.id) if "Claimed" in t]
    assert len(claims) == 1
    assert register.impact_run(run.id).worker == won[0]


def test_a_silent_workers_run_is_claimed_again_and_its_late_writes_are_refused(
    services: Services,
) -> None:
    register = _drafted(services)
    run, _ = _start(register)
    first = register.claim_impact_run(run.id, "silent", lease_seconds=0.3)
    assert first is not None
    assert register.claim_impact_run(run.id, "eager", lease_seconds=30) is None  # lease holds
    time.sleep(0.4)
    second = register.claim_impact_run(run.id, "second", lease_seconds=30)
    assert second is not None
    assert second.attempt == 2
    with pytest.raises(ImpactRunLostError):
        register.execute_impact_run(first, "silent")  # its first progress write is refused
    ended = register.execute_impact_run(second, "second")
    assert ended.status == COMPLETED
    assert ended.worker == "second"


def test_a_run_that_stops_every_worker_is_given_up(services: Services) -> None:
    register = _drafted(services)
    run, _ = _start(register)
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claimed = register.claim_impact_run(run.id, f"w{attempt}", lease_seconds=0.05)
        assert claimed is not None
        assert claimed.attempt == attempt
        time.sleep(0.1)
    assert register.claim_impact_run(run.id, "last", lease_seconds=30) is None
    given_up = register.impact_run(run.id)
    assert given_up.status == FAILED
    assert given_up.error is not None
    assert given_up.error["code"] == "impact_run_given_up"
    assert register.open_impact_runs() == []


def test_the_worker_runs_what_is_open(services: Services) -> None:
    register = _drafted(services)
    run, _ = _start(register)
    worker = ImpactWorker(register, lease_seconds=30, poll=0.1)
    ended = worker.run_once()
    assert ended is not None
    assert ended.id == run.id
    assert ended.status == COMPLETED
    assert worker.run_once() is None


@pytest.mark.parametrize(
    ("name", "version", "window", "error"),
    [
        pytest.param("reregistration", 9, {}, NotFoundError, id="unknown-version"),
        pytest.param("nonsense", 1, {}, NotFoundError, id="unknown-book"),
        pytest.param("validation", 1, {}, InvalidInputError, id="not-a-reregistration-book"),
        pytest.param(
            "reregistration",
            2,
            {"due_from": date(2027, 1, 1), "due_to": date(2026, 1, 1)},
            InvalidInputError,
            id="window-reversed",
        ),
        pytest.param(
            "reregistration",
            2,
            {"due_from": date(2010, 1, 1), "due_to": date(2026, 1, 1)},
            InvalidInputError,
            id="window-too-long",
        ),
        pytest.param(
            "reregistration",
            2,
            {"due_from": date(9999, 12, 1), "due_to": None},
            InvalidInputError,
            id="window-beyond-the-calendar",
        ),
    ],
)
def test_a_run_of_something_that_cannot_be_weighed_is_refused(
    services: Services,
    name: str,
    version: int,
    window: dict[str, Any],
    error: type[Exception],
) -> None:
    register = _drafted(services, teachers=0)
    with pytest.raises(error):
        register.start_impact_run(name, version, **{**WINDOW, **window}, ctx=STANDARDS)
    assert register.open_impact_runs() == []


def test_an_unknown_run_is_not_found(services: Services) -> None:
    with pytest.raises(NotFoundError):
        services.register.impact_run("not-a-run")
    with pytest.raises(NotFoundError):
        services.register.impact_run("00000000-0000-0000-0000-000000000001")


def test_a_worker_stopping_mid_run_leaves_the_run_to_its_lease(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`serve` shutting down: the worker stops between two pages and writes nothing more; the
    run stays claimed until its lease runs out."""
    register = _drafted(services)
    run, _ = _start(register)
    worker = ImpactWorker(register, lease_seconds=30, poll=0.1)
    stop = threading.Event()
    execute = register.execute_impact_run

    def stopped_as_it_begins(claimed: ImpactRun, name: str, **kw: Any) -> ImpactRun:
        stop.set()
        return execute(claimed, name, **kw)

    monkeypatch.setattr(register, "execute_impact_run", stopped_as_it_begins)
    worker.run(stop)
    left = register.impact_run(run.id)
    assert left.status == RUNNING
    assert left.files_done == 0
    assert register.open_impact_runs() == [run.id]
