"""The teacher of events_v1.json under a new id, for the golden generators that build on it.

The stored events are copied as they are (only the originator id changes), so a golden file
built on them holds an old file with new events appended, and the shared golden checks of
events_v1.json hold for it too.
"""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

V1 = Path(__file__).parent / "events_v1.json"


def copied_v1_teacher(name: str) -> tuple[UUID, list[StoredEvent]]:
    """The new id (derived from the old id and ``name``) and the copied stored events."""
    v1 = json.loads(V1.read_text())
    old_id = v1["teacher_id"]
    tid = uuid5(UUID(old_id), name)
    return tid, [
        StoredEvent(
            originator_id=tid,
            originator_version=item["version"],
            topic=item["topic"],
            state=item["state"].encode("utf-8"),
        )
        for item in v1["events"]
        if item["originator_id"] == old_id
    ]
