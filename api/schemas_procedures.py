"""Pydantic models at the edge for the procedures: deliveries, providers and offerings,
hearings and objections (API.md, "Employers, providers, criteria" and "Objections")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidatorFunctionWrapHandler, WrapValidator

from api.decision_schemas import LegalReference, PolicyRef, Reasons, TraceEntry
from api.schemas import AuditEvent

AreaT = Literal["subject_matter", "didactics", "pedagogy", "professional"]
SectorT = Literal["po", "vo", "mbo"]
#: A delivered value as it arrives: the row's rules judge it, not the JSON parser.
Cell = Annotated[str | int | float | None, Field(default=None)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# -- deliveries -------------------------------------------------------------------------------


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


class PendingAppointment(BaseModel):
    appointment_id: str
    brin: str
    start: date
    end: date | None
    fte: str
    basis: str
    delivery_id: str


class NotRegisteredPerson(BaseModel):
    """Someone this board delivered appointments for who is not on file (yet): shown by the
    last three digits of the BSN only; the appointments are attached at admission."""

    person_ref: str
    bsn: str = Field(description="masked: only the last three digits")
    registered: Literal[False] = False
    appointments: list[PendingAppointment]


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


# -- providers and offerings ------------------------------------------------------------------


class ComplaintsProcedure(Strict):
    in_place: bool
    decision_days: int | None = Field(
        default=None, ge=1, le=365, description="days within which a complaint is decided"
    )


class ProviderCreate(Strict):
    name: str = Field(min_length=1, max_length=200)
    kvk_number: str = Field(min_length=1, max_length=20, examples=["12345678"])
    staff_level: Literal["mbo", "hbo", "wo"] = Field(description="the level of the teaching staff")
    practice_alignment: str = Field(
        min_length=1, max_length=4000, description="how the offerings align with school practice"
    )
    quality_monitoring: str = Field(min_length=1, max_length=4000)
    complaints_procedure: ComplaintsProcedure


class ProviderApplied(BaseModel):
    provider_id: str
    status: str
    decide_by: date
    version: int
    position: int


class ProviderDecisionCreate(Strict):
    practice_alignment_sufficient: bool
    quality_monitoring_sufficient: bool
    reason: str | None = Field(default=None, max_length=2000)


class OtherDecision(BaseModel):
    """A decision on a provider or an offering, with its receipt."""

    decision_id: str
    kind: Literal["provider_admission", "offering_validation", "offering_revocation"]
    provider_id: str
    offering_id: str | None = None
    outcome: str
    met: bool | None = None
    decided_on: date
    decided_by: dict[str, Any]
    legal_basis: list[LegalReference]
    policy: PolicyRef | None = None
    engine_version: str | None = None
    as_of_version: int
    inputs: dict[str, Any] | None = None
    trace: list[TraceEntry] = Field(default_factory=list)
    validity: dict[str, date] | None = None
    reasons: Reasons
    objection_deadline: date
    decide_by: date | None = None
    in_time: bool | None = None
    revoked_on: date | None = None
    version: int | None = None
    position: int | None = None


class ProviderPublic(BaseModel):
    provider_id: str
    name: str
    kvk_number: str
    status: str
    answers: dict[str, Any]
    submitted_on: date
    decide_by: date
    decisions: list[OtherDecision]
    version: int


class DueItem(BaseModel):
    """An application or offering awaiting a validator's decision."""

    model_config = ConfigDict(extra="allow")

    provider_id: str
    offering_id: str | None = None
    name: str | None = None
    title: str | None = None
    status: str
    submitted_on: date
    decide_by: date
    overdue: bool


class DueList(BaseModel):
    data: list[DueItem]
    next_cursor: str | None


class ProviderOffering(BaseModel):
    """One of a provider's offerings as the catalogue holds it, whatever its status."""

    offering_id: str
    provider_id: str
    title: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    status: str = Field(description="submitted, validated, refused or revoked")
    submitted_on: date
    decide_by: date
    decided_on: date | None
    valid_from: date | None
    valid_until: date | None
    revoked_on: date | None


class ProviderOfferings(BaseModel):
    data: list[ProviderOffering]
    next_cursor: str | None


class OfferingCreate(Strict):
    title: str = Field(min_length=1, max_length=300)
    description: str = Field(default="", max_length=4000)
    sector: SectorT | None = None
    competence_areas: list[AreaT] = Field(min_length=1, max_length=4)
    contact_hours: Decimal = Field(ge=0, le=2000, allow_inf_nan=False)
    self_study_hours: Decimal = Field(ge=0, le=2000, allow_inf_nan=False)
    has_assessment: bool = False
    price: Decimal = Field(ge=0, le=1_000_000, allow_inf_nan=False, examples=["250.00"])


class OfferingSubmitted(BaseModel):
    offering_id: str
    status: str
    decide_by: date
    version: int
    position: int


class OfferingPublic(BaseModel):
    """An offering as its provider and the validators see it."""

    offering_id: str
    provider_id: str
    provider_name: str
    title: str
    description: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    status: str
    submitted_on: date
    decide_by: date
    valid_from: date | None
    valid_until: date | None
    revoked_on: date | None
    decisions: list[OtherDecision]
    version: int


class Revocation(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class RatingCreate(Strict):
    score: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=2000)


class RatingAnswer(BaseModel):
    offering_id: str
    score: int
    version: int
    position: int


class RatingSummary(BaseModel):
    average: str | None = Field(description="one decimal; null without ratings")
    count: int


class CatalogueEntry(BaseModel):
    offering_id: str
    provider_name: str
    title: str
    description: str
    sector: str | None
    competence_areas: list[str]
    contact_hours: str
    self_study_hours: str
    has_assessment: bool
    price: str
    valid_from: date
    valid_until: date
    rating: RatingSummary


