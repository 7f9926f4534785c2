"""Pages of issue 18's open side: the open-data page (public), the demand signal (providers,
the profession) and the employer's bulk check. Each calls the API's own functions, so a page
shows what the API answers and nothing else."""

from __future__ import annotations

from fastapi import Response

from api.readmodels import ReadDbDep
from api.routes import demand as demand_routes
from api.web.access import DemandReaders
from api.web.core import WebDep, web_router
from projections import open_data

router = web_router()


@router.get("/open-data")
def open_data_page(web: WebDep, db: ReadDbDep) -> Response:
    """The register's statistics as open data: what they hold, the licence, the files."""
    found = open_data.document(db, open_data.position(db), web.services.register.clock())
    return web.render("open_data.html", doc=found)


@router.get("/demand")
def demand_page(web: DemandReaders, db: ReadDbDep) -> Response:
    """Where teachers fall short, per sector and hours criterion: the API's answer as a table,
    suppressed cells said so."""
    assert web.principal is not None
    found = demand_routes.answer_demand_signal(db, web.services.register)
    return web.render("demand.html", doc=found)
