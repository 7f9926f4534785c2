"""The facts that count (issue 13): providers deliver participation, teachers confirm it with
one click, and the registrar checks activities in reproducible samples."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Response, status
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from api.access import ProviderOnly, Registrar, RegistrarOrReviewer, TeacherOnly, check_own_subject
from api.auth import Principal
from api.delivery_csv import parse_csv
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.routes.deliveries import delivery_body
from api.schemas.activities import ActivityCreated
from api.schemas.facts import (
    JudgementCreate,
    JudgementCreated,
    ParticipationAnswer,
    ParticipationCreate,
    ParticipationRow,
    SampleCreate,
    SampleCreated,
    SamplePublic,
    SampleRedraw,
)
from domain.commands.facts import (
    ConfirmParticipation,
    DeliverParticipation,
    DrawSample,
    JudgeSampledActivity,
)
from domain.commands.results import ParticipationDelivered
from domain.errors import InvalidInputError
from domain.participation import COLUMNS, REQUIRED
from domain.register import Context, Register
from domain.register.facts import sample_view

router = APIRouter(tags=["facts"])

PARTICIPATION_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["delivery_id", "participants"],
                    "properties": {
                        "delivery_id": {"type": "string", "minLength": 1, "maxLength": 100},
                        "participants": {
                            "type": "array",
                            "maxItems": 10_000,
                            "items": ParticipationRow.model_json_schema(),
                        },
                    },
                    "additionalProperties": False,
                }
            },
            "text/csv": {
                "schema": {"type": "string"},
                "example": "bsn,offering_id,completed_on\n111222333,<offering id>,01-10-2026\n",
            },
        },
    }
}


def _participation_rows(
    media: str, body: bytes, header_id: str | None
) -> tuple[str, list[dict[str, Any]], list[int] | None]:
    """(delivery id, rows, CSV lines or None) from either format."""
    if media in ("text/csv", "application/csv"):
        if not header_id:
            raise InvalidInputError.of("Delivery-Id", "a CSV delivery names its id in Delivery-Id")
        rows, lines = parse_csv(body, COLUMNS, REQUIRED)
        return header_id, list(rows), lines
    if media not in ("application/json", ""):
        raise ApiProblem(415, "Unsupported media type", "deliver as application/json or text/csv")
    try:
        parsed = ParticipationCreate.model_validate_json(body or b"null")
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None
    if header_id and header_id != parsed.delivery_id:
        raise InvalidInputError.of("Delivery-Id", "Delivery-Id differs from the body's delivery_id")
    return parsed.delivery_id, [row.model_dump() for row in parsed.participants], None


@router.post(
    "/api/providers/{provider_id}/participation",
    response_model=ParticipationAnswer,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422),
    openapi_extra=PARTICIPATION_BODY,
)
def deliver_participation(
    provider_id: str,
    principal: ProviderOnly,
    ctx: ContextDep,
    register: RegisterDep,
    body: Annotated[tuple[str, bytes], Depends(delivery_body)],
    delivery_id: Annotated[
        str | None,
        Header(alias="Delivery-Id", max_length=100, description="the delivery's id (CSV)"),
    ] = None,
) -> ParticipationAnswer:
    """Deliver who completed which of the provider's validated offerings: every row checked,
    valid rows kept in the teachers' files for their confirmation, every fault reported by row
    and field. The same delivery id again changes nothing."""
    check_own_subject(principal, provider_id, "participation")
    media, raw = body
    the_id, rows, lines = _participation_rows(media, raw, delivery_id)
    command = DeliverParticipation(delivery_id=the_id, rows=rows, spreadsheet=lines is not None)
    result = register.deliver_participation(provider_id, command, ctx=ctx)
    answer: ParticipationDelivered = result.data
    if lines is not None:
        answer = {
            **answer,
            "rejected": [
                {**r, "line": lines[r["row"] - 1] if r["row"] <= len(lines) else None}
                for r in answer["rejected"]
            ],
        }
    return ParticipationAnswer.model_validate({**answer, "position": result.position})


@router.post(
    "/api/teachers/{teacher_id}/participations/{participation_id}/confirmation",
    status_code=status.HTTP_201_CREATED,
    response_model=ActivityCreated,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def confirm_participation(
    teacher_id: str,
    participation_id: str,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ActivityCreated:
    """The teacher confirms a participation a provider reported; this records the activity."""
    answer = answer_confirm_participation(teacher_id, participation_id, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_confirm_participation(
    teacher_id: str, participation_id: str, principal: Principal, ctx: Context, register: Register
) -> ActivityCreated:
    """Confirm a participation reported for the caller's own file."""
    check_own_subject(principal, teacher_id, "file")
    result = register.confirm_participation(
        teacher_id_of(teacher_id), ConfirmParticipation(participation_id=participation_id), ctx=ctx
    )
    return ActivityCreated(
        activity_id=result.data["activity_id"], version=result.version, position=result.position
    )


@router.post(
    "/api/activity-samples",
    status_code=status.HTTP_201_CREATED,
    response_model=SampleCreated,
    responses=problem_responses(400, 401, 403, 422),
)
def draw_sample(
    body: SampleCreate, _: Registrar, ctx: ContextDep, register: RegisterDep, response: Response
) -> SampleCreated:
    """Draw a reproducible random sample of activities not from an offering, for a check; the
    seed and parameters are recorded so that anyone can redo the draw."""
    result = register.draw_sample(
        DrawSample.build(body.model_dump()), ctx=replace(ctx, reason=body.reason)
    )
    response.headers["ETag"] = f'"{result.version}"'
    response.headers["Location"] = f"/api/activity-samples/{result.aggregate_id}"
    return SampleCreated.model_validate({**result.data, "position": result.position})


@router.get(
    "/api/activity-samples/{sample_id}",
    response_model=SamplePublic,
    responses=problem_responses(401, 403, 404),
)
def read_sample(sample_id: str, _: RegistrarOrReviewer, register: RegisterDep) -> SamplePublic:
    """A sample: its seed, parameters and the activities it drew."""
    return SamplePublic.model_validate(sample_view(register.get_sample(sample_id)))


@router.post(
    "/api/activity-samples/{sample_id}/redraw",
    response_model=SampleRedraw,
    responses=problem_responses(401, 403, 404, 409),
)
def redraw_sample(sample_id: str, _: RegistrarOrReviewer, register: RegisterDep) -> SampleRedraw:
    """Redo the draw from its recorded seed and parameters, and say whether it reproduces."""
    return SampleRedraw(**register.redraw_sample(sample_id))


@router.post(
    "/api/activity-samples/{sample_id}/judgements",
    status_code=status.HTTP_201_CREATED,
    response_model=JudgementCreated,
    responses=problem_responses(400, 401, 403, 404, 409, 412, 422),
)
def judge_activity(
    sample_id: str,
    body: JudgementCreate,
    _: Registrar,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> JudgementCreated:
    """Accept or reject an activity the sample drew, with the reason; a rejected activity no
    longer counts and the teacher sees why."""
    result = register.judge_sampled_activity(
        sample_id,
        teacher_id_of(body.teacher_id),
        JudgeSampledActivity.build(body.model_dump()),
        ctx=replace(ctx, reason=body.reason),
    )
    response.headers["ETag"] = f'"{result.version}"'
    return JudgementCreated(**result.data, version=result.version, position=result.position)
