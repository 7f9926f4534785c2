"""The edge of every request, as plain ASGI middleware (no extra task, no body buffering).

For each HTTP request it:

- takes the caller's `X-Request-Id` (printable, at most 100 characters) or makes one (32 hex
  digits: a random prefix per process and a counter, no system call), binds it to every log
  line of the request (structlog context variables, which the thread pool of the sync routes
  copies) and echoes it on the answer;
- refuses public requests over the per-client rate limit with 429 and `Retry-After`;
- writes the access log ("who looked at my file") for the files the answer discloses, before
  the answer leaves; if that write fails the answer becomes a 503, never an unlogged read;
- logs one `request` line with method, route, status, duration and the caller
  (`api.logging.request_line`);
- counts the request for `/metrics` (route template, status, duration, the cause of a 503).
"""

from __future__ import annotations

import itertools
import json
import os
import secrets
import time
from collections.abc import Callable
from datetime import date
from typing import Any

import anyio.to_thread
import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import context
from api.access_log import Access, AccessLog, now_text
from api.faults import RETRY_AFTER, FaultLog, metric_cause, outside_fault
from api.logging import request_line
from api.metrics import Metrics
from api.problems import OUTSIDE_DETAIL, PROBLEM, TYPE_BASE
from api.ratelimit import RateLimiter
from domain import deadlines

log = structlog.get_logger("lerarenregister.api")

#: Paths anyone may call without a token; the rate limit applies to them.
PUBLIC_PREFIX = "/api/public"
#: The public pages that read the register (the pages' side of `/api/public`): counted under
#: the same limit per client. Over it, the page itself answers 429 in the visitor's language.
PUBLIC_PAGES = ("/register", "/criteria", "/offerings", "/ledger", "/extract")
#: Methods that only read: they get the read budget with the database, the others the write one.
READS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Bulk commands (a 50,000-row delivery, an impact count over every file, the due decisions)
#: work for longer than one write may wait: they get this budget (seconds) instead.
BULK_SUFFIXES = ("/deliveries", "/impact", "/run-due")
BULK_TIMEOUT = 300.0
#: Where a page finds the seconds to wait when its client is over the limit.
RATE_LIMITED = "rate_limited_seconds"


def is_public_page(path: str) -> bool:
    """Whether `path` is one of the public pages (the segment, not a mere prefix)."""
    return any(path == p or path.startswith(p + "/") for p in PUBLIC_PAGES)


def _problem(status: int, title: str, detail: str, kind: str) -> bytes:
    body = {"type": TYPE_BASE + kind, "title": title, "status": status, "detail": detail}
    return json.dumps(body).encode()


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = str(value.decode("latin-1"))
            if 0 < len(text) <= 100 and text.isprintable():
                return text
            break
    return f"{_ids.prefix}{next(_ids.counter):016x}"


class _RequestIds:
    """Made request ids: 16 random hex digits per process, then a count of 16 hex digits."""

    def __init__(self) -> None:
        self.renew()

    def renew(self) -> None:
        self.prefix = secrets.token_hex(8)
        self.counter = itertools.count()


_ids = _RequestIds()
# A forked worker process must not repeat its parent's ids.
os.register_at_fork(after_in_child=_ids.renew)


