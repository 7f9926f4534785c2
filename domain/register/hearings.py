"""Hearing before an adverse decision (zienswijze, Awb 4:8): propose, hear, then decide.

A strike-off on the registrar's own initiative (any ground but the teacher's own request or
death) starts as a proposal in the teacher's file. The teacher may give their view until the
hearing term ends (:func:`policies.terms.hearing_deadline`). The registrar decides once the view
is in or the term has passed; the decision's receipt records the proposal, the term, and the
view (or that none was given), and the proposal is closed in the same write so that it can never
carry a second decision. Decide first, then record: the decision is built with the same receipt,
assessment and decision index as every other strike-off (:mod:`domain.decisions`).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.assessment import STRIKE_OFF, assess, leave_facts
from domain.commands.hearings import (
    DecideProposal,
    GiveView,
    ProposalDecided,
    ProposalState,
    ProposeStrikeOff,
    WithdrawProposal,
)
from domain.criteria_book import CriteriaBook, CriteriaVersion
from domain.decisions import DecisionIndex
from domain.errors import ConflictError, FieldError, InvalidInputError
from domain.register.base import CommandResult, Context, RegisterBase
from domain.teacher import StrikeOffProposal, Teacher
from domain.values import QualificationStatus, StrikeOffGround
from policies import ReregistrationCriteria, document_sha256, period_end
from policies.law import TRANSITION_DATE, effective_date_faults, shortfall_strikes_off
from policies.messages import M
from policies.terms import hearing_deadline


def _proposal_data(teacher: Teacher, p: StrikeOffProposal) -> ProposalState:
    return {
        "proposal_id": p.proposal_id,
        "teacher_id": str(teacher.id),
        "qualification_id": p.qualification_id,
        "ground": p.ground,
        "grounds": p.grounds,
        "proposed_on": p.proposed_on.isoformat(),
        "view_due": p.view_due.isoformat(),
        "view": p.view,
        "view_given_on": p.view_given_on.isoformat() if p.view_given_on else None,
        "status": p.status,
        "decision_id": p.decision_id,
        "assessment": p.assessment,
    }


def hearing_record(p: StrikeOffProposal) -> dict[str, Any]:
    """What a decision records of the hearing that preceded it."""
    return {
        "proposal_id": p.proposal_id,
        "proposed_on": p.proposed_on.isoformat(),
        "view_due": p.view_due.isoformat(),
        "view_given_on": p.view_given_on.isoformat() if p.view_given_on else None,
        "view": p.view,
    }


def hearing_sentences(p: StrikeOffProposal) -> tuple[list[str], list[str]]:
    """The hearing in the decision's reasons, in Dutch and English."""
    due = p.view_due.isoformat()
    if p.view is None:
        return (
            [
                f"U bent in de gelegenheid gesteld tot en met {due} uw zienswijze te geven;"
                " u heeft dat niet gedaan."
            ],
            [f"You were given the opportunity to give your view until {due}; you did not."],
        )
    given = p.view_given_on.isoformat() if p.view_given_on else due
    return (
        [f"Uw zienswijze van {given} is bij dit besluit betrokken: \u201c{p.view}\u201d"],
        [f"Your view of {given} was taken into account: \u201c{p.view}\u201d"],
    )


