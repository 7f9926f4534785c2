"""Decisions on both stores: outcomes, receipts, refusals, and the transition rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from uuid import uuid4

import pytest

from api.bootstrap import Services
from domain.commands import MoveToRegister, Reinstate, ReRegister, StrikeOff
from domain.commands.hearings import DecideProposal, ProposeStrikeOff
from domain.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    TeacherNotFoundError,
)
from domain.teacher import Teacher
from policies import ENGINE_VERSION, document_sha256, load_default
from tests.decision_helpers import (
    REGISTRAR,
    MovableClock,
    admit,
    demo_like_teacher,
    entry,
)
from tests.decision_helpers import record as record_activity


def test_a_shortfall_in_a_period_that_ended_before_the_transition_is_annotated_when_decided_later(
    services: Services, clock: MovableClock
) -> None:
    """Period 2023-07-01..2027-06-30 decided on 2027-09-15: still an annotation (the period
    ended before 1 August 2027), dated the day it is taken; the trace names the hours."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    clock.today = date(2027, 9, 15)
    result = services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    record = result.data
    assert record["outcome"] == "annotated"
    assert record["decided_on"] == "2027-09-15"
    assert entry(record["trace"], "transition")["actual"] == (
        "period_end 2027-06-30 before 2027-08-01"
    )
    total = entry(record["trace"], "total_hours")
    assert (total["required"], total["actual"], total["passed"]) == ("160.0", "120.0", False)
    assert len(total["evidence"]) == 7
    assert all(ref.startswith(f"{teacher.teacher_id}/") for ref in total["evidence"])
    assert "40.0 hours are missing" in " ".join(record["reasons"]["en"])
    assert "er ontbreken 40,0 uur" in " ".join(record["reasons"]["nl"])
    file = services.register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    assert (q.status, q.period_start) == ("registered", date(2027, 7, 1))
    assert q.annotations[0]["decision_id"] == record["decision_id"]


