"""Stored events of the objection procedure under the Atw (events_v4_terms.json) load into
today's aggregates: an excused late objection, deferred with consent and ruled well-founded
with a new decision in place; a late objection without excuse declared inadmissible."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services

GOLDEN = Path(__file__).parent.parent.parent / "golden" / "events_v4_terms.json"


def _stored(item: dict[str, Any]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def test_the_golden_terms_events_load_into_todays_aggregates(services: Services) -> None:
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    excused, inadmissible = (register.get_objection(o) for o in doc["objection_ids"])
    assert (excused.in_time, excused.lateness_excused, excused.admitted) == (False, True, True)
    assert excused.deferrals_with_consent == 1
    assert excused.decide_by == date(2027, 6, 30)
    assert excused.ruling is not None
    assert excused.ruling["outcome"] == "well_founded"
    assert excused.ruling["replacement"]["decision_id"] == doc["replacement_decision_id"]
    assert (inadmissible.in_time, inadmissible.excuse) == (False, None)
    assert inadmissible.ruling is not None
    assert inadmissible.ruling["outcome"] == "inadmissible"
    assert inadmissible.ruling["remedy"]["kind"] == "appeal"
    teacher = register.get_teacher(UUID(doc["objected_teacher_id"]))
    kinds = [(d["kind"], d["outcome"], bool(d.get("revoked"))) for d in teacher.decisions]
    assert kinds == [
        ("strike_off", "struck_off", True),
        ("replacement", "registered", False),
        ("strike_off", "struck_off", False),
    ]
    assert teacher.decisions[1]["decision_id"] == doc["replacement_decision_id"]
