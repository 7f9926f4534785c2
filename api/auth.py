"""Bearer-token authentication and role checks.

A token names one role and, for teachers, employers and providers, one subject. Routes say
which roles may call them; resource checks (a teacher's own file, an employer's own staff)
are made by the route's dependency before the application is asked anything.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from api.problems import ApiProblem
from domain.register import Register
from domain.values import Actor, Role

#: How long a verified token is trusted without asking the store again (revocation delay).
TOKEN_CACHE_SECONDS = 5.0


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
    """A short cache of token lookups, so each request does not replay the token."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, Principal | None]] = {}
        self._lock = threading.Lock()

    def lookup(self, register: Register, token: str) -> Principal | None:
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(token)
        if hit is not None and now - hit[0] < TOKEN_CACHE_SECONDS:
            return hit[1]
        record = register.authenticate(token)
        principal = (
            Principal(record.role, record.subject, record.id) if record is not None else None
        )
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[token] = (now, principal)
        return principal


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def get_principal(request: Request) -> Principal:
    """The authenticated caller, or 401."""
    token = bearer_token(request)
    challenge = {"WWW-Authenticate": 'Bearer realm="lerarenregister"'}
    if token is None:
        raise ApiProblem(401, "Unauthorized", "a bearer token is required", headers=challenge)
    services = request.app.state.services
    cache: TokenCache = request.app.state.token_cache
    principal = cache.lookup(services.register, token)
    if principal is None:
        raise ApiProblem(
            401, "Unauthorized", "the token is unknown, revoked or expired", headers=challenge
        )
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: Role) -> Callable[[Principal], Principal]:
    """A dependency that lets only the given roles through (403 otherwise)."""
    allowed = {r.value for r in roles}

    def check(principal: PrincipalDep) -> Principal:
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