def test_the_same_shortfall_from_the_transition_date_proposes_a_strike_off(
    services: Services, clock: MovableClock
) -> None:
    """A shortfall in a period that ended on or after the transition date calls for strike-off:
    the teacher is heard first (Awb 4:8), so the re-registration proposes it and strikes
    nothing off yet."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 8, 2))
    clock.today = date(2027, 8, 2)
    answer = services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert (answer["outcome"], answer["ground"]) == ("strike_off_proposed", "criteria_not_met")
    assessment = answer["assessment"]
    assert assessment["outcome"] == "struck_off"
    assert entry(assessment["trace"], "areas:didactics+pedagogy+subject_matter")["actual"] == "88.0"
    file = services.register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    assert (q.status, q.struck_off_ground) == ("registered", None)
    assert file.proposals[answer["proposal_id"]].status == "open"


def test_a_teacher_meeting_every_criterion_is_re_registered_for_a_new_period(
    services: Services,
) -> None:
    teacher = demo_like_teacher(services.register, extra_hours=40)
    record = services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert record["outcome"] == "re_registered"
    assert record["period"] == {"start": "2022-09-01", "end": "2026-08-31"}
    file = services.register.get_teacher(teacher.teacher_id)
    assert file.qualifications[teacher.qualification_id].period_start == date(2026, 9, 1)


def test_the_receipt_records_basis_policy_engine_version_and_remedy(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    before = services.register.get_teacher(teacher.teacher_id).version
    result = services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    record = result.data
    raw, _ = load_default("reregistration")
    assert record["policy"] == {
        "name": "reregistration",
        "version": 1,
        "sha256": document_sha256(raw),
        "governs": {
            "rule": "in_force_at_period_start",
            "period_start": "2022-09-01",
            "effective_from": "2017-08-01",
        },
    }
    assert record["engine_version"] == ENGINE_VERSION
    assert record["as_of_version"] == before
    assert record["decided_on"] == "2026-11-28"
    assert record["objection_deadline"] == "2027-01-11"  # Saturday 9th: Atw art. 1
    assert record["decided_by"] == {"role": "registrar", "subject": "r1"}
    basis = {(ref["bwb_id"], ref["article"]) for ref in record["legal_basis"]}
    assert {("BWBR0005537", "3:46"), ("BWBR0005537", "6:7"), ("BWBR0002399", None)} <= basis
    assert any("overgangsrecht" in ref["topic"] for ref in record["legal_basis"])
    awb = next(ref for ref in record["legal_basis"] if ref["article"] == "3:46")
    assert awb["juriconnect"] == "jci1.3:c:BWBR0005537&artikel=3:46"
    found = services.register.get_decision(record["decision_id"])
    assert found["version"] == result.version
    assert found["trace"] == record["trace"]


def test_re_registration_before_the_period_end_is_a_conflict(services: Services) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    with pytest.raises(ConflictError, match="runs until 2027-06-30"):
        services.register.re_register(
            teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )


def test_deciding_the_same_period_twice_is_a_conflict(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    with pytest.raises(ConflictError):
        services.register.re_register(
            teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )


def test_deciding_on_an_unknown_teacher_or_qualification_is_not_found(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(TeacherNotFoundError):
        services.register.re_register(
            uuid4(), ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )
    with pytest.raises(NotFoundError):
        services.register.re_register(
            teacher.teacher_id, ReRegister(qualification_id="no-such"), ctx=REGISTRAR
        )
    with pytest.raises(NotFoundError):
        services.register.get_decision(str(uuid4()))
    with pytest.raises(NotFoundError):
        services.register.get_decision("not-a-uuid")


def test_a_decision_is_dated_the_registers_date_and_its_term_runs_from_it(
    services: Services, clock: MovableClock
) -> None:
    """Whatever day it is decided, the decision carries that day, and its objection term
    starts the day after."""
    teacher = demo_like_teacher(services.register)
    clock.today = date(2027, 3, 3)
    record = services.register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert record["decided_on"] == "2027-03-03"
    assert record["objection_deadline"] > "2027-04-13"


@pytest.mark.parametrize("ground", ["incorrect_data", "disciplinary_measure", "criteria_not_met"])
def test_strike_off_without_a_hearing_is_refused_unless_own_request_or_death(
    services: Services, ground: str
) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(InvalidInputError) as caught:
        services.register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=teacher.qualification_id,
                ground=ground,
                effective_on=date(2026, 11, 1),
                heard_on=None,
            ),
            ctx=REGISTRAR,
        )
    assert [e.field for e in caught.value.errors] == ["ground"]
    assert "proposal" in caught.value.errors[0].message


def test_strike_off_on_own_request_needs_no_hearing_and_cannot_be_repeated(
    services: Services,
) -> None:
    teacher = demo_like_teacher(services.register)
    record = services.register.strike_off(
        teacher.teacher_id,
        StrikeOff(
            qualification_id=teacher.qualification_id,
            ground="own_request",
            effective_on=date(2026, 11, 1),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    ).data
    assert record["outcome"] == "struck_off"
    assert record["policy"] is None
    assert all(ref["article"] != "4:8" for ref in record["legal_basis"])
    with pytest.raises(ConflictError):
        services.register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=teacher.qualification_id,
                ground="own_request",
                effective_on=date(2026, 11, 1),
                heard_on=None,
            ),
            ctx=REGISTRAR,
        )


def test_a_proposal_on_criteria_not_met_before_the_transition_is_refused(
    services: Services, clock: MovableClock
) -> None:
    """No strike-off on criteria for a period that ended before 1 August 2027, by any route."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    clock.today = date(2027, 9, 15)
    with pytest.raises(ConflictError, match="before the transition date 2027-08-01"):
        services.register.propose_strike_off(
            teacher.teacher_id,
            ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="criteria_not_met"),
            ctx=replace(REGISTRAR, reason="short"),
        )


def test_strike_off_on_criteria_not_met_goes_through_a_proposal_and_cites_the_hearing(
    services: Services, clock: MovableClock
) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 8, 2))
    clock.today = date(2027, 8, 2)
    proposal = services.register.propose_strike_off(
        teacher.teacher_id,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="criteria_not_met"),
        ctx=replace(REGISTRAR, reason="short"),
    ).data
    clock.today = date(2027, 9, 1)
    with pytest.raises(InvalidInputError, match="refused") as caught:
        services.register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal["proposal_id"], effective_on=date(2027, 8, 2)),
            ctx=replace(REGISTRAR, reason="no view given"),
        )
    assert "takes effect on the day it is decided" in caught.value.errors[0].message
    record = services.register.decide_proposal(
        teacher.teacher_id,
        DecideProposal(proposal_id=proposal["proposal_id"], effective_on=date(2027, 9, 1)),
        ctx=replace(REGISTRAR, reason="no view given"),
    ).data
    assert record["outcome"] == "struck_off"
    assert entry(record["trace"], "hearing")["passed"]
    assert not entry(record["trace"], "total_hours")["passed"]
    assert any(ref["article"] == "4:8" for ref in record["legal_basis"])


