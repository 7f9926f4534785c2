"""Decisions: re-registration, strike-off, reinstatement and moving to the register, with the
legal basis, the criteria applied, the trace, the statutory terms, reproduction and what is due.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from api.schemas.common import GroundT, Strict


class ReRegistrationCreate(Strict):
    """No fields: a decision is dated the register's date when it is taken."""

    @model_validator(mode="before")
    @classmethod
    def _no_decision_date(cls, data: Any) -> Any:
        if isinstance(data, dict) and "decided_on" in data:
            raise ValueError(
                "decided_on is not accepted: a decision is dated the register's date when it"
                " is taken"
            )
        return data


class StrikeOffCreate(Strict):
    """A direct strike-off: only on own request or death; other grounds go through a proposal."""

    ground: GroundT
    effective_on: date = Field(
        description="own_request: the day asked for (at most 30 days back); deceased: the date"
        " of death"
    )
    reason: str = Field(min_length=1, max_length=2000)
    heard_on: date | None = Field(default=None, description="not needed: no hearing applies")


class ReinstatementCreate(Strict):
    reason: str = Field(min_length=1, max_length=2000)


class MoveToRegisterCreate(Strict):
    qualified_on: date = Field(
        description="the date of the diploma: the registration period starts on it"
    )
    reason: str | None = Field(default=None, max_length=2000)


class TraceEntry(BaseModel):
    criterion: str
    required: str
    actual: str
    passed: bool
    evidence: list[str] = Field(description="event refs: <teacher_id>/<version>")


class LegalReference(BaseModel):
    law: str
    short: str
    bwb_id: str
    article: str | None
    topic: str
    juriconnect: str
    url: str


class GoverningRule(BaseModel):
    """Why a criteria version governs the period it judged (docs/domain.md, "Criteria of the
    period")."""

    rule: Literal["in_force_at_period_start", "governs_running_periods", "first_version"]
    period_start: date
    effective_from: date


class PolicyRef(BaseModel):
    name: str
    version: int
    sha256: str
    governs: GoverningRule | None = Field(
        default=None, description="why this version governs the period (decisions since 2.0.0)"
    )


class Reasons(BaseModel):
    nl: list[str]
    en: list[str]


class Period(BaseModel):
    start: date
    end: date


class TermSkippedDay(BaseModel):
    day: date
    nl: str
    en: str


class TermExtension(BaseModel):
    """How the Algemene termijnenwet (BWBR0002448) extended a term, in words."""

    law: str
    bwb_id: str
    article: str = Field(description="Atw article: 1 (ends on a non-working day) or 2")
    skipped: list[TermSkippedDay]
    nl: str
    en: str


class StatutoryTerm(BaseModel):
    """A statutory term counted from the day after a date, extended under the Atw."""

    counted_from: date
    weeks: int
    days: int
    nominal_end: date = Field(description="the last day as the count alone gives it")
    last_day: date = Field(description="the last day after the Algemene termijnenwet")
    extended: bool
    atw_applies: bool = Field(description="false for terms over 12 weeks or 90 days (art. 4)")
    extension: TermExtension | None
    legal_basis: list[LegalReference]


class DecisionRecord(BaseModel):
    """A decision with its receipt: what was decided, on what, by which rule, and the remedy."""

    decision_id: str
    kind: Literal[
        "re_registration", "strike_off", "reinstatement", "move_to_register", "replacement"
    ] = Field(description="`replacement`: a new decision in the place of one revoked on objection")
    teacher_id: str
    qualification_id: str
    sector: str
    subject: str | None
    outcome: str
    met: bool
    decided_on: date
    decided_by: dict[str, Any]
    legal_basis: list[LegalReference]
    policy: PolicyRef | None = Field(description="null when no criteria document applied")
    engine_version: str
    as_of_version: int = Field(description="the file's version the decision was made at")
    period: Period | None
    inputs: dict[str, Any]
    trace: list[TraceEntry]
    reasons: Reasons
    objection_deadline: date
    objection_term: StatutoryTerm | None = Field(
        default=None,
        description="the objection term with any extension under the Algemene termijnenwet"
        " (absent on decisions recorded before it was kept)",
    )
    remedy: dict[str, Any] | None = Field(
        default=None,
        description="a replacement's remedy: appeal to the court (Awb 7:1, 8:1), its term",
    )
    version: int | None = Field(default=None, description="the file version of the decision")
    revoked: bool = False
    position: int | None = Field(default=None, description="log position (writes only)")


