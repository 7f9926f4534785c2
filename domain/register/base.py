"""The base of the `Register` application: saving, idempotency, retries, positions, reads.

One application means one notification log and one global order of events, which the read
models and the ledger follow. Methods take and return simple types and value objects; library
errors are translated here, at one boundary, into the domain's error family.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, ClassVar, cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording

from domain import deadlines
from domain.clock import amsterdam_today
from domain.errors import (
    BusyError,
    ConflictError,
    InvalidInputError,
    NotFoundError,
    TeacherNotFoundError,
    VersionMismatchError,
)
from domain.indexes import (
    IdempotencyRecord,
    PersonIndex,
    RegisterNumberIndex,
    idempotency_id,
    person_index_id,
    register_number_index_id,
)
from domain.keystore import DataKeys
from domain.personal_mapper import PersonalDataMapper
from domain.register.context import (
    CommandResult,
    Context,
    R,
    check_expected_version,
    fingerprint,
)
from domain.register.criteria_reads import CriteriaReads
from domain.register.deciding import Decider
from domain.register.impact import Evaluations
from domain.register.landed import Collected, landed
from domain.repository import KeyedLocks, SafeCachingRepository
from domain.store.scans import scans_of
from domain.teacher import Activity, Teacher
from domain.transcodings import register_domain_transcodings
from domain.values import bsn_is_valid, person_key
from policies.messages import M

if TYPE_CHECKING:
    from domain.activity_rules import OfferingTerms

__all__ = [
    "CommandResult",
    "Context",
    "RegisterBase",
    "backoff",
    "check_expected_version",
    "fingerprint",
]

log = structlog.get_logger("lerarenregister.register")

#: How often a command that commutes with concurrent ones is retried on a version conflict,
#: and for how long at most (seconds) before it answers 409 with `Retry-After`.
COMMUTATIVE_RETRIES = 60
COMMUTATIVE_BUDGET = 4.0
#: Backoff between retries: full jitter over an exponentially growing window, capped, so that
#: the window grows with the number of racing writers (each lost race doubles it).
BACKOFF_BASE = 0.004
BACKOFF_CAP = 0.25


def backoff(attempt: int, rng: random.Random | None = None) -> float:
    """Seconds to wait before retry number `attempt` (0-based) of a command that lost a race."""
    window = min(BACKOFF_CAP, BACKOFF_BASE * (2**attempt))
    return (rng or random).uniform(0, window)


class RegisterBase(Application[UUID]):
    """What the command groups share: saving, idempotency, retries, reads of a file, the
    collaborators built in `__init__` (criteria reads, deciding, evaluations), and the
    extension points a group may refine."""

    name = "Register"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        secret: bytes,
        clock: Callable[[], date] = amsterdam_today,
        rng: random.Random | None = None,
        keys: DataKeys | None = None,
    ) -> None:
        super().__init__(env)
        # Every wait on the database counts against the request's time budget.
        deadlines.guard(self.recorder.datastore)  # type: ignore[attr-defined]
        self.keys = keys
        if keys is not None:
            # Personal fields are sealed per person (domain.personal_mapper).
            if not isinstance(self.mapper, PersonalDataMapper):
                raise TypeError("data keys need MAPPER_TOPIC = PersonalDataMapper")
            self.mapper.bind(keys)
            self.recorder.keys = keys  # type: ignore[attr-defined]
        self.secret = secret
        self.clock = clock
        self.rng = rng or random.SystemRandom()
        self._listeners: list[Callable[[int], None]] = []
        self._listeners_lock = threading.Lock()
        self._writers = KeyedLocks()
        # What several command groups need is built here, once, and called: no group calls
        # another group's methods (tests/unit/test_register_groups.py).
        self.criteria = CriteriaReads(self)
        self.decider = Decider(self)
        self.evaluations = Evaluations(self)
        # The register's names for them, as the API, the pages, the CLI and the groups have
        # always called them; bound once, so each signature is written once, where it is
        # answered.
        self.criteria_book = self.criteria.book
        self.criteria_versions = self.criteria.versions
        self.criteria_version = self.criteria.version
        self.criteria_in_force = self.criteria.in_force
        self.parsed_reregistration = self.criteria.parsed_reregistration
        self.criteria_of_period = self.criteria.of_period
        self.ensure_criteria_books = self.criteria.ensure_books
        self.retention_policy = self.criteria.retention_policy
        self.facts_for = self.decider.facts_for
        self.get_decision = self.decider.get_decision
        self.progress = self.evaluations.progress
        self.impact = self.evaluations.impact

    # -- infrastructure hooks -----------------------------------------------------------------

    def construct_repository(self) -> Repository[UUID]:
        """The library's repository, with a cache that is safe under concurrent requests."""
        base = super().construct_repository()
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return SafeCachingRepository(
            event_store=base.event_store,
            snapshot_store=base.snapshot_store,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=base.fastforward,
            fastforward_skipping=base.fastforward_skipping,
            deepcopy_from_cache=base.deepcopy_from_cache,
        )

    def close(self) -> None:
        super().close()
        if self.keys is not None:
            self.keys.close()

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        register_domain_transcodings(transcoder)

    def add_listener(self, listener: Callable[[int], None]) -> None:
        """Call `listener(position)` after every save (wakes in-process projections)."""
        with self._listeners_lock:
            self._listeners.append(listener)

    def _notify(self, recordings: list[Recording[UUID]]) -> None:
        if not recordings:
            return
        position = max(r.notification.id for r in recordings)
        for listener in list(self._listeners):
            listener(position)

    def head_position(self) -> int:
        """The position of the newest event in the log (0 when empty)."""
        return self.recorder.max_notification_id() or 0

    # -- saving -------------------------------------------------------------------------------

    def _save(self, *aggregates: Aggregate | None) -> int:
        """Save atomically; the position of the last event written.

        When the commit landed but its reply was lost, the library's retry of the insert
        collides with the rows it wrote itself. That is not a conflict: the write is in the
        store, and its position is answered as if the reply had arrived.
        """
        events: list[Any] = [e for a in aggregates if a is not None for e in a.collect_events()]
        if not events:
            return 0
        try:
            recordings = self.save(cast(Aggregate, Collected(events)))
        except IntegrityError:
            position = landed(self, events)
            if position is None:
                raise
            log.warning("write_landed_despite_error", position=position)
            for listener in list(self._listeners):
                listener(position)
            return position
        return max((r.notification.id for r in recordings), default=0)

    def _idempotent(
        self,
        ctx: Context,
        payload: Any,
        run: Callable[[], tuple[list[Aggregate], CommandResult[R]]],
        *,
        legacy: Any = None,
    ) -> CommandResult[R]:
        """Run a command once per idempotency key; a retry gets the first answer back.

        The record of the answer is saved in the same atomic write as the command's events,
        so a crash can never leave the one without the other, and two racing requests with
        one key cannot both write. A key recorded before the command's payload took in every
        field is also recognised by the ``legacy`` payload (`Command.legacy_payload`).
        """
        if ctx.idempotency_key is None:
            aggregates, result = run()
            position = self._save(*aggregates)
            return CommandResult(result.aggregate_id, result.version, position, result.data)
        if len(ctx.idempotency_key) > 200 or not ctx.idempotency_key.strip():
            raise InvalidInputError.of("Idempotency-Key", M.IDEMPOTENCY_KEY_LENGTH())
        print_ = fingerprint(payload)
        also = fingerprint(legacy) if legacy is not None else print_
        previous = self._previous_answer(ctx, print_, also)
        if previous is not None:
            return previous
        aggregates, result = run()
        # The position is not known before the write; the record keeps the pre-write answer
        # and the stored answer's position is filled in on replay from the log (see below).
        record = IdempotencyRecord.create(ctx.actor, ctx.idempotency_key, print_, result.to_dict())
        try:
            position = self._save(*aggregates, record)
        except IntegrityError:
            previous = self._previous_answer(ctx, print_, also)
            if previous is not None:
                return previous
            raise
        return CommandResult(result.aggregate_id, result.version, position, result.data)

    def _once(self, ctx: Context, payload: Any, run: Callable[[], R]) -> CommandResult[R]:
        """Run a command that saves in many writes of its own (a batch over many files) once
        per idempotency key: the answer is recorded after the run, alone; a retry gets it back.

        Only for commands that are idempotent by nature (a run interrupted before its record
        is saved is simply run again, and decides what is left).
        """
        key = ctx.idempotency_key
        if key is None:
            return CommandResult(UUID(int=0), 0, 0, run())

        def once() -> tuple[list[Aggregate], CommandResult[R]]:
            # the run saves its own writes; the answer's record is then saved alone
            return [], CommandResult(idempotency_id(ctx.actor, key), 1, 0, run())

        return self._idempotent(ctx, payload, once)

    def _previous_answer(
        self, ctx: Context, print_: str, also: str | None = None
    ) -> CommandResult[Any] | None:
        assert ctx.idempotency_key is not None
        try:
            record: IdempotencyRecord = self.repository.get(
                idempotency_id(ctx.actor, ctx.idempotency_key)
            )
        except AggregateNotFoundError:
            return None
        if record.fingerprint not in (print_, also or print_):
            raise ConflictError(M.IDEMPOTENCY_KEY_REUSED())
        if record.result.get("erased"):
            raise ConflictError(M.IDEMPOTENT_ANSWER_ERASED())
        stored = CommandResult.from_dict(record.result)
        # The record was saved last in the same write, so its position is the answer's.
        position = self._position_of(record.id, 1)
        return CommandResult(stored.aggregate_id, stored.version, position, stored.data)

    def _position_of(self, aggregate_id: UUID, version: int) -> int:
        """Log position of one stored event, found by aggregate id and version."""
        for position, stored_version, _topic, _state in self.events_with_positions(
            aggregate_id, lte=version
        ):
            if stored_version == version:
                return position
        return 0

    def events_with_positions(
        self, aggregate_id: UUID, lte: int | None = None
    ) -> list[tuple[int, int, str, bytes]]:
        """(position, version, topic, state) of one aggregate's stored events, in order.

        The library's aggregate reads do not return log positions; the audit trail and
        read-your-writes need them, so this reads the events table directly.
        """
        return scans_of(self.recorder).with_positions(aggregate_id, lte)

    # -- teacher file: reads ------------------------------------------------------------------

    def get_teacher(self, teacher_id: UUID, version: int | None = None) -> Teacher:
        """The file, as it stands now or at an earlier version."""
        try:
            teacher: Teacher = self.repository.get(teacher_id, version=version)
        except AggregateNotFoundError:
            raise TeacherNotFoundError(teacher_id) from None
        if not isinstance(teacher, Teacher):
            raise TeacherNotFoundError(teacher_id)
        return teacher

    def version_at(self, teacher_id: UUID, at: datetime) -> int:
        """The file's version at a moment of recorded time (0 if it did not exist yet)."""
        version = 0
        for event in self.events.get(teacher_id):
            if event.timestamp > at:  # type: ignore[attr-defined]
                break
            version = event.originator_version
        return version

    def find_by_bsn(self, bsn: str) -> UUID | None:
        """The file of a person, looked up by the keyed hash of their BSN."""
        if not bsn_is_valid(bsn):
            return None
        try:
            index: PersonIndex = self.repository.get(person_index_id(person_key(self.secret, bsn)))
        except AggregateNotFoundError:
            return None
        return index.teacher_id

    def file_of_person(self, bsn: str) -> UUID:
        """The file of the person with this BSN: refused for a number that is not a BSN, not
        found when no file holds it."""
        if not bsn_is_valid(bsn):
            raise InvalidInputError.of("bsn", M.BSN_INVALID())
        found = self.find_by_bsn(bsn)
        if found is None:
            raise NotFoundError(M.BSN_NOT_FOUND())
        return found

    def find_by_register_number(self, register_number: str) -> UUID | None:
        try:
            index: RegisterNumberIndex = self.repository.get(
                register_number_index_id(register_number)
            )
        except AggregateNotFoundError:
            return None
        return index.teacher_id

    def _change_teacher(
        self,
        teacher_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        change: Callable[[Teacher], R],
        *,
        commutes: bool,
        event_name: str,
        legacy: dict[str, Any] | None = None,
    ) -> CommandResult[R]:
        """Load, change, save one file; retried on a version conflict when the change
        commutes (see `_change_teachers`)."""
        return self._change_teachers(
            [teacher_id],
            ctx,
            payload,
            lambda teachers: change(teachers[0]),
            commutes=commutes,
            event_name=event_name,
            legacy=legacy,
        )

    def _change_teachers(
        self,
        teacher_ids: Sequence[UUID],
        ctx: Context,
        payload: dict[str, Any],
        change: Callable[[list[Teacher]], R],
        *,
        commutes: bool,
        event_name: str,
        legacy: dict[str, Any] | None = None,
        attempts: int = COMMUTATIVE_RETRIES,
        logger: Any = None,
    ) -> CommandResult[R]:
        """Load one or more files, change them, save them in one atomic write; retried on a
        version conflict when the change commutes (up to `attempts` times, within the budget).

        The first file is the one the command addresses: `If-Match` names its version, its
        erasure refuses the command, the answer and the log event name it. Writers of one file
        in this process take turns (a lock per file, taken in one order for all writers, so two
        writers of the same files never deadlock); a conflict then means another process
        wrote, and the retry backs off.
        """
        several = len(teacher_ids) > 1
        first_id = teacher_ids[0]
        attempts = attempts if commutes and ctx.expected_version is None else 1
        deadline = time.monotonic() + COMMUTATIVE_BUDGET
        for attempt in range(attempts):
            with ExitStack() as stack:
                for key in sorted(set(teacher_ids), key=str):  # one order: no deadlock
                    if not stack.enter_context(
                        self._writers.hold(key, deadline - time.monotonic())
                    ):
                        raise BusyError(M.FILE_BUSY())
                teachers = [self.get_teacher(i) for i in teacher_ids]
                first = teachers[0]
                if first.erased_on is not None:
                    raise ConflictError(M.FILE_ERASED())

                def run(ts: list[Teacher] = teachers) -> tuple[list[Aggregate], CommandResult[R]]:
                    # Checked here, after the idempotency lookup: a retry of a conditional
                    # write that landed gets its first answer back, not a 412.
                    check_expected_version(ctx, ts[0].version)
                    data = change(ts)
                    return list(ts), CommandResult(ts[0].id, ts[0].version, 0, data)

                try:
                    result = self._idempotent(ctx, payload, run, legacy=legacy)
                except IntegrityError:
                    result = None
            if result is None:
                if attempt + 1 < attempts and time.monotonic() < deadline:
                    # Jittered backoff: racing writers of one file spread out instead of
                    # colliding again on the next version.
                    time.sleep(backoff(attempt))
                    continue
                if ctx.expected_version is not None:
                    raise VersionMismatchError(ctx.expected_version, first.version + 1)
                if several:
                    raise BusyError(M.FILES_CHANGED_CONCURRENTLY())
                raise BusyError(M.FILE_CHANGED_CONCURRENTLY())
            (logger or log).info(
                event_name,
                teacher_id=str(first_id),
                version=result.version,
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        if several:  # pragma: no cover
            raise BusyError(M.FILES_BUSY())
        raise BusyError(M.FILE_BUSY())  # pragma: no cover

    # -- extension points ---------------------------------------------------------------------
    # A group may refine these (and only these: tests/unit/test_register_groups.py); the
    # default is what the register does without that group. Every other shared capability is
    # a collaborator built in `__init__` and called, never a method a group answers.

    #: The hooks a group may refine, each named once here.
    HOOKS: ClassVar[frozenset[str]] = frozenset(
        {"after_admission", "offering_terms", "activity_validated", "check_reproducible"}
    )

    def after_admission(self, answer: CommandResult[R], ctx: Context) -> CommandResult[R]:
        """After an admission was saved, answers the admission's result as it then stands
        (refined by `delivery.DeliveryCommands`: it attaches appointments delivered before)."""
        return answer

    def offering_terms(self, offering_id: str, day: date) -> OfferingTerms | None:
        """What the register holds of an offering on ``day``; None when it knows none
        (refined by `offerings.OfferingCommands`)."""
        return None

    def activity_validated(self, teacher: Teacher, activity: Activity) -> bool:
        """Whether an activity counts as one from a validated offering.

        Here: it references an offering. `offerings.OfferingCommands` refines this (the
        offering was validated on the activity's date); whatever it consults must be fixed by
        the time of the decision, or an old decision would no longer reproduce.
        """
        return activity.offering_id is not None

    def check_reproducible(self, decision_id: str, record: Mapping[str, Any]) -> None:
        """Refuse (raise) to reproduce a decision that is no criteria evaluation; here every
        decision is one (refined by `objections.ObjectionCommands`: a committee's ruling is
        not)."""
