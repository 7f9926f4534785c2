"""Write tests/golden/events_v6_shares.json: an overview shared with the employer (issue 18,
item 2).

Holds the teacher of events_v1.json under a new id (copied as stored), with appended: the
teacher's confirmation of appointment ap1 at board 41234, a development overview shared with
that board (`Teacher.OverviewShared`: one qualification's progress, one activity, a note sealed
with the teacher's key, which is not kept: it loads as the placeholder), and its revocation
(`Teacher.ShareRevoked`).

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v6_shares
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import date
from pathlib import Path

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands.deliveries import ConfirmAppointment
from domain.commands.shares import RevokeShare, ShareOverview
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v6_shares.json"
NOTE = "Graag bespreken in het gesprek over mijn ontwikkeling"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v6-shares")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 12, 7))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v6", projections="off"),
            clock=clock,
            rng=random.Random(6006),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v6")
        register.confirm_appointment(tid, ConfirmAppointment(appointment_id="ap1"), ctx=me)
        teacher = register.get_teacher(tid)
        qualification = sorted(teacher.qualifications)[0]
        activity = next(
            a for a in sorted(teacher.activities) if not teacher.activities[a].withdrawn
        )
        shared = register.share_overview(
            tid,
            ShareOverview(
                board_number="41234",
                qualification_ids=[qualification],
                activity_ids=[activity],
                note=NOTE,
                until=date(2027, 3, 31),
            ),
            ctx=me,
        )
        share_id = shared.data["share_id"]
        register.revoke_share(tid, RevokeShare(share_id=share_id), ctx=me)
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) == str(tid)
        ]
        assert all(NOTE not in e["state"] for e in events)
        doc = {
            "about": "events_v1's teacher under a new id, with appointment ap1 confirmed, an"
            " overview shared with board 41234 (OverviewShared, note sealed, key not kept) and"
            " revoked (ShareRevoked) (v6, shares)",
            "teacher_id": str(tid),
            "share_id": share_id,
            "qualification_id": qualification,
            "activity_id": activity,
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
