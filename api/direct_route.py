"""Routes that skip FastAPI's solving of a request that has nothing to solve.

FastAPI prepares every request for its endpoint with a general machinery (converting and
validating parameters, solving and caching dependencies) that costs about as much as the
public register's whole lookup. For a route whose endpoint is a coroutine taking only text
path parameters, query parameters with defaults, the request, and dependencies that take only
the request, a request without a query string leaves that machinery nothing to convert or
validate: the endpoint is called with its path parameters as they are, every dependency
awaited once in FastAPI's order, the query parameters left at their defaults.

`DirectRoute` does exactly that for such requests. Every other request (with a query string,
while `app.dependency_overrides` holds anything, or one FastAPI's telemetry follows) goes
through FastAPI, so its validation errors and defaults stay FastAPI's own; a route that does
not fit is served by FastAPI entirely. Dependencies added by an including router are not
seen here: tests/api/test_direct_routes.py holds every direct route of the app to its own.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.telemetry import get_telemetry_data


@dataclass(frozen=True)
class DirectCall:
    """How a request without a query string reaches the endpoint."""

    endpoint: Callable[..., Awaitable[Any]]
    #: (the endpoint's parameter or None, the dependency, its request parameter, whether
    #: its value is reused within the request), in FastAPI's order.
    dependencies: tuple[tuple[str | None, Callable[..., Awaitable[Any]], str, bool], ...]
    #: The endpoint's parameter for the request, if it takes it.
    request_name: str | None


def direct_call(dependant: Dependant) -> DirectCall | None:
    """The direct call of a route, or None when its requests need FastAPI's solving."""
    call = dependant.call
    if call is None or not inspect.iscoroutinefunction(call) or not _plain(dependant):
        return None
    if any(not _text(f) for f in dependant.path_params):
        return None
    if any(f.field_info.is_required() for f in dependant.query_params):
        return None
    dependencies = []
    for sub in dependant.dependencies:
        sub_call, takes = sub.call, sub.request_param_name
        takes_request_only = (
            _plain(sub)
            and not (sub.path_params or sub.query_params or sub.dependencies)
            and not sub.own_oauth_scopes
        )
        if sub_call is None or takes is None or not inspect.iscoroutinefunction(sub_call):
            return None
        if not takes_request_only:
            return None
        dependencies.append((sub.name, sub_call, takes, sub.use_cache))
    return DirectCall(call, tuple(dependencies), dependant.request_param_name)


def _plain(dependant: Dependant) -> bool:
    """No body, header, cookie or special parameter (response, background tasks, ...)."""
    return not (
        dependant.header_params
        or dependant.cookie_params
        or dependant.body_params
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
    )


def _text(field: Any) -> bool:
    """A path parameter taken as it is: plain text without constraints."""
    return field.field_info.annotation is str and not field.field_info.metadata


class DirectRoute(APIRoute):
    """A route whose requests without a query string skip FastAPI's solving (module doc)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        solved = super().get_route_handler()
        direct = direct_call(self.dependant)
        if direct is None:
            return solved
        endpoint, dependencies, request_name = (
            direct.endpoint,
            direct.dependencies,
            direct.request_name,
        )

        async def handle(request: Request) -> Response:
            scope = request.scope
            if (
                scope["query_string"]
                or request.app.dependency_overrides
                or get_telemetry_data() is not None
            ):
                return await solved(request)
            values: dict[str, Any] = dict(scope["path_params"])
            if request_name is not None:
                values[request_name] = request
            done: dict[Callable[..., Any], Any] = {}
            for name, call, takes, cached in dependencies:
                if cached and call in done:
                    value = done[call]
                else:
                    value = done[call] = await call(**{takes: request})
                if name is not None:
                    values[name] = value
            response = await endpoint(**values)
            if not isinstance(response, Response):
                raise TypeError(f"{self.path}: a direct route's endpoint answers a Response")
            return response

        return handle
