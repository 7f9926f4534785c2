"""Employer data delivery (docs/procedures.md, "Employer data delivery"), the disputes employers
see, and the teacher's confirmation or dispute of what was delivered.

A delivery is JSON (`{delivery_id, appointments: [...]}`) or `text/csv` with the columns as
header and the id in the `Delivery-Id` header; the answer lists every rejected row with its
faults. The same delivery id again answers the first answer and changes nothing.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.access import Employer, TeacherOnly, check_own_subject
from api.auth import Principal
from api.context import note_file_read
from api.delivery_csv import parse_csv
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.deliveries import (
    ConfirmationAnswer,
    DeliveryAnswer,
    DeliveryCreate,
    DeliveryRow,
    Dispute,
    DisputeCreate,
    Disputes,
)
from domain.commands.deliveries import ConfirmAppointment, Deliver, DisputeAppointment
from domain.errors import InvalidInputError
from domain.register import Context, Register
from projections import deliveries as deliveries_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["employers"])

#: Largest delivery body accepted (50,000 rows of about 200 bytes).
MAX_DELIVERY_BYTES = 16 * 1024 * 1024
LATER_COLUMNS = frozenset({"sector", "subjects"})
CSV_EXAMPLE = (
    "bsn,gender,birth_date,basis,brin,start,end,contract_start,contract_end,fte,sector,subjects\n"
    "111222333,V,1980-05-01,diploma,01AB,2024-08-01,,2024-08-01,,0.8,vo,wiskunde|natuurkunde\n"
)
DELIVERY_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["delivery_id", "appointments"],
                    "properties": {
                        "delivery_id": {"type": "string", "minLength": 1, "maxLength": 100},
                        "appointments": {
                            "type": "array",
                            "maxItems": 50_000,
                            "items": DeliveryRow.model_json_schema(),
                        },
                    },
                    "additionalProperties": False,
                }
            },
            "text/csv": {
                "schema": {"type": "string"},
                "example": CSV_EXAMPLE,
            },
        },
    }
}


async def delivery_body(request: Request) -> tuple[str, bytes]:
    """The media type and the raw bytes of a delivery (JSON or CSV)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_DELIVERY_BYTES:
        raise ApiProblem(
            413, "Request too large", f"a delivery has at most {MAX_DELIVERY_BYTES} bytes"
        )
    body = await request.body()
    if len(body) > MAX_DELIVERY_BYTES:
        raise ApiProblem(
            413, "Request too large", f"a delivery has at most {MAX_DELIVERY_BYTES} bytes"
        )
    media = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    return media, body


def _rows(
    media: str, body: bytes, header_id: str | None
) -> tuple[str, list[dict[str, Any]], list[int] | None]:
    """(delivery id, rows, CSV lines or None) from either format."""
    if media in ("text/csv", "application/csv"):
        if not header_id:
            raise InvalidInputError.of("Delivery-Id", "a CSV delivery names its id in Delivery-Id")
        rows, lines = parse_csv(body)
        return header_id, list(rows), lines
    if media not in ("application/json", ""):
        raise ApiProblem(415, "Unsupported media type", "deliver as application/json or text/csv")
    try:
        parsed = DeliveryCreate.model_validate_json(body or b"null")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    if header_id and header_id != parsed.delivery_id:
        raise InvalidInputError.of("Delivery-Id", "Delivery-Id differs from the body's delivery_id")
    # Columns added later are left out when absent, so an earlier delivery repeated keeps
    # its fingerprint (and its first answer).
    rows = [
        {k: v for k, v in row.model_dump().items() if v is not None or k not in LATER_COLUMNS}
        for row in parsed.appointments
    ]
    return parsed.delivery_id, rows, None


@router.post(
    "/api/employers/{board_number}/deliveries",
    response_model=DeliveryAnswer,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422),
    openapi_extra=DELIVERY_BODY,
)
def deliver(
    board_number: str,
    principal: Employer,
    ctx: ContextDep,
    register: RegisterDep,
    body: Annotated[tuple[str, bytes], Depends(delivery_body)],
    delivery_id: Annotated[
        str | None,
        Header(alias="Delivery-Id", max_length=100, description="the delivery's id (CSV)"),
    ] = None,
) -> DeliveryAnswer:
    """Deliver appointments: every row checked, valid rows recorded, every fault reported by
    row and field. The same delivery id again changes nothing."""
    return answer_deliver(board_number, principal, ctx, register, body, delivery_id)


