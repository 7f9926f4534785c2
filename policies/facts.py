"""The facts the rules are evaluated on, as the domain supplies them.

The engine never reads an aggregate: the domain folds its events into these plain, frozen values
and passes them in. That keeps the rules pure and lets a decision be reproduced from the same
facts years later. Every fact carries an ``event_ref`` (an opaque string such as
``"<teacher_id>/<version>"``) naming the event that supplied it, so a trace can point back at the
evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Final, Literal, get_args

#: The kinds of professional development the register knows (docs/domain.md, "The lifecycle of a
#: registration", step 3).
ActivityKind = Literal[
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
#: The competence areas of the professional standard.
CompetenceArea = Literal["subject_matter", "didactics", "pedagogy", "professional"]
Sector = Literal["po", "vo", "mbo"]
#: The legal bases of a qualification; all but ``diploma`` place a teacher in the pre-register.
Basis = Literal["diploma", "suitability_declaration", "in_training"]

ACTIVITY_KINDS: Final[tuple[ActivityKind, ...]] = get_args(ActivityKind)
COMPETENCE_AREAS: Final[tuple[CompetenceArea, ...]] = get_args(CompetenceArea)
SECTORS: Final[tuple[Sector, ...]] = get_args(Sector)
BASES: Final[tuple[Basis, ...]] = get_args(Basis)

_ZERO = Decimal(0)


def _require(condition: bool, message: str) -> None:
    """Refuse impossible facts at construction, so the engine never has to guess."""
    if not condition:
        raise ValueError(message)


@dataclass(frozen=True, slots=True)
class ActivityFact:
    """One recorded professional development activity.

    ``validated`` means it came from a validated offering and counts as recorded; otherwise the
    criteria decide whether evidence and a reflection are needed.
    """

    activity_id: str
    event_ref: str
    kind: str
    occurred_on: date
    contact_hours: Decimal
    self_study_hours: Decimal
    competence_areas: tuple[str, ...]
    validated: bool
    has_evidence: bool
    has_reflection: bool
    withdrawn: bool = False
    #: The qualifications the activity serves; None serves all of the teacher's (engine 2.0.0).
    qualification_ids: tuple[str, ...] | None = None
    #: Rejected by the registrar in a sample check: it no longer counts (engine 2.0.0).
    rejected: bool = False
    #: The event that recorded a colleague's confirmation of this peer activity, if any, and
    #: whether the appointments showed both at one board; confirmed at the same board, it
    #: counts as evidenced (engine 3.0.0).
    peer_confirmation: str | None = None
    peer_same_board: bool = False

    def __post_init__(self) -> None:
        _require(self.contact_hours >= _ZERO, f"activity {self.activity_id}: contact hours < 0")
        _require(
            self.self_study_hours >= _ZERO, f"activity {self.activity_id}: self-study hours < 0"
        )

    @property
    def hours(self) -> Decimal:
        """Contact and self-study hours together: both count towards the minimums."""
        return self.contact_hours + self.self_study_hours


@dataclass(frozen=True, slots=True)
class AppointmentFact:
    """An appointment an employer delivered; ``end`` is None while it runs."""

    appointment_id: str
    event_ref: str
    start: date
    end: date | None
    fte: Decimal
    #: The sector taught in (po/vo/mbo); None when the delivery did not state it.
    sector: str | None = None
    #: The subjects taught (vo, mbo); empty when not stated.
    subjects: tuple[str, ...] = ()
    #: Disputed by the teacher and not yet resolved: it does not count (engine 2.0.0).
    disputed: bool = False

    def __post_init__(self) -> None:
        _require(self.fte >= _ZERO, f"appointment {self.appointment_id}: fte < 0")
        _require(
            self.end is None or self.end >= self.start,
            f"appointment {self.appointment_id}: ends before it starts",
        )


@dataclass(frozen=True, slots=True)
class LeaveFact:
    """A period of leave (illness, parental leave), both days inclusive."""

    leave_id: str
    event_ref: str
    start: date
    end: date
    #: Approved by the registrar or delivered by the employer; the teacher's own report is
    #: pending until then and extends nothing (engine 2.0.0).
    approved: bool = True

    def __post_init__(self) -> None:
        _require(self.end >= self.start, f"leave {self.leave_id}: ends before it starts")


@dataclass(frozen=True, slots=True)
class QualificationFacts:
    """Everything that counts for one qualification's current period.

    The domain passes the activities, appointments and leaves relevant to this qualification
    (one teacher may hold several); the engine itself filters activities on the period.
    """

    qualification_id: str
    sector: str
    subject: str | None
    basis: str
    status: str
    period_start: date
    activities: tuple[ActivityFact, ...]
    appointments: tuple[AppointmentFact, ...]
    leaves: tuple[LeaveFact, ...]
    admitted_on: date


@dataclass(frozen=True, slots=True)
class OfferingFacts:
    """A training offering a provider submitted for validation.

    ``contact_hours`` or ``self_study_hours`` is None when the provider did not state the split.
    """

    contact_hours: Decimal | None
    self_study_hours: Decimal | None
    has_assessment: bool
    competence_areas: tuple[str, ...]
    sector: str | None
    event_ref: str | None = None

    def __post_init__(self) -> None:
        for hours in (self.contact_hours, self.self_study_hours):
            _require(hours is None or hours >= _ZERO, "offering hours < 0")

    @property
    def hours(self) -> Decimal:
        """Total stated hours; a missing part of the split counts as none."""
        return (self.contact_hours or _ZERO) + (self.self_study_hours or _ZERO)
