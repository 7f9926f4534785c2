"""The OpenAPI document, completed from what each route depends on.

Route authors list the errors their own code raises (`problem_responses(...)`); the statuses
the shared edge adds are derived here from the route's dependencies, so no route can forget
them: 401/403 where a token is needed, 400/422 where input is parsed, 404 where the path names
something, 409/412 where a write honours `Idempotency-Key` and `If-Match`, 503 where a read
waits for `X-Min-Position` or is written to the access log, 429 on the public paths. Every
error answer is documented as `application/problem+json` with the `Problem` schema (FastAPI's
own `HTTPValidationError` never reaches a client, so it is not in the document).

OpenAPI `links` say where the ids a route answers with can be used next (`PRODUCERS`, one
table; `add_links` derives every link from it), so clients and a stateful fuzzer can follow
them: an admission's `teacher_id` into the file's routes, an offering's id into its
validation, an objection's id into its ruling.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, RouteContext, iter_route_contexts

from api.auth import get_principal
from api.deps import command_context
from api.middleware import PUBLIC_PREFIX
from api.problems import PROBLEM, FieldProblem, Problem
from api.readmodels import MIN_POSITION_DOC, MIN_POSITION_HEADER

DESCRIPTIONS = {
    400: "Malformed request (not JSON, a bad header, a cursor not given out by this API)",
    401: "No token, or an unknown, revoked or expired one",
    403: "Not allowed for this role or subject",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict with the current state, or an Idempotency-Key used for another request",
    412: "If-Match names another version than the current one",
    408: "The request body did not arrive in time",
    413: "Request too large",
    422: "Input breaks a rule; `errors` names the fields",
    429: "Too many public requests from this client; wait `Retry-After` seconds",
    500: "Internal error",
    503: "Not yet consistent, not ready, or the database away, busy or full; retry after "
    "`Retry-After` seconds",
}
RETRY_AFTER = {
    "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}},
}
_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for dep in dependant.dependencies:
        if dep.call is not None:
            yield dep.call
        yield from _calls(dep)


def _params(dependant: Dependant) -> Iterator[str]:
    """Kinds of input the route parses: path, query, header, body."""
    if dependant.path_params:
        yield "path"
    if dependant.query_params:
        yield "query"
    if dependant.header_params:
        yield "header"
    if dependant.body_params:
        yield "body"
    for dep in dependant.dependencies:
        yield from _params(dep)


#: Where the API serves resources in formats and at paths a spec prescribes (C2SP tlog-tiles
#: and tlog-checkpoint): API routes, kept out of the OpenAPI document (docs/api.md).
SPEC_PATHS = "/ledger/"


def api_routes(app: FastAPI) -> list[RouteContext]:
    """Every API route of the app with its full path and effective dependencies (routers
    included with a prefix are not flattened into `app.routes` any more). The web pages of
    `api.web` are not API routes, nor are operational routes outside the document
    (`/metrics`, guarded by address); the C2SP resources under :data:`SPEC_PATHS` are, though
    they stay out of the OpenAPI document: they keep their authorisation rules and checks."""
    return [
        r
        for r in iter_route_contexts(app.routes)
        if isinstance(r.original_route, APIRoute)
        and not r.original_route.endpoint.__module__.startswith("api.web")
        and (r.include_in_schema or (r.path or "").startswith(SPEC_PATHS))
    ]


def _waits_for_position(route: RouteContext) -> bool:
    return any(
        getattr(c, "__qualname__", "").startswith("min_position.") for c in _calls(route.dependant)
    )


def _add_min_position(operation: dict[str, Any]) -> None:
    """The `X-Min-Position` header, which `min_position` reads without declaring it."""
    parameters = operation.setdefault("parameters", [])
    if any(p.get("name") == MIN_POSITION_HEADER for p in parameters):
        return
    parameters.append(
        {
            "name": MIN_POSITION_HEADER,
            "in": "header",
            "required": False,
            "description": MIN_POSITION_DOC,
            "schema": {"type": "string", "pattern": "^[0-9]{1,18}$"},
        }
    )


def implied_statuses(route: RouteContext) -> set[int]:
    """The error statuses the edge itself can answer on this route."""
    calls = set(_calls(route.dependant))
    inputs = set(_params(route.dependant))
    statuses: set[int] = set()
    authenticated = get_principal in calls
    if authenticated:
        statuses |= {401, 403}
        if "GET" in (route.methods or ()):
            statuses.add(503)  # the access log could not be written
    if inputs - {"path"} or (route.openapi_extra and "requestBody" in route.openapi_extra):
        statuses |= {400, 422}
    if inputs:
        statuses.add(422)
    if "path" in inputs:
        statuses.add(404)
    if command_context in calls:
        statuses |= {400, 409, 412, 422}
    if _waits_for_position(route):
        statuses |= {400, 422, 503}  # malformed, beyond the log, not yet there
    if route.body_field is not None or (
        route.openapi_extra and "requestBody" in route.openapi_extra
    ):
        statuses |= {408, 413}  # api/limits.py: too slow, too large
    statuses.add(503)  # the database away, busy or full (api/faults.py)
    if (route.path or "").startswith(PUBLIC_PREFIX):
        statuses.add(429)
    return statuses


def complete_openapi(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """An `app.openapi` that builds the completed document once."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        doc = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
            tags=app.openapi_tags,
        )
        for route in api_routes(app):
            if not route.include_in_schema:
                continue
            extra = implied_statuses(route)
            for method in route.methods or ():
                operation = doc["paths"][route.path_format].get(method.lower())
                if operation is None:
                    continue
                if _waits_for_position(route):
                    _add_min_position(operation)
                responses = operation.setdefault("responses", {})
                for status in sorted(extra):
                    responses.setdefault(str(status), {"description": DESCRIPTIONS[status]})
                for code, answer in responses.items():
                    if code.isdigit() and int(code) >= 400:
                        _as_problem(int(code), answer)
                operation["responses"] = dict(sorted(responses.items()))
        schemas = doc.setdefault("components", {}).setdefault("schemas", {})
        for unused in ("HTTPValidationError", "ValidationError"):
            schemas.pop(unused, None)
        schemas["Problem"] = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas["Problem"].pop("$defs", None)
        schemas["FieldProblem"] = FieldProblem.model_json_schema()
        add_links(doc)
        app.openapi_schema = doc
        return doc

    return openapi


