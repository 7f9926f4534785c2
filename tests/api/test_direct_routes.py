"""Direct routes (api/direct_route.py): a request with nothing to solve skips FastAPI's solving
and is answered exactly as FastAPI would answer it; anything else is FastAPI's."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, FastAPI, Request, Response
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from api.direct_route import DirectRoute, direct_call


def test_every_direct_route_of_the_app_fits_and_has_only_its_own_dependencies(
    client: TestClient,
) -> None:
    """The direct lane calls the route's own dependencies: no router may add one to a direct
    route (the lane would skip it), and a direct route that does not fit is a mistake."""
    app = client.app
    assert isinstance(app, FastAPI)
    direct = [
        r for r in iter_route_contexts(app.routes) if isinstance(r.original_route, DirectRoute)
    ]
    assert {r.path for r in direct} >= {
        "/api/public/register/{register_number}",
        "/register/{register_number}",
    }
    for route in direct:
        original = route.original_route
        assert isinstance(original, DirectRoute)
        assert direct_call(original.dependant) is not None, route.path
        effective = [d.call for d in route.dependant.dependencies]
        assert effective == [d.call for d in original.dependant.dependencies], route.path


async def who(request: Request) -> str:
    request.state.calls.append("who")
    return request.headers.get("x-who", "nobody")


Who = Annotated[str, Depends(who)]


async def greet(name: str, who: Who, again: Who, loud: bool = False) -> Response:
    text = f"{who} greets {name}" + ("!" if loud else "")
    return Response(text, media_type="text/plain")


async def number(n: int) -> Response:
    return Response(str(n + 1), media_type="text/plain")


def _app(calls: list[str]) -> FastAPI:
    app = FastAPI()

    @app.middleware("http")
    async def count(request: Request, call_next):  # type: ignore[no-untyped-def]
        request.state.calls = calls
        return await call_next(request)

    async def gate(request: Request) -> None:
        calls.append("gate")

    app.router.add_api_route(
        "/greet/{name}", greet, dependencies=[Depends(gate)], route_class_override=DirectRoute
    )
    app.router.add_api_route("/number/{n}", number, route_class_override=DirectRoute)
    return app


def test_the_direct_lane_answers_as_fastapi_does() -> None:
    """Path parameters as they are, each dependency once in FastAPI's order, the query
    parameters at their defaults; a query string or an override goes through FastAPI."""
    calls: list[str] = []
    app = _app(calls)
    with TestClient(app) as client:
        assert client.get("/greet/ana", headers={"x-who": "bo"}).text == "bo greets ana"
        assert calls == ["gate", "who"]
        assert client.get("/greet/ana?loud=true").text == "nobody greets ana!"
        refused = client.get("/greet/ana?loud=maybe")
        assert refused.status_code == 422
        assert refused.json()["detail"][0]["loc"] == ["query", "loud"]

        async def someone(request: Request) -> str:
            return "someone"

        app.dependency_overrides[who] = someone
        assert client.get("/greet/ana").text == "someone greets ana"


def test_a_route_that_does_not_fit_is_fastapis() -> None:
    """A path parameter FastAPI converts (an integer) keeps FastAPI's conversion and errors."""
    with TestClient(_app([])) as client:
        assert client.get("/number/41").text == "42"
        assert client.get("/number/x").status_code == 422
