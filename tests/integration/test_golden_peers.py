"""events_v6_peers.json: a colleague's confirmation as first stored loads with today's code,
on both files, with the sealed names and remarks as placeholders (their keys are not kept)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.bootstrap import Services
from domain.assessment import qualification_facts
from domain.erased import ERASED_TEXT
from domain.teacher import Teacher

GOLDEN = Path(__file__).parent.parent / "golden" / "events_v6_peers.json"
NEW = {
    "domain.teacher:Teacher.PeerConfirmationRequested",
    "domain.teacher:Teacher.PeerConfirmationAnswered",
    "domain.teacher:Teacher.PeerRequestReceived",
    "domain.teacher:Teacher.PeerRequestAnswered",
}


def _stored(item: dict[str, str]) -> StoredEvent:
    return StoredEvent(
        originator_id=UUID(item["originator_id"]),
        originator_version=item["version"],
        topic=item["topic"],
        state=item["state"].encode("utf-8"),
    )


def test_stored_confirmations_load_on_both_files(services: Services) -> None:
    """The confirmed visit counts as evidenced with the version of its confirmation; the
    declined one does not; the colleague's file holds both requests as answered."""
    register = services.register
    doc = json.loads(GOLDEN.read_text())
    assert {item["topic"] for item in doc["events"]} >= NEW
    register.recorder.insert_events([_stored(item) for item in doc["events"]])
    teacher = register.get_teacher(UUID(doc["teacher_id"]))
    colleague = register.get_teacher(UUID(doc["colleague_id"]))
    answered = [
        e
        for e in register.events.get(teacher.id)
        if isinstance(e, Teacher.PeerConfirmationAnswered)
    ]
    assert [(e.answer, e.same_board, e.boards) for e in answered] == [
        ("confirmed", True, ["41234"]),
        ("declined", True, ["41234"]),
    ]
    requests = sorted(teacher.peer_requests.values(), key=lambda r: r.status)
    assert [r.status for r in requests] == ["confirmed", "declined"]
    assert all(r.expires_on == date(2026, 12, 26) for r in requests)
    assert all(r.term["days"] == 28 for r in requests)
    assert all(r.colleague_name == ERASED_TEXT for r in requests)  # sealed, key gone
    assert requests[1].remark == ERASED_TEXT
    confirmed = teacher.activities[requests[0].activity_id]
    declined = teacher.activities[requests[1].activity_id]
    assert confirmed.peer_confirmed
    assert confirmed.peer_confirmed_at_version == answered[0].originator_version
    assert not declined.peer_confirmed
    received = sorted(colleague.received_peer_requests.values(), key=lambda r: r.status)
    assert [(r.status, r.requester_id) for r in received] == [
        ("confirmed", doc["teacher_id"]),
        ("declined", doc["teacher_id"]),
    ]
    assert all(r.activity_title == ERASED_TEXT for r in received)
    vo = next(q for q in teacher.qualifications.values() if q.sector == "vo")
    facts = qualification_facts(teacher, vo.qualification_id, validated=lambda _t, _a: False)
    fact = next(a for a in facts.activities if a.activity_id == confirmed.activity_id)
    assert fact.peer_confirmation == f"{teacher.id}/{confirmed.peer_confirmed_at_version}"
    assert fact.peer_same_board
