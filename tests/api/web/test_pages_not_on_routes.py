"""Pages call the application, never an API route function.

A route function's parameters are FastAPI dependencies (the role, `X-Min-Position`, the
`Response` its headers go on); a page that called one had to fill them in by hand, so a new
dependency on a route broke its page at run time. Pages and routes share the plain `answer_*`
functions beside the routes (and the register's commands) instead. This test reads every
module of `api.web` and fails when one names an endpoint of an API route, however imported.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

from fastapi.routing import APIRoute

import api.web
from api.routes import all_routers


def api_endpoints() -> set[Callable[..., Any]]:
    """The endpoint function of every API route (the pages' own routes left out)."""
    return {
        route.endpoint
        for router in all_routers()
        for route in router.routes
        if isinstance(route, APIRoute) and route.endpoint.__module__.startswith("api.routes")
    }


def web_modules() -> Iterator[ModuleType]:
    yield api.web
    for info in pkgutil.walk_packages(api.web.__path__, "api.web."):
        yield importlib.import_module(info.name)


def routes_named(source: str, endpoints: set[Callable[..., Any]]) -> list[str]:
    """Each name in `source` that resolves to an API route's endpoint: a function imported
    from a route module, or an attribute of a route module imported under any alias."""
    tree = ast.parse(source)
    modules: dict[str, ModuleType] = {}
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if not target.startswith("api.routes"):
                    continue
                bound = alias.asname or alias.name
                try:
                    modules[bound] = importlib.import_module(target)
                except ModuleNotFoundError:
                    value = getattr(importlib.import_module(node.module), alias.name)
                    if any(value is e for e in endpoints):
                        found.append(f"{node.lineno}: from {node.module} import {alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("api.routes") and alias.asname:
                    modules[alias.asname] = importlib.import_module(alias.name)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in modules
            and any(getattr(modules[node.value.id], node.attr, None) is e for e in endpoints)
        ):
            found.append(f"{node.lineno}: {node.value.id}.{node.attr}")
    return found


def test_there_are_endpoints_to_look_for() -> None:
    endpoints = api_endpoints()
    names = {f"{e.__module__}.{e.__name__}" for e in endpoints}
    assert "api.routes.teachers.read_file" in names
    assert "api.routes.public_register.search_register" in names
    assert len(endpoints) > 50


def test_no_page_names_a_route_function() -> None:
    endpoints = api_endpoints()
    offenders = {}
    for module in web_modules():
        if module.__file__ is None:
            continue
        named = routes_named(Path(module.__file__).read_text(encoding="utf-8"), endpoints)
        held = [k for k, v in vars(module).items() if any(v is e for e in endpoints)]
        if named or held:
            offenders[module.__name__] = named + held
    assert offenders == {}, "pages call the answer_* function a route answers with, not the route"


def test_the_check_finds_a_route_called_from_a_page() -> None:
    """The guard is not vacuous: each way a page could reach a route is caught."""
    endpoints = api_endpoints()
    by_module = "from api.routes import teachers as t\nt.read_file('x', None, None, None)\n"
    assert routes_named(by_module, endpoints) == ["2: t.read_file"]
    by_name = "from api.routes.decisions import progress\n"
    assert routes_named(by_name, endpoints) == ["1: from api.routes.decisions import progress"]
    plain = "from api.routes import teachers as t\nt.answer_read_file('x', None, None)\n"
    assert routes_named(plain, endpoints) == []


def test_no_page_makes_a_response_to_throw_away() -> None:
    """`Response()` with nothing in it was the stand-in for a route's header parameter."""
    for module in web_modules():
        if module.__file__ is None:
            continue
        tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
        empty = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "Response"
            and not node.args
            and not node.keywords
        ]
        assert empty == [], f"{module.__name__} makes an empty Response() at lines {empty}"
