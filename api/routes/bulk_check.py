"""The employer's bulk check (docs/access.md, "The employer's bulk check").

A board uploads a CSV of (register number, date of birth) pairs and gets, per row, the
person's public status, "not found" or the row's faults. A wrong date of birth and an unknown
number answer alike: the check compares keyed hashes of the pairs (domain/identity_check.py)
in one query for the whole file, so neither the answer nor the work done tells them apart.
Every person found is written to their access log (the check confirmed their date of birth
to the board).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from api.access import Employer, check_own_subject
from api.bulk_check import check_pairs
from api.deps import RegisterDep, ServicesDep
from api.problems import ApiProblem, problem_responses
from api.readmodels import ReadDbDep, min_position
from api.schemas.bulk_check import BulkCheckAnswer
from projections.identity_check import IdentityCheck
from projections.public_register import PublicRegister

router = APIRouter(tags=["employers"])

CONSISTENT = [Depends(min_position(PublicRegister.name, IdentityCheck.name))]
CSV_EXAMPLE = "register_number,birth_date\n1234567897,1980-05-01\n"
CHECK_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string"}, "example": CSV_EXAMPLE}},
    }
}


async def check_body(request: Request) -> bytes:
    """The raw CSV of a check (the body limit middleware bounds its size)."""
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media not in ("text/csv", "application/csv"):
        raise ApiProblem(415, "Unsupported media type", "send the pairs as text/csv")
    return await request.body()


@router.post(
    "/api/employers/{board_number}/bulk-check",
    response_model=BulkCheckAnswer,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 401, 403, 413, 415, 422, 503),
    openapi_extra=CHECK_BODY,
)
def bulk_check(
    board_number: str,
    principal: Employer,
    services: ServicesDep,
    register: RegisterDep,
    db: ReadDbDep,
    body: Annotated[bytes, Depends(check_body)],
) -> BulkCheckAnswer:
    """Check (register number, date of birth) pairs: per row the public status, "not found"
    (unknown number and wrong date alike) or the row's faults."""
    check_own_subject(principal, board_number, "board")
    max_rows = services.settings.bulk_check_max_rows
    return check_pairs(board_number, body, max_rows, register.secret, db)
