"""Providers, offerings and the public catalogue (docs/procedures.md, "Providers and offerings").

Any provider may apply; a validator admits it within two weeks (the work list shows what is
due and overdue). Admitted providers submit offerings; a validator decides on each against the
validation criteria in force and the answer is the decision record with its trace. Teachers who
followed an offering rate it; the public catalogue shows the validated offerings with their
average rating and count.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response, status

from api.access import ProviderOnly, TeacherOnly, Validator
from api.auth import Principal, PrincipalDep, forbid
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import ApiProblem, problem_responses
from api.readmodels import Page, PageDep, ReadDbDep, min_position
from api.schemas.offerings import (
    Catalogue,
    CatalogueComment,
    CatalogueDetail,
    CatalogueEntry,
    DueItem,
    DueList,
    OfferingCreate,
    OfferingPublic,
    OfferingSubmitted,
    OtherDecision,
    ProviderApplied,
    ProviderCreate,
    ProviderDecisionCreate,
    ProviderOffering,
    ProviderOfferings,
    ProviderPublic,
    RatingAnswer,
    RatingCreate,
    Revocation,
)
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    RateOffering,
    RevokeOffering,
    SubmitOffering,
    ValidateOffering,
)
from domain.offering import Offering, Provider
from domain.register import Context, Register
from domain.values import Role
from projections import catalogue as catalogue_model
from projections.common import encode_cursor
from projections.db import Db

router = APIRouter(tags=["providers and offerings"])

WRITE_ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 422)


def _provider_id(principal: Principal) -> str:
    if not principal.subject:
        raise forbid("a provider token names the provider as its subject")
    return principal.subject


def _decision(receipt: Mapping[str, Any], **extra: Any) -> OtherDecision:
    return OtherDecision(**{**receipt, **extra})


def _provider(provider: Provider) -> ProviderPublic:
    return ProviderPublic(
        provider_id=provider.provider_id,
        name=provider.name,
        kvk_number=provider.kvk_number,
        status=provider.status,
        answers=provider.answers,
        submitted_on=provider.submitted_on,
        decide_by=provider.decide_by,
        decisions=[_decision(d) for d in provider.decisions],
        version=provider.version,
    )


def _offering(offering: Offering) -> OfferingPublic:
    validity = offering.validity
    return OfferingPublic(
        offering_id=offering.offering_id,
        provider_id=offering.provider_id,
        provider_name=offering.provider_name,
        title=offering.title,
        description=offering.description,
        sector=offering.sector,
        competence_areas=offering.competence_areas,
        contact_hours=str(offering.contact_hours),
        self_study_hours=str(offering.self_study_hours),
        has_assessment=offering.has_assessment,
        price=f"{offering.price:.2f}",
        status=offering.status,
        submitted_on=offering.submitted_on,
        decide_by=offering.decide_by,
        valid_from=validity.valid_from if validity else None,
        valid_until=validity.valid_until if validity else None,
        revoked_on=validity.revoked_on if validity else None,
        decisions=[_decision(d) for d in offering.decisions],
        version=offering.version,
    )


# -- providers --------------------------------------------------------------------------------


@router.post(
    "/api/providers",
    status_code=status.HTTP_201_CREATED,
    response_model=ProviderApplied,
    responses=WRITE_ERRORS,
)
def apply_as_provider(
    body: ProviderCreate,
    principal: ProviderOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> ProviderApplied:
    """Apply for admission (again, after a refusal); a validator decides within two weeks."""
    answer = answer_apply_as_provider(body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    response.headers["Location"] = f"/api/providers/{answer.provider_id}"
    return answer


def answer_apply_as_provider(
    body: ProviderCreate, principal: Principal, ctx: Context, register: Register
) -> ProviderApplied:
    """Apply as the provider the caller's token names."""
    provider_id = _provider_id(principal)
    command = ApplyAsProvider.build(body.model_dump())
    result = register.apply_as_provider(provider_id, command, ctx=ctx)
    data = result.data
    return ProviderApplied(
        provider_id=data["provider_id"],
        status=data["status"],
        decide_by=date.fromisoformat(data["decide_by"]),
        version=result.version,
        position=result.position,
    )


