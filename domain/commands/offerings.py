"""Commands on providers and offerings (apply, decide, submit, validate, revoke, rate), and
the data of their answers: for a decision, its receipt as recorded with the event."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Self, TypedDict

from domain.commands import Command

__all__ = [
    "ApplyAsProvider",
    "DecideProvider",
    "OfferingRevocationData",
    "OfferingSubmittedData",
    "OfferingValidationData",
    "ProviderAppliedData",
    "ProviderDecisionData",
    "RateOffering",
    "RatingData",
    "RevokeOffering",
    "SubmitOffering",
    "ValidateOffering",
]


# -- providers ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class ApplyAsProvider(Command):
    """A provider (the target: the caller's token names it) applies for admission, or again
    after a refusal. The payload binds the two descriptions as the register keeps them
    (stripped), the name as asked."""

    NAME: ClassVar[str] = "apply_as_provider"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "name": "name",
        "kvk_number": "kvk",
        "staff_level": "staff_level",
        "practice_alignment": "practice_alignment",
        "quality_monitoring": "quality_monitoring",
        "complaints_procedure": "complaints_procedure",
        "complaint_decision_days": "complaint_decision_days",
    }

    name: str
    kvk_number: str
    staff_level: str
    practice_alignment: str
    quality_monitoring: str
    #: Whether a complaints procedure is in place, and its term in days (None: not given).
    complaints_procedure: bool
    complaint_decision_days: int | None = None

    @classmethod
    def build(cls, data: Mapping[str, Any]) -> Self:
        """From the request, whose ``complaints_procedure`` is ``{in_place, decision_days}``."""
        procedure = data.get("complaints_procedure")
        if isinstance(procedure, Mapping):
            data = {
                **data,
                "complaints_procedure": procedure["in_place"],
                "complaint_decision_days": procedure.get("decision_days"),
            }
        return super().build(data)

    def payload(self, **target: Any) -> dict[str, Any]:
        payload = super().payload(**target)
        payload["practice_alignment"] = self.practice_alignment.strip()
        payload["quality_monitoring"] = self.quality_monitoring.strip()
        return payload


class ProviderAppliedData(TypedDict):
    provider_id: str
    status: str
    decide_by: str


@dataclass(frozen=True, kw_only=True)
class DecideProvider(Command):
    """A validator decides on a provider's application (the provider is the target), with
    their judgement of the alignment with practice and the quality monitoring. The reason
    (the context's) is recorded in the receipt and bound beside the payload; a key stored
    before it was bound is recognised by the payload without it."""

    NAME: ClassVar[str] = "decide_provider"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "practice_alignment_sufficient": "alignment",
        "quality_monitoring_sufficient": "quality",
    }

    practice_alignment_sufficient: bool
    quality_monitoring_sufficient: bool


class ProviderDecisionData(TypedDict):
    """The receipt of a decision on a provider's admission."""

    decision_id: str
    kind: str
    provider_id: str
    outcome: str
    met: bool
    decided_on: str
    decided_by: dict[str, Any]
    decide_by: str
    in_time: bool
    legal_basis: list[dict[str, Any]]
    policy: dict[str, Any]
    engine_version: str
    as_of_version: int
    inputs: dict[str, Any]
    trace: list[dict[str, Any]]
    reasons: dict[str, list[str]]
    objection_deadline: str


# -- offerings ----------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class SubmitOffering(Command):
    """An admitted provider (the target) submits an offering for validation."""

    NAME: ClassVar[str] = "submit_offering"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "title": "title",
        "description": "description",
        "sector": "sector",
        "competence_areas": "areas",
        "contact_hours": "contact",
        "self_study_hours": "self",
        "has_assessment": "assessment",
        "price": "price",
    }

    title: str
    description: str = ""
    sector: str | None = None
    competence_areas: tuple[str, ...]
    contact_hours: Decimal
    self_study_hours: Decimal
    has_assessment: bool = False
    price: Decimal

    def __post_init__(self) -> None:
        object.__setattr__(self, "competence_areas", tuple(self.competence_areas))


class OfferingSubmittedData(TypedDict):
    offering_id: str
    status: str
    decide_by: str


@dataclass(frozen=True, kw_only=True)
class ValidateOffering(Command):
    """A validator decides on an offering (the target) against the validation criteria in
    force: the command asks nothing more."""

    NAME: ClassVar[str] = "validate_offering"


class OfferingValidationData(TypedDict):
    """The receipt of a decision on an offering's validation."""

    decision_id: str
    kind: str
    offering_id: str
    provider_id: str
    outcome: str
    met: bool
    decided_on: str
    decided_by: dict[str, Any]
    legal_basis: list[dict[str, Any]]
    policy: dict[str, Any]
    engine_version: str
    as_of_version: int
    inputs: dict[str, Any]
    trace: list[dict[str, Any]]
    #: ``{from, until}`` when validated; None when refused.
    validity: dict[str, str] | None
    reasons: dict[str, list[str]]
    objection_deadline: str


@dataclass(frozen=True, kw_only=True)
class RevokeOffering(Command):
    """A validator revokes an offering's validation (the target) from today (the reason,
    which the payload binds, is the context's)."""

    NAME: ClassVar[str] = "revoke_offering"


class OfferingRevocationData(TypedDict):
    """The receipt of a revocation."""

    decision_id: str
    kind: str
    offering_id: str
    provider_id: str
    outcome: str
    decided_on: str
    decided_by: dict[str, Any]
    legal_basis: list[dict[str, Any]]
    as_of_version: int
    revoked_on: str
    reasons: dict[str, list[str]]
    objection_deadline: str


@dataclass(frozen=True, kw_only=True)
class RateOffering(Command):
    """A teacher (the target) rates an offering they followed; once per offering."""

    NAME: ClassVar[str] = "rate_offering"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "offering_id": "offering",
        "score": "score",
        "comment": "comment",
    }

    offering_id: str
    score: int
    comment: str | None = None


class RatingData(TypedDict):
    offering_id: str
    score: int
