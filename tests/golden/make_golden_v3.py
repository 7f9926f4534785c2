"""Write tests/golden/events_v3.json: a strike-off proposed at re-registration (new shape).

`Teacher.StrikeOffProposed` gained `assessment` (the re-registration assessment the proposal
rests on); events stored before it have none and load with `assessment=None` (events_v2.json
holds one). This file holds the teacher of events_v1.json under a new id (its stored events
copied as they are, so the shared golden test's checks hold here too), with a re-registration
short of the criteria after the transition date appended: the proposal with its assessment, the
teacher's view, and the proposal withdrawn.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v3
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands import ReRegister
from domain.commands.hearings import GiveView, WithdrawProposal
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import REGISTRAR, MovableClock

HERE = Path(__file__).parent
TARGET = HERE / "events_v3.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    v1 = json.loads((HERE / "events_v1.json").read_text())
    old_id = v1["teacher_id"]
    tid = uuid5(UUID(old_id), "golden-v3")
    copied = [
        StoredEvent(
            originator_id=tid,
            originator_version=item["version"],
            topic=item["topic"],
            state=item["state"].encode("utf-8"),
        )
        for item in v1["events"]
        if item["originator_id"] == old_id
    ]
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 11, 28))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v3", projections="off"),
            clock=clock,
            rng=random.Random(3003),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        teacher = register.get_teacher(tid)
        q = next(
            q
            for q in teacher.qualifications.values()
            if q.status == "registered" and q.sector != "vo"
        )
        clock.today = max(date(2027, 8, 1), teacher.period_end(q.qualification_id) + timedelta(1))
        proposed = register.re_register(
            tid, ReRegister(qualification_id=q.qualification_id), ctx=REGISTRAR
        ).data
        assert proposed["outcome"] == "strike_off_proposed", proposed
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v3")
        clock.today += timedelta(days=3)
        register.give_view(
            tid,
            GiveView(proposal_id=proposed["proposal_id"], view="Mijn uren staan elders."),
            ctx=me,
        )
        register.withdraw_proposal(
            tid,
            WithdrawProposal(proposal_id=proposed["proposal_id"]),
            ctx=replace(REGISTRAR, reason="uren nagekomen"),
        )
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
            "about": "events_v1's teacher under a new id, with a strike-off proposed at"
            " re-registration: StrikeOffProposed with its assessment (v3)",
            "teacher_id": str(tid),
            "proposal_id": proposed["proposal_id"],
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
