"""Bounded request bodies: 413 while reading, the token before the body, 408 for slow bodies.

The red team took the server from 128 MB to 1.8 GB with three anonymous 300 MB posts.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services
from api.limits import BodyLimitMiddleware, BodyLimits

Tokens = Callable[..., dict[str, str]]
LOOKUP = "/api/teachers/lookup"


def _chunks(total: int, size: int = 64 * 1024) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size


def test_a_declared_length_over_the_limit_is_refused_before_reading(
    client: TestClient, token_for: Tokens
) -> None:
    """A JSON body declared at 300 MB is answered 413 at once (nothing of it is sent)."""
    answer = client.post(
        LOOKUP,
        content=b"{}",
        headers={**token_for("registrar"), "Content-Length": str(300 * 1024 * 1024)},
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_chunked_body_is_cut_off_at_the_limit_while_it_is_read(
    client: TestClient, token_for: Tokens
) -> None:
    """A body without a length (chunked) is refused when it passes the limit, not after."""
    answer = client.post(LOOKUP, content=_chunks(3 * 1024 * 1024), headers=token_for("registrar"))
    assert answer.status_code == 413
    assert answer.json()["status"] == 413


@pytest.mark.parametrize("token", [None, "Bearer lr_not-a-token"], ids=["none", "bad"])
def test_the_token_is_checked_before_a_body_is_read(client: TestClient, token: str | None) -> None:
    """No or a bad token: 401 before the body; the client never gets to send it."""
    consumed = 0

    def body() -> Iterator[bytes]:
        nonlocal consumed
        for chunk in _chunks(512 * 1024):
            consumed += len(chunk)
            yield chunk

    headers = {"Authorization": token} if token else {}
    answer = client.post(LOOKUP, content=body(), headers=headers)
    assert answer.status_code == 401
    assert consumed <= 64 * 1024  # at most the first chunk left the client


def test_a_delivery_has_its_own_larger_limit(services: Services, token_for: Tokens) -> None:
    """A delivery may be larger than a JSON body; over its own limit it is refused too."""
    services.settings.max_body_bytes = 2048
    services.settings.max_delivery_bytes = 8192
    with TestClient(create_app(services)) as client:
        board = token_for("employer", "41234")
        csv_headers = {**board, "Content-Type": "text/csv", "Delivery-Id": "d"}
        big_json = {"bsn": "1" * 4000}
        assert client.post(LOOKUP, json=big_json, headers=token_for("registrar")).status_code == 413
        fits = client.post(
            "/api/employers/41234/deliveries", content=b"x" * 4000, headers=csv_headers
        )
        assert fits.status_code != 413
        too_big = client.post(
            "/api/employers/41234/deliveries", content=b"x" * 9000, headers=csv_headers
        )
        assert too_big.status_code == 413


def test_a_body_that_arrives_too_slowly_answers_408() -> None:
    """A client that stalls while sending its body is answered 408 after the set time."""

    async def echo(scope: Any, receive: Any, send: Any) -> None:
        while (await receive()).get("more_body"):
            pass
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    async def stalling() -> Any:
        yield b"{"
        await asyncio.sleep(5)
        yield b"}"

    async def run() -> httpx.Response:
        app = BodyLimitMiddleware(echo, limits=BodyLimits(timeout=0.2))

        async def handled(scope: Any, receive: Any, send: Any) -> None:
            try:
                await app(scope, receive, send)
            except Exception as exc:  # what the app's HTTPException handler does
                status = getattr(exc, "status_code", 500)
                await send({"type": "http.response.start", "status": status, "headers": []})
                await send({"type": "http.response.body", "body": b""})

        transport = httpx.ASGITransport(app=handled)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as c:
            return await c.post("/api/public/x", content=stalling())

    assert asyncio.run(run()).status_code == 408
