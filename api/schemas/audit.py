"""The audit trail: a file's events as the auditor reads them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEvent(BaseModel):
    position: int
    version: int
    type: str
    recorded_at: datetime
    actor: dict[str, Any] | None
    reason: str | None
    correlation_id: str | None
    data: dict[str, Any]


class AuditEvents(BaseModel):
    teacher_id: str
    data: list[AuditEvent]
