"""The operational answers: liveness and readiness."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class Health(BaseModel):
    status: str
    today: date = Field(description="the register's date every rule reads")
    today_fixed: bool = Field(description="true when LR_TODAY fixes the date (never in production)")


class Readiness(BaseModel):
    status: str
    store: str
    head: int
    projections: dict[str, int]
