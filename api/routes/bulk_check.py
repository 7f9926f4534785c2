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

from api.auth import Principal, require
from api.context import note_file_read, today
from api.delivery_csv import parse_csv
from api.deps import RegisterDep, ServicesDep, check_own_subject
from api.problems import ApiProblem, problem_responses
from api.readmodels import ReadDbDep, min_position
from api.schemas_bulk import BulkCheckAnswer, CheckedRow
from api.schemas_procedures import FieldFault
from api.schemas_register import PublicName, PublicQualification
from domain.delivery import SHAPE
from domain.errors import InvalidInputError
from domain.identity_check import COLUMNS, check_key, pair_digest, read_rows
from domain.values import Role
from projections import identity_check
from projections.identity_check import IdentityCheck
from projections.public_register import PublicRegister

router = APIRouter(tags=["employers"])

Employer = Annotated[Principal, Depends(require(Role.EMPLOYER))]
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
    return check_pairs(board_number, body, services.settings.bulk_check_max_rows, register, db)


def check_pairs(
    board_number: str, body: bytes, max_rows: int, register: Any, db: Any
) -> BulkCheckAnswer:
    """The check itself, for the route and the board's page."""
    rows, lines = parse_csv(body, COLUMNS, COLUMNS)
    if len(rows) > max_rows:
        raise InvalidInputError.of(
            "(rows)", f"a check has at most {max_rows} rows; this file has {len(rows)}"
        )
    on = today()
    pairs, bad = read_rows(rows, on, SHAPE)
    key = check_key(register.secret)
    digests = {p.row: pair_digest(key, p.register_number, p.birth_date) for p in pairs}
    found = identity_check.matches(db, list(digests.values()))
    out: dict[int, CheckedRow] = {}
    for p in pairs:
        entry = found.get(digests[p.row])
        line = lines[p.row - 1]
        if entry is None:
            out[p.row] = CheckedRow(
                row=p.row, line=line, register_number=p.register_number, result="not_found"
            )
            continue
        note_file_read(entry["teacher_id"])  # the check confirmed their date of birth
        quals = [PublicQualification(**q) for q in entry["qualifications"]]
        out[p.row] = CheckedRow(
            row=p.row,
            line=line,
            register_number=p.register_number,
            result="found",
            registered=any(q.status == "registered" for q in quals),
            name=PublicName.of(entry["name"]),
            qualifications=quals,
        )
    for b in bad:
        out[b.row] = CheckedRow(
            row=b.row,
            line=lines[b.row - 1],
            register_number=b.register_number,
            result="invalid",
            errors=[FieldFault(field=e.field, message=e.message) for e in b.errors],
        )
    data = [out[i] for i in sorted(out)]
    return BulkCheckAnswer(
        board_number=board_number,
        rows=len(data),
        found=sum(1 for r in data if r.result == "found"),
        not_found=sum(1 for r in data if r.result == "not_found"),
        invalid=len(bad),
        checked_on=on,
        data=data,
    )
