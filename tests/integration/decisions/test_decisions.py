"""Decisions on both stores: outcomes, receipts, refusals, and the transition rule."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from uuid import uuid4

import pytest

from api.bootstrap import Services
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


def test_a_demo_like_teacher_short_of_hours_is_annotated_before_the_transition_date(
    services: Services, clock: MovableClock
) -> None:
    """Period 2023-07-01..2027-06-30 decided on 2027-07-31: annotation, trace names the hours."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    clock.today = date(2027, 8, 1)
    result = services.register.re_register(
        teacher.teacher_id, teacher.qualification_id, decided_on=date(2027, 7, 31), ctx=REGISTRAR
    )
    record = result.data
    assert record["outcome"] == "annotated"
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
    """From the transition date a shortfall calls for strike-off: the teacher is heard first
    (Awb 4:8), so the re-registration proposes it and strikes nothing off yet."""
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    clock.today = date(2027, 8, 1)
    answer = services.register.re_register(
        teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR
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
        teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR
    ).data
    assert record["outcome"] == "re_registered"
    assert record["period"] == {"start": "2022-09-01", "end": "2026-08-31"}
    file = services.register.get_teacher(teacher.teacher_id)
    assert file.qualifications[teacher.qualification_id].period_start == date(2026, 9, 1)


