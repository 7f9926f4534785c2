"""events_v5_reminders.json: a teacher's correspondence as first stored loads with today's code."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.correspondence import Correspondence
from domain.erased import ERASED_NAME

GOLDEN = Path(__file__).parent.parent / "golden" / "events_v5_reminders.json"


def _stored(item: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def test_stored_correspondence_loads_with_its_choices_and_issued_reminders(
    services: Services,
) -> None:
    """The address and name were sealed with a key that is not kept: they load as the
    placeholders; the choices, the reminder issued and the removal load as stored."""
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    assert all("leraar@example.nl" not in item["state"] for item in doc["events"])
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    teacher_id = UUID(doc["teacher_id"])
    found = register.correspondence_of(teacher_id)
    assert isinstance(found, Correspondence)
    assert found.id == UUID(doc["correspondence_id"])
    assert found.teacher_id == teacher_id
    assert found.version == 6
    assert found.address is None  # removed last
    assert found.name == ERASED_NAME  # sealed, key gone
    assert found.reminders is True  # declined, then accepted again
    assert found.issued == {"q-golden/2027-05-31": 6}
    events = register.events.get(found.id)
    issued = [e for e in events if isinstance(e, Correspondence.PeriodEndReminderIssued)]
    assert [(e.period_end, e.months_before, e.issued_on) for e in issued] == [
        (date(2027, 5, 31), 6, date(2026, 12, 1))
    ]
