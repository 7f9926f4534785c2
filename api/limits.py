"""Bounded request bodies, before anything else reads them (plain ASGI middleware).

A body is refused with 413 as soon as it is known to be too large: at once when its declared
`Content-Length` is over the route's limit, and while it is read (chunked or lying bodies) the
moment the bytes received pass it, so a large body is never held in memory. The limit follows
the route: an employer delivery (JSON or CSV), a web form, or any other JSON body, each a setting.

A body for the token-guarded API (`/api/…` outside `/api/public`) is read only after its bearer
token was checked: no or a bad token answers 401 before a byte of the body is read. A client
that sends its body too slowly gets 408 after `LR_BODY_TIMEOUT` seconds, so slow clients cannot
hold a worker forever.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
import structlog
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.auth import CHALLENGE, TokenCache
from api.problems import PROBLEM, TYPE_BASE

log = structlog.get_logger("lerarenregister.api")

#: Methods whose requests carry no body worth guarding.
BODILESS = frozenset({"GET", "HEAD", "OPTIONS"})
#: Methods whose body is only read after the bearer token was checked.
WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


class BodyTooLargeError(HTTPException):
    """The body passed the route's limit while it was read (413)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the body is larger than the {limit} bytes this route accepts")


class NulRefusedError(HTTPException):
    """A NUL character in the input (400): no text of the register may hold one (PostgreSQL
    text cannot, and a read model must never choke on what the event store accepted)."""

    def __init__(self) -> None:
        super().__init__(400, "the request holds a NUL character (U+0000), which no field takes")


class BodyTooSlowError(HTTPException):
    """The body did not arrive within the time allowed (408)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"the body did not arrive within {seconds:g} s")


@dataclass(frozen=True)
class BodyLimits:
    """Largest body per kind of route, in bytes, and the time a body may take to arrive."""

    json: int = 1024 * 1024
    delivery: int = 16 * 1024 * 1024
    form: int = 5 * 1024 * 1024 + 64 * 1024
    timeout: float = 30.0

    def of(self, path: str, content_type: str) -> int:
        """The limit for a request to `path` with this content type."""
        if path.startswith("/api/employers/") and path.endswith("/deliveries"):
            return self.delivery
        if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
            return self.form
        return self.json


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _nul_in(content_type: str) -> bytes:
    """How a NUL is written in a body of this type ("" where it may be data, as in uploads)."""
    if content_type.startswith("application/x-www-form-urlencoded"):
        return b"%00"
    if "json" in content_type or not content_type:
        return b"\\u0000"
    return b""


def _guarded(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith("/api/public")


class BodyLimitMiddleware:
    """Refuses over-large, unauthenticated and too slow bodies (see module docstring)."""

    def __init__(self, app: ASGIApp, *, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await _refuse(send, 400, "Malformed request", NulRefusedError().detail)
            return
        if scope["method"] in BODILESS:
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        content_type = (_header(scope, b"content-type") or "").lower()
        limit = self.limits.of(path, content_type)
        needle = _nul_in(content_type)
        declared = _header(scope, b"content-length")
        if declared is not None and declared.strip().isdigit() and int(declared) > limit:
            await _refuse(send, 413, "Request too large", BodyTooLargeError(limit).detail)
            return
        if scope["method"] in WITH_BODY and _guarded(path) and not await self._token_ok(scope):
            await _refuse(
                send,
                401,
                "Unauthorized",
                "a valid bearer token is required before the body is read",
                [(k.lower().encode(), v.encode()) for k, v in CHALLENGE.items()],
            )
            return
        received = 0
        tail = b""
        deadline = time.monotonic() + self.limits.timeout

        async def bounded_receive() -> Message:
            nonlocal received, tail
            left = deadline - time.monotonic()
            message: Message | None = None
            with anyio.move_on_after(max(left, 0)):
                message = await receive()
            if message is None:
                raise BodyTooSlowError(self.limits.timeout)
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise BodyTooLargeError(limit)
                if needle:
                    seen = tail + chunk
                    if needle in seen.lower():
                        raise NulRefusedError
                    tail = seen[-len(needle) :]
            return message

        await self.app(scope, bounded_receive, send)

    async def _token_ok(self, scope: Scope) -> bool:
        """Whether the request's bearer token is valid (True when it cannot be checked now:
        the route then answers, e.g. 503 when the store is away)."""
        header = _header(scope, b"authorization") or ""
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return False
        app: Any = scope.get("app")
        if app is None:
            return True
        cache: TokenCache = app.state.token_cache
        found, principal = cache.cached(token)
        if found:
            return principal is not None
        try:
            principal = await anyio.to_thread.run_sync(
                cache.load, app.state.services.register, token
            )
        except Exception:  # the store is away: let the route give the right answer
            log.warning("token_check_deferred", path=scope["path"])
            return True
        return principal is not None


async def _refuse(
    send: Send,
    status: int,
    title: str,
    detail: str,
    headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    body = json.dumps(
        {"type": TYPE_BASE + str(status), "title": title, "status": status, "detail": detail}
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", PROBLEM.encode()),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
                *(headers or []),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
