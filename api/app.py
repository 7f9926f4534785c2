"""The FastAPI application factory: routers, middleware and error handlers, nothing else."""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI, Request, Response

from api.auth import TokenCache
from api.bootstrap import Services, build_services
from api.problems import install_problem_handlers
from api.routes import all_routers
from api.settings import Settings

access_log = structlog.get_logger("lerarenregister.access")

DESCRIPTION = """
The Lerarenregister: an event-sourced national register of teachers, *of, for and by the
teacher*. Every registration, activity, validation, decision and strike-off is an immutable
event; read models are projections of the event log; every decision carries a receipt that
explains and reproduces it. Errors are `application/problem+json`.
"""


def create_app(services: Services | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app around given services (tests) or build them from settings."""
    owned = services is None

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        if owned:
            app.state.services.close()

    app = FastAPI(
        title="Lerarenregister",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.services = services or build_services(settings)
    app.state.token_cache = TokenCache()
    install_problem_handlers(app)

    @app.middleware("http")
    async def request_context(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        incoming = request.headers.get("x-request-id", "")
        request_id = (
            incoming if 0 < len(incoming) <= 100 and incoming.isprintable() else (uuid.uuid4().hex)
        )
        request.state.request_id = request_id
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        started = time.perf_counter()
        response = await call_next(request)
        response.headers["X-Request-Id"] = request_id
        access_log.info(
            "request",
            method=request.method,
            path=request.url.path,
            status=response.status_code,
            duration_ms=round((time.perf_counter() - started) * 1000, 2),
        )
        return response

    for router in all_routers():
        app.include_router(router)
    return app