def test_the_receipt_records_basis_policy_engine_version_and_remedy(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    before = services.register.get_teacher(teacher.teacher_id).version
    result = services.register.re_register(
        teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR
    )
    record = result.data
    raw, _ = load_default("reregistration")
    assert record["policy"] == {
        "name": "reregistration",
        "version": 1,
        "sha256": document_sha256(raw),
    }
    assert record["engine_version"] == ENGINE_VERSION
    assert record["as_of_version"] == before
    assert record["decided_on"] == "2026-11-28"
    assert record["objection_deadline"] == "2027-01-11"  # Saturday 9th: Atw art. 1
    assert record["decided_by"] == {"role": "registrar", "subject": "r1"}
    basis = {(ref["bwb_id"], ref["article"]) for ref in record["legal_basis"]}
    assert {("BWBR0005537", "3:46"), ("BWBR0005537", "6:7"), ("BWBR0002399", None)} <= basis
    awb = next(ref for ref in record["legal_basis"] if ref["article"] == "3:46")
    assert awb["juriconnect"] == "jci1.3:c:BWBR0005537&artikel=3:46"
    found = services.register.get_decision(record["decision_id"])
    assert found["version"] == result.version
    assert found["trace"] == record["trace"]


def test_re_registration_before_the_period_end_is_a_conflict(services: Services) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    with pytest.raises(ConflictError, match="runs until 2027-06-30"):
        services.register.re_register(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)


def test_deciding_the_same_period_twice_is_a_conflict(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    services.register.re_register(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)
    with pytest.raises(ConflictError):
        services.register.re_register(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)


def test_deciding_on_an_unknown_teacher_or_qualification_is_not_found(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(TeacherNotFoundError):
        services.register.re_register(uuid4(), teacher.qualification_id, ctx=REGISTRAR)
    with pytest.raises(NotFoundError):
        services.register.re_register(teacher.teacher_id, "no-such", ctx=REGISTRAR)
    with pytest.raises(NotFoundError):
        services.register.get_decision(str(uuid4()))
    with pytest.raises(NotFoundError):
        services.register.get_decision("not-a-uuid")


def test_a_decision_cannot_be_dated_in_the_future(services: Services) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(InvalidInputError):
        services.register.re_register(
            teacher.teacher_id,
            teacher.qualification_id,
            decided_on=date(2026, 11, 29),
            ctx=REGISTRAR,
        )


@pytest.mark.parametrize("ground", ["incorrect_data", "disciplinary_measure", "criteria_not_met"])
def test_strike_off_without_a_hearing_is_refused_unless_own_request_or_death(
    services: Services, ground: str
) -> None:
    teacher = demo_like_teacher(services.register)
    with pytest.raises(InvalidInputError) as caught:
        services.register.strike_off(
            teacher.teacher_id,
            teacher.qualification_id,
            ground=ground,
            effective_on=date(2026, 11, 1),
            heard_on=None,
            ctx=REGISTRAR,
        )
    assert [e.field for e in caught.value.errors] == ["heard_on"]


def test_strike_off_on_own_request_needs_no_hearing_and_cannot_be_repeated(
    services: Services,
) -> None:
    teacher = demo_like_teacher(services.register)
    record = services.register.strike_off(
        teacher.teacher_id,
        teacher.qualification_id,
        ground="own_request",
        effective_on=date(2026, 11, 1),
        heard_on=None,
        ctx=REGISTRAR,
    ).data
    assert record["outcome"] == "struck_off"
    assert record["policy"] is None
    assert all(ref["article"] != "4:8" for ref in record["legal_basis"])
    with pytest.raises(ConflictError):
        services.register.strike_off(
            teacher.teacher_id,
            teacher.qualification_id,
            ground="own_request",
            effective_on=date(2026, 11, 1),
            heard_on=None,
            ctx=REGISTRAR,
        )


def test_strike_off_on_criteria_not_met_evaluates_and_cites_the_hearing(
    services: Services,
) -> None:
    teacher = demo_like_teacher(services.register)
    record = services.register.strike_off(
        teacher.teacher_id,
        teacher.qualification_id,
        ground="criteria_not_met",
        effective_on=date(2026, 11, 28),
        heard_on=date(2026, 11, 20),
        ctx=REGISTRAR,
    ).data
    assert record["outcome"] == "struck_off"
    assert entry(record["trace"], "hearing")["passed"]
    assert not entry(record["trace"], "total_hours")["passed"]
    assert any(ref["article"] == "4:8" for ref in record["legal_basis"])


def test_strike_off_on_criteria_not_met_is_refused_when_they_are_met(services: Services) -> None:
    teacher = demo_like_teacher(services.register, extra_hours=40)
    with pytest.raises(ConflictError, match="criteria are met"):
        services.register.strike_off(
            teacher.teacher_id,
            teacher.qualification_id,
            ground="criteria_not_met",
            effective_on=date(2026, 11, 28),
            heard_on=date(2026, 11, 20),
            ctx=REGISTRAR,
        )


def test_reinstatement_only_when_the_criteria_are_met_again(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    teacher = demo_like_teacher(register)
    register.strike_off(
        teacher.teacher_id,
        teacher.qualification_id,
        ground="own_request",
        effective_on=date(2026, 11, 1),
        heard_on=None,
        ctx=REGISTRAR,
    )
    with pytest.raises(ConflictError, match=r"not met again: total_hours 120\.0 of 160\.0"):
        register.reinstate(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)
    record_activity(register, teacher.teacher_id, hours=40, on=date(2026, 10, 1))
    record = register.reinstate(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR).data
    assert record["outcome"] == "reinstated"
    assert record["period"]["start"] == "2022-11-29"
    q = register.get_teacher(teacher.teacher_id).qualifications[teacher.qualification_id]
    assert (q.status, q.period_start) == ("registered", date(2026, 11, 28))
    with pytest.raises(ConflictError, match="not struck off"):
        register.reinstate(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)


def test_a_pre_registered_teacher_moves_to_the_register_when_qualified(
    services: Services,
) -> None:
    register = services.register
    teacher = admit(register, basis="suitability_declaration", registered_on=date(2025, 9, 1))
    with pytest.raises(ConflictError):
        register.re_register(teacher.teacher_id, teacher.qualification_id, ctx=REGISTRAR)
    with pytest.raises(InvalidInputError):
        register.move_to_register(
            teacher.teacher_id,
            teacher.qualification_id,
            qualified_on=date(2027, 1, 1),
            ctx=REGISTRAR,
        )
    record = register.move_to_register(
        teacher.teacher_id,
        teacher.qualification_id,
        qualified_on=date(2026, 7, 1),
        ctx=replace(REGISTRAR, reason="diploma received"),
    ).data
    assert record["outcome"] == "moved_to_register"
    assert entry(record["trace"], "preregister_stay")["actual"] == "2025-09-01/2027-08-31"
    file: Teacher = register.get_teacher(teacher.teacher_id)
    q = file.qualifications[teacher.qualification_id]
    assert (q.status, q.basis, q.period_start) == ("registered", "diploma", date(2026, 11, 28))
    assert file.period_end(teacher.qualification_id) == date(2026, 11, 28) + timedelta(days=365 * 4)
    with pytest.raises(ConflictError):
        register.move_to_register(
            teacher.teacher_id,
            teacher.qualification_id,
            qualified_on=date(2026, 7, 1),
            ctx=REGISTRAR,
        )
