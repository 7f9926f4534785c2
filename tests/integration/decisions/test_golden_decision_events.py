"""Old decisions must keep loading and reproducing: golden stored events, read by today's code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain import criteria_book, decisions
from domain.teacher import Teacher

GOLDEN = Path(__file__).parent.parent.parent / "golden" / "decisions_v1.json"


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


def test_every_criteria_and_decision_event_type_has_a_golden_example() -> None:
    stored = {item["topic"] for item in json.loads(GOLDEN.read_text())["events"]}
    wanted = _topics(criteria_book.CriteriaBook) | _topics(decisions.DecisionIndex)
    wanted |= {
        f"domain.teacher:Teacher.{name}"
        for name in ("ReRegistered", "Annotated", "StruckOff", "Reinstated", "MovedToRegister")
    }
    assert wanted <= stored


def test_golden_decisions_load_and_the_old_decision_still_reproduces(services: Services) -> None:
    """Written into a fresh store exactly as stored, they replay and reproduce."""
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    book = register.criteria_book("reregistration")
    assert [book.in_force(date(2026, 12, 31)).version, book.in_force(date(2027, 1, 1)).version] == [  # type: ignore[union-attr]
        1,
        2,
    ]
    teacher = register.get_teacher(UUID(doc["teacher_ids"][0]))
    assert isinstance(teacher, Teacher)
    assert [d["kind"] for d in teacher.decisions] == [
        "re_registration",
        "strike_off",
        "reinstatement",
    ]
    answer = register.reproduce(doc["annotated_decision_id"])
    assert answer["reproduced"], answer["differences"]
    assert answer["recorded"]["outcome"] == "annotated"
