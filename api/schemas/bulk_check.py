"""The employer's bulk check.

It carries only what the public register shows (docs/domain.md, "What is public"): never a
BSN, a date of birth, gender, address or portfolio.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.deliveries import FieldFault
from api.schemas.public_register import PublicName, PublicQualification


class CheckedRow(BaseModel):
    """One row of a bulk check: the public status of the person, "not found", or the faults."""

    row: int = Field(description="1 for the first data line")
    line: int | None = Field(description="the line in the file")
    register_number: str | None
    result: Literal["found", "not_found", "invalid"] = Field(
        description="found: the pair is right; not_found: the number is unknown or the date of"
        " birth is not theirs (the two are never told apart); invalid: see errors"
    )
    registered: bool | None = Field(
        default=None, description="found only: at least one qualification is registered"
    )
    name: PublicName | None = None
    qualifications: list[PublicQualification] = Field(default_factory=list)
    errors: list[FieldFault] = Field(default_factory=list)


class BulkCheckAnswer(BaseModel):
    board_number: str
    rows: int
    found: int
    not_found: int
    invalid: int
    checked_on: date = Field(description="the register's date the statuses hold on")
    data: list[CheckedRow]
