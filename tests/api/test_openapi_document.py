"""The OpenAPI document says what the routes do: errors as problems, tokens, positions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.auth import get_principal
from api.openapi import api_routes
from api.readmodels import read_db
from tests.api.test_authorisation import bare_app

#: Routes that read read models without waiting for X-Min-Position (say why when adding one).
READS_WITHOUT_MIN_POSITION = {
    "/api/public/ledger/checkpoints/latest": "a signed checkpoint is its own consistency point",
    "/api/public/ledger/checkpoints/{tree_size}": "checkpoints never change once signed",
    "/api/public/ledger/consistency": "proofs between signed checkpoints",
    "/api/audit/ledger/inclusion": "proofs against a signed checkpoint",
    "/api/audit/teachers/{teacher_id}/bundle": "events and proofs against a signed checkpoint",
    "/api/audit/ledger/proof": "a tlog-proof file against a signed checkpoint",
}


@pytest.fixture
def document(client: TestClient) -> dict[str, Any]:
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    return dict(answer.json())


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def test_every_error_answer_is_a_documented_problem(document: dict[str, Any]) -> None:
    """Each 4xx/5xx of each operation is application/problem+json with the Problem schema."""
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            if int(status) >= 400:
                content = answer["content"]
                assert list(content) == ["application/problem+json"], (method, path, status)
                assert content["application/problem+json"]["schema"] == {
                    "$ref": "#/components/schemas/Problem"
                }
    assert "HTTPValidationError" not in document["components"]["schemas"]


def test_routes_with_a_token_document_401_and_403_and_public_ones_429(
    document: dict[str, Any],
) -> None:
    """The edge's own answers are on every route they can happen on."""
    for method, path, operation in _operations(document):
        statuses = set(operation["responses"])
        if "security" in operation:
            assert {"401", "403"} <= statuses, (method, path)
        if path.startswith("/api/public"):
            assert "429" in statuses, (method, path)
            assert "security" not in operation, (method, path)
        if method == "POST" and any(
            p["name"] == "idempotency-key" for p in operation.get("parameters", [])
        ):
            assert {"409", "412"} <= statuses, (method, path)


def test_reads_of_read_models_honour_and_document_x_min_position(
    document: dict[str, Any],
) -> None:
    """Every route reading a read model waits for X-Min-Position, or says why not."""
    missing = []
    for route in api_routes(bare_app()):
        if not route.include_in_schema:
            continue
        calls = _calls(route.dependant)
        if read_db not in calls or route.path in READS_WITHOUT_MIN_POSITION:
            continue
        if not any(getattr(c, "__qualname__", "").startswith("min_position.") for c in calls):
            missing.append(route.path)
            continue
        for method in route.methods or ():
            parameters = document["paths"][route.path][method.lower()].get("parameters", [])
            assert "x-min-position" in {p["name"] for p in parameters}, route.path
    assert not missing, (
        "routes that read read models but ignore X-Min-Position; add "
        "`Depends(min_position(<projection name>))` (api.readmodels) or list them in "
        f"READS_WITHOUT_MIN_POSITION with the reason: {missing}"
    )


def test_authenticated_routes_declare_the_bearer_scheme(document: dict[str, Any]) -> None:
    """A route that needs a token says so in the document (the Authorize button of /docs)."""
    for route in api_routes(bare_app()):
        if not route.include_in_schema or get_principal not in _calls(route.dependant):
            continue
        for method in route.methods or ():
            operation = document["paths"][route.path][method.lower()]
            assert operation.get("security") == [{"bearer": []}], (method, route.path)


def _calls(dependant: Any) -> set[Any]:
    calls, stack = set(), [dependant]
    while stack:
        d = stack.pop()
        calls.add(d.call)
        stack.extend(d.dependencies)
    return calls
