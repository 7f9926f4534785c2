"""Hostile input answers 4xx, never 500: the red team's cases as regression tests, on both stores.

Malformed cursors (`[1,2]`, `[{},{}]`, numbers beyond 64 bits), NUL characters in addresses
and bodies, an oversized web form field.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from projections.common import encode_cursor
from tests.api.test_teachers import ACTIVITY, admit

Tokens = Callable[..., dict[str, str]]

#: List routes with cursors, and who may call them ("public" needs no token).
LISTS = [
    pytest.param("/api/public/register?name=Vries", "public", id="public-register"),
    pytest.param("/api/public/offerings", "public", id="catalogue"),
    pytest.param("/api/providers", "validator", id="providers"),
    pytest.param("/api/offerings", "validator", id="offerings"),
    pytest.param("/api/employers/41234/staff", "employer", id="staff"),
    pytest.param("/api/employers/41234/disputes", "employer", id="disputes"),
    pytest.param("/api/objections?status=open", "appeals", id="objections"),
    pytest.param("/api/strike-off-proposals", "registrar", id="proposals"),
    pytest.param("/api/re-registrations/due", "registrar", id="due"),
    pytest.param("/api/costs", "registrar", id="costs"),
    pytest.param("/api/audit/access-log", "auditor", id="access-log"),
]


def _cursor(values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _headers(token_for: Tokens, who: str) -> dict[str, str]:
    if who == "public":
        return {}
    return token_for(who, "41234") if who == "employer" else token_for(who)


def _with(path: str, cursor: str) -> str:
    return f"{path}{'&' if '?' in path else '?'}cursor={cursor}"


#: Cursors this API never gives out: other shapes and types, numbers beyond 64 bits, a NUL.
FOREIGN = [
    [1, 2],
    [{}, {}],
    ["a", 3, "b"],
    [2**70],
    [-(2**70), "x", "y"],
    ["a\u0000", "b"],
    [True],
    "not a list",
]


@pytest.mark.parametrize(("path", "who"), LISTS)
def test_a_foreign_cursor_answers_400(
    client: TestClient, token_for: Tokens, path: str, who: str
) -> None:
    headers = _headers(token_for, who)
    for values in FOREIGN:
        answer = client.get(_with(path, _cursor(values)), headers=headers)
        assert answer.status_code == 400, (values, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"


def test_a_huge_number_in_the_teachers_access_log_cursor_answers_400(
    client: TestClient, token_for: Tokens
) -> None:
    tid = admit(client, token_for)["teacher_id"]
    answer = client.get(
        _with(f"/api/teachers/{tid}/access-log", encode_cursor(10**30)),
        headers=token_for("teacher", tid),
    )
    assert answer.status_code == 400


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    values=st.lists(
        st.one_of(
            st.integers(),
            st.text(max_size=30),
            st.none(),
            st.booleans(),
            st.floats(allow_nan=False),
            st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
        ),
        max_size=4,
    ),
    raw=st.text(max_size=40),
)
def test_no_cursor_whatever_it_holds_gets_a_5xx(
    client: TestClient, token_for: Tokens, values: list[Any], raw: str
) -> None:
    """Fuzzed cursors, well-formed and not, on the public register and the staff list."""
    board = token_for("employer", "41234")
    for cursor in (_cursor(values), raw):
        for path, headers in (
            ("/api/public/register?name=Vries", {}),
            ("/api/employers/41234/staff", board),
        ):
            answer = client.get(path, params={"cursor": cursor}, headers=headers)
            assert answer.status_code < 500, (path, cursor, answer.text)


@pytest.mark.parametrize(
    "query",
    [
        pytest.param("name=Vr%00ies", id="nul-in-name"),
        pytest.param("register_number=%00", id="nul-in-number"),
    ],
)
def test_a_nul_in_the_address_answers_400(client: TestClient, query: str) -> None:
    answer = client.get(f"/api/public/register?{query}")
    assert answer.status_code == 400
    assert answer.headers["content-type"] == "application/problem+json"


def test_a_nul_in_a_json_body_answers_400_and_stores_nothing(
    client: TestClient, token_for: Tokens
) -> None:
    """Stored, it would stop the PostgreSQL read models for good: refused at the edge."""
    tid = admit(client, token_for)["teacher_id"]
    me = token_for("teacher", tid)
    answer = client.post(
        f"/api/teachers/{tid}/activities", json={**ACTIVITY, "title": "bad\u0000title"}, headers=me
    )
    assert answer.status_code == 400
    assert client.get(f"/api/teachers/{tid}", headers=me).json()["version"] == 1


def test_an_oversized_web_form_field_answers_a_4xx_page(client: TestClient) -> None:
    """Before, a field over the form parser's limit answered an HTML 500."""
    answer = client.post(
        "/sign-in", data={"token": "x" * 2_000_000}, headers={"Origin": "http://testserver"}
    )
    assert answer.status_code == 413
    assert answer.headers["content-type"].startswith("text/html")
