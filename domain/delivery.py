"""Employer data delivery (gegevenslevering): the aggregates that keep what the rows leave behind.

A school board delivers appointment data in batches (docs/domain.md, "Data that employers deliver");
its rows and their rules are in :mod:`domain.delivery_rows`. Two aggregates keep what the rows
leave behind (their module path is part of their stored events' topics, so they stay here):

- :class:`Delivery`, one per board and delivery id (its id is derived from both): the record
  of what was accepted and rejected, saved in the same atomic write as the appointments. A
  second delivery with the same id collides with it and changes nothing.
- :class:`PendingAppointments`, one per person not (yet) on file, its id derived from the keyed
  hash of the BSN (never from the BSN itself): the appointments wait there until the person is
  admitted, and are then attached to the new file.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Final, cast
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.delivery_rows import DeliveredRow
from domain.values import Actor

NAMESPACE: Final = UUID("8a1f3c5e-7b2d-4e9f-a6c0-d4e2b1f7c935")


def delivery_record_id(board_number: str, delivery_id: str) -> UUID:
    """Id of the record of one delivery: one per board and delivery id."""
    return uuid5(NAMESPACE, f"delivery:{board_number}:{delivery_id}")


def pending_id(person_key: str) -> UUID:
    """Id of the appointments waiting for a person, from the keyed hash of their BSN."""
    return uuid5(NAMESPACE, f"pending-appointments:{person_key}")


def appointment_id_for(board_number: str, person_key: str, brin: str, start: date) -> str:
    """An appointment is the same appointment when board, person, school and start agree."""
    return str(uuid5(NAMESPACE, f"appointment:{board_number}:{person_key}:{brin}:{start}"))


def masked_bsn(bsn: str) -> str:
    """What an employer's list shows of a BSN it delivered: only the last three digits."""
    return "******" + bsn[-3:]


# -- aggregates -------------------------------------------------------------------------------


class Delivery(Aggregate):
    """The record of one delivery: what was accepted and rejected, under the board's id."""

    class Received(Aggregate.Created):
        """A board delivered appointment data; the answer it got is kept here."""

        board_number: str
        delivery_id: str
        fingerprint: str
        received_on: date
        answer: dict[str, Any]
        actor: Actor
        correlation_id: str

    def __init__(
        self,
        board_number: str,
        delivery_id: str,
        fingerprint: str,
        received_on: date,
        answer: dict[str, Any],
    ) -> None:
        self.board_number = board_number
        self.delivery_id = delivery_id
        self.fingerprint = fingerprint
        self.received_on = received_on
        self.answer = answer

    @classmethod
    def receive(
        cls,
        *,
        board_number: str,
        delivery_id: str,
        fingerprint: str,
        received_on: date,
        answer: dict[str, Any],
        actor: Actor,
        correlation_id: str,
    ) -> Delivery:
        return cls._create(
            cls.Received,
            id=delivery_record_id(board_number, delivery_id),
            board_number=board_number,
            delivery_id=delivery_id,
            fingerprint=fingerprint,
            received_on=received_on,
            answer=answer,
            actor=actor,
            correlation_id=correlation_id,
        )


