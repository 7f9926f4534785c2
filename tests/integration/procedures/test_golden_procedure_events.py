"""Stored events of the procedures, as v2 wrote them, load into today's aggregates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.delivery import Delivery, PendingAppointments
from domain.objection import Objection
from domain.offering import KvkIndex, Offering, Provider
from domain.teacher import Teacher

GOLDEN = Path(__file__).parent.parent.parent / "golden" / "events_v2.json"
#: Event types of the procedures added after v2, each with its own golden file.
LATER = (GOLDEN.parent / "events_v4_terms.json",)
NEW_TEACHER_EVENTS = (
    "AppointmentConfirmed",
    "AppointmentDisputed",
    "StrikeOffProposed",
    "ViewGiven",
    "ProposalClosed",
    "OfferingRated",
)


def _stored(item: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def _topics(aggregate: type[Aggregate]) -> set[str]:
    return {
        f"{aggregate.__module__}:{aggregate.__name__}.{name}"
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, Aggregate.Event)
        and name not in {"Event", "Created"}
    }


def test_every_event_type_of_the_procedures_has_a_golden_example() -> None:
    stored = {
        item["topic"]
        for path in (GOLDEN, *LATER)
        for item in json.loads(path.read_text())["events"]
    }
    wanted = set().union(
        *(
            _topics(a)
            for a in (Delivery, PendingAppointments, Provider, KvkIndex, Offering, Objection)
        )
    )
    wanted |= {f"domain.teacher:Teacher.{name}" for name in NEW_TEACHER_EVENTS}
    assert wanted <= stored


def test_the_golden_procedure_events_load_into_todays_aggregates(services: Services) -> None:
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    teacher = register.get_teacher(UUID(doc["teacher_id"]))
    assert teacher.appointments["ap1"].confirmation == "confirmed"
    (proposal,) = teacher.proposals.values()
    assert (proposal.status, proposal.view) == ("withdrawn", "Het diploma is in Gent behaald.")
    assert list(teacher.ratings.values()) == [4]
    provider = register.get_provider(doc["provider_id"])
    assert provider.status == "admitted"
    assert [d["outcome"] for d in provider.decisions] == ["refused", "admitted"]
    validated, refused = (register.get_offering(o) for o in doc["offering_ids"])
    assert validated.status == "revoked"
    assert validated.validated_on(date(2026, 12, 4))
    assert not validated.validated_on(date(2026, 12, 5))
    assert refused.status == "refused"
    objection = register.get_objection(doc["objection_id"])
    assert (objection.status, objection.extended) == ("ruled", True)
    assert objection.ruling is not None
    assert objection.ruling["outcome"] == "unfounded"
    for item in doc["events"]:
        event = register.mapper.to_domain_event(_stored(item))
        assert event.originator_version == item["version"]
    assert isinstance(teacher, Teacher)
