"""A re-registration short of the criteria after the transition: propose, hear, then decide.

docs/domain.md, "Time and law", hearing: before an adverse decision the teacher did not ask for, the teacher is heard
(Awb 4:8). A re-registration whose assessment calls for strike-off therefore records a
strike-off proposal resting on that assessment; the registrar decides it after the view (or
the term), and the decision's receipt holds the assessment, so that it still reproduces.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from api.bootstrap import Services
from domain.commands import ReRegister
from domain.commands.hearings import DecideProposal, GiveView, WithdrawProposal
from domain.commands.objections import FileObjection, RuleOnObjection
from domain.errors import AwaitingHearingError, ConflictError
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor
from policies import document_sha256, load_default
from tests.decision_helpers import (
    REGISTRAR,
    Admitted,
    MovableClock,
    demo_like_teacher,
    entry,
)
from tests.decision_helpers import record as record_activity
from tests.procedure_helpers import APPEALS

AFTER_TRANSITION = date(2027, 9, 1)


def me(teacher: Admitted) -> Context:
    return Context(Actor("teacher", str(teacher.teacher_id)))


def short_after_transition(services: Services, clock: MovableClock) -> Admitted:
    """A vo teacher 40 hours short over 2023-09-01..2027-08-31, judged after the transition."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 9, 1))
    clock.today = AFTER_TRANSITION
    return teacher


def test_a_shortfall_after_the_transition_is_proposed_not_struck_off(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = short_after_transition(services, clock)
    before = register.get_teacher(teacher.teacher_id).version
    result = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    answer = result.data
    assert answer["outcome"] == "strike_off_proposed"
    assert (answer["proposed_on"], answer["view_due"]) == ("2027-09-01", "2027-09-15")
    assessment = answer["assessment"]
    raw, _ = load_default("reregistration")
    assert assessment["policy"] == {
        "name": "reregistration",
        "version": 1,
        "sha256": document_sha256(raw),
        "governs": {
            "rule": "in_force_at_period_start",
            "period_start": "2023-09-01",
            "effective_from": "2017-08-01",
        },
    }
    assert (assessment["decided_on"], assessment["as_of_version"]) == ("2027-09-01", before)
    assert assessment["period"] == {"start": "2023-09-01", "end": "2027-08-31"}
    assert {"criterion": "total_hours", "required": "160.0", "actual": "120.0"} in assessment[
        "shortfalls"
    ]
    assert not entry(assessment["trace"], "total_hours")["passed"]
    assert "40.0 hours are missing" in " ".join(assessment["reasons"]["en"])
    # Recorded: one StrikeOffProposed event, no decision, no StruckOff; still registered.
    events = list(register.events.get(teacher.teacher_id, gt=before))
    assert [type(e) for e in events] == [Teacher.StrikeOffProposed]
    assert events[0].assessment == assessment  # type: ignore[attr-defined]
    file = register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    assert (q.status, q.period_start) == ("registered", date(2023, 9, 1))
    assert file.decisions == []
    proposal = register.proposal_of(teacher.teacher_id, answer["proposal_id"])
    assert (proposal["ground"], proposal["status"]) == ("criteria_not_met", "open")
    assert "er ontbreken 40,0 uur" in proposal["grounds"]
    assert "40.0 hours are missing" in proposal["grounds"]
    assert proposal["assessment"] == assessment


def test_while_the_proposal_is_open_the_period_is_not_decided_again(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = short_after_transition(services, clock)
    proposal_id = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data["proposal_id"]
    with pytest.raises(AwaitingHearingError, match=proposal_id):
        register.re_register(
            teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )
    report = register.run_due(AFTER_TRANSITION, ctx=REGISTRAR)
    assert (report.decided, report.proposed, report.awaiting_hearing, report.conflicts) == (
        0,
        0,
        1,
        0,
    )
    assert len(register.get_teacher(teacher.teacher_id).proposals) == 1


def test_run_due_proposes_once_and_the_re_registration_then_waits(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = short_after_transition(services, clock)
    first = register.run_due(AFTER_TRANSITION, ctx=REGISTRAR)
    assert (first.decided, first.proposed, first.outcomes) == (0, 1, {})
    (proposal,) = register.get_teacher(teacher.teacher_id).proposals.values()
    assert proposal.assessment is not None
    assert proposal.assessment["decided_on"] == "2027-09-01"
    with pytest.raises(AwaitingHearingError, match=proposal.proposal_id):
        register.re_register(
            teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )


def test_after_the_view_the_decision_strikes_off_with_the_assessment_in_its_receipt(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = short_after_transition(services, clock)
    proposed = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    proposal_id = proposed.data["proposal_id"]
    clock.today += timedelta(days=4)
    register.give_view(
        teacher.teacher_id,
        GiveView(proposal_id=proposal_id, view="Ik was een jaar ziek."),
        ctx=me(teacher),
    )
    clock.today += timedelta(days=2)
    decided = register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal_id, effective_on=clock.today),
        ctx=replace(REGISTRAR, reason="geen verlof geregistreerd; het tekort blijft"),
    )
    record = decided.data
    assert (record["kind"], record["outcome"]) == ("strike_off", "struck_off")
    assert record["policy"] == proposed.data["assessment"]["policy"]
    assert record["inputs"]["assessment"] == proposed.data["assessment"]
    assert record["inputs"]["hearing"]["view"] == "Ik was een jaar ziek."
    assert record["inputs"]["heard_on"] == "2027-09-05"
    assert record["period"] == {"start": "2023-09-01", "end": "2027-08-31"}
    assert entry(record["trace"], "hearing")["passed"]
    assert entry(record["trace"], "total_hours")["actual"] == "120.0"
    assert any(ref["article"] == "4:8" for ref in record["legal_basis"])
    assert "Ik was een jaar ziek." in " ".join(record["reasons"]["nl"])
    file = register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    assert (q.status, q.struck_off_ground) == ("struck_off", "criteria_not_met")
    assert file.proposals[proposal_id].decision_id == record["decision_id"]
    # The appeals committee reproduces it: same criteria version, same file version.
    answer = register.reproduce(record["decision_id"])
    assert answer["reproduced"], answer["differences"]
    assert answer["policy"] == record["policy"]


def test_without_a_view_the_decision_follows_the_term(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = short_after_transition(services, clock)
    proposal_id = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data["proposal_id"]
    reason = replace(REGISTRAR, reason="geen zienswijze")
    with pytest.raises(ConflictError, match="2027-09-15"):
        register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal_id, effective_on=clock.today),
            ctx=reason,
        )
    clock.today = date(2027, 9, 16)
    record = register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal_id, effective_on=clock.today),
        ctx=reason,
    ).data
    assert record["inputs"]["heard_on"] == "2027-09-15"
    assert register.reproduce(record["decision_id"])["reproduced"]


