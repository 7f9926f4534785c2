"""Criteria documents: the shipped defaults, and refusal of faulty drafts with every fault."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from policies.criteria import (
    CriteriaDocumentError,
    ReregistrationCriteria,
    ValidationCriteria,
    document_sha256,
    load_default,
    parse_document,
    parse_reregistration,
    parse_validation,
)
from policies.facts import ACTIVITY_KINDS
from tests.unit.policies.factories import default_document


def fields_at_fault(document: Any) -> list[str]:
    with pytest.raises(CriteriaDocumentError) as caught:
        parse_document(json.dumps(document).encode())
    return [error["field"] for error in caught.value.errors]


def test_default_reregistration_document_holds_the_domain_figures() -> None:
    raw, criteria = load_default("reregistration")
    assert raw.startswith(b"{")
    assert criteria.version == 1
    assert criteria.period_years == 4
    assert criteria.min_total_hours == 160
    areas: list[tuple[tuple[str, ...], Decimal]] = [
        (m.areas, m.min_hours) for m in criteria.area_minimums
    ]
    assert areas == [(("subject_matter", "didactics", "pedagogy"), Decimal(100))]
    sectors: list[tuple[str, tuple[str, ...], Decimal]] = [
        (m.sector, m.areas, m.min_hours) for m in criteria.sector_minimums
    ]
    assert sectors == [("vo", ("subject_matter",), Decimal(40))]
    assert criteria.work_experience is not None
    assert criteria.work_experience.min_fte == Decimal("0.2")
    assert criteria.work_experience.hours_per_fte_year == 1659
    assert criteria.work_experience.min_hours == 1328
    assert criteria.counted_kinds == ACTIVITY_KINDS
    assert criteria.non_validated.requires_evidence
    assert not criteria.non_validated.requires_reflection
    assert criteria.leave_extends_period
    assert criteria.transition is not None
    assert criteria.transition.strike_off_from == date(2027, 8, 1)
    assert criteria.preregister.max_stay_years.suitability_declaration == 2


def test_default_validation_document_holds_the_domain_figures() -> None:
    _, criteria = load_default("validation")
    assert criteria.min_hours_exclusive == 3
    assert criteria.requires_hours_split
    assert criteria.assessment_when_self_study_exceeds_contact
    assert criteria.validity_years >= 1


def test_sha256_is_of_the_exact_bytes() -> None:
    raw, _ = load_default("reregistration")
    assert len(document_sha256(raw)) == 64
    assert document_sha256(raw) != document_sha256(raw + b" ")


def test_parse_dispatches_on_name() -> None:
    assert isinstance(parse_document(load_default("reregistration")[0]), ReregistrationCriteria)
    assert isinstance(parse_document(load_default("validation")[0]), ValidationCriteria)
    assert parse_reregistration(load_default("reregistration")[0]).name == "reregistration"
    assert parse_validation(load_default("validation")[0]).name == "validation"


def test_typed_parse_refuses_the_other_document_type() -> None:
    with pytest.raises(CriteriaDocumentError, match="reregistration"):
        parse_reregistration(load_default("validation")[0])
    with pytest.raises(CriteriaDocumentError, match="validation"):
        parse_validation(load_default("reregistration")[0])


def test_decimals_are_read_exactly() -> None:
    document = default_document()
    document["min_total_hours"] = 160
    raw = json.dumps(document).replace(
        '"min_total_hours": 160', '"min_total_hours": 159.99999999999999999'
    )
    criteria = parse_document(raw.encode())
    assert isinstance(criteria, ReregistrationCriteria)
    assert criteria.min_total_hours == Decimal("159.99999999999999999")


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        pytest.param(b"{not json", "(document)", id="invalid-json"),
        pytest.param(b"\xff\xfe", "(document)", id="not-utf8"),
        pytest.param(b"[1, 2]", "(document)", id="not-an-object"),
        pytest.param(b'{"version": 1}', "name", id="no-name"),
        pytest.param(b'{"name": "bonus"}', "name", id="unknown-name"),
        pytest.param(b'{"name": "validation", "name": "validation"}', "name", id="duplicate-key"),
    ],
)
def test_unreadable_documents_are_refused(raw: bytes, field: str) -> None:
    with pytest.raises(CriteriaDocumentError) as caught:
        parse_document(raw)
    assert [error["field"] for error in caught.value.errors] == [field]


def test_minimums_above_the_total_are_refused() -> None:
    document = default_document()
    document["area_minimums"][0]["min_hours"] = 161
    document["sector_minimums"][0]["min_hours"] = 170
    assert fields_at_fault(document) == [
        "area_minimums.0.min_hours",
        "sector_minimums.0.min_hours",
    ]


def test_work_experience_must_add_up_to_a_whole_hour() -> None:
    document = default_document()
    document["work_experience"]["min_hours"] = 1327
    parse_document(json.dumps(document).encode())  # rounded down is allowed too
    document["work_experience"]["min_hours"] = 1329
    assert fields_at_fault(document) == ["work_experience.min_hours"]


def test_zero_period_is_refused_without_judging_the_work_experience_sum() -> None:
    document = default_document()
    document["period_years"] = 0
    assert fields_at_fault(document) == ["period_years"]


def test_negative_total_is_refused_without_comparing_minimums_to_it() -> None:
    document = default_document()
    document["min_total_hours"] = "-1"
    assert fields_at_fault(document) == ["min_total_hours"]


def test_repeated_entries_are_refused() -> None:
    document = default_document()
    document["counted_kinds"].append("course")
    document["area_minimums"].append(
        {"areas": ["pedagogy", "didactics", "subject_matter"], "min_hours": 10}
    )
    document["sector_minimums"][0]["areas"] = ["subject_matter", "subject_matter"]
    assert sorted(fields_at_fault(document)) == [
        "area_minimums.1",
        "counted_kinds",
        "sector_minimums.0.areas",
    ]


def test_no_counted_kinds_with_hours_required_is_refused() -> None:
    document = default_document()
    document["counted_kinds"] = []
    assert fields_at_fault(document) == ["counted_kinds"]


def test_structural_and_cross_field_faults_are_named_together() -> None:
    """pydantic skips the model validator on a broken structure; the raw checks still run."""
    document = default_document()
    document["counted_kinds"][0] = "knitting"
    document["area_minimums"][0]["min_hours"] = 500
    document["typo"] = True
    assert sorted(fields_at_fault(document)) == [
        "area_minimums.0.min_hours",
        "counted_kinds.0",
        "typo",
    ]


def test_every_error_has_a_message() -> None:
    document = default_document()
    del document["preregister"]
    with pytest.raises(CriteriaDocumentError) as caught:
        parse_document(json.dumps(document).encode())
    assert caught.value.errors == [{"field": "preregister", "message": "Field required"}]
    assert "preregister: Field required" in str(caught.value)


def test_model_validation_itself_refuses_contradictions() -> None:
    """Callers that build models from dicts get the same protection as parse_document."""
    document = default_document()
    document["min_total_hours"] = 50
    with pytest.raises(ValidationError) as caught:
        ReregistrationCriteria.model_validate(document)
    assert {tuple(error["loc"]) for error in caught.value.errors()} == {
        ("area_minimums", 0, "min_hours")
    }


def test_validation_document_faults_are_all_named() -> None:
    _, criteria = load_default("validation")
    document = criteria.model_dump(mode="json")
    document.update(
        min_hours_exclusive=-1,
        validity_years=0,
        sectors=["vo", "vo"],
        requires_hours_split=False,
    )
    assert sorted(fields_at_fault(document)) == [
        "min_hours_exclusive",
        "requires_hours_split",
        "sectors",
        "validity_years",
    ]


def test_unknown_default_is_refused() -> None:
    with pytest.raises(ValueError, match="no shipped"):
        load_default("bonus")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="version 9"):
        load_default("reregistration", version=9)
