"""Objections (bezwaar) against decisions: lodging, extensions, rulings and the case file."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.audit import AuditEvent
from api.schemas.common import Strict
from api.schemas.decisions import LegalReference


class ObjectionCreate(Strict):
    decision_id: str = Field(min_length=1, max_length=100)
    grounds: str = Field(min_length=1, max_length=20_000)
    excuse: str | None = Field(
        default=None, max_length=5000, description="why the objection is late, if it is"
    )


class Ruling(BaseModel):
    ruling_id: str
    objection_id: str
    decision_id: str
    outcome: Literal["well_founded", "unfounded", "inadmissible"]
    reasoning: str
    decided_on: date
    decided_by: dict[str, Any]
    in_time: bool
    legal_basis: list[LegalReference]
    revoked_decision: str | None
    replacement: dict[str, Any] | None = Field(
        description="well-founded: the new decision in the place of the revoked one"
        " (`decision_id`, `outcome`)"
    )
    late: bool | None = Field(
        default=None, description="the objection was late and its lateness not excused"
    )
    reasons: dict[str, list[str]] | None = Field(
        default=None, description="the ruling's reasons in Dutch and English, with the remedy"
    )
    remedy: dict[str, Any] | None = Field(
        default=None,
        description="appeal to the court (Awb 8:1) and its term under the Algemene termijnenwet"
        " (absent on rulings recorded before it was kept)",
    )


class ObjectionPublic(BaseModel):
    objection_id: str
    decision_id: str
    decision_kind: str
    teacher_id: str
    qualification_id: str
    decided_on: date
    grounds: str
    filed_on: date
    term_end: date
    in_time: bool
    excuse: str | None
    decide_by: date
    extended: bool
    deferrals_with_consent: int = 0
    lateness_excused: bool = False
    admitted: bool = Field(
        default=True, description="in time, or late with the lateness excused (Awb 6:11)"
    )
    status: Literal["open", "ruled"]
    overdue: bool
    ruling: Ruling | None
    version: int
    position: int | None = None


class ObjectionListItem(BaseModel):
    objection_id: str
    decision_id: str
    decision_kind: str
    teacher_id: str
    qualification_id: str
    decided_on: date
    filed_on: date
    term_end: date
    in_time: bool
    decide_by: date
    extended: bool
    status: Literal["open", "ruled"]
    outcome: str | None
    overdue: bool


class ObjectionList(BaseModel):
    data: list[ObjectionListItem]
    next_cursor: str | None


class WrittenConsent(Strict):
    """The objector's written consent to a further deferral (Awb 7:10(4))."""

    given_on: date
    statement: str = Field(min_length=1, max_length=5000, description="what the consent says")


class ExtensionCreate(Strict):
    reason: str = Field(min_length=1, max_length=2000)
    consent: WrittenConsent | None = Field(
        default=None, description="after the first deferral: the objector's written consent"
    )
    until: date | None = Field(default=None, description="with consent: the day agreed")


class LatenessCreate(Strict):
    excusable: bool = Field(description="whether the lateness is excusable (Awb 6:11)")
    reasoning: str = Field(min_length=1, max_length=20_000)


class RulingCreate(Strict):
    outcome: Literal["well_founded", "unfounded", "inadmissible"]
    reasoning: str = Field(min_length=1, max_length=20_000)


class RulingAnswer(Ruling):
    objection: ObjectionPublic
    version: int
    position: int


class CriteriaText(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    version: int
    sha256: str
    document: str


class ObjectionCase(BaseModel):
    """What the committee weighs: the objection, the decision record with its trace, the
    events it counted as evidence, the criteria text it applied, and the file since."""

    objection: ObjectionPublic
    decision: dict[str, Any]
    evidence: list[AuditEvent]
    criteria: CriteriaText | None
    events_since_decision: list[AuditEvent]
