"""Server-rendered web pages for people: the public register, the teacher's own file, the
employer's staff, and the audit and appeals views (docs/web.md).

`router` gathers every page; `api.routes.all_routers()` includes it after the API, and none
of its routes is in the OpenAPI document.
"""

from __future__ import annotations

from fastapi import APIRouter


def build_router() -> APIRouter:
    """Every page of the web interface, in one router."""
    from api.web import (  # noqa: PLC0415
        account,
        correspondence,
        employer,
        extract_pages,
        files,
        objections,
        open_pages,
        peers,
        providers,
        public,
        registrar,
        review,
        shares,
        standards,
    )

    router = APIRouter(include_in_schema=False)
    for part in (
        public,
        account,
        files,
        correspondence,
        peers,
        shares,
        review,
        objections,
        employer,
        open_pages,
        extract_pages,
        registrar,
        providers,
        standards,
    ):
        router.include_router(part.router)
    return router
