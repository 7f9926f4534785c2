"""The facts that count: participation providers deliver (and how the file shows it), its
confirmation, and the registrar's sample checks of activities.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Strict
from api.schemas.deliveries import Cell, DeliveryWarning, RejectedRow


class ParticipationOut(BaseModel):
    """A provider's report that the teacher completed an offering."""

    participation_id: str
    provider_id: str
    offering_id: str
    offering_title: str
    completed_on: date
    contact_hours: str
    self_study_hours: str
    competence_areas: list[str]
    confirmed: bool
    activity_id: str | None


class ParticipationRow(BaseModel):
    """One completion as a provider reports it; values are judged per row, never whole."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "example": {
                "bsn": "111222333",
                "offering_id": "6f1c2d4e-0000-4000-8000-000000000000",
                "completed_on": "2026-10-01",
            }
        },
    )

    bsn: Cell
    offering_id: Cell = Field(default=None, description="one of the provider's own offerings")
    completed_on: Cell = Field(default=None, description="YYYY-MM-DD or DD-MM-YYYY")
    contact_hours: Cell = Field(
        default=None, description="attended; at most the validated hours (default: those)"
    )
    self_study_hours: Cell = Field(
        default=None, description="at most the validated hours (default: those)"
    )


class ParticipationCreate(Strict):
    delivery_id: str = Field(min_length=1, max_length=100)
    participants: list[ParticipationRow] = Field(max_length=10_000)


class ParticipationAnswer(BaseModel):
    delivery_id: str
    provider_id: str
    rows: int
    accepted: int = Field(description="valid rows, kept in the teachers' files")
    rejected: list[RejectedRow]
    warnings: list[DeliveryWarning]
    reported: int = Field(description="participations new in a file")
    unchanged: int = Field(description="participations the file already held")
    repeated: bool = Field(default=False, description="this delivery id was received before")
    position: int


class SampleCreate(Strict):
    """A sample of the activities not from an offering, in a window of days."""

    size: int = Field(ge=1, le=1000)
    occurred_from: date
    occurred_until: date
    seed: int | None = Field(
        default=None, ge=0, lt=2**63, description="left out: the register chooses one"
    )
    reason: str | None = Field(default=None, max_length=1000)


class SampledActivity(BaseModel):
    teacher_id: str
    activity_id: str


class SamplePublic(BaseModel):
    sample_id: str
    seed: int
    size: int
    occurred_from: date
    occurred_until: date
    as_of_position: int = Field(description="the population is read from the log up to here")
    method: str
    population_size: int
    drawn_on: date
    drawn: list[SampledActivity]


class SampleCreated(SamplePublic):
    position: int


class DrawOutcome(BaseModel):
    population_size: int
    drawn: list[list[str]]


class SampleRedraw(BaseModel):
    sample_id: str
    reproduced: bool
    recorded: DrawOutcome
    recomputed: DrawOutcome


class JudgementCreate(Strict):
    teacher_id: str = Field(min_length=1, max_length=100)
    activity_id: str = Field(min_length=1, max_length=100)
    outcome: Literal["accepted", "rejected"]
    reason: str = Field(min_length=1, max_length=2000)


class JudgementCreated(BaseModel):
    sample_id: str
    activity_id: str
    outcome: str
    version: int
    position: int
