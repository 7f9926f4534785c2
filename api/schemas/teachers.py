"""The teacher's file at the edge: registration, lookup, names and qualifications, corrections,
withdrawals and the file as the API answers it.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.activities import ActivityOut
from api.schemas.appointments import AppointmentOut
from api.schemas.common import BasisT, SectorT, Strict
from api.schemas.facts import ParticipationOut
from api.schemas.leave import LeaveOut


class NameIn(Strict):
    initials: str = Field(min_length=1, max_length=20, examples=["J.P."])
    given_name: str = Field(default="", max_length=100, examples=["Jan"])
    prefix: str = Field(default="", max_length=20, examples=["de"])
    family_name: str = Field(min_length=1, max_length=100, examples=["Vries"])


class QualificationIn(Strict):
    sector: SectorT
    subject: str | None = Field(default=None, max_length=100, examples=["wiskunde"])
    basis: BasisT


class TeacherCreate(Strict):
    bsn: str = Field(min_length=1, max_length=20, examples=["111222333"])
    name: NameIn
    birth_date: date
    qualifications: list[QualificationIn] = Field(min_length=1, max_length=20)
    registered_on: date | None = None


class QualificationCreated(BaseModel):
    qualification_id: str
    sector: str
    subject: str | None
    status: str
    period_end: date


class TeacherLookup(Strict):
    """A person looked up by BSN (sent in the body, never in an address or a log line)."""

    bsn: str = Field(min_length=1, max_length=20, examples=["111222333"])


class TeacherFound(BaseModel):
    teacher_id: str
    register_number: str


class TeacherCreated(BaseModel):
    teacher_id: str
    register_number: str
    qualifications: list[QualificationCreated]
    version: int
    position: int


class NameOut(BaseModel):
    initials: str
    given_name: str
    prefix: str
    family_name: str


class HistoryItem(BaseModel):
    status: str
    from_: date = Field(alias="from")
    event: str

    model_config = ConfigDict(populate_by_name=True)


class QualificationOut(BaseModel):
    qualification_id: str
    sector: str
    subject: str | None
    basis: str
    status: str
    admitted_on: date
    period_start: date
    period_end: date
    struck_off_ground: str | None
    annotations: list[dict[str, Any]]
    history: list[dict[str, Any]]


class StrikeOffProposalOut(BaseModel):
    """An intended strike-off, open for the teacher's view until `view_due`."""

    proposal_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: date
    view_due: date
    view: str | None
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn"]
    decision_id: str | None


class Withdrawal(Strict):
    reason: str = Field(min_length=1, max_length=1000)


class Correction(Strict):
    name: NameIn | None = None
    birth_date: date | None = None
    reason: str = Field(min_length=1, max_length=1000)


class DecisionSummary(BaseModel):
    decision_id: str
    kind: str
    qualification_id: str
    outcome: str
    decided_on: date
    revoked: bool = False


class TeacherFile(BaseModel):
    teacher_id: str
    register_number: str
    bsn: str | None = Field(description="absent for employers")
    name: NameOut
    birth_date: date
    registered_on: date
    qualifications: list[QualificationOut]
    appointments: list[AppointmentOut]
    leaves: list[LeaveOut]
    activities: list[ActivityOut]
    decisions: list[DecisionSummary]
    strike_off_proposals: list[StrikeOffProposalOut] = Field(default_factory=list)
    participations: list[ParticipationOut] = Field(
        default_factory=list,
        description="completions providers reported; one click confirms each as an activity",
    )
    version: int
