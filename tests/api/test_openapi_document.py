"""The OpenAPI document says what the routes do: errors as problems, tokens, positions."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from api.auth import get_principal
from api.openapi import PRODUCERS, api_routes, path_parameters
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


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A schema with its `$ref` (and a nullable `anyOf`) followed."""
    while True:
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
        elif "anyOf" in schema:
            schema = next(s for s in schema["anyOf"] if s.get("type") != "null")
        else:
            return schema


def _points_into(document: dict[str, Any], schema: dict[str, Any], pointer: str) -> bool:
    """Whether a JSON pointer (`/data/0/teacher_id`) names a field the schema has."""
    for part in pointer.strip("/").split("/"):
        schema = _resolve(document, schema)
        if part.isdigit() and schema.get("type") == "array":
            schema = schema["items"]
        elif part in schema.get("properties", {}):
            schema = schema["properties"][part]
        else:
            return False
    return True


def test_every_link_names_an_operation_its_parameters_and_fields_that_exist(
    document: dict[str, Any],
) -> None:
    """The `links` (api/openapi.py, PRODUCERS) lead somewhere real: the target operation,
    each parameter in its place, each body field, every required path parameter filled, and
    each value taken from a field the source's answer documents or a parameter of its path."""
    by_id = {op["operationId"]: (path, op) for _, path, op in _operations(document)}
    seen = 0
    for method, path, operation in _operations(document):
        for status, answer in operation["responses"].items():
            for name, link in answer.get("links", {}).items():
                seen += 1
                where = (method, path, status, name)
                assert link["operationId"] in by_id, where
                target_path, target = by_id[link["operationId"]]
                declared = {(p["in"], p["name"]) for p in target.get("parameters", [])}
                filled = set()
                for key, expression in link["parameters"].items():
                    place, _, parameter = key.partition(".")
                    assert (place, parameter) in declared, (where, key)
                    filled.add(parameter)
                    assert _expression_resolves(document, path, answer, expression), (
                        where,
                        expression,
                    )
                assert path_parameters(target_path) <= filled, where
                body = link.get("requestBody", {})
                if body:
                    schema = target["requestBody"]["content"]["application/json"]["schema"]
                    for field, expression in body.items():
                        assert _points_into(document, schema, field), (where, field)
                        assert _expression_resolves(document, path, answer, expression), where
    assert seen > 0
    for method, path, status in PRODUCERS:
        answer = document["paths"][path][method.lower()]["responses"][str(status)]
        assert answer.get("links"), f"{method} {path} {status} in PRODUCERS links to nothing"


def _expression_resolves(
    document: dict[str, Any], source_path: str, answer: dict[str, Any], expression: str
) -> bool:
    if expression.startswith("$request.path."):
        return expression.removeprefix("$request.path.") in path_parameters(source_path)
    prefix = "$response.body#"
    assert expression.startswith(prefix), expression
    schema = answer["content"]["application/json"]["schema"]
    return _points_into(document, schema, expression.removeprefix(prefix))


def test_component_names_are_class_names_not_module_paths(document: dict[str, Any]) -> None:
    """Each schema is named after its class alone, so moving a schema module (api/schemas/)
    renames nothing in the document; two models of one name would be named by module path."""
    import api.schemas

    names = list(document["components"]["schemas"])
    assert all(name.isidentifier() and "__" not in name for name in names), names
    classes: dict[str, str] = {}
    for path in sorted(Path(api.schemas.__file__).parent.glob("*.py")):
        module = importlib.import_module(f"api.schemas.{path.stem}")
        for name, value in vars(module).items():
            if (
                isinstance(value, type)
                and issubclass(value, BaseModel)
                and value.__module__ == module.__name__
            ):
                assert name not in classes, f"{name} in {classes.get(name)} and {module.__name__}"
                classes[name] = module.__name__
    assert {"TeacherFile", "DecisionRecord", "CheckpointPublic", "Problem"} <= set(names)
