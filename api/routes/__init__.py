"""One router per audience; the app includes every router listed here.

A route's parameters are FastAPI dependencies; a route that a web page also serves keeps only
those (role, `X-Min-Position`, the `Response` for `ETag` and `Location`) and calls a plain
function beside it, `answer_<route>`, which the page calls too (docs/web.md). No page calls a
route function (tests/api/web/test_pages_not_on_routes.py).
"""

from __future__ import annotations

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    """Every router of the API, in the order they appear in the OpenAPI document."""
    from api.routes import (  # noqa: PLC0415
        access_log,
        audit,
        bulk_check,
        correspondence,
        costs,
        criteria,
        decisions,
        deliveries,
        demand,
        extract,
        facts,
        health,
        hearings,
        ledger,
        ledger_tiles,
        metrics,
        objections,
        offerings,
        open_data,
        peers,
        privacy,
        proposals,
        public_changes,
        public_register,
        shares,
        staff,
        teachers,
    )

    # Pages, not in the schema.
    from api.web import build_router as web_pages  # noqa: PLC0415
    from api.web import public_router as public_pages  # noqa: PLC0415

    return [
        public_register.router,  # first: the busiest routes match without trying the others
        public_pages(),  # then the public pages (their paths are no other route's)
        public_changes.router,
        health.router,
        metrics.router,
        teachers.router,
        privacy.router,
        extract.router,
        correspondence.router,
        decisions.router,
        criteria.router,
        audit.router,
        staff.router,
        shares.router,
        costs.router,
        access_log.router,
        ledger.router,
        ledger_tiles.router,
        deliveries.router,
        bulk_check.router,
        offerings.router,
        facts.router,
        peers.router,
        hearings.router,
        proposals.router,
        objections.router,
        open_data.router,
        demand.router,
        web_pages(),
    ]
