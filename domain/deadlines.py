"""A time budget per request for waiting on a database that does not answer.

The library retries a failed database call ten times (each waiting for a connection up to the
pool's timeout): with PostgreSQL away a read hung for 13 s and a write for 14 s. A request sets
its budget here (a context variable, so it follows the request into worker threads). Once a
connection of the store has failed in this request and the budget is spent, the next attempt
fails at once with :class:`DeadlineExceededError`, which the library does not retry and the HTTP
edge answers as 503. A request that is merely slow, with the database answering, is never cut
short. Work without a budget (projections, the CLI) waits as before.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError


@dataclass
class _Budget:
    deadline: float
    failed: bool = False


_budget: ContextVar[_Budget | None] = ContextVar("lr_store_budget", default=None)


class DeadlineExceededError(PersistenceError):
    """The database did not answer within the request's time budget."""


@contextmanager
def within(seconds: float) -> Iterator[None]:
    """Give the calls in this block (and threads started from it) `seconds` in all."""
    token = _budget.set(_Budget(time.monotonic() + seconds))
    try:
        yield
    finally:
        _budget.reset(token)


def remaining() -> float | None:
    """Seconds left of the current budget (None when there is none)."""
    budget = _budget.get()
    return None if budget is None else budget.deadline - time.monotonic()


def guard(datastore: Any) -> None:
    """Make every connection of `datastore` check the current budget before it is used."""
    original = datastore.get_connection

    @contextmanager
    def get_connection(*args: Any, **kwargs: Any) -> Iterator[Any]:
        budget = _budget.get()
        if budget is not None and budget.failed and time.monotonic() >= budget.deadline:
            msg = "the database did not answer within the time allowed"
            raise DeadlineExceededError(msg)
        try:
            with original(*args, **kwargs) as conn:
                yield conn
        except (OperationalError, InterfaceError):
            if budget is not None:
                budget.failed = True
            raise

    datastore.get_connection = get_connection
