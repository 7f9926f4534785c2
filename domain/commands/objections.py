"""The objection procedure (bezwaar, Awb chapters 6 and 7): its commands and answers.

The teacher files an objection to a decision (:class:`FileObjection`); the appeals committee
defers the ruling (:class:`ExtendObjection`, once by six weeks, further with the objector's
written :class:`Consent`), judges the lateness of a late objection (:class:`JudgeLateness`)
and rules (:class:`RuleOnObjection`). The objection is named in the address; the decision
objected to is the filing's own field; the reason travels in the context.

Their payloads keep the shape they had before commands were values (stored fingerprints are
forever); ``tests/unit/test_commands_procedures_a.py`` holds their fingerprints. A lateness
judged not excusable is a ruling (inadmissible): its payload is that ruling's.

The answers: :class:`ObjectionState`, the objection as it stands (filing, deferring and
excusing the lateness answer with it, as does the query `objection_of`), and
:class:`ObjectionRuled`, the ruling with the objection after it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, NotRequired, TypeAlias, TypedDict, final

from domain.commands import Command

__all__ = [
    "Consent",
    "ExtendObjection",
    "FileObjection",
    "JudgeLateness",
    "LatenessJudged",
    "ObjectionCase",
    "ObjectionRuled",
    "ObjectionState",
    "ReplacementDecision",
    "RuleOnObjection",
    "Ruling",
]


@dataclass(frozen=True, kw_only=True)
class FileObjection(Command):
    """Object to a decision: within six weeks from the day after it, or later with an
    ``excuse``; one objection per decision."""

    NAME: ClassVar[str] = "object"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "decision_id": "decision",
        "grounds": "grounds",
        "excuse": "excuse",
    }

    decision_id: str
    grounds: str
    #: Why the objection is late, if it is.
    excuse: str | None = None


@dataclass(frozen=True)
class Consent:
    """The objector's written consent to a further deferral (Awb 7:10(4)): the day it was
    given and what it says."""

    given_on: date
    statement: str

    def to_dict(self) -> dict[str, Any]:
        """As the payload bound it (the request's consent as sent)."""
        return {"given_on": self.given_on, "statement": self.statement}


@dataclass(frozen=True, kw_only=True)
class ExtendObjection(Command):
    """Defer the ruling: once by six weeks (Awb 7:10(3)); after that only with the objector's
    written ``consent``, to the day ``until`` agreed (7:10(4)). The reason, which the payload
    binds, is the context's."""

    NAME: ClassVar[str] = "extend_objection"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "objection_id": "objection",
        "consent": "consent",
        "until": "until",
    }

    objection_id: str
    consent: Consent | None = None
    until: date | None = None

    @classmethod
    def decode(cls, name: str, value: Any) -> Any:
        if name == "consent" and isinstance(value, Mapping):
            return Consent(value["given_on"], value["statement"])
        return super().decode(name, value)


@dataclass(frozen=True, kw_only=True)
class RuleOnObjection(Command):
    """The committee's ruling, once: well-founded revokes the decision."""

    NAME: ClassVar[str] = "rule"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "objection_id": "objection",
        "outcome": "outcome",
        "reasoning": "reasoning",
    }

    objection_id: str
    #: well_founded, unfounded or inadmissible
    outcome: str
    reasoning: str


@dataclass(frozen=True, kw_only=True)
class JudgeLateness(Command):
    """The committee's judgement of a late objection (Awb 6:11): excusable, it is treated as
    in time; not excusable, it is declared inadmissible by a ruling (:meth:`ruling`).

    ``excusable`` is bound by the payload's name: excusing is ``excuse_lateness``, and a
    lateness not excused is the ruling's payload."""

    NAME: ClassVar[str] = "excuse_lateness"
    PAYLOAD_KEYS: ClassVar[Mapping[str, str]] = {
        "objection_id": "objection",
        "reasoning": "reasoning",
    }

    objection_id: str
    excusable: bool
    reasoning: str

    def ruling(self) -> RuleOnObjection:
        """The ruling a lateness not excused is: the objection is inadmissible."""
        return RuleOnObjection(
            objection_id=self.objection_id, outcome="inadmissible", reasoning=self.reasoning
        )

    def payload(self, **target: Any) -> dict[str, Any]:
        if not self.excusable:
            return self.ruling().payload(**target)
        payload = super().payload(**target)
        del payload["excusable"]  # bound by the name: excusing is not ruling
        return payload


@final
class ObjectionState(TypedDict):
    """The objection as the API shows it (dates as ISO strings); ``overdue`` when still open
    past its decide-by day."""

    objection_id: str
    decision_id: str
    decision_kind: str
    teacher_id: str
    qualification_id: str
    decided_on: str
    grounds: str
    filed_on: str
    term_end: str
    in_time: bool
    excuse: str | None
    decide_by: str
    extended: bool
    deferrals_with_consent: int
    lateness_excused: bool
    admitted: bool
    #: open or ruled
    status: str
    overdue: bool
    #: The ruling as recorded (see :class:`Ruling`).
    ruling: dict[str, Any] | None
    version: int


class ReplacementDecision(TypedDict):
    """The new decision a well-founded ruling takes in the place of the revoked one."""

    outcome: str
    period_start: str
    decision_id: str


class Ruling(TypedDict):
    """A ruling on an objection, a decision with its reasons and remedy (dates as ISO
    strings). ``late``, ``reasons`` and ``remedy`` are absent on rulings recorded before they
    were kept; a new ruling has them."""

    ruling_id: str
    objection_id: str
    decision_id: str
    outcome: str
    reasoning: str
    decided_on: str
    decided_by: dict[str, Any]
    in_time: bool
    legal_basis: list[dict[str, Any]]
    revoked_decision: str | None
    replacement: ReplacementDecision | None
    late: NotRequired[bool]
    reasons: NotRequired[dict[str, list[str]]]
    remedy: NotRequired[dict[str, Any]]


@final
class ObjectionRuled(Ruling):
    """The answer to a ruling: the ruling, and the objection as it stands after it."""

    objection: ObjectionState


#: The answer to a judgement of lateness: the objection when excused, else the ruling.
LatenessJudged: TypeAlias = ObjectionState | ObjectionRuled


class ObjectionCase(TypedDict):
    """Everything the committee weighs: the objection, the decision record, the evidence the
    decision counted and the file's events since, as (log position, event) pairs, and the
    criteria text it applied (None when none applied)."""

    objection: ObjectionState
    decision: dict[str, Any]
    evidence: list[tuple[int, Any]]
    criteria: dict[str, Any] | None
    since: list[tuple[int, Any]]
