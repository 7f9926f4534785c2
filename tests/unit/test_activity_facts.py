"""Believable activities on the teacher file: offering hours cap claims, other activities need
evidence, activities name the qualifications they serve, samples judge them."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.activity_rules import OfferingTerms, is_a_description
from domain.commands import RecordActivity
from domain.errors import ConflictError, InvalidInputError
from domain.samples import draw
from domain.teacher import Teacher
from domain.values import Actor
from tests.unit.test_teacher import TODAY, admit

DESCRIPTION = "Twee middagen gevolgd en een les herontworpen."


def terms(
    contact: int | str = 8, self_study: int | str = 4, validated: bool = True
) -> OfferingTerms:
    return OfferingTerms(
        offering_id="o1",
        title="Formatief evalueren",
        provider_id="p1",
        validated=validated,
        contact_hours=Decimal(contact),
        self_study_hours=Decimal(self_study),
        competence_areas=("didactics",),
    )


def record(teacher: Teacher, **overrides: Any) -> str:
    fields: dict[str, Any] = {
        "activity_id": str(uuid.uuid4()),
        "kind": "course",
        "title": "Formatief evalueren",
        "occurred_on": date(2023, 3, 1),
        "contact_hours": Decimal(4),
        "self_study_hours": Decimal(0),
        "competence_areas": ["didactics"],
        "offering_id": None,
        "evidence": DESCRIPTION,
        "reflection": None,
        "cost": None,
        "today": TODAY,
        "actor": Actor("teacher", str(teacher.id)),
        "reason": None,
        "correlation_id": "c",
    }
    fields.update(overrides)
    command = RecordActivity.build(fields)
    teacher.record_activity(
        command, **{k: v for k, v in fields.items() if k not in command.fields()}
    )
    return str(fields["activity_id"])


def faults(teacher: Teacher, **overrides: Any) -> dict[str, str]:
    with pytest.raises(InvalidInputError) as caught:
        record(teacher, **overrides)
    return {e.field: e.message for e in caught.value.errors}


def test_a_claim_above_the_validated_hours_is_refused_naming_the_maximum() -> None:
    """An offering validated for 8 contact hours cannot carry 160."""
    found = faults(
        admit(), offering_id="o1", offering=terms(), contact_hours=Decimal(160), evidence=None
    )
    assert found["contact_hours"] == "the offering was validated for at most 8 contact hours"


def test_less_than_the_validated_hours_is_allowed_without_evidence() -> None:
    """Partial attendance of a validated offering counts as recorded; no evidence needed."""
    teacher = admit()
    aid = record(
        teacher,
        offering_id="o1",
        offering=terms(),
        contact_hours=Decimal(3),
        self_study_hours=Decimal(2),
        evidence=None,
    )
    assert teacher.activities[aid].contact_hours == Decimal(3)


@pytest.mark.parametrize(
    "evidence",
    [
        pytest.param(None, id="none"),
        pytest.param("certificaat.pdf", id="a-file-name"),
        pytest.param("   ok   ", id="a-word"),
    ],
)
def test_an_activity_not_from_a_validated_offering_needs_a_sentence_of_evidence(
    evidence: str | None,
) -> None:
    """Without a validated offering the teacher says what was done and learned."""
    assert "evidence" in faults(admit(), evidence=evidence)
    assert "evidence" in faults(
        admit(), offering_id="o1", offering=terms(validated=False), evidence=evidence
    )


def test_the_reference_is_kept_beside_the_description() -> None:
    teacher = admit()
    aid = record(teacher, evidence_reference=" verslag-intervisie.pdf ")
    assert teacher.activities[aid].evidence_reference == "verslag-intervisie.pdf"
    assert teacher.activities[aid].evidence == DESCRIPTION


def test_an_activity_names_the_qualifications_it_serves_by_default_all() -> None:
    """`qualification_ids` narrows what an activity counts for; unknown ids are refused."""
    teacher = admit(
        qualifications=[
            {"qualification_id": "q1", "sector": "vo", "subject": "wiskunde", "basis": "diploma"},
            {
                "qualification_id": "q2",
                "sector": "vo",
                "subject": "natuurkunde",
                "basis": "diploma",
            },
        ]
    )
    everything = teacher.activities[record(teacher)]
    only = teacher.activities[record(teacher, qualification_ids=["q2"])]
    assert (everything.serves("q1"), everything.serves("q2")) == (True, True)
    assert (only.serves("q1"), only.serves("q2")) == (False, True)
    assert "qualification_ids[0]" in faults(teacher, qualification_ids=["nope"])
    assert "qualification_ids" in faults(teacher, qualification_ids=[])


@given(
    contact=st.decimals(min_value=0, max_value=100, places=2),
    self_study=st.decimals(min_value=0, max_value=100, places=2),
    max_contact=st.integers(min_value=0, max_value=60),
    max_self=st.integers(min_value=0, max_value=60),
)
def test_capping_never_raises_hours(
    contact: Decimal, self_study: Decimal, max_contact: int, max_self: int
) -> None:
    """Whatever is claimed on a validated offering is either recorded as claimed, within the
    validated hours, or refused: the register never records more than was claimed."""
    teacher = admit()
    offering = terms(max_contact, max_self)
    try:
        aid = record(
            teacher,
            offering_id="o1",
            offering=offering,
            contact_hours=contact,
            self_study_hours=self_study,
            evidence=None,
        )
    except InvalidInputError:
        assert contact > max_contact or self_study > max_self or contact + self_study <= 0
        return
    kept = teacher.activities[aid]
    assert (kept.contact_hours, kept.self_study_hours) == (contact, self_study)
    assert kept.contact_hours <= offering.contact_hours
    assert kept.self_study_hours <= offering.self_study_hours


def test_a_rejection_in_a_sample_is_kept_with_its_reason_once() -> None:
    teacher = admit()
    aid = record(teacher)
    registrar = Actor("registrar", "r1")
    teacher.judge_activity(
        sample_id="s1",
        activity_id=aid,
        outcome="rejected",
        actor=registrar,
        reason="Geen verslag te vinden.",
        correlation_id="c",
    )
    activity = teacher.activities[aid]
    assert activity.rejected_in_sample
    assert activity.sample_reason == "Geen verslag te vinden."
    with pytest.raises(ConflictError):
        teacher.judge_activity(
            sample_id="s2",
            activity_id=aid,
            outcome="accepted",
            actor=registrar,
            reason="Toch goed.",
            correlation_id="c",
        )


def test_a_judgement_needs_a_known_outcome_and_a_reason() -> None:
    teacher = admit()
    aid = record(teacher)
    with pytest.raises(InvalidInputError) as caught:
        teacher.judge_activity(
            sample_id="s1",
            activity_id=aid,
            outcome="maybe",
            actor=Actor("registrar", "r1"),
            reason=" ",
            correlation_id="c",
        )
    assert {e.field for e in caught.value.errors} == {"outcome", "reason"}


@given(
    population=st.sets(st.tuples(st.text(min_size=1, max_size=3), st.text(min_size=1, max_size=3))),
    seed=st.integers(min_value=0, max_value=2**63 - 1),
    size=st.integers(min_value=1, max_value=20),
)
def test_the_same_seed_and_population_draw_the_same_sample_in_any_order(
    population: set[tuple[str, str]], seed: int, size: int
) -> None:
    """A draw depends only on the population, seed and size, never on the order read."""
    forward = draw(list(population), seed, size)
    backward = draw(sorted(population, reverse=True), seed, size)
    assert forward == backward
    assert len(forward) == min(size, len(population))
    assert set(forward) <= population


def test_a_sentence_is_words_not_a_file_name() -> None:
    assert is_a_description(DESCRIPTION)
    assert not is_a_description("bewijs.pdf")