class PendingAppointments(Aggregate):
    """Appointments delivered for a person who is not on file yet, waiting for admission."""

    class Event(Aggregate.Event):
        """Who delivered or attached, and in which request."""

        actor: Actor
        reason: str | None
        correlation_id: str

    class Opened(Event, Aggregate.Created):
        """The first appointment arrived for a person not on file (it is in this event)."""

        person_key: str
        bsn_masked: str
        appointment_id: str
        board_number: str
        delivery_id: str
        gender: str
        birth_date: date
        brin: str
        start: date
        end: date | None
        fte: Decimal
        basis: str
        contract_start: date | None
        contract_end: date | None
        #: Added later: None in events stored before appointments stated them.
        sector: str | None = None
        subjects: list[str] | None = None

        def apply(self, aggregate: PendingAppointments) -> None:
            aggregate.person_key = self.person_key
            aggregate.bsn_masked = self.bsn_masked
            aggregate.keep(self)

    class AppointmentDelivered(Event):
        """A further appointment was delivered (or one delivered again, changed)."""

        appointment_id: str
        board_number: str
        delivery_id: str
        gender: str
        birth_date: date
        brin: str
        start: date
        end: date | None
        fte: Decimal
        basis: str
        contract_start: date | None
        contract_end: date | None
        #: Added later: None in events stored before appointments stated them.
        sector: str | None = None
        subjects: list[str] | None = None

        def apply(self, aggregate: PendingAppointments) -> None:
            aggregate.keep(self)

    class Attached(Event):
        """The person was admitted; the appointments now stand in their file."""

        teacher_id: UUID
        appointment_ids: list[str]

        def apply(self, aggregate: PendingAppointments) -> None:
            aggregate.teacher_id = self.teacher_id

    def __init__(self) -> None:
        self.person_key = ""
        self.bsn_masked = ""
        self.gender = ""
        self.birth_date: date | None = None
        self.appointments: dict[str, dict[str, Any]] = {}
        self.teacher_id: UUID | None = None

    def keep(self, event: Any) -> None:
        """Hold a delivered appointment (state only: called from the events' `apply`)."""
        self.gender = event.gender
        self.birth_date = event.birth_date
        self.appointments[event.appointment_id] = {
            "appointment_id": event.appointment_id,
            "board_number": event.board_number,
            "brin": event.brin,
            "start": event.start,
            "end": event.end,
            "fte": event.fte,
            "basis": event.basis,
            "contract_start": event.contract_start,
            "contract_end": event.contract_end,
            "sector": event.sector,
            "subjects": event.subjects,
        }

    @classmethod
    def opened(
        cls,
        *,
        person_key: str,
        bsn: str,
        appointment_id: str,
        board_number: str,
        delivery_id: str,
        row: DeliveredRow,
        actor: Actor,
        correlation_id: str,
    ) -> Any:
        """The event that keeps the first appointment delivered for a person not on file.

        Built without the aggregate: a delivery opens thousands at a time and most are never
        touched again in it (:meth:`from_opened` builds the aggregate when one is).
        """
        event_class: Any = cls.Opened
        return event_class(
            originator_topic=get_topic(cls),
            originator_id=pending_id(person_key),
            originator_version=1,
            timestamp=event_class.create_timestamp(),
            person_key=person_key,
            bsn_masked=masked_bsn(bsn),
            appointment_id=appointment_id,
            board_number=board_number,
            delivery_id=delivery_id,
            gender=row.gender,
            birth_date=row.birth_date,
            actor=actor,
            reason=f"delivery {delivery_id}",
            correlation_id=correlation_id,
            **row.appointment(),
        )

    @classmethod
    def from_opened(cls, event: Any) -> PendingAppointments:
        """The new aggregate of an :meth:`opened` event, with that event still to be saved."""
        aggregate = cast(PendingAppointments, event.mutate(None))
        aggregate.pending_events.append(event)
        return aggregate

    def unchanged(self, appointment_id: str, board_number: str, row: DeliveredRow) -> bool:
        """Whether the appointment is already kept exactly as this row delivers it."""
        held = self.appointments.get(appointment_id)
        wanted = {"appointment_id": appointment_id, "board_number": board_number}
        return held == {**wanted, **row.appointment()}

    def deliver(
        self,
        *,
        appointment_id: str,
        board_number: str,
        delivery_id: str,
        row: DeliveredRow,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        """Keep a further appointment, or a changed one."""
        self.trigger_event(
            self.AppointmentDelivered,
            appointment_id=appointment_id,
            board_number=board_number,
            delivery_id=delivery_id,
            gender=row.gender,
            birth_date=row.birth_date,
            actor=actor,
            reason=f"delivery {delivery_id}",
            correlation_id=correlation_id,
            **row.appointment(),
        )

    def attach(self, *, teacher_id: UUID, actor: Actor, correlation_id: str) -> None:
        self.trigger_event(
            self.Attached,
            teacher_id=teacher_id,
            appointment_ids=sorted(self.appointments),
            actor=actor,
            reason="the person was admitted",
            correlation_id=correlation_id,
        )