def test_hours_recorded_during_the_hearing_mean_withdrawal_then_re_registration(
    services: Services, clock: MovableClock
) -> None:
    """The view shows hours within the period that were never recorded: once they are, the
    strike-off is refused, the registrar withdraws the proposal, and re-registration decides
    the period again on the file as it then stands."""
    register = services.register
    teacher = short_after_transition(services, clock)
    proposal_id = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data["proposal_id"]
    record_activity(register, teacher.teacher_id, hours=40, on=date(2026, 3, 1))
    register.give_view(
        teacher.teacher_id,
        GiveView(proposal_id=proposal_id, view="Mijn cursus van maart 2026 ontbrak."),
        ctx=me(teacher),
    )
    with pytest.raises(ConflictError, match="criteria are met"):
        register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal_id, effective_on=clock.today),
            ctx=replace(REGISTRAR, reason="tekort"),
        )
    register.withdraw_proposal(
        teacher.teacher_id,
        WithdrawProposal(proposal_id=proposal_id),
        ctx=replace(REGISTRAR, reason="de uren zijn aangevuld"),
    )
    record = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert record["outcome"] == "re_registered"
    assert record["period"] == {"start": "2023-09-01", "end": "2027-08-31"}


def test_after_a_withdrawal_run_due_leaves_the_period_to_the_registrar(
    services: Services, clock: MovableClock
) -> None:
    """run-due never proposes twice for one period; by hand, a period still short gets a new
    proposal (a new hearing)."""
    register = services.register
    teacher = short_after_transition(services, clock)
    proposal_id = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data["proposal_id"]
    register.withdraw_proposal(
        teacher.teacher_id,
        WithdrawProposal(proposal_id=proposal_id),
        ctx=replace(REGISTRAR, reason="verkeerd dossier"),
    )
    report = register.run_due(AFTER_TRANSITION, ctx=REGISTRAR)
    assert (report.decided, report.proposed, report.left_to_registrar) == (0, 0, 1)
    again = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    assert again.data["outcome"] == "strike_off_proposed"
    assert again.data["proposal_id"] != proposal_id
    file = register.get_teacher(teacher.teacher_id)
    assert sorted(p.status for p in file.proposals.values()) == ["open", "withdrawn"]


def test_annotation_and_re_registration_are_unchanged(
    services: Services, clock: MovableClock
) -> None:
    """A period that ended before the transition is annotated at once, even decided after
    the transition date; no proposal."""
    register = services.register
    teacher = demo_like_teacher(register, registered_on=date(2023, 5, 1))
    clock.today = AFTER_TRANSITION
    record = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert record["outcome"] == "annotated"
    assert register.get_teacher(teacher.teacher_id).proposals == {}


def test_a_well_founded_objection_re_registers_the_period_as_before(
    services: Services, clock: MovableClock
) -> None:
    """Revoking a strike-off decided on a re-registration proposal re-registers the period
    it judged, as revoking a strike-off at re-registration always did."""
    register = services.register
    teacher = short_after_transition(services, clock)
    proposal_id = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data["proposal_id"]
    clock.today = date(2027, 9, 16)
    decision_id = register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal_id, effective_on=clock.today),
        ctx=replace(REGISTRAR, reason="geen zienswijze"),
    ).data["decision_id"]
    objection_id = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="Mijn uren zijn niet meegeteld."),
        ctx=me(teacher),
    ).data["objection_id"]
    ruling = register.rule_on_objection(
        RuleOnObjection(
            objection_id=objection_id, outcome="well_founded", reasoning="De uren telden wel."
        ),
        ctx=APPEALS,
    ).data
    assert {k: ruling["replacement"][k] for k in ("outcome", "period_start")} == {
        "outcome": "re_registered",
        "period_start": "2027-09-01",
    }
    q = register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id]
    assert (q.status, q.period_start) == ("registered", date(2027, 9, 1))
