"""The teacher file's rules, on the aggregate alone (no database)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.commands import RecordActivity, RecordLeave
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name

TODAY = date(2026, 11, 28)
REGISTRAR = Actor("registrar", "r1")


def admit(**overrides: Any) -> Teacher:
    fields: dict[str, Any] = {
        "teacher_id": uuid.uuid4(),
        "register_number": "1234567897",
        "bsn": "111222333",
        "person_key": "k",
        "name": Name("A.", "Anna", "de", "Vries"),
        "birth_date": date(1985, 5, 1),
        "registered_on": date(2022, 9, 1),
        "qualifications": [
            {"qualification_id": "q1", "sector": "vo", "subject": "wiskunde", "basis": "diploma"}
        ],
        "today": TODAY,
        "actor": REGISTRAR,
        "reason": None,
        "correlation_id": "c1",
    }
    fields.update(overrides)
    return Teacher.admit(**fields)


def activity(teacher: Teacher, **overrides: Any) -> None:
    fields: dict[str, Any] = {
        "activity_id": str(uuid.uuid4()),
        "kind": "peer_consultation",
        "title": "Intervisie",
        "occurred_on": date(2023, 3, 1),
        "contact_hours": Decimal(4),
        "self_study_hours": Decimal(0),
        "competence_areas": ["didactics"],
        "offering_id": None,
        "evidence": "Verslag van de intervisie over formatief toetsen.",
        "reflection": None,
        "cost": None,
        "today": TODAY,
        "actor": Actor("teacher", str(teacher.id)),
        "reason": None,
        "correlation_id": "c2",
    }
    fields.update(overrides)
    command = RecordActivity.build(fields)
    teacher.record_activity(
        command, **{k: v for k, v in fields.items() if k not in command.fields()}
    )


def test_diploma_enters_the_register_and_others_the_preregister() -> None:
    teacher = admit(
        qualifications=[
            {"qualification_id": "q1", "sector": "po", "subject": None, "basis": "diploma"},
            {
                "qualification_id": "q2",
                "sector": "vo",
                "subject": "engels",
                "basis": "suitability_declaration",
            },
        ]
    )
    assert teacher.qualifications["q1"].status == "registered"
    assert teacher.qualifications["q2"].status == "preregistered"
    assert teacher.period_end("q1") == date(2026, 8, 31)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"bsn": "123456789"}, "bsn", id="bsn-fails-elfproef"),
        pytest.param({"registered_on": date(2027, 1, 1)}, "registered_on", id="future-admission"),
        pytest.param({"birth_date": date(2030, 1, 1)}, "birth_date", id="born-in-future"),
        pytest.param({"qualifications": []}, "qualifications", id="no-qualification"),
        pytest.param(
            {"qualifications": [{"qualification_id": "q", "sector": "hbo", "basis": "diploma"}]},
            "qualifications[0].sector",
            id="unknown-sector",
        ),
        pytest.param(
            {"qualifications": [{"qualification_id": "q", "sector": "vo", "basis": "diploma"}]},
            "qualifications[0].subject",
            id="vo-without-subject",
        ),
    ],
)
def test_admission_refusals_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        admit(**overrides)
    assert field in [e.field for e in caught.value.errors]


def test_every_event_carries_actor_reason_and_correlation() -> None:
    teacher = admit(reason="migratie")
    activity(teacher)
    admitted, recorded = teacher.collect_events()
    assert admitted.actor == REGISTRAR
    assert admitted.reason == "migratie"
    assert recorded.actor.role == "teacher"  # type: ignore[attr-defined]
    assert recorded.correlation_id == "c2"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"occurred_on": date(2027, 1, 1)}, "occurred_on", id="future"),
        pytest.param({"contact_hours": Decimal(0)}, "contact_hours", id="zero-hours"),
        pytest.param({"contact_hours": Decimal(-2)}, "contact_hours", id="negative-hours"),
        pytest.param({"kind": "karaoke"}, "kind", id="unknown-kind"),
        pytest.param({"competence_areas": ["astrology"]}, "competence_areas[0]", id="bad-area"),
        pytest.param({"cost": Cost(Decimal(10), "uncle")}, "cost.paid_by", id="unknown-payer"),
    ],
)
def test_activity_refusals_name_the_field(overrides: dict[str, Any], field: str) -> None:
    teacher = admit()
    with pytest.raises(InvalidInputError) as caught:
        activity(teacher, **overrides)
    assert field in [e.field for e in caught.value.errors]
    assert teacher.activities == {}


def test_withdrawn_activity_stays_in_history_and_is_marked() -> None:
    teacher = admit()
    activity(teacher, activity_id="a1")
    teacher.withdraw_activity(
        activity_id="a1", actor=REGISTRAR, reason="dubbel", correlation_id="c3"
    )
    assert teacher.activities["a1"].withdrawn
    assert teacher.activities["a1"].withdrawn_reason == "dubbel"
    with pytest.raises(ConflictError):
        teacher.withdraw_activity(
            activity_id="a1", actor=REGISTRAR, reason="nog eens", correlation_id="c4"
        )


def test_withdrawing_an_unknown_activity_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        admit().withdraw_activity(
            activity_id="nope", actor=REGISTRAR, reason="x", correlation_id="c"
        )


def test_leave_moves_the_period_end() -> None:
    teacher = admit()
    before = teacher.period_end("q1")
    teacher.record_leave(
        RecordLeave(kind="parental", start=date(2023, 1, 1), end=date(2023, 4, 15)),
        leave_id="l1",
        today=TODAY,
        actor=REGISTRAR,
        reason=None,
        correlation_id="c",
    )
    assert (teacher.period_end("q1") - before).days == 105


def test_striking_off_what_is_already_struck_off_is_a_conflict() -> None:
    teacher = admit()
    decision = {
        "decision_id": "d1",
        "kind": "strike_off",
        "outcome": "struck_off",
        "decided_on": "2026-11-01",
    }
    teacher.record_decision(
        Teacher.StruckOff,
        qualification_id="q1",
        decision=decision,
        actor=REGISTRAR,
        reason="eigen verzoek",
        correlation_id="c",
        ground="own_request",
        effective_on=date(2026, 11, 1),
    )
    assert teacher.qualifications["q1"].status == "struck_off"
    with pytest.raises(ConflictError):
        teacher.record_decision(
            Teacher.StruckOff,
            qualification_id="q1",
            decision=decision,
            actor=REGISTRAR,
            reason="nog eens",
            correlation_id="c",
            ground="own_request",
            effective_on=date(2026, 11, 1),
        )


def test_deceased_teacher_cannot_record_activity() -> None:
    teacher = admit()
    decision = {
        "decision_id": "d1",
        "kind": "strike_off",
        "outcome": "struck_off",
        "decided_on": "2026-11-01",
    }
    teacher.record_decision(
        Teacher.StruckOff,
        qualification_id="q1",
        decision=decision,
        actor=REGISTRAR,
        reason="overleden",
        correlation_id="c",
        ground="deceased",
        effective_on=date(2026, 11, 1),
    )
    with pytest.raises(ConflictError):
        activity(teacher)
