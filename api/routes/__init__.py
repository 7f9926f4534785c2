"""One router per audience; the app includes every router listed here."""

from __future__ import annotations

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    """Every router of the API, in the order they appear in the OpenAPI document."""
    from api.routes import (  # noqa: PLC0415
        access_log,
        audit,
        correspondence,
        costs,
        criteria,
        decisions,
        deliveries,
        demand,
        facts,
        health,
        hearings,
        ledger,
        ledger_tiles,
        objections,
        offerings,
        open_data,
        privacy,
        proposals,
        public_register,
        staff,
        teachers,
    )
    from api.web import build_router as web_pages  # noqa: PLC0415 (pages, not in the schema)

    return [
        public_register.router,  # first: the busiest routes match without trying the others
        health.router,
        teachers.router,
        privacy.router,
        correspondence.router,
        decisions.router,
        criteria.router,
        audit.router,
        staff.router,
        costs.router,
        access_log.router,
        ledger.router,
        ledger_tiles.router,
        deliveries.router,
        offerings.router,
        facts.router,
        hearings.router,
        proposals.router,
        objections.router,
        open_data.router,
        demand.router,
        web_pages(),
    ]
