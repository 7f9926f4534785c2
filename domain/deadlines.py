"""A time budget per request for every wait on the database.

The library retries a failed database call ten times (each waiting for a connection up to the
pool's timeout): with PostgreSQL away a read hung for 13 s and a write for 14 s. A request sets
its budget here (a context variable, so it follows the request into worker threads); every
connection the store hands out first checks it, and once it is spent the call fails at once
with :class:`DeadlineExceededError`, which the library does not retry and the HTTP edge answers
as 503. Work without a budget (projections, the CLI) waits as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from eventsourcing.persistence import PersistenceError

_deadline: ContextVar[float | None] = ContextVar("lr_store_deadline", default=None)


class DeadlineExceededError(PersistenceError):
    """The database did not answer within the request's time budget."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Give the calls in this block (and threads started from it) `seconds` in all."""
    token = _deadline.set(time.monotonic() + seconds)
    try:
        yield
    finally:
        _deadline.reset(token)


def remaining() -> float | None:
    """Seconds left of the current budget (None when there is none)."""
    deadline = _deadline.get()
    return None if deadline is None else deadline - time.monotonic()


def guard(datastore: Any) -> None:
    """Make every connection of `datastore` check the current budget before it is used."""
    original = datastore.get_connection

    @contextmanager
    def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
        left = remaining()
        if left is not None and left <= 0:
            msg = "the database did not answer within the time allowed"
            raise DeadlineExceededError(msg)
        with original(*args, **kwargs) as conn:
            yield conn

    datastore.get_connection = get_connection
