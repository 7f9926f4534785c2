"""The impact analysis of a criteria version as a job: requested, claimed, advanced, kept.

Weighing a draft against the whole register reads every file: at national scale that is
minutes, too long for a request. So the profession *requests* a run (:class:`ImpactRun`), a
worker in any process *claims* it, reports how far it is, and records the result. Every step is
an event with its actor, so the run's history says who asked, which worker ran it, and what it
found; the result is kept in the ``Completed`` event and read back from the run.

Two rules make it safe with several processes:

- **One worker at a time.** A claim is an event saved at the run's next version: of two
  workers claiming together, the store refuses the second (optimistic concurrency). A claim
  holds for ``lease_seconds`` after the worker's last event; a worker that dies stops writing,
  its lease runs out, and another claims the run again (``attempt`` counts the claims). A
  worker that merely stalled finds its next write refused (the run moved on): it stops.
- **One open run per version.** :class:`ImpactRunSlot` (one per criteria version, its id
  derived from the name and version) points at the open run; it is taken in the same atomic
  write as the run is requested, and freed in the same write as the run ends. A second request
  while a run is open is answered with that run.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final
from uuid import UUID, uuid4, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import ConflictError
from domain.values import Actor
from policies.messages import M

NAMESPACE: Final = UUID("8f1d2a64-5c3b-4e0f-9d7a-1e6b3c2f4a58")
#: Claims of one run before it is given up as failed (a run that kills its worker each time).
MAX_ATTEMPTS: Final = 3
#: What a run is, in the order it goes through.
QUEUED: Final = "queued"
RUNNING: Final = "running"
COMPLETED: Final = "completed"
FAILED: Final = "failed"
OPEN: Final = frozenset({QUEUED, RUNNING})


def impact_run_slot_id(name: str, version: int) -> UUID:
    """The slot of one criteria version, derived from its name and number."""
    return uuid5(NAMESPACE, f"impact-run-slot:{name}:{version}")


class ImpactRun(Aggregate):
    """One impact analysis of one criteria version over a window of period ends."""

    class Event(Aggregate.Event):
        """Every step says who took it, why, and in which request or worker."""

        actor: Actor
        reason: str | None
        correlation_id: str

    class Requested(Event, Aggregate.Created):
        """The profession asked for the impact of a version; the window is fixed here, so a run
        started late judges what was asked."""

        criteria_name: str
        criteria_version: int
        sha256: str
        due_from: date
        due_to: date
        effective_from: date
        requested_on: date

    class Claimed(Event):
        """A worker took the run (again, when ``attempt`` > 1: the previous one went silent)."""

        worker: str
        attempt: int
        lease_seconds: float

        def apply(self, aggregate: ImpactRun) -> None:
            aggregate.status = RUNNING
            aggregate.worker = self.worker
            aggregate.attempt = self.attempt
            aggregate.lease_seconds = self.lease_seconds
            aggregate.files_done = 0
            aggregate.started_at = self.timestamp

    class Advanced(Event):
        """How far the worker is: files read of those on file when it began."""

        worker: str
        files_done: int
        files_total: int

        def apply(self, aggregate: ImpactRun) -> None:
            aggregate.files_done = self.files_done
            aggregate.files_total = self.files_total

    class Completed(Event):
        """The run ended with its result (the same answer as the synchronous analysis)."""

        worker: str
        result: dict[str, Any]

        def apply(self, aggregate: ImpactRun) -> None:
            aggregate.status = COMPLETED
            aggregate.result = dict(self.result)
            aggregate.files_done = int(self.result.get("files_read", aggregate.files_done))
            aggregate.files_total = max(aggregate.files_total, aggregate.files_done)
            aggregate.finished_at = self.timestamp

    class Failed(Event):
        """The run ended without a result: the message says why (a code of the catalogue)."""

        worker: str | None
        code: str | None
        message: str

        def apply(self, aggregate: ImpactRun) -> None:
            aggregate.status = FAILED
            aggregate.error = {"code": self.code, "message": self.message}
            aggregate.finished_at = self.timestamp

    def __init__(
        self,
        criteria_name: str,
        criteria_version: int,
        sha256: str,
        due_from: date,
        due_to: date,
        effective_from: date,
        requested_on: date,
        actor: Actor,
    ) -> None:
        self.criteria_name = criteria_name
        self.criteria_version = criteria_version
        self.sha256 = sha256
        self.due_from = due_from
        self.due_to = due_to
        self.effective_from = effective_from
        self.requested_on = requested_on
        self.requested_by = actor
        self.status = QUEUED
        self.worker: str | None = None
        self.attempt = 0
        self.lease_seconds = 0.0
        self.files_done = 0
        self.files_total = 0
        self.started_at: datetime | None = None
        self.finished_at: datetime | None = None
        self.result: dict[str, Any] | None = None
        self.error: dict[str, str | None] | None = None

    @classmethod
    def request(
        cls,
        *,
        criteria_name: str,
        criteria_version: int,
        sha256: str,
        due_from: date,
        due_to: date,
        effective_from: date,
        requested_on: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> ImpactRun:
        return cls._create(
            cls.Requested,
            id=uuid4(),
            criteria_name=criteria_name,
            criteria_version=criteria_version,
            sha256=sha256,
            due_from=due_from,
            due_to=due_to,
            effective_from=effective_from,
            requested_on=requested_on,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    # -- queries --------------------------------------------------------------------------

    @property
    def run_id(self) -> str:
        return str(self.id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN

    def lease_ends(self) -> datetime | None:
        """When the running worker's claim runs out unless it writes again."""
        if self.status != RUNNING:
            return None
        return self.modified_on + timedelta(seconds=self.lease_seconds)

    def claimable(self, now: datetime) -> bool:
        """Queued, or running with a lease that ran out (its worker went silent)."""
        if self.status == QUEUED:
            return True
        ends = self.lease_ends()
        return ends is not None and now >= ends

    # -- commands -------------------------------------------------------------------------

    def claim(
        self, worker: str, *, now: datetime, lease_seconds: float, actor: Actor, correlation_id: str
    ) -> bool:
        """Take the run for ``worker``; False when it was given up instead (too many claims).

        Refused while another worker's lease holds or after the run ended.
        """
        if not self.claimable(now):
            raise ConflictError(M.IMPACT_RUN_NOT_CLAIMABLE(run_id=self.run_id, status=self.status))
        if self.attempt >= MAX_ATTEMPTS:
            message = M.IMPACT_RUN_GIVEN_UP(attempts=self.attempt)
            self.trigger_event(
                self.Failed,
                worker=worker,
                code=message.code,
                message=str(message),
                actor=actor,
                reason=None,
                correlation_id=correlation_id,
            )
            return False
        self.trigger_event(
            self.Claimed,
            worker=worker,
            attempt=self.attempt + 1,
            lease_seconds=lease_seconds,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )
        return True

    def _check_holder(self, worker: str) -> None:
        if self.status != RUNNING or self.worker != worker:
            raise ConflictError(M.IMPACT_RUN_NOT_CLAIMABLE(run_id=self.run_id, status=self.status))

    def advance(
        self, worker: str, files_done: int, files_total: int, *, actor: Actor, correlation_id: str
    ) -> None:
        """Record progress (and so renew the lease)."""
        self._check_holder(worker)
        self.trigger_event(
            self.Advanced,
            worker=worker,
            files_done=files_done,
            files_total=files_total,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def complete(
        self, worker: str, result: dict[str, Any], *, actor: Actor, correlation_id: str
    ) -> None:
        """Record the result; the run ends."""
        self._check_holder(worker)
        self.trigger_event(
            self.Completed,
            worker=worker,
            result=result,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def fail(
        self, worker: str, code: str | None, message: str, *, actor: Actor, correlation_id: str
    ) -> None:
        """Record that the run cannot give a result (the document or window is refused)."""
        self._check_holder(worker)
        self.trigger_event(
            self.Failed,
            worker=worker,
            code=code,
            message=message,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )


class ImpactRunSlot(Aggregate):
    """Which run of one criteria version is open (at most one), and which ran last."""

    class Event(Aggregate.Event):
        actor: Actor
        reason: str | None
        correlation_id: str

    class Opened(Event, Aggregate.Created):
        """The first run of this version was requested."""

        criteria_name: str
        criteria_version: int
        run_id: UUID

    class Taken(Event):
        """A new run of this version was requested (none was open)."""

        run_id: UUID

        def apply(self, aggregate: ImpactRunSlot) -> None:
            aggregate.open_run = self.run_id
            aggregate.last_run = self.run_id

    class Freed(Event):
        """The open run ended (completed or failed)."""

        run_id: UUID

        def apply(self, aggregate: ImpactRunSlot) -> None:
            aggregate.open_run = None

    def __init__(self, criteria_name: str, criteria_version: int, run_id: UUID) -> None:
        self.criteria_name = criteria_name
        self.criteria_version = criteria_version
        self.open_run: UUID | None = run_id
        self.last_run: UUID = run_id

    @classmethod
    def open(
        cls,
        name: str,
        version: int,
        run_id: UUID,
        *,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> ImpactRunSlot:
        return cls._create(
            cls.Opened,
            id=impact_run_slot_id(name, version),
            criteria_name=name,
            criteria_version=version,
            run_id=run_id,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def take(self, run_id: UUID, *, actor: Actor, reason: str | None, correlation_id: str) -> None:
        if self.open_run is not None:
            raise ConflictError(M.IMPACT_RUN_ALREADY_OPEN(run_id=str(self.open_run)))
        self.trigger_event(
            self.Taken, run_id=run_id, actor=actor, reason=reason, correlation_id=correlation_id
        )

    def free(self, run_id: UUID, *, actor: Actor, correlation_id: str) -> None:
        if self.open_run == run_id:
            self.trigger_event(
                self.Freed, run_id=run_id, actor=actor, reason=None, correlation_id=correlation_id
            )
