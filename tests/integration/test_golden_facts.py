"""The facts that count, as first stored (events_v4_facts.json), load into today's aggregates;
older events load with the new fields empty."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.participation import ParticipationDelivery
from domain.samples import ActivitySample
from domain.teacher import Teacher

HERE = Path(__file__).parent.parent / "golden"
NEW = {
    "domain.teacher:Teacher.ParticipationReported",
    "domain.teacher:Teacher.ActivityJudged",
    "domain.participation:ParticipationDelivery.Received",
    "domain.samples:ActivitySample.Drawn",
}


def _stored(item: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def _load(services: Services, name: str) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((HERE / name).read_text())
    services.register.recorder.insert_events([_stored(item) for item in doc["events"]])
    return doc


def test_every_new_event_type_has_a_golden_example() -> None:
    """The new aggregates' and the file's new event types are all in the golden file."""
    doc = json.loads((HERE / "events_v4_facts.json").read_text())
    topics = {item["topic"] for item in doc["events"]}
    for aggregate in (ParticipationDelivery, ActivitySample):
        for name, value in vars(aggregate).items():
            concrete = name not in {"Event", "Created", "Snapshot"}
            if concrete and isinstance(value, type) and issubclass(value, Aggregate.Event):
                assert f"{aggregate.__module__}:{aggregate.__name__}.{name}" in topics
    assert topics >= NEW


def test_the_facts_as_first_stored_load_with_their_fields(services: Services) -> None:
    doc = _load(services, "events_v4_facts.json")
    file: Teacher = services.register.get_teacher(UUID(doc["teacher_id"]))
    stated = [a for a in file.appointments.values() if a.sector is not None]
    assert [(a.sector, a.subjects, a.stated) for a in stated] == [
        ("vo", ("wiskunde", "natuurkunde"), True)
    ]
    (reported,) = file.participations.values()
    assert reported.activity_id is not None
    confirmed = file.activities[reported.activity_id]
    assert confirmed.participation_id == reported.participation_id
    assert confirmed.offering_id == reported.offering_id
    (judged,) = [a for a in file.activities.values() if a.sample_outcome is not None]
    assert judged.rejected_in_sample
    assert judged.sample_reason == "Geen lesbezoekformulier gevonden."
    assert judged.evidence_reference == "lesbezoekformulier.pdf"
    assert judged.qualification_ids is not None
    sample = services.register.get_sample(doc["sample_id"])
    assert sample.seed == 2026
    assert sample.holds(doc["teacher_id"], judged.activity_id)


def test_events_stored_before_the_facts_load_with_the_new_fields_empty(
    services: Services,
) -> None:
    """v1's appointments state nothing and its activities serve every qualification."""
    doc = _load(services, "events_v1.json")
    file: Teacher = services.register.get_teacher(UUID(doc["teacher_id"]))
    assert file.appointments
    assert all(a.sector is None and not a.stated for a in file.appointments.values())
    assert all(
        a.qualification_ids is None and a.sample_outcome is None for a in file.activities.values()
    )
    assert file.participations == {}
