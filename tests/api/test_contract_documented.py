"""Every route of the API is in the contract (`API.md`) or in the table of added routes in
docs/api.md: a route added without documentation fails here."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.routing import iter_route_contexts

from api.routes import all_routers

DOCS = Path(__file__).resolve().parents[2] / "docs" / "api.md"
#: The routes `API.md` (the shared contract, outside this repository) names.
CONTRACT = {
    "GET /api/audit/teachers/{teacher_id}/events",
    "GET /api/audit/teachers/{teacher_id}/state",
    "GET /api/decisions/{decision_id}",
    "GET /api/employers/{board_number}/staff",
    "GET /api/objections",
    "GET /api/objections/{objection_id}",
    "GET /api/public/criteria",
    "GET /api/public/criteria/{name}/{version}",
    "GET /api/public/offerings",
    "GET /api/public/register",
    "GET /api/public/register/{register_number}",
    "GET /api/teachers/{teacher_id}",
    "GET /api/teachers/{teacher_id}/progress",
    "POST /api/criteria",
    "POST /api/criteria/impact",
    "POST /api/criteria/{name}/{version}/adoption",
    "POST /api/decisions/{decision_id}/reproduction",
    "POST /api/employers/{board_number}/deliveries",
    "POST /api/objections",
    "POST /api/objections/{objection_id}/ruling",
    "POST /api/offerings",
    "POST /api/offerings/{offering_id}/validation",
    "POST /api/providers",
    "POST /api/teachers",
    "POST /api/teachers/{teacher_id}/activities",
    "POST /api/teachers/{teacher_id}/activities/{activity_id}/withdrawal",
    "POST /api/teachers/{teacher_id}/leave",
    "POST /api/teachers/{teacher_id}/qualifications/{qualification_id}/re-registration",
    "POST /api/teachers/{teacher_id}/qualifications/{qualification_id}/reinstatement",
    "POST /api/teachers/{teacher_id}/qualifications/{qualification_id}/strike-off",
}


def _routes() -> set[str]:
    app = FastAPI()
    for router in all_routers():
        app.include_router(router)
    found = set()
    for route in iter_route_contexts(app.routes):
        if route.path.startswith("/api"):
            found |= {f"{m} {route.path}" for m in route.methods or () if m != "HEAD"}
    return found


def _documented() -> set[str]:
    table = DOCS.read_text(encoding="utf-8").split("## Routes added to the contract", 1)[1]
    table = table.split("\n## ", 1)[0]
    return set(re.findall(r"^\| `((?:GET|POST|PUT|PATCH|DELETE) /[^`]+)`", table, re.M))


def test_every_route_is_in_the_contract_or_documented_as_added() -> None:
    routes = _routes()
    assert len(routes) > 40
    missing = sorted(routes - CONTRACT - _documented())
    assert not missing, f"routes in neither API.md nor docs/api.md's added routes: {missing}"


def test_the_added_routes_table_names_only_routes_that_exist() -> None:
    stale = sorted(_documented() - _routes())
    assert not stale, f"docs/api.md lists routes that do not exist: {stale}"
    assert not (_documented() & CONTRACT), "a contract route is listed as added"
