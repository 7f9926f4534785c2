"""Provider admission rules: KvK number, staff level, judged answers, complaints term."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from policies.providers import RULES_SHA256, ProviderFacts, evaluate_provider, kvk_is_valid

ON = date(2026, 11, 28)
GOOD = ProviderFacts(
    kvk_number="12345678",
    staff_level="hbo",
    practice_alignment="met scholen ontwikkeld",
    quality_monitoring="evaluaties en audit",
    has_complaints_procedure=True,
    complaint_decision_days=14,
    practice_alignment_sufficient=True,
    quality_monitoring_sufficient=True,
    event_ref="p/1",
)


def test_a_provider_meeting_every_rule_is_admitted_with_a_full_trace() -> None:
    verdict = evaluate_provider(GOOD, ON)
    assert verdict.outcome == "admitted"
    assert [r.criterion for r in verdict.trace][:6] == [
        "kvk_number",
        "staff_level",
        "practice_alignment",
        "quality_monitoring",
        "complaints_procedure",
        "complaint_decision_days",
    ]
    assert verdict.result("kvk_number").evidence == ("p/1",)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("changes", "criterion"),
    [
        pytest.param({"kvk_number": "1234567"}, "kvk_number", id="kvk-seven-digits"),
        pytest.param({"staff_level": "mbo"}, "staff_level", id="staff-below-hbo"),
        pytest.param(
            {"practice_alignment_sufficient": False}, "practice_alignment", id="alignment-judged"
        ),
        pytest.param({"quality_monitoring": " "}, "quality_monitoring", id="quality-not-described"),
        pytest.param(
            {"has_complaints_procedure": False}, "complaints_procedure", id="no-procedure"
        ),
        pytest.param(
            {"complaint_decision_days": 15}, "complaint_decision_days", id="complaints-over-2-weeks"
        ),
        pytest.param(
            {"complaint_decision_days": None}, "complaint_decision_days", id="complaints-no-term"
        ),
    ],
)
def test_a_broken_rule_refuses_and_is_named_in_the_trace(
    changes: dict[str, Any], criterion: str
) -> None:
    verdict = evaluate_provider(replace(GOOD, **changes), ON)
    assert verdict.outcome == "refused"
    assert criterion in [r.criterion for r in verdict.shortfalls]


def test_wo_staff_meets_the_hbo_minimum() -> None:
    assert evaluate_provider(replace(GOOD, staff_level="wo"), ON).met


def test_kvk_numbers_are_exactly_eight_ascii_digits() -> None:
    assert kvk_is_valid("01234567")
    assert not kvk_is_valid("123456789")
    assert not kvk_is_valid("1234567٨")


def test_the_rules_document_has_a_stable_hash() -> None:
    assert len(RULES_SHA256) == 64
