"""Liveness and readiness for operators and load balancers."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import ServicesDep
from api.problems import problem
from api.schemas import Health, Readiness
from domain.clock import FixedClock

router = APIRouter(tags=["operations"])


@router.get("/healthz", response_model=Health)
def healthz(services: ServicesDep) -> Health:
    """The process answers, with the register's date (and whether ``LR_TODAY`` fixes it)."""
    return Health(
        status="ok",
        today=services.register.clock(),
        today_fixed=isinstance(services.register.clock, FixedClock),
    )


@router.get("/readyz", response_model=Readiness, responses={503: {"description": "Not ready"}})
def readyz(services: ServicesDep) -> Readiness | JSONResponse:
    """The store answers and every read model is within the allowed lag."""
    try:
        head = services.register.head_position()
        positions = services.projections.positions()
    except Exception as exc:
        return problem(
            503,
            "Not ready",
            f"the store does not answer: {type(exc).__name__}",
            headers={"Retry-After": "5"},
        )
    lagging = {n: p for n, p in positions.items() if head - p > services.settings.ready_max_lag}
    if lagging:
        return problem(
            503,
            "Not ready",
            f"read models lag behind: {sorted(lagging)}",
            headers={"Retry-After": "5"},
        )
    return Readiness(status="ready", store=services.store.kind, head=head, projections=positions)
