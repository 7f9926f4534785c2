"""The teacher file: one aggregate per person, carrying their whole history in the register.

Command methods check the rules and then trigger an event; `apply` on each event only assigns
state, so replaying history never re-decides anything. Decisions arrive already decided (with
their receipt) from the application service, which evaluated the criteria.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate

from domain.activity_rules import OfferingTerms, evidence_errors, hours_errors
from domain.commands import RecordActivity, RecordLeave
from domain.erased import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.values import (
    GROUNDS_WITHOUT_HEARING,
    LEAVE_APPROVED_ON_RECORD,
    LEAVE_KINDS_RECORDED,
    SECTORS_WITH_SUBJECTS,
    ActivityKind,
    Actor,
    Basis,
    CompetenceArea,
    Cost,
    LeaveKind,
    LeaveStatus,
    Name,
    Payer,
    QualificationStatus,
    Sector,
    StrikeOffGround,
    bsn_is_valid,
)
from policies.messages import M
from policies.peers import ANSWERS, MAX_REMARK, PEER_KINDS, has_expired
from policies.periods import period_end
from policies.sharing import (
    MAX_NOTE_LENGTH,
    MAX_SHARE_DAYS,
    MAX_SHARED_ACTIVITIES,
    in_force,
    latest_until,
)

#: Default length of a registration period; the criteria document may set another.
DEFAULT_PERIOD_YEARS = 4
MAX_HOURS_PER_ACTIVITY = Decimal(2000)
MAX_SUBJECTS = 10
MAX_SUBJECT_LENGTH = 100
_SECTORS = frozenset(s.value for s in Sector)
#: What the registrar can find of an activity drawn in a sample.
SAMPLE_OUTCOMES = ("accepted", "rejected")


@dataclass
class Qualification:
    """One qualification (bevoegdheid) and where it stands."""

    qualification_id: str
    sector: str
    subject: str | None
    basis: str
    status: str
    admitted_on: date
    period_start: date
    period_years: int
    history: list[dict[str, Any]] = field(default_factory=list)
    annotations: list[dict[str, Any]] = field(default_factory=list)
    struck_off_ground: str | None = None


@dataclass
class Activity:
    """A professional development activity as the teacher recorded it."""

    activity_id: str
    kind: str
    title: str
    occurred_on: date
    contact_hours: Decimal
    self_study_hours: Decimal
    competence_areas: list[str]
    offering_id: str | None
    evidence: str | None
    reflection: str | None
    cost: Cost | None
    recorded_at_version: int
    withdrawn: bool = False
    withdrawn_reason: str | None = None
    #: The qualifications the activity serves; None: all of the file's qualifications.
    qualification_ids: tuple[str, ...] | None = None
    #: Where the evidence can be found (a certificate, a link); the description is `evidence`.
    evidence_reference: str | None = None
    #: The provider's report of participation this activity confirms, if any.
    participation_id: str | None = None
    #: The registrar's check in a sample: None (not judged), "accepted" or "rejected".
    sample_id: str | None = None
    sample_outcome: str | None = None
    sample_reason: str | None = None
    #: The latest request to a colleague to confirm this (peer) activity, if any.
    peer_request_id: str | None = None
    #: The version of the event that recorded a colleague's confirmation, and whether the
    #: appointments showed both at one board (False: marked "not at the same board").
    peer_confirmed_at_version: int | None = None
    peer_same_board: bool | None = None

    @property
    def peer_confirmed(self) -> bool:
        """Confirmed by a colleague the appointments show at the same board: it counts as
        evidenced and is exempt from sample checks (docs/domain.md, "Evidence and samples")."""
        return self.peer_confirmed_at_version is not None and bool(self.peer_same_board)

    @property
    def rejected_in_sample(self) -> bool:
        """Rejected in a sample check: the activity no longer counts (the reason says why)."""
        return self.sample_outcome == "rejected"

    def serves(self, qualification_id: str) -> bool:
        """Whether the activity counts for this qualification (by default: for all)."""
        return self.qualification_ids is None or qualification_id in self.qualification_ids


#: Fields of `Teacher.ActivityRecorded` that `Activity` does not copy as they are.
_CONVERTED = frozenset({"competence_areas", "qualification_ids"})
_RECORDED_FIELDS: dict[type, tuple[str, ...]] = {}


def _recorded_fields(event_type: type) -> tuple[str, ...]:
    """The fields an event of ``event_type`` and `Activity` share, copied as they are."""
    names = _RECORDED_FIELDS.get(event_type)
    if names is None:
        held = {f.name for f in dataclasses.fields(Activity)}
        names = tuple(
            f.name
            for f in dataclasses.fields(event_type)
            if f.name in held and f.name not in _CONVERTED
        )
        _RECORDED_FIELDS[event_type] = names
    return names


@dataclass
class Participation:
    """A provider's report that the teacher completed an offering, awaiting confirmation."""

    participation_id: str
    provider_id: str
    offering_id: str
    offering_title: str
    completed_on: date
    contact_hours: Decimal
    self_study_hours: Decimal
    competence_areas: tuple[str, ...]
    delivery_id: str
    #: The activity the teacher's confirmation recorded, once confirmed.
    activity_id: str | None = None


@dataclass
class PeerRequest:
    """The teacher's request to a colleague to confirm a peer activity."""

    request_id: str
    activity_id: str
    colleague_id: str
    colleague_register_number: str
    colleague_name: str
    requested_on: date
    expires_on: date
    term: dict[str, Any]
    #: open, confirmed or declined; an open request past ``expires_on`` reads as expired.
    status: str = "open"
    answered_on: date | None = None
    remark: str | None = None
    same_board: bool | None = None
    boards: tuple[str, ...] = ()

    def status_on(self, today: date) -> str:
        """The status as it stands ``today``: an unanswered request lapses after its term."""
        if self.status == "open" and has_expired(self.expires_on, today):
            return "expired"
        return self.status


@dataclass
class ReceivedPeerRequest:
    """A colleague's request to this teacher: only the requester's name and the activity's
    kind, title and date, nothing else of their file."""

    request_id: str
    requester_id: str
    requester_name: str
    activity_kind: str
    activity_title: str
    occurred_on: date
    requested_on: date
    expires_on: date
    status: str = "open"
    answered_on: date | None = None
    remark: str | None = None
    same_board: bool | None = None

    def status_on(self, today: date) -> str:
        """The status as it stands ``today`` (see :meth:`PeerRequest.status_on`)."""
        if self.status == "open" and has_expired(self.expires_on, today):
            return "expired"
        return self.status


@dataclass
class Appointment:
    """An appointment at a school, as an employer delivered it."""

    appointment_id: str
    board_number: str
    brin: str
    start: date
    end: date | None
    fte: Decimal
    basis: str
    contract_start: date | None
    contract_end: date | None
    recorded_at_version: int
    #: The teacher's check of what the employer delivered: unconfirmed, confirmed or disputed.
    #: A new delivery of the appointment asks for a new check.
    confirmation: str = "unconfirmed"
    dispute_reason: str | None = None
    #: The day (recorded time) the appointment first reached the file, where the teacher sees
    #: it: the start of the term after which an undisputed appointment opens the file to its
    #: board (:mod:`domain.access`). A re-delivery keeps the first day, unless it answers a
    #: dispute: then the term starts again.
    recorded_on: date | None = None
    #: The sector taught in (po, vo, mbo) and, in vo and mbo, the subjects taught. None in
    #: appointments recorded before they were asked for, or when the employer left them out.
    sector: str | None = None
    subjects: tuple[str, ...] | None = None

    @property
    def stated(self) -> bool:
        """Whether the appointment says what is taught: a sector, and in vo and mbo a subject.
        An appointment that does not is flagged "not stated" wherever it is shown."""
        return appointment_stated(self.sector, self.subjects)


def appointment_stated(sector: str | None, subjects: list[str] | tuple[str, ...] | None) -> bool:
    """A sector, and in vo and mbo at least one subject."""
    if sector is None:
        return False
    return sector not in SECTORS_WITH_SUBJECTS or bool(subjects)


@dataclass
class StrikeOffProposal:
    """An intended strike-off on the registrar's own initiative, open for the teacher's view."""

    proposal_id: str
    qualification_id: str
    ground: str
    grounds: str | None
    proposed_on: date
    view_due: date
    view: str | None = None
    view_given_on: date | None = None
    status: str = "open"  # open, decided, withdrawn
    decision_id: str | None = None
    #: For a strike-off proposed at re-registration: the assessment it rests on (criteria
    #: name, version and sha256, the day and period judged, the shortfalls, the trace).
    assessment: dict[str, Any] | None = None


@dataclass
class Leave:
    """A period of leave; once approved it extends the registration periods it overlaps."""

    leave_id: str
    kind: str
    start: date
    end: date
    recorded_at_version: int
    #: pending (the teacher's own report), approved (by the registrar, or delivered by the
    #: employer) or rejected. Leave stored before the check existed counts as approved.
    status: str = LeaveStatus.APPROVED
    #: The version of the event that made it count (its recording or its approval).
    approved_at_version: int | None = None
    rejection_reason: str | None = None

    @property
    def approved(self) -> bool:
        return self.status == LeaveStatus.APPROVED


