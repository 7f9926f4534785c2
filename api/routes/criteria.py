"""Criteria documents: the public history of versions, drafting, adoption and impact.

See docs/decisions.md, "Criteria documents and the criteria book". A document is posted as its exact
bytes (JSON), so the sha256 the register records is the sha256 of what the profession sent.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response, status

from api.access import Standards
from api.deps import ContextDep, RegisterDep
from api.presenters import present_impact_run
from api.problems import ApiProblem, problem_responses
from api.schemas.criteria import (
    AdoptionCreate,
    CriteriaAdopted,
    CriteriaDrafted,
    CriteriaVersionPublic,
    CriteriaVersionsPublic,
    Impact,
    ImpactRunCreate,
    ImpactRunPublic,
    ImpactRunStarted,
)
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.criteria_book import MAX_DOCUMENT_BYTES
from domain.impact_run import ImpactRun
from domain.register import Context, Register
from domain.register.impact_runs import StartedRun

router = APIRouter(tags=["criteria"])

DOCUMENT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "a criteria document (policies/documents/*.json shows the format)",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


async def document_body(request: Request) -> bytes:
    """The exact bytes of a posted document."""
    body = await request.body()
    if len(body) > MAX_DOCUMENT_BYTES:
        raise ApiProblem(
            413, "Request too large", f"a document has at most {MAX_DOCUMENT_BYTES} bytes"
        )
    return body


DocumentBody = Annotated[bytes, Depends(document_body)]


@router.get("/api/public/criteria", response_model=CriteriaVersionsPublic)
def list_criteria(register: RegisterDep) -> CriteriaVersionsPublic:
    """Every criteria version, drafts included: name, version, effective date, sha256."""
    return answer_list_criteria(register)


def answer_list_criteria(register: Register) -> CriteriaVersionsPublic:
    """Every criteria version, drafts included."""
    return CriteriaVersionsPublic(
        data=[CriteriaVersionPublic(**v) for v in register.criteria_versions()]
    )


@router.get(
    "/api/public/criteria/{name}/{version}",
    response_class=Response,
    responses={
        200: {"content": {"application/json": {}}, "description": "the exact document"},
        **problem_responses(404),
    },
)
def read_document(name: str, version: int, register: RegisterDep) -> Response:
    """The document itself, byte for byte as adopted; its sha256 in `ETag` and a header."""
    found = register.criteria_version(name, version)
    return Response(
        content=found.raw,
        media_type="application/json",
        headers={
            "ETag": f'"{found.sha256}"',
            "X-Criteria-Sha256": found.sha256,
            "X-Criteria-Status": "adopted" if found.adopted else "draft",
        },
    )


@router.post(
    "/api/criteria",
    status_code=status.HTTP_201_CREATED,
    response_model=CriteriaDrafted,
    responses=problem_responses(400, 401, 403, 409, 413, 422),
    openapi_extra=DOCUMENT_BODY,
)
def draft_criteria(
    raw: DocumentBody, _: Standards, ctx: ContextDep, register: RegisterDep, response: Response
) -> CriteriaDrafted:
    """Draft a criteria document; a malformed or contradictory one is refused with every
    fault named (422)."""
    drafted, book_version = answer_draft_criteria(raw, ctx, register)
    response.headers["ETag"] = f'"{book_version}"'  # the criteria book's version (If-Match)
    response.headers["Location"] = f"/api/public/criteria/{drafted.name}/{drafted.version}"
    return drafted


def answer_draft_criteria(
    raw: bytes, ctx: Context, register: Register
) -> tuple[CriteriaDrafted, int]:
    """Draft a document (the standards role is the caller's to check): the answer and the
    criteria book's version after it (the ETag)."""
    result = register.draft_criteria(DraftCriteria(raw=raw), ctx=ctx)
    return CriteriaDrafted(**result.data, position=result.position), result.version


@router.post(
    "/api/criteria/{name}/{version}/adoption",
    status_code=status.HTTP_201_CREATED,
    response_model=CriteriaAdopted,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def adopt_criteria(
    name: str,
    version: int,
    body: AdoptionCreate,
    _: Standards,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> CriteriaAdopted:
    """Adopt a drafted version from `effective_from`, with the record of the consultation."""
    adopted, book_version = answer_adopt_criteria(name, version, body, ctx, register)
    response.headers["ETag"] = f'"{book_version}"'  # the criteria book's version (If-Match)
    return adopted


def answer_adopt_criteria(
    name: str, version: int, body: AdoptionCreate, ctx: Context, register: Register
) -> tuple[CriteriaAdopted, int]:
    """Adopt a draft (the standards role is the caller's to check): the answer and the
    criteria book's version after it (the ETag)."""
    command = AdoptCriteria.build(
        {
            "version": version,
            "effective_from": body.effective_from,
            "consultation": body.consultation.model_dump(mode="json", by_alias=True),
        }
    )
    result = register.adopt_criteria(name, command, ctx=ctx)
    return CriteriaAdopted.model_validate({**result.data, "position": result.position}), (
        result.version
    )


@router.post(
    "/api/criteria/impact",
    response_model=Impact,
    responses=problem_responses(400, 401, 403, 413, 422),
    openapi_extra=DOCUMENT_BODY,
)
def impact(
    raw: DocumentBody,
    _: Standards,
    register: RegisterDep,
    due_from: Annotated[date | None, Query(description="default today")] = None,
    due_to: Annotated[date | None, Query(description="default one year after due_from")] = None,
    effective_from: Annotated[
        date | None, Query(description="the day the draft would take effect; default tomorrow")
    ] = None,
) -> Impact:
    """Outcomes under a draft beside those under the criteria that govern each period now,
    for every qualification whose period ends in the window: which periods the draft would
    govern (those beginning on or after `effective_from`, and the running ones when it
    declares `governs_running_periods`), and the outcomes it changes, better and worse.

    Answered within the request: for small registers. A register of national size asks for
    the same analysis as a job (`POST /api/criteria/impact-runs`)."""
    return answer_impact(raw, register, due_from, due_to, effective_from)


def answer_impact(
    raw: bytes,
    register: Register,
    due_from: date | None,
    due_to: date | None,
    effective_from: date | None,
) -> Impact:
    """The impact of a draft (the standards role is the caller's to check)."""
    start = due_from or register.clock()
    end = due_to or start + timedelta(days=365)
    return Impact(**register.impact(raw, due_from=start, due_to=end, effective_from=effective_from))


#: Seconds a client is asked to wait before it asks again how far an open run is.
RUN_POLL_SECONDS = 2


def run_location(run: ImpactRun) -> str:
    return f"/api/criteria/impact-runs/{run.run_id}"


@router.post(
    "/api/criteria/impact-runs",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=ImpactRunStarted,
    responses={
        200: {"model": ImpactRunStarted, "description": "a run of this version is open: that run"},
        **problem_responses(400, 401, 403, 404, 409, 422),
    },
)
def start_impact_run(
    body: ImpactRunCreate, _: Standards, ctx: ContextDep, register: RegisterDep, response: Response
) -> ImpactRunStarted:
    """Ask for the impact of a criteria version as a job: `202` with the run's address in
    `Location`; a worker runs it and `GET` on that address shows how far it is and, in the
    end, the result. While a run of the same version is open (queued or running), that run
    is the answer (`200`, its address in `Location`), whatever window it weighs: one at a
    time per version."""
    run, new, position = answer_start_impact_run(body, ctx, register)
    response.status_code = status.HTTP_202_ACCEPTED if new else status.HTTP_200_OK
    response.headers["Location"] = run_location(run)
    response.headers["Retry-After"] = str(RUN_POLL_SECONDS)
    response.headers["ETag"] = f'"{run.version}"'  # the run's version
    return ImpactRunStarted(**present_impact_run(run).model_dump(), position=position)


def answer_start_impact_run(body: ImpactRunCreate, ctx: Context, register: Register) -> StartedRun:
    """Request a run (the standards role is the caller's to check): the run, whether it is
    new, and the position to read it at."""
    return register.start_impact_run(
        body.name,
        body.version,
        due_from=body.due_from,
        due_to=body.due_to,
        effective_from=body.effective_from,
        ctx=ctx,
    )


@router.get(
    "/api/criteria/impact-runs/{run_id}",
    response_model=ImpactRunPublic,
    responses=problem_responses(401, 403, 404),
)
def read_impact_run(
    run_id: str, _: Standards, register: RegisterDep, response: Response
) -> ImpactRunPublic:
    """One run: its status (`queued`, `running`, `completed`, `failed`), its progress in
    files read of those on file, and its kept result once completed (the answer of
    `POST /api/criteria/impact`). While it is open, `Retry-After` says when to ask again."""
    run = register.impact_run(run_id)
    if run.is_open:
        response.headers["Retry-After"] = str(RUN_POLL_SECONDS)
    return present_impact_run(run)
