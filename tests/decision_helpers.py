"""Builders shared by the decision tests: a clock that moves, demo-like teachers, documents."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from api.bootstrap import Services, build_services
from api.demo import valid_bsn
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment
from domain.register import Context, Register
from domain.values import Actor, Name
from policies import load_default

START_DAY = date(2026, 11, 28)
#: Evidence of an activity not from a validated offering: what was done and learned.
EVIDENCE = "Gevolgd en in de sectie besproken wat ik leerde."
REGISTRAR = Context(Actor("registrar", "r1"), reason="test")
STANDARDS = Context(Actor("standards", "beroepsgroep"), reason="test")
#: A demo-like mix of activities: (kind, hours, areas), 120 hours in all.
SHORT_MIX: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("course", 24, ("subject_matter",)),
    ("peer_consultation", 16, ("pedagogy",)),
    ("lesson_visit", 12, ("didactics",)),
    ("study_day", 16, ("subject_matter", "didactics")),
    ("conference", 12, ("professional",)),
    ("lesson_development", 20, ("subject_matter",)),
    ("network", 20, ("professional",)),
)


class MovableClock:
    """Today, as the register sees it; tests move it forward."""

    def __init__(self, today: date = START_DAY) -> None:
        self.today = today

    def __call__(self) -> date:
        return self.today


def clocked_services(settings: Settings, clock: MovableClock) -> Services:
    return build_services(settings, clock=clock, rng=random.Random(7), start_projections=False)


@dataclass(frozen=True)
class Admitted:
    teacher_id: UUID
    qualification_id: str


_bsn_rng = random.Random(11)


def admit(
    register: Register,
    *,
    registered_on: date = date(2022, 9, 1),
    sector: str = "vo",
    basis: str = "diploma",
    fte: str = "0.6",
) -> Admitted:
    """A teacher with one qualification and a running appointment since 2015."""
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(_bsn_rng),
            name=Name("A.", "Anna", "de", "Vries"),
            birth_date=date(1980, 5, 1),
            qualifications=[
                {
                    "sector": sector,
                    "subject": "wiskunde" if sector != "po" else None,
                    "basis": basis,
                }
            ],
            registered_on=registered_on,
        ),
        ctx=REGISTRAR,
    )
    teacher_id = result.aggregate_id
    register.record_appointment(
        teacher_id,
        RecordAppointment(
            board_number="41234",
            brin="01AB",
            start=date(2015, 8, 1),
            end=None,
            fte=Decimal(fte),
            basis=basis,
        ),
        ctx=REGISTRAR,
    )
    return Admitted(teacher_id, result.data["qualifications"][0]["qualification_id"])


def record(
    register: Register,
    teacher_id: UUID,
    *,
    kind: str = "course",
    hours: int | str = 10,
    areas: tuple[str, ...] = ("subject_matter",),
    on: date = date(2024, 3, 1),
    evidence: str | None = EVIDENCE,
) -> str:
    result = register.record_activity(
        teacher_id,
        RecordActivity(
            kind=kind,
            title=f"{kind} {hours}",
            occurred_on=on,
            contact_hours=Decimal(hours),
            self_study_hours=Decimal(0),
            competence_areas=list(areas),
            evidence=evidence,
        ),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )
    return str(result.data["activity_id"])


def demo_like_teacher(
    register: Register, *, registered_on: date = date(2022, 9, 1), extra_hours: int = 0
) -> Admitted:
    """A vo teacher with 120 hours of mixed activities in their first period (40 short)."""
    admitted = admit(register, registered_on=registered_on)
    for i, (kind, hours, areas) in enumerate(SHORT_MIX):
        day = date(registered_on.year + 1, 1 + i, 10)
        record(register, admitted.teacher_id, kind=kind, hours=hours, areas=areas, on=day)
    if extra_hours:
        day = date(registered_on.year + 2, 2, 1)
        record(register, admitted.teacher_id, hours=extra_hours, on=day)
    return admitted


def document(**changes: Any) -> bytes:
    """The shipped re-registration document with top-level fields changed, as bytes."""
    raw, _ = load_default("reregistration")
    data = json.loads(raw)
    data.update(changes)
    return json.dumps(data, indent=2).encode("utf-8")


def lower_minimum(version: int = 2) -> bytes:
    """A version asking 100 hours in total, 80 of them on subject, didactics or pedagogy."""
    areas = [{"areas": ["subject_matter", "didactics", "pedagogy"], "min_hours": 80}]
    return document(version=version, min_total_hours=100, area_minimums=areas)


def entry(trace: list[dict[str, Any]], criterion: str) -> dict[str, Any]:
    return next(e for e in trace if e["criterion"] == criterion)
