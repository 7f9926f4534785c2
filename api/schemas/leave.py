"""Leave: a request, its approval or rejection, and how the file shows it."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from api.schemas.common import LeaveKindT, Strict, WriteAnswer


class LeaveCreate(Strict):
    kind: LeaveKindT
    start: date
    end: date
    reason: str | None = Field(default=None, max_length=1000)


class LeaveOut(BaseModel):
    leave_id: str
    kind: str
    start: date
    end: date
    status: str = Field(
        description="pending (reported by the teacher, not counted yet), approved (extends the"
        " periods it overlaps) or rejected"
    )
    rejection_reason: str | None = None


class LeaveRejection(Strict):
    reason: str = Field(min_length=1, max_length=1000)


class LeaveApproval(Strict):
    reason: str | None = Field(default=None, max_length=1000)


class LeaveCreated(WriteAnswer):
    leave_id: str
    status: str = Field(description="pending until the registrar approves; approved counts")
    period_ends: dict[str, date] = Field(
        description="each qualification's period end as it now stands (approved leave only)"
    )
