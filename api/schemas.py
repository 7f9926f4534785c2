"""Pydantic models at the edge: what the API accepts and answers, per resource family."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SectorT = Literal["po", "vo", "mbo"]
BasisT = Literal["diploma", "suitability_declaration", "in_training"]
KindT = Literal[
    "training_programme",
    "course",
    "study_day",
    "conference",
    "peer_consultation",
    "lesson_visit",
    "lesson_development",
    "lesson_evaluation",
    "network",
    "school_project",
    "self_study",
]
AreaT = Literal["subject_matter", "didactics", "pedagogy", "professional"]
PayerT = Literal["teacher", "employer", "fund", "other"]
#: ``other`` only by the registrar (the domain refuses it from anyone else).
LeaveKindT = Literal["pregnancy_and_maternity", "parental", "sickness", "care", "other"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- teachers -----------------------------------------------------------------------------------


class NameIn(Strict):
    initials: str = Field(min_length=1, max_length=20, examples=["J.P."])
    given_name: str = Field(default="", max_length=100, examples=["Jan"])
    prefix: str = Field(default="", max_length=20, examples=["de"])
    family_name: str = Field(min_length=1, max_length=100, examples=["Vries"])


class QualificationIn(Strict):
    sector: SectorT
    subject: str | None = Field(default=None, max_length=100, examples=["wiskunde"])
    basis: BasisT


class TeacherCreate(Strict):
    bsn: str = Field(min_length=1, max_length=20, examples=["111222333"])
    name: NameIn
    birth_date: date
    qualifications: list[QualificationIn] = Field(min_length=1, max_length=20)
    registered_on: date | None = None


class QualificationCreated(BaseModel):
    qualification_id: str
    sector: str
    subject: str | None
    status: str
    period_end: date


class TeacherLookup(Strict):
    """A person looked up by BSN (sent in the body, never in an address or a log line)."""

    bsn: str = Field(min_length=1, max_length=20, examples=["111222333"])


class TeacherFound(BaseModel):
    teacher_id: str
    register_number: str


class TeacherCreated(BaseModel):
    teacher_id: str
    register_number: str
    qualifications: list[QualificationCreated]
    version: int
    position: int


class NameOut(BaseModel):
    initials: str
    given_name: str
    prefix: str
    family_name: str


class HistoryItem(BaseModel):
    status: str
    from_: date = Field(alias="from")
    event: str

    model_config = ConfigDict(populate_by_name=True)


class QualificationOut(BaseModel):
    qualification_id: str
    sector: str
    subject: str | None
    basis: str
    status: str
    admitted_on: date
    period_start: date
    period_end: date
    struck_off_ground: str | None
    annotations: list[dict[str, Any]]
    history: list[dict[str, Any]]


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


class StrikeOffProposalOut(BaseModel):
    """An intended strike-off, open for the teacher's view until `view_due`."""

    proposal_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: date
    view_due: date
    view: str | None
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn"]
    decision_id: str | None


class LeaveCreate(Strict):
    kind: LeaveKindT
    start: date
    end: date
    reason: str | None = Field(default=None, max_length=1000)


class LeaveOut(BaseModel):
    leave_id: str
    kind: str
    start: date
    end: date
    status: str = Field(
        description="pending (reported by the teacher, not counted yet), approved (extends the"
        " periods it overlaps) or rejected"
    )
    rejection_reason: str | None = None


class LeaveRejection(Strict):
    reason: str = Field(min_length=1, max_length=1000)


class LeaveApproval(Strict):
    reason: str | None = Field(default=None, max_length=1000)


class Withdrawal(Strict):
    reason: str = Field(min_length=1, max_length=1000)


class Correction(Strict):
    name: NameIn | None = None
    birth_date: date | None = None
    reason: str = Field(min_length=1, max_length=1000)


class ParticipationOut(BaseModel):
    """A provider's report that the teacher completed an offering."""

    participation_id: str
    provider_id: str
    offering_id: str
    offering_title: str
    completed_on: date
    contact_hours: str
    self_study_hours: str
    competence_areas: list[str]
    confirmed: bool
    activity_id: str | None


class DecisionSummary(BaseModel):
    decision_id: str
    kind: str
    qualification_id: str
    outcome: str
    decided_on: date
    revoked: bool = False


class TeacherFile(BaseModel):
    teacher_id: str
    register_number: str
    bsn: str | None = Field(description="absent for employers")
    name: NameOut
    birth_date: date
    registered_on: date
    qualifications: list[QualificationOut]
    appointments: list[AppointmentOut]
    leaves: list[LeaveOut]
    activities: list[ActivityOut]
    decisions: list[DecisionSummary]
    strike_off_proposals: list[StrikeOffProposalOut] = Field(default_factory=list)
    participations: list[ParticipationOut] = Field(
        default_factory=list,
        description="completions providers reported; one click confirms each as an activity",
    )
    version: int


class WriteAnswer(BaseModel):
    """What every write answers: the aggregate's new version and the log position."""

    version: int
    position: int


class ActivityCreated(WriteAnswer):
    activity_id: str


class AppointmentCreated(WriteAnswer):
    appointment_id: str


class LeaveCreated(WriteAnswer):
    leave_id: str
    status: str = Field(description="pending until the registrar approves; approved counts")
    period_ends: dict[str, date] = Field(
        description="each qualification's period end as it now stands (approved leave only)"
    )


# -- audit --------------------------------------------------------------------------------------


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


# -- operations ---------------------------------------------------------------------------------


class Health(BaseModel):
    status: str
    today: date = Field(description="the register's date every rule reads")
    today_fixed: bool = Field(description="true when LR_TODAY fixes the date (never in production)")


class Readiness(BaseModel):
    status: str
    store: str
    head: int
    projections: dict[str, int]