def _as_problem(status: int, answer: dict[str, Any]) -> None:
    if answer.get("description") in (None, "", "Validation Error", "Problem"):
        answer["description"] = DESCRIPTIONS.get(status, "Problem")
    answer["content"] = {PROBLEM: {"schema": _PROBLEM_REF}}
    if status in (429, 503):
        answer["headers"] = {**RETRY_AFTER, **answer.get("headers", {})}
    if status == 401:
        answer["headers"] = {
            "WWW-Authenticate": {"description": "the challenge", "schema": {"type": "string"}},
            **answer.get("headers", {}),
        }


#: Answers that carry ids other routes take: (method, path, status) of the answer, and each
#: id it carries by name, as a JSON pointer into the answer's body. A name is linked to every
#: operation with a path parameter of that name, or a query parameter or top-level body field
#: of that name ending in `_id`, whose other path parameters the answer or the source's own
#: path supply (`add_links`). A list links its first row.
PRODUCERS: dict[tuple[str, str, int], dict[str, str]] = {
    ("POST", "/api/teachers", 201): {
        "teacher_id": "/teacher_id",
        "register_number": "/register_number",
        "qualification_id": "/qualifications/0/qualification_id",
    },
    ("POST", "/api/teachers/lookup", 200): {"teacher_id": "/teacher_id"},
    ("POST", "/api/teachers/{teacher_id}/activities", 201): {"activity_id": "/activity_id"},
    ("POST", "/api/teachers/{teacher_id}/leave", 201): {"leave_id": "/leave_id"},
    ("POST", "/api/teachers/{teacher_id}/appointments", 201): {"appointment_id": "/appointment_id"},
    ("POST", "/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off", 201): {
        "decision_id": "/decision_id"
    },
    ("POST", "/api/teachers/{teacher_id}/qualifications/{qualification_id}/reinstatement", 201): {
        "decision_id": "/decision_id"
    },
    (
        "POST",
        "/api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off-proposal",
        201,
    ): {"proposal_id": "/proposal_id"},
    ("POST", "/api/teachers/{teacher_id}/strike-off-proposals/{proposal_id}/decision", 201): {
        "decision_id": "/decision_id"
    },
    ("POST", "/api/objections", 201): {"objection_id": "/objection_id"},
    ("POST", "/api/providers", 201): {"provider_id": "/provider_id"},
    ("POST", "/api/offerings", 201): {"offering_id": "/offering_id"},
    ("POST", "/api/activity-samples", 201): {"sample_id": "/sample_id"},
    ("POST", "/api/criteria", 201): {"name": "/name", "version": "/version"},
    ("GET", "/api/public/register", 200): {"register_number": "/data/0/register_number"},
    ("GET", "/api/public/offerings", 200): {"offering_id": "/data/0/offering_id"},
    ("GET", "/api/public/criteria", 200): {"name": "/data/0/name", "version": "/data/0/version"},
    ("GET", "/api/public/ledger/checkpoints/latest", 200): {"tree_size": "/tree_size"},
    ("GET", "/api/employers/{board_number}/staff", 200): {"teacher_id": "/data/0/teacher_id"},
    ("GET", "/api/strike-off-proposals", 200): {
        "teacher_id": "/data/0/teacher_id",
        "proposal_id": "/data/0/proposal_id",
    },
    ("GET", "/api/objections", 200): {"objection_id": "/data/0/objection_id"},
    ("GET", "/api/providers", 200): {"provider_id": "/data/0/provider_id"},
    ("GET", "/api/offerings", 200): {"offering_id": "/data/0/offering_id"},
}

