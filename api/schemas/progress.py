"""A teacher's progress towards re-registration, per qualification."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.schemas.decisions import PolicyRef


class _RequirementFields(BaseModel):
    """What a requirement says, for the teacher and for a board it is shared with (the
    docstring of a schema is its description: the schemas below name their own)."""

    criterion: str
    required: str
    actual: str
    shortfall: str | None
    met: bool


class Requirement(_RequirementFields):
    evidence: list[str]


class SharedRequirement(_RequirementFields):
    pass


class _ProgressFields(BaseModel):
    """A qualification's progress, as the teacher sees it and as a board it is shared with
    sees it (the requirements follow in each)."""

    qualification_id: str
    sector: str
    subject: str | None
    status: str
    period_start: date | None = None
    period_end: date | None = None
    days_left: int | None = None
    on_track: bool | None = None
    hours_total: str | None = None
    hours_by_area: dict[str, str] = Field(default_factory=dict)
    hours_by_kind: dict[str, str] = Field(default_factory=dict)


class QualificationProgress(_ProgressFields):
    requirements: list[Requirement] = Field(default_factory=list)
    activities_counted: int | None = None
    activities_excluded: dict[str, int] = Field(default_factory=dict)
    policy: PolicyRef | None = Field(
        default=None, description="the criteria version that governs this period, and why"
    )


class Progress(BaseModel):
    teacher_id: str
    on: date
    policy: PolicyRef
    qualifications: list[QualificationProgress]
    version: int


class SharedProgress(_ProgressFields):
    """A shared qualification's progress on the day of reading (without the evidence)."""

    requirements: list[SharedRequirement] = Field(default_factory=list)
