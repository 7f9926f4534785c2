"""Open data: counts of the register by group.

Every figure about groups of people is a count of at least ten or withheld
(:mod:`policies.disclosure`).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field


class License(BaseModel):
    id: str = Field(description="SPDX identifier")
    name: str
    url: str


class Suppression(BaseModel):
    min_cell: int = Field(description="the smallest count a published cell may show")
    rule: str
    source: str


class Distributions(BaseModel):
    csv: str
    json_: str = Field(alias="json")
    csv_metadata: str


class OpenDataCell(BaseModel):
    sector: str
    subject: str | None
    status: str
    year: int = Field(description="year of admission to the register or pre-register")
    count: int | None = Field(description="qualifications in the cell; null when suppressed")
    suppressed: bool


class OpenDataDocument(BaseModel):
    """The register's statistics under CC0 1.0, with the metadata that says so."""

    title: str
    license: License
    publisher: str
    generated_on: date
    position: int = Field(description="the log position the figures are complete up to")
    unit: str
    year: str
    suppression: Suppression
    distributions: Distributions
    cells: list[OpenDataCell]