@dataclass
class Share:
    """A development overview the teacher shares with one board, until a day, revocable.

    What the board sees is computed when it reads (the progress of `qualification_ids` on
    that day, the activities of `activity_ids` as they stand); the share holds the choice.
    """

    share_id: str
    board_number: str
    qualification_ids: tuple[str, ...]
    activity_ids: tuple[str, ...]
    note: str | None
    shared_on: date
    until: date
    revoked_on: date | None = None

    def in_force(self, today: date) -> bool:
        """Not revoked and not past its last day (:mod:`policies.sharing`)."""
        return in_force(self.until, self.revoked_on is not None, today)


#: Statuses from which a move to the register is possible: in the pre-register, or past its
#: term (a diploma ends the exception either way).
PRE_REGISTER_STATUSES = frozenset(
    {QualificationStatus.PREREGISTERED, QualificationStatus.PREREGISTER_EXPIRED}
)

_ALLOWED: dict[type[Any], frozenset[str]] = {}


def _check_enum(value: str, enum: type[Any], field_name: str) -> list[FieldError]:
    allowed = _ALLOWED.get(enum)
    if allowed is None:
        allowed = _ALLOWED[enum] = frozenset(e.value for e in enum)
    if value not in allowed:
        return [
            FieldError(
                field_name,
                M.VALUE_UNKNOWN(field=field_name, value=repr(value), allowed=sorted(allowed)),
            )
        ]
    return []


def appointment_errors(
    board_number: str,
    brin: str,
    start: date,
    end: date | None,
    fte: Decimal,
    basis: str,
    contract_start: date | None,
    contract_end: date | None,
    *,
    sector: str | None = None,
    subjects: list[str] | tuple[str, ...] | None = None,
) -> list[FieldError]:
    """Rules for one appointment, whoever records it (the file, or a bulk delivery)."""
    errors: list[FieldError] = []
    if not board_number.strip():
        errors.append(FieldError("board_number", M.BOARD_NUMBER_REQUIRED()))
    if not brin.strip():
        errors.append(FieldError("brin", M.SCHOOL_NUMBER_REQUIRED()))
    if end is not None and end < start:
        errors.append(FieldError("end", M.APPOINTMENT_ENDS_BEFORE_STARTS()))
    if contract_start and contract_end and contract_end < contract_start:
        errors.append(FieldError("contract_end", M.CONTRACT_ENDS_BEFORE_STARTS()))
    if not (Decimal(0) < fte <= Decimal("1.5")):
        errors.append(FieldError("fte", M.FTE_OUT_OF_RANGE()))
    errors += _check_enum(basis, Basis, "basis")
    errors += subject_errors(sector, subjects or ())
    return errors


def subject_errors(sector: str | None, subjects: list[str] | tuple[str, ...]) -> list[FieldError]:
    """Rules for the sector and subjects an appointment states, whoever records it."""
    errors: list[FieldError] = []
    if sector is not None and sector not in _SECTORS:
        errors.append(FieldError("sector", M.SECTOR_UNKNOWN(sectors=", ".join(sorted(_SECTORS)))))
    if subjects and sector is None:
        errors.append(FieldError("sector", M.SUBJECTS_NEED_SECTOR()))
    if subjects and sector == Sector.PO:
        errors.append(FieldError("subjects", M.PO_APPOINTMENT_WITH_SUBJECTS()))
    if len(subjects) > MAX_SUBJECTS:
        errors.append(FieldError("subjects", M.SUBJECTS_TOO_MANY(max_subjects=MAX_SUBJECTS)))
    if any(len(s) > MAX_SUBJECT_LENGTH for s in subjects):
        errors.append(FieldError("subjects", M.SUBJECT_TOO_LONG(max_length=MAX_SUBJECT_LENGTH)))
    if len({s.lower() for s in subjects}) != len(subjects):
        errors.append(FieldError("subjects", M.SUBJECT_NAMED_TWICE()))
    return errors


def check_qualification(
    index: int, sector: str, subject: str | None, basis: str
) -> list[FieldError]:
    """Rules for one qualification given at admission."""
    prefix = f"qualifications[{index}]"
    errors = _check_enum(sector, Sector, f"{prefix}.sector")
    errors += _check_enum(basis, Basis, f"{prefix}.basis")
    if sector in SECTORS_WITH_SUBJECTS and not (subject and subject.strip()):
        errors.append(
            FieldError(f"{prefix}.subject", M.QUALIFICATION_SUBJECT_REQUIRED(sector=sector))
        )
    if sector == Sector.PO and subject:
        errors.append(FieldError(f"{prefix}.subject", M.PO_QUALIFICATION_WITH_SUBJECT()))
    return errors


