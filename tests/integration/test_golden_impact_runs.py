"""events_v8_impact_runs.json: impact runs and their slot, as first stored, load with today's
code (stored events are forever), and every event type of both aggregates has an example."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.impact_run import ImpactRun, ImpactRunSlot
from domain.values import Actor

GOLDEN = Path(__file__).parent.parent / "golden" / "events_v8_impact_runs.json"


def _stored(item: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def test_every_impact_run_event_type_has_a_golden_example() -> None:
    stored = {item["topic"] for item in json.loads(GOLDEN.read_text())["events"]}
    for aggregate in (ImpactRun, ImpactRunSlot):
        for name, value in vars(aggregate).items():
            if (
                isinstance(value, type)
                and issubclass(value, Aggregate.Event)
                and name not in ("Event", "Created")
            ):
                assert f"domain.impact_run:{aggregate.__name__}.{name}" in stored


def test_stored_impact_runs_load(services: Services) -> None:
    """The completed run keeps its result and progress; the given-up one says why; the
    version's slot is free and points at the last run."""
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    done = register.impact_run(doc["completed_run"])
    assert done.status == "completed"
    assert done.requested_by == Actor("standards", "beroepsgroep")
    assert (done.due_from, done.due_to) == (date(2021, 1, 1), date(2027, 12, 31))
    assert (done.files_done, done.files_total) == (2, 2)
    assert done.result is not None
    assert done.result["qualifications"] == 2
    assert done.worker == "host:1:aaaaaa"
    failed = register.impact_run(doc["failed_run"])
    assert failed.status == "failed"
    assert failed.attempt == 3
    assert failed.error is not None
    assert failed.error["code"] == "impact_run_given_up"
    last = register.last_impact_run("reregistration", 2)
    assert last is not None
    assert str(last.id) == doc["failed_run"]
