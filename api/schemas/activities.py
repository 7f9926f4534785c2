"""Professional activities: what a teacher records (with its cost) and how the file shows it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

from api.schemas.common import AreaT, KindT, PayerT, Strict, WriteAnswer


class CostIn(Strict):
    amount: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    paid_by: PayerT


class CostOut(BaseModel):
    amount: str
    paid_by: str


class ActivityCreate(Strict):
    kind: KindT
    title: str = Field(min_length=1, max_length=300)
    occurred_on: date
    contact_hours: Decimal = Field(max_digits=7, decimal_places=2)
    self_study_hours: Decimal = Field(default=Decimal(0), max_digits=7, decimal_places=2)
    competence_areas: list[AreaT] = Field(min_length=1, max_length=4)
    offering_id: str | None = Field(default=None, max_length=100)
    evidence: str | None = Field(
        default=None,
        max_length=5000,
        description="what was done and learned, in at least a sentence; required unless the"
        " activity is from an offering validated on its date",
    )
    evidence_reference: str | None = Field(
        default=None, max_length=500, description="where the evidence can be found (optional)"
    )
    reflection: str | None = Field(default=None, max_length=10000)
    cost: CostIn | None = None
    qualification_ids: list[str] | None = Field(
        default=None,
        max_length=20,
        description="the qualifications the activity serves; left out: all of them",
    )


class PeerConfirmationOut(BaseModel):
    request_id: str
    colleague_register_number: str
    colleague_name: str
    requested_on: date
    expires_on: date
    status: Literal["open", "confirmed", "declined", "expired"]
    answered_on: date | None = None
    remark: str | None = None
    same_board: bool | None = Field(
        default=None, description='false: marked "not at the same board"; counts as before'
    )
    counts_as_evidenced: bool = Field(
        default=False, description="confirmed at the same board: exempt from sample checks"
    )


class ActivityOut(BaseModel):
    activity_id: str
    kind: str
    title: str
    occurred_on: date
    contact_hours: str
    self_study_hours: str
    competence_areas: list[str]
    offering_id: str | None
    evidence: str | None
    reflection: str | None
    cost: CostOut | None
    withdrawn: bool
    withdrawn_reason: str | None
    evidence_reference: str | None = None
    qualification_ids: list[str] | None = Field(
        default=None, description="the qualifications it serves; null: all"
    )
    participation_id: str | None = Field(
        default=None, description="the provider's report of participation it confirmed"
    )
    sample_id: str | None = None
    sample_outcome: Literal["accepted", "rejected"] | None = Field(
        default=None,
        description="the registrar's check in a sample; a rejected activity no longer counts",
    )
    sample_reason: str | None = None
    peer_confirmation: PeerConfirmationOut | None = Field(
        default=None, description="the latest request to a colleague to confirm it, if any"
    )


class ActivityCreated(WriteAnswer):
    activity_id: str
