"""An objection (bezwaar) against a decision, and the committee's ruling on it.

One objection per decision: the aggregate's id is derived from the decision id, so a second
objection against the same decision collides and is refused. The terms are the Awb's, computed
by :mod:`policies.terms` under the Algemene termijnenwet: six weeks to object from the day after
the decision, and twelve weeks to decide from the end of the objection term (an advisory
committee hears it), deferrable once by six weeks with a recorded reason (Awb 7:10(3)) and
further only with the objector's written consent (7:10(4)).

A late objection is recorded, never turned away: the committee judges whether the lateness is
excusable (Awb 6:11). Excused, the objection is treated as one in time; not excused, the
committee declares it inadmissible by a ruling (a decision on the objection, with its own
receipt). A late objection is not ruled on its merits before its lateness is excused.

States: ``open`` -> ``ruled``; nothing skips a step: no ruling without an objection, no second
ruling, no second deferral without consent, nothing after the ruling.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import ConflictError, InvalidInputError
from domain.values import Actor
from policies.messages import M, Message
from policies.terms import extend_decide_by, objection_decide_by

NAMESPACE: Final = UUID("f0e5b2a7-9c31-4d8e-b6a4-1e7c3d9f2b58")
OPEN: Final = "open"
RULED: Final = "ruled"
OUTCOMES: Final = ("well_founded", "unfounded", "inadmissible")


def objection_id_for(decision_id: str) -> UUID:
    """One objection per decision."""
    return uuid5(NAMESPACE, f"objection:{decision_id}")


def ruling_id_for(objection_id: UUID) -> str:
    return str(uuid5(NAMESPACE, f"ruling:{objection_id}"))


def decide_by_for(term_end: date, filed_on: date) -> date:
    """Last day to rule: twelve weeks from the end of the objection term (Awb 7:10).

    A late objection (admitted for its excuse) is counted from the day it arrived, since its
    term would otherwise have run out before the committee ever saw it.
    """
    return objection_decide_by(max(term_end, filed_on))


class Objection(Aggregate):
    """A teacher's objection to a decision on their file, and its handling."""

    class Event(Aggregate.Event):
        actor: Actor
        reason: str | None
        correlation_id: str

    class Filed(Event, Aggregate.Created):
        """The teacher objected; `in_time` says whether within the term, else `excuse` why not."""

        decision_id: str
        decision_kind: str
        teacher_id: UUID
        qualification_id: str
        decided_on: date
        grounds: str
        filed_on: date
        term_end: date
        in_time: bool
        excuse: str | None
        decide_by: date

    class Extended(Event):
        """The decision term was extended once; `reason` is the recorded reason."""

        decide_by: date

        def apply(self, aggregate: Objection) -> None:
            aggregate.decide_by = self.decide_by
            aggregate.extended = True

    class LatenessExcused(Event):
        """The committee judged the lateness excusable (Awb 6:11): the objection is treated as
        one in time; `reason` is the committee's reasoning."""

        excused_on: date

        def apply(self, aggregate: Objection) -> None:
            aggregate.lateness_excused = True

    class DeferredWithConsent(Event):
        """The decision was deferred further with the objector's written consent (Awb
        7:10(4)); `consent` holds the day it was given and what it says."""

        decide_by: date
        consent: dict[str, Any]

        def apply(self, aggregate: Objection) -> None:
            aggregate.decide_by = self.decide_by
            aggregate.extended = True
            aggregate.deferrals_with_consent += 1

    class Ruled(Event):
        """The committee ruled; a well-founded ruling revoked the decision in the same write."""

        ruling: dict[str, Any]

        def apply(self, aggregate: Objection) -> None:
            aggregate.status = RULED
            aggregate.ruling = self.ruling

    def __init__(
        self,
        decision_id: str,
        decision_kind: str,
        teacher_id: UUID,
        qualification_id: str,
        decided_on: date,
        grounds: str,
        filed_on: date,
        term_end: date,
        in_time: bool,
        excuse: str | None,
        decide_by: date,
    ) -> None:
        self.decision_id = decision_id
        self.decision_kind = decision_kind
        self.teacher_id = teacher_id
        self.qualification_id = qualification_id
        self.decided_on = decided_on
        self.grounds = grounds
        self.filed_on = filed_on
        self.term_end = term_end
        self.in_time = in_time
        self.excuse = excuse
        self.decide_by = decide_by
        self.extended = False
        self.lateness_excused = False
        self.deferrals_with_consent = 0
        self.status = OPEN
        self.ruling: dict[str, Any] | None = None

    @property
    def objection_id(self) -> str:
        return str(self.id)

    @classmethod
    def file(
        cls,
        *,
        decision: dict[str, Any],
        grounds: str,
        excuse: str | None,
        filed_on: date,
        term_end: date,
        in_time: bool,
        actor: Actor,
        correlation_id: str,
    ) -> Objection:
        """File an objection; a late one is recorded too, with its excuse if it gives one, and
        the committee judges whether the lateness is excusable (Awb 6:11)."""
        if not grounds.strip():
            raise InvalidInputError.of("grounds", M.OBJECTION_GROUNDS_REQUIRED())
        return cls._create(
            cls.Filed,
            id=objection_id_for(str(decision["decision_id"])),
            decision_id=str(decision["decision_id"]),
            decision_kind=str(decision["kind"]),
            teacher_id=UUID(str(decision["teacher_id"])),
            qualification_id=str(decision["qualification_id"]),
            decided_on=date.fromisoformat(str(decision["decided_on"])),
            grounds=grounds.strip(),
            filed_on=filed_on,
            term_end=term_end,
            in_time=in_time,
            excuse=(excuse or "").strip() or None,
            decide_by=decide_by_for(term_end, filed_on),
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    def _check_open(self, refusal: Message) -> None:
        if self.status != OPEN:
            raise ConflictError(refusal(objection_id=self.objection_id))

    def extend(self, *, actor: Actor, reason: str | None, correlation_id: str) -> None:
        """Extend the decision term once by six weeks (Awb 7:10(3)), with the reason."""
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.EXTENSION_REASON_REQUIRED())
        self._check_open(M.OBJECTION_RULED_NO_EXTENSION)
        if self.extended:
            raise ConflictError(M.OBJECTION_ALREADY_EXTENDED(objection_id=self.objection_id))
        self.trigger_event(
            self.Extended,
            decide_by=extend_decide_by(self.decide_by),
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )

    @property
    def admitted(self) -> bool:
        """In time, or late with the lateness excused: the objection is weighed on its merits."""
        return self.in_time or self.lateness_excused

    def excuse_lateness(
        self, *, on: date, actor: Actor, reason: str | None, correlation_id: str
    ) -> None:
        """Treat a late objection as one in time, the lateness being excusable (Awb 6:11)."""
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reasoning", M.LATENESS_REASON_REQUIRED())
        self._check_open(M.OBJECTION_RULED_LATENESS_CLOSED)
        if self.in_time:
            raise ConflictError(M.OBJECTION_IN_TIME(objection_id=self.objection_id))
        if self.lateness_excused:
            raise ConflictError(M.LATENESS_ALREADY_EXCUSED(objection_id=self.objection_id))
        self.trigger_event(
            self.LatenessExcused,
            excused_on=on,
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )

    def defer_with_consent(
        self,
        *,
        until: date,
        consent: dict[str, Any],
        actor: Actor,
        reason: str | None,
        correlation_id: str,
    ) -> None:
        """Defer the decision further, to ``until``, with the objector's written consent
        (Awb 7:10(4)); only after the one deferral of 7:10(3)."""
        if not (reason and reason.strip()):
            raise InvalidInputError.of("reason", M.DEFERRAL_REASON_REQUIRED())
        self._check_open(M.OBJECTION_RULED_NO_DEFERRAL)
        if not self.extended:
            raise ConflictError(M.OBJECTION_NOT_DEFERRED_YET(objection_id=self.objection_id))
        if until <= self.decide_by:
            raise InvalidInputError.of(
                "until",
                M.DEFERRAL_NOT_AFTER_LAST_DAY(last_date=self.decide_by.isoformat()),
            )
        self.trigger_event(
            self.DeferredWithConsent,
            decide_by=until,
            consent=consent,
            actor=actor,
            reason=reason.strip(),
            correlation_id=correlation_id,
        )

    def rule(self, *, ruling: dict[str, Any], actor: Actor, correlation_id: str) -> None:
        """Record the ruling; there is one. A late objection is ruled on its merits only once
        its lateness was excused (Awb 6:11); until then only inadmissibility can be ruled."""
        self._check_open(M.OBJECTION_ALREADY_RULED)
        if ruling.get("outcome") != "inadmissible" and not self.admitted:
            raise ConflictError(
                M.OBJECTION_LATE(objection_id=self.objection_id, end_date=self.term_end.isoformat())
            )
        self.trigger_event(
            self.Ruled,
            ruling=ruling,
            actor=actor,
            reason=str(ruling.get("reasoning")),
            correlation_id=correlation_id,
        )
