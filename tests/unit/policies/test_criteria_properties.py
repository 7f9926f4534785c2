"""Any mix of faults in a draft is reported in full (hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.criteria import CriteriaDocumentError, parse_document
from tests.unit.policies.factories import default_document

Mutation = Callable[[dict[str, Any]], None]


def _set(path: tuple[str | int, ...], value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        target: Any = document
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _append_area(document: dict[str, Any]) -> None:
    document["area_minimums"][0]["areas"].append("cooking")


#: Independent faults, each with the field it must be reported on. (A bad ``period_years`` or
#: ``min_total_hours`` is left out: it rightly hides whether the sums that use it add up.)
FAULTS: dict[str, tuple[Mutation, str]] = {
    "unknown kind": (_set(("counted_kinds", 0), "knitting"), "counted_kinds.0"),
    "repeated kind": (_set(("counted_kinds", 1), "study_day"), "counted_kinds"),
    "area minimum above total": (
        _set(("area_minimums", 0, "min_hours"), 200),
        "area_minimums.0.min_hours",
    ),
    "unknown area": (_append_area, "area_minimums.0.areas.3"),
    "unknown sector": (_set(("sector_minimums", 0, "sector"), "hbo"), "sector_minimums.0.sector"),
    "negative sector minimum": (
        _set(("sector_minimums", 0, "min_hours"), -5),
        "sector_minimums.0.min_hours",
    ),
    "work experience off": (
        _set(("work_experience", "min_hours"), 1000),
        "work_experience.min_hours",
    ),
    "description not text": (_set(("description",), 5), "description"),
    "unknown key": (_set(("colour",), "blue"), "colour"),
    "version not a number": (_set(("version",), "one"), "version"),
    "impossible date": (
        _set(("transition", "strike_off_from"), "2027-13-01"),
        "transition.strike_off_from",
    ),
    "bool as text": (
        _set(("non_validated", "requires_evidence"), "yes"),
        "non_validated.requires_evidence",
    ),
    "no pre-register stay": (
        _set(("preregister", "max_stay_years", "in_training"), 0),
        "preregister.max_stay_years.in_training",
    ),
    "leave as text": (_set(("leave_extends_period",), "sometimes"), "leave_extends_period"),
    "unknown basis": (
        _set(("preregister", "max_stay_years", "lio"), 1),
        "preregister.max_stay_years.lio",
    ),
}


@settings(max_examples=100, deadline=None)
@given(st.sets(st.sampled_from(sorted(FAULTS)), min_size=1))
def test_malformed_and_contradictory_documents_name_every_fault(chosen: set[str]) -> None:
    document = default_document()
    for name in sorted(chosen):
        FAULTS[name][0](document)
    with pytest.raises(CriteriaDocumentError) as caught:
        parse_document(json.dumps(document).encode())
    named = {error["field"] for error in caught.value.errors}
    missing = {name for name in chosen if FAULTS[name][1] not in named}
    assert not missing, (missing, caught.value.errors)
    assert all(error["message"] for error in caught.value.errors)


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_each_fault_alone_is_named(name: str) -> None:
    document = default_document()
    FAULTS[name][0](document)
    with pytest.raises(CriteriaDocumentError) as caught:
        parse_document(json.dumps(document).encode())
    assert FAULTS[name][1] in {error["field"] for error in caught.value.errors}
