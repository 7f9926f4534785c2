"""Write tests/golden/events_v5_reminders.json: a teacher's correspondence (issue 18, item 3).

Holds the teacher of events_v1.json under a new id (copied as stored), and that teacher's
`Correspondence`: opened, an address set (sealed with the teacher's key, which is not kept:
it loads as the placeholder), reminders declined and accepted again, a period-end reminder
issued, and the address removed.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v5_reminders
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
from domain.commands.correspondence import ChooseReminders, SetContactAddress
from domain.correspondence import Correspondence, correspondence_id_for
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v5_reminders.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v5-reminders")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 11, 28))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v5", projections="off"),
            clock=clock,
            rng=random.Random(5005),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v5")
        register.set_contact_address(tid, SetContactAddress(address="leraar@example.nl"), ctx=me)
        register.choose_reminders(tid, ChooseReminders(wanted=False), ctx=me)
        register.choose_reminders(tid, ChooseReminders(wanted=True), ctx=me)
        # A reminder as run-due issues it, for a period ending on a fixed day.
        correspondence = register.correspondence_of(tid)
        assert isinstance(correspondence, Correspondence)
        issued = correspondence.issue_reminder(
            "q-golden", date(2027, 5, 31), date(2026, 12, 1), Actor("system", "run-due"), "g5"
        )
        assert issued == 6
        register.save(correspondence)
        register.set_contact_address(tid, SetContactAddress(address=None), ctx=me)
        cid = correspondence_id_for(tid)
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) in (str(tid), str(cid))
        ]
        assert all("leraar@example.nl" not in e["state"] for e in events)
        doc = {
            "about": "events_v1's teacher under a new id, and its correspondence: address set"
            " (sealed, key not kept), reminders declined and accepted, a period-end reminder"
            " issued, address removed (v5, reminders)",
            "teacher_id": str(tid),
            "correspondence_id": str(cid),
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
