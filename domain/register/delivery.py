"""Commands of employer data delivery, and the teacher's check of what was delivered.

A delivery is one request and one atomic write, however many rows it has: the files, index and
pending aggregates it touches are loaded in a few queries (:mod:`domain.bulk`), every row is
applied in memory, and everything is saved at once together with the :class:`Delivery` record.
A second delivery with the same id collides with that record and changes nothing.

Rows for people not on file wait in :class:`PendingAppointments` until the person is admitted.
Attaching them happens after the admission is saved (:meth:`after_admission`), and a delivery
that parked rows checks once more after its own save whether the person was admitted meanwhile:
of two such writes racing, the one that commits last always sees the other.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.access import board_sees_file
from domain.bulk import created_events, gc_paused, load_many
from domain.commands.deliveries import (
    ConfirmAppointment,
    ConfirmationData,
    Deliver,
    DeliveryData,
    DisputeAppointment,
)
from domain.delivery import (
    Delivery,
    PendingAppointments,
    appointment_id_for,
    delivery_record_id,
    pending_id,
)
from domain.delivery_rows import BOARD_NUMBER, MAX_DELIVERY_ID, MAX_ROWS, DeliveredRow, check_rows
from domain.errors import ConflictError, FieldError, InvalidInputError
from domain.file_appointments import FileAppointments, load_file_appointments
from domain.indexes import PersonIndex, person_index_id
from domain.register.base import CommandResult, Context, RegisterBase, fingerprint
from domain.teacher import Teacher
from domain.values import Actor, Role, person_key
from policies.messages import M

log = structlog.get_logger("lerarenregister.deliveries")

#: Attempts of a delivery whose files changed while it was being applied.
DELIVERY_ATTEMPTS = 3


@dataclass
class _Plan:
    """A delivery applied in memory: the aggregates to save and the answer to give."""

    #: Files (as :class:`FileAppointments`) and pending aggregates with new events.
    aggregates: list[Any] = field(default_factory=list)
    counts: dict[str, int] = field(
        default_factory=lambda: {"new": 0, "updated": 0, "unchanged": 0, "not_on_file": 0}
    )
    warnings: list[dict[str, Any]] = field(default_factory=list)
    #: Creation events of people kept for the first time (no aggregate built).
    events: list[Any] = field(default_factory=list)
    opened_keys: list[str] = field(default_factory=list)
    leftovers: list[UUID] = field(default_factory=list)


class _Writes:
    """All new events of one delivery, handed to `save` as one object.

    The library checks every object it saves against two runtime protocols, about 25 µs each
    time: for the 10,000 files and pending aggregates of a large delivery that costs more than
    encoding their events. The events are the same and are written in the same atomic insert.
    """

    def __init__(self, record: Delivery, members: list[Any], events: list[Any]) -> None:
        self.id = record.id
        self._members = [*members, record]
        self._events = events

    def collect_events(self) -> list[Any]:
        collected = [event for member in self._members for event in member.collect_events()]
        return [*self._events, *collected]


def _same_appointment(held: Any, row: DeliveredRow) -> bool:
    return bool(
        held.brin == row.brin
        and held.start == row.start
        and held.end == row.end
        and held.fte == row.fte
        and held.basis == row.basis
        and held.contract_start == row.contract_start
        and held.contract_end == row.contract_end
        and held.sector == row.sector
        and held.subjects == row.subjects
    )


class DeliveryCommands(RegisterBase):
    """Appointment data from employers, and the teacher's confirmation or dispute of it."""

    # -- reads ----------------------------------------------------------------------------

    def delivery_record(self, board_number: str, delivery_id: str) -> Delivery | None:
        try:
            record: Delivery = self.repository.get(delivery_record_id(board_number, delivery_id))
        except AggregateNotFoundError:
            return None
        return record

    def _repeat(self, record: Delivery, print_: str) -> CommandResult[DeliveryData]:
        """The first answer to a delivery id, for its repetition; other content is a 409."""
        if record.fingerprint != print_:
            raise ConflictError(M.DELIVERY_ID_REUSED(delivery_id=record.delivery_id))
        position = self._position_of(record.id, 1)
        answer = cast(DeliveryData, {**record.answer, "repeated": True})
        return CommandResult(record.id, record.version, position, answer)

    # -- delivering -----------------------------------------------------------------------

    def deliver(
        self, board_number: str, command: Deliver, *, ctx: Context
    ) -> CommandResult[DeliveryData]:
        """Check every row, record the valid ones, report the others; once per delivery id.

        ``command.spreadsheet``: the rows came from a CSV file (an 8-digit BSN is read with its
        leading zero restored, and the answer's warnings say so)."""
        started = time.perf_counter()
        delivery_id, rows = command.delivery_id, command.rows
        errors: list[FieldError] = []
        if not BOARD_NUMBER.fullmatch(board_number):
            errors.append(FieldError("board_number", M.BOARD_NUMBER_INVALID()))
        if not (0 < len(delivery_id) <= MAX_DELIVERY_ID and delivery_id.isprintable()):
            errors.append(
                FieldError("delivery_id", M.DELIVERY_ID_INVALID(max_length=MAX_DELIVERY_ID))
            )
        if not rows:
            errors.append(FieldError("appointments", M.DELIVERY_EMPTY()))
        if len(rows) > MAX_ROWS:
            errors.append(FieldError("appointments", M.DELIVERY_TOO_MANY_ROWS(max_rows=MAX_ROWS)))
        if errors:
            raise InvalidInputError(M.DELIVERY_REFUSED(), errors)
        print_ = fingerprint(command.content(board_number))
        if ctx.idempotency_key is not None:  # a retry with the same key gets its first answer
            first = self._previous_answer(ctx, fingerprint(command.payload(fingerprint=print_)))
            if first is not None:
                return first
        previous = self.delivery_record(board_number, delivery_id)
        if previous is not None:
            return self._repeat(previous, print_)
        with gc_paused():
            return self._deliver(board_number, command, print_, started, ctx)

    def _deliver(
        self,
        board_number: str,
        command: Deliver,
        print_: str,
        started: float,
        ctx: Context,
    ) -> CommandResult[DeliveryData]:
        today = self.clock()
        delivery_id, rows = command.delivery_id, command.rows
        checked = check_rows(rows, today, spreadsheet=command.spreadsheet)
        payload = command.payload(fingerprint=print_)
        for _attempt in range(DELIVERY_ATTEMPTS):
            plan = self._plan(board_number, delivery_id, checked.valid, ctx)
            answer: DeliveryData = {
                "delivery_id": delivery_id,
                "board_number": board_number,
                "rows": len(rows),
                "accepted": len(checked.valid),
                "rejected": checked.rejected,
                "warnings": sorted(
                    [*checked.warnings, *plan.warnings], key=lambda w: int(w["row"])
                ),
                "new": plan.counts["new"],
                "updated": plan.counts["updated"],
                "unchanged": plan.counts["unchanged"],
                "not_on_file": plan.counts["not_on_file"],
            }
            record = Delivery.receive(
                board_number=board_number,
                delivery_id=delivery_id,
                fingerprint=print_,
                received_on=today,
                answer=dict(answer),
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )

            def run(
                r: Delivery = record, p: _Plan = plan, a: DeliveryData = answer
            ) -> tuple[list[Aggregate], CommandResult[DeliveryData]]:
                writes = cast(Aggregate, _Writes(r, p.aggregates, p.events))
                return [writes], CommandResult(r.id, r.version, 0, a)

            try:
                result = self._idempotent(ctx, payload, run)
            except IntegrityError:
                previous = self.delivery_record(board_number, delivery_id)
                if previous is not None:
                    return self._repeat(previous, print_)
                continue  # a file changed meanwhile: apply the rows again on fresh state
            self._attach_if_admitted(plan.opened_keys, ctx)
            for teacher_id in plan.leftovers:
                self.attach_pending(teacher_id, ctx=ctx)
            log.info(
                "delivery_received",
                board_number=board_number,
                delivery_id=delivery_id,
                rows=len(rows),
                accepted=len(checked.valid),
                rejected=len(checked.rejected),
                position=result.position,
                seconds=round(time.perf_counter() - started, 3),
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError(M.DELIVERY_FILES_KEPT_CHANGING())

    def _plan(
        self, board_number: str, delivery_id: str, rows: list[DeliveredRow], ctx: Context
    ) -> _Plan:
        """Load what the rows touch (a few queries) and apply every row in memory."""
        plan = _Plan()
        keys = {row.bsn: person_key(self.secret, row.bsn) for row in rows}
        index_ids = {person_index_id(key): key for key in keys.values()}
        teacher_of: dict[str, UUID] = {}
        for index_id, created in created_events(self, index_ids).items():
            if isinstance(created, PersonIndex.Indexed):
                teacher_of[index_ids[index_id]] = created.teacher_id
        files = load_file_appointments(self, list(set(teacher_of.values())))
        pendings: dict[str, PendingAppointments] = {}
        for aggregate in load_many(self, [pending_id(key) for key in keys.values()]).values():
            if isinstance(aggregate, PendingAppointments):
                pendings[aggregate.person_key] = aggregate
        # Appointments delivered before an admission whose attachment never landed: attached
        # after this delivery is saved.
        plan.leftovers = [
            teacher_of[key]
            for key, pending in pendings.items()
            if pending.teacher_id is None and key in teacher_of
        ]
        employer = Actor(Role.EMPLOYER, board_number)
        reason = f"delivery {delivery_id}"
        opened: dict[str, Any] = {}  # people kept for the first time: their first event
        for row in rows:
            key = keys[row.bsn]
            tid = teacher_of.get(key)
            file = files.get(tid) if tid is not None else None
            if file is not None:
                self._to_file(file, board_number, key, row, employer, reason, ctx, plan)
                continue
            appointment_id = appointment_id_for(board_number, key, row.brin, row.start)
            waiting = pendings.get(key)
            # Counted as a file would count it (new, updated, unchanged): the answer must not
            # tell the board whether this person is on file (docs/access.md).
            if waiting is not None and appointment_id in waiting.appointments:
                same = waiting.unchanged(appointment_id, board_number, row)
                plan.counts["unchanged" if same else "updated"] += 1
            else:
                plan.counts["new"] += 1
            if waiting is None and key not in opened:
                opened[key] = PendingAppointments.opened(
                    person_key=key,
                    bsn=row.bsn,
                    appointment_id=appointment_id,
                    board_number=board_number,
                    delivery_id=delivery_id,
                    row=row,
                    actor=employer,
                    correlation_id=ctx.correlation_id,
                )
                continue
            if waiting is None:  # a second row for someone opened in this delivery
                waiting = pendings[key] = PendingAppointments.from_opened(opened.pop(key))
            if not waiting.unchanged(appointment_id, board_number, row):
                waiting.deliver(
                    appointment_id=appointment_id,
                    board_number=board_number,
                    delivery_id=delivery_id,
                    row=row,
                    actor=employer,
                    correlation_id=ctx.correlation_id,
                )
        plan.aggregates = [
            *(f for f in files.values() if f.pending_events),
            *(p for p in pendings.values() if p.pending_events),
        ]
        plan.events = list(opened.values())
        plan.opened_keys = [e.person_key for e in opened.values()] + [
            k for k, p in pendings.items() if p.version == 1 and p.pending_events
        ]
        return plan

    def _to_file(
        self,
        file: FileAppointments,
        board_number: str,
        key: str,
        row: DeliveredRow,
        employer: Actor,
        reason: str,
        ctx: Context,
        plan: _Plan,
    ) -> None:
        """Record (or update, or end) one appointment in a file; unchanged rows write nothing."""
        held = file.held(board_number, row.brin, row.start)
        # Only a board the file is open to learns that the birth date differs: to any other
        # board the warning would confirm that this BSN is on file (docs/access.md).
        sees = board_sees_file(file.appointments.values(), board_number, self.clock())
        if sees and file.birth_date is not None and file.birth_date != row.birth_date:
            plan.warnings.append(
                {
                    "row": row.row,
                    "field": "birth_date",
                    "message": M.BIRTH_DATE_DIFFERS(),
                }
            )
        if held is not None and _same_appointment(held, row):
            plan.counts["unchanged"] += 1
            return
        file.record_appointment(
            appointment_id=held.appointment_id
            if held is not None
            else appointment_id_for(board_number, key, row.brin, row.start),
            board_number=board_number,
            actor=employer,
            reason=reason,
            correlation_id=ctx.correlation_id,
            **row.appointment(),
        )
        plan.counts["updated" if held is not None else "new"] += 1

    # -- attaching appointments delivered before the admission ---------------------------

    def _attach(self, teacher: Teacher, pending: PendingAppointments, ctx: Context) -> None:
        """Record the waiting appointments in the file (as their employers delivered them)."""
        for appointment in pending.appointments.values():
            fields = dict(appointment)
            board = fields.pop("board_number")
            fields.pop("appointment_id")
            same = any(
                a.board_number == board and a.brin == fields["brin"] and a.start == fields["start"]
                for a in teacher.appointments.values()
            )
            if same:
                continue  # recorded in the file meanwhile: the file's record stands
            teacher.record_appointment(
                appointment_id=appointment["appointment_id"],
                board_number=board,
                actor=Actor(Role.EMPLOYER, board),
                reason="delivered before the admission",
                correlation_id=ctx.correlation_id,
                **fields,
            )
        pending.attach(teacher_id=teacher.id, actor=ctx.actor, correlation_id=ctx.correlation_id)

    def attach_pending(self, teacher_id: UUID, *, ctx: Context) -> CommandResult[Any] | None:
        """Attach the appointments waiting for this person to their file; None if none wait."""
        for _attempt in range(5):
            teacher = self.get_teacher(teacher_id)
            if not teacher.person_key:
                return None
            try:
                pending: PendingAppointments = self.repository.get(pending_id(teacher.person_key))
            except AggregateNotFoundError:
                return None
            if pending.teacher_id is not None:
                return None
            self._attach(teacher, pending, ctx)
            try:
                position = self._save(teacher, pending)
            except IntegrityError:
                continue  # a delivery or another attachment came first: look again
            log.info(
                "pending_appointments_attached",
                teacher_id=str(teacher_id),
                appointments=len(pending.appointments),
                position=position,
                correlation_id=ctx.correlation_id,
            )
            return CommandResult(teacher.id, teacher.version, position)
        raise ConflictError(M.FILE_KEPT_CHANGING())

    def _attach_if_admitted(self, keys: list[str], ctx: Context) -> None:
        """After parking rows: attach them for anyone admitted meanwhile (one query for all)."""
        for index in load_many(self, [person_index_id(key) for key in keys]).values():
            if isinstance(index, PersonIndex):
                self.attach_pending(index.teacher_id, ctx=ctx)

    def after_admission(self, answer: CommandResult[Any], ctx: Context) -> CommandResult[Any]:
        """After an admission: attach the appointments that were delivered for the person."""
        attached = self.attach_pending(answer.aggregate_id, ctx=ctx)
        if attached is None:
            return answer
        return CommandResult(answer.aggregate_id, attached.version, attached.position, answer.data)

    # -- the teacher's check --------------------------------------------------------------

    def confirm_appointment(
        self, teacher_id: UUID, command: ConfirmAppointment, *, ctx: Context
    ) -> CommandResult[ConfirmationData]:
        """The teacher confirms a delivered appointment."""
        appointment_id = command.appointment_id

        def change(t: Teacher) -> ConfirmationData:
            t.confirm_appointment(
                appointment_id=appointment_id,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"appointment_id": appointment_id, "confirmation": "confirmed"}

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="appointment_confirmed"
        )

    def dispute_appointment(
        self, teacher_id: UUID, command: DisputeAppointment, *, ctx: Context
    ) -> CommandResult[ConfirmationData]:
        """The teacher disputes a delivered appointment; the reason goes to the employer."""
        appointment_id = command.appointment_id

        def change(t: Teacher) -> ConfirmationData:
            t.dispute_appointment(
                appointment_id=appointment_id,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return {"appointment_id": appointment_id, "confirmation": "disputed"}

        payload = command.payload(id=teacher_id, reason=ctx.reason)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="appointment_disputed"
        )
