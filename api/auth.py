"""Bearer-token authentication and role checks.

A token names one role and, for teachers, employers and providers, one subject. Routes say
which roles may call them; resource checks (a teacher's own file, an employer's own staff)
are made by the route's dependency before the application is asked anything.

A checked token is trusted for `LR_TOKEN_CACHE_SECONDS` (default 5) without asking the store
again, so a revocation takes effect in every process within that time; an expiry takes effect
on the second (the cache never keeps a token past its `expires_at`).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

import anyio.to_thread
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api import context
from api.problems import ApiProblem
from domain.register import Register
from domain.values import Actor, Role

#: Cap on cached lookups; beyond it the cache starts afresh (unknown tokens are cached too).
TOKEN_CACHE_ENTRIES = 10_000
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="lerarenregister"'}

bearer_scheme = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    description="`Authorization: Bearer lr_…`, a token from `lerarenregister token issue`.",
)


@dataclass(frozen=True)
class Principal:
    """Who is calling: their role, subject, and the token's id for the audit trail."""

    role: str
    subject: str | None
    token_id: UUID

    @property
    def actor(self) -> Actor:
        return Actor(self.role, self.subject)


class TokenCache:
    """A short cache of token lookups, so each request does not replay the token.

    Keyed by the token's hash, so the process never holds more of a token than the store.
    """

    def __init__(self, ttl: float = 5.0) -> None:
        self.ttl = ttl
        self._entries: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def cached(self, token: str) -> tuple[bool, Principal | None]:
        """(True, principal or None) when the cache still knows the token."""
        with self._lock:
            hit = self._entries.get(_key(token))
        if hit is not None and time.monotonic() < hit[0]:
            return True, hit[1]
        return False, None

    def load(self, register: Register, token: str) -> Principal | None:
        """Ask the store, and remember the answer for the time to live (or until expiry)."""
        now = time.monotonic()
        record = register.authenticate(token)
        principal = None
        until = now + self.ttl
        if record is not None:
            principal = Principal(record.role, record.subject, record.id)
            if record.expires_at is not None:
                left = (record.expires_at - datetime.now(UTC)).total_seconds()
                until = min(until, now + max(left, 0.0))
        with self._lock:
            if len(self._entries) >= TOKEN_CACHE_ENTRIES:
                self._entries.clear()
            self._entries[_key(token)] = (until, principal)
        return principal

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def _key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
) -> Principal:
    """The authenticated caller, or 401 (the store is asked in a worker thread, and only
    when the cache does not know the token)."""
    if credentials is None or not credentials.credentials.strip():
        raise ApiProblem(401, "Unauthorized", "a bearer token is required", headers=CHALLENGE)
    token = credentials.credentials.strip()
    cache: TokenCache = request.app.state.token_cache
    found, principal = cache.cached(token)
    if not found:
        register = request.app.state.services.register
        principal = await anyio.to_thread.run_sync(cache.load, register, token)
    if principal is None:
        raise ApiProblem(
            401, "Unauthorized", "the token is unknown, revoked or expired", headers=CHALLENGE
        )
    request.state.principal = principal
    ctx = context.current()
    if ctx is not None:
        ctx.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that lets only the given roles through (403 otherwise)."""
    allowed = {r.value for r in roles}

    async def check(principal: PrincipalDep) -> Principal:
        if principal.role not in allowed:
            raise ApiProblem(
                403,
                "Forbidden",
                f"the role {principal.role} may not do this; allowed: {', '.join(sorted(allowed))}",
            )
        return principal

    check.__name__ = "require_" + "_".join(sorted(allowed))
    return check


def forbid(detail: str) -> ApiProblem:
    return ApiProblem(403, "Forbidden", detail)
