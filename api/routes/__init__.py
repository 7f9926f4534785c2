"""One router per audience; the app includes every router listed here."""

from __future__ import annotations

from fastapi import APIRouter


def all_routers() -> list[APIRouter]:
    """Every router of the API, in the order they appear in the OpenAPI document."""
    from api.routes import audit, health, teachers  # noqa: PLC0415

    return [health.router, teachers.router, audit.router]
