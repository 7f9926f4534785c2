"""The public endpoints' rate limit: per client per minute, 429 with Retry-After, 0 is off."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api import ratelimit
from api.app import create_app
from api.bootstrap import Services, build_services
from api.settings import Settings
from tests.conftest import PG_URL, TODAY

LIMIT = 3
#: 30 seconds into a minute: the test never straddles two windows.
NOW = 1_790_000_010.0


@pytest.fixture
def limited(services: Services, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    monkeypatch.setattr(ratelimit, "wall_clock", lambda: NOW)
    services.settings.public_rate_limit = LIMIT
    return create_app(services)


def _client(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000))


@pytest.fixture
def client_a(limited: FastAPI) -> Iterator[TestClient]:
    with _client(limited, "192.0.2.1") as c:
        yield c


def test_client_over_the_limit_gets_429_with_retry_after(client_a: TestClient) -> None:
    """The (limit+1)th public request in a minute is refused until the next minute."""
    for _ in range(LIMIT):
        assert client_a.get("/api/public/criteria").status_code == 200
    refused = client_a.get("/api/public/register?name=vries")
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.headers["retry-after"] == "30"
    assert refused.headers["x-request-id"]
    assert refused.json()["status"] == 429


def test_limit_is_per_client_and_only_public(limited: FastAPI, client_a: TestClient) -> None:
    """Another address has its own count; operations and token routes are not limited."""
    for _ in range(LIMIT + 1):
        client_a.get("/api/public/criteria")
    assert client_a.get("/api/public/criteria").status_code == 429
    assert client_a.get("/healthz").status_code == 200
    assert client_a.get("/api/teachers/x").status_code == 401
    with _client(limited, "198.51.100.7") as other:
        assert other.get("/api/public/criteria").status_code == 200


def test_next_minute_starts_afresh(client_a: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window is one clock minute."""
    for _ in range(LIMIT + 1):
        client_a.get("/api/public/criteria")
    monkeypatch.setattr(ratelimit, "wall_clock", lambda: NOW + 60)
    assert client_a.get("/api/public/criteria").status_code == 200


def test_a_limiter_that_cannot_count_lets_requests_through(
    limited: FastAPI, client_a: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The limit guards against scraping; a broken counter must not take the register down."""

    def broken(_: str) -> int | None:
        raise OSError("database away")

    monkeypatch.setattr(limited.state.rate_limiter, "hit", broken)
    assert client_a.get("/api/public/criteria").status_code == 200


def test_zero_turns_the_limit_off(services: Services) -> None:
    """LR_PUBLIC_RATE_LIMIT=0: no limiter at all."""
    assert services.settings.public_rate_limit == 0
    with TestClient(create_app(services)) as client:
        for _ in range(50):
            assert client.get("/api/public/criteria").status_code == 200


@pytest.mark.postgres
def test_processes_on_postgres_share_one_count(
    pg_schema: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two API processes on one database count a client's requests together."""
    monkeypatch.setattr(ratelimit, "wall_clock", lambda: NOW)
    settings = Settings(
        data_dir=tmp_path,
        database_url=PG_URL,
        database_schema=pg_schema,
        secret_key="test-secret",
        projections="off",
        public_rate_limit=LIMIT,
    )
    first = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(1), start_projections=False
    )
    second = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(2), start_projections=False
    )
    try:
        with (
            _client(create_app(first), "203.0.113.9") as one,
            _client(create_app(second), "203.0.113.9") as two,
        ):
            statuses = [c.get("/api/public/criteria").status_code for c in (one, two, one, two)]
        assert statuses == [200, 200, 200, 429]
    finally:
        first.close()
        second.close()


def test_public_pages_share_the_limit_and_answer_a_page(client_a: TestClient) -> None:
    """The public pages count under the same limit as /api/public; over it the page answers
    429 in the visitor's language with Retry-After, never problem+json."""
    for _ in range(LIMIT - 1):
        assert client_a.get("/criteria").status_code == 200
    assert client_a.get("/api/public/criteria").status_code == 200
    refused = client_a.get("/register?q=vries")
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("text/html")
    assert refused.headers["retry-after"] == "30"
    assert "content-security-policy" in refused.headers
    assert "Probeer het over een minuut opnieuw" in refused.text
    client_a.cookies.set("lr_lang", "en")
    english = client_a.get("/offerings")
    assert english.status_code == 429
    assert "Please try again in a minute" in english.text
    # the API side is over the limit too: one count for both
    assert client_a.get("/api/public/criteria").status_code == 429


def test_pages_that_are_not_public_reads_are_not_limited(client_a: TestClient) -> None:
    """The home page, sign-in, static files and the pages behind sign-in do not count."""
    for _ in range(LIMIT + 2):
        assert client_a.get("/").status_code == 200
        assert client_a.get("/sign-in").status_code == 200
        assert client_a.get("/static/app.css").status_code == 200
        assert client_a.get("/review", follow_redirects=False).status_code == 303
    assert client_a.get("/register/12345").status_code in (200, 404)
