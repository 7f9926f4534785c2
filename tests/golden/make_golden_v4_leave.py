"""Write tests/golden/events_v4_leave.json: checked leave and the pre-register's term.

`Teacher.LeaveRecorded` gained `status` (pending for the teacher's own report; events stored
before it have none and load as approved, events_v1.json holds one); `Teacher.LeaveApproved`,
`Teacher.LeaveRejected` and `Teacher.PreregisterExpired` are new. This file holds the teacher of
events_v1.json under a new id (its stored events copied as they are, so the shared golden
test's checks hold here too), with appended: two leaves the teacher reported (one approved by
the registrar, one rejected), and a pre-registered qualification whose term passed.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v4_leave
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands import ApproveLeave, RecordLeave, RejectLeave
from domain.preregister import expire_due
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import REGISTRAR, MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v4_leave.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v4-leave")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 11, 28))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v4", projections="off"),
            clock=clock,
            rng=random.Random(4004),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v4", reason="gemeld")
        approved = register.record_leave(
            tid,
            RecordLeave(
                kind="pregnancy_and_maternity", start=date(2025, 1, 6), end=date(2025, 4, 27)
            ),
            ctx=me,
        ).data["leave_id"]
        rejected = register.record_leave(
            tid, RecordLeave(kind="care", start=date(2025, 9, 1), end=date(2025, 9, 30)), ctx=me
        ).data["leave_id"]
        register.approve_leave(
            tid,
            ApproveLeave(leave_id=approved),
            ctx=replace(REGISTRAR, reason="verklaring ontvangen"),
        )
        register.reject_leave(
            tid, RejectLeave(leave_id=rejected), ctx=replace(REGISTRAR, reason="geen verklaring")
        )
        teacher = register.get_teacher(tid)
        teacher.add_qualification(
            qualification={
                "qualification_id": "q-golden-preregister",
                "sector": "mbo",
                "subject": "techniek",
                "basis": "suitability_declaration",
            },
            registered_on=date(2023, 9, 1),
            today=clock.today,
            actor=REGISTRAR.actor,
            reason="zij-instromer",
            correlation_id="golden-v4",
        )
        register.save(teacher)
        register.ensure_criteria_books(REGISTRAR)
        teacher = register.get_teacher(tid)
        book = register.criteria_book("reregistration")
        expired = expire_due(
            teacher, clock.today, book, register.parsed_reregistration, replace(REGISTRAR)
        )
        assert expired == ["q-golden-preregister"], expired
        register.save(teacher)
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
        doc = {
            "about": "events_v1's teacher under a new id, with checked leave (LeaveRecorded with"
            " status, LeaveApproved, LeaveRejected) and a pre-register term passed"
            " (PreregisterExpired)",
            "teacher_id": str(tid),
            "approved_leave_id": approved,
            "rejected_leave_id": rejected,
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
