"""Answers of the employer's bulk check and of the public register's change feed.

Both carry only what the public register shows (DOMAIN.md, "What is public"): never a BSN,
a date of birth, gender, address or portfolio.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas_procedures import FieldFault
from api.schemas_register import PublicName, PublicQualification, RegisterEntryDetail


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


class PublicChange(BaseModel):
    """One change of the public register: the entry after it, or its removal."""

    position: int = Field(description="log position of the event that made the change")
    leaf_index: int = Field(description="the event's leaf in the ledger (inclusion proofs)")
    register_number: str
    change: Literal["entry", "removed"] = Field(
        description="entry: the public entry as it now stands; removed: the entry left the"
        " register (an erasure), no name or content is given"
    )
    entry: RegisterEntryDetail | None


class PublicChanges(BaseModel):
    data: list[PublicChange]
    next_position: int = Field(
        description="the `after` of the next request: the last change's position (or the"
        " `after` asked, when there was none)"
    )
    more: bool = Field(description="more changes follow at once; ask again with next_position")
