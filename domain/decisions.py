"""Decisions on qualifications: re-registration, strike-off, reinstatement, move to the register.

Decide first, then record (docs/architecture.md): each command evaluates the criteria version in
force, builds the decision receipt and records it in one `Teacher` decision event, together with a
:class:`DecisionIndex` (id derived from the decision id) in the same atomic write, so that a
decision is found by its id without any read model and is never recorded twice.

Decision ids are derived, not drawn: a re-registration from the qualification and the start of
the period it judges, the other kinds from the qualification and the file version they were
decided at. Deciding the same thing twice therefore collides, and `run-due` is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.criteria_book import NAMESPACE, CriteriaVersion
from domain.errors import AwaitingHearingError
from domain.teacher import StrikeOffProposal, Teacher
from policies import ReregistrationCriteria
from policies.messages import M

CRITERIA: Final = "reregistration"
#: The answer of a re-registration short of the criteria after the transition: no strike-off
#: yet, but a proposal on which the teacher is heard first (Awb 4:8).
STRIKE_OFF_PROPOSED: Final = "strike_off_proposed"
#: Successive periods one run may decide for one qualification (a file years overdue).
MAX_PERIODS_PER_RUN: Final = 25
_DAY: Final = timedelta(days=1)


def decision_index_id(decision_id: str) -> UUID:
    """Id of the index aggregate of a decision."""
    return uuid5(NAMESPACE, f"decision:{decision_id}")


def re_registration_decision_id(qualification_id: str, period_start: date) -> str:
    """One re-registration decision per qualification and period."""
    return str(uuid5(NAMESPACE, f"re_registration:{qualification_id}:{period_start.isoformat()}"))


def decision_id_at(kind: str, qualification_id: str, file_version: int) -> str:
    """A decision of ``kind`` taken on the file at ``file_version``."""
    return str(uuid5(NAMESPACE, f"{kind}:{qualification_id}:{file_version}"))


def re_registration_proposals(
    teacher: Teacher, qualification_id: str, period_start: date
) -> list[StrikeOffProposal]:
    """The strike-off proposals made at the re-registration of the period from
    ``period_start`` (open or closed), oldest first."""
    start = period_start.isoformat()
    return [
        p
        for p in teacher.proposals.values()
        if p.qualification_id == qualification_id
        and p.assessment is not None
        and (p.assessment.get("period") or {}).get("start") == start
    ]


class DecisionIndex(Aggregate):
    """Points from a decision id to the file that records the decision."""

    class Indexed(Aggregate.Created):
        decision_id: str
        teacher_id: UUID
        qualification_id: str
        kind: str

    def __init__(self, decision_id: str, teacher_id: UUID, qualification_id: str, kind: str):
        self.decision_id = decision_id
        self.teacher_id = teacher_id
        self.qualification_id = qualification_id
        self.kind = kind

    @classmethod
    def create(
        cls, decision_id: str, teacher_id: UUID, qualification_id: str, kind: str
    ) -> DecisionIndex:
        return cls._create(
            cls.Indexed,
            id=decision_index_id(decision_id),
            decision_id=decision_id,
            teacher_id=teacher_id,
            qualification_id=qualification_id,
            kind=kind,
        )


@dataclass
class RunDueReport:
    """What one `run-due` did."""

    on: date
    files_read: int = 0
    decided: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    #: Strike-offs proposed (short after the transition): the teacher is heard first.
    proposed: int = 0
    #: Periods left alone because their strike-off proposal is open.
    awaiting_hearing: int = 0
    #: Periods left alone because their strike-off proposal was closed without a strike-off
    #: in force (withdrawn): the registrar decides them again by hand.
    left_to_registrar: int = 0
    #: Pre-registered qualifications whose term passed (domain/preregister.py).
    preregister_expired: int = 0
    conflicts: int = 0
    writes: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "files_read": self.files_read,
            "decided": self.decided,
            "outcomes": dict(sorted(self.outcomes.items())),
            "proposed": self.proposed,
            "awaiting_hearing": self.awaiting_hearing,
            "left_to_registrar": self.left_to_registrar,
            "preregister_expired": self.preregister_expired,
            "conflicts": self.conflicts,
            "writes": self.writes,
            "seconds": round(self.seconds, 3),
        }


def _policy(
    version: CriteriaVersion | None, governs: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    if version is None:
        return None
    policy: dict[str, Any] = {
        "name": version.name,
        "version": version.version,
        "sha256": version.sha256,
    }
    if governs is not None:
        policy["governs"] = governs
    return policy


@dataclass(frozen=True)
class GoverningCriteria:
    """The criteria version that governs one period, and why (for the receipt)."""

    version: CriteriaVersion
    criteria: ReregistrationCriteria
    governs: dict[str, Any]


def _awaiting(p: StrikeOffProposal) -> AwaitingHearingError:
    return AwaitingHearingError(
        M.REREGISTRATION_AWAITS_PROPOSAL(
            qualification_id=p.qualification_id, proposal_id=p.proposal_id
        )
    )
