"""Intended strike-offs: the proposal, the teacher's view, the decision, the lists."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.schemas.common import Strict


class ProposalCreate(Strict):
    ground: Literal["incorrect_data", "criteria_not_met", "disciplinary_measure"]
    reason: str = Field(min_length=1, max_length=2000, description="why a strike-off is intended")


class Proposal(BaseModel):
    proposal_id: str
    teacher_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: date
    view_due: date
    view: str | None
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn"]
    decision_id: str | None
    assessment: dict[str, Any] | None = Field(
        default=None,
        description="for a strike-off proposed at re-registration: the assessment it rests on"
        " (criteria version, day and period judged, shortfalls, trace, reasons)",
    )
    version: int | None = None
    position: int | None = None


class ViewCreate(Strict):
    view: str = Field(min_length=1, max_length=10_000)


class ProposalDecisionCreate(Strict):
    effective_on: date
    reason: str = Field(min_length=1, max_length=2000)


class ProposalWithdrawal(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class ProposalPerson(BaseModel):
    """Whom a proposal concerns: register number and name (initials, prefix, family name)."""

    register_number: str
    initials: str
    prefix: str
    family_name: str


class ProposalListItem(BaseModel):
    proposal_id: str
    teacher_id: str
    person: ProposalPerson | None = Field(
        description="null only for a moment, while the staff read model catches up"
    )
    qualification_id: str
    sector: str | None
    subject: str | None
    ground: str
    proposed_on: date
    view_due: date
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn", "revoked"] = Field(
        description="revoked: decided, and the strike-off was later revoked (on objection)"
    )
    decision_id: str | None
    may_be_decided: bool = Field(
        description="open, and the view was given or its term has passed: decide it now"
    )


class ProposalList(BaseModel):
    data: list[ProposalListItem]
    next_cursor: str | None
