"""Providers and their offerings: applications, decisions, ratings and the public catalogue."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import AreaT, SectorT, Strict
from api.schemas.decisions import LegalReference, PolicyRef, Reasons, TraceEntry


class ComplaintsProcedure(Strict):
    in_place: bool
    decision_days: int | None = Field(
        default=None, ge=1, le=365, description="days within which a complaint is decided"
    )


class ProviderCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    kvk_number: str = Field(min_length=1, max_length=20, examples=["12345678"])
    staff_level: Literal["mbo", "hbo", "wo"] = Field(description="the level of the teaching staff")
    practice_alignment: str = Field(
        min_length=1, max_length=4000, description="how the offerings align with school practice"
    )
    quality_monitoring: str = Field(min_length=1, max_length=4000)
    complaints_procedure: ComplaintsProcedure


class ProviderApplied(BaseModel):
    provider_id: str
    status: str
    decide_by: date
    version: int
    position: int


class ProviderDecisionCreate(Strict):
    practice_alignment_sufficient: bool
    quality_monitoring_sufficient: bool
    reason: str | None = Field(default=None, max_length=2000)


class OtherDecision(BaseModel):
    """A decision on a provider or an offering, with its receipt."""

    decision_id: str
    kind: Literal["provider_admission", "offering_validation", "offering_revocation"]
    provider_id: str
    offering_id: str | None = None
    outcome: str
    met: bool | None = None
    decided_on: date
    decided_by: dict[str, Any]
    legal_basis: list[LegalReference]
    policy: PolicyRef | None = None
    engine_version: str | None = None
    as_of_version: int
    inputs: dict[str, Any] | None = None
    trace: list[TraceEntry] = Field(default_factory=list)
    validity: dict[str, date] | None = None
    reasons: Reasons
    objection_deadline: date
    decide_by: date | None = None
    in_time: bool | None = None
    revoked_on: date | None = None
    version: int | None = None
    position: int | None = None


class ProviderPublic(BaseModel):
    provider_id: str
    name: str
    kvk_number: str
    status: str
    answers: dict[str, Any]
    submitted_on: date
    decide_by: date
    decisions: list[OtherDecision]
    version: int


class DueItem(BaseModel):
    """An application or offering awaiting a validator's decision."""

    model_config = ConfigDict(extra="allow")

    provider_id: str
    offering_id: str | None = None
    name: str | None = None
    title: str | None = None
    status: str
    submitted_on: date
    decide_by: date
    overdue: bool


class DueList(BaseModel):
    data: list[DueItem]
    next_cursor: str | None


class ProviderOffering(BaseModel):
    """One of a provider's offerings as the catalogue holds it, whatever its status."""

    offering_id: str
    provider_id: str
    title: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    status: str = Field(description="submitted, validated, refused or revoked")
    submitted_on: date
    decide_by: date
    decided_on: date | None
    valid_from: date | None
    valid_until: date | None
    revoked_on: date | None


class ProviderOfferings(BaseModel):
    data: list[ProviderOffering]
    next_cursor: str | None


class OfferingCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=4000)
    sector: SectorT | None = None
    competence_areas: list[AreaT] = Field(min_length=1, max_length=4)
    contact_hours: Decimal = Field(ge=0, le=2000, allow_inf_nan=False)
    self_study_hours: Decimal = Field(ge=0, le=2000, allow_inf_nan=False)
    has_assessment: bool = False
    price: Decimal = Field(ge=0, le=1_000_000, allow_inf_nan=False, examples=["250.00"])


class OfferingSubmitted(BaseModel):
    offering_id: str
    status: str
    decide_by: date
    version: int
    position: int


class OfferingPublic(BaseModel):
    """An offering as its provider and the validators see it."""

    offering_id: str
    provider_id: str
    provider_name: str
    title: str
    description: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    status: str
    submitted_on: date
    decide_by: date
    valid_from: date | None
    valid_until: date | None
    revoked_on: date | None
    decisions: list[OtherDecision]
    version: int


class Revocation(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class RatingCreate(Strict):
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class RatingAnswer(BaseModel):
    offering_id: str
    score: int
    version: int
    position: int


class RatingSummary(BaseModel):
    average: str | None = Field(description="one decimal; null without ratings")
    count: int


class CatalogueEntry(BaseModel):
    offering_id: str
    provider_name: str
    title: str
    description: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    valid_from: date
    valid_until: date
    rating: RatingSummary


class Catalogue(BaseModel):
    data: list[CatalogueEntry]
    next_cursor: str | None


class CatalogueComment(BaseModel):
    score: int
    comment: str


class CatalogueDetail(CatalogueEntry):
    comments: list[CatalogueComment]
