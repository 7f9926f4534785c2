"""Loading many aggregates of any kind in a few queries, for commands that touch thousands.

A delivery of 10,000 rows touches up to 10,000 files, index and pending aggregates. Loading
them one by one costs a round trip each; this reads their events in chunks (one query per
chunk, see :meth:`domain.store.scans.EventScans.rows_of`) and folds them with the same event
classes the repository uses, so an aggregate loaded here is the aggregate loaded anywhere else.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, Final
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from domain.store.scans import scans_of

#: Aggregate ids per query (SQLite binds one variable per id).
CHUNK: Final = 5000

_gc_lock = threading.Lock()
_gc_state = {"holders": 0, "was_enabled": True}


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a bulk command builds its tens of thousands of
    objects (events, rows, aggregates): they are not garbage until it ends, yet each collection
    walks them all again, which cost a third of a 10,000-row delivery. Nested and concurrent
    uses are counted; collection resumes (as it was) when the last one ends.
    """
    with _gc_lock:
        if _gc_state["holders"] == 0:
            _gc_state["was_enabled"] = gc.isenabled()
            gc.disable()
        _gc_state["holders"] += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_state["holders"] -= 1
            if _gc_state["holders"] == 0 and _gc_state["was_enabled"]:
                gc.enable()


def load_many(app: Any, ids: Iterable[UUID]) -> dict[UUID, Aggregate]:
    """The current state of every aggregate among ``ids`` that exists, by id."""
    wanted = list(dict.fromkeys(ids))
    scan = scans_of(app.recorder)
    mapper = app.mapper
    found: dict[UUID, Aggregate] = {}
    for start in range(0, len(wanted), CHUNK):
        current: Any = None
        current_id: UUID | None = None
        for originator_id, version, topic, state in scan.rows_of(wanted[start : start + CHUNK]):
            if originator_id != current_id:
                if current is not None and current_id is not None:
                    found[current_id] = current
                current, current_id = None, originator_id
            event = mapper.to_domain_event(
                StoredEvent(
                    originator_id=originator_id,
                    originator_version=version,
                    topic=topic,
                    state=state,
                )
            )
            current = event.mutate(current)
        if current is not None and current_id is not None:
            found[current_id] = current
    return found


def created_events(app: Any, ids: Iterable[UUID]) -> dict[UUID, Any]:
    """The creation event (version 1) of every aggregate among ``ids`` that exists.

    For index aggregates, whose one event says all: no aggregate is built.
    """
    wanted = list(dict.fromkeys(ids))
    scan = scans_of(app.recorder)
    found: dict[UUID, Any] = {}
    for start in range(0, len(wanted), CHUNK):
        for originator_id, version, topic, state in scan.rows_of(wanted[start : start + CHUNK]):
            if version == 1:
                found[originator_id] = app.mapper.to_domain_event(
                    StoredEvent(
                        originator_id=originator_id,
                        originator_version=version,
                        topic=topic,
                        state=state,
                    )
                )
    return found
