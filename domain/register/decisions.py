"""Decisions on qualifications, the commands: re-registration, strike-off, reinstatement, move to
the register, and reproducing a decision. Deciding itself (the receipt, the period's
decision, the write) is :class:`domain.register.deciding.Decider`; the due run that decides
every period due is :mod:`domain.register.due`; the rules and the index of decisions are in
:mod:`domain.decisions`.
"""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from domain.assessment import MOVE_TO_REGISTER, REINSTATEMENT, STRIKE_OFF, assess
from domain.commands import MoveToRegister, Reinstate, ReRegister, StrikeOff
from domain.commands.results import DecisionReceipt, Reproduction, ReRegistration
from domain.criteria_book import CriteriaBook
from domain.decisions import DecisionIndex, decision_id_at
from domain.errors import ConflictError, FieldError, InvalidInputError
from domain.receipts import trace_differences
from domain.register.base import CommandResult, Context, RegisterBase
from domain.teacher import PRE_REGISTER_STATUSES, Teacher
from domain.values import QualificationStatus, StrikeOffGround
from policies import ENGINE_VERSION, document_sha256
from policies.engines import UnknownEngineError, engine
from policies.law import DIRECT_GROUNDS, effective_date_faults
from policies.messages import M


class DecisionCommands(RegisterBase):
    """Decisions on qualifications, and their reproduction."""

    # -- commands -------------------------------------------------------------------------

    def re_register(
        self, teacher_id: UUID, command: ReRegister, *, ctx: Context
    ) -> CommandResult[ReRegistration]:
        """Decide the re-registration of a qualification whose period has ended, dated the
        register's date (never back- or forward-dated).

        The data is the decision record (``re_registered``, ``annotated``), or, short of the
        criteria in a period that ended on or after the transition date, the strike-off
        proposal made instead (outcome ``strike_off_proposed``, with ``proposal_id``,
        ``view_due`` and the ``assessment``).
        """
        on = self.clock()

        def prepare(
            teacher: Teacher, book: CriteriaBook
        ) -> tuple[DecisionIndex | None, ReRegistration]:
            return self.decider.decide_re_registration(teacher, command.qualification_id, book, ctx)

        payload = command.payload(teacher=teacher_id, decided_on=on)
        return self.decider.decide(teacher_id, ctx, payload, prepare)

    def strike_off(
        self, teacher_id: UUID, command: StrikeOff, *, ctx: Context
    ) -> CommandResult[DecisionReceipt]:
        """Strike a qualification off directly: only on the teacher's own request or death.

        Every other ground is adverse and the teacher did not ask for it: it goes through a
        proposal and the teacher's view, or the lapse of the term for it (Awb 4:8; see
        ``propose_strike_off`` and ``decide_proposal``). The effective date follows
        :func:`policies.law.effective_date_faults`.
        """
        today = self.clock()
        qualification_id, ground = command.qualification_id, command.ground
        effective_on, heard_on = command.effective_on, command.heard_on

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, DecisionReceipt]:
            q = teacher.qualification(qualification_id)
            errors: list[FieldError] = []
            grounds = [g.value for g in StrikeOffGround]
            if ground not in grounds:
                errors.append(
                    FieldError("ground", M.GROUND_UNKNOWN(value=repr(ground), grounds=grounds))
                )
            elif ground not in DIRECT_GROUNDS:
                errors.append(
                    FieldError(
                        "ground",
                        M.STRIKE_OFF_NEEDS_PROPOSAL(ground=ground),
                    )
                )
            else:
                errors += [
                    FieldError(fault.field, fault.message)
                    for fault in effective_date_faults(ground, effective_on, today, q.admitted_on)
                ]
            if heard_on is not None and heard_on > today:
                errors.append(FieldError("heard_on", M.HEARING_IN_FUTURE()))
            if not (ctx.reason and ctx.reason.strip()):
                errors.append(FieldError("reason", M.STRIKE_OFF_REASON_REQUIRED()))
            if errors:
                raise InvalidInputError(M.STRIKE_OFF_REFUSED(), errors)
            if q.status == QualificationStatus.STRUCK_OFF:
                raise ConflictError(
                    M.QUALIFICATION_ALREADY_STRUCK_OFF(qualification_id=qualification_id)
                )
            inputs: dict[str, Any] = {
                "ground": ground,
                "effective_on": effective_on.isoformat(),
                "heard_on": heard_on.isoformat() if heard_on else None,
                "reason": ctx.reason,
            }
            assessment = assess(
                STRIKE_OFF,
                teacher,
                qualification_id,
                inputs=inputs,
                criteria=None,
                decided_on=today,
                validated=self.activity_validated,
            )
            receipt = self.decider.receipt(
                decision_id=decision_id_at(STRIKE_OFF, qualification_id, teacher.version),
                kind=STRIKE_OFF,
                teacher=teacher,
                qualification_id=qualification_id,
                assessment=assessment,
                decided_on=today,
                actor=ctx.actor,
                policy=None,
                inputs=inputs,
            )
            index = self.decider.record(
                teacher, Teacher.StruckOff, receipt, ctx, ground=ground, effective_on=effective_on
            )
            return index, receipt

        payload = command.payload(teacher=teacher_id, reason=ctx.reason)
        return self.decider.decide(teacher_id, ctx, payload, prepare)

    def reinstate(
        self, teacher_id: UUID, command: Reinstate, *, ctx: Context
    ) -> CommandResult[DecisionReceipt]:
        """Reinstate a struck-off qualification when the criteria are met again.

        The criteria in force are evaluated over one period back from today; a new period
        starts today.
        """
        today = self.clock()
        qualification_id = command.qualification_id

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, DecisionReceipt]:
            q = teacher.qualification(qualification_id)
            if q.status != QualificationStatus.STRUCK_OFF:
                raise ConflictError(
                    M.QUALIFICATION_NOT_STRUCK_OFF(qualification_id=qualification_id)
                )
            if q.struck_off_ground == StrikeOffGround.DECEASED:
                raise ConflictError(M.DECEASED_NOT_REINSTATED())
            policy, criteria = self.criteria.on(book, today)
            assessment = assess(
                REINSTATEMENT,
                teacher,
                qualification_id,
                inputs={},
                criteria=criteria,
                decided_on=today,
                validated=self.activity_validated,
            )
            if not assessment.met:
                short = [e for e in assessment.trace if not e["passed"]]
                named = "; ".join(
                    f"{e['criterion']} {e['actual']} of {e['required']}" for e in short
                )
                raise ConflictError(M.CRITERIA_NOT_MET_AGAIN(named=named))
            receipt = self.decider.receipt(
                decision_id=decision_id_at(REINSTATEMENT, qualification_id, teacher.version),
                kind=REINSTATEMENT,
                teacher=teacher,
                qualification_id=qualification_id,
                assessment=assessment,
                decided_on=today,
                actor=ctx.actor,
                policy=policy,
                inputs={"reason": ctx.reason},
            )
            index = self.decider.record(
                teacher, Teacher.Reinstated, receipt, ctx, new_period_start=today
            )
            return index, receipt

        payload = command.payload(teacher=teacher_id, reason=ctx.reason)
        return self.decider.decide(teacher_id, ctx, payload, prepare)

    def move_to_register(
        self, teacher_id: UUID, command: MoveToRegister, *, ctx: Context
    ) -> CommandResult[DecisionReceipt]:
        """Move a pre-registered qualification into the register once a diploma arrived."""
        today = self.clock()
        qualification_id, qualified_on = command.qualification_id, command.qualified_on

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, DecisionReceipt]:
            q = teacher.qualification(qualification_id)
            errors: list[FieldError] = []
            if qualified_on > today:
                errors.append(FieldError("qualified_on", M.DIPLOMA_DATE_IN_FUTURE()))
            if qualified_on < q.admitted_on:
                errors.append(FieldError("qualified_on", M.DIPLOMA_DATE_BEFORE_ADMISSION()))
            if errors:
                raise InvalidInputError(M.MOVE_TO_REGISTER_REFUSED(), errors)
            if q.status not in PRE_REGISTER_STATUSES:
                raise ConflictError(
                    M.QUALIFICATION_NOT_PREREGISTERED(qualification_id=qualification_id)
                )
            policy, criteria = self.criteria.on(book, today)
            inputs = {"qualified_on": qualified_on.isoformat(), "reason": ctx.reason}
            assessment = assess(
                MOVE_TO_REGISTER,
                teacher,
                qualification_id,
                inputs=inputs,
                criteria=criteria,
                decided_on=today,
                validated=self.activity_validated,
            )
            receipt = self.decider.receipt(
                decision_id=decision_id_at(MOVE_TO_REGISTER, qualification_id, teacher.version),
                kind=MOVE_TO_REGISTER,
                teacher=teacher,
                qualification_id=qualification_id,
                assessment=assessment,
                decided_on=today,
                actor=ctx.actor,
                policy=policy,
                inputs=inputs,
            )
            index = self.decider.record(
                teacher, Teacher.MovedToRegister, receipt, ctx, new_period_start=qualified_on
            )  # the period starts on the date of qualification (docs/domain.md, "Pre-register
            # terms")
            return index, receipt

        payload = command.payload(teacher=teacher_id)
        return self.decider.decide(teacher_id, ctx, payload, prepare)

    # -- reproducing a decision --------------------------------------------------------

    def reproduce(self, decision_id: str) -> Reproduction:
        """Decide again from the recorded file version and criteria version, and compare.

        Refused (409) when the criteria version no longer hashes to the recorded sha256.
        """
        record = self.get_decision(decision_id)
        # The hook: a group may refuse a decision that is no criteria evaluation (objections).
        self.check_reproducible(decision_id, record)
        teacher_id = UUID(record["teacher_id"])
        then = self.get_teacher(teacher_id, version=int(record["as_of_version"]))
        policy = record.get("policy")
        criteria = None
        if policy is not None:
            version = self.criteria_version(policy["name"], int(policy["version"]))
            if (
                version.sha256 != policy["sha256"]
                or document_sha256(version.raw) != policy["sha256"]
            ):
                raise ConflictError(
                    M.DECISION_CRITERIA_HASH_MISMATCH(
                        name=policy["name"], version=policy["version"], sha256=policy["sha256"]
                    )
                )
            criteria = self.criteria.parsed_reregistration(version)
        recorded_engine = str(record.get("engine_version") or "1.0.0")
        try:
            rules = engine(recorded_engine)
        except UnknownEngineError:
            raise ConflictError(M.DECISION_ENGINE_UNKNOWN(engine=recorded_engine)) from None
        assessment = assess(
            record["kind"],
            then,
            record["qualification_id"],
            inputs=record.get("inputs") or {},
            criteria=criteria,
            decided_on=date.fromisoformat(record["decided_on"]),
            validated=self.activity_validated,
            rules=rules,
        )
        differences = trace_differences(record["trace"], assessment.trace)
        if assessment.outcome != record["outcome"]:
            differences.insert(
                0,
                {
                    "criterion": "(outcome)",
                    "field": "outcome",
                    "recorded": record["outcome"],
                    "recomputed": assessment.outcome,
                },
            )
        return {
            "decision_id": record["decision_id"],
            "teacher_id": record["teacher_id"],
            "reproduced": not differences,
            "recorded": {"outcome": record["outcome"], "trace": record["trace"]},
            "recomputed": {"outcome": assessment.outcome, "trace": list(assessment.trace)},
            "differences": differences,
            "policy": policy,
            "engine_version": {
                "recorded": recorded_engine,
                "reproduced_with": rules.ENGINE_VERSION,
                "current": ENGINE_VERSION,
            },
            "as_of_version": record["as_of_version"],
            "events_since": record["file_version"] - record["version"],
        }
