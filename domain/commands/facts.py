"""Commands of the facts that count: participation a provider delivers, the teacher's
confirmation of it, and the registrar's sample checks of activities.

Their payloads are the ones the register stored before commands were values
(tests/unit/test_commands_procedures_c.py). A participation delivery is bound, like an
employer's delivery (:class:`domain.commands.deliveries.Deliver`), to the fingerprint of its
content, which its :class:`domain.participation.ParticipationDelivery` record also keeps."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

from domain.commands import Command

__all__ = [
    "ConfirmParticipation",
    "DeliverParticipation",
    "DrawSample",
    "JudgeSampledActivity",
]


@dataclass(frozen=True, kw_only=True)
class DeliverParticipation(Command):
    """A provider delivers participation rows (the provider is the target); once per
    delivery id.

    The rows are held as the request gave them (one tuple to build, however many rows: a bulk
    path). ``spreadsheet``: they came from a CSV file; not bound in the payload, which had only
    the content when keys were first stored."""

    NAME: ClassVar[str] = "deliver_participation"

    delivery_id: str
    rows: Sequence[Mapping[str, Any]]
    spreadsheet: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.rows, tuple):
            object.__setattr__(self, "rows", tuple(self.rows))

    def content(self, provider_id: str) -> dict[str, Any]:
        """What a delivery id is bound to (its record keeps the fingerprint of this)."""
        return {"provider": provider_id, "delivery": self.delivery_id, "rows": self.rows}

    def payload(self, **target: Any) -> dict[str, Any]:
        """The idempotency payload binds the content's fingerprint, passed as ``fingerprint``
        (computed once by the register, since it is also the record's)."""
        return {"command": self.NAME, "fingerprint": target["fingerprint"]}


@dataclass(frozen=True, kw_only=True)
class ConfirmParticipation(Command):
    """The teacher confirms a reported participation, which records it as an activity.

    Its idempotency key is bound to the :class:`domain.commands.RecordActivity` the register
    builds from the reported participation (that payload, unchanged since before commands
    were values), not to this command's own :meth:`payload`."""

    NAME: ClassVar[str] = "confirm_participation"

    participation_id: str


@dataclass(frozen=True, kw_only=True)
class DrawSample(Command):
    """Draw a sample of activities not from an offering, occurred in a window of days.

    ``seed`` None: the register chooses one. The payload binds the seed as asked, so a retry
    without one gets the first draw back."""

    NAME: ClassVar[str] = "draw_sample"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "seed": "seed",
        "size": "size",
        "occurred_from": "from",
        "occurred_until": "until",
    }

    size: int
    occurred_from: date
    occurred_until: date
    seed: int | None = None


@dataclass(frozen=True, kw_only=True)
class JudgeSampledActivity(Command):
    """Accept or reject an activity a sample drew (the sample and the teacher's file are the
    targets; the reason the teacher sees is the context's, and the payload binds it)."""

    NAME: ClassVar[str] = "judge_activity"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {"activity_id": "activity", "outcome": "outcome"}

    activity_id: str
    outcome: str
