"""The costs of professional development, per payer and sector."""

from __future__ import annotations

from pydantic import BaseModel, Field


class CostRow(BaseModel):
    year: int
    sector: str
    board_number: str | None = Field(description="the employer; null when none employed them")
    payer: str
    total: str = Field(examples=["250.00"])
    count: int


class CostSum(BaseModel):
    key: str | int
    total: str
    count: int


class CostTotals(BaseModel):
    by_year: list[CostSum]
    by_sector: list[CostSum]
    by_payer: list[CostSum]


class CostsPublic(BaseModel):
    data: list[CostRow]
    next_cursor: str | None
    totals: CostTotals
