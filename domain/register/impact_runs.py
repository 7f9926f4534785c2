"""The impact analysis as a job: request a run, claim it, run it, keep its result.

A mixin over `RegisterBase` (the aggregate and its rules: :mod:`domain.impact_run`). Requesting
writes the run and takes the version's slot in one atomic write; a worker (the `serve`
process's background thread, or `criteria impact-run` on the command line: `api.impact_worker`)
claims a run through the run's own version, runs :meth:`impact` with a progress callback that
records how far it is, and records the result and frees the slot in one atomic write.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, Final, NamedTuple
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.decisions import CRITERIA
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.impact_run import ImpactRun, ImpactRunSlot, impact_run_slot_id
from domain.register.base import CommandResult, Context, RegisterBase
from domain.register.impact import MAX_WINDOW_DAYS
from domain.teacher_scan import PAGE_ROWS
from domain.values import SYSTEM
from policies.messages import M

log = structlog.get_logger("lerarenregister.impact")

#: How often a running worker records its progress at most (seconds); each record renews its
#: lease, so the lease must be a few times longer (`LR_IMPACT_LEASE`).
PROGRESS_EVERY: Final = 1.0
_DAY: Final = timedelta(days=1)


class ImpactRunLostError(ConflictError):
    """The run is no longer this worker's: its lease ran out and another claimed it."""


class StartedRun(NamedTuple):
    """What a start answers: the run, whether this request made it, and the log position of
    the request's write (or of the open run's newest event) for `X-Min-Position`."""

    run: ImpactRun
    new: bool
    position: int