def answer_deliver(
    board_number: str,
    principal: Principal,
    ctx: Context,
    register: Register,
    body: tuple[str, bytes],
    delivery_id: str | None,
) -> DeliveryAnswer:
    """Deliver the rows of a body of one media type, for the caller's own board."""
    check_own_subject(principal, board_number, "board")
    media, raw = body
    the_id, rows, lines = _rows(media, raw, delivery_id)
    command = Deliver(delivery_id=the_id, rows=rows, spreadsheet=lines is not None)
    result = register.deliver(board_number, command, ctx=ctx)
    rejected = result.data["rejected"]
    if lines is not None:
        rejected = [
            {**r, "line": lines[r["row"] - 1] if r["row"] <= len(lines) else None} for r in rejected
        ]
    answer = {**result.data, "rejected": rejected, "position": result.position}
    return DeliveryAnswer.model_validate(answer)


@router.get(
    "/api/employers/{board_number}/disputes",
    response_model=Disputes,
    responses=problem_responses(400, 401, 403, 503),
)
def list_disputes(
    board_number: str,
    principal: Employer,
    _consistent: Annotated[None, Depends(min_position(deliveries_model.Deliveries.name))],
    db: ReadDbDep,
    page: PageDep,
    status: Annotated[
        str, Query(pattern="^(open|answered|withdrawn|all)$", description="default open")
    ] = "open",
) -> Disputes:
    """Appointments the teachers disputed, with their reasons, in the order disputed; a dispute
    is answered by delivering the appointment again."""
    return answer_list_disputes(board_number, principal, db, page, status)


def answer_list_disputes(
    board_number: str, principal: Principal, db: Db, page: Page, status: str
) -> Disputes:
    """One page of the caller's own board's disputes (consistency is the caller's)."""
    check_own_subject(principal, board_number, "board")
    after = page.after(int)
    rows = deliveries_model.disputes(
        db,
        board_number,
        status=None if status == "all" else status,
        after=int(after[0]) if after else 0,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    for row in rows:
        note_file_read(row["teacher_id"])  # the teacher's own words about their file
    return Disputes(
        data=[Dispute(**r) for r in rows],
        next_cursor=encode_cursor(rows[-1]["position"]) if more and rows else None,
    )


def _own_file(principal: Principal, teacher_id: str) -> None:
    if principal.subject != teacher_id:
        raise ApiProblem(403, "Forbidden", "a teacher checks only the data in their own file")


@router.post(
    "/api/teachers/{teacher_id}/appointments/{appointment_id}/confirmation",
    response_model=ConfirmationAnswer,
    responses=problem_responses(400, 401, 403, 404, 409, 412, 422),
)
def confirm_appointment(
    teacher_id: str,
    appointment_id: str,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ConfirmationAnswer:
    """The teacher confirms an appointment as the employer delivered it."""
    answer = answer_confirm_appointment(teacher_id, appointment_id, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_confirm_appointment(
    teacher_id: str, appointment_id: str, principal: Principal, ctx: Context, register: Register
) -> ConfirmationAnswer:
    """Confirm an appointment in the caller's own file."""
    _own_file(principal, teacher_id)
    command = ConfirmAppointment(appointment_id=appointment_id)
    result = register.confirm_appointment(teacher_id_of(teacher_id), command, ctx=ctx)
    return ConfirmationAnswer(**result.data, version=result.version, position=result.position)


@router.post(
    "/api/teachers/{teacher_id}/appointments/{appointment_id}/dispute",
    response_model=ConfirmationAnswer,
    responses=problem_responses(400, 401, 403, 404, 409, 412, 422),
)
def dispute_appointment(
    teacher_id: str,
    appointment_id: str,
    body: DisputeCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ConfirmationAnswer:
    """The teacher disputes a delivered appointment; the employer sees the reason."""
    answer = answer_dispute_appointment(teacher_id, appointment_id, body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_dispute_appointment(
    teacher_id: str,
    appointment_id: str,
    body: DisputeCreate,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> ConfirmationAnswer:
    """Dispute an appointment in the caller's own file."""
    _own_file(principal, teacher_id)
    command = DisputeAppointment(appointment_id=appointment_id)
    result = register.dispute_appointment(
        teacher_id_of(teacher_id), command, ctx=replace(ctx, reason=body.reason)
    )
    return ConfirmationAnswer(**result.data, version=result.version, position=result.position)
