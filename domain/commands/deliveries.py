"""Commands of employer data delivery and of the teacher's check of a delivered appointment,
and the data of their answers.

A delivery's idempotency payload binds the fingerprint of its content (board, delivery id and
rows), which is also the :class:`domain.delivery.Delivery` record's fingerprint: both are
stored, so their shape never changes (tests/unit/test_commands_procedures_b.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, NotRequired, TypedDict

from domain.commands import Command

__all__ = [
    "ConfirmAppointment",
    "ConfirmationData",
    "Deliver",
    "DeliveryData",
    "DisputeAppointment",
]


@dataclass(frozen=True, kw_only=True)
class Deliver(Command):
    """An employer delivers appointment rows for its board (the board is the target: the
    application method's first argument); once per delivery id.

    The rows are held as the request gave them (dicts of cells, checked by the register), so a
    delivery of many rows costs one tuple to build. ``spreadsheet``: they came from a CSV file.
    It is not bound in the payload: the payload had only the content when keys were first
    stored, and the same content is the same delivery whichever media type carried it."""

    NAME: ClassVar[str] = "deliver"

    delivery_id: str
    rows: Sequence[Mapping[str, Any]]
    spreadsheet: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.rows, tuple):
            object.__setattr__(self, "rows", tuple(self.rows))

    def content(self, board_number: str) -> dict[str, Any]:
        """What a delivery id is bound to: its :class:`domain.delivery.Delivery` record keeps
        the fingerprint of this (a second delivery with the id and other content is a 409)."""
        return {"board": board_number, "delivery": self.delivery_id, "rows": self.rows}

    def payload(self, **target: Any) -> dict[str, Any]:
        """The idempotency payload binds the content's fingerprint, passed as ``fingerprint``
        (computed once by the register, since it is also the record's)."""
        return {"command": self.NAME, "fingerprint": target["fingerprint"]}


class DeliveryData(TypedDict):
    """The answer to a delivery (stored with the :class:`Delivery` record as it is)."""

    delivery_id: str
    board_number: str
    rows: int
    accepted: int
    rejected: list[dict[str, Any]]
    warnings: list[dict[str, Any]]
    new: int
    updated: int
    unchanged: int
    not_on_file: int
    #: Only in the answer to a delivery id received before.
    repeated: NotRequired[bool]


@dataclass(frozen=True, kw_only=True)
class ConfirmAppointment(Command):
    """The teacher confirms an appointment as the employer delivered it."""

    NAME: ClassVar[str] = "confirm_appointment"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"appointment_id": "a"}

    appointment_id: str


@dataclass(frozen=True, kw_only=True)
class DisputeAppointment(Command):
    """The teacher disputes a delivered appointment (the reason, which the payload binds and
    the employer reads, is the context's)."""

    NAME: ClassVar[str] = "dispute_appointment"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"appointment_id": "a"}

    appointment_id: str


class ConfirmationData(TypedDict):
    appointment_id: str
    confirmation: str
