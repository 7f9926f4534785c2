"""Outside faults: the database away, busy or full. They answer 503 with `Retry-After`, never 500.

A fault of ours is a bug and stays a 500 (with a test to fix it); a fault outside the process
(PostgreSQL restarting, the pool exhausted, a lock not granted in time, SQLite's disk full) is
told to the client as 503 problem+json with `Retry-After`, and remembered here by cause, so
`/readyz` can answer 503 while the store cannot take writes and the operator sees why.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from dataclasses import dataclass

import psycopg
import psycopg_pool
from eventsourcing.persistence import (
    ConnectionUnavailableError,
    InterfaceError,
    OperationalError,
    PersistenceError,
)

from domain.deadlines import DeadlineExceededError

#: Causes, as they appear in the problem type and the log.
UNAVAILABLE = "database-unavailable"
BUSY = "database-busy"
FULL = "disk-full"
#: A finer cause for `/metrics` only (the answer's problem type stays `database-unavailable`):
#: no connection of the pool came free in time.
POOL_EXHAUSTED = "pool-exhausted"
#: Seconds a client should wait before trying again, per cause.
RETRY_AFTER = {UNAVAILABLE: 5, BUSY: 1, FULL: 30}

_FULL_TEXT = ("disk is full", "database or disk is full", "no space left")
_BUSY_TEXT = ("database is locked", "database is busy", "lock timeout", "lock not available")


def _cause_of_text(text: str) -> str:
    lowered = text.lower()
    if any(t in lowered for t in _FULL_TEXT):
        return FULL
    if any(t in lowered for t in _BUSY_TEXT):
        return BUSY
    return UNAVAILABLE


def outside_fault(exc: BaseException) -> str | None:
    """The cause when `exc` is a fault outside the process (database away, busy, full)."""
    if isinstance(exc, DeadlineExceededError):
        return UNAVAILABLE
    if isinstance(exc, psycopg.errors.LockNotAvailable | psycopg.errors.QueryCanceled):
        return BUSY
    if isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError):
        return _cause_of_text(str(exc))
    if isinstance(exc, sqlite3.OperationalError):
        text = str(exc).lower()
        if any(t in text for t in (*_FULL_TEXT, *_BUSY_TEXT, "disk i/o", "unable to open")):
            return _cause_of_text(text)
        return None
    if isinstance(exc, OperationalError | InterfaceError):
        cause = exc.__cause__
        if cause is not None and cause is not exc:
            inner = outside_fault(cause)
            if inner is not None:
                return inner
        return _cause_of_text(str(exc))
    if isinstance(exc, PersistenceError) and exc.__cause__ is not None:
        return outside_fault(exc.__cause__)
    return None


def metric_cause(exc: BaseException, cause: str) -> str:
    """The cause `/metrics` counts a 503 under: `cause`, or `pool-exhausted` when the database
    was unavailable because the connection pool had none to give in time."""
    if cause != UNAVAILABLE:
        return cause
    seen: BaseException | None = exc
    for _ in range(8):  # the chain of causes, bounded
        if seen is None:
            break
        if isinstance(seen, ConnectionUnavailableError | psycopg_pool.PoolTimeout):
            return POOL_EXHAUSTED
        seen = seen.__cause__ or seen.__context__
    return cause


@dataclass
class FaultLog:
    """The outside faults this process saw lately, by cause (for `/readyz` and the log)."""

    #: A full disk counts against readiness this long after it was seen, unless a write
    #: succeeded since (seconds).
    remember: float = 30.0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, float] = {}
        self._counts: dict[str, int] = {}

    def saw(self, cause: str) -> None:
        with self._lock:
            self._seen[cause] = time.monotonic()
            self._counts[cause] = self._counts.get(cause, 0) + 1

    def write_succeeded(self, _position: int = 0) -> None:
        """A write landed: the store takes writes again."""
        with self._lock:
            self._seen.pop(FULL, None)

    def not_writable(self) -> bool:
        """Whether a write failed for a full disk lately, and none succeeded since."""
        with self._lock:
            at = self._seen.get(FULL)
        return at is not None and time.monotonic() - at < self.remember

    def counts(self) -> dict[str, int]:
        """How many 503s each cause gave since the process started."""
        with self._lock:
            return dict(self._counts)