@router.get(
    "/api/providers",
    response_model=DueList,
    responses=problem_responses(400, 401, 403, 503),
)
def providers_due(
    _: Validator,
    _consistent: Annotated[None, Depends(min_position(catalogue_model.Catalogue.name))],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
    status_: Annotated[
        str, Query(alias="status", pattern="^submitted$", description="applications awaiting")
    ] = "submitted",
) -> DueList:
    """Applications awaiting a decision, the one due first at the top; `overdue` past the
    two-week term."""
    return answer_providers_due(db, page, register)


def answer_providers_due(db: Db, page: Page, register: Register) -> DueList:
    """One page of applications awaiting a decision (role and consistency are the caller's)."""
    return _due(db, page, "providers", register)


def _due(db: Any, page: Any, kind: str, register: Any) -> DueList:
    after = page.after(str, str)
    rows = catalogue_model.due(
        db,
        kind,
        on=register.clock(),
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    key = "provider_id" if kind == "providers" else "offering_id"
    return DueList(
        data=[DueItem(**r) for r in rows],
        next_cursor=encode_cursor(rows[-1]["decide_by"], rows[-1][key]) if more and rows else None,
    )


@router.get(
    "/api/providers/{provider_id}",
    response_model=ProviderPublic,
    responses=problem_responses(401, 403, 404),
)
def read_provider(
    provider_id: str, principal: PrincipalDep, register: RegisterDep
) -> ProviderPublic:
    """The application with its answers and the decisions on it (the provider itself,
    validators, auditors)."""
    return answer_read_provider(provider_id, principal, register)


def answer_read_provider(
    provider_id: str, principal: Principal, register: Register
) -> ProviderPublic:
    """The application, if this caller may read it."""
    _check_provider_reader(principal, provider_id)
    return _provider(register.get_provider(provider_id))


def _check_provider_reader(principal: Principal, provider_id: str) -> None:
    """The provider itself, validators and auditors see a provider's application and
    offerings; no one else."""
    if principal.role == Role.PROVIDER:
        if principal.subject != provider_id:
            raise forbid("a provider sees only its own application")
    elif principal.role not in (Role.VALIDATOR, Role.AUDITOR):
        raise forbid(f"the role {principal.role} may not read applications")


@router.get(
    "/api/providers/{provider_id}/offerings",
    response_model=ProviderOfferings,
    responses=problem_responses(400, 401, 403, 503),
)
def provider_offerings(
    provider_id: str,
    principal: PrincipalDep,
    _consistent: Annotated[None, Depends(min_position(catalogue_model.Catalogue.name))],
    db: ReadDbDep,
    page: PageDep,
) -> ProviderOfferings:
    """The provider's offerings with their status and validity, the latest submitted first
    (the provider itself, validators, auditors); empty for a provider without offerings."""
    return answer_provider_offerings(provider_id, principal, db, page)


def answer_provider_offerings(
    provider_id: str, principal: Principal, db: Db, page: Page
) -> ProviderOfferings:
    """One page of a provider's offerings, if this caller may read them."""
    _check_provider_reader(principal, provider_id)
    after = page.after(str, str)
    rows = catalogue_model.provider_offerings(
        db,
        provider_id,
        after=(str(after[0]), str(after[1])) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return ProviderOfferings(
        data=[ProviderOffering(**r) for r in rows],
        next_cursor=encode_cursor(rows[-1]["submitted_on"], rows[-1]["offering_id"])
        if more and rows
        else None,
    )


@router.post(
    "/api/providers/{provider_id}/admission",
    status_code=status.HTTP_201_CREATED,
    response_model=OtherDecision,
    responses=WRITE_ERRORS,
)
def decide_provider(
    provider_id: str,
    body: ProviderDecisionCreate,
    _: Validator,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> OtherDecision:
    """Decide on an application: the rules, with the validator's judgement of the alignment
    with practice and the quality monitoring; the answer is the decision record."""
    decision, version = answer_decide_provider(provider_id, body, ctx, register)
    response.headers["ETag"] = f'"{version}"'
    return decision


def answer_decide_provider(
    provider_id: str, body: ProviderDecisionCreate, ctx: Context, register: Register
) -> tuple[OtherDecision, int]:
    """Decide on an application (the validator's role is the caller's to check): the record
    and the provider's version after it (the ETag)."""
    command = DecideProvider.build(body.model_dump())
    result = register.decide_provider(provider_id, command, ctx=replace(ctx, reason=body.reason))
    return _decision(result.data, version=result.version, position=result.position), result.version


# -- offerings --------------------------------------------------------------------------------


@router.post(
    "/api/offerings",
    status_code=status.HTTP_201_CREATED,
    response_model=OfferingSubmitted,
    responses=WRITE_ERRORS,
)
def submit_offering(
    body: OfferingCreate,
    principal: ProviderOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> OfferingSubmitted:
    """Submit an offering for validation; only an admitted provider may (409 otherwise)."""
    answer = answer_submit_offering(body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    response.headers["Location"] = f"/api/offerings/{answer.offering_id}"
    return answer


def answer_submit_offering(
    body: OfferingCreate, principal: Principal, ctx: Context, register: Register
) -> OfferingSubmitted:
    """Submit an offering of the provider the caller's token names."""
    command = SubmitOffering.build(body.model_dump())
    result = register.submit_offering(_provider_id(principal), command, ctx=ctx)
    data = result.data
    return OfferingSubmitted(
        offering_id=data["offering_id"],
        status=data["status"],
        decide_by=date.fromisoformat(data["decide_by"]),
        version=result.version,
        position=result.position,
    )


@router.get(
    "/api/offerings",
    response_model=DueList,
    responses=problem_responses(400, 401, 403, 503),
)
def offerings_due(
    _: Validator,
    _consistent: Annotated[None, Depends(min_position(catalogue_model.Catalogue.name))],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
    status_: Annotated[
        str, Query(alias="status", pattern="^submitted$", description="offerings awaiting")
    ] = "submitted",
) -> DueList:
    """Offerings awaiting validation, the one due first at the top; `overdue` past two weeks."""
    return answer_offerings_due(db, page, register)


def answer_offerings_due(db: Db, page: Page, register: Register) -> DueList:
    """One page of offerings awaiting validation (role and consistency are the caller's)."""
    return _due(db, page, "offerings", register)


@router.get(
    "/api/offerings/{offering_id}",
    response_model=OfferingPublic,
    responses=problem_responses(401, 403, 404),
)
def read_offering(
    offering_id: str, principal: PrincipalDep, register: RegisterDep
) -> OfferingPublic:
    """The offering with its decisions (its provider, validators, auditors)."""
    return answer_read_offering(offering_id, principal, register)


def answer_read_offering(
    offering_id: str, principal: Principal, register: Register
) -> OfferingPublic:
    """The offering, if this caller may read it."""
    offering = register.get_offering(offering_id)
    if principal.role == Role.PROVIDER:
        if principal.subject != offering.provider_id:
            raise forbid("a provider sees only its own offerings")
    elif principal.role not in (Role.VALIDATOR, Role.AUDITOR):
        raise forbid(f"the role {principal.role} may not read submitted offerings")
    return _offering(offering)


@router.post(
    "/api/offerings/{offering_id}/validation",
    status_code=status.HTTP_201_CREATED,
    response_model=OtherDecision,
    responses=WRITE_ERRORS,
)
def validate_offering(
    offering_id: str, _: Validator, ctx: ContextDep, register: RegisterDep, response: Response
) -> OtherDecision:
    """Decide on an offering against the validation criteria in force: `validated` (with its
    validity period) or `refused`, with the trace. 409 for an unadmitted provider's offering
    or a second decision."""
    decision, version = answer_validate_offering(offering_id, ctx, register)
    response.headers["ETag"] = f'"{version}"'
    return decision


def answer_validate_offering(
    offering_id: str, ctx: Context, register: Register
) -> tuple[OtherDecision, int]:
    """Decide on an offering (the validator's role is the caller's to check): the record and
    the offering's version after it (the ETag)."""
    result = register.validate_offering(offering_id, ValidateOffering(), ctx=ctx)
    return _decision(result.data, version=result.version, position=result.position), result.version


@router.post(
    "/api/offerings/{offering_id}/revocation",
    status_code=status.HTTP_201_CREATED,
    response_model=OtherDecision,
    responses=WRITE_ERRORS,
)
def revoke_offering(
    offering_id: str,
    body: Revocation,
    _: Validator,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> OtherDecision:
    """Revoke a validation from today, with reasons; activities before today keep counting."""
    decision, version = answer_revoke_offering(offering_id, body, ctx, register)
    response.headers["ETag"] = f'"{version}"'
    return decision


def answer_revoke_offering(
    offering_id: str, body: Revocation, ctx: Context, register: Register
) -> tuple[OtherDecision, int]:
    """Revoke a validation (the validator's role is the caller's to check): the record and
    the offering's version after it (the ETag)."""
    result = register.revoke_offering(
        offering_id, RevokeOffering(), ctx=replace(ctx, reason=body.reason)
    )
    return _decision(result.data, version=result.version, position=result.position), result.version


@router.post(
    "/api/offerings/{offering_id}/ratings",
    status_code=status.HTTP_201_CREATED,
    response_model=RatingAnswer,
    responses=WRITE_ERRORS,
)
def rate_offering(
    offering_id: str,
    body: RatingCreate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> RatingAnswer:
    """Rate an offering you followed (an activity in your file names it): 1 to 5 with an
    optional comment, once per offering."""
    answer = answer_rate_offering(offering_id, body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_rate_offering(
    offering_id: str, body: RatingCreate, principal: Principal, ctx: Context, register: Register
) -> RatingAnswer:
    """Rate an offering as the teacher the caller's token names."""
    if not principal.subject:
        raise forbid("a teacher token names the teacher's file")
    command = RateOffering.build({**body.model_dump(), "offering_id": offering_id})
    result = register.rate_offering(teacher_id_of(principal.subject), command, ctx=ctx)
    return RatingAnswer(**result.data, version=result.version, position=result.position)


# -- the public catalogue ---------------------------------------------------------------------


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k in CatalogueEntry.model_fields}


@router.get("/api/public/offerings", response_model=Catalogue, tags=["public"])
def catalogue(
    _consistent: Annotated[None, Depends(min_position(catalogue_model.Catalogue.name))],
    db: ReadDbDep,
    page: PageDep,
    register: RegisterDep,
    q: Annotated[
        str | None, Query(max_length=200, description="words in title, text or provider")
    ] = None,
) -> Catalogue:
    """Validated offerings (validated today, not revoked), with their average rating."""
    return answer_catalogue(db, page, register, q)


def answer_catalogue(db: Db, page: Page, register: Register, q: str | None) -> Catalogue:
    """One page of the public catalogue (consistency is the caller's)."""
    after = page.after(str, str)
    rows = catalogue_model.public_offerings(
        db,
        on=register.clock(),
        q=q,
        after=(after[0], after[1]) if after else None,
        limit=page.limit + 1,
    )
    more = len(rows) > page.limit
    rows = rows[: page.limit]
    return Catalogue(
        data=[CatalogueEntry(**_entry(r)) for r in rows],
        next_cursor=encode_cursor(rows[-1]["title"], rows[-1]["offering_id"])
        if more and rows
        else None,
    )


@router.get(
    "/api/public/offerings/{offering_id}",
    response_model=CatalogueDetail,
    responses=problem_responses(404),
    tags=["public"],
)
def catalogue_entry(
    offering_id: str,
    _consistent: Annotated[None, Depends(min_position(catalogue_model.Catalogue.name))],
    db: ReadDbDep,
    register: RegisterDep,
) -> CatalogueDetail:
    """One validated offering with its rating and the latest comments (never who gave them)."""
    return answer_catalogue_entry(offering_id, db, register)


def answer_catalogue_entry(offering_id: str, db: Db, register: Register) -> CatalogueDetail:
    """One validated offering of the public catalogue, 404 otherwise."""
    row = catalogue_model.offering(db, offering_id)
    today = register.clock().isoformat()
    if (
        row is None
        or row["status"] != "validated"
        or not (row["valid_from"] <= today <= row["valid_until"])
    ):
        raise ApiProblem(404, "Not found", f"no validated offering with id {offering_id}")
    return CatalogueDetail(
        **_entry(row),
        comments=[CatalogueComment(**c) for c in catalogue_model.comments(db, offering_id)],
    )
