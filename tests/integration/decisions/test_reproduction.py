"""Reproduction on both stores: later events and later criteria never change an old decision."""

from __future__ import annotations

import contextlib
import json
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.bootstrap import Services
from domain.assessment import assess
from domain.commands import (
    MoveToRegister,
    RecordAppointment,
    RecordLeave,
    Reinstate,
    ReRegister,
    StrikeOff,
    WithdrawActivity,
)
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.criteria_book import CriteriaVersion
from domain.errors import ConflictError, InvalidInputError
from domain.receipts import trace_differences
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import (
    REGISTRAR,
    STANDARDS,
    MovableClock,
    admit,
    demo_like_teacher,
    document,
    lower_minimum,
    record,
)
from tests.integration.decisions.test_golden_decision_events import _stored


def lower_minimum_for_running_periods() -> bytes:
    areas = [{"areas": ["subject_matter", "didactics", "pedagogy"], "min_hours": 80}]
    return document(
        version=2, min_total_hours=100, area_minimums=areas, governs_running_periods=True
    )


ENGINE_V1_GOLDEN = Path(__file__).parents[2] / "golden" / "decisions_engine_v1.json"
CONSULTED = {"with": ["AOb", "CNV Onderwijs"], "held_on": "2026-11-20"}


def test_a_decision_reproduces_after_new_activities_were_recorded(services: Services) -> None:
    register = services.register
    teacher = demo_like_teacher(register)
    decided = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    record(register, teacher.teacher_id, hours=80, on=date(2025, 5, 1))
    record(register, teacher.teacher_id, hours=30, on=date(2026, 10, 1))
    answer = register.reproduce(decided.data["decision_id"])
    assert answer["reproduced"], answer["differences"]
    assert answer["recomputed"]["outcome"] == "annotated"
    assert answer["recomputed"]["trace"] == decided.data["trace"]
    assert answer["events_since"] == 2


def test_a_version_adopted_after_a_period_began_does_not_govern_it(
    services: Services, clock: MovableClock
) -> None:
    """The criteria in force on the first day of the period govern it: a milder version adopted
    later changes nothing for a running period unless it declares so."""
    register = services.register
    early = demo_like_teacher(register, registered_on=date(2022, 9, 1))
    late = demo_like_teacher(register, registered_on=date(2022, 12, 1))
    old = register.re_register(
        early.teacher_id, ReRegister(qualification_id=early.qualification_id), ctx=REGISTRAR
    ).data
    assert old["outcome"] == "annotated"
    register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2026, 12, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    clock.today = date(2026, 12, 2)
    new = register.re_register(
        late.teacher_id, ReRegister(qualification_id=late.qualification_id), ctx=REGISTRAR
    ).data
    assert new["outcome"] == "annotated"
    assert new["policy"]["version"] == 1
    assert new["policy"]["governs"]["rule"] == "in_force_at_period_start"
    answer = register.reproduce(old["decision_id"])
    assert answer["reproduced"]
    assert answer["policy"]["version"] == 1


def test_a_milder_version_that_declares_it_governs_running_periods_does(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    late = demo_like_teacher(register, registered_on=date(2022, 12, 1))
    register.draft_criteria(DraftCriteria(raw=lower_minimum_for_running_periods()), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2026, 11, 29), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    clock.today = date(2026, 12, 2)
    new = register.re_register(
        late.teacher_id, ReRegister(qualification_id=late.qualification_id), ctx=REGISTRAR
    ).data
    assert new["outcome"] == "re_registered"
    assert new["policy"]["version"] == 2
    assert new["policy"]["governs"] == {
        "rule": "governs_running_periods",
        "period_start": "2022-12-01",
        "effective_from": "2026-11-29",
    }
    assert register.reproduce(new["decision_id"])["reproduced"]


def test_a_stricter_version_may_not_govern_running_periods(
    services: Services, clock: MovableClock
) -> None:
    """Lex mitior: adoption is refused when a running registration would come out worse,
    and the refusal names it."""
    register = services.register
    teacher = demo_like_teacher(register, registered_on=date(2023, 1, 1), extra_hours=40)
    stricter = document(version=2, min_total_hours=200, governs_running_periods=True)
    register.draft_criteria(DraftCriteria(raw=stricter), ctx=STANDARDS)
    with pytest.raises(InvalidInputError) as caught:
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(version=2, effective_from=date(2026, 12, 1), consultation=CONSULTED),
            ctx=STANDARDS,
        )
    error = caught.value.errors[0]
    assert error.field == "governs_running_periods"
    number = register.get_teacher(teacher.teacher_id).register_number
    assert "1 running registrations worse" in error.message
    assert number in error.message


