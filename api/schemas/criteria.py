"""The criteria documents: versions, drafts, consultation, adoption and a draft's impact."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import Strict
from api.schemas.decisions import PolicyRef


class CriteriaVersionPublic(BaseModel):
    name: str
    version: int
    status: Literal["draft", "adopted"]
    sha256: str
    drafted_on: date
    effective_from: date | None
    adopted_on: date | None
    consultation: dict[str, Any] | None


class CriteriaVersionsPublic(BaseModel):
    data: list[CriteriaVersionPublic]


class CriteriaDrafted(BaseModel):
    name: str
    version: int
    sha256: str
    status: Literal["draft"] = "draft"
    position: int


class Consultation(Strict):
    with_: list[str] = Field(alias="with", min_length=1, max_length=50)
    held_on: date
    summary: str | None = Field(default=None, max_length=5000)

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AdoptionCreate(Strict):
    effective_from: date
    consultation: Consultation


class CriteriaAdopted(CriteriaVersionPublic):
    position: int


class OutcomeCounts(BaseModel):
    re_registered: int
    annotated: int
    struck_off: int


class ImpactChange(BaseModel):
    teacher_id: str
    register_number: str
    qualification_id: str
    sector: str
    period_start: date
    period_end: date
    current: str
    draft: str
    direction: Literal["better", "worse"]
    draft_shortfalls: list[str]


class ImpactDraft(BaseModel):
    name: str
    version: int
    sha256: str


class Impact(BaseModel):
    window: dict[str, date]
    draft: ImpactDraft
    in_force: PolicyRef
    effective_from: date = Field(description="the day the draft would take effect")
    governs_running_periods: bool
    files_read: int
    qualifications: int = Field(description="qualifications whose period ends in the window")
    governed: int = Field(description="of those, the periods the draft would govern")
    current: OutcomeCounts
    with_draft: OutcomeCounts
    changed: int
    better: int = Field(description="changed outcomes that are better for the teacher")
    worse: int = Field(description="changed outcomes that are worse for the teacher")
    transitions: dict[str, int]
    changes: list[ImpactChange]
    changes_truncated: bool
    seconds: float


class ImpactRunCreate(Strict):
    """A request for the impact of a criteria version, run as a job."""

    name: str = Field(default="reregistration", min_length=1, max_length=50)
    version: int = Field(ge=1, le=999_999_999)
    due_from: date | None = Field(default=None, description="default today")
    due_to: date | None = Field(default=None, description="default one year after due_from")
    effective_from: date | None = Field(
        default=None, description="the day the version would take effect; default tomorrow"
    )


class ImpactRunProgress(BaseModel):
    files_done: int
    files_total: int = Field(description="files on file when the worker began (0 until then)")


class ImpactRunError(BaseModel):
    code: str | None
    message: str


class ImpactRunPublic(BaseModel):
    run_id: str
    status: Literal["queued", "running", "completed", "failed"]
    criteria: ImpactDraft
    window: dict[str, date]
    effective_from: date
    requested_on: date
    requested_by: str
    attempts: int = Field(description="claims by a worker so far (more than one: one stopped)")
    progress: ImpactRunProgress
    started_at: datetime | None
    finished_at: datetime | None
    result: Impact | None = Field(description="when completed: the synchronous route's answer")
    error: ImpactRunError | None = Field(description="when failed: why")


class ImpactRunStarted(ImpactRunPublic):
    """The answer to a start: the run, and the log position of its newest event (for
    `X-Min-Position`), as every write answers."""

    position: int
