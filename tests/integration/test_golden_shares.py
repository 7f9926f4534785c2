"""events_v6_shares.json: an overview shared with the employer, as first stored, loads with
today's code (stored events are forever)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.erased import ERASED_TEXT

GOLDEN = Path(__file__).parent.parent / "golden" / "events_v6_shares.json"


def _stored(item: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def test_a_stored_share_and_its_revocation_load(services: Services) -> None:
    """The choice loads as stored; the note was sealed with a key that is not kept, so it
    loads as the placeholder; the revocation ends it."""
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    teacher = register.get_teacher(UUID(doc["teacher_id"]))
    share = teacher.shares[doc["share_id"]]
    assert share.board_number == "41234"
    assert share.qualification_ids == (doc["qualification_id"],)
    assert share.activity_ids == (doc["activity_id"],)
    assert share.note == ERASED_TEXT
    assert (share.shared_on, share.until) == (date(2026, 12, 7), date(2027, 3, 31))
    assert share.revoked_on == date(2026, 12, 7)
    assert not share.in_force(date(2026, 12, 7))
    assert teacher.appointments["ap1"].confirmation == "confirmed"