class HearingCommands(RegisterBase):
    """Strike-off proposals, the teacher's view, and the decision after the hearing."""

    def propose_strike_off(
        self, teacher_id: UUID, command: ProposeStrikeOff, *, ctx: Context
    ) -> CommandResult[ProposalState]:
        """Announce an intended strike-off; the teacher's view is due within the term.

        On the ground ``criteria_not_met`` only for a period that ended on or after the law's
        transition date: before it a shortfall gives an annotation, never a strike-off.
        """
        today = self.clock()
        proposal_id = str(uuid.uuid4())
        qualification_id, ground = command.qualification_id, command.ground

        def change(t: Teacher) -> ProposalState:
            if ground == StrikeOffGround.CRITERIA_NOT_MET:
                self._check_period_after_transition(t, qualification_id, today)
            t.propose_strike_off(
                proposal_id=proposal_id,
                qualification_id=qualification_id,
                ground=ground,
                proposed_on=today,
                view_due=hearing_deadline(today),
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return _proposal_data(t, t.proposals[proposal_id])

        payload = command.payload(id=teacher_id, reason=ctx.reason)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="strike_off_proposed"
        )

    def give_view(
        self, teacher_id: UUID, command: GiveView, *, ctx: Context
    ) -> CommandResult[ProposalState]:
        """The teacher's view on an intended strike-off, within the term."""
        today = self.clock()

        def change(t: Teacher) -> ProposalState:
            t.give_view(
                proposal_id=command.proposal_id,
                view=command.view,
                given_on=today,
                actor=ctx.actor,
                correlation_id=ctx.correlation_id,
            )
            return _proposal_data(t, t.proposals[command.proposal_id])

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=True, event_name="view_given"
        )

    def withdraw_proposal(
        self, teacher_id: UUID, command: WithdrawProposal, *, ctx: Context
    ) -> CommandResult[ProposalState]:
        """The registrar drops an intended strike-off; the reason is recorded."""
        if not (ctx.reason and ctx.reason.strip()):
            raise InvalidInputError.of("reason", M.PROPOSAL_WITHDRAWAL_REASON_REQUIRED())

        def change(t: Teacher) -> ProposalState:
            t.close_proposal(
                proposal_id=command.proposal_id,
                decision_id=None,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return _proposal_data(t, t.proposals[command.proposal_id])

        payload = command.payload(id=teacher_id)
        return self._change_teacher(
            teacher_id, ctx, payload, change, commutes=False, event_name="proposal_withdrawn"
        )

    def _check_period_after_transition(
        self, teacher: Teacher, qualification_id: str, today: date
    ) -> None:
        """409 unless the qualification's current period ended, on or after the transition."""
        q = teacher.qualification(qualification_id)
        leaves = leave_facts(teacher)
        book = self.criteria_book("reregistration")
        criteria = self.criteria_of_period(book, q.period_start, leaves, today).criteria
        end = period_end(q.period_start, criteria, leaves)
        if today <= end:
            raise ConflictError(M.REGISTRATION_PERIOD_RUNNING(end_date=end.isoformat()))
        if not shortfall_strikes_off(end):
            raise ConflictError(
                M.PERIOD_BEFORE_TRANSITION_DATE(
                    end_date=end.isoformat(), transition_date=TRANSITION_DATE.isoformat()
                )
            )

    def proposal_of(self, teacher_id: UUID, proposal_id: str) -> ProposalState:
        """One proposal as the teacher and the registrar see it."""
        teacher = self.get_teacher(teacher_id)
        return _proposal_data(teacher, teacher.proposal(proposal_id))

    def _criteria_of_assessment(
        self, assessment: dict[str, Any]
    ) -> tuple[CriteriaVersion, ReregistrationCriteria]:
        """The criteria version a re-registration's assessment applied, checked by its sha256."""
        ref = assessment["policy"]
        version = self.criteria_version(ref["name"], int(ref["version"]))
        if version.sha256 != ref["sha256"] or document_sha256(version.raw) != ref["sha256"]:
            raise ConflictError(
                M.PROPOSAL_CRITERIA_HASH_MISMATCH(
                    name=ref["name"], version=ref["version"], sha256=ref["sha256"]
                )
            )
        return version, self.parsed_reregistration(version)

    def decide_proposal(
        self, teacher_id: UUID, command: DecideProposal, *, ctx: Context
    ) -> CommandResult[ProposalDecided]:
        """Strike the qualification off after the hearing: once the view is given, or once the
        term has passed without one. The receipt records the hearing and the view.

        A proposal made at re-registration is decided on the criteria version its assessment
        applied (checked by sha256, as reproduction does) over the same period, on the file as
        it stands now; the receipt's ``inputs.assessment`` holds that assessment."""
        today = self.clock()
        proposal_id, effective_on = command.proposal_id, command.effective_on

        def prepare(teacher: Teacher, book: CriteriaBook) -> tuple[DecisionIndex, ProposalDecided]:
            p = teacher.proposal(proposal_id)
            if p.status != "open":
                raise ConflictError(
                    M.PROPOSAL_ALREADY_DECIDED(proposal_id=proposal_id, status=p.status)
                )
            if p.view is None and today <= p.view_due:
                raise ConflictError(M.VIEW_TERM_RUNNING(due_date=p.view_due.isoformat()))
            q = teacher.qualification(p.qualification_id)
            errors = [
                FieldError(fault.field, fault.message)
                for fault in effective_date_faults(p.ground, effective_on, today, q.admitted_on)
            ]
            if not (ctx.reason and ctx.reason.strip()):
                errors.append(FieldError("reason", M.STRIKE_OFF_REASON_REQUIRED()))
            if errors:
                raise InvalidInputError(M.STRIKE_OFF_REFUSED(), errors)
            if q.status == QualificationStatus.STRUCK_OFF:
                raise ConflictError(
                    M.QUALIFICATION_ALREADY_STRUCK_OFF(qualification_id=q.qualification_id)
                )
            heard_on = p.view_given_on or p.view_due
            inputs: dict[str, Any] = {
                "ground": p.ground,
                "effective_on": effective_on.isoformat(),
                "heard_on": heard_on.isoformat(),
                "reason": ctx.reason,
                "hearing": hearing_record(p),
            }
            policy: CriteriaVersion | None = None
            criteria: ReregistrationCriteria | None = None
            governs: dict[str, Any] | None = None
            if p.assessment is not None:  # proposed at re-registration: the same criteria
                inputs["assessment"] = p.assessment
                policy, criteria = self._criteria_of_assessment(p.assessment)
                governs = p.assessment["policy"].get("governs")
                start = p.assessment["period"]["start"]
                if start != q.period_start.isoformat():
                    raise ConflictError(
                        M.PROPOSAL_PERIOD_OUTDATED(start=start, now=q.period_start.isoformat())
                    )
            elif p.ground == StrikeOffGround.CRITERIA_NOT_MET:
                governing = self.criteria_of_period(
                    book, q.period_start, leave_facts(teacher), today
                )
                policy, criteria, governs = governing.version, governing.criteria, governing.governs
            if criteria is not None:
                end = period_end(q.period_start, criteria, leave_facts(teacher))
                if today <= end:
                    raise ConflictError(M.REGISTRATION_PERIOD_RUNNING(end_date=end.isoformat()))
                if not shortfall_strikes_off(end):
                    raise ConflictError(
                        M.PROPOSAL_BEFORE_TRANSITION_DATE(
                            end_date=end.isoformat(), transition_date=TRANSITION_DATE.isoformat()
                        )
                    )
            assessment = assess(
                STRIKE_OFF,
                teacher,
                q.qualification_id,
                inputs=inputs,
                criteria=criteria,
                decided_on=today,
                validated=self.activity_validated,
            )
            if assessment.outcome != "struck_off":
                raise ConflictError(M.CRITERIA_MET_NO_STRIKE_OFF())
            receipt = self.decider.receipt_at_version(
                STRIKE_OFF,
                teacher,
                q.qualification_id,
                assessment,
                on=today,
                ctx=ctx,
                policy=policy,
                inputs=inputs,
                governs=governs,
            )
            decision_id = receipt["decision_id"]
            nl, en = hearing_sentences(p)
            receipt["reasons"] = {
                "nl": [*receipt["reasons"]["nl"][:-1], *nl, receipt["reasons"]["nl"][-1]],
                "en": [*receipt["reasons"]["en"][:-1], *en, receipt["reasons"]["en"][-1]],
            }
            index = self.decider.record(
                teacher, Teacher.StruckOff, receipt, ctx, ground=p.ground, effective_on=effective_on
            )
            teacher.close_proposal(
                proposal_id=proposal_id,
                decision_id=decision_id,
                actor=ctx.actor,
                reason=ctx.reason,
                correlation_id=ctx.correlation_id,
            )
            return index, receipt

        payload = command.payload(teacher=teacher_id, reason=ctx.reason)
        return self.decider.decide(teacher_id, ctx, payload, prepare)