class EdgeMiddleware:
    """Request id, rate limit, access log and the request log line (see module docstring)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        access: AccessLog,
        limiter: RateLimiter | None,
        clock: Callable[[], date],
        faults: FaultLog | None = None,
        read_timeout: float = 2.0,
        write_timeout: float = 5.0,
        metrics: Metrics | None = None,
    ) -> None:
        self.app = app
        self.access = access
        self.limiter = limiter
        self.clock = clock
        self.faults = faults or FaultLog()
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        scope.setdefault("state", {})["request_id"] = request_id
        ctx = context.RequestContext(request_id, clock=self.clock)
        token = context.enter(ctx)
        # Each request runs in its own task with a copy of the server's context: binding is
        # enough, nothing of an earlier request can be left to clear.
        structlog.contextvars.bind_contextvars(request_id=request_id)
        state = {"status": 500, "started": False, "swallow": False}
        id_header = (b"x-request-id", request_id.encode("latin-1"))

        async def send_with_edge(message: Message) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                status = message["status"]
                disclosed = bool(ctx.reads) and 200 <= status < 300
                if disclosed and not await self._log_reads(scope, ctx, status):
                    state["status"] = 503
                    ctx.unavailable = "access-log-unavailable"
                    state["swallow"] = True
                    await self._send_problem(
                        send,
                        503,
                        "Service unavailable",
                        "the read could not be recorded in the access log; try again",
                        "access-log-unavailable",
                        [id_header, (b"retry-after", b"1")],
                    )
                    return
                state["status"] = status
                message["headers"] = [*message.get("headers", ()), id_header]
            elif state["swallow"]:
                return
            await send(message)

        # Reads and writes each get their bounded time with the database (503 after it).
        budget = self.read_timeout if scope["method"] in READS else self.write_timeout
        if scope["path"].endswith(BULK_SUFFIXES):
            budget = max(budget, BULK_TIMEOUT)
        try:
            with deadlines.within(budget):
                await self._handle(scope, receive, send, send_with_edge, state, id_header)
        except Exception as exc:
            cause = outside_fault(exc)
            if cause is not None and not state["started"]:
                # The database is away, busy or full: tell the client when to come back.
                self.faults.saw(cause)
                log.warning("outside_fault", cause=cause, error=type(exc).__name__)
                state["status"] = 503
                ctx.unavailable = metric_cause(exc, cause)
                await self._send_problem(
                    send,
                    503,
                    "Service unavailable",
                    OUTSIDE_DETAIL[cause],
                    cause,
                    [id_header, (b"retry-after", str(RETRY_AFTER[cause]).encode())],
                )
                return
            state["status"] = 500
            if not state["started"]:
                await self._send_problem(
                    send,
                    500,
                    "Internal error",
                    "the register could not answer; the error was logged",
                    "500",
                    [id_header],
                )
                state["started"] = True
            raise
        finally:
            for cleanup in ctx.cleanups:
                try:
                    await cleanup()
                except Exception:
                    log.exception("request_cleanup_failed")
            route = scope.get("route")
            template = getattr(route, "path", None)
            seconds = time.perf_counter() - started
            recorder = self.metrics.recorder if self.metrics is not None else None
            if recorder is not None:
                recorder.request(
                    scope["method"], template, state["status"], seconds, ctx.unavailable
                )
            principal = ctx.principal
            request_line(
                {
                    "method": scope["method"],
                    "path": scope["path"],
                    "route": template,
                    "status": state["status"],
                    "duration_ms": round(seconds * 1000, 2),
                    "role": principal.role if principal else None,
                    "subject": principal.subject if principal else None,
                    "token_id": str(principal.token_id) if principal else None,
                }
            )
            context.leave(token)

    async def _handle(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        send_with_edge: Send,
        state: dict[str, Any],
        id_header: tuple[bytes, bytes],
    ) -> None:
        """Rate limit, then the app."""
        if self.limiter is not None and is_public_page(scope["path"]):
            # The page renders the refusal (HTML, the visitor's language, Retry-After).
            scope["state"][RATE_LIMITED] = await self._rate_limited(scope)
        elif self.limiter is not None and scope["path"].startswith(PUBLIC_PREFIX):
            wait = await self._rate_limited(scope)
            if wait is not None:
                state["status"] = 429
                await self._send_problem(
                    send,
                    429,
                    "Too many requests",
                    f"at most {self.limiter.limit} public requests a minute per client; "
                    f"try again in {wait} s",
                    "rate-limited",
                    [id_header, (b"retry-after", str(wait).encode())],
                )
                return
        await self.app(scope, receive, send_with_edge)

    async def _rate_limited(self, scope: Scope) -> int | None:
        assert self.limiter is not None
        client = scope.get("client")
        address = client[0] if client else "unknown"
        try:
            if not self.limiter.blocking:
                return self.limiter.hit(address)
            return await anyio.to_thread.run_sync(self.limiter.hit, address)
        except Exception:
            # A limiter that cannot count (the database is away) lets the request through:
            # the limit protects against scraping, it must not take the register down.
            log.exception("rate_limit_unavailable")
            return None

    async def _log_reads(self, scope: Scope, ctx: context.RequestContext, status: int) -> bool:
        """Write the request's disclosures; False when they could not be written."""
        principal = ctx.principal
        route = scope.get("route")
        at = now_text()
        entries = [
            Access(
                at=at,
                teacher_id=teacher_id,
                role=principal.role if principal else "anonymous",
                subject=principal.subject if principal else None,
                token_id=str(principal.token_id) if principal else None,
                method=scope["method"],
                route=str(getattr(route, "path", None) or scope["path"]),
                status=status,
                request_id=ctx.request_id,
            )
            for teacher_id in ctx.reads
        ]
        try:
            await anyio.to_thread.run_sync(self.access.record, entries)
        except Exception:
            log.exception("access_log_write_failed", teachers=ctx.reads)
            return False
        return True

    @staticmethod
    async def _send_problem(
        send: Send,
        status: int,
        title: str,
        detail: str,
        kind: str,
        headers: list[tuple[bytes, bytes]],
    ) -> None:
        body = _problem(status, title, detail, kind)
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", PROBLEM.encode()),
                    (b"content-length", str(len(body)).encode()),
                    *headers,
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})
