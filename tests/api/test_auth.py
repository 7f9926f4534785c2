"""Tokens at the edge: 401 for no, bad, revoked or expired tokens; 403 for the wrong right."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.auth import TokenCache
from api.bootstrap import Services
from domain.commands.tokens import IssueToken, RevokeToken
from domain.register import Context
from domain.values import Actor

SYSTEM = Context(Actor("system", "tests"))
Tokens = Callable[..., dict[str, str]]


def _issue(services: Services, expires_at: datetime | None = None) -> tuple[str, str]:
    token, token_id = services.register.issue_token(
        IssueToken(role="auditor", subject=None, expires_at=expires_at), ctx=SYSTEM
    )
    return token, str(token_id)


def _call(client: TestClient, token: str) -> int:
    answer = client.get("/api/audit/access-log", headers={"Authorization": f"Bearer {token}"})
    return int(answer.status_code)


@pytest.mark.parametrize(
    "header",
    [
        pytest.param(None, id="no-header"),
        pytest.param("Bearer", id="no-token"),
        pytest.param("Basic dXNlcjpwYXNz", id="basic"),
        pytest.param("Bearer lr_nonsense", id="unknown"),
        pytest.param("Bearer " + "x" * 5000, id="huge"),
        pytest.param("Bearer lr_\u00e9t\u00e9", id="non-ascii"),
    ],
)
def test_missing_or_unknown_token_is_401_with_a_challenge(
    client: TestClient, header: str | None
) -> None:  # header bytes: a non-ASCII token travels as UTF-8, as clients send it
    """Without a valid bearer token the answer is 401 problem+json with WWW-Authenticate."""
    headers = {"Authorization": header.encode("utf-8")} if header else {}
    response = client.get("/api/audit/access-log", headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_revoked_token_is_refused_once_the_cache_has_expired(
    client: TestClient, services: Services
) -> None:
    """Revocation takes effect within the token cache's time to live."""
    ttl = 2.0  # long enough for a busy machine to revoke and call again within it
    client.app.state.token_cache = TokenCache(ttl=ttl)  # type: ignore[attr-defined]
    token, token_id = _issue(services)
    assert _call(client, token) == 200
    cached_by = time.monotonic()  # the cache's entry was made before this
    services.register.revoke_token(RevokeToken(token_or_id=token_id), ctx=SYSTEM)
    assert _call(client, token) == 200  # still trusted from the cache
    time.sleep(max(0.0, cached_by + ttl - time.monotonic()) + 0.1)
    assert _call(client, token) == 401


def test_revoked_token_is_refused_at_once_without_a_cache(
    client: TestClient, services: Services
) -> None:
    """With LR_TOKEN_CACHE_SECONDS=0 every request asks the store."""
    client.app.state.token_cache = TokenCache(ttl=0)  # type: ignore[attr-defined]
    token, _ = _issue(services)
    assert _call(client, token) == 200
    services.register.revoke_token(RevokeToken(token_or_id=token), ctx=SYSTEM)
    assert _call(client, token) == 401


def test_expired_token_is_401(client: TestClient, services: Services) -> None:
    """A token past its expiry is refused."""
    token, _ = _issue(services, datetime.now(UTC) - timedelta(seconds=1))
    assert _call(client, token) == 401


def test_cache_never_outlives_the_expiry(client: TestClient, services: Services) -> None:
    """A cached token stops working at its expiry, not at the end of the cache's time."""
    client.app.state.token_cache = TokenCache(ttl=60)  # type: ignore[attr-defined]
    # Long enough that a busy machine still makes the first call before the expiry; the
    # test then waits for the expiry itself, however long the first call took.
    expires = datetime.now(UTC) + timedelta(seconds=2)
    token, _ = _issue(services, expires)
    assert _call(client, token) == 200
    time.sleep(max(0.0, (expires - datetime.now(UTC)).total_seconds()) + 0.1)
    assert _call(client, token) == 401


def test_valid_token_without_the_right_is_403(client: TestClient, token_for: Tokens) -> None:
    """A token that authenticates but lacks the role is 403, not 401."""
    response = client.get("/api/audit/access-log", headers=token_for("standards"))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_openapi_declares_the_bearer_scheme(client: TestClient) -> None:
    """The document names the bearer scheme on routes that need a token, none on public ones."""
    doc = client.get("/openapi.json").json()
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert doc["paths"]["/api/teachers/{teacher_id}"]["get"]["security"] == [{"bearer": []}]
    assert "security" not in doc["paths"]["/api/public/register"]["get"]
