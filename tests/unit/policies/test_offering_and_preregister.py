"""Validation of training offerings and the pre-register's maximum stay."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from policies.criteria import ValidationCriteria, load_default
from policies.engine import evaluate_offering, evaluate_preregister
from policies.facts import OfferingFacts
from policies.verdict import Verdict
from tests.unit.policies.factories import criteria_with, default_criteria, leave, qualification

SUBMITTED = date(2026, 3, 2)


def validation() -> ValidationCriteria:
    return load_default("validation")[1]


def offering(
    contact: str | None = "4", self_study: str | None = "0", **changes: Any
) -> OfferingFacts:
    facts = OfferingFacts(
        contact_hours=None if contact is None else Decimal(contact),
        self_study_hours=None if self_study is None else Decimal(self_study),
        has_assessment=False,
        competence_areas=("didactics",),
        sector="vo",
        event_ref="offering-1/1",
    )
    return replace(facts, **changes)


def failing(verdict: Verdict) -> list[str]:
    return [result.criterion for result in verdict.shortfalls]


def test_offering_of_more_than_three_hours_is_validated_for_its_validity_period() -> None:
    verdict = evaluate_offering(offering("3.5"), validation(), SUBMITTED)
    assert (verdict.outcome, verdict.met) == ("validated", True)
    assert (verdict.period_start, verdict.period_end) == (SUBMITTED, date(2029, 3, 1))
    assert all(result.evidence == ("offering-1/1",) for result in verdict.trace)


def test_offering_of_exactly_three_hours_is_refused() -> None:
    verdict = evaluate_offering(offering("3"), validation(), SUBMITTED)
    assert verdict.outcome == "refused"
    total = verdict.result("total_hours")
    assert total is not None
    assert (total.required, total.actual) == (">3.0", "3.0")


def test_mostly_self_study_needs_an_assessment() -> None:
    verdict = evaluate_offering(offering("2", "6"), validation(), SUBMITTED)
    assert failing(verdict) == ["assessment"]
    assessed = evaluate_offering(offering("2", "6", has_assessment=True), validation(), SUBMITTED)
    assert assessed.outcome == "validated"


def test_equal_contact_and_self_study_needs_no_assessment() -> None:
    assert evaluate_offering(offering("3", "3"), validation(), SUBMITTED).met


def test_offering_without_the_hours_split_is_refused() -> None:
    verdict = evaluate_offering(offering("8", None), validation(), SUBMITTED)
    assert failing(verdict) == ["hours_split"]


def test_offering_must_serve_a_competence_area_and_an_allowed_sector() -> None:
    criteria = validation().model_copy(update={"sectors": ("po",)})
    verdict = evaluate_offering(offering(competence_areas=("astrology",)), criteria, SUBMITTED)
    assert failing(verdict) == ["competence_areas", "sector"]


def test_offering_without_sector_is_open_to_every_sector() -> None:
    assert evaluate_offering(offering(sector=None), validation(), SUBMITTED).met


@pytest.mark.parametrize(
    ("basis", "last_day"),
    [
        pytest.param("suitability_declaration", date(2026, 8, 31), id="career-switcher-2-years"),
        pytest.param("in_training", date(2028, 8, 31), id="in-training-4-years"),
    ],
)
def test_preregister_stay_is_limited_per_basis(basis: str, last_day: date) -> None:
    facts = qualification(basis=basis, period_start=date(2024, 9, 1))
    within = evaluate_preregister(facts, default_criteria(), last_day)
    assert (within.outcome, within.period_end) == ("within_term", last_day)
    exceeded = evaluate_preregister(
        facts, default_criteria(), date.fromordinal(last_day.toordinal() + 1)
    )
    assert exceeded.outcome == "term_exceeded"
    assert failing(exceeded) == [f"max_stay:{basis}"]


def test_leave_extends_the_preregister_stay() -> None:
    facts = qualification(
        basis="suitability_declaration",
        period_start=date(2024, 9, 1),
        leaves=(leave(3, date(2025, 1, 1), date(2025, 1, 31)),),
    )
    verdict = evaluate_preregister(facts, default_criteria(), date(2026, 9, 15))
    assert (verdict.outcome, verdict.period_end) == ("within_term", date(2026, 10, 1))
    days = verdict.result("leave_days")
    assert days is not None
    assert days.evidence == ("teacher-1/3",)


def test_preregister_stay_follows_the_document() -> None:
    criteria = criteria_with(
        preregister={"max_stay_years": {"suitability_declaration": 3, "in_training": 4}}
    )
    facts = qualification(basis="suitability_declaration", period_start=date(2024, 9, 1))
    assert evaluate_preregister(facts, criteria, date(2027, 8, 31)).outcome == "within_term"


def test_diploma_is_not_judged_against_the_preregister() -> None:
    with pytest.raises(ValueError, match="pre-register"):
        evaluate_preregister(qualification(), default_criteria(), date(2026, 1, 1))
