"""Readable builders for facts, so tests state only what matters to them."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from policies.criteria import ReregistrationCriteria, load_default
from policies.facts import ActivityFact, AppointmentFact, LeaveFact, QualificationFacts

TEACHER = "teacher-1"
START = date(2022, 9, 1)
#: Last day of a four-year period from START.
END = date(2026, 8, 31)


def activity(
    number: int,
    hours: int | str = 10,
    *,
    on: date = date(2024, 3, 1),
    kind: str = "course",
    areas: tuple[str, ...] = ("subject_matter",),
    validated: bool = True,
    evidence: bool = True,
    reflection: bool = True,
    withdrawn: bool = False,
    self_study: int | str = 0,
) -> ActivityFact:
    """An activity recorded by event number ``number`` of the teacher's file."""
    return ActivityFact(
        activity_id=f"activity-{number}",
        event_ref=f"{TEACHER}/{number}",
        kind=kind,
        occurred_on=on,
        contact_hours=Decimal(hours),
        self_study_hours=Decimal(self_study),
        competence_areas=areas,
        validated=validated,
        has_evidence=evidence,
        has_reflection=reflection,
        withdrawn=withdrawn,
    )


def appointment(
    number: int, fte: str = "0.4", start: date = date(2015, 8, 1), end: date | None = None
) -> AppointmentFact:
    return AppointmentFact(f"appointment-{number}", f"{TEACHER}/{number}", start, end, Decimal(fte))


def leave(number: int, start: date, end: date) -> LeaveFact:
    return LeaveFact(f"leave-{number}", f"{TEACHER}/{number}", start, end)


def qualification(
    *,
    sector: str = "po",
    basis: str = "diploma",
    period_start: date = START,
    activities: tuple[ActivityFact, ...] = (),
    appointments: tuple[AppointmentFact, ...] = (),
    leaves: tuple[LeaveFact, ...] = (),
) -> QualificationFacts:
    return QualificationFacts(
        qualification_id="qualification-1",
        sector=sector,
        subject="wiskunde" if sector != "po" else None,
        basis=basis,
        status="registered" if basis == "diploma" else "preregistered",
        period_start=period_start,
        activities=activities,
        appointments=appointments,
        leaves=leaves,
        admitted_on=period_start,
    )


def sufficient(**overrides: Any) -> QualificationFacts:
    """A vo teacher who meets every default criterion: 160 hours, 100 of them subject matter."""
    facts = qualification(
        sector="vo",
        activities=(
            activity(10, 100, areas=("subject_matter",)),
            activity(11, 60, areas=("professional",)),
        ),
        appointments=(appointment(5),),
    )
    return replace(facts, **overrides)


def default_criteria() -> ReregistrationCriteria:
    return load_default("reregistration")[1]


def default_document() -> dict[str, Any]:
    """The shipped re-registration document as a mutable dict."""
    raw, _ = load_default("reregistration")
    loaded: dict[str, Any] = json.loads(raw)
    return loaded


def criteria_with(**changes: Any) -> ReregistrationCriteria:
    """The default criteria with top-level fields changed, validated like any document."""
    document = default_document()
    document.update(changes)
    return ReregistrationCriteria.model_validate(document)