class ImpactRunCommands(RegisterBase):
    """Impact runs: requested by the profession, run by a worker in any process."""

    # -- reads ----------------------------------------------------------------------------

    def impact_run(self, run_id: UUID | str) -> ImpactRun:
        """One run as it stands, or a clear 404 (also for an id that is no run id)."""
        try:
            key = run_id if isinstance(run_id, UUID) else UUID(str(run_id))
            run: ImpactRun = self.repository.get(key)
        except (ValueError, AggregateNotFoundError):
            raise NotFoundError(M.IMPACT_RUN_NOT_FOUND(run_id=str(run_id)[:64])) from None
        if not isinstance(run, ImpactRun):
            raise NotFoundError(M.IMPACT_RUN_NOT_FOUND(run_id=str(run_id)))
        return run

    def _slot(self, name: str, version: int) -> ImpactRunSlot | None:
        try:
            slot: ImpactRunSlot = self.repository.get(impact_run_slot_id(name, version))
        except AggregateNotFoundError:
            return None
        return slot

    def last_impact_run(self, name: str, version: int) -> ImpactRun | None:
        """The newest run of a criteria version (open or ended), if any."""
        slot = self._slot(name, version)
        return self.impact_run(slot.last_run) if slot is not None else None

    def open_impact_runs(self) -> list[UUID]:
        """The runs that are queued or running, one at most per version of the book that the
        analysis weighs (a handful of versions: each has a slot of its own)."""
        found = []
        for number in sorted(self.criteria_book(CRITERIA).versions):
            slot = self._slot(CRITERIA, number)
            if slot is not None and slot.open_run is not None:
                found.append(slot.open_run)
        return found

    # -- the profession's command ---------------------------------------------------------

    def start_impact_run(
        self,
        name: str,
        version: int,
        *,
        due_from: date | None,
        due_to: date | None,
        effective_from: date | None,
        ctx: Context,
    ) -> StartedRun:
        """Request the impact of a criteria version over the window (defaults: today, a year
        from it, tomorrow); returns the run, whether it is new and the log position of the
        request's write (of the open run's newest event when it is not new). While a run of
        the version is open, that run is the answer (whatever window it weighs): one run per
        version at once."""
        if name != CRITERIA:
            self.criteria_book(name)  # an unknown book: 404
            raise InvalidInputError.of("name", M.IMPACT_ONLY_REREGISTRATION(name=name))
        found = self.criteria_version(name, version)
        self.parsed_reregistration(found)  # the bytes still hash to the recorded sha256
        today = self.clock()
        start = due_from or today
        last = date.max - timedelta(days=366 * 12)  # room for a period's end and the day after
        for field, day in (
            ("due_from", start),
            ("due_to", due_to),
            ("effective_from", effective_from),
        ):
            if day is not None and day > last:
                raise InvalidInputError.of(
                    field, M.IMPACT_WINDOW_BEYOND_CALENDAR(last=last.isoformat())
                )
        end = due_to or start + timedelta(days=365)
        if end < start:
            raise InvalidInputError.of("due_to", M.IMPACT_WINDOW_ENDS_BEFORE_START())
        if (end - start).days > MAX_WINDOW_DAYS:
            raise InvalidInputError.of("due_to", M.IMPACT_WINDOW_TOO_LONG())
        takes_effect = effective_from or today + _DAY
        payload = {
            "command": "start_impact_run",
            "name": name,
            "version": version,
            "due_from": start,
            "due_to": end,
            "effective_from": takes_effect,
        }

        def request() -> tuple[list[Aggregate], CommandResult[Any]]:
            slot = self._slot(name, version)
            if slot is not None and slot.open_run is not None:
                answer = {"run_id": str(slot.open_run), "new": False}
                return [], CommandResult(slot.open_run, 0, 0, answer)
            run = ImpactRun.request(
                criteria_name=name,
                criteria_version=version,
                sha256=found.sha256,
                due_from=start,
                due_to=end,
                effective_from=takes_effect,
                requested_on=today,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            if slot is None:
                slot = ImpactRunSlot.open(
                    name,
                    version,
                    run.id,
                    actor=ctx.actor,
                    reason=ctx.reason,
                    correlation_id=ctx.correlation_id,
                )
            else:
                slot.take(
                    run.id, actor=ctx.actor, reason=ctx.reason, correlation_id=ctx.correlation_id
                )
            return [run, slot], CommandResult(run.id, 1, 0, {"run_id": run.run_id, "new": True})

        for attempt in range(3):
            try:
                result = self._idempotent(ctx, payload, request)
            except IntegrityError:
                log.info("impact_run_start_raced", criteria=name, version=version, attempt=attempt)
                continue  # another request took the slot meanwhile: answer its run
            if result.data["new"]:
                log.info(
                    "impact_run_requested",
                    run_id=result.data["run_id"],
                    criteria=name,
                    version=version,
                    position=result.position,
                )
            run = self.impact_run(result.data["run_id"])
            if result.data["new"]:
                return StartedRun(run, True, result.position)
            return StartedRun(run, False, self._position_of(run.id, run.version))
        raise ConflictError(M.CRITERIA_BOOK_CHANGED_CONCURRENTLY(name=name))

    # -- the worker's steps ---------------------------------------------------------------

    def claim_impact_run(
        self,
        run_id: UUID | str,
        worker: str,
        *,
        lease_seconds: float,
        now: datetime | None = None,
    ) -> ImpactRun | None:
        """Claim a run for ``worker``; None when it is not claimable or another worker claimed
        it first (the store refused our claim at the same version)."""
        run = self.impact_run(run_id)
        moment = now or datetime.now(UTC)
        if not run.claimable(moment):
            return None
        correlation = f"impact-run:{run.run_id}"
        claimed = run.claim(
            worker,
            now=moment,
            lease_seconds=lease_seconds,
            actor=SYSTEM,
            correlation_id=correlation,
        )
        slot = None
        if not claimed:  # given up: the run ends, and frees its slot
            slot = self._slot(run.criteria_name, run.criteria_version)
            if slot is not None:
                slot.free(run.id, actor=SYSTEM, correlation_id=correlation)
        try:
            self._save(run, slot)
        except IntegrityError:
            log.info("impact_run_claim_lost", run_id=run.run_id, worker=worker)
            return None
        if not claimed:
            log.warning("impact_run_given_up", run_id=run.run_id, attempts=run.attempt)
            return None
        log.info("impact_run_claimed", run_id=run.run_id, worker=worker, attempt=run.attempt)
        return run

    def execute_impact_run(
        self,
        run: ImpactRun,
        worker: str,
        *,
        page_rows: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ImpactRun:
        """Run a claimed run to its end: progress recorded as it goes, then the result (or the
        refusal of the document or window) recorded and the slot freed, in one write.

        Raises :class:`ImpactRunLostError` when another worker took the run over meanwhile;
        any other fault (the store away) leaves the run to be claimed again after its lease.
        """
        correlation = f"impact-run:{run.run_id}"
        last_saved = [0.0]

        def progress(done: int, total: int) -> None:
            if on_progress is not None:
                on_progress(done, total)
            now = time.monotonic()
            if now - last_saved[0] < min(PROGRESS_EVERY, run.lease_seconds / 4) and done < total:
                return
            run.advance(worker, done, total, actor=SYSTEM, correlation_id=correlation)
            try:
                self._save(run)
            except IntegrityError:
                raise ImpactRunLostError(
                    M.IMPACT_RUN_NOT_CLAIMABLE(run_id=run.run_id, status="taken over")
                ) from None
            last_saved[0] = now

        version = self.criteria_version(run.criteria_name, run.criteria_version)
        try:
            result = self.impact(
                version.raw,
                due_from=run.due_from,
                due_to=run.due_to,
                effective_from=run.effective_from,
                page_rows=page_rows or PAGE_ROWS,
                progress=progress,
            )
        except ImpactRunLostError:
            log.warning("impact_run_lost", run_id=run.run_id, worker=worker)
            raise
        except (InvalidInputError, NotFoundError) as exc:
            run.fail(worker, exc.code, str(exc.message), actor=SYSTEM, correlation_id=correlation)
        else:
            run.complete(worker, result, actor=SYSTEM, correlation_id=correlation)
        slot = self._slot(run.criteria_name, run.criteria_version)
        if slot is not None:
            slot.free(run.id, actor=SYSTEM, correlation_id=correlation)
        try:
            self._save(run, slot)
        except IntegrityError:
            log.warning("impact_run_lost", run_id=run.run_id, worker=worker)
            raise ImpactRunLostError(
                M.IMPACT_RUN_NOT_CLAIMABLE(run_id=run.run_id, status="taken over")
            ) from None
        log.info("impact_run_ended", run_id=run.run_id, worker=worker, status=run.status)
        return run

    def run_impact_run(
        self,
        run_id: UUID | str,
        worker: str,
        *,
        lease_seconds: float,
        page_rows: int | None = None,
        on_progress: Callable[[int, int], None] | None = None,
    ) -> ImpactRun | None:
        """Claim and run one run; None when another worker has it (or it has ended)."""
        run = self.claim_impact_run(run_id, worker, lease_seconds=lease_seconds)
        if run is None:
            return None
        try:
            return self.execute_impact_run(
                run, worker, page_rows=page_rows, on_progress=on_progress
            )
        except ImpactRunLostError:
            return None
