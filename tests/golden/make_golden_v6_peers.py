"""Write tests/golden/events_v6_peers.json: a colleague confirms a peer activity (issue 18,
item 1), as first stored.

New event types: `Teacher.PeerConfirmationRequested` and `Teacher.PeerConfirmationAnswered` (on
the requester's file), `Teacher.PeerRequestReceived` and `Teacher.PeerRequestAnswered` (on the
colleague's). The file holds the teacher of events_v1.json under a new id (copied as stored)
with two lesson visits: one confirmed by a colleague, one declined with a remark; and the
colleague's file, admitted fresh at the same board. The personal fields (the colleague's name
and remarks, the requester's name and the activity's title on the colleague's file) are sealed
with keys that are not kept: they load as the placeholders.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v6_peers
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import date
from decimal import Decimal
from pathlib import Path

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment
from domain.commands.peers import AnswerPeerRequest, RequestPeerConfirmation
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import EVIDENCE, REGISTRAR, MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v6_peers.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v6-peers")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 11, 28))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v6", projections="off"),
            clock=clock,
            rng=random.Random(6006),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        colleague = register.admit_teacher(
            AdmitTeacher(
                bsn="123456782",
                name=Name("B.", "Bram", "", "Jansen"),
                birth_date=date(1979, 4, 4),
                qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
                registered_on=date(2021, 8, 1),
            ),
            ctx=REGISTRAR,
        ).aggregate_id
        for teacher_id in (tid, colleague):
            register.record_appointment(
                teacher_id,
                RecordAppointment(
                    board_number="41234",
                    brin="01AB",
                    start=date(2020, 8, 1),
                    end=None,
                    fte=Decimal("0.6"),
                    basis="diploma",
                ),
                ctx=REGISTRAR,
            )
        number = register.get_teacher(colleague).register_number
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v6")
        them = Context(Actor("teacher", str(colleague)), correlation_id="golden-v6")
        for title, answer, remark in (
            ("Lesbezoek bij Bram", "confirmed", None),
            ("Lesbezoek bij de sectie", "declined", "Ik was er die dag niet."),
        ):
            activity = register.record_activity(
                tid,
                RecordActivity(
                    kind="lesson_visit",
                    title=title,
                    occurred_on=date(2026, 10, 1),
                    contact_hours=Decimal(2),
                    self_study_hours=Decimal(1),
                    competence_areas=["didactics"],
                    evidence=EVIDENCE,
                ),
                ctx=me,
            ).data["activity_id"]
            request = register.request_peer_confirmation(
                tid,
                RequestPeerConfirmation(activity_id=activity, colleague_register_number=number),
                ctx=me,
            )
            register.answer_peer_request(
                colleague,
                AnswerPeerRequest(
                    request_id=request.data["request_id"], answer=answer, remark=remark
                ),
                ctx=them,
            )
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) in (str(tid), str(colleague))
        ]
        assert all("Jansen" not in e["state"] for e in events)
        assert all("Ik was er" not in e["state"] for e in events)
        doc = {
            "about": "events_v1's teacher under a new id with two lesson visits, one confirmed"
            " and one declined by a colleague at the same board, and the colleague's file"
            " (v6, peers)",
            "teacher_id": str(tid),
            "colleague_id": str(colleague),
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
