"""The FastAPI application factory: routers, middleware and error handlers, nothing else."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import structlog
from fastapi import FastAPI

from api.access_log import AccessLog
from api.auth import TokenCache
from api.bootstrap import Services, build_services
from api.faults import FaultLog
from api.impact_worker import start_impact_worker
from api.limits import BodyLimitMiddleware, BodyLimits
from api.metrics import Metrics
from api.middleware import EdgeMiddleware
from api.openapi import complete_openapi
from api.outbox_sender import start_outbox_sender
from api.problems import install_problem_handlers
from api.public_lookup import PublicLookup
from api.ratelimit import build_rate_limiter
from api.routes import all_routers
from api.settings import Settings
from api.witness_client import start_witness_submitter

log = structlog.get_logger("lerarenregister.api")

DESCRIPTION = """
The Lerarenregister: an event-sourced national register of teachers, *of, for and by the
teacher*. Every registration, activity, validation, decision and strike-off is an immutable
event; read models are projections of the event log; every decision carries a receipt that
explains and reproduces it.

**Tokens.** `Authorization: Bearer <token>` on everything outside `/api/public`; tokens are
issued with `lerarenregister token issue --role ROLE [--subject ID]`.
**Errors** are `application/problem+json` (`type`, `title`, `status`, `detail`, `errors`).
**Writes** answer with `position` and, for aggregates, `version` and an `ETag`;
`If-Match: "<version>"` makes a write conditional (412), `Idempotency-Key` makes a POST safe
to retry. **Reads** of read models accept `X-Min-Position` (503 with `Retry-After` when not yet
there). Every answer carries `X-Request-Id`. Public paths are rate limited per client (429).
"""


def create_app(services: Services | None = None, settings: Settings | None = None) -> FastAPI:
    """Build the app around given services (tests) or build them from settings."""
    owned = services is None
    services = services or build_services(settings)
    access = AccessLog(services.store)
    access.prepare()
    limiter = build_rate_limiter(services.store, services.settings.public_rate_limit)
    metrics = Metrics(services.settings.metrics_folder())
    lookup = PublicLookup(
        services.store, services.projections.readers, services.settings.public_pool
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if owned:
            # Everything alive now lives as long as the process: keep it out of the cyclic
            # collector's full passes, which otherwise pause requests for tens of ms (the p99).
            gc.collect()
            gc.freeze()
        log.info("started", store=services.store.kind, projections=services.settings.projections)
        halt_sender = start_outbox_sender(services)
        halt_submitter = start_witness_submitter(services)
        halt_impact = start_impact_worker(services)
        metrics.start()
        await lookup.start()
        yield
        await lookup.stop()
        metrics.stop()
        if halt_impact is not None:
            halt_impact()
        if halt_submitter is not None:
            halt_submitter()
        if halt_sender is not None:
            halt_sender()
        # Uvicorn has stopped taking requests and let the running ones finish
        # (`timeout_graceful_shutdown`); now stop the projections and close the store.
        access.close()
        if limiter is not None:
            limiter.close()
        if owned:
            services.close()
        log.info("stopped")

    app = FastAPI(
        title="Lerarenregister",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.services = services
    app.state.access_log = access
    app.state.rate_limiter = limiter
    app.state.public_lookup = lookup
    app.state.token_cache = TokenCache(services.settings.token_cache_seconds)
    faults = FaultLog()
    app.state.faults = faults
    services.register.add_listener(faults.write_succeeded)
    install_problem_handlers(app)
    settings_ = services.settings
    limits = BodyLimits(
        json=settings_.max_body_bytes,
        delivery=settings_.max_delivery_bytes,
        form=settings_.max_form_bytes,
        timeout=settings_.body_timeout,
    )
    # Added first, so it runs inside the edge: its refusals get a request id and a log line.
    app.add_middleware(BodyLimitMiddleware, limits=limits)
    app.add_middleware(
        EdgeMiddleware,
        access=access,
        limiter=limiter,
        clock=services.register.clock,
        faults=faults,
        read_timeout=services.settings.read_timeout,
        write_timeout=services.settings.write_timeout,
        metrics=metrics,
    )
    for router in all_routers():
        app.include_router(router)
    app.openapi = complete_openapi(app)  # type: ignore[method-assign]
    return app
