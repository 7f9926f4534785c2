"""A repository whose aggregate cache is safe to share between request threads.

The library's `Repository.get` fast-forwards a cached aggregate under a per-aggregate lock, but
deep-copies it *after* releasing that lock; a second thread fast-forwarding the same aggregate
meanwhile changes its dictionaries during the copy (`RuntimeError: dictionary changed size
during iteration`), which surfaced as a 500 on concurrent writes to one file. Here the look-up,
the fast-forward and the copy all happen under the aggregate's lock, so a caller always gets a
private, consistent copy. Historical versions (`version=N`) bypass the cache as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from copy import deepcopy
from typing import Any, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Repository, project_aggregate

from domain import deadlines


class SafeCachingRepository(Repository[UUID]):
    """`Repository` with cache look-up, fast-forward and copy done under one lock."""

    def get(  # type: ignore[override]
        self,
        aggregate_id: UUID,
        *,
        version: int | None = None,
        projector_func: Any = project_aggregate,
        fastforward_skipping: bool = False,
        deepcopy_from_cache: bool = True,
    ) -> Any:
        if self.cache is None or version is not None or not self.fastforward:
            return super().get(
                aggregate_id,
                version=version,
                projector_func=projector_func,
                fastforward_skipping=fastforward_skipping,
                deepcopy_from_cache=deepcopy_from_cache,
            )
        lock = self._use_fastforward_lock(aggregate_id)
        try:
            # Within a request, wait for the lock no longer than the request's budget (a
            # holder stuck on a database that is away must not queue every other reader).
            left = deadlines.remaining()
            if not lock.acquire(timeout=-1 if left is None else max(left, 0.5)):
                msg = "the file is being read by others and the database answers slowly"
                raise deadlines.DeadlineExceededError(msg)
            try:
                try:
                    aggregate = self.cache.get(aggregate_id)
                except KeyError:
                    aggregate = self._reconstruct_aggregate(aggregate_id, None, projector_func)
                    self.cache.put(aggregate_id, aggregate)
                else:
                    new_events = self.event_store.get(
                        originator_id=aggregate_id, gt=aggregate.version
                    )
                    forwarded = projector_func(aggregate, new_events)
                    if forwarded is None:
                        raise AggregateNotFoundError(aggregate_id)
                    aggregate = forwarded
                if deepcopy_from_cache and self.deepcopy_from_cache:
                    return deepcopy(aggregate)
                return cast(Any, aggregate)
            finally:
                lock.release()
        finally:
            self._disuse_fastforward_lock(aggregate_id)


class KeyedLocks:
    """One re-entrant lock per key, alive while someone holds or waits for it.

    Writers of one aggregate in one process queue here instead of racing each other to the
    store and losing on the version (which only the store can settle between processes).
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[UUID, tuple[threading.RLock, int]] = {}

    @contextmanager
    def hold(self, key: UUID, timeout: float) -> Iterator[bool]:
        """Hold the key's lock for the block; yields False when it was not free in time."""
        with self._guard:
            lock, users = self._locks.get(key, (threading.RLock(), 0))
            self._locks[key] = (lock, users + 1)
        acquired = lock.acquire(timeout=max(timeout, 0))
        try:
            yield acquired
        finally:
            if acquired:
                lock.release()
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)