class Shortfall(BaseModel):
    criterion: str
    required: str
    actual: str


class ProposalAssessment(BaseModel):
    """The re-registration assessment a strike-off proposal rests on (not a decision)."""

    kind: Literal["re_registration"]
    outcome: str = Field(description="what the criteria call for: struck_off")
    met: bool
    policy: PolicyRef = Field(description="the criteria version applied, by its sha256")
    engine_version: str
    decided_on: date = Field(description="the day the re-registration was judged on")
    as_of_version: int = Field(description="the file's version it was judged at")
    period: Period | None
    shortfalls: list[Shortfall]
    trace: list[TraceEntry]
    reasons: Reasons = Field(description="why the strike-off is intended, and the term")


class ReRegistrationProposal(BaseModel):
    """A re-registration short of the criteria after the transition date: nothing is decided
    yet. A strike-off is proposed and the teacher may give their view until `view_due`
    (Awb 4:8); the registrar then decides the proposal
    (`POST /api/teachers/{teacher_id}/strike-off-proposals/{proposal_id}/decision`) or withdraws
    it. `Location` names the proposal."""

    kind: Literal["re_registration"]
    outcome: Literal["strike_off_proposed"]
    teacher_id: str
    qualification_id: str
    proposal_id: str
    ground: Literal["criteria_not_met"]
    proposed_on: date
    view_due: date = Field(description="the last day for the teacher's view")
    assessment: ProposalAssessment
    version: int | None = Field(default=None, description="the file version of the proposal")
    position: int | None = Field(default=None, description="log position")


class OutcomeAndTrace(BaseModel):
    outcome: str
    trace: list[TraceEntry]


class Difference(BaseModel):
    criterion: str
    field: str
    recorded: Any
    recomputed: Any


class Reproduction(BaseModel):
    decision_id: str
    teacher_id: str
    reproduced: bool
    recorded: OutcomeAndTrace
    recomputed: OutcomeAndTrace
    differences: list[Difference]
    policy: PolicyRef | None
    engine_version: dict[str, str]
    as_of_version: int
    events_since: int = Field(description="events recorded in the file since the decision")


class ReproductionRequest(Strict):
    """No fields: reproduction takes everything from the record."""


class RunDueCreate(Strict):
    on: date | None = Field(
        default=None,
        description="may only name the register's date (the default): decisions are dated"
        " the day they are taken",
    )


class RunDueReport(BaseModel):
    """What one run did: a second run on the same day decides 0."""

    on: date
    decided: int = Field(description="decisions recorded")
    outcomes: dict[str, int] = Field(description="decisions by outcome")
    proposed: int = Field(
        default=0,
        description="strike-offs proposed instead of decided (short after the transition): the"
        " teacher is heard first",
    )
    awaiting_hearing: int = Field(
        default=0, description="due periods left alone: their strike-off proposal is open"
    )
    left_to_registrar: int = Field(
        default=0,
        description="due periods left alone: their strike-off proposal was withdrawn; the"
        " registrar decides them again (re-registration)",
    )
    preregister_expired: int = Field(
        default=0,
        description="pre-registered qualifications whose term passed without a move to the"
        " register: now preregister_expired (may not teach on that basis)",
    )
    files_read: int
    conflicts: int = Field(description="files that could not be decided (the file says why)")
    writes: int = Field(description="atomic writes to the event store")
    seconds: float
    position: int = Field(description="the head of the log after the run (for X-Min-Position)")
    retention: dict[str, Any] | None = Field(
        default=None,
        description="the due-retention run: annotations and strike-off grounds that left the "
        "public view, and the files that may now be erased (docs/privacy.md)",
    )


class DueName(BaseModel):
    initials: str
    prefix: str
    family_name: str


class DueReRegistration(BaseModel):
    """A registered qualification whose period ended and that awaits its decision."""

    teacher_id: str
    register_number: str
    name: DueName
    qualification_id: str
    sector: str
    subject: str | None
    period_end: date


class DueReRegistrations(BaseModel):
    data: list[DueReRegistration]
    total: int = Field(description="how many periods await a decision in all")
    next_cursor: str | None
