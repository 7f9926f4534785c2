"""Commands of the objection procedure: file, extend, rule; and the committee's case view.

A well-founded ruling revokes the decision (`Teacher.DecisionRevoked`) in the same atomic write
as the ruling, restoring the qualification as the replacement decision has it: after a revoked
strike-off the qualification is as it was before; after a revoked re-registration outcome
(annotation or strike-off), and after a strike-off decided on a proposal made at
re-registration, it is re-registered for the next period. The public register, the
staff view and the teacher's file follow from that one event.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, Final
from uuid import UUID

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError, StoredEvent

from domain.application import CommandResult, Context, check_expected_version
from domain.decisions import DecisionCommands
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.objection import OUTCOMES, Objection, objection_id_for, ruling_id_for
from domain.receipts import AWB, reference
from domain.teacher import Teacher
from domain.values import QualificationStatus
from policies.terms import is_objection_in_time, objection_deadline

log = structlog.get_logger("lerarenregister.objections")

RULING_ATTEMPTS: Final = 3
#: Events of the hearing that preceded a decision, shown as its evidence.
HEARING_TOPICS: Final = ("Teacher.StrikeOffProposed", "Teacher.ViewGiven")
_DAY: Final = timedelta(days=1)


def objection_data(o: Objection, today: date) -> dict[str, Any]:
    """The objection as the API shows it; `overdue` when still open past its decide-by day."""
    return {
        "objection_id": o.objection_id,
        "decision_id": o.decision_id,
        "decision_kind": o.decision_kind,
        "teacher_id": str(o.teacher_id),
        "qualification_id": o.qualification_id,
        "decided_on": o.decided_on.isoformat(),
        "grounds": o.grounds,
        "filed_on": o.filed_on.isoformat(),
        "term_end": o.term_end.isoformat(),
        "in_time": o.in_time,
        "excuse": o.excuse,
        "decide_by": o.decide_by.isoformat(),
        "extended": o.extended,
        "status": o.status,
        "overdue": o.status == "open" and today > o.decide_by,
        "ruling": o.ruling,
        "version": o.version,
    }


class ObjectionCommands(DecisionCommands):
    """Objections against decisions on a teacher's file, and the committee's rulings."""

    def get_objection(self, objection_id: str) -> Objection:
        try:
            oid = UUID(objection_id)
        except ValueError:
            raise NotFoundError(f"no objection with id {objection_id}") from None
        try:
            objection: Objection = self.repository.get(oid)
        except AggregateNotFoundError:
            raise NotFoundError(f"no objection with id {objection_id}") from None
        if not isinstance(objection, Objection):
            raise NotFoundError(f"no objection with id {objection_id}")
        return objection

    def objection_of(self, objection_id: str) -> dict[str, Any]:
        return objection_data(self.get_objection(objection_id), self.clock())

    def file_objection(
        self, decision_id: str, *, grounds: str, excuse: str | None, ctx: Context
    ) -> CommandResult:
        """Object to a decision: within six weeks from the day after it, or later with an
        excuse; one objection per decision."""
        record = self.get_decision(decision_id)
        if record.get("revoked"):
            raise ConflictError(
                f"decision {decision_id} was revoked: there is nothing to object to"
            )
        today = self.clock()
        decided_on = date.fromisoformat(str(record["decided_on"]))
        objection = Objection.file(
            decision=record,
            grounds=grounds,
            excuse=excuse,
            filed_on=today,
            term_end=objection_deadline(decided_on),
            in_time=is_objection_in_time(decided_on, today),
            actor=ctx.actor,
            correlation_id=ctx.correlation_id,
        )

        def run() -> tuple[list[Aggregate], CommandResult]:
            return [objection], CommandResult(
                objection.id, objection.version, 0, objection_data(objection, today)
            )

        payload = {
            "command": "object",
            "decision": decision_id,
            "grounds": grounds,
            "excuse": excuse,
        }
        try:
            result = self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise ConflictError(
                f"an objection against decision {decision_id} was already filed"
                f" (objection {objection_id_for(str(record['decision_id']))}): one per decision"
            ) from None
        log.info(
            "objection_filed",
            objection_id=result.data["objection_id"],
            decision_id=decision_id,
            in_time=result.data["in_time"],
            position=result.position,
        )
        return result

    def extend_objection(self, objection_id: str, *, ctx: Context) -> CommandResult:
        """Extend the term to rule once by six weeks, with the reason on record."""
        today = self.clock()

        def run() -> tuple[list[Aggregate], CommandResult]:
            objection = self.get_objection(objection_id)
            check_expected_version(ctx, objection.version)
            objection.extend(actor=ctx.actor, reason=ctx.reason, correlation_id=ctx.correlation_id)
            data = objection_data(objection, today)
            return [objection], CommandResult(objection.id, objection.version, 0, data)

        payload = {"command": "extend_objection", "objection": objection_id, "reason": ctx.reason}
        try:
            return self._idempotent(ctx, payload, run)
        except IntegrityError:
            raise ConflictError(f"objection {objection_id} changed at the same time") from None

    # -- the ruling -----------------------------------------------------------------------

    def _revocation(
        self, objection: Objection, ruling_id: str
    ) -> tuple[Teacher, dict[str, Any], dict[str, Any]]:
        """The file with the decision revoked, what was restored, and the replacement."""
        teacher = self.get_teacher(objection.teacher_id)
        summary = next(
            (d for d in teacher.decisions if d["decision_id"] == objection.decision_id), None
        )
        if summary is None:  # pragma: no cover (the objection was filed on a recorded decision)
            raise NotFoundError(f"no decision with id {objection.decision_id}")
        if summary.get("revoked"):
            raise ConflictError(f"decision {objection.decision_id} was already revoked")
        later = [
            d["decision_id"]
            for d in teacher.decisions
            if d["qualification_id"] == objection.qualification_id
            and int(d["version"]) > int(summary["version"])
            and not d.get("revoked")
        ]
        if later:
            raise ConflictError(
                f"decision {later[0]} on the same qualification followed the one objected to;"
                " the state before it cannot be restored while that decision stands"
            )
        record = self.get_decision(objection.decision_id)
        before = self.get_teacher(objection.teacher_id, version=int(summary["version"]) - 1)
        qb = before.qualification(objection.qualification_id)
        kind = str(record["kind"])
        # A strike-off decided on a proposal made at re-registration concludes that period's
        # re-registration: revoked, the period is re-registered as a revoked re-registration is.
        assessment = (record.get("inputs") or {}).get("assessment") or {}
        at_re_registration = kind == "re_registration" or (
            kind == "strike_off" and assessment.get("kind") == "re_registration"
        )
        replacement: dict[str, Any]
        if at_re_registration:
            period = record.get("period") or {}
            new_start = date.fromisoformat(str(period["end"])) + _DAY
            restored: dict[str, Any] = {
                "status": QualificationStatus.REGISTERED.value,
                "period_start": new_start,
                "struck_off_ground": None,
                "from": new_start,
            }
            replacement = {"outcome": "re_registered", "period_start": new_start.isoformat()}
        else:
            effective = (record.get("inputs") or {}).get("effective_on") or record["decided_on"]
            restored = {
                "status": qb.status,
                "period_start": qb.period_start,
                "struck_off_ground": qb.struck_off_ground,
                "from": date.fromisoformat(str(effective)),
            }
            replacement = {"outcome": qb.status, "period_start": qb.period_start.isoformat()}
        restored["objection_id"] = objection.objection_id
        restored["ruling_id"] = ruling_id
        restored["replacement"] = replacement
        return teacher, restored, replacement

    def rule_on_objection(
        self, objection_id: str, *, outcome: str, reasoning: str, ctx: Context
    ) -> CommandResult:
        """The committee's ruling, once; well-founded revokes the decision in the same write."""
        errors: list[FieldError] = []
        if outcome not in OUTCOMES:
            errors.append(FieldError("outcome", f"one of {', '.join(OUTCOMES)}"))
        if not reasoning.strip():
            errors.append(FieldError("reasoning", "a ruling states its reasoning (Awb 7:12)"))
        if errors:
            raise InvalidInputError("the ruling was refused", errors)
        today = self.clock()
        payload = {
            "command": "rule",
            "objection": objection_id,
            "outcome": outcome,
            "reasoning": reasoning,
        }
        for attempt in range(RULING_ATTEMPTS):
            objection = self.get_objection(objection_id)

            def run(o: Objection = objection) -> tuple[list[Aggregate], CommandResult]:
                check_expected_version(ctx, o.version)
                if o.status != "open":
                    raise ConflictError(
                        f"objection {objection_id} was already ruled on: a ruling is given once"
                    )
                ruling_id = ruling_id_for(o.id)
                ruling: dict[str, Any] = {
                    "ruling_id": ruling_id,
                    "objection_id": o.objection_id,
                    "decision_id": o.decision_id,
                    "outcome": outcome,
                    "reasoning": reasoning.strip(),
                    "decided_on": today.isoformat(),
                    "decided_by": ctx.actor.to_dict(),
                    "in_time": today <= o.decide_by,
                    "legal_basis": [
                        reference(AWB, "7:11", "heroverweging op grondslag van het bezwaar"),
                        reference(AWB, "7:12", "motivering van de beslissing op bezwaar"),
                        reference(AWB, "7:13", "advies van een bezwaarcommissie"),
                        reference(AWB, "7:10", "beslistermijn"),
                    ],
                    "revoked_decision": None,
                    "replacement": None,
                }
                aggregates: list[Aggregate] = []
                if outcome == "well_founded":
                    teacher, restored, replacement = self._revocation(o, ruling_id)
                    teacher.trigger_event(
                        Teacher.DecisionRevoked,
                        decision_id=o.decision_id,
                        qualification_id=o.qualification_id,
                        restored=restored,
                        actor=ctx.actor,
                        reason=f"gegrond bezwaar: {reasoning.strip()}",
                        correlation_id=ctx.correlation_id,
                    )
                    ruling["revoked_decision"] = o.decision_id
                    ruling["replacement"] = replacement
                    aggregates.append(teacher)
                o.rule(ruling=ruling, actor=ctx.actor, correlation_id=ctx.correlation_id)
                data = {**ruling, "objection": objection_data(o, today)}
                return [o, *aggregates], CommandResult(o.id, o.version, 0, data)

            try:
                result = self._idempotent(ctx, payload, run)
            except IntegrityError:
                if attempt + 1 < RULING_ATTEMPTS:
                    continue  # the file or the objection changed meanwhile: rule again
                raise ConflictError(
                    f"objection {objection_id} or the file changed at the same time; try again"
                ) from None
            log.info(
                "objection_ruled",
                objection_id=objection_id,
                outcome=outcome,
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError("the objection is too busy to rule on now")  # pragma: no cover

    # -- the committee's case view --------------------------------------------------------

    def objection_case(self, objection_id: str) -> dict[str, Any]:
        """Everything the committee weighs: the objection, the decision record, the evidence
        the decision counted, the criteria text it applied, and the file since the decision.

        Events come as (position, event) pairs, read from the event store itself.
        """
        objection = self.get_objection(objection_id)
        record = self.get_decision(objection.decision_id)
        tid = objection.teacher_id
        prefix = f"{tid}/"
        wanted: set[int] = set()
        for entry in record.get("trace") or []:
            for ref in entry.get("evidence") or []:
                if str(ref).startswith(prefix) and str(ref)[len(prefix) :].isdigit():
                    wanted.add(int(str(ref)[len(prefix) :]))
        hearing = (record.get("inputs") or {}).get("hearing") or {}
        evidence: list[tuple[int, Any]] = []
        since: list[tuple[int, Any]] = []
        decided_at = int(record["version"])
        for position, version, topic, state in self.events_with_positions(tid):
            heard = topic.endswith(HEARING_TOPICS) and bool(hearing)
            if version not in wanted and version <= decided_at and not heard:
                continue
            event = self.mapper.to_domain_event(
                StoredEvent(originator_id=tid, originator_version=version, topic=topic, state=state)
            )
            if heard and getattr(event, "proposal_id", None) != hearing.get("proposal_id"):
                heard = False
            if version in wanted or (heard and version <= decided_at):
                evidence.append((position, event))
            if version > decided_at:
                since.append((position, event))
        criteria = None
        policy = record.get("policy")
        if policy:
            version_ = self.criteria_version(str(policy["name"]), int(policy["version"]))
            criteria = {
                **version_.summary(),
                "document": version_.document,
            }
        return {
            "objection": objection_data(objection, self.clock()),
            "decision": record,
            "evidence": evidence,
            "criteria": criteria,
            "since": since,
        }
