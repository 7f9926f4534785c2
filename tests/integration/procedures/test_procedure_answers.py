"""The typed answers of the hearing and objection commands hold exactly the keys their
`TypedDict`s name, and a retry with the same idempotency key gets the same answer back (the
stored form of an answer is a plain dict), on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from api.bootstrap import Services
from domain.commands.hearings import (
    DecideProposal,
    GiveView,
    ProposalDecided,
    ProposalState,
    ProposeStrikeOff,
    WithdrawProposal,
)
from domain.commands.objections import (
    Consent,
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    ObjectionCase,
    ObjectionRuled,
    ObjectionState,
    RuleOnObjection,
)
from domain.register import Context
from domain.register.base import CommandResult
from domain.values import Actor
from tests.decision_helpers import REGISTRAR, MovableClock, admit
from tests.procedure_helpers import APPEALS


def _keys(answer: type) -> set[str]:
    return set(answer.__required_keys__) | set(answer.__optional_keys__)  # type: ignore[attr-defined]


def _same_when_retried(result: CommandResult[Any], retry: CommandResult[Any]) -> None:
    assert retry.data == result.data
    assert (retry.aggregate_id, retry.version) == (result.aggregate_id, result.version)


def test_every_answer_holds_the_keys_its_type_names(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    me = Context(Actor("teacher", str(teacher.teacher_id)))
    tid = teacher.teacher_id

    keyed = replace(REGISTRAR, reason="diploma niet te verifieren", idempotency_key="voornemen-1")
    propose = ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="incorrect_data")
    proposed = register.propose_strike_off(tid, propose, ctx=keyed)
    assert set(proposed.data) == _keys(ProposalState)
    _same_when_retried(proposed, register.propose_strike_off(tid, propose, ctx=keyed))
    pid = proposed.data["proposal_id"]
    assert set(register.proposal_of(tid, pid)) == _keys(ProposalState)

    clock.today += timedelta(days=3)
    viewed = register.give_view(tid, GiveView(proposal_id=pid, view="Het klopt niet."), ctx=me)
    assert set(viewed.data) == _keys(ProposalState)
    assert viewed.data["view"] == "Het klopt niet."

    keyed = replace(REGISTRAR, reason="na het horen", idempotency_key="besluit-1")
    decide = DecideProposal(proposal_id=pid, effective_on=clock.today)
    decided = register.decide_proposal(tid, decide, ctx=keyed)
    # a receipt as every decision's: without `remedy`, which only a ruling's decision holds
    assert set(decided.data) == _keys(ProposalDecided) - {"remedy"}
    _same_when_retried(decided, register.decide_proposal(tid, decide, ctx=keyed))
    decision_id = decided.data["decision_id"]

    clock.today = date(2027, 1, 13)  # a day after the objection term
    keyed = replace(me, idempotency_key="bezwaar-1")
    filing = FileObjection(decision_id=decision_id, grounds="Ten onrechte.", excuse="ziek")
    filed = register.file_objection(filing, ctx=keyed)
    assert set(filed.data) == _keys(ObjectionState)
    _same_when_retried(filed, register.file_objection(filing, ctx=keyed))
    oid = filed.data["objection_id"]
    assert set(register.objection_of(oid)) == _keys(ObjectionState)

    excused = register.judge_lateness(
        JudgeLateness(objection_id=oid, excusable=True, reasoning="ziekenhuis"), ctx=APPEALS
    )
    assert set(excused.data) == _keys(ObjectionState)
    extended = register.extend_objection(ExtendObjection(objection_id=oid), ctx=APPEALS)
    assert set(extended.data) == _keys(ObjectionState)
    keyed = replace(APPEALS, reason="met instemming", idempotency_key="uitstel-2")
    defer = ExtendObjection(
        objection_id=oid,
        consent=Consent(given_on=clock.today, statement="Akkoord met uitstel."),
        until=date(2027, 7, 1),
    )
    deferred = register.extend_objection(defer, ctx=keyed)
    assert set(deferred.data) == _keys(ObjectionState)
    assert deferred.data["decide_by"] == "2027-07-01"
    _same_when_retried(deferred, register.extend_objection(defer, ctx=keyed))

    keyed = replace(APPEALS, idempotency_key="uitspraak-1")
    rule = RuleOnObjection(objection_id=oid, outcome="well_founded", reasoning="alles telt")
    ruled = register.rule_on_objection(rule, ctx=keyed)
    assert set(ruled.data) == _keys(ObjectionRuled)
    assert set(ruled.data["objection"]) == _keys(ObjectionState)
    replacement = ruled.data["replacement"]
    assert replacement is not None
    assert set(replacement) == {"outcome", "period_start", "decision_id"}
    _same_when_retried(ruled, register.rule_on_objection(rule, ctx=keyed))
    assert set(register.objection_case(oid)) == _keys(ObjectionCase)


def test_a_withdrawal_and_a_lateness_not_excused_answer_as_typed(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    tid = teacher.teacher_id
    proposed = register.propose_strike_off(
        tid,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="incorrect_data"),
        ctx=replace(REGISTRAR, reason="gegevens nakijken"),
    )
    withdrawn = register.withdraw_proposal(
        tid,
        WithdrawProposal(proposal_id=proposed.data["proposal_id"]),
        ctx=replace(REGISTRAR, reason="misverstand"),
    )
    assert set(withdrawn.data) == _keys(ProposalState)
    assert withdrawn.data["status"] == "withdrawn"

    again = register.propose_strike_off(
        tid,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="incorrect_data"),
        ctx=replace(REGISTRAR, reason="toch"),
    )
    clock.today += timedelta(days=20)  # the term for the view has passed
    decided = register.decide_proposal(
        tid,
        DecideProposal(proposal_id=again.data["proposal_id"], effective_on=clock.today),
        ctx=replace(REGISTRAR, reason="geen zienswijze"),
    )
    clock.today += timedelta(days=60)
    filed = register.file_objection(
        FileObjection(decision_id=decided.data["decision_id"], grounds="Te laat, ik weet het."),
        ctx=Context(Actor("teacher", str(tid))),
    )
    assert filed.data["in_time"] is False
    judged = register.judge_lateness(
        JudgeLateness(objection_id=filed.data["objection_id"], excusable=False, reasoning="nee"),
        ctx=APPEALS,
    )
    assert set(judged.data) == _keys(ObjectionRuled)
    data = judged.data
    assert "ruling_id" in data
    assert data["outcome"] == "inadmissible"
    assert data["objection"]["status"] == "ruled"