_PATH_PARAMETER = re.compile(r"{(\w+)}")


def path_parameters(path: str) -> set[str]:
    return set(_PATH_PARAMETER.findall(path))


def _body_fields(doc: dict[str, Any], operation: dict[str, Any]) -> set[str]:
    """The top-level fields of an operation's JSON body."""
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema", {})
    if "$ref" in schema:
        schema = doc["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return set(schema.get("properties", {}))


def _link(
    doc: dict[str, Any], source_path: str, produced: dict[str, str], operation: dict[str, Any]
) -> dict[str, Any] | None:
    """The link from an answer carrying `produced` to `operation`, or None when the answer
    does not supply what the operation needs or gives it nothing."""
    given = {name: f"$response.body#{pointer}" for name, pointer in produced.items()}
    carried = {name: f"$request.path.{name}" for name in path_parameters(source_path)}
    parameters: dict[str, str] = {}
    used = False
    for parameter in operation.get("parameters", []):
        name, where = parameter["name"], parameter["in"]
        if where == "path":
            if name not in given and name not in carried:
                return None
            parameters[f"path.{name}"] = given.get(name) or carried[name]
            used |= name in given
        elif where == "query" and name.endswith("_id") and name in given:
            parameters[f"query.{name}"] = given[name]
            used = True
    body = {f: given[f] for f in _body_fields(doc, operation) if f.endswith("_id") and f in given}
    if not used and not body:
        return None
    link: dict[str, Any] = {"operationId": operation["operationId"], "parameters": parameters}
    if body:
        link["requestBody"] = body  # merged into the generated body
    return link


def add_links(doc: dict[str, Any]) -> None:
    """The `links` of each answer in `PRODUCERS` (see there)."""
    for (method, path, status), produced in PRODUCERS.items():
        answer = doc["paths"][path][method.lower()]["responses"][str(status)]
        links: dict[str, Any] = {}
        for target_path, operations in doc["paths"].items():
            for target_method, operation in operations.items():
                if (target_method, target_path) == (method.lower(), path):
                    continue
                link = _link(doc, path, produced, operation)
                if link is not None:
                    links[operation["operationId"]] = link
        if links:
            answer["links"] = dict(sorted(links.items()))
