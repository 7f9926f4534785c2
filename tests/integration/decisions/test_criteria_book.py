"""The criteria book on both stores: drafts, adoptions, the version in force, the defaults."""

from __future__ import annotations

import json
from datetime import date

import pytest

from api.bootstrap import Services
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.criteria_book import DEFAULT_EFFECTIVE_FROM
from domain.errors import ConflictError, InvalidInputError, NotFoundError
from policies import document_sha256, load_default
from tests.decision_helpers import STANDARDS, MovableClock, document, lower_minimum

CONSULTED = {"with": ["AOb", "VO-raad"], "held_on": "2026-11-01"}


def test_an_empty_store_reads_the_shipped_default_as_version_1_without_writing(
    services: Services,
) -> None:
    """Reading the book never writes; the default is in force from 2017-08-01."""
    register = services.register
    version = register.criteria_in_force("reregistration", date(2020, 1, 1))
    raw, _ = load_default("reregistration")
    assert (version.version, version.sha256) == (1, document_sha256(raw))
    assert version.effective_from == DEFAULT_EFFECTIVE_FROM
    assert register.head_position() == 0


def test_the_defaults_are_adopted_as_events_by_the_system_on_first_use(services: Services) -> None:
    register = services.register
    assert register.ensure_criteria_books(STANDARDS) == [
        "reregistration",
        "validation",
        "retention",
    ]
    assert register.ensure_criteria_books(STANDARDS) == []
    listed = register.criteria_versions()
    assert [(v["name"], v["version"], v["status"]) for v in listed] == [
        ("reregistration", 1, "adopted"),
        ("validation", 1, "adopted"),
        ("retention", 1, "adopted"),
    ]
    book = register.criteria_book("reregistration")
    assert book.versions[1].adopted_by is not None
    assert book.versions[1].adopted_by.role == "system"


def test_a_draft_keeps_the_exact_bytes_and_their_sha256(services: Services) -> None:
    raw = lower_minimum() + b"\n\n"
    result = services.register.draft_criteria(DraftCriteria(raw=raw), ctx=STANDARDS)
    stored = services.register.criteria_version("reregistration", 2)
    assert stored.raw == raw
    assert stored.sha256 == document_sha256(raw) == result.data["sha256"]
    assert not stored.adopted


def test_a_malformed_and_contradictory_document_is_refused_with_every_fault_named(
    services: Services,
) -> None:
    raw = document(
        version=2,
        min_total_hours=50,
        counted_kinds=["course", "juggling"],
        period_yeras=4,
    )
    with pytest.raises(InvalidInputError) as caught:
        services.register.draft_criteria(DraftCriteria(raw=raw), ctx=STANDARDS)
    fields = {e.field for e in caught.value.errors}
    assert {"counted_kinds.1", "period_yeras", "area_minimums.0.min_hours"} <= fields
    assert services.register.head_position() == 0


def test_a_version_that_already_exists_is_a_conflict(services: Services) -> None:
    services.register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    with pytest.raises(ConflictError):
        services.register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    with pytest.raises(ConflictError):
        services.register.draft_criteria(DraftCriteria(raw=document(version=1)), ctx=STANDARDS)


def test_adoption_names_every_fault_and_never_half_happens(services: Services) -> None:
    register = services.register
    register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    head = register.head_position()
    with pytest.raises(InvalidInputError) as caught:
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(
                version=2,
                effective_from=date(2016, 1, 1),
                consultation={"with": [], "held_on": "2030-01-01"},
            ),
            ctx=STANDARDS,
        )
    fields = sorted(e.field for e in caught.value.errors)
    assert fields == [
        "consultation.held_on",
        "consultation.with",
        "effective_from",
        "effective_from",
    ]
    assert register.head_position() == head
    assert not register.criteria_version("reregistration", 2).adopted


def test_the_version_in_force_follows_the_effective_dates(
    services: Services, clock: MovableClock
) -> None:
    register = services.register
    register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    adopted = register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2027, 1, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    assert adopted.data["status"] == "adopted"
    assert register.criteria_in_force("reregistration", date(2026, 12, 31)).version == 1
    assert register.criteria_in_force("reregistration", date(2027, 1, 1)).version == 2
    version = register.criteria_version("reregistration", 2)
    assert version.consultation == CONSULTED
    assert json.loads(version.raw)["min_total_hours"] == 100


def test_adopting_twice_or_an_unknown_version_is_refused(services: Services) -> None:
    register = services.register
    register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2027, 1, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    with pytest.raises(ConflictError):
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(version=2, effective_from=date(2028, 1, 1), consultation=CONSULTED),
            ctx=STANDARDS,
        )
    with pytest.raises(NotFoundError):
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(version=7, effective_from=date(2028, 1, 1), consultation=CONSULTED),
            ctx=STANDARDS,
        )
    with pytest.raises(NotFoundError):
        register.criteria_version("nonsense", 1)


def test_an_effective_date_before_the_current_versions_is_refused(services: Services) -> None:
    register = services.register
    register.draft_criteria(DraftCriteria(raw=lower_minimum(2)), ctx=STANDARDS)
    register.draft_criteria(DraftCriteria(raw=lower_minimum(3)), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2027, 6, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    with pytest.raises(InvalidInputError) as caught:
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(version=3, effective_from=date(2027, 5, 1), consultation=CONSULTED),
            ctx=STANDARDS,
        )
    assert [e.field for e in caught.value.errors] == ["effective_from"]