def test_strike_off_on_criteria_not_met_is_refused_when_they_are_met(
    services: Services, clock: MovableClock
) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 8, 2), extra_hours=40)
    clock.today = date(2027, 8, 2)
    proposal = services.register.propose_strike_off(
        teacher.teacher_id,
        ProposeStrikeOff(qualification_id=teacher.qualification_id, ground="criteria_not_met"),
        ctx=replace(REGISTRAR, reason="short"),
    ).data
    clock.today = date(2027, 9, 1)
    with pytest.raises(ConflictError, match="criteria are met"):
        services.register.decide_proposal(
            teacher.teacher_id,
            DecideProposal(proposal_id=proposal["proposal_id"], effective_on=date(2027, 9, 1)),
            ctx=replace(REGISTRAR, reason="term passed"),
        )


def test_own_request_takes_effect_at_most_thirty_days_back(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(InvalidInputError) as caught:
        services.register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=teacher.qualification_id,
                ground="own_request",
                effective_on=date(2026, 10, 28),
                heard_on=None,
            ),
            ctx=REGISTRAR,
        )
    assert "at most 30 days back, from 2026-10-29" in caught.value.errors[0].message
    record = services.register.strike_off(
        teacher.teacher_id,
        StrikeOff(
            qualification_id=teacher.qualification_id,
            ground="deceased",
            effective_on=date(2026, 3, 1),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    ).data
    assert record["inputs"]["effective_on"] == "2026-03-01"


def test_reinstatement_only_when_the_criteria_are_met_again(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = demo_like_teacher(register)
    register.strike_off(
        teacher.teacher_id,
        StrikeOff(
            qualification_id=teacher.qualification_id,
            ground="own_request",
            effective_on=date(2026, 11, 1),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )
    with pytest.raises(ConflictError, match=r"not met again: total_hours 120\.0 of 160\.0"):
        register.reinstate(
            teacher.teacher_id, Reinstate(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )
    record_activity(register, teacher.teacher_id, hours=40, on=date(2026, 10, 1))
    record = register.reinstate(
        teacher.teacher_id, Reinstate(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    ).data
    assert record["outcome"] == "reinstated"
    assert record["period"]["start"] == "2022-11-29"
    q = register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id]
    assert (q.status, q.period_start) == ("registered", date(2026, 11, 28))
    with pytest.raises(ConflictError, match="not struck off"):
        register.reinstate(
            teacher.teacher_id, Reinstate(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )


def test_a_pre_registered_teacher_moves_to_the_register_when_qualified(
    services: Services,
) -> None:
    register = services.register
    teacher = admit(register, basis="suitability_declaration", registered_on=date(2025, 9, 1))
    with pytest.raises(ConflictError):
        register.re_register(
            teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
        )
    with pytest.raises(InvalidInputError):
        register.move_to_register(
            teacher.teacher_id,
            MoveToRegister(
                qualification_id=teacher.qualification_id, qualified_on=date(2027, 1, 1)
            ),
            ctx=REGISTRAR,
        )
    record = register.move_to_register(
        teacher.teacher_id,
        MoveToRegister(qualification_id=teacher.qualification_id, qualified_on=date(2026, 7, 1)),
        ctx=replace(REGISTRAR, reason="diploma received"),
    ).data
    assert record["outcome"] == "moved_to_register"
    assert entry(record["trace"], "preregister_stay")["actual"] == "2025-09-01/2027-08-31"
    file: Teacher = register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    # The period starts on the date of qualification, not on the day of the decision.
    assert (q.status, q.basis, q.period_start) == ("registered", "diploma", date(2026, 7, 1))
    assert file.period_end(teacher.qualification_id) == date(2030, 6, 30)
    with pytest.raises(ConflictError):
        register.move_to_register(
            teacher.teacher_id,
            MoveToRegister(
                qualification_id=teacher.qualification_id, qualified_on=date(2026, 7, 1)
            ),
            ctx=REGISTRAR,
        )
