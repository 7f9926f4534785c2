"""Engine 2.0.0: the facts that count for one qualification, and the transition of the period."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from policies.engines import CURRENT, ENGINES, UnknownEngineError, engine, v1
from policies.facts import AppointmentFact
from tests.unit.policies.factories import (
    TEACHER,
    activity,
    appointment,
    default_criteria,
    leave,
    sufficient,
)

ON = date(2026, 9, 1)


def stated(number: int, sector: str | None, *subjects: str, fte: str = "0.4") -> AppointmentFact:
    return replace(appointment(number, fte), sector=sector, subjects=subjects)


def test_a_po_appointment_does_not_carry_a_vo_qualification() -> None:
    facts = sufficient(sector="vo", subject="wiskunde", appointments=(stated(9, "po"),))
    verdict = engine().evaluate(facts, default_criteria(), ON)
    work = verdict.result("work_experience")
    assert work is not None
    assert not work.passed
    assert work.actual == "0.0"
    excluded = verdict.result("appointments_excluded:other_sector")
    assert excluded is not None
    assert excluded.evidence == (f"{TEACHER}/9",)


def test_a_vo_appointment_counts_only_for_the_subject_taught() -> None:
    criteria = default_criteria()
    maths = sufficient(sector="vo", subject="wiskunde", appointments=(stated(9, "vo", "Wiskunde"),))
    french = replace(maths, subject="frans", qualification_id="q-frans")
    assert engine().evaluate(maths, criteria, ON).result("work_experience").passed  # type: ignore[union-attr]
    verdict = engine().evaluate(french, criteria, ON)
    assert verdict.result("appointments_excluded:other_subject") is not None
    assert not verdict.result("work_experience").passed  # type: ignore[union-attr]


def test_an_appointment_without_sector_counts_and_is_flagged_not_stated() -> None:
    facts = sufficient(sector="vo", subject="wiskunde", appointments=(stated(9, None),))
    verdict = engine().evaluate(facts, default_criteria(), ON)
    assert verdict.result("work_experience").passed  # type: ignore[union-attr]
    flagged = verdict.result("appointments_not_stated")
    assert flagged is not None
    assert flagged.evidence == (f"{TEACHER}/9",)


def test_a_disputed_appointment_does_not_count() -> None:
    facts = sufficient(appointments=(replace(appointment(9, "1.0"), disputed=True),))
    verdict = engine().evaluate(facts, default_criteria(), ON)
    assert not verdict.result("work_experience").passed  # type: ignore[union-attr]
    assert verdict.result("appointments_excluded:disputed") is not None


def test_an_activity_naming_other_qualifications_does_not_count_here() -> None:
    base = sufficient()
    others = tuple(replace(a, qualification_ids=("q-other",)) for a in base.activities)
    verdict = engine().evaluate(replace(base, activities=others), default_criteria(), ON)
    assert not verdict.met
    assert verdict.result("activities_excluded:other_qualification") is not None
    mine = tuple(replace(a, qualification_ids=(base.qualification_id,)) for a in base.activities)
    assert engine().evaluate(replace(base, activities=mine), default_criteria(), ON).met


def test_an_activity_rejected_in_a_sample_does_not_count() -> None:
    base = sufficient()
    rejected = (replace(base.activities[0], rejected=True), *base.activities[1:])
    verdict = engine().evaluate(replace(base, activities=rejected), default_criteria(), ON)
    entry = verdict.result("activities_excluded:rejected_in_sample")
    assert entry is not None
    assert entry.evidence == (base.activities[0].event_ref,)


def test_pending_leave_does_not_extend_the_period() -> None:
    pending = replace(leave(5, date(2024, 1, 1), date(2024, 12, 31)), approved=False)
    approved = leave(6, date(2025, 1, 1), date(2025, 1, 10))
    verdict = engine().evaluate(sufficient(leaves=(pending, approved)), default_criteria(), ON)
    assert verdict.period_end == date(2026, 9, 10)
    assert verdict.result("leave_pending") is not None


def test_engine_1_still_counts_every_appointment_for_every_qualification() -> None:
    """Reproduction of decisions taken before 2.0.0 runs the old rules, unlawful or not."""
    facts = sufficient(sector="vo", subject="wiskunde", appointments=(stated(9, "po"),))
    assert v1.evaluate(facts, default_criteria(), ON).result("work_experience").passed  # type: ignore[union-attr]
    short = sufficient(activities=(activity(10, 100),), period_start=date(2023, 8, 1))
    assert v1.evaluate(short, default_criteria(), date(2027, 9, 15)).outcome == "struck_off"


def test_every_engine_that_decided_is_available_and_unknown_ones_are_refused() -> None:
    assert set(ENGINES) >= {"1.0.0", "2.0.0"}
    assert engine(CURRENT).ENGINE_VERSION == CURRENT
    with pytest.raises(UnknownEngineError, match=r"0\.9\.0"):
        engine("0.9.0")


def test_counting_per_qualification_never_counts_an_appointment_of_another_sector() -> None:
    """Whatever the sectors, only appointments without a sector or of the qualification's own count."""
    for sector in ("po", "vo", "mbo"):
        for other in ("po", "vo", "mbo"):
            facts = sufficient(
                sector=sector,
                subject=None if sector == "po" else "wiskunde",
                appointments=(stated(9, other, "wiskunde", fte="1.0"),),
            )
            verdict = engine().evaluate(facts, default_criteria(), ON)
            counted = verdict.result("appointments_counted")
            assert counted is not None
            assert (counted.actual == "1") == (sector == other)
            assert Decimal(verdict.result("work_experience").actual) >= 0  # type: ignore[union-attr]
