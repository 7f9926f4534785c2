"""The appointments of many teacher files at once, for a bulk delivery.

A delivery of 10,000 rows appends an appointment event to thousands of files. Folding each
whole file (its activities, decisions, leave) to append one event would cost more than the
delivery itself, and grow with every file's history. So a delivery reads only what it needs of
each file: its latest version, its date of birth and its appointments with the teacher's checks
(the ``Admitted``, ``AppointmentRecorded``, ``AppointmentConfirmed`` and ``AppointmentDisputed``
events), in two queries for all files. :class:`FileAppointments` then
records new appointment events with the same rules as :meth:`Teacher.record_appointment`
(:func:`domain.teacher.appointment_errors`) and the same event class, numbered after the file's
latest version: if anything else was written to a file meanwhile, the save collides on that
version and the whole delivery is applied again, exactly as with a whole aggregate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any, Final
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.errors import InvalidInputError
from domain.store.scans import scans_of
from domain.teacher import Teacher, appointment_errors
from domain.values import Actor
from policies.messages import M

ADMITTED: Final = get_topic(Teacher.Admitted)
RECORDED: Final = get_topic(Teacher.AppointmentRecorded)
CONFIRMED: Final = get_topic(Teacher.AppointmentConfirmed)
DISPUTED: Final = get_topic(Teacher.AppointmentDisputed)
TOPICS: Final = (ADMITTED, RECORDED, CONFIRMED, DISPUTED)
#: Files per query (SQLite binds one variable per id).
CHUNK: Final = 5000


@dataclass(frozen=True, slots=True)
class HeldAppointment:
    """An appointment as the file holds it."""

    appointment_id: str
    board_number: str
    brin: str
    start: date
    end: date | None
    fte: Decimal
    basis: str
    contract_start: date | None
    contract_end: date | None
    #: The teacher's check and the first day in the file, as :class:`domain.teacher.Appointment`
    #: holds them: what decides whether the board may see the file (:mod:`domain.access`).
    confirmation: str = "unconfirmed"
    recorded_on: date | None = None
    sector: str | None = None
    subjects: tuple[str, ...] | None = None


@dataclass
class FileAppointments:
    """One file's appointments and version; records appointment events on the file.

    Quacks like an aggregate for saving (``id``, ``collect_events``), and is never cached or
    read back: reads of the file go through the repository as always.
    """

    id: UUID
    version: int
    birth_date: date | None
    appointments: dict[str, HeldAppointment] = field(default_factory=dict)
    _pending: list[Any] = field(default_factory=list)

    def held(self, board_number: str, brin: str, start: date) -> HeldAppointment | None:
        """The appointment at this board and school from this start, if the file has it."""
        for appointment in self.appointments.values():
            if (appointment.board_number, appointment.brin, appointment.start) == (
                board_number,
                brin,
                start,
            ):
                return appointment
        return None

    def record_appointment(
        self,
        *,
        appointment_id: str,
        board_number: str,
        brin: str,
        start: date,
        end: date | None,
        fte: Decimal,
        basis: str,
        contract_start: date | None,
        contract_end: date | None,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        sector: str | None = None,
        subjects: list[str] | None = None,
    ) -> None:
        """Record (or update) an appointment, by the rules of the teacher file."""
        errors = appointment_errors(
            board_number,
            brin,
            start,
            end,
            fte,
            basis,
            contract_start,
            contract_end,
            sector=sector,
            subjects=subjects,
        )
        if errors:
            raise InvalidInputError(M.APPOINTMENT_BREAKS_RULES(), errors)
        self.version += 1
        event_class: Any = Teacher.AppointmentRecorded
        self._pending.append(
            event_class(
                originator_id=self.id,
                originator_version=self.version,
                timestamp=event_class.create_timestamp(),
                appointment_id=appointment_id,
                board_number=board_number,
                brin=brin,
                start=start,
                end=end,
                fte=fte,
                basis=basis,
                contract_start=contract_start,
                contract_end=contract_end,
                sector=sector,
                subjects=list(subjects) if subjects is not None else None,
                actor=actor,
                reason=reason,
                correlation_id=correlation_id,
            )
        )
        self.appointments[appointment_id] = _held(
            self.appointments.get(appointment_id), self._pending[-1]
        )

    @property
    def pending_events(self) -> list[Any]:
        return list(self._pending)

    def collect_events(self) -> list[Any]:
        """The events recorded since loading, handed over once (as an aggregate does)."""
        events, self._pending = self._pending, []
        return events


def load_file_appointments(app: Any, teacher_ids: Sequence[UUID]) -> dict[UUID, FileAppointments]:
    """Version, date of birth and appointments of each file, in two queries per chunk."""
    wanted = list(dict.fromkeys(teacher_ids))
    events = scans_of(app.recorder)
    found: dict[UUID, FileAppointments] = {}
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        versions, rows = events.versions_and_rows(chunk, TOPICS)
        files = {tid: FileAppointments(tid, version, None) for tid, version in versions}
        for originator_id, version, topic, state in rows:
            file = files.get(originator_id)
            if file is None:
                continue
            event = app.mapper.to_domain_event(
                StoredEvent(
                    originator_id=originator_id,
                    originator_version=version,
                    topic=topic,
                    state=state,
                )
            )
            if topic == ADMITTED:
                file.birth_date = event.birth_date
            elif topic == RECORDED:
                earlier = file.appointments.get(event.appointment_id)
                file.appointments[event.appointment_id] = _held(earlier, event)
            elif event.appointment_id in file.appointments:
                checked = "confirmed" if topic == CONFIRMED else "disputed"
                file.appointments[event.appointment_id] = replace(
                    file.appointments[event.appointment_id], confirmation=checked
                )
        found.update(files)
    return found


def _held(earlier: HeldAppointment | None, event: Any) -> HeldAppointment:
    """The appointment after an `AppointmentRecorded` event, by the teacher file's rules."""
    keeps_day = earlier is not None and earlier.confirmation != "disputed"
    return HeldAppointment(
        event.appointment_id,
        event.board_number,
        event.brin,
        event.start,
        event.end,
        event.fte,
        event.basis,
        event.contract_start,
        event.contract_end,
        recorded_on=earlier.recorded_on if keeps_day and earlier else event.timestamp.date(),
        sector=getattr(event, "sector", None),
        subjects=tuple(event.subjects) if getattr(event, "subjects", None) is not None else None,
    )
