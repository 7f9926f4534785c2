"""A write whose reply was lost: recognising events the store already holds as our own.

When the commit landed but its reply was lost, the library's retry of the insert collides
with the rows it wrote itself. `RegisterBase._save` asks :func:`landed` whether the events it
tried to write are the ones stored; if so, the write is not a conflict and its position is
answered as if the reply had arrived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

if TYPE_CHECKING:
    from domain.register.base import RegisterBase


class Collected:
    """Events already collected from their aggregates, handed to `save` as one object (the
    library checks each saved object against runtime protocols: once here, not per event)."""

    def __init__(self, events: list[Any]) -> None:
        self.id = events[0].originator_id
        self._events = events

    def collect_events(self) -> list[Any]:
        events, self._events = self._events, []
        return events


def landed(register: RegisterBase, events: list[Any]) -> int | None:
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
    stored = register.events_with_positions(first.originator_id, lte=first.originator_version)
    if not stored or stored[-1][1] != first.originator_version:
        return None
    _position, version, topic, state = stored[-1]
    mine: Any = register.mapper.to_domain_event(
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
        register._position_of(e.originator_id, e.originator_version) for e in last.values()
    ]
    return max(positions, default=0)
