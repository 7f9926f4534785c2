"""Deciding on a file, shared by the decision and hearing commands: the decision receipt, the
period's re-registration decision (or the strike-off proposal made instead), the
load-decide-save loop, and reading a decision by its id.

`Decider` is built once by `RegisterBase` (``register.decider``); the commands that decide
(:mod:`domain.register.decisions`, :mod:`domain.register.hearings`, the due run in
:mod:`domain.register.due`) call it. The rules and the index of decisions are in
:mod:`domain.decisions`; the receipt's texts in :mod:`domain.receipts`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.assessment import RE_REGISTRATION, STRIKE_OFF, Assessment, assess, qualification_facts
from domain.commands.results import (
    DecisionReceipt,
    ReRegistration,
    StrikeOffProposed,
)
from domain.criteria_book import CriteriaBook, CriteriaVersion
from domain.decisions import (
    _DAY,
    CRITERIA,
    STRIKE_OFF_PROPOSED,
    DecisionIndex,
    _awaiting,
    _policy,
    decision_id_at,
    decision_index_id,
    re_registration_decision_id,
    re_registration_proposals,
)
from domain.errors import (
    AlreadyDecidedError,
    ConflictError,
    NotFoundError,
    VersionMismatchError,
)
from domain.receipts import legal_basis, objection_term_entry, proposal_reasons, reasons
from domain.register.context import CommandResult, Context, R, check_expected_version
from domain.teacher import Teacher
from domain.values import GROUNDS_WITHOUT_HEARING, Actor, QualificationStatus, StrikeOffGround
from policies import ENGINE_VERSION
from policies.engines import engine
from policies.messages import M
from policies.terms import hearing_deadline, objection_term

if TYPE_CHECKING:
    from domain.register.base import RegisterBase

log = structlog.get_logger("lerarenregister.decisions")

#: What a decision command prepares on the loaded file and book: the index that finds the
#: decision by id (None when a strike-off was proposed instead) and the answer's data.
Prepare = Callable[[Teacher, CriteriaBook], tuple[DecisionIndex | None, R]]


class Decider:
    """Decisions on one file: receipts, the period's decision, and the write that records it."""

    def __init__(self, register: RegisterBase) -> None:
        self._register = register

    def facts_for(self, teacher: Teacher, qualification_id: str) -> Any:
        """The facts of one qualification's current period."""
        return qualification_facts(
            teacher, qualification_id, validated=self._register.activity_validated
        )

    # -- building a decision --------------------------------------------------------------

    def record(
        self,
        teacher: Teacher,
        event_class: type[Teacher.Decided],
        receipt: Mapping[str, Any],
        ctx: Context,
        **fields: Any,
    ) -> DecisionIndex:
        """Record a decision event with its receipt, and the index that finds it by id."""
        qualification_id = receipt["qualification_id"]
        teacher.record_decision(
            event_class,
            qualification_id=qualification_id,
            decision=cast("dict[str, Any]", receipt),
            actor=ctx.actor,
            reason=ctx.reason,
            correlation_id=ctx.correlation_id,
            **fields,
        )
        return DecisionIndex.create(
            receipt["decision_id"], teacher.id, qualification_id, receipt["kind"]
        )

    def receipt_at_version(
        self,
        kind: str,
        teacher: Teacher,
        qualification_id: str,
        assessment: Assessment,
        *,
        on: date,
        ctx: Context,
        policy: CriteriaVersion | None,
        inputs: dict[str, Any],
        governs: dict[str, Any] | None = None,
    ) -> DecisionReceipt:
        """The receipt of a decision taken on the file as it stands, its id derived from the
        file's version (a decision on a later state of the file is another decision)."""
        return self.receipt(
            decision_id=decision_id_at(kind, qualification_id, teacher.version),
            kind=kind,
            teacher=teacher,
            qualification_id=qualification_id,
            assessment=assessment,
            decided_on=on,
            actor=ctx.actor,
            policy=policy,
            inputs=inputs,
            governs=governs,
        )

    def receipt(
        self,
        *,
        decision_id: str,
        kind: str,
        teacher: Teacher,
        qualification_id: str,
        assessment: Assessment,
        decided_on: date,
        actor: Actor,
        policy: CriteriaVersion | None,
        inputs: dict[str, Any],
        governs: dict[str, Any] | None = None,
    ) -> DecisionReceipt:
        """The decision receipt (docs/architecture.md), as plain JSON values."""
        q = teacher.qualification(qualification_id)
        term = objection_term_entry(objection_term(decided_on))
        deadline = term["last_day"]
        period = (
            (assessment.period[0].isoformat(), assessment.period[1].isoformat())
            if assessment.period
            else None
        )
        hearing = kind == STRIKE_OFF and inputs.get("ground") not in GROUNDS_WITHOUT_HEARING
        return {
            "decision_id": decision_id,
            "kind": kind,
            "teacher_id": str(teacher.id),
            "qualification_id": qualification_id,
            "sector": q.sector,
            "subject": q.subject,
            "outcome": assessment.outcome,
            "met": assessment.met,
            "decided_on": decided_on.isoformat(),
            "decided_by": actor.to_dict(),
            "legal_basis": legal_basis(
                kind, q.sector, hearing=hearing, transition=kind == RE_REGISTRATION
            ),
            "policy": _policy(policy, governs),
            "engine_version": ENGINE_VERSION,
            "as_of_version": teacher.version,
            "period": {"start": period[0], "end": period[1]} if period else None,
            "inputs": inputs,
            "trace": list(assessment.trace),
            "reasons": reasons(
                kind,
                assessment.outcome,
                assessment.trace,
                period=period,
                objection_deadline=deadline,
                extra=inputs,
                objection_term=term,
            ),
            "objection_deadline": deadline,
            "objection_term": term,
        }

    def decide_re_registration(
        self,
        teacher: Teacher,
        qualification_id: str,
        book: CriteriaBook,
        ctx: Context,
    ) -> tuple[DecisionIndex | None, ReRegistration]:
        """Decide one period of one qualification, on the file in memory.

        Short of the criteria after the transition (outcome ``struck_off``), nothing is
        decided: a strike-off is proposed instead, resting on this assessment, and the teacher
        is heard first (Awb 4:8); the answer is the proposal, without a decision index. While
        a proposal made at the re-registration of this period is open, the period waits for it
        (409), as does a shortfall while any other strike-off proposal is open.
        """
        q = teacher.qualification(qualification_id)
        if q.status != QualificationStatus.REGISTERED:
            raise ConflictError(
                M.QUALIFICATION_NOT_REREGISTRABLE(
                    qualification_id=qualification_id, status=q.status
                )
            )
        waiting = teacher.open_proposal(qualification_id)
        if waiting is not None and waiting in re_registration_proposals(
            teacher, qualification_id, q.period_start
        ):
            raise _awaiting(waiting)
        decided_on = self._register.clock()
        facts = self.facts_for(teacher, qualification_id)
        governing = self._register.criteria.of_period(
            book, q.period_start, facts.leaves, decided_on
        )
        version, criteria = governing.version, governing.criteria
        end = engine().period_end(q.period_start, criteria, list(facts.leaves))
        if decided_on <= end:
            raise ConflictError(
                M.REREGISTRATION_TOO_EARLY(
                    end_date=end.isoformat(), from_date=(end + _DAY).isoformat()
                )
            )
        decision_id = re_registration_decision_id(qualification_id, q.period_start)
        assessment = assess(
            RE_REGISTRATION,
            teacher,
            qualification_id,
            inputs={},
            criteria=criteria,
            decided_on=decided_on,
            validated=self._register.activity_validated,
            facts=facts,
        )
        receipt = self.receipt(
            decision_id=decision_id,
            kind=RE_REGISTRATION,
            teacher=teacher,
            qualification_id=qualification_id,
            assessment=assessment,
            decided_on=decided_on,
            actor=ctx.actor,
            policy=version,
            inputs={},
            governs=governing.governs,
        )
        if assessment.outcome == "struck_off":
            if waiting is not None:
                raise _awaiting(waiting)
            return None, self.propose_after_assessment(
                teacher, receipt, decided_on=decided_on, ctx=ctx
            )
        event_class = (
            Teacher.ReRegistered if assessment.outcome == "re_registered" else Teacher.Annotated
        )
        index = self.record(teacher, event_class, receipt, ctx, new_period_start=end + _DAY)
        return index, receipt

    def propose_after_assessment(
        self, teacher: Teacher, receipt: DecisionReceipt, *, decided_on: date, ctx: Context
    ) -> StrikeOffProposed:
        """Propose the strike-off a re-registration's assessment calls for, and answer it.

        The proposal holds the assessment (criteria version, day and period judged, the
        shortfalls and the trace); its reason text is the assessment's reasons. Its id is
        derived from the file version, like the decisions' ids.
        """
        qualification_id = receipt["qualification_id"]
        today = self._register.clock()
        view_due = hearing_deadline(today)
        period = receipt["period"]
        text = proposal_reasons(
            receipt["trace"],
            period=(period["start"], period["end"]) if period else None,
            view_due=view_due.isoformat(),
        )
        assessment = {
            "kind": RE_REGISTRATION,
            "outcome": receipt["outcome"],
            "met": receipt["met"],
            "policy": receipt["policy"],
            "engine_version": receipt["engine_version"],
            "decided_on": decided_on.isoformat(),
            "as_of_version": receipt["as_of_version"],
            "period": period,
            "shortfalls": [
                {k: e[k] for k in ("criterion", "required", "actual")}
                for e in receipt["trace"]
                if not e["passed"]
            ],
            "trace": receipt["trace"],
            "reasons": text,
        }
        proposal_id = decision_id_at(STRIKE_OFF_PROPOSED, qualification_id, teacher.version)
        teacher.propose_strike_off(
            proposal_id=proposal_id,
            qualification_id=qualification_id,
            ground=StrikeOffGround.CRITERIA_NOT_MET.value,
            proposed_on=today,
            view_due=view_due,
            actor=ctx.actor,
            reason="\n".join([" ".join(text["nl"]), " ".join(text["en"])]),
            correlation_id=ctx.correlation_id,
            assessment=assessment,
        )
        return {
            "kind": RE_REGISTRATION,
            "outcome": STRIKE_OFF_PROPOSED,
            "teacher_id": receipt["teacher_id"],
            "qualification_id": qualification_id,
            "proposal_id": proposal_id,
            "ground": StrikeOffGround.CRITERIA_NOT_MET.value,
            "proposed_on": today.isoformat(),
            "view_due": view_due.isoformat(),
            "assessment": assessment,
        }

    def decide(
        self,
        teacher_id: UUID,
        ctx: Context,
        payload: dict[str, Any],
        prepare: Prepare[R],
    ) -> CommandResult[R]:
        """Load, decide, and save the decision with its index in one write.

        A version conflict re-decides on the fresh file (the decision is made again, never
        replayed); a decision already recorded is a 409. A re-registration that proposes a
        strike-off instead has no index: the file alone is saved.
        """
        attempts = 1 if ctx.expected_version is not None else 3
        for attempt in range(attempts):
            teacher = self._register.get_teacher(teacher_id)
            book = self._register.criteria.book(CRITERIA)
            decided: dict[str, Any] = {}

            def run(
                t: Teacher = teacher, b: CriteriaBook = book, out: dict[str, Any] = decided
            ) -> tuple[list[Aggregate], CommandResult[R]]:
                check_expected_version(ctx, t.version)  # after the idempotency lookup
                index, receipt = prepare(t, b)
                out["decision_id"] = receipt.get("decision_id")
                aggregates: list[Aggregate] = [t] if index is None else [t, index]
                if b.pending_events:
                    aggregates.append(b)
                return aggregates, CommandResult(t.id, t.version, 0, receipt)

            try:
                result = self._register._idempotent(ctx, payload, run)
            except IntegrityError:
                decision_id = decided.get("decision_id")
                if decision_id is not None and self.index(decision_id) is not None:
                    raise AlreadyDecidedError(
                        M.DECISION_ALREADY_TAKEN(decision_id=decision_id)
                    ) from None
                if attempt + 1 < attempts:
                    continue
                if ctx.expected_version is not None:  # If-Match lost a race: 412, not 409
                    raise VersionMismatchError(ctx.expected_version, teacher.version + 1) from None
                raise ConflictError(M.FILE_CHANGED_CONCURRENTLY()) from None
            log.info(
                "decision_recorded",
                teacher_id=str(teacher_id),
                decision_id=result.data.get("decision_id"),
                proposal_id=result.data.get("proposal_id"),
                kind=result.data.get("kind"),
                outcome=result.data.get("outcome"),
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError(M.FILE_BUSY_DECIDING())  # pragma: no cover

    def index(self, decision_id: str) -> DecisionIndex | None:
        try:
            index: DecisionIndex = self._register.repository.get(decision_index_id(decision_id))
        except AggregateNotFoundError:
            return None
        return index

    def get_decision(self, decision_id: str) -> dict[str, Any]:
        """The decision record: its receipt, the file version that holds it, and whether it
        was revoked since."""
        try:
            normal = str(UUID(decision_id))
        except ValueError:
            raise NotFoundError(M.DECISION_NOT_FOUND(decision_id=decision_id)) from None
        index = self.index(normal)
        if index is None:
            raise NotFoundError(M.DECISION_NOT_FOUND(decision_id=decision_id))
        teacher = self._register.get_teacher(index.teacher_id)
        summary = next((d for d in teacher.decisions if d["decision_id"] == normal), None)
        if summary is None:  # pragma: no cover (the index is written with the decision)
            raise NotFoundError(M.DECISION_NOT_FOUND(decision_id=decision_id))
        version = int(summary["version"])
        event = next(iter(self._register.events.get(teacher.id, gt=version - 1, lte=version)))
        record: dict[str, Any] = dict(event.decision)  # type: ignore[attr-defined]
        record["version"] = version
        record["revoked"] = bool(summary.get("revoked", False))
        record["file_version"] = teacher.version
        return record