class Catalogue(BaseModel):
    data: list[CatalogueEntry]
    next_cursor: str | None


class CatalogueComment(BaseModel):
    score: int
    comment: str


class CatalogueDetail(CatalogueEntry):
    comments: list[CatalogueComment]


# -- hearings ---------------------------------------------------------------------------------


class ProposalCreate(Strict):
    ground: Literal["incorrect_data", "criteria_not_met", "disciplinary_measure"]
    reason: str = Field(min_length=1, max_length=2000, description="why a strike-off is intended")


class Proposal(BaseModel):
    proposal_id: str
    teacher_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: date
    view_due: date
    view: str | None
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn"]
    decision_id: str | None
    assessment: dict[str, Any] | None = Field(
        default=None,
        description="for a strike-off proposed at re-registration: the assessment it rests on"
        " (criteria version, day and period judged, shortfalls, trace, reasons)",
    )
    version: int | None = None
    position: int | None = None


class ViewCreate(Strict):
    view: str = Field(min_length=1, max_length=10_000)


class ProposalDecisionCreate(Strict):
    effective_on: date
    reason: str = Field(min_length=1, max_length=2000)


class ProposalWithdrawal(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class ProposalPerson(BaseModel):
    """Whom a proposal concerns: register number and name (initials, prefix, family name)."""

    register_number: str
    initials: str
    prefix: str
    family_name: str


class ProposalListItem(BaseModel):
    proposal_id: str
    teacher_id: str
    person: ProposalPerson | None = Field(
        description="null only for a moment, while the staff read model catches up"
    )
    qualification_id: str
    sector: str | None
    subject: str | None
    ground: str
    proposed_on: date
    view_due: date
    view_given_on: date | None
    status: Literal["open", "decided", "withdrawn", "revoked"] = Field(
        description="revoked: decided, and the strike-off was later revoked (on objection)"
    )
    decision_id: str | None
    may_be_decided: bool = Field(
        description="open, and the view was given or its term has passed: decide it now"
    )


class ProposalList(BaseModel):
    data: list[ProposalListItem]
    next_cursor: str | None


# -- objections -------------------------------------------------------------------------------


class ObjectionCreate(Strict):
    decision_id: str = Field(min_length=1, max_length=100)
    grounds: str = Field(min_length=1, max_length=20_000)
    excuse: str | None = Field(
        default=None, max_length=5000, description="why the objection is late, if it is"
    )


class Ruling(BaseModel):
    ruling_id: str
    objection_id: str
    decision_id: str
    outcome: Literal["well_founded", "unfounded", "inadmissible"]
    reasoning: str
    decided_on: date
    decided_by: dict[str, Any]
    in_time: bool
    legal_basis: list[LegalReference]
    revoked_decision: str | None
    replacement: dict[str, Any] | None = Field(
        description="well-founded: the new decision in the place of the revoked one"
        " (`decision_id`, `outcome`)"
    )
    late: bool | None = Field(
        default=None, description="the objection was late and its lateness not excused"
    )
    reasons: dict[str, list[str]] | None = Field(
        default=None, description="the ruling's reasons in Dutch and English, with the remedy"
    )
    remedy: dict[str, Any] | None = Field(
        default=None,
        description="appeal to the court (Awb 8:1) and its term under the Algemene termijnenwet"
        " (absent on rulings recorded before it was kept)",
    )


class ObjectionPublic(BaseModel):
    objection_id: str
    decision_id: str
    decision_kind: str
    teacher_id: str
    qualification_id: str
    decided_on: date
    grounds: str
    filed_on: date
    term_end: date
    in_time: bool
    excuse: str | None
    decide_by: date
    extended: bool
    deferrals_with_consent: int = 0
    lateness_excused: bool = False
    admitted: bool = Field(
        default=True, description="in time, or late with the lateness excused (Awb 6:11)"
    )
    status: Literal["open", "ruled"]
    overdue: bool
    ruling: Ruling | None
    version: int
    position: int | None = None


class ObjectionListItem(BaseModel):
    objection_id: str
    decision_id: str
    decision_kind: str
    teacher_id: str
    qualification_id: str
    decided_on: date
    filed_on: date
    term_end: date
    in_time: bool
    decide_by: date
    extended: bool
    status: Literal["open", "ruled"]
    outcome: str | None
    overdue: bool


class ObjectionList(BaseModel):
    data: list[ObjectionListItem]
    next_cursor: str | None


class WrittenConsent(Strict):
    """The objector's written consent to a further deferral (Awb 7:10(4))."""

    given_on: date
    statement: str = Field(min_length=1, max_length=5000, description="what the consent says")


class ExtensionCreate(Strict):
    reason: str = Field(min_length=1, max_length=2000)
    consent: WrittenConsent | None = Field(
        default=None, description="after the first deferral: the objector's written consent"
    )
    until: date | None = Field(default=None, description="with consent: the day agreed")


class LatenessCreate(Strict):
    excusable: bool = Field(description="whether the lateness is excusable (Awb 6:11)")
    reasoning: str = Field(min_length=1, max_length=20_000)


class RulingCreate(Strict):
    outcome: Literal["well_founded", "unfounded", "inadmissible"]
    reasoning: str = Field(min_length=1, max_length=20_000)


class RulingAnswer(Ruling):
    objection: ObjectionPublic
    version: int
    position: int


class CriteriaText(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: str
    version: int
    sha256: str
    document: str


class ObjectionCase(BaseModel):
    """What the committee weighs: the objection, the decision record with its trace, the
    events it counted as evidence, the criteria text it applied, and the file since."""

    objection: ObjectionPublic
    decision: dict[str, Any]
    evidence: list[AuditEvent]
    criteria: CriteriaText | None
    events_since_decision: list[AuditEvent]
