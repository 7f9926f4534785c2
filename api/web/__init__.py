"""Server-rendered web pages for people: the public register, the teacher's own file, the
employer's staff, and the audit and appeals views (docs/web.md).

`build_router` gathers every page but the public ones; `api.routes.all_routers()` includes it
after the API, and the public pages (`public_router`: search, entries, criteria, offerings,
ledger) right after the public register's API routes, so that the register's busiest page
matches without trying every other route first (no other route answers their paths). None of
them is in the OpenAPI document.
"""

from __future__ import annotations

from fastapi import APIRouter


def public_router() -> APIRouter:
    """The public pages (no sign-in), in one router."""
    from api.web import public  # noqa: PLC0415

    return public.router


def build_router() -> APIRouter:
    """Every other page of the web interface, in one router."""
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
        registrar,
        review,
        shares,
        standards,
    )

    router = APIRouter(include_in_schema=False)
    for part in (
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
