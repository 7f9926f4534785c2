"""What the edge knows about the request being served, wherever in the request it is asked.

The middleware opens one `RequestContext` per request and puts it in a context variable;
dependencies and routes (also in the thread pool, which copies the context) add to the same
object: who the caller is, and which teacher files the answer discloses. The middleware reads
it back to write the access log and the request's log line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from domain.clock import amsterdam_today

if TYPE_CHECKING:
    from api.auth import Principal


@dataclass
class RequestContext:
    """One request: its id, the register's clock, the caller, and the files it reads."""

    request_id: str
    clock: Callable[[], date] = amsterdam_today
    principal: Principal | None = None
    #: Teacher ids whose non-public data this request discloses, in order, without repeats.
    reads: list[str] = field(default_factory=list)
    #: Called by the middleware when the request is over (give back connections, ...).
    cleanups: list[Callable[[], Awaitable[None]]] = field(default_factory=list)
    #: Why the request is answered 503 (the problem type's last segment), for `/metrics`.
    unavailable: str | None = None


_current: ContextVar[RequestContext | None] = ContextVar("lr_request", default=None)


def current() -> RequestContext | None:
    """The request being served, or None outside a request (CLI, tests of the domain)."""
    return _current.get()


def enter(ctx: RequestContext) -> object:
    """Make `ctx` the current request; returns the token to `leave` with."""
    return _current.set(ctx)


def leave(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def note_file_read(teacher_id: object) -> None:
    """Record that this request discloses non-public data of a teacher's file.

    Every route that answers with a teacher's non-public data calls this (directly, or
    through `api.deps.check_file_access`); a successful answer is then written to the access
    log before it leaves the server.
    """
    ctx = _current.get()
    if ctx is None:
        return
    key = str(teacher_id)
    if key not in ctx.reads:
        ctx.reads.append(key)


def on_exit(cleanup: Callable[[], Awaitable[None]]) -> None:
    """Have `cleanup` awaited when the request is over, after the answer was sent.

    Cheaper than a dependency with `yield` (FastAPI wraps those in an exit stack and a cancel
    scope per request); for resources a request holds, such as a read-model connection.
    """
    ctx = _current.get()
    if ctx is None:
        raise RuntimeError("on_exit needs a request (the edge middleware opens one)")
    ctx.cleanups.append(cleanup)


def note_unavailable(cause: str | None) -> None:
    """Record why this request is answered 503 (counted by cause in `/metrics`)."""
    ctx = _current.get()
    if ctx is not None and cause:
        ctx.unavailable = cause


def today() -> date:
    """The register's today for this request (the tests' fixed clock, or the calendar)."""
    ctx = _current.get()
    return ctx.clock() if ctx is not None else amsterdam_today()