class Teacher(Aggregate):
    """A person's file: qualifications, appointments, leave, activities and decisions."""

    class Event(Aggregate.Event):
        """Every change to a file says who made it, why, and in which request."""

        actor: Actor
        reason: str | None
        correlation_id: str

    class Admitted(Event, Aggregate.Created):
        """The person was entered in the register or the pre-register."""

        register_number: str
        bsn: str
        person_key: str
        name: Name
        birth_date: date
        registered_on: date
        qualifications: list[dict[str, Any]]

        def apply(self, aggregate: Teacher) -> None:
            aggregate.register_number = self.register_number
            aggregate.bsn = self.bsn
            aggregate.person_key = self.person_key
            aggregate.name = self.name
            aggregate.birth_date = self.birth_date
            aggregate.registered_on = self.registered_on
            for q in self.qualifications:
                aggregate._add_qualification(q, self.registered_on)

    class QualificationAdded(Event):
        """A further qualification was admitted to an existing file."""

        qualification: dict[str, Any]
        registered_on: date

        def apply(self, aggregate: Teacher) -> None:
            aggregate._add_qualification(self.qualification, self.registered_on)

    class PersonalDataCorrected(Event):
        """Name or date of birth was corrected."""

        name: Name | None
        birth_date: date | None

        def apply(self, aggregate: Teacher) -> None:
            if self.name is not None:
                aggregate.name = self.name
            if self.birth_date is not None:
                aggregate.birth_date = self.birth_date

    class PersonalDataErased(Event):
        """The person's personal data were erased (crypto-shredding; see docs/privacy.md).

        Carries no personal data: the day, and the retention policy that allowed it. Their key
        is destroyed after this event is stored; what the file held of them reads as
        placeholders from here on, dates, statuses and decisions intact.
        """

        erased_on: date
        retention: dict[str, Any]

        def apply(self, aggregate: Teacher) -> None:
            aggregate.bsn = ""
            aggregate.name = ERASED_NAME
            aggregate.birth_date = ERASED_DATE
            for activity in aggregate.activities.values():
                activity.title = ERASED_TEXT
                activity.evidence = activity.evidence and ERASED_TEXT
                activity.reflection = activity.reflection and ERASED_TEXT
                activity.evidence_reference = activity.evidence_reference and ERASED_TEXT
                activity.withdrawn_reason = activity.withdrawn_reason and ERASED_TEXT
            for appointment in aggregate.appointments.values():
                appointment.dispute_reason = appointment.dispute_reason and ERASED_TEXT
            for proposal in aggregate.proposals.values():
                proposal.view = proposal.view and ERASED_TEXT
            for received in aggregate.received_peer_requests.values():
                received.remark = received.remark and ERASED_TEXT
            for share in aggregate.shares.values():
                share.note = share.note and ERASED_TEXT
            aggregate.erased_on = self.erased_on

    class PublicEntryExpired(Event):
        """An annotation or a strike-off ground left the public view: its time under the
        retention policy is up (it stays in the file and its history)."""

        qualification_id: str
        decision_id: str
        entry: str  # "annotation" or "strike_off"
        visible_until: date
        retention: dict[str, Any]

        def apply(self, aggregate: Teacher) -> None:
            aggregate.expired_public.add(self.decision_id)

    class AppointmentRecorded(Event):
        """An appointment at a school was recorded (or updated, for the same id)."""

        appointment_id: str
        board_number: str
        brin: str
        start: date
        end: date | None
        fte: Decimal
        basis: str
        contract_start: date | None
        contract_end: date | None
        #: Added later: None in events stored before appointments stated them.
        sector: str | None = None
        subjects: list[str] | None = None

        def apply(self, aggregate: Teacher) -> None:
            earlier = aggregate.appointments.get(self.appointment_id)
            aggregate.appointments[self.appointment_id] = Appointment(
                appointment_id=self.appointment_id,
                board_number=self.board_number,
                brin=self.brin,
                start=self.start,
                end=self.end,
                fte=self.fte,
                basis=self.basis,
                contract_start=self.contract_start,
                contract_end=self.contract_end,
                recorded_at_version=self.originator_version,
                recorded_on=earlier.recorded_on
                if earlier is not None and earlier.confirmation != "disputed"
                else self.timestamp.date(),
                sector=self.sector,
                subjects=tuple(self.subjects) if self.subjects is not None else None,
            )

    class LeaveRecorded(Event):
        """Leave was recorded; once approved it extends the registration periods it overlaps.

        ``status`` (added later) is ``pending`` for the teacher's own report and ``approved``
        when the registrar or the employer recorded it; events stored before it have none and
        count as approved, as they were accepted under the rules of their day.
        """

        leave_id: str
        kind: str
        start: date
        end: date
        status: str = LeaveStatus.APPROVED

        def apply(self, aggregate: Teacher) -> None:
            approved = self.status == LeaveStatus.APPROVED
            aggregate.leaves[self.leave_id] = Leave(
                self.leave_id,
                self.kind,
                self.start,
                self.end,
                self.originator_version,
                status=self.status,
                approved_at_version=self.originator_version if approved else None,
            )

    class LeaveApproved(Event):
        """The registrar approved leave the teacher reported; from now on it counts.

        Kind and dates are repeated so a read model needs no other event.
        """

        leave_id: str
        kind: str
        start: date
        end: date

        def apply(self, aggregate: Teacher) -> None:
            leave = aggregate.leaves[self.leave_id]
            leave.status = LeaveStatus.APPROVED
            leave.approved_at_version = self.originator_version

    class LeaveRejected(Event):
        """The registrar rejected leave the teacher reported; ``reason`` says why."""

        leave_id: str

        def apply(self, aggregate: Teacher) -> None:
            leave = aggregate.leaves[self.leave_id]
            leave.status = LeaveStatus.REJECTED
            leave.rejection_reason = self.reason

    class ActivityRecorded(Event):
        """The teacher recorded a professional development activity."""

        activity_id: str
        kind: str
        title: str
        occurred_on: date
        contact_hours: Decimal
        self_study_hours: Decimal
        competence_areas: list[str]
        offering_id: str | None
        evidence: str | None
        reflection: str | None
        cost: Cost | None
        #: Added later: None in events stored before (all qualifications, no reference, not
        #: from a provider's participation report).
        qualification_ids: list[str] | None = None
        evidence_reference: str | None = None
        participation_id: str | None = None

        def apply(self, aggregate: Teacher) -> None:
            if self.participation_id is not None:
                aggregate.participations_confirmed[self.participation_id] = self.activity_id
                reported = aggregate.participations.get(self.participation_id)
                if reported is not None:
                    reported.activity_id = self.activity_id
            # Every field of the event that the activity holds is copied (a field added to
            # the event and the activity follows by itself); the rest are the event's own.
            aggregate.activities[self.activity_id] = Activity(
                **{name: getattr(self, name) for name in _recorded_fields(type(self))},
                competence_areas=list(self.competence_areas),
                recorded_at_version=self.originator_version,
                qualification_ids=tuple(self.qualification_ids)
                if self.qualification_ids is not None
                else None,
            )

    class ParticipationReported(Event):
        """A provider reported that the teacher completed one of its offerings; the teacher
        confirms it (which records the activity) or leaves it."""

        participation_id: str
        provider_id: str
        offering_id: str
        offering_title: str
        completed_on: date
        contact_hours: Decimal
        self_study_hours: Decimal
        competence_areas: list[str]
        delivery_id: str

        def apply(self, aggregate: Teacher) -> None:
            aggregate.participations[self.participation_id] = Participation(
                participation_id=self.participation_id,
                provider_id=self.provider_id,
                offering_id=self.offering_id,
                offering_title=self.offering_title,
                completed_on=self.completed_on,
                contact_hours=self.contact_hours,
                self_study_hours=self.self_study_hours,
                competence_areas=tuple(self.competence_areas),
                delivery_id=self.delivery_id,
                activity_id=aggregate.participations_confirmed.get(self.participation_id),
            )

    class ActivityJudged(Event):
        """The registrar checked an activity drawn in a sample: accepted, or rejected (it no
        longer counts); `reason` says why, and the teacher sees it."""

        sample_id: str
        activity_id: str
        outcome: str

        def apply(self, aggregate: Teacher) -> None:
            activity = aggregate.activities[self.activity_id]
            activity.sample_id = self.sample_id
            activity.sample_outcome = self.outcome
            activity.sample_reason = self.reason

    class ActivityWithdrawn(Event):
        """An activity no longer counts; it stays in the history."""

        activity_id: str

        def apply(self, aggregate: Teacher) -> None:
            activity = aggregate.activities[self.activity_id]
            activity.withdrawn = True
            activity.withdrawn_reason = self.reason

    class Decided(Event):
        """Base of decision events: each carries its decision receipt."""

        qualification_id: str
        decision: dict[str, Any]

        def apply(self, aggregate: Teacher) -> None:
            aggregate.decisions.append(
                {
                    "decision_id": self.decision["decision_id"],
                    "kind": self.decision["kind"],
                    "qualification_id": self.qualification_id,
                    "outcome": self.decision["outcome"],
                    "decided_on": self.decision["decided_on"],
                    "version": self.originator_version,
                }
            )

    class ReRegistered(Decided):
        """The qualification was re-registered for a new period."""

        new_period_start: date

        def apply(self, aggregate: Teacher) -> None:
            super().apply(aggregate)
            q = aggregate.qualifications[self.qualification_id]
            q.period_start = self.new_period_start
            q.history.append(
                {"status": q.status, "from": self.new_period_start, "event": "re_registered"}
            )

    class Annotated(Decided):
        """A shortfall was annotated (transition rule); a new period began."""

        new_period_start: date

        def apply(self, aggregate: Teacher) -> None:
            super().apply(aggregate)
            q = aggregate.qualifications[self.qualification_id]
            q.annotations.append(
                {"decision_id": self.decision["decision_id"], "on": self.decision["decided_on"]}
            )
            q.period_start = self.new_period_start
            q.history.append(
                {"status": q.status, "from": self.new_period_start, "event": "annotated"}
            )

    class StruckOff(Decided):
        """The qualification was struck off the register."""

        ground: str
        effective_on: date

        def apply(self, aggregate: Teacher) -> None:
            super().apply(aggregate)
            q = aggregate.qualifications[self.qualification_id]
            q.status = QualificationStatus.STRUCK_OFF
            q.struck_off_ground = self.ground
            q.history.append({"status": q.status, "from": self.effective_on, "event": "struck_off"})

    class Reinstated(Decided):
        """A struck-off qualification returned to the register."""

        new_period_start: date

        def apply(self, aggregate: Teacher) -> None:
            super().apply(aggregate)
            q = aggregate.qualifications[self.qualification_id]
            q.status = QualificationStatus.REGISTERED
            q.struck_off_ground = None
            q.period_start = self.new_period_start
            q.history.append(
                {"status": q.status, "from": self.new_period_start, "event": "reinstated"}
            )

    class MovedToRegister(Decided):
        """A pre-registered qualification moved into the register once qualified."""

        new_period_start: date

        def apply(self, aggregate: Teacher) -> None:
            super().apply(aggregate)
            q = aggregate.qualifications[self.qualification_id]
            q.status = QualificationStatus.REGISTERED
            q.basis = Basis.DIPLOMA
            q.period_start = self.new_period_start
            q.history.append(
                {"status": q.status, "from": self.new_period_start, "event": "moved_to_register"}
            )

    class PreregisterExpired(Event):
        """The pre-register's term for the qualification's basis passed without a move to the
        register; from ``expired_on`` the person may not teach on that basis.

        Recorded by run-due on the register's date: ``stay_end`` is the term's last day
        (leave included), ``policy`` the criteria version whose term applied, ``legal_basis``
        and ``trace`` say on what it rests.
        """

        qualification_id: str
        basis: str
        expired_on: date
        stay_end: date
        policy: dict[str, Any]
        legal_basis: list[dict[str, Any]]
        trace: list[dict[str, Any]]

        def apply(self, aggregate: Teacher) -> None:
            q = aggregate.qualifications[self.qualification_id]
            q.status = QualificationStatus.PREREGISTER_EXPIRED
            q.history.append(
                {"status": q.status, "from": self.expired_on, "event": "preregister_expired"}
            )

    class DecisionReplaced(Decided):
        """A new decision took the place of one revoked on a well-founded objection
        (Awb 7:11(2)); its receipt names the decision it replaces and the ruling that took it.
        The state it holds was set by the `DecisionRevoked` written with it."""

        replaces: str

    class DecisionRevoked(Event):
        """A decision was revoked (e.g. on a well-founded objection); state returns as it was."""

        decision_id: str
        qualification_id: str
        restored: dict[str, Any]

        def apply(self, aggregate: Teacher) -> None:
            q = aggregate.qualifications[self.qualification_id]
            q.status = self.restored["status"]
            q.period_start = self.restored["period_start"]
            q.struck_off_ground = self.restored.get("struck_off_ground")
            q.annotations = [a for a in q.annotations if a["decision_id"] != self.decision_id]
            q.history.append(
                {"status": q.status, "from": self.restored["from"], "event": "decision_revoked"}
            )
            for d in aggregate.decisions:
                if d["decision_id"] == self.decision_id:
                    d["revoked"] = True

    class AppointmentConfirmed(Event):
        """The teacher confirmed an appointment as the employer delivered it."""

        appointment_id: str

        def apply(self, aggregate: Teacher) -> None:
            appointment = aggregate.appointments[self.appointment_id]
            appointment.confirmation = "confirmed"
            appointment.dispute_reason = None

    class AppointmentDisputed(Event):
        """The teacher disputed a delivered appointment; `reason` says what is wrong.

        Board, school and start are repeated so the employer's view needs no other event.
        """

        appointment_id: str
        board_number: str
        brin: str
        start: date

        def apply(self, aggregate: Teacher) -> None:
            appointment = aggregate.appointments[self.appointment_id]
            appointment.confirmation = "disputed"
            appointment.dispute_reason = self.reason

    class StrikeOffProposed(Event):
        """The registrar intends to strike a qualification off on its own initiative; the
        teacher may give their view until `view_due` (Awb 4:8).

        `assessment` (added later; None in events stored before it, and for a proposal the
        registrar made by hand) is the re-registration assessment a proposal made at
        re-registration rests on: the criteria version, the day and period judged, the
        shortfalls and the trace.
        """

        proposal_id: str
        qualification_id: str
        ground: str
        proposed_on: date
        view_due: date
        assessment: dict[str, Any] | None = None

        def apply(self, aggregate: Teacher) -> None:
            aggregate.proposals[self.proposal_id] = StrikeOffProposal(
                proposal_id=self.proposal_id,
                qualification_id=self.qualification_id,
                ground=self.ground,
                grounds=self.reason,
                proposed_on=self.proposed_on,
                view_due=self.view_due,
                assessment=self.assessment,
            )

    class ViewGiven(Event):
        """The teacher gave their view (zienswijze) on an intended strike-off."""

        proposal_id: str
        view: str
        given_on: date

        def apply(self, aggregate: Teacher) -> None:
            proposal = aggregate.proposals[self.proposal_id]
            proposal.view = self.view
            proposal.view_given_on = self.given_on

    class ProposalClosed(Event):
        """An intended strike-off was decided (`decision_id`) or withdrawn (None)."""

        proposal_id: str
        decision_id: str | None

        def apply(self, aggregate: Teacher) -> None:
            proposal = aggregate.proposals[self.proposal_id]
            proposal.status = "decided" if self.decision_id else "withdrawn"
            proposal.decision_id = self.decision_id

    class OfferingRated(Event):
        """The teacher rated an offering they followed (1 to 5, optional comment)."""

        offering_id: str
        activity_id: str
        score: int
        comment: str | None

        def apply(self, aggregate: Teacher) -> None:
            aggregate.ratings[self.offering_id] = self.score

    class PeerConfirmationRequested(Event):
        """The teacher asked a colleague, named by register number, to confirm a peer
        activity; the colleague can answer until ``expires_on`` (``term``: the days, the
        policy and its source, :mod:`policies.peers`). ``colleague_name`` is kept under the
        colleague's key."""

        request_id: str
        activity_id: str
        colleague_id: str
        colleague_register_number: str
        colleague_name: str
        requested_on: date
        expires_on: date
        term: dict[str, Any]

        def apply(self, aggregate: Teacher) -> None:
            aggregate.peer_requests[self.request_id] = PeerRequest(
                request_id=self.request_id,
                activity_id=self.activity_id,
                colleague_id=self.colleague_id,
                colleague_register_number=self.colleague_register_number,
                colleague_name=self.colleague_name,
                requested_on=self.requested_on,
                expires_on=self.expires_on,
                term=dict(self.term),
            )
            aggregate.activities[self.activity_id].peer_request_id = self.request_id

    class PeerConfirmationAnswered(Event):
        """The colleague answered the teacher's request: ``confirmed`` or ``declined``, with
        an optional ``remark`` (kept under the colleague's key). ``same_board`` says whether
        the appointments showed both at one board at the same time (``boards``); a
        confirmation without is marked "not at the same board" and counts as before."""

        request_id: str
        activity_id: str
        colleague_id: str
        answer: str
        answered_on: date
        remark: str | None
        same_board: bool
        boards: list[str]

        def apply(self, aggregate: Teacher) -> None:
            request = aggregate.peer_requests[self.request_id]
            request.status = self.answer
            request.answered_on = self.answered_on
            request.remark = self.remark
            request.same_board = self.same_board
            request.boards = tuple(self.boards)
            if self.answer == "confirmed":
                activity = aggregate.activities[self.activity_id]
                activity.peer_confirmed_at_version = self.originator_version
                activity.peer_same_board = self.same_board

    class PeerRequestReceived(Event):
        """A colleague asked this teacher to confirm one of their peer activities. Holds only
        what the teacher is shown: the requester's name and the activity's kind, title and
        date (kept under the requester's key)."""

        request_id: str
        requester_id: str
        requester_name: str
        activity_kind: str
        activity_title: str
        occurred_on: date
        requested_on: date
        expires_on: date

        def apply(self, aggregate: Teacher) -> None:
            aggregate.received_peer_requests[self.request_id] = ReceivedPeerRequest(
                request_id=self.request_id,
                requester_id=self.requester_id,
                requester_name=self.requester_name,
                activity_kind=self.activity_kind,
                activity_title=self.activity_title,
                occurred_on=self.occurred_on,
                requested_on=self.requested_on,
                expires_on=self.expires_on,
            )

    class PeerRequestAnswered(Event):
        """This teacher answered a colleague's request (confirmed or declined, optional
        remark); the same answer is recorded on the colleague's file."""

        request_id: str
        requester_id: str
        answer: str
        answered_on: date
        remark: str | None
        same_board: bool

        def apply(self, aggregate: Teacher) -> None:
            received = aggregate.received_peer_requests[self.request_id]
            received.status = self.answer
            received.answered_on = self.answered_on
            received.remark = self.remark
            received.same_board = self.same_board

    class OverviewShared(Event):
        """The teacher shared a development overview with one board until `until`: the
        progress of the qualifications listed, the activities listed and an optional note."""

        share_id: str
        board_number: str
        qualification_ids: list[str]
        activity_ids: list[str]
        note: str | None
        shared_on: date
        until: date

        def apply(self, aggregate: Teacher) -> None:
            aggregate.shares[self.share_id] = Share(
                share_id=self.share_id,
                board_number=self.board_number,
                qualification_ids=tuple(self.qualification_ids),
                activity_ids=tuple(self.activity_ids),
                note=self.note,
                shared_on=self.shared_on,
                until=self.until,
            )

    class ShareRevoked(Event):
        """The teacher revoked a share: the board sees nothing of it from now on.

        The board is repeated so the board's list needs no other event."""

        share_id: str
        board_number: str
        revoked_on: date

        def apply(self, aggregate: Teacher) -> None:
            aggregate.shares[self.share_id].revoked_on = self.revoked_on

    def __init__(self) -> None:
        self.register_number = ""
        self.bsn = ""
        self.person_key = ""
        self.name = Name("", "", "", "")
        self.birth_date = date.min
        self.registered_on = date.min
        self.qualifications: dict[str, Qualification] = {}
        self.appointments: dict[str, Appointment] = {}
        self.leaves: dict[str, Leave] = {}
        self.activities: dict[str, Activity] = {}
        self.decisions: list[dict[str, Any]] = []
        self.proposals: dict[str, StrikeOffProposal] = {}
        self.ratings: dict[str, int] = {}
        #: Participation a provider reported, waiting for (or given) the teacher's confirmation.
        self.participations: dict[str, Participation] = {}
        #: Participation id -> the activity that confirmed it.
        self.participations_confirmed: dict[str, str] = {}
        self.erased_on: date | None = None
        #: Development overviews shared with a board (:class:`Share`), by share id.
        self.shares: dict[str, Share] = {}
        #: Decisions whose annotation or strike-off ground left the public view.
        self.expired_public: set[str] = set()
        #: Requests to colleagues to confirm a peer activity, and requests from colleagues.
        self.peer_requests: dict[str, PeerRequest] = {}
        self.received_peer_requests: dict[str, ReceivedPeerRequest] = {}

    # -- state helpers (used by apply only) ---------------------------------------------------

    def _add_qualification(self, q: dict[str, Any], registered_on: date) -> None:
        status = q["status"]
        self.qualifications[q["qualification_id"]] = Qualification(
            qualification_id=q["qualification_id"],
            sector=q["sector"],
            subject=q.get("subject"),
            basis=q["basis"],
            status=status,
            admitted_on=registered_on,
            period_start=registered_on,
            period_years=q.get("period_years", DEFAULT_PERIOD_YEARS),
            history=[{"status": status, "from": registered_on, "event": "admitted"}],
        )

    # -- queries ------------------------------------------------------------------------------

    def leave_periods(self) -> list[tuple[date, date]]:
        """Approved leave as (start, end) pairs: pending or rejected leave extends nothing."""
        return [(leave.start, leave.end) for leave in self.leaves.values() if leave.approved]

    def period_end(self, qualification_id: str) -> date:
        """Last day of the qualification's current registration period, leave included."""
        q = self.qualification(qualification_id)
        return period_end(q.period_start, q.period_years, self.leave_periods())

    def qualification(self, qualification_id: str) -> Qualification:
        """The qualification, or a clear refusal."""
        try:
            return self.qualifications[qualification_id]
        except KeyError:
            raise NotFoundError(
                M.TEACHER_NO_QUALIFICATION(teacher_id=self.id, qualification_id=qualification_id)
            ) from None

    def is_deceased(self) -> bool:
        return any(
            q.struck_off_ground == StrikeOffGround.DECEASED for q in self.qualifications.values()
        )

    # -- commands -----------------------------------------------------------------------------

    @classmethod
    def admit(
        cls,
        *,
        teacher_id: UUID,
        register_number: str,
        bsn: str,
        person_key: str,
        name: Name,
        birth_date: date,
        registered_on: date,
        qualifications: list[dict[str, Any]],
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> Teacher:
        """Admit a person into the register (diploma) or the pre-register (otherwise)."""
        errors: list[FieldError] = []
        if not bsn_is_valid(bsn):
            errors.append(FieldError("bsn", M.BSN_INVALID()))
        if not name.family_name.strip():
            errors.append(FieldError("name.family_name", M.FAMILY_NAME_REQUIRED()))
        if not name.initials.strip():
            errors.append(FieldError("name.initials", M.INITIALS_REQUIRED()))
        if birth_date > today:
            errors.append(FieldError("birth_date", M.BIRTH_DATE_IN_FUTURE()))
        elif birth_date.year < today.year - 100:
            errors.append(FieldError("birth_date", M.BIRTH_DATE_TOO_EARLY()))
        elif birth_date > date(today.year - 15, today.month, 1):
            errors.append(FieldError("birth_date", M.TEACHER_TOO_YOUNG()))
        if registered_on > today:
            errors.append(FieldError("registered_on", M.REGISTRATION_IN_FUTURE()))
        if registered_on < birth_date:
            errors.append(FieldError("registered_on", M.REGISTRATION_BEFORE_BIRTH()))
        if not qualifications:
            errors.append(FieldError("qualifications", M.QUALIFICATION_REQUIRED()))
        seen: set[tuple[str, str | None]] = set()
        for i, q in enumerate(qualifications):
            errors += check_qualification(i, q["sector"], q.get("subject"), q["basis"])
            key = (q["sector"], (q.get("subject") or "").strip().lower() or None)
            if key in seen:
                errors.append(FieldError(f"qualifications[{i}]", M.QUALIFICATION_NAMED_TWICE()))
            seen.add(key)
        if errors:
            raise InvalidInputError(M.ADMISSION_BREAKS_RULES(), errors)
        quals = [
            {
                "qualification_id": q["qualification_id"],
                "sector": q["sector"],
                "subject": (q.get("subject") or None),
                "basis": q["basis"],
                "status": QualificationStatus.REGISTERED
                if q["basis"] == Basis.DIPLOMA
                else QualificationStatus.PREREGISTERED,
                "period_years": q.get("period_years", DEFAULT_PERIOD_YEARS),
            }
            for q in qualifications
        ]
        return cls._create(
            cls.Admitted,
            id=teacher_id,
            register_number=register_number,
            bsn=bsn,
            person_key=person_key,
            name=name,
            birth_date=birth_date,
            registered_on=registered_on,
            qualifications=quals,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def add_qualification(
        self,
        *,
        qualification: dict[str, Any],
        registered_on: date,
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """Admit one more qualification to this file."""
        errors = check_qualification(
            0, qualification["sector"], qualification.get("subject"), qualification["basis"]
        )
        if registered_on > today:
            errors.append(FieldError("registered_on", M.REGISTRATION_IN_FUTURE()))
        for held in self.qualifications.values():
            wanted = (qualification.get("subject") or "").lower()
            if held.sector == qualification["sector"] and (held.subject or "").lower() == wanted:
                raise ConflictError(M.QUALIFICATION_ALREADY_ON_FILE())
        if errors:
            raise InvalidInputError(M.QUALIFICATION_BREAKS_RULES(), errors)
        q = dict(qualification)
        q["status"] = (
            QualificationStatus.REGISTERED
            if q["basis"] == Basis.DIPLOMA
            else QualificationStatus.PREREGISTERED
        )
        q.setdefault("period_years", DEFAULT_PERIOD_YEARS)
        self.trigger_event(
            self.QualificationAdded,
            qualification=q,
            registered_on=registered_on,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def correct_personal_data(
        self,
        *,
        name: Name | None,
        birth_date: date | None,
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """Correct name or date of birth; a reason is required for the audit trail."""
        errors: list[FieldError] = []
        if name is None and birth_date is None:
            errors.append(FieldError("name", M.CORRECTION_EMPTY()))
        if name is not None and not name.family_name.strip():
            errors.append(FieldError("name.family_name", M.FAMILY_NAME_REQUIRED()))
        if birth_date is not None and birth_date > today:
            errors.append(FieldError("birth_date", M.BIRTH_DATE_IN_FUTURE()))
        if not (reason and reason.strip()):
            errors.append(FieldError("reason", M.CORRECTION_REASON_REQUIRED()))
        if errors:
            raise InvalidInputError(M.CORRECTION_BREAKS_RULES(), errors)
        self.trigger_event(
            self.PersonalDataCorrected,
            name=name,
            birth_date=birth_date,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def record_appointment(
        self,
        *,
        appointment_id: str,
        board_number: str,
        brin: str,
        start: date,
        end: date | None,
        fte: Decimal,
        basis: str,
        contract_start: date | None,
        contract_end: date | None,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        sector: str | None = None,
        subjects: list[str] | None = None,
    ) -> None:
        """Record an appointment at a school (one per command; bulk delivery builds on this).

        ``sector`` and ``subjects`` say what is taught; an appointment without them stays
        valid and is flagged "not stated"."""
        subjects = [s.strip() for s in subjects if s.strip()] if subjects else None
        errors = appointment_errors(
            board_number,
            brin,
            start,
            end,
            fte,
            basis,
            contract_start,
            contract_end,
            sector=sector,
            subjects=subjects,
        )
        if errors:
            raise InvalidInputError(M.APPOINTMENT_BREAKS_RULES(), errors)
        self.trigger_event(
            self.AppointmentRecorded,
            appointment_id=appointment_id,
            board_number=board_number,
            brin=brin,
            start=start,
            end=end,
            fte=fte,
            basis=basis,
            contract_start=contract_start,
            contract_end=contract_end,
            sector=sector,
            subjects=subjects or None,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def record_leave(
        self,
        command: RecordLeave,
        *,
        leave_id: str,
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> str:
        """Record leave; returns the id of the leave it concerns. Recorded by the registrar or
        the employer it counts at once; the teacher's own report is pending until the
        registrar approves it, or until the employer delivers the same leave (same first and
        last day), which approves that report instead of recording it twice. ``other`` leave
        is the registrar's to record."""
        kind, start, end = command.kind, command.start, command.end
        errors = _check_enum(kind, LeaveKind, "kind")
        if not errors and kind not in LEAVE_KINDS_RECORDED:
            if kind == LeaveKind.ILLNESS:
                errors.append(FieldError("kind", M.LEAVE_ILLNESS_IS_SICKNESS()))
            elif actor.role != "registrar":
                errors.append(
                    FieldError(
                        "kind",
                        M.LEAVE_KIND_REGISTRAR_ONLY(
                            kind=repr(kind), allowed=sorted(LEAVE_KINDS_RECORDED)
                        ),
                    )
                )
        if leave_id in self.leaves:
            raise ConflictError(M.LEAVE_ALREADY_RECORDED(leave_id=leave_id))
        if end < start:
            errors.append(FieldError("end", M.LEAVE_ENDS_BEFORE_STARTS()))
        if start > today:
            errors.append(FieldError("start", M.LEAVE_IN_FUTURE()))
        if (end - start).days > 366 * 5:
            errors.append(FieldError("end", M.LEAVE_TOO_LONG()))
        if errors:
            raise InvalidInputError(M.LEAVE_BREAKS_RULES(), errors)
        if actor.role == "employer":
            reported = next(
                (
                    lv
                    for lv in self.leaves.values()
                    if lv.status == LeaveStatus.PENDING and (lv.start, lv.end) == (start, end)
                ),
                None,
            )
            if reported is not None:
                self.trigger_event(
                    self.LeaveApproved,
                    leave_id=reported.leave_id,
                    kind=reported.kind,
                    start=start,
                    end=end,
                    actor=actor,
                    reason=reason or "delivered by the employer",
                    correlation_id=correlation_id,
                )
                return reported.leave_id
        self.trigger_event(
            self.LeaveRecorded,
            leave_id=leave_id,
            kind=kind,
            start=start,
            end=end,
            status=LeaveStatus.APPROVED
            if actor.role in LEAVE_APPROVED_ON_RECORD
            else LeaveStatus.PENDING,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )
        return leave_id

    def _pending_leave(self, leave_id: str) -> Leave:
        leave = self.leaves.get(leave_id)
        if leave is None:
            raise NotFoundError(M.TEACHER_NO_LEAVE(teacher_id=self.id, leave_id=leave_id))
        if leave.status != LeaveStatus.PENDING:
            raise ConflictError(M.LEAVE_NOT_PENDING(leave_id=leave_id, status=leave.status))
        return leave

    def approve_leave(
        self, *, leave_id: str, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """The registrar approves leave the teacher reported: it extends periods from now on."""
        leave = self._pending_leave(leave_id)
        self.trigger_event(
            self.LeaveApproved,
            leave_id=leave_id,
            kind=leave.kind,
            start=leave.start,
            end=leave.end,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def reject_leave(
        self, *, leave_id: str, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """The registrar rejects leave the teacher reported, saying why."""
        self._pending_leave(leave_id)
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.REJECTION_REASON_REQUIRED())
        self.trigger_event(
            self.LeaveRejected,
            leave_id=leave_id,
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )

    def record_activity(
        self,
        command: RecordActivity,
        *,
        activity_id: str,
        today: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        offering: OfferingTerms | None = None,
    ) -> None:
        """Record a professional development activity in the portfolio.

        ``offering`` is what the register holds of the offering named (None when none is, or
        it is unknown): on one validated that day, the hours claimed are capped by the
        validated hours; any other activity needs evidence (:mod:`domain.activity_rules`).
        ``qualification_ids`` names the qualifications it serves (None: all). Every field of
        the command is recorded in the event (a field added to both follows by itself)."""
        kind, title, occurred_on = command.kind, command.title, command.occurred_on
        contact_hours, self_study_hours = command.contact_hours, command.self_study_hours
        competence_areas, cost = list(command.competence_areas), command.cost
        participation_id = command.participation_id
        evidence, evidence_reference = command.evidence, command.evidence_reference
        qualification_ids = (
            list(command.qualification_ids) if command.qualification_ids is not None else None
        )
        if self.is_deceased():
            raise ConflictError(M.FILE_CLOSED_DECEASED())
        errors = _check_enum(kind, ActivityKind, "kind")
        if not title.strip():
            errors.append(FieldError("title", M.TITLE_REQUIRED()))
        if occurred_on > today:
            errors.append(FieldError("occurred_on", M.ACTIVITY_IN_FUTURE()))
        if occurred_on < self.birth_date:
            errors.append(FieldError("occurred_on", M.ACTIVITY_BEFORE_BIRTH()))
        if contact_hours < 0:
            errors.append(FieldError("contact_hours", M.HOURS_NEGATIVE()))
        if self_study_hours < 0:
            errors.append(FieldError("self_study_hours", M.HOURS_NEGATIVE()))
        if contact_hours + self_study_hours <= 0:
            errors.append(FieldError("contact_hours", M.ACTIVITY_HOURS_ZERO()))
        if contact_hours + self_study_hours > MAX_HOURS_PER_ACTIVITY:
            errors.append(
                FieldError(
                    "contact_hours", M.ACTIVITY_HOURS_TOO_MANY(max_hours=MAX_HOURS_PER_ACTIVITY)
                )
            )
        if not competence_areas:
            errors.append(FieldError("competence_areas", M.COMPETENCE_AREA_REQUIRED()))
        for i, area in enumerate(competence_areas):
            errors += _check_enum(area, CompetenceArea, f"competence_areas[{i}]")
        if len(set(competence_areas)) != len(competence_areas):
            errors.append(FieldError("competence_areas", M.COMPETENCE_AREA_NAMED_TWICE()))
        if cost is not None:
            errors += _check_enum(cost.paid_by, Payer, "cost.paid_by")
            if cost.amount < 0:
                errors.append(FieldError("cost.amount", M.COST_NEGATIVE()))
        errors += hours_errors(offering, contact_hours, self_study_hours)
        errors += evidence_errors(offering, evidence, evidence_reference)
        errors += self._served_errors(qualification_ids)
        if activity_id in self.activities:
            raise ConflictError(M.ACTIVITY_ALREADY_RECORDED(activity_id=activity_id))
        if participation_id is not None:
            self.participation(participation_id)  # a report this file holds
            confirmed = self.participations_confirmed.get(participation_id)
            if confirmed is not None:
                raise ConflictError(
                    M.PARTICIPATION_ALREADY_CONFIRMED(
                        participation_id=participation_id, activity_id=confirmed
                    )
                )
        if errors:
            raise InvalidInputError(M.ACTIVITY_BREAKS_RULES(), errors)
        self.trigger_event(
            self.ActivityRecorded,
            activity_id=activity_id,
            **{
                **command.fields(),
                "title": title.strip(),
                "competence_areas": competence_areas,
                "qualification_ids": list(dict.fromkeys(qualification_ids))
                if qualification_ids is not None
                else None,
                "evidence_reference": (evidence_reference or "").strip() or None,
            },
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def _served_errors(self, qualification_ids: list[str] | None) -> list[FieldError]:
        """The qualifications an activity names must be on this file (None: all of them)."""
        if qualification_ids is None:
            return []
        if not qualification_ids:
            return [
                FieldError(
                    "qualification_ids",
                    M.QUALIFICATIONS_EMPTY(),
                )
            ]
        return [
            FieldError(f"qualification_ids[{i}]", M.FILE_NO_QUALIFICATION(qualification_id=qid))
            for i, qid in enumerate(qualification_ids)
            if qid not in self.qualifications
        ]

    def withdraw_activity(
        self, *, activity_id: str, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """Stop an activity from counting; it stays in the history with the reason."""
        activity = self.activities.get(activity_id)
        if activity is None:
            raise NotFoundError(M.TEACHER_NO_ACTIVITY(teacher_id=self.id, activity_id=activity_id))
        if activity.withdrawn:
            raise ConflictError(M.ACTIVITY_ALREADY_WITHDRAWN(activity_id=activity_id))
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.WITHDRAWAL_REASON_REQUIRED())
        self.trigger_event(
            self.ActivityWithdrawn,
            activity_id=activity_id,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def expire_preregistration(
        self,
        *,
        qualification_id: str,
        expired_on: date,
        stay_end: date,
        policy: dict[str, Any],
        legal_basis: list[dict[str, Any]],
        trace: list[dict[str, Any]],
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """Record that a pre-registered qualification's term has passed (the caller checked
        the term against the criteria); refused unless it is still pre-registered."""
        q = self.qualification(qualification_id)
        if q.status != QualificationStatus.PREREGISTERED:
            raise ConflictError(
                M.QUALIFICATION_NOT_PREREGISTERED(qualification_id=qualification_id)
            )
        if expired_on <= stay_end:
            raise ConflictError(
                M.PREREGISTER_TERM_RUNNING(
                    qualification_id=qualification_id, day=stay_end.isoformat()
                )
            )
        self.trigger_event(
            self.PreregisterExpired,
            qualification_id=qualification_id,
            basis=q.basis,
            expired_on=expired_on,
            stay_end=stay_end,
            policy=policy,
            legal_basis=legal_basis,
            trace=trace,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def record_decision(
        self,
        event_class: type[Decided],
        *,
        qualification_id: str,
        decision: dict[str, Any],
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        **fields: Any,
    ) -> None:
        """Record a decision the application service has taken, with its receipt."""
        q = self.qualification(qualification_id)
        if event_class is Teacher.StruckOff and q.status == QualificationStatus.STRUCK_OFF:
            raise ConflictError(
                M.QUALIFICATION_ALREADY_STRUCK_OFF(qualification_id=qualification_id)
            )
        if event_class is Teacher.Reinstated and q.status != QualificationStatus.STRUCK_OFF:
            raise ConflictError(M.QUALIFICATION_NOT_STRUCK_OFF(qualification_id=qualification_id))
        if event_class is Teacher.MovedToRegister and q.status not in PRE_REGISTER_STATUSES:
            raise ConflictError(
                M.QUALIFICATION_NOT_PREREGISTERED(qualification_id=qualification_id)
            )
        if (
            event_class in (Teacher.ReRegistered, Teacher.Annotated)
            and q.status != QualificationStatus.REGISTERED
        ):
            raise ConflictError(
                M.QUALIFICATION_NOT_REGISTERED(qualification_id=qualification_id, status=q.status)
            )
        self.trigger_event(
            event_class,
            qualification_id=qualification_id,
            decision=decision,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
            **fields,
        )

    # -- the procedures: checking delivered data, hearings, ratings ---------------------------

    def _appointment(self, appointment_id: str) -> Appointment:
        appointment = self.appointments.get(appointment_id)
        if appointment is None:
            raise NotFoundError(
                M.TEACHER_NO_APPOINTMENT(teacher_id=self.id, appointment_id=appointment_id)
            )
        return appointment

    def confirm_appointment(
        self, *, appointment_id: str, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """The teacher confirms a delivered appointment (also after disputing it)."""
        if self._appointment(appointment_id).confirmation == "confirmed":
            raise ConflictError(M.APPOINTMENT_ALREADY_CONFIRMED(appointment_id=appointment_id))
        self.trigger_event(
            self.AppointmentConfirmed,
            appointment_id=appointment_id,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def dispute_appointment(
        self, *, appointment_id: str, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """The teacher disputes a delivered appointment, saying what is wrong with it."""
        appointment = self._appointment(appointment_id)
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.DISPUTE_REASON_REQUIRED())
        if appointment.confirmation == "disputed":
            raise ConflictError(M.APPOINTMENT_ALREADY_DISPUTED(appointment_id=appointment_id))
        self.trigger_event(
            self.AppointmentDisputed,
            appointment_id=appointment_id,
            board_number=appointment.board_number,
            brin=appointment.brin,
            start=appointment.start,
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )

    def open_proposal(self, qualification_id: str) -> StrikeOffProposal | None:
        """The intended strike-off of a qualification still awaiting its decision, if any."""
        return next(
            (
                p
                for p in self.proposals.values()
                if p.qualification_id == qualification_id and p.status == "open"
            ),
            None,
        )

    def proposal(self, proposal_id: str) -> StrikeOffProposal:
        """The proposal, or a clear refusal."""
        try:
            return self.proposals[proposal_id]
        except KeyError:
            raise NotFoundError(
                M.TEACHER_NO_STRIKE_OFF_PROPOSAL(teacher_id=self.id, proposal_id=proposal_id)
            ) from None

    def propose_strike_off(
        self,
        *,
        proposal_id: str,
        qualification_id: str,
        ground: str,
        proposed_on: date,
        view_due: date,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
        assessment: dict[str, Any] | None = None,
    ) -> None:
        """Announce an intended strike-off on the registrar's own initiative (Awb 4:8);
        ``assessment`` when it follows from a re-registration's assessment."""
        q = self.qualification(qualification_id)
        errors = _check_enum(ground, StrikeOffGround, "ground")
        if not errors and ground in GROUNDS_WITHOUT_HEARING:
            errors.append(
                FieldError(
                    "ground",
                    M.STRIKE_OFF_NEEDS_NO_HEARING(ground=ground),
                )
            )
        if not (reason and reason.strip()):
            errors.append(FieldError("reason", M.PROPOSAL_REASON_REQUIRED()))
        if errors:
            raise InvalidInputError(M.STRIKE_OFF_PROPOSAL_REFUSED(), errors)
        if q.status == QualificationStatus.STRUCK_OFF:
            raise ConflictError(
                M.QUALIFICATION_ALREADY_STRUCK_OFF(qualification_id=qualification_id)
            )
        if self.open_proposal(qualification_id) is not None:
            raise ConflictError(M.PROPOSAL_ALREADY_OPEN(qualification_id=qualification_id))
        self.trigger_event(
            self.StrikeOffProposed,
            proposal_id=proposal_id,
            qualification_id=qualification_id,
            ground=ground,
            proposed_on=proposed_on,
            view_due=view_due,
            assessment=assessment,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def give_view(
        self, *, proposal_id: str, view: str, given_on: date, actor: Actor, correlation_id: str
    ) -> None:
        """The teacher's view on an intended strike-off, within the term and once."""
        proposal = self.proposal(proposal_id)
        if not view.strip():
            raise InvalidInputError.of("view", M.VIEW_EMPTY())
        if proposal.status != "open":
            raise ConflictError(
                M.PROPOSAL_ALREADY_CLOSED(proposal_id=proposal_id, status=proposal.status)
            )
        if proposal.view is not None:
            raise ConflictError(M.VIEW_ALREADY_GIVEN(proposal_id=proposal_id))
        if given_on > proposal.view_due:
            raise ConflictError(M.VIEW_TERM_ENDED(end_date=proposal.view_due.isoformat()))
        self.trigger_event(
            self.ViewGiven,
            proposal_id=proposal_id,
            view=view.strip(),
            given_on=given_on,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def close_proposal(
        self,
        *,
        proposal_id: str,
        decision_id: str | None,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """Close a proposal: decided on (with the decision) or withdrawn (without)."""
        proposal = self.proposal(proposal_id)
        if proposal.status != "open":
            raise ConflictError(
                M.PROPOSAL_ALREADY_CLOSED(proposal_id=proposal_id, status=proposal.status)
            )
        self.trigger_event(
            self.ProposalClosed,
            proposal_id=proposal_id,
            decision_id=decision_id,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )

    def rate_offering(
        self,
        *,
        offering_id: str,
        score: int,
        comment: str | None,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        """Rate an offering followed (an activity recorded with it); once per offering."""
        if not 1 <= score <= 5:
            raise InvalidInputError.of("score", M.RATING_OUT_OF_RANGE())
        followed = [
            a for a in self.activities.values() if a.offering_id == offering_id and not a.withdrawn
        ]
        if not followed:
            raise ConflictError(M.OFFERING_NOT_FOLLOWED(offering_id=offering_id))
        if offering_id in self.ratings:
            raise ConflictError(M.OFFERING_ALREADY_RATED(offering_id=offering_id))
        self.trigger_event(
            self.OfferingRated,
            offering_id=offering_id,
            activity_id=followed[0].activity_id,
            score=score,
            comment=(comment or "").strip() or None,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    # -- facts that count: participation and sample checks --------------------------------

    def report_participation(
        self,
        *,
        participation_id: str,
        offering: OfferingTerms,
        completed_on: date,
        contact_hours: Decimal,
        self_study_hours: Decimal,
        delivery_id: str,
        actor: Actor,
        correlation_id: str,
    ) -> bool:
        """Keep a provider's report of participation; False when the same report is already
        kept (a participation is reported once, whatever delivery repeats it)."""
        if participation_id in self.participations:
            return False
        self.trigger_event(
            self.ParticipationReported,
            participation_id=participation_id,
            provider_id=offering.provider_id,
            offering_id=offering.offering_id,
            offering_title=offering.title,
            completed_on=completed_on,
            contact_hours=contact_hours,
            self_study_hours=self_study_hours,
            competence_areas=list(offering.competence_areas),
            delivery_id=delivery_id,
            actor=actor,
            reason=f"participation delivery {delivery_id}",
            correlation_id=correlation_id,
        )
        return True

    def participation(self, participation_id: str) -> Participation:
        """The reported participation, or a clear refusal."""
        try:
            return self.participations[participation_id]
        except KeyError:
            raise NotFoundError(
                M.TEACHER_NO_PARTICIPATION(teacher_id=self.id, participation_id=participation_id)
            ) from None

    def judge_activity(
        self,
        *,
        sample_id: str,
        activity_id: str,
        outcome: str,
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """The registrar's judgement of an activity drawn in a sample, once, with a reason."""
        activity = self.activities.get(activity_id)
        if activity is None:
            raise NotFoundError(M.TEACHER_NO_ACTIVITY(teacher_id=self.id, activity_id=activity_id))
        errors: list[FieldError] = []
        if outcome not in SAMPLE_OUTCOMES:
            errors.append(
                FieldError("outcome", M.OUTCOME_UNKNOWN(outcomes=", ".join(SAMPLE_OUTCOMES)))
            )
        if not (reason and reason.strip()):
            errors.append(FieldError("reason", M.JUDGEMENT_REASON_REQUIRED()))
        if errors:
            raise InvalidInputError(M.JUDGEMENT_BREAKS_RULES(), errors)
        if activity.sample_outcome is not None:
            raise ConflictError(
                M.ACTIVITY_ALREADY_JUDGED(
                    activity_id=activity_id,
                    outcome=activity.sample_outcome,
                    sample_id=activity.sample_id,
                )
            )
        if activity.peer_confirmed:
            raise ConflictError(M.ACTIVITY_PEER_CONFIRMED_EXEMPT(activity_id=activity_id))
        self.trigger_event(
            self.ActivityJudged,
            sample_id=sample_id,
            activity_id=activity_id,
            outcome=outcome,
            actor=actor,
            reason=(reason or "").strip(),
            correlation_id=correlation_id,
        )

    # -- a colleague confirms a peer activity (policies.peers) ----------------------------

    def is_active_teacher(self) -> bool:
        """A registered teacher: a file with a qualification in the register or the
        pre-register, not erased."""
        return self.erased_on is None and any(
            q.status in (QualificationStatus.REGISTERED, QualificationStatus.PREREGISTERED)
            for q in self.qualifications.values()
        )

    def request_peer_confirmation(
        self,
        *,
        request_id: str,
        activity_id: str,
        colleague: Teacher,
        requested_on: date,
        expires_on: date,
        term: dict[str, Any],
        actor: Actor,
        correlation_id: str,
    ) -> None:
        """Ask a colleague to confirm a peer activity of this file; refused for oneself, for
        a person who is not a registered teacher, for an activity that is not a peer activity
        or no longer counts, and while a request is open or the activity is confirmed."""
        activity = self.activities.get(activity_id)
        if activity is None:
            raise NotFoundError(M.TEACHER_NO_ACTIVITY(teacher_id=self.id, activity_id=activity_id))
        field_name = "colleague_register_number"
        if colleague.id == self.id or (
            colleague.person_key and colleague.person_key == self.person_key
        ):
            raise InvalidInputError.of(field_name, M.PEER_IS_SELF())
        if not colleague.is_active_teacher():
            raise InvalidInputError.of(field_name, M.REGISTER_NUMBER_NOT_REGISTERED())
        if activity.kind not in PEER_KINDS:
            raise InvalidInputError.of(
                "activity_id",
                M.ACTIVITY_NOT_PEER_KIND(kinds=", ".join(sorted(PEER_KINDS))),
            )
        if activity.withdrawn:
            raise ConflictError(M.ACTIVITY_WITHDRAWN(activity_id=activity_id))
        if activity.sample_outcome is not None:
            raise ConflictError(
                M.ACTIVITY_ALREADY_SAMPLED(activity_id=activity_id, outcome=activity.sample_outcome)
            )
        if activity.peer_confirmed_at_version is not None:
            raise ConflictError(M.ACTIVITY_ALREADY_PEER_CONFIRMED(activity_id=activity_id))
        current = self.peer_requests.get(activity.peer_request_id or "")
        if current is not None and current.status_on(requested_on) == "open":
            raise ConflictError(
                M.ACTIVITY_PEER_REQUEST_OPEN(
                    activity_id=activity_id, until_date=current.expires_on.isoformat()
                )
            )
        self.trigger_event(
            self.PeerConfirmationRequested,
            request_id=request_id,
            activity_id=activity_id,
            colleague_id=str(colleague.id),
            colleague_register_number=colleague.register_number,
            colleague_name=colleague.name.display(),
            requested_on=requested_on,
            expires_on=expires_on,
            term=term,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )
        colleague.trigger_event(
            colleague.PeerRequestReceived,
            request_id=request_id,
            requester_id=str(self.id),
            requester_name=self.name.display(),
            activity_kind=activity.kind,
            activity_title=activity.title,
            occurred_on=activity.occurred_on,
            requested_on=requested_on,
            expires_on=expires_on,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def received_peer_request(self, request_id: str) -> ReceivedPeerRequest:
        """A colleague's request to this teacher, or a clear refusal."""
        try:
            return self.received_peer_requests[request_id]
        except KeyError:
            raise NotFoundError(
                M.TEACHER_NO_PEER_REQUEST(request_id=request_id, teacher_id=self.id)
            ) from None

    def answer_peer_request(
        self,
        *,
        request_id: str,
        requester: Teacher,
        answer: str,
        remark: str | None,
        today: date,
        boards: list[str],
        actor: Actor,
        correlation_id: str,
    ) -> None:
        """Confirm or decline a colleague's request, once and within its term; the answer is
        recorded on both files. ``boards`` are the boards the appointments show both at
        together (none: the confirmation is marked "not at the same board")."""
        received = self.received_peer_request(request_id)
        if received.requester_id != str(requester.id) or requester.id == self.id:
            raise NotFoundError(
                M.TEACHER_NO_PEER_REQUEST(request_id=request_id, teacher_id=self.id)
            )
        errors: list[FieldError] = []
        if answer not in ANSWERS:
            errors.append(FieldError("answer", M.ANSWER_UNKNOWN(answers=", ".join(ANSWERS))))
        text = (remark or "").strip() or None
        if text is not None and len(text) > MAX_REMARK:
            errors.append(FieldError("remark", M.REMARK_TOO_LONG(most=MAX_REMARK)))
        if errors:
            raise InvalidInputError(M.ANSWER_BREAKS_RULES(), errors)
        status = received.status_on(today)
        if status == "expired":
            raise ConflictError(M.PEER_REQUEST_EXPIRED(expiry_date=received.expires_on.isoformat()))
        if status != "open":
            raise ConflictError(M.PEER_REQUEST_ALREADY_SETTLED(status=status))
        if requester.erased_on is not None:
            raise ConflictError(M.PEER_FILE_ERASED())
        request = requester.peer_requests.get(request_id)
        if request is None or request.status != "open":
            raise ConflictError(M.PEER_REQUEST_NOT_OPEN())
        same_board = bool(boards)
        self.trigger_event(
            self.PeerRequestAnswered,
            request_id=request_id,
            requester_id=str(requester.id),
            answer=answer,
            answered_on=today,
            remark=text,
            same_board=same_board,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )
        requester.trigger_event(
            requester.PeerConfirmationAnswered,
            request_id=request_id,
            activity_id=request.activity_id,
            colleague_id=str(self.id),
            answer=answer,
            answered_on=today,
            remark=text,
            same_board=same_board,
            boards=list(boards),
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    # -- a development overview shared with the employer --------------------------------------

    def share(self, share_id: str) -> Share:
        """The share, or a clear refusal."""
        found = self.shares.get(share_id)
        if found is None:
            raise NotFoundError(M.TEACHER_NO_SHARE(teacher_id=self.id, share_id=share_id))
        return found

    def share_overview(
        self,
        *,
        share_id: str,
        board_number: str,
        qualification_ids: list[str],
        activity_ids: list[str],
        note: str | None,
        until: date,
        today: date,
        actor: Actor,
        correlation_id: str,
    ) -> None:
        """Share a development overview with one board where the teacher has a current
        appointment they confirmed, until a day at most the policy's term ahead
        (:mod:`policies.sharing`). One share in force per board: revoke it to share anew."""
        errors: list[FieldError] = []
        quals = list(dict.fromkeys(qualification_ids))
        for qid in quals:
            if qid not in self.qualifications:
                errors.append(
                    FieldError("qualification_ids", M.FILE_NO_QUALIFICATION(qualification_id=qid))
                )
        chosen = list(dict.fromkeys(activity_ids))
        if len(chosen) > MAX_SHARED_ACTIVITIES:
            errors.append(
                FieldError(
                    "activity_ids",
                    M.SHARE_TOO_MANY_ACTIVITIES(count=MAX_SHARED_ACTIVITIES),
                )
            )
        for aid in chosen:
            activity = self.activities.get(aid)
            if activity is None or activity.withdrawn:
                errors.append(FieldError("activity_ids", M.FILE_NO_ACTIVITY(activity_id=aid)))
        text = (note or "").strip() or None
        if text is not None and len(text) > MAX_NOTE_LENGTH:
            errors.append(FieldError("note", M.NOTE_TOO_LONG(count=MAX_NOTE_LENGTH)))
        if not quals and not chosen and text is None:
            errors.append(
                FieldError(
                    "qualification_ids",
                    M.SHARE_EMPTY(),
                )
            )
        if until < today:
            errors.append(FieldError("until", M.SHARE_ENDS_IN_PAST()))
        elif until > latest_until(today):
            errors.append(
                FieldError(
                    "until",
                    M.SHARE_TOO_LONG(
                        days=MAX_SHARE_DAYS, until_date=latest_until(today).isoformat()
                    ),
                )
            )
        if errors:
            raise InvalidInputError(M.SHARE_BREAKS_RULES(), errors)
        if not any(
            a.board_number == board_number
            and a.confirmation == "confirmed"
            and (a.end is None or a.end >= today)
            for a in self.appointments.values()
        ):
            raise ConflictError(M.SHARE_BOARD_NOT_EMPLOYER(board_number=board_number))
        if any(s.board_number == board_number and s.in_force(today) for s in self.shares.values()):
            raise ConflictError(M.SHARE_ALREADY_IN_FORCE(board_number=board_number))
        self.trigger_event(
            self.OverviewShared,
            share_id=share_id,
            board_number=board_number,
            qualification_ids=quals,
            activity_ids=chosen,
            note=text,
            shared_on=today,
            until=until,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def revoke_share(
        self, *, share_id: str, today: date, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """Revoke a share at once; a revoked or ended share is refused (nothing to revoke)."""
        found = self.share(share_id)
        if found.revoked_on is not None:
            raise ConflictError(M.SHARE_ALREADY_REVOKED(share_id=share_id))
        if not found.in_force(today):
            raise ConflictError(M.SHARE_ENDED(share_id=share_id, end_date=found.until.isoformat()))
        self.trigger_event(
            self.ShareRevoked,
            share_id=share_id,
            board_number=found.board_number,
            revoked_on=today,
            actor=actor,
            reason=reason,
            correlation_id=correlation_id,
        )
