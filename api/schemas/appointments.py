"""Appointments: what an employer records, and how the file shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from api.schemas.common import BasisT, SectorT, Strict, WriteAnswer


class AppointmentCreate(Strict):
    board_number: str = Field(min_length=1, max_length=20)
    brin: str = Field(min_length=1, max_length=10)
    start: date
    end: date | None = None
    fte: Decimal = Field(max_digits=4, decimal_places=3)
    basis: BasisT
    contract_start: date | None = None
    contract_end: date | None = None
    sector: SectorT | None = Field(default=None, description="the sector taught in")
    subjects: list[str] | None = Field(
        default=None, max_length=10, description="in vo and mbo: the subjects taught"
    )


class AppointmentOut(BaseModel):
    appointment_id: str
    board_number: str
    brin: str
    start: date
    end: date | None
    fte: str
    basis: str
    contract_start: date | None = None
    contract_end: date | None = None
    confirmation: str = Field(
        default="unconfirmed",
        description="the teacher's check of the delivered data: unconfirmed, confirmed, disputed",
    )
    dispute_reason: str | None = None
    sector: str | None = None
    subjects: list[str] | None = None
    stated: bool = Field(
        default=False,
        description="whether the appointment states its sector and, in vo and mbo, its"
        ' subjects; false is shown as "not stated"',
    )


class AppointmentCreated(WriteAnswer):
    appointment_id: str
