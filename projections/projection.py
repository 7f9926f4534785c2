"""What a read model is to the runner: a `Projection` (its tables, how a batch of events
changes them), the `Batch` of notifications it folds, and the errors of a pass.

The runner that folds the log into projections is in `projections/runner.py`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, NamedTuple
from uuid import UUID

from eventsourcing.persistence import Mapper, Notification
from eventsourcing.utils import get_topic

from projections.db import Db


def topics_of(*event_classes: type) -> tuple[str, ...]:
    """The stored topics of event classes, for `Projection.topics`."""
    return tuple(get_topic(cls) for cls in event_classes)


class Note(NamedTuple):
    """A notification as the runner reads it: what the mapper and the projections need."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


@dataclass
class Batch:
    """Notifications of one transaction's worth, decoded lazily into domain events.

    The decode cache is shared by the projections folding the same batch, so an event read by
    five projections is decoded once.
    """

    notifications: Sequence[Note | Notification]
    mapper: Mapper[Any]
    cache: dict[int, tuple[int, str, Any]] = field(default_factory=dict, repr=False)

    def entries(self) -> list[tuple[int, str, Any]]:
        """(position, originator id as text, domain event) for every notification."""
        cache = self.cache
        decode = self.mapper.to_domain_event
        out = []
        for n in self.notifications:
            entry = cache.get(n.id)
            if entry is None:
                entry = cache[n.id] = (n.id, str(n.originator_id), decode(n))  # type: ignore[arg-type]
            out.append(entry)
        return out

    def events(self) -> list[tuple[int, Any]]:
        """(position, domain event) for every notification in the batch."""
        return [(position, event) for position, _, event in self.entries()]


class Projection(ABC):
    """One read model: its tables, and how a batch of events changes them."""

    name: ClassVar[str]
    #: Bump when the tables or the way events fold change: a rebuild follows automatically.
    version: ClassVar[int] = 1
    #: The logical tables this projection owns; readers query views with these names.
    tables: ClassVar[tuple[str, ...]]
    #: Event topics it reads; None means every event (the ledger).
    topics: ClassVar[tuple[str, ...] | None] = None
    #: Whether `apply` may run in a PostgreSQL pipeline: it writes only through `Db`
    #: (execute, executemany, upsert, copy_rows), never with a raw COPY of its own.
    pipelined: ClassVar[bool] = False

    @abstractmethod
    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        """Create this generation's tables; `t(name)` gives the physical table name."""

    @abstractmethod
    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        """Fold a batch into the tables, inside the caller's transaction."""

    def erased(  # noqa: B027 (an optional hook, empty by default)
        self, db: Db, t: Callable[[str], str], erasures: Sequence[tuple[int, str]]
    ) -> None:
        """Erasures folded in this batch, as (position, teacher id), called in the batch's
        transaction just before the runner drops the persons' rows (`projections/erasure.py`);
        nothing by default."""

    def tick(self, db: Db) -> None:  # noqa: B027 (an optional hook, empty by default)
        """Periodic work while this runner is the active one for the projection (e.g. the
        ledger signs a checkpoint when the log has gone quiet); nothing by default."""


def physical(table: str, generation: int) -> str:
    return f"{table}_g{generation}"


class ConcurrentApplyError(Exception):
    """Another runner moved the projection's position first; this batch was rolled back."""


class RebuildBusyError(Exception):
    """Another process is rebuilding this projection right now."""
