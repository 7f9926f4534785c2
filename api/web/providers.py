"""The providers pages (filled in by the work on issue 8)."""

from __future__ import annotations

from api.web.core import web_router

router = web_router()
