"""Runs the impact runs that the profession requested: a background thread in `serve`.

Every `serve` process may run one (`LR_IMPACT_WORKER=inprocess`, the default); they share the
work through the store alone: each round, a worker lists the open runs, claims one through the
run's version (the store refuses all but one claimant, `domain.impact_run`), and runs it to its
end. A run whose worker died is claimed again once its lease (`LR_IMPACT_LEASE`) has run out.
`lerarenregister criteria impact-run` runs one in the foreground with the same code.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable
from typing import Any

import structlog

from domain.errors import RegisterError
from domain.impact_run import ImpactRun
from domain.register import Register

log = structlog.get_logger("lerarenregister.impact")

#: Least pause between two looks at the open runs when woken by every write of this process.
MIN_GAP = 0.5


def worker_name() -> str:
    """This worker, as recorded in the runs it claims: host, process, and a random tail."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class _StoppingError(Exception):
    """The process is stopping: the run is left to its lease (another worker resumes it)."""


class ImpactWorker:
    """Claims open impact runs and runs them, one at a time."""

    def __init__(self, register: Register, *, lease_seconds: float, poll: float) -> None:
        self.register = register
        self.lease_seconds = lease_seconds
        self.poll = poll
        self.name = worker_name()
        self._wake = threading.Event()
        self._stop = threading.Event()

    def wake(self, _position: int = 0) -> None:
        """Look again soon (a listener on the register's saves: a run may have been asked)."""
        self._wake.set()

    def run_once(self) -> ImpactRun | None:
        """Claim and run one open run, if any is claimable; the run as it ended, or None."""
        for run_id in self.register.open_impact_runs():
            run = self.register.claim_impact_run(
                run_id, self.name, lease_seconds=self.lease_seconds
            )
            if run is None:
                continue
            log.info("impact_run_started", run_id=run.run_id, worker=self.name)
            return self.register.execute_impact_run(run, self.name, on_progress=self._go_on)
        return None

    def _go_on(self, _done: int, _total: int) -> None:
        if self._stop.is_set():
            raise _StoppingError

    def run(self, stop: threading.Event) -> None:
        """Rounds until ``stop``: a round after each wake-up or ``poll`` seconds. A run under
        way when ``stop`` comes is left between two pages, to be claimed again after its
        lease (by this process's successor or another)."""
        self._stop = stop
        while not stop.is_set():
            try:
                while self.run_once() is not None and not stop.is_set():
                    pass
            except _StoppingError:
                log.info("impact_worker_stopped_mid_run", worker=self.name)
                return
            except RegisterError as exc:  # a run taken over or refused: the next round
                log.info("impact_worker_round_refused", detail=str(exc))
            except Exception:  # the store away: keep the thread, retry in the next round
                log.exception("impact_worker_round_failed")
            self._wake.wait(self.poll)
            self._wake.clear()
            stop.wait(MIN_GAP)

    def start(self) -> Callable[[], None]:
        """Run in a background thread; returns the function that stops it."""
        stop = threading.Event()
        thread = threading.Thread(target=self.run, args=(stop,), name="impact-worker", daemon=True)
        thread.start()

        def halt() -> None:
            stop.set()
            self._wake.set()
            thread.join(timeout=10)

        return halt


def start_impact_worker(services: Any) -> Callable[[], None] | None:
    """Inside `serve`: run impact runs from this process unless LR_IMPACT_WORKER is `off`;
    returns the function that stops it, or None."""
    settings = services.settings
    if settings.impact_worker == "off":
        return None
    worker = ImpactWorker(
        services.register, lease_seconds=settings.impact_lease, poll=settings.impact_poll
    )
    services.register.add_listener(worker.wake)
    log.info("impact_worker_started", worker=worker.name)
    return worker.start()


def follow(register: Register, run_id: Any, every: float = 0.5) -> ImpactRun:
    """Wait for a run that another worker holds to end (the CLI shows its progress)."""
    while True:
        run = register.impact_run(run_id)
        if not run.is_open:
            return run
        time.sleep(every)
