"""Hearing before a strike-off, then objection and ruling, on both stores."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from api.bootstrap import Services
from domain.commands import RecordLeave, ReRegister
from domain.commands.hearings import DecideProposal, GiveView, ProposeStrikeOff, WithdrawProposal
from domain.commands.objections import (
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    RuleOnObjection,
)
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.register import Context, Register
from domain.values import Actor
from projections import objections as objections_model
from projections import public_register_queries
from projections import staff as staff_model
from tests.decision_helpers import REGISTRAR, Admitted, MovableClock, admit, demo_like_teacher
from tests.procedure_helpers import APPEALS


def me(teacher: Admitted) -> Context:
    return Context(Actor("teacher", str(teacher.teacher_id)))


def propose(register: Register, teacher: Admitted, ground: str = "incorrect_data") -> str:
    result = register.propose_strike_off(
        teacher.teacher_id,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground=ground),
        ctx=replace(REGISTRAR, reason="het diploma blijkt vervalst"),
    )
    return str(result.data["proposal_id"])


def struck_off_after_hearing(
    register: Register, clock: MovableClock, teacher: Admitted, view: str | None = "Het klopt niet"
) -> str:
    proposal = propose(register, teacher)
    if view is not None:
        clock.today += timedelta(days=3)
        register.give_view(
            teacher.teacher_id, GiveView(proposal_id=proposal, view=view), ctx=me(teacher)
        )
    else:
        clock.today += timedelta(days=15)
    decided = register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal, effective_on=clock.today),
        ctx=replace(REGISTRAR, reason="registratie op onjuiste gegevens"),
    )
    return str(decided.data["decision_id"])


def test_a_proposal_gives_the_teacher_two_weeks_for_a_view(services: Services) -> None:
    register = services.register
    teacher = admit(register)
    answer = register.propose_strike_off(
        teacher.teacher_id,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="disciplinary_measure"),
        ctx=replace(REGISTRAR, reason="tuchtmaatregel"),
    ).data
    assert (answer["proposed_on"], answer["view_due"], answer["status"]) == (
        "2026-11-28",
        "2026-12-14",  # two weeks end on Saturday 12 December: Atw art. 1
        "open",
    )
    assert (
        register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id].status
        == "registered"
    )


@pytest.mark.parametrize("ground", ["own_request", "deceased"])
def test_own_request_and_death_need_no_proposal(services: Services, ground: str) -> None:
    teacher = admit(services.register)
    with pytest.raises(InvalidInputError, match="refused"):
        propose(services.register, teacher, ground=ground)


def test_the_decision_records_the_hearing_and_the_view(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher, view="Ik heb wel een diploma")
    record = register.get_decision(decision_id)
    assert record["outcome"] == "struck_off"
    hearing = record["inputs"]["hearing"]
    assert hearing["view"] == "Ik heb wel een diploma"
    assert hearing["view_given_on"] == "2026-12-01"
    assert record["inputs"]["heard_on"] == "2026-12-01"
    assert any(ref["article"] == "4:8" for ref in record["legal_basis"])
    assert any("Ik heb wel een diploma" in line for line in record["reasons"]["en"])
    assert record["reasons"]["en"][-1].startswith("If you disagree")
    file = register.get_teacher(teacher.teacher_id)
    assert file.qualifications[teacher.qualification_id].status == "struck_off"
    (proposal,) = file.proposals.values()
    assert (proposal.status, proposal.decision_id) == ("decided", decision_id)
    assert register.reproduce(decision_id)["reproduced"]


def test_no_decision_while_the_term_runs_without_a_view(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    proposal = propose(register, teacher)
    clock.today += timedelta(days=16)  # the term ends on Monday 14 December (Atw art. 1)
    with pytest.raises(ConflictError, match="until 2026-12-14"):
        register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal, effective_on=clock.today),
            ctx=REGISTRAR,
        )
    clock.today += timedelta(days=1)
    decided = register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal, effective_on=clock.today),
        ctx=REGISTRAR,
    ).data
    assert decided["inputs"]["hearing"]["view"] is None
    assert any("you did not" in line for line in decided["reasons"]["en"])


def test_a_view_after_the_term_or_twice_is_refused(services: Services, clock: MovableClock) -> None:
    register = services.register
    teacher = admit(register)
    proposal = propose(register, teacher)
    register.give_view(
        teacher.teacher_id, GiveView(proposal_id=proposal, view="eerste"), ctx=me(teacher)
    )
    with pytest.raises(ConflictError, match="already given"):
        register.give_view(
            teacher.teacher_id, GiveView(proposal_id=proposal, view="tweede"), ctx=me(teacher)
        )
    other = admit(register)
    late = propose(register, other)
    clock.today += timedelta(days=17)
    with pytest.raises(ConflictError, match="ended on 2026-12-14"):
        register.give_view(
            other.teacher_id, GiveView(proposal_id=late, view="te laat"), ctx=me(other)
        )


def test_a_proposal_carries_one_decision_and_a_withdrawn_one_none(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    proposal = propose(register, teacher)
    with pytest.raises(ConflictError, match="already has an open"):
        propose(register, teacher)
    with pytest.raises(InvalidInputError):
        register.withdraw_proposal(
            teacher.teacher_id,
            WithdrawProposal(proposal_id=proposal),
            ctx=replace(REGISTRAR, reason=""),
        )
    register.withdraw_proposal(
        teacher.teacher_id,
        WithdrawProposal(proposal_id=proposal),
        ctx=replace(REGISTRAR, reason="misverstand"),
    )
    clock.today += timedelta(days=20)
    with pytest.raises(ConflictError, match="withdrawn"):
        register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal, effective_on=clock.today),
            ctx=REGISTRAR,
        )
    with pytest.raises(NotFoundError):
        register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id="nope", effective_on=clock.today),
            ctx=REGISTRAR,
        )


def test_an_objection_within_six_weeks_is_open_with_a_twelve_week_term(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)  # decided 2026-12-01
    clock.today = date(2027, 1, 12)  # the last day of the term
    answer = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="Ik ben ten onrechte doorgehaald"),
        ctx=me(teacher),
    ).data
    assert answer["in_time"] is True
    assert (answer["term_end"], answer["decide_by"], answer["status"]) == (
        "2027-01-12",
        "2027-04-06",
        "open",
    )
    with pytest.raises(ConflictError, match="already filed"):
        register.file_objection(
            FileObjection(decision_id=decision_id, grounds="nog eens"), ctx=me(teacher)
        )


def test_a_late_objection_is_recorded_without_an_excuse_and_judged_by_the_committee(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    clock.today = date(2027, 1, 13)
    late = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="bezwaar"), ctx=me(teacher)
    )
    assert (late.data["in_time"], late.data["excuse"]) == (False, None)
    assert late.data["decide_by"] == "2027-04-07"  # twelve weeks from the day it arrived
    oid = late.data["objection_id"]
    with pytest.raises(ConflictError, match="6:11"):
        register.rule_on_objection(
            RuleOnObjection(objection_id=oid, outcome="well_founded", reasoning="r"), ctx=APPEALS
        )
    excused = register.judge_lateness(
        JudgeLateness(objection_id=oid, excusable=True, reasoning="ziekenhuis"), ctx=APPEALS
    )
    assert excused.data["admitted"] is True
    ruled = register.rule_on_objection(
        RuleOnObjection(objection_id=oid, outcome="unfounded", reasoning="r"), ctx=APPEALS
    )
    assert ruled.data["objection"]["status"] == "ruled"


def test_the_term_is_extended_once_with_a_reason(services: Services, clock: MovableClock) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    objection = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher)
    )
    oid = objection.data["objection_id"]
    with pytest.raises(InvalidInputError):
        register.extend_objection(
            ExtendObjection(objection_id=oid), ctx=replace(APPEALS, reason=None)
        )
    extended = register.extend_objection(
        ExtendObjection(objection_id=oid), ctx=replace(APPEALS, reason="deskundige gehoord")
    )
    assert extended.data["decide_by"] == "2027-05-18"  # 2027-04-06 plus six weeks
    with pytest.raises(ConflictError, match="one extension"):
        register.extend_objection(
            ExtendObjection(objection_id=oid), ctx=replace(APPEALS, reason="nogmaals")
        )


def test_a_well_founded_ruling_restores_the_registration_everywhere(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    objection = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher)
    )
    oid = objection.data["objection_id"]
    ruling = register.rule_on_objection(
        RuleOnObjection(objection_id=oid, outcome="well_founded", reasoning="Het diploma is echt."),
        ctx=APPEALS,
    ).data
    assert ruling["revoked_decision"] == decision_id
    assert ruling["replacement"]["outcome"] == "registered"
    file = register.get_teacher(teacher.teacher_id)
    assert file.qualifications[teacher.qualification_id].status == "registered"
    assert register.get_decision(decision_id)["revoked"] is True
    with pytest.raises(ConflictError, match="given once"):
        register.rule_on_objection(
            RuleOnObjection(objection_id=oid, outcome="unfounded", reasoning="x"), ctx=APPEALS
        )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        (entry,) = public_register_queries.search(db, register_number=file.register_number)
        assert entry["qualifications"][0]["status"] == "registered"
        assert [h["status"] for h in entry["qualifications"][0]["history"]] == ["registered"]
        staff = staff_model.staff(db, "41234", on=clock.today)
        assert staff[0]["qualifications"][0]["may_teach"] is True
        assert objections_model.listing(db, on=clock.today) == []
        (ruled,) = objections_model.listing(db, on=clock.today, status="ruled")
        assert ruled["outcome"] == "well_founded"


@pytest.mark.parametrize("outcome", ["unfounded", "inadmissible"])
def test_an_unfounded_or_inadmissible_ruling_leaves_the_decision_standing(
    services: Services, clock: MovableClock, outcome: str
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    oid = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher)
    ).data["objection_id"]
    ruling = register.rule_on_objection(
        RuleOnObjection(objection_id=oid, outcome=outcome, reasoning="r"), ctx=APPEALS
    ).data
    assert ruling["revoked_decision"] is None
    status = register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id]
    assert status.status == "struck_off"


def test_no_ruling_without_an_objection_and_no_ruling_with_a_bad_outcome(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    with pytest.raises(NotFoundError, match="no objection"):
        register.rule_on_objection(
            RuleOnObjection(
                objection_id="8c1d8a5e-0000-4000-8000-000000000000",
                outcome="unfounded",
                reasoning="r",
            ),
            ctx=APPEALS,
        )
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    oid = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher)
    ).data["objection_id"]
    with pytest.raises(InvalidInputError):
        register.rule_on_objection(
            RuleOnObjection(objection_id=oid, outcome="partly", reasoning=""), ctx=APPEALS
        )


def test_a_well_founded_ruling_on_an_annotation_re_registers_for_the_next_period(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = demo_like_teacher(register, registered_on=date(2022, 9, 1))
    clock.today = date(2026, 9, 2)
    decided = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    assert decided.data["outcome"] == "annotated"
    oid = register.file_objection(
        FileObjection(decision_id=decided.data["decision_id"], grounds="uren ontbreken"),
        ctx=me(teacher),
    ).data["objection_id"]
    ruling = register.rule_on_objection(
        RuleOnObjection(objection_id=oid, outcome="well_founded", reasoning="r"), ctx=APPEALS
    )
    replacement = ruling.data["replacement"]
    assert (replacement["outcome"], replacement["period_start"]) == ("re_registered", "2026-09-01")
    new = register.get_decision(replacement["decision_id"])
    assert (new["kind"], new["outcome"]) == ("replacement", "re_registered")
    q = register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id]
    assert (q.status, q.period_start, q.annotations) == ("registered", date(2026, 9, 1), [])


def test_the_case_view_holds_decision_evidence_criteria_and_events_since(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = demo_like_teacher(register, registered_on=date(2022, 9, 1))
    clock.today = date(2026, 9, 2)
    decided = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    oid = register.file_objection(
        FileObjection(decision_id=decided.data["decision_id"], grounds="g"), ctx=me(teacher)
    ).data["objection_id"]
    case = register.objection_case(oid)
    assert case["decision"]["decision_id"] == decided.data["decision_id"]
    assert len(case["evidence"]) == 8  # seven activities and the appointment
    assert {type(e).__name__ for _, e in case["evidence"]} == {
        "ActivityRecorded",
        "AppointmentRecorded",
    }
    assert case["criteria"]["version"] == 1
    assert '"min_total_hours"' in case["criteria"]["document"]
    assert case["since"] == []
    register.record_leave(
        teacher.teacher_id,
        RecordLeave(kind="sickness", start=date(2026, 9, 1), end=date(2026, 9, 2)),
        ctx=REGISTRAR,
    )
    assert [type(e).__name__ for _, e in register.objection_case(oid)["since"]] == ["LeaveRecorded"]


def test_the_case_view_of_a_decision_after_a_hearing_shows_the_hearing(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    oid = register.file_objection(
        FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher)
    ).data["objection_id"]
    case = register.objection_case(oid)
    assert [type(e).__name__ for _, e in case["evidence"]] == ["StrikeOffProposed", "ViewGiven"]
    assert [type(e).__name__ for _, e in case["since"]] == ["ProposalClosed"]
    assert case["criteria"] is None


def test_overdue_objections_are_flagged(services: Services, clock: MovableClock) -> None:
    register = services.register
    teacher = admit(register)
    decision_id = struck_off_after_hearing(register, clock, teacher)
    register.file_objection(FileObjection(decision_id=decision_id, grounds="g"), ctx=me(teacher))
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        assert objections_model.listing(db, on=date(2027, 4, 6))[0]["overdue"] is False
        assert objections_model.listing(db, on=date(2027, 4, 7))[0]["overdue"] is True
