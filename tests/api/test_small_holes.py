"""The red team's small holes, closed: forwarded headers, a position beyond the log, a token
that never expires by accident, a token copied into `next=`."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.cli.core import serve_options
from api.cli.main import build_parser
from tests.api.test_teachers import admit

Tokens = Callable[..., dict[str, str]]


def _loaded(argv: list[str]) -> object:
    config = uvicorn.Config(FastAPI(), **serve_options(build_parser().parse_args(argv)))
    config.load()
    return config.loaded_app


def _wraps_proxy_headers(app: object) -> bool:
    while app is not None:
        if isinstance(app, ProxyHeadersMiddleware):
            return True
        app = getattr(app, "app", None)
    return False


def test_serve_trusts_no_forwarded_headers_unless_told_which_proxies() -> None:
    """By default X-Forwarded-For from 127.0.0.1 no longer picks the rate-limited address."""
    assert not _wraps_proxy_headers(_loaded(["serve"]))
    told = _loaded(["serve", "--forwarded-allow-ips", "10.0.0.5"])
    assert _wraps_proxy_headers(told)
    assert (
        serve_options(build_parser().parse_args(["serve", "--forwarded-allow-ips", "10.0.0.5"]))[
            "forwarded_allow_ips"
        ]
        == "10.0.0.5"
    )


@pytest.mark.parametrize("days", ["0", "-3", "many"])
def test_a_token_expiring_in_zero_days_is_refused(days: str) -> None:
    """`--expires-in-days 0` once issued a token that never expired."""
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(
            ["token", "issue", "--role", "auditor", "--expires-in-days", days]
        )
    assert refused.value.code == 2


def test_a_position_beyond_the_log_answers_422_at_once(
    client: TestClient, token_for: Tokens
) -> None:
    """Before, it waited LR_MIN_POSITION_WAIT and answered 503, as if it might come."""
    head = admit(client, token_for)["position"]
    answer = client.get(
        "/api/public/register?name=Vries", headers={"X-Min-Position": str(head + 1000)}
    )
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("/position-beyond-log")
    assert "retry-after" not in answer.headers


def test_a_signed_out_visit_does_not_copy_a_token_into_next(client: TestClient) -> None:
    answer = client.get("/me?token=lr_secret_value&tab=files", follow_redirects=False)
    assert answer.status_code in (302, 303, 307)
    location = answer.headers["location"]
    assert "lr_secret_value" not in location
    assert "token" not in location
    assert "tab%3Dfiles" in location or "tab=files" in location
