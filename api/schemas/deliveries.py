"""Data deliveries by employers, their rows and faults, and disputed appointments."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, WrapValidator

from api.schemas.common import Strict

#: A delivered value as it arrives: the row's rules judge it, not the JSON parser.
Cell = Annotated[str | int | float | None, Field(default=None)]


class DeliveryRow(BaseModel):
    """One appointment as a board delivers it. Values are checked per row and every fault is
    reported with the row number, so one bad value never refuses the whole delivery."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "example": {
                "bsn": "111222333",
                "gender": "V",
                "birth_date": "1980-05-01",
                "basis": "diploma",
                "brin": "01AB",
                "start": "2024-08-01",
                "end": None,
                "contract_start": "2024-08-01",
                "contract_end": None,
                "fte": "0.8",
            }
        },
    )

    bsn: Cell
    gender: Cell = Field(default=None, description="M, V, O (unknown) or X")
    birth_date: Cell
    basis: Cell = Field(default=None, description="diploma, suitability_declaration, in_training")
    brin: Cell = Field(default=None, description="2 digits, 2 letters, optionally a 2-digit branch")
    start: Cell
    end: Cell
    contract_start: Cell
    contract_end: Cell
    fte: Cell = Field(default=None, description="more than 0 and at most 1.5")
    sector: Cell = Field(default=None, description="po, vo or mbo: the sector taught in")
    subjects: list[str] | str | None = Field(
        default=None,
        description="in vo and mbo: the subjects taught (a list; in CSV one cell, the subjects"
        " separated by |)",
    )


class DeliveryCreate(Strict):
    delivery_id: str = Field(min_length=1, max_length=100)
    appointments: list[DeliveryRow] = Field(max_length=50_000)


def _kept(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    return value if isinstance(value, str) else handler(value)


#: A message of the register, kept as the domain gave it: its English words, and for a page
#: that shows the answer its code (policies/messages.py) for the Dutch. JSON: a string.
Said = Annotated[str, WrapValidator(_kept)]


class FieldFault(BaseModel):
    field: str
    message: Said


class RejectedRow(BaseModel):
    row: int = Field(description="1 for the first appointment (for CSV: the first data line)")
    line: int | None = Field(default=None, description="CSV only: the line in the file")
    errors: list[FieldFault]


class DeliveryWarning(BaseModel):
    row: int
    field: str
    message: Said


class DeliveryAnswer(BaseModel):
    delivery_id: str
    board_number: str
    rows: int
    accepted: int = Field(description="valid rows, recorded or kept")
    rejected: list[RejectedRow]
    warnings: list[DeliveryWarning]
    new: int = Field(description="appointments this board had not delivered before")
    updated: int = Field(description="appointments of this board changed (or ended)")
    unchanged: int = Field(description="rows as this board delivered them before")
    not_on_file: int = Field(
        default=0,
        deprecated=True,
        description="always 0: whether a person is on file is not told to the board "
        "(docs/access.md); answers to deliveries received before kept their count",
    )
    repeated: bool = Field(default=False, description="this delivery id was received before")
    position: int


class Dispute(BaseModel):
    teacher_id: str
    register_number: str | None
    name: dict[str, str]
    appointment_id: str
    brin: str
    start: date
    status: Literal["open", "answered", "withdrawn"]
    reason: str | None
    position: int


class Disputes(BaseModel):
    data: list[Dispute]
    next_cursor: str | None


class DisputeCreate(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class ConfirmationAnswer(BaseModel):
    appointment_id: str
    confirmation: str
    version: int
    position: int