def test_a_draft_may_not_move_the_transition_date(services: Services) -> None:
    for transition in ({"strike_off_from": "2028-01-01"}, None):
        with pytest.raises(InvalidInputError) as caught:
            services.register.draft_criteria(
                DraftCriteria(raw=document(version=2, transition=transition)), ctx=STANDARDS
            )
        assert caught.value.errors[0].field == "transition.strike_off_from"


def test_an_old_decision_reproduces_on_its_own_engine(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A strike-off engine 1.0.0 took for a period that ended before the transition (unlawful
    today) reproduces as it was taken, on engine 1.0.0; today's engine would trace it
    otherwise, and an engine the register does not have is a refusal, never a silent run."""
    register = services.register
    doc = json.loads(ENGINE_V1_GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    answer = register.reproduce(doc["decision_id"])
    assert answer["reproduced"], answer["differences"]
    assert answer["engine_version"]["recorded"] == "1.0.0"
    assert answer["engine_version"]["reproduced_with"] == "1.0.0"
    assert answer["recorded"]["outcome"] == "struck_off"
    recorded = register.get_decision(doc["decision_id"])
    today = assess(
        recorded["kind"],
        register.get_teacher(UUID(doc["teacher_id"]), version=recorded["as_of_version"]),
        recorded["qualification_id"],
        inputs=recorded["inputs"],
        criteria=register.parsed_reregistration(register.criteria_version("reregistration", 1)),
        decided_on=date.fromisoformat(recorded["decided_on"]),
        validated=register.activity_validated,
    )
    assert trace_differences(recorded["trace"], today.trace)
    genuine = register.get_decision

    def from_unknown_engine(decision_id: str) -> dict[str, Any]:
        return {**genuine(decision_id), "engine_version": "0.1.0"}

    monkeypatch.setattr(register, "get_decision", from_unknown_engine)
    with pytest.raises(ConflictError, match=r"engine 0\.1\.0"):
        register.reproduce(doc["decision_id"])


def test_reproduction_is_refused_when_the_document_no_longer_matches_its_sha256(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    register = services.register
    teacher = demo_like_teacher(register)
    decided = register.re_register(
        teacher.teacher_id, ReRegister(qualification_id=teacher.qualification_id), ctx=REGISTRAR
    )
    genuine = register.criteria_version

    def tampered(name: str, version: int) -> CriteriaVersion:
        found = genuine(name, version)
        return replace(found, document=found.document.replace("160", "150"))

    monkeypatch.setattr(register, "criteria_version", tampered)
    with pytest.raises(ConflictError, match="no longer matches"):
        register.reproduce(decided.data["decision_id"])


def test_every_kind_of_decision_reproduces(services: Services, clock: MovableClock) -> None:
    register = services.register
    a = demo_like_teacher(register)
    struck = register.strike_off(
        a.teacher_id,
        StrikeOff(
            qualification_id=a.qualification_id,
            ground="own_request",
            effective_on=date(2026, 11, 28),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    ).data
    record(register, a.teacher_id, hours=40, on=date(2026, 11, 1))
    back = register.reinstate(
        a.teacher_id, Reinstate(qualification_id=a.qualification_id), ctx=REGISTRAR
    ).data
    b = admit(register, basis="in_training", registered_on=date(2024, 9, 1))
    moved = register.move_to_register(
        b.teacher_id,
        MoveToRegister(qualification_id=b.qualification_id, qualified_on=date(2026, 6, 30)),
        ctx=REGISTRAR,
    ).data
    record(register, a.teacher_id, hours=5, on=date(2026, 11, 28))
    for decided in (struck, back, moved):
        answer = register.reproduce(decided["decision_id"])
        assert answer["reproduced"], (decided["kind"], answer["differences"])


KINDS = ["course", "peer_consultation", "lesson_visit", "self_study", "conference"]
AREAS = ["subject_matter", "didactics", "pedagogy", "professional"]
activities = st.lists(
    st.tuples(
        st.sampled_from(KINDS),
        st.integers(min_value=1, max_value=60),
        st.sets(st.sampled_from(AREAS), min_size=1, max_size=3),
        st.integers(min_value=0, max_value=2000),
        st.booleans(),
    ),
    max_size=8,
)
histories = st.fixed_dictionaries(
    {
        "registered_days_before": st.integers(min_value=4 * 365 + 2, max_value=6 * 365),
        "fte": st.sampled_from(["0.1", "0.2", "0.6", "1.0"]),
        "before": activities,
        "leave": st.none() | st.tuples(st.integers(0, 1200), st.integers(1, 200)),
        "after": activities,
        "withdraw_first": st.booleans(),
    }
)


def _apply(services: Services, teacher_id: Any, items: list[Any], start: date) -> list[str]:
    ids = []
    # Since issue 13 an activity without evidence is refused when recorded, so every activity
    # carries the helper's evidence; the drawn flag is left in the histories' shape.
    for kind, hours, areas, offset, _evidence in items:
        on = min(start + timedelta(days=offset), services.register.clock())
        ids.append(
            record(
                services.register,
                teacher_id,
                kind=kind,
                hours=hours,
                areas=tuple(sorted(areas)),
                on=on,
            )
        )
    return ids


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(history=histories)
def test_property_every_decision_still_reproduces_after_more_events(
    services: Services, history: dict[str, Any]
) -> None:
    """Random histories, decided, then changed: the recorded decisions still reproduce."""
    register = services.register
    today = register.clock()
    registered_on = today - timedelta(days=history["registered_days_before"])
    teacher = admit(register, registered_on=registered_on, fte=history["fte"])
    ids = _apply(services, teacher.teacher_id, history["before"], registered_on)
    if history["leave"] is not None:
        offset, days = history["leave"]
        start = min(registered_on + timedelta(days=offset), today)
        register.record_leave(
            teacher.teacher_id,
            RecordLeave(kind="sickness", start=start, end=min(start + timedelta(days=days), today)),
            ctx=REGISTRAR,
        )
    decisions = []
    with contextlib.suppress(ConflictError):  # leave may move the period end past today
        decisions.append(
            register.re_register(
                teacher.teacher_id,
                ReRegister(qualification_id=teacher.qualification_id),
                ctx=REGISTRAR,
            )
        )
    _apply(services, teacher.teacher_id, history["after"], registered_on)
    if history["withdraw_first"] and ids:
        register.withdraw_activity(
            teacher.teacher_id,
            WithdrawActivity(activity_id=ids[0]),
            ctx=Context(Actor("teacher", str(teacher.teacher_id)), reason="dubbel"),
        )
    register.record_appointment(
        teacher.teacher_id,
        RecordAppointment(
            board_number="50000",
            brin="02CD",
            start=registered_on,
            end=None,
            fte=Decimal("0.4"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    for decided in decisions:
        answer = register.reproduce(decided.data["decision_id"])
        assert answer["reproduced"], answer["differences"]
        assert answer["recorded"]["outcome"] in {"re_registered", "annotated", "struck_off"}


def test_review_lists_past_decisions_that_today_would_decide_otherwise(
    services: Services,
) -> None:
    """The engine 1.0.0 strike-off for a period that ended before the transition is listed,
    with why; decisions taken by today's engine are not; nothing is written."""
    register = services.register
    doc = json.loads(ENGINE_V1_GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    lawful = demo_like_teacher(register, registered_on=date(2021, 1, 10))
    register.re_register(
        lawful.teacher_id, ReRegister(qualification_id=lawful.qualification_id), ctx=REGISTRAR
    )
    head = register.head_position()
    (found,) = list(register.review_past_decisions())
    assert found["decision_id"] == doc["decision_id"]
    assert (found["recorded_outcome"], found["outcome_today"]) == ("struck_off", "annotated")
    assert "before the transition date 2027-08-01" in found["why"][0]
    assert register.head_position() == head
