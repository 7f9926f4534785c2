"""Commands of the objection procedure: file, judge lateness, defer, rule.

A late objection is recorded (Awb 6:11 is for the committee to weigh, not for the door): the
committee excuses the lateness, or declares the objection inadmissible by a ruling. Every ruling
is a decision on the objection with its own receipt: legal basis, reasons, and the remedy, an
appeal to the court within six weeks (Awb 8:1, 6:7), the term under the Algemene termijnenwet.

A well-founded ruling revokes the decision (`Teacher.DecisionRevoked`) and takes a new decision
in its place (`Teacher.DecisionReplaced`, Awb 7:11(2)) with its own receipt, in the same atomic
write as the ruling: after a revoked strike-off the qualification is as it was before; after a
revoked re-registration outcome (annotation or strike-off), and after a strike-off decided on a
proposal made at re-registration, it is re-registered for the next period. The public register,
the staff view and the teacher's file follow from those events.

The words and the remedy of a ruling are in `domain/ruling_words.py`; the committee's view of a case
is `objection_case.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any, Final
from uuid import UUID, uuid5

import structlog
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import IntegrityError

from domain.commands.objections import (
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    LatenessJudged,
    ObjectionRuled,
    ObjectionState,
    RuleOnObjection,
    Ruling,
)
from domain.decisions import DecisionIndex
from domain.errors import ConflictError, FieldError, InvalidInputError, NotFoundError
from domain.objection import OUTCOMES, Objection, objection_id_for, ruling_id_for
from domain.receipts import AWB, LAWS, reference
from domain.register.base import CommandResult, Context, RegisterBase, check_expected_version
from domain.ruling_words import appeal_remedy, ruling_reasons
from domain.teacher import Teacher
from domain.values import QualificationStatus
from policies import ENGINE_VERSION
from policies.messages import M
from policies.terms import is_objection_in_time, objection_deadline

log = structlog.get_logger("lerarenregister.objections")

RULING_ATTEMPTS: Final = 3
_DAY: Final = timedelta(days=1)
REPLACEMENT: Final = "replacement"


def replacement_decision_id(decision_id: str) -> str:
    """The new decision taken in the place of a revoked one: one per revoked decision."""
    return str(uuid5(UUID(decision_id), "replacement"))


def load_objection(repository: Any, objection_id: str) -> Objection:
    """The objection ``objection_id`` from ``repository``; NotFoundError if there is none."""
    try:
        oid = UUID(objection_id)
    except ValueError:
        raise NotFoundError(M.OBJECTION_NOT_FOUND(objection_id=objection_id)) from None
    try:
        objection: Objection = repository.get(oid)
    except AggregateNotFoundError:
        raise NotFoundError(M.OBJECTION_NOT_FOUND(objection_id=objection_id)) from None
    if not isinstance(objection, Objection):
        raise NotFoundError(M.OBJECTION_NOT_FOUND(objection_id=objection_id))
    return objection


def objection_data(o: Objection, today: date) -> ObjectionState:
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
        "deferrals_with_consent": o.deferrals_with_consent,
        "lateness_excused": o.lateness_excused,
        "admitted": o.admitted,
        "status": o.status,
        "overdue": o.status == "open" and today > o.decide_by,
        "ruling": o.ruling,
        "version": o.version,
    }


class ObjectionCommands(RegisterBase):
    """Objections against decisions on a teacher's file, and the committee's rulings."""

    def get_objection(self, objection_id: str) -> Objection:
        return load_objection(self.repository, objection_id)

    def objection_of(self, objection_id: str) -> ObjectionState:
        return objection_data(self.get_objection(objection_id), self.clock())

    def file_objection(
        self, command: FileObjection, *, ctx: Context
    ) -> CommandResult[ObjectionState]:
        """Object to a decision: within six weeks from the day after it, or later with an
        excuse; one objection per decision."""
        decision_id = command.decision_id
        record = self.get_decision(decision_id)
        if record.get("revoked"):
            raise ConflictError(M.DECISION_REVOKED(decision_id=decision_id))
        if record.get("kind") == REPLACEMENT:
            raise ConflictError(M.DECISION_APPEALED_TO_COURT(decision_id=decision_id))
        today = self.clock()
        decided_on = date.fromisoformat(str(record["decided_on"]))
        objection = Objection.file(
            decision=record,
            grounds=command.grounds,
            excuse=command.excuse,
            filed_on=today,
            term_end=objection_deadline(decided_on),
            in_time=is_objection_in_time(decided_on, today),
            actor=ctx.actor,
            correlation_id=ctx.correlation_id,
        )

        def run() -> tuple[list[Aggregate], CommandResult[ObjectionState]]:
            return [objection], CommandResult(
                objection.id, objection.version, 0, objection_data(objection, today)
            )

        try:
            result = self._idempotent(ctx, command.payload(), run)
        except IntegrityError:
            raise ConflictError(
                M.OBJECTION_ALREADY_FILED(
                    decision_id=decision_id,
                    objection_id=objection_id_for(str(record["decision_id"])),
                )
            ) from None
        log.info(
            "objection_filed",
            objection_id=result.data["objection_id"],
            decision_id=decision_id,
            in_time=result.data["in_time"],
            position=result.position,
        )
        return result

    def extend_objection(
        self, command: ExtendObjection, *, ctx: Context
    ) -> CommandResult[ObjectionState]:
        """Defer the ruling: once by six weeks (Awb 7:10(3)), with the reason on record; after
        that only with the objector's written ``consent`` (given on a day, with what it says),
        to the day ``until`` agreed (7:10(4))."""
        today = self.clock()
        objection_id, consent, until = command.objection_id, command.consent, command.until

        def run() -> tuple[list[Aggregate], CommandResult[ObjectionState]]:
            objection = self.get_objection(objection_id)
            check_expected_version(ctx, objection.version)
            if not objection.extended or consent is None:
                objection.extend(
                    actor=ctx.actor, reason=ctx.reason, correlation_id=ctx.correlation_id
                )
            else:
                errors: list[FieldError] = []
                given_on = consent.given_on
                if until is None:
                    errors.append(FieldError("until", M.DEFERRAL_DAY_REQUIRED()))
                if given_on > today:
                    errors.append(FieldError("consent.given_on", M.CONSENT_IN_FUTURE()))
                if given_on < objection.filed_on:
                    errors.append(FieldError("consent.given_on", M.CONSENT_BEFORE_OBJECTION()))
                if errors or until is None:
                    raise InvalidInputError(M.DEFERRAL_REFUSED(), errors)
                objection.defer_with_consent(
                    until=until,
                    consent={"given_on": given_on.isoformat(), "statement": consent.statement},
                    actor=ctx.actor,
                    reason=ctx.reason,
                    correlation_id=ctx.correlation_id,
                )
            data = objection_data(objection, today)
            return [objection], CommandResult(objection.id, objection.version, 0, data)

        try:
            return self._idempotent(ctx, command.payload(reason=ctx.reason), run)
        except IntegrityError:
            raise ConflictError(
                M.OBJECTION_CHANGED_CONCURRENTLY(objection_id=objection_id)
            ) from None

    def judge_lateness(
        self, command: JudgeLateness, *, ctx: Context
    ) -> CommandResult[LatenessJudged]:
        """The committee's judgement of a late objection (Awb 6:11): excusable, it is treated
        as in time (`Objection.LatenessExcused`); not excusable, it is declared inadmissible by
        a ruling with its own receipt (the answer is then the ruling)."""
        objection_id = command.objection_id
        if not command.excusable:
            objection = self.get_objection(objection_id)
            if objection.in_time:
                raise ConflictError(M.OBJECTION_IN_TIME(objection_id=objection_id))
            if objection.lateness_excused:
                raise ConflictError(M.LATENESS_ALREADY_EXCUSED(objection_id=objection_id))
            return self.rule_on_objection(command.ruling(), ctx=ctx)
        today = self.clock()

        def run() -> tuple[list[Aggregate], CommandResult[ObjectionState]]:
            objection = self.get_objection(objection_id)
            check_expected_version(ctx, objection.version)
            objection.excuse_lateness(
                on=today,
                actor=ctx.actor,
                reason=command.reasoning,
                correlation_id=ctx.correlation_id,
            )
            data = objection_data(objection, today)
            return [objection], CommandResult(objection.id, objection.version, 0, data)

        try:
            result = self._idempotent(ctx, command.payload(), run)
        except IntegrityError:
            raise ConflictError(
                M.OBJECTION_CHANGED_CONCURRENTLY(objection_id=objection_id)
            ) from None
        log.info("objection_lateness_excused", objection_id=objection_id, position=result.position)
        return result

    def _replacement_receipt(
        self,
        o: Objection,
        teacher: Teacher,
        replacement: dict[str, Any],
        ruling: Ruling,
        remedy: dict[str, Any],
    ) -> dict[str, Any]:
        """The receipt of the new decision the committee's ruling takes in the place of the
        revoked one (Awb 7:11(2)): its outcome, what it replaces and why, and the remedy."""
        record = self.get_decision(o.decision_id)
        q = teacher.qualification(o.qualification_id)
        outcome = str(replacement["outcome"])
        nl = [
            f"Dit besluit treedt in de plaats van besluit {o.decision_id}, dat op het gegronde"
            " bezwaar is herroepen (Awb 7:11).",
            f"Nieuwe uitkomst: {outcome}.",
            f"Overwegingen van de bezwaarcommissie: {ruling['reasoning']}",
        ]
        en = [
            f"This decision takes the place of decision {o.decision_id}, revoked on the"
            " well-founded objection (Awb 7:11).",
            f"New outcome: {outcome}.",
            f"The appeals committee's reasoning: {ruling['reasoning']}",
        ]
        reasons_ = ruling_reasons(
            "well_founded", str(ruling["reasoning"]), late=False, term_end=o.term_end, remedy=remedy
        )
        nl += reasons_["nl"][2:]
        en += reasons_["en"][2:]
        return {
            "decision_id": replacement_decision_id(o.decision_id),
            "kind": REPLACEMENT,
            "teacher_id": str(teacher.id),
            "qualification_id": o.qualification_id,
            "sector": q.sector,
            "subject": q.subject,
            "outcome": outcome,
            "met": True,
            "decided_on": ruling["decided_on"],
            "decided_by": ruling["decided_by"],
            "legal_basis": [
                reference(LAWS[q.sector], None, "lerarenregister (Stb. 2017, 85)"),
                reference(AWB, "7:11", "herroeping en een nieuw besluit in de plaats"),
                reference(AWB, "7:12", "motivering van de beslissing op bezwaar"),
                reference(AWB, "8:1", "beroep bij de bestuursrechter"),
            ],
            "policy": record.get("policy"),
            "engine_version": ENGINE_VERSION,
            "as_of_version": teacher.version,
            "period": record.get("period"),
            "inputs": {
                "replaces": o.decision_id,
                "objection_id": o.objection_id,
                "ruling_id": ruling["ruling_id"],
                "assessed_by": "appeals_committee",
                "period_start": replacement.get("period_start"),
            },
            "trace": [],
            "reasons": {"nl": nl, "en": en},
            # No objection lies against a decision taken on an objection (Awb 7:1): the last
            # day of its remedy is the appeal term's.
            "objection_deadline": remedy["term"]["last_day"],
            "remedy": remedy,
        }

    def check_reproducible(self, decision_id: str, record: Mapping[str, Any]) -> None:
        """A decision taken in a ruling on an objection is the committee's judgement, not a
        criteria evaluation: reproducing it is refused (409). The hook `reproduce` asks."""
        if record.get("kind") == REPLACEMENT:
            raise ConflictError(
                M.DECISION_FROM_RULING(
                    decision_id=decision_id, ruling_id=record["inputs"].get("ruling_id")
                )
            )

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
            raise NotFoundError(M.DECISION_NOT_FOUND(decision_id=objection.decision_id))
        if summary.get("revoked"):
            raise ConflictError(M.DECISION_ALREADY_REVOKED(decision_id=objection.decision_id))
        later = [
            d["decision_id"]
            for d in teacher.decisions
            if d["qualification_id"] == objection.qualification_id
            and int(d["version"]) > int(summary["version"])
            and not d.get("revoked")
        ]
        if later:
            raise ConflictError(M.LATER_DECISION_STANDS(later_id=later[0]))
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
        self, command: RuleOnObjection, *, ctx: Context
    ) -> CommandResult[ObjectionRuled]:
        """The committee's ruling, once; well-founded revokes the decision in the same write."""
        objection_id, outcome, reasoning = command.objection_id, command.outcome, command.reasoning
        errors: list[FieldError] = []
        if outcome not in OUTCOMES:
            errors.append(FieldError("outcome", M.CHOICE_UNKNOWN(choices=", ".join(OUTCOMES))))
        if not reasoning.strip():
            errors.append(FieldError("reasoning", M.RULING_REASONING_REQUIRED()))
        if errors:
            raise InvalidInputError(M.RULING_REFUSED(), errors)
        today = self.clock()
        payload = command.payload()
        for attempt in range(RULING_ATTEMPTS):
            objection = self.get_objection(objection_id)

            def run(
                o: Objection = objection,
            ) -> tuple[list[Aggregate], CommandResult[ObjectionRuled]]:
                check_expected_version(ctx, o.version)
                if o.status != "open":
                    raise ConflictError(M.OBJECTION_ALREADY_RULED(objection_id=objection_id))
                ruling_id = ruling_id_for(o.id)
                remedy = appeal_remedy(today)
                late = not o.in_time and not o.lateness_excused
                ruling: Ruling = {
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
                        *(
                            [reference(AWB, "6:11", "verschoonbare termijnoverschrijding")]
                            if not o.in_time
                            else []
                        ),
                        reference(AWB, "8:1", "beroep bij de bestuursrechter"),
                    ],
                    "revoked_decision": None,
                    "replacement": None,
                    "late": late,
                    "reasons": ruling_reasons(
                        outcome, reasoning.strip(), late=late, term_end=o.term_end, remedy=remedy
                    ),
                    "remedy": remedy,
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
                    receipt = self._replacement_receipt(o, teacher, replacement, ruling, remedy)
                    teacher.record_decision(
                        Teacher.DecisionReplaced,
                        qualification_id=o.qualification_id,
                        decision=receipt,
                        actor=ctx.actor,
                        reason=f"nieuw besluit op gegrond bezwaar: {reasoning.strip()}",
                        correlation_id=ctx.correlation_id,
                        replaces=o.decision_id,
                    )
                    ruling["replacement"] = {
                        "outcome": replacement["outcome"],
                        "period_start": replacement["period_start"],
                        "decision_id": receipt["decision_id"],
                    }
                    index = DecisionIndex.create(
                        receipt["decision_id"], teacher.id, o.qualification_id, REPLACEMENT
                    )
                    aggregates += [teacher, index]
                o.rule(ruling=dict(ruling), actor=ctx.actor, correlation_id=ctx.correlation_id)
                data: ObjectionRuled = {**ruling, "objection": objection_data(o, today)}
                return [o, *aggregates], CommandResult(o.id, o.version, 0, data)

            try:
                result = self._idempotent(ctx, payload, run)
            except IntegrityError:
                if attempt + 1 < RULING_ATTEMPTS:
                    continue  # the file or the objection changed meanwhile: rule again
                raise ConflictError(
                    M.OBJECTION_OR_FILE_CHANGED(objection_id=objection_id)
                ) from None
            log.info(
                "objection_ruled",
                objection_id=objection_id,
                outcome=outcome,
                position=result.position,
                correlation_id=ctx.correlation_id,
            )
            return result
        raise ConflictError(M.OBJECTION_BUSY())  # pragma: no cover
