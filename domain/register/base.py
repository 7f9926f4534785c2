"""The base of the `Register` application: saving, idempotency, retries, positions, reads.

One application means one notification log and one global order of events, which the read
models and the ledger follow. Methods take and return simple types and value objects; library
errors are translated here, at one boundary, into the domain's error family.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError, Application, Repository
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, JSONTranscoder, Recording, StoredEvent

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
from domain.repository import KeyedLocks, SafeCachingRepository
from domain.store.scans import scans_of
from domain.teacher import Activity, Teacher
from domain.teacher_scan import PAGE_ROWS
from domain.tokens import TOKEN_PREFIX, AccessToken, new_token
from domain.transcodings import register_domain_transcodings
from domain.values import (
    Actor,
    Role,
    bsn_is_valid,
    person_key,
)
from policies.messages import M

if TYPE_CHECKING:  # the types of what one command group offers the others (see below)
    from domain.activity_rules import OfferingTerms
    from domain.assessment import Assessment
    from domain.commands import RecordActivity
    from domain.criteria_book import CriteriaBook, CriteriaVersion
    from domain.decisions import DecisionIndex, GoverningCriteria, RunDueReport
    from policies import ReregistrationCriteria
    from policies.retention import LoadedPolicy

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


#: The command-specific part of a result: a `TypedDict` per command (see `domain.results`),
#: so callers read typed fields while the stored answer of an idempotency key keeps its form.
D_co = TypeVar("D_co", bound=Mapping[str, Any], covariant=True)
R = TypeVar("R", bound=Mapping[str, Any])


@dataclass(frozen=True)
class CommandResult(Generic[D_co]):
    """What a command answers: the aggregate, its new version, the log position of its last
    event (for read-your-writes), and command-specific data (typed per command)."""

    aggregate_id: UUID
    version: int
    position: int
    data: D_co = field(default_factory=dict)  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        return {
            "aggregate_id": str(self.aggregate_id),
            "version": self.version,
            "position": self.position,
            "data": dict(self.data),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> CommandResult[Any]:
        return cls(UUID(d["aggregate_id"]), d["version"], d["position"], d["data"])


@dataclass(frozen=True)
class Context:
    """Who is acting, why, in which request, and with which retry key."""

    actor: Actor
    correlation_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    reason: str | None = None
    idempotency_key: str | None = None
    expected_version: int | None = None


def fingerprint(payload: Any) -> str:
    """A stable hash of a command's input, to tell a retry from a reuse of the same key."""
    return hashlib.sha256(
        json.dumps(payload, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()


def check_expected_version(ctx: Context, version: int) -> None:
    """412 when the caller's `If-Match` names another version than the aggregate's."""
    if ctx.expected_version is not None and version != ctx.expected_version:
        raise VersionMismatchError(ctx.expected_version, version)


class _Collected:
    """Events already collected from their aggregates, handed to `save` as one object (the
    library checks each saved object against runtime protocols: once here, not per event)."""

    def __init__(self, events: list[Any]) -> None:
        self.id = events[0].originator_id
        self._events = events

    def collect_events(self) -> list[Any]:
        events, self._events = self._events, []
        return events


class RegisterBase(Application[UUID]):
    """Infrastructure shared by the command groups: saving, idempotency, retries, reads."""

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
            recordings = self.save(cast(Aggregate, _Collected(events)))
        except IntegrityError:
            position = self._landed(events)
            if position is None:
                raise
            log.warning("write_landed_despite_error", position=position)
            for listener in list(self._listeners):
                listener(position)
            return position
        return max((r.notification.id for r in recordings), default=0)

    def _landed(self, events: list[Any]) -> int | None:
        """The position of the last of `events` when these very events are stored, else None.

        An event is recognised by aggregate, version, type and creation time (to the
        microsecond): a racing writer's event at the same version differs at least in time.
        """
        if not events:
            return None
        last: dict[UUID, Any] = {}
        for event in events:
            last[event.originator_id] = event
        first = events[0]
        stored = self.events_with_positions(first.originator_id, lte=first.originator_version)
        if not stored or stored[-1][1] != first.originator_version:
            return None
        _position, version, topic, state = stored[-1]
        mine: Any = self.mapper.to_domain_event(
            StoredEvent(
                originator_id=first.originator_id,
                originator_version=version,
                topic=topic,
                state=state,
            )
        )
        if type(mine) is not type(first) or mine.timestamp != first.timestamp:
            return None
        positions = [
            self._position_of(e.originator_id, e.originator_version) for e in last.values()
        ]
        return max(positions, default=0)

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
            raise InvalidInputError.of("Idempotency-Key", M.IDEMPOTENCY_KEY_1_200_CHARACTERS())
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
            raise ConflictError(M.IDEMPOTENCY_KEY_ALREADY_USED_DIFFERENT_REQUEST())
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

    # -- access tokens ------------------------------------------------------------------------

    def issue_token(
        self,
        *,
        role: str,
        subject: str | None,
        expires_at: datetime | None,
        ctx: Context,
        note: str | None = None,
    ) -> tuple[str, UUID]:
        """Issue a bearer token; returns the token (shown once) and its id (for revocation)."""
        if role not in {r.value for r in Role} - {Role.SYSTEM}:
            raise InvalidInputError.of("role", M.UNKNOWN_ROLE(role=repr(role)))
        needs_subject = {Role.TEACHER, Role.EMPLOYER, Role.PROVIDER}
        if role in needs_subject and not subject:
            raise InvalidInputError.of("subject", M.TOKEN_NEEDS_SUBJECT(role=role))
        if role == Role.TEACHER and subject:
            try:
                self.get_teacher(UUID(subject))
            except ValueError:
                raise InvalidInputError.of("subject", M.TEACHER_SUBJECT_TEACHER_ID()) from None
        token = new_token()
        aggregate = AccessToken.issue(token, role, subject, expires_at, ctx.actor, note)
        self._save(aggregate)
        log.info("token_issued", token_id=str(aggregate.id), role=role, subject=subject)
        return token, aggregate.id

    def revoke_token(self, token_or_id: str, *, ctx: Context) -> UUID:
        """Revoke by token id (as printed at issue) or by the token itself."""
        try:
            aggregate_id = UUID(token_or_id)
        except ValueError:
            aggregate_id = AccessToken.id_for(token_or_id)
        try:
            aggregate: AccessToken = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            raise NotFoundError(M.NO_SUCH_TOKEN()) from None
        aggregate.revoke(by=ctx.actor, reason=ctx.reason)
        self._save(aggregate)
        log.info("token_revoked", token_id=str(aggregate_id))
        return aggregate_id

    def authenticate(self, token: str) -> AccessToken | None:
        """The valid token record for a presented token, or None."""
        if not token.startswith(TOKEN_PREFIX) or len(token) > 200:
            return None
        try:
            aggregate: AccessToken = self.repository.get(AccessToken.id_for(token))
        except AggregateNotFoundError:
            return None
        if not isinstance(aggregate, AccessToken) or not aggregate.is_valid(datetime.now(UTC)):
            return None
        return aggregate

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
            raise InvalidInputError.of("bsn", M.NOT_VALID_BSN_NINE_DIGITS_PASS())
        found = self.find_by_bsn(bsn)
        if found is None:
            raise NotFoundError(M.NO_FILE_HOLDS_BSN())
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
        change: Callable[[Teacher], dict[str, Any]],
        *,
        commutes: bool,
        event_name: str,
        legacy: dict[str, Any] | None = None,
    ) -> CommandResult[Any]:
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
        change: Callable[[list[Teacher]], dict[str, Any]],
        *,
        commutes: bool,
        event_name: str,
        legacy: dict[str, Any] | None = None,
        attempts: int = COMMUTATIVE_RETRIES,
        logger: Any = None,
    ) -> CommandResult[Any]:
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
                        raise BusyError(M.FILE_TOO_BUSY_CHANGE_NOW_TRY())
                teachers = [self.get_teacher(i) for i in teacher_ids]
                first = teachers[0]
                if first.erased_on is not None:
                    raise ConflictError(M.PERSONAL_DATA_FILE_WERE_ERASED_TAKES())

                def run(ts: list[Teacher] = teachers) -> tuple[list[Aggregate], CommandResult[Any]]:
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
                    raise BusyError(M.FILES_WERE_CHANGED_SOMEONE_ELSE_SAME())
                raise BusyError(M.FILE_CHANGED_SOMEONE_ELSE_SAME_TIME())
            (logger or log).info(
                event_name,
                teacher_id=str(first_id),
                version=result.version,
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        if several:  # pragma: no cover
            raise BusyError(M.FILES_TOO_BUSY_CHANGE_NOW_TRY())
        raise BusyError(M.FILE_TOO_BUSY_CHANGE_NOW_TRY())  # pragma: no cover

    # -- what one command group offers the others -------------------------------------------
    # Each group is a mixin directly on this base; where one group uses another's method, the
    # method is declared here (typed, so a change of signature fails `make types`) and
    # answered by the group named. The hooks have their default here; a group refines them.
    # `tests/unit/test_register_groups.py` checks that `Register` answers every declaration.

    def record_activity(
        self, teacher_id: UUID, command: RecordActivity, *, ctx: Context
    ) -> CommandResult[Any]:
        """Answered by `teacher_file.TeacherFileCommands` (confirming a participation)."""
        raise NotImplementedError

    def after_admission(self, answer: CommandResult[Any], ctx: Context) -> CommandResult[Any]:
        """Hook after an admission was saved (the deliveries attach appointments delivered
        before it); answers the admission's result as it then stands."""
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

    def criteria_book(self, name: str) -> CriteriaBook:
        """Answered by `criteria.CriteriaCommands`."""
        raise NotImplementedError

    def criteria_version(self, name: str, version: int) -> CriteriaVersion:
        """Answered by `criteria.CriteriaCommands`."""
        raise NotImplementedError

    def criteria_in_force(self, name: str, on: date) -> CriteriaVersion:
        """Answered by `criteria.CriteriaCommands`."""
        raise NotImplementedError

    def parsed_reregistration(self, version: CriteriaVersion) -> ReregistrationCriteria:
        """Answered by `criteria.CriteriaCommands`."""
        raise NotImplementedError

    def ensure_criteria_books(self, ctx: Context) -> list[str]:
        """Answered by `criteria.CriteriaCommands`."""
        raise NotImplementedError

    def worse_for_running_periods(self, raw: bytes, effective_from: date) -> list[dict[str, Any]]:
        """Answered by `impact.ProgressAndImpact` (adopting criteria checks it)."""
        raise NotImplementedError

    def progress(self, teacher_id: UUID, on: date | None = None) -> dict[str, Any]:
        """Answered by `impact.ProgressAndImpact` (a shared overview shows it)."""
        raise NotImplementedError

    def impact(
        self,
        raw: bytes,
        *,
        due_from: date,
        due_to: date,
        effective_from: date | None = None,
        page_rows: int = PAGE_ROWS,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Answered by `impact.ProgressAndImpact` (an impact run runs it)."""
        raise NotImplementedError

    def facts_for(self, teacher: Teacher, qualification_id: str) -> Any:
        """Answered by `decisions.DecisionCommands`."""
        raise NotImplementedError

    def criteria_of_period(
        self, book: CriteriaBook, start: date, leaves: Any, on: date
    ) -> GoverningCriteria:
        """Answered by `decisions.DecisionCommands`."""
        raise NotImplementedError

    def get_decision(self, decision_id: str) -> dict[str, Any]:
        """Answered by `decisions.DecisionCommands`."""
        raise NotImplementedError

    def reproduce(self, decision_id: str) -> dict[str, Any]:
        """Answered by `decisions.DecisionCommands`, refined by `objections.ObjectionCommands`
        (which comes before it in `Register`, and calls it with `super()`)."""
        raise NotImplementedError

    def check_run_date(self, on: date) -> None:
        """Answered by `decisions.DecisionCommands` (every due run checks its date first)."""
        raise NotImplementedError

    def run_due(
        self,
        on: date,
        *,
        ctx: Context,
        page_rows: int = PAGE_ROWS,
        progress: Callable[[int, int], None] | None = None,
        each_file: Callable[[Teacher], bool] | None = None,
        file_conflict: Callable[[], None] | None = None,
    ) -> RunDueReport:
        """Answered by `decisions.DecisionCommands`; `retention.RetentionCommands` adds the
        retention run and `correspondence.CorrespondenceCommands` the reminders, each calling
        the next with `super()` (the order of `Register`'s bases is the order of the run)."""
        raise NotImplementedError

    def _decide(
        self,
        teacher_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        prepare: Callable[[Teacher, CriteriaBook], tuple[DecisionIndex | None, dict[str, Any]]],
    ) -> CommandResult[Any]:
        """Answered by `decisions.DecisionCommands` (a hearing's decision)."""
        raise NotImplementedError

    def _record_decided(
        self,
        teacher: Teacher,
        event_class: type[Teacher.Decided],
        receipt: dict[str, Any],
        ctx: Context,
        **fields: Any,
    ) -> DecisionIndex:
        """Answered by `decisions.DecisionCommands` (a hearing's decision)."""
        raise NotImplementedError

    def _receipt_at_version(
        self,
        kind: str,
        teacher: Teacher,
        qualification_id: str,
        assessment: Assessment,
        *,
        on: date,
        ctx: Context,
        policy: CriteriaVersion | None,
        inputs: dict[str, Any],
        governs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Answered by `decisions.DecisionCommands` (a hearing's decision)."""
        raise NotImplementedError

    def retention_policy(self, on: date | None = None) -> LoadedPolicy:
        """Answered by `erasure.ErasureCommands` (the retention run applies it)."""
        raise NotImplementedError

    def _open_objections(self, teacher: Teacher) -> int:
        """Answered by `erasure.ErasureCommands` (the retention run asks it)."""
        raise NotImplementedError
