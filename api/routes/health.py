"""Liveness and readiness for operators and load balancers.

`/readyz` answers within `LR_READY_TIMEOUT` (1 s) whatever the store does: its probe runs in a
worker thread with short connection timeouts, and when the probe has not answered in time the
route answers 503 and leaves the probe to finish on its own.
"""

from __future__ import annotations

import shutil
from typing import Any

import anyio
import anyio.to_thread
import psycopg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from api.bootstrap import Services
from api.context import note_unavailable
from api.deps import ServicesDep
from api.faults import FaultLog
from api.problems import problem
from api.schemas.health import Health, Readiness
from domain.clock import FixedClock

router = APIRouter(tags=["operations"])

#: Below this much free space on the SQLite file's disk, the store counts as not writable.
MIN_FREE_BYTES = 8 * 1024 * 1024


@router.get("/healthz", response_model=Health)
def healthz(services: ServicesDep) -> Health:
    """The process answers, with the register's date (and whether ``LR_TODAY`` fixes it)."""
    return Health(
        status="ok",
        today=services.register.clock(),
        today_fixed=isinstance(services.register.clock, FixedClock),
    )


def _not_ready(detail: str) -> JSONResponse:
    note_unavailable("not-ready")
    return problem(503, "Not ready", detail, headers={"Retry-After": "5"})


def _writable_problem(services: Services) -> str | None:
    """Why the store cannot take writes now, or None (a bounded probe of its own)."""
    store = services.store
    if store.is_postgres:
        with psycopg.connect(store.conninfo, connect_timeout=1, autocommit=True) as conn:
            row = conn.execute(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')"
            ).fetchone()
        if row is not None and (row[0] or row[1] == "on"):
            return "the database is read-only (in recovery or read-only mode)"
        return None
    assert store.sqlite_path is not None
    if shutil.disk_usage(store.sqlite_path.parent).free < MIN_FREE_BYTES:
        return "the disk of the store is (nearly) full"
    return None


def _probe(services: Services) -> tuple[int, dict[str, int]] | str:
    why = _writable_problem(services)
    if why is not None:
        return why
    return services.register.head_position(), services.projections.positions()


@router.get("/readyz", response_model=Readiness, responses={503: {"description": "Not ready"}})
async def readyz(services: ServicesDep, request: Request) -> Readiness | JSONResponse:
    """The store answers and takes writes, and every read model is within the allowed lag."""
    faults: FaultLog | None = getattr(request.app.state, "faults", None)
    if faults is not None and faults.not_writable():
        return _not_ready("the store refused a write lately for a full disk")
    result: Any = None
    try:
        with anyio.move_on_after(services.settings.ready_timeout):
            result = await anyio.to_thread.run_sync(_probe, services, abandon_on_cancel=True)
    except Exception as exc:
        return _not_ready(f"the store does not answer: {type(exc).__name__}")
    if result is None:
        return _not_ready(f"the store did not answer within {services.settings.ready_timeout:g} s")
    if isinstance(result, str):
        return _not_ready(result)
    head, positions = result
    lagging = {n: p for n, p in positions.items() if head - p > services.settings.ready_max_lag}
    if lagging:
        return _not_ready(f"read models lag behind: {sorted(lagging)}")
    return Readiness(status="ready", store=services.store.kind, head=head, projections=positions)
