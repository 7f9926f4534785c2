"""Builders shared by the reminder and outbox tests."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from domain.commands import StrikeOff
from domain.commands.correspondence import SetContactAddress
from domain.register import Context, Register
from domain.values import Actor
from projections.db import Db
from tests.decision_helpers import REGISTRAR, Admitted, admit

#: Registered on this day, a period ends on 2027-05-14: six months before is 2026-11-14.
SIX_MONTHS_OUT = date(2023, 5, 15)


def teacher_ctx(teacher_id: UUID) -> Context:
    return Context(Actor("teacher", str(teacher_id)))


def with_address(
    register: Register,
    address: str = "anna@example.nl",
    *,
    registered_on: date = SIX_MONTHS_OUT,
) -> Admitted:
    """A registered teacher who gave an address."""
    admitted = admit(register, registered_on=registered_on)
    register.set_contact_address(
        admitted.teacher_id,
        SetContactAddress(address=address),
        ctx=teacher_ctx(admitted.teacher_id),
    )
    return admitted


def strike_off_on_request(register: Register, admitted: Admitted, on: date) -> None:
    """A decision the teacher asked for: it is sent whatever they chose about reminders."""
    register.strike_off(
        admitted.teacher_id,
        StrikeOff(
            qualification_id=admitted.qualification_id,
            ground="own_request",
            effective_on=on,
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )


def outbox_kinds(db: Db, teacher_id: UUID) -> list[str]:
    rows = db.fetchall(
        "SELECT kind FROM lr_outbox WHERE teacher_id = ? ORDER BY position", (str(teacher_id),)
    )
    return [str(r[0]) for r in rows]
