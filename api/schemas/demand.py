"""The demand signal: counts of teachers per sector and area, at least ten or withheld
(:mod:`policies.disclosure`).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class DemandCell(BaseModel):
    sector: str
    criterion: str = Field(
        description="an hours criterion as the decision trace names it (`total_hours`, "
        "`areas:…`, `sector:<sector>:…`), or `any`: short on at least one of them"
    )
    competence_areas: list[str] = Field(
        description="the competence areas whose activities count for it; empty: every area"
    )
    teachers: int | None = Field(
        description="persons with a period in the sector ending in the window; null when suppressed"
    )
    falling_short: int | None = Field(description="of them, short today; null when suppressed")
    hours_short_total: str | None = Field(
        description="hours short in all (for `any`: each person's largest shortfall)"
    )
    hours_short_mean: str | None = Field(description="per person falling short")
    hours_short_median: str | None = Field(description="among the persons falling short")
    suppressed: bool


class DemandSignalPublic(BaseModel):
    """Where teachers fall short, per sector and hours criterion, counted as a decision
    would count, with no cell under ten persons."""

    on: date = Field(description="the register's date the figures are counted on")
    periods_ending_from: date
    periods_ending_until: date = Field(description="inclusive: twelve months from `on`")
    min_cell: int
    suppression: str
    periods: int = Field(description="registration periods counted (not published per cell)")
    cells: list[DemandCell]
    seconds: float = Field(description="the time the engine took for this answer")
