"""Open data (issue 18, item 9): the register's statistics as CSV and JSON under CC0 1.0.

Stable public addresses, no sign-in; regenerated from the `open_data` read model on every
request. The CSV carries its licence in a `Link` header and in its CSV on the Web metadata
file; the JSON carries it in its own fields.
"""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from api.deps import RegisterDep
from api.problems import problem_responses
from api.readmodels import ReadDbDep, min_position
from api.schemas.open_data import OpenDataDocument
from projections import open_data

router = APIRouter(prefix="/api/public/open-data", tags=["open data"])
Consistent = Annotated[None, Depends(min_position(open_data.OpenData.name))]
LICENSE_LINK = f'<{open_data.LICENSE["url"]}>; rel="license"'
#: Caches may keep a file this long (seconds): statistics, not a lookup.
MAX_AGE = 300


def _headers(request: Request) -> dict[str, str]:
    metadata = str(request.base_url).rstrip("/") + open_data.CSVW_PATH
    return {
        "Link": f'{LICENSE_LINK}, <{metadata}>; rel="describedby"; type="application/csvm+json"',
        "Cache-Control": f"public, max-age={MAX_AGE}",
    }


@router.get(
    "/register-statistics.json",
    response_model=OpenDataDocument,
    response_model_by_alias=True,
    responses=problem_responses(400, 503),
)
def statistics_json(
    _consistent: Consistent, db: ReadDbDep, register: RegisterDep, request: Request
) -> Response:
    """Qualifications per sector, subject, status and year of admission (CC0 1.0); a cell of
    fewer than ten is suppressed (count null)."""
    found = open_data.document(db, open_data.position(db), register.clock())
    return Response(
        json.dumps(found, ensure_ascii=False),
        media_type="application/json",
        headers=_headers(request),
    )


@router.get(
    "/register-statistics.csv",
    response_class=Response,
    responses={
        200: {"content": {"text/csv": {}}, "description": "the cells as CSV"},
        **problem_responses(400, 503),
    },
)
def statistics_csv(_consistent: Consistent, db: ReadDbDep, request: Request) -> Response:
    """The same cells as CSV (header row; an empty count is a suppressed cell); the licence
    (CC0 1.0) is in the `Link` header and the CSV on the Web metadata file."""
    return Response(
        open_data.as_csv(open_data.cells(db)),
        media_type="text/csv; charset=utf-8",
        headers={
            **_headers(request),
            "Content-Disposition": 'inline; filename="register-statistics.csv"',
        },
    )


@router.get(
    "/register-statistics.csv-metadata.json",
    responses={200: {"content": {"application/csvm+json": {}}}},
    response_class=Response,
)
def statistics_csv_metadata(register: RegisterDep, request: Request) -> Response:
    """The CSV's metadata (W3C CSV on the Web): licence, publisher, columns."""
    found = open_data.csv_metadata(str(request.base_url), register.clock())
    return Response(
        json.dumps(found, ensure_ascii=False),
        media_type="application/csvm+json",
        headers={"Link": LICENSE_LINK, "Cache-Control": f"public, max-age={MAX_AGE}"},
    )
