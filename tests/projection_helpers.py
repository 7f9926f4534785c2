"""Helpers for read-model tests: files with history, decisions recorded as the aggregate
records them, and a dump of every read model for comparisons."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from api.demo import valid_bsn
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment
from domain.register import Context, Register
from domain.register.base import CommandResult
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name
from projections.runner import ProjectionRunner
from tests.decision_helpers import EVIDENCE

REGISTRAR = Context(Actor("registrar", "r1"), reason="test")
KINDS: dict[type[Teacher.Decided], tuple[str, str]] = {
    Teacher.ReRegistered: ("re_registration", "re_registered"),
    Teacher.Annotated: ("re_registration", "annotated"),
    Teacher.StruckOff: ("strike_off", "struck_off"),
    Teacher.Reinstated: ("reinstatement", "reinstated"),
    Teacher.MovedToRegister: ("move_to_register", "registered"),
}


def admit(
    register: Register,
    *,
    bsn: str | None = None,
    name: Name | None = None,
    qualifications: list[dict[str, Any]] | None = None,
    registered_on: date = date(2022, 9, 1),
    rng: random.Random | None = None,
) -> CommandResult:
    """Admit a person (a fresh valid BSN unless one is given)."""
    return register.admit_teacher(
        AdmitTeacher(
            bsn=bsn or valid_bsn(rng or random.Random()),
            name=name or Name("A.", "Anna", "de", "Vries"),
            birth_date=date(1985, 5, 1),
            qualifications=qualifications
            or [{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=registered_on,
        ),
        ctx=REGISTRAR,
    )


def activity(
    register: Register,
    teacher_id: UUID,
    *,
    occurred_on: date = date(2023, 5, 1),
    hours: str = "3",
    kind: str = "course",
    areas: list[str] | None = None,
    cost: Cost | None = None,
    offering_id: str | None = None,
) -> CommandResult:
    return register.record_activity(
        teacher_id,
        RecordActivity(
            kind=kind,
            title="Cursus",
            occurred_on=occurred_on,
            contact_hours=Decimal(hours),
            self_study_hours=Decimal(0),
            competence_areas=areas or ["didactics"],
            offering_id=offering_id,
            evidence=EVIDENCE,
            evidence_reference="bewijs.pdf",
            cost=cost,
        ),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )


def appointment(
    register: Register,
    teacher_id: UUID,
    board: str,
    *,
    start: date = date(2020, 1, 1),
    end: date | None = None,
    fte: str = "1.0",
) -> CommandResult:
    return register.record_appointment(
        teacher_id,
        RecordAppointment(
            board_number=board, brin="01AB", start=start, end=end, fte=Decimal(fte), basis="diploma"
        ),
        ctx=Context(Actor("employer", board)),
    )


def decide(
    register: Register,
    teacher_id: UUID,
    event_class: type[Teacher.Decided],
    qualification_id: str,
    *,
    decision_id: str,
    decided_on: date,
    **fields: Any,
) -> CommandResult:
    """Record a decision with a minimal receipt, as the decision commands record one."""
    kind, outcome = KINDS[event_class]
    receipt = {
        "decision_id": decision_id,
        "kind": kind,
        "outcome": outcome,
        "decided_on": decided_on.isoformat(),
        "objection_deadline": (decided_on + timedelta(weeks=6)).isoformat(),
    }

    def change(t: Teacher) -> dict[str, Any]:
        t.record_decision(
            event_class,
            qualification_id=qualification_id,
            decision=receipt,
            actor=REGISTRAR.actor,
            reason="test",
            correlation_id="test",
            **fields,
        )
        return {}

    return register._change_teacher(
        teacher_id,
        REGISTRAR,
        {"decision": decision_id},
        change,
        commutes=False,
        event_name="decided",
    )


def revoke(
    register: Register,
    teacher_id: UUID,
    qualification_id: str,
    decision_id: str,
    *,
    status: str,
    period_start: date,
    on: date,
    ground: str | None = None,
) -> CommandResult:
    """Revoke a decision (a well-founded objection), restoring the given state."""

    def change(t: Teacher) -> dict[str, Any]:
        t.trigger_event(
            Teacher.DecisionRevoked,
            decision_id=decision_id,
            qualification_id=qualification_id,
            restored={
                "status": status,
                "period_start": period_start,
                "struck_off_ground": ground,
                "from": on,
            },
            actor=Actor("appeals", None),
            reason="gegrond bezwaar",
            correlation_id="test",
        )
        return {}

    return register._change_teacher(
        teacher_id, REGISTRAR, {"revoke": decision_id}, change, commutes=False, event_name="x"
    )


def qualification_ids(register: Register, teacher_id: UUID) -> list[str]:
    return list(register.get_teacher(teacher_id).qualifications)


def dump(runner: ProjectionRunner) -> dict[str, list[str]]:
    """Every row of every read model (through the views readers use), in a stable order."""
    out: dict[str, list[str]] = {}
    with runner.readers.connection() as db:
        for projection in runner.projections.values():
            for table in projection.tables:
                rows = db.fetchall(f"SELECT * FROM {table}")
                out[table] = sorted(repr(tuple(r)) for r in rows)
    return out
