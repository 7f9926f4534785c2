"""What the commands answer: one `TypedDict` per command (or per shape several share), the
`data` of its `domain.register.CommandResult`.

Typed for the callers (routes, pages, the CLI read named fields); at run time each is the
plain dict it always was, so the answers stored with idempotency keys keep their form. The
keys and their meaning are the API's (docs/api.md); dates are ISO strings.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict, final

# -- the teacher's file --------------------------------------------------------------------


class AdmittedQualification(TypedDict):
    qualification_id: str
    sector: str
    subject: str | None
    status: str
    period_end: str


class Admitted(TypedDict):
    """`admit_teacher`."""

    teacher_id: str
    register_number: str
    qualifications: list[AdmittedQualification]


class Nothing(TypedDict):
    """A command that answers nothing beyond the file's version and position."""


class AppointmentRecorded(TypedDict):
    """`record_appointment`."""

    appointment_id: str


class LeaveAnswer(TypedDict):
    """`record_leave`, `approve_leave`, `reject_leave`: the leave's status and every period
    end as it now stands."""

    leave_id: str
    status: str
    period_ends: dict[str, str]


class ActivityAnswer(TypedDict):
    """`record_activity`, `withdraw_activity`, `confirm_participation`."""

    activity_id: str


# -- decisions -----------------------------------------------------------------------------


class Period(TypedDict):
    start: str
    end: str


class DecisionReceipt(TypedDict):
    """The decision receipt (docs/architecture.md): what was decided, on what, and why."""

    decision_id: str
    kind: str
    teacher_id: str
    qualification_id: str
    sector: str
    subject: str | None
    outcome: str
    met: bool
    decided_on: str
    decided_by: dict[str, Any]
    legal_basis: Any
    policy: dict[str, Any] | None
    engine_version: str
    as_of_version: int
    period: Period | None
    inputs: dict[str, Any]
    trace: list[dict[str, Any]]
    reasons: Any
    objection_deadline: str
    objection_term: NotRequired[dict[str, Any]]
    #: A decision taken in a ruling on an objection: the appeal open against it.
    remedy: NotRequired[dict[str, Any]]


class DecisionRecord(DecisionReceipt):
    """`get_decision`: the receipt, the file version that holds it, whether it was revoked."""

    version: int
    revoked: bool
    file_version: int


@final  # so that `"decision_id" in data` tells it from a decision
class StrikeOffProposed(TypedDict):
    """`re_register` short of the criteria after the transition: the proposal made instead."""

    kind: str
    outcome: str
    teacher_id: str
    qualification_id: str
    proposal_id: str
    ground: str
    proposed_on: str
    view_due: str
    assessment: dict[str, Any]


#: `re_register`: the decision, or the strike-off proposed instead (outcome
#: ``strike_off_proposed``).
ReRegistration = DecisionReceipt | StrikeOffProposed


class RecordedAndRecomputed(TypedDict):
    outcome: str
    trace: list[dict[str, Any]]


class EngineVersions(TypedDict):
    recorded: str
    reproduced_with: str
    current: str


class Reproduction(TypedDict):
    """`reproduce`: the decision made again from what it recorded, and the differences."""

    decision_id: str
    teacher_id: str
    reproduced: bool
    recorded: RecordedAndRecomputed
    recomputed: RecordedAndRecomputed
    differences: list[dict[str, Any]]
    policy: dict[str, Any] | None
    engine_version: EngineVersions
    as_of_version: int
    events_since: int


# -- criteria ------------------------------------------------------------------------------


class CriteriaDrafted(TypedDict):
    """`draft_criteria`."""

    name: str
    version: int
    sha256: str


class CriteriaSummary(TypedDict):
    """`adopt_criteria`: the version as adopted (`CriteriaVersion.summary`)."""

    name: str
    version: int
    status: str
    sha256: str
    drafted_on: str
    effective_from: str | None
    adopted_on: str | None
    consultation: Any


# -- facts ---------------------------------------------------------------------------------


class ParticipationDelivered(TypedDict):
    """`deliver_participation`: what was kept and what was refused, row by row."""

    delivery_id: str
    provider_id: str
    rows: int
    accepted: int
    rejected: list[dict[str, Any]]
    warnings: list[Any]
    reported: int
    unchanged: int
    #: Answered again for a delivery id received before.
    repeated: NotRequired[bool]


class DrawnActivity(TypedDict):
    teacher_id: str
    activity_id: str


class SampleDrawn(TypedDict):
    """`draw_sample`: the sample as recorded."""

    sample_id: str
    seed: int
    size: int
    occurred_from: str
    occurred_until: str
    as_of_position: int
    method: str
    population_size: int
    drawn_on: str
    drawn: list[DrawnActivity]


class ActivityJudged(TypedDict):
    """`judge_sampled_activity`."""

    sample_id: str
    activity_id: str
    outcome: str


# -- privacy and correspondence -----------------------------------------------------------


class Erased(TypedDict):
    """`erase_personal_data`."""

    erased_on: str | None
    register_number: str


class CorrespondenceAnswer(TypedDict):
    """`set_contact_address`, `set_correspondence`, `choose_reminders`."""

    address: str | None
    reminders: bool
