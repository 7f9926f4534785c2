"""How values beyond UUID, Decimal and datetime are stored in events.

Each transcoding has a stable name: renaming one would make old history unreadable, which the
golden fixtures in tests/golden catch.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.values import Actor, Cost, Name


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class ActorAsDict(Transcoding):
    type = Actor
    name = "actor"

    def encode(self, obj: Actor) -> dict[str, Any]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Actor:
        return Actor.from_dict(data)


class NameAsDict(Transcoding):
    type = Name
    name = "name"

    def encode(self, obj: Name) -> dict[str, str]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Name:
        return Name.from_dict(data)


class CostAsDict(Transcoding):
    type = Cost
    name = "cost"

    def encode(self, obj: Cost) -> dict[str, str]:
        return obj.to_dict()

    def decode(self, data: dict[str, Any]) -> Cost:
        return Cost.from_dict(data)


def register_domain_transcodings(transcoder: JSONTranscoder) -> None:
    """Register every transcoding the domain's events need."""
    for transcoding in (DateAsISO(), ActorAsDict(), NameAsDict(), CostAsDict()):
        transcoder.register(transcoding)
