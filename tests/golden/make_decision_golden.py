"""Write tests/golden/decisions_v1.json: stored criteria-book, decision-index and decision events.

Run once per new event type or class version (`python -m tests.golden.make_decision_golden`);
never regenerate an existing file: it is what older code wrote.
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
from domain.commands import MoveToRegister, Reinstate, ReRegister, StrikeOff
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from tests.decision_helpers import (
    REGISTRAR,
    STANDARDS,
    MovableClock,
    admit,
    demo_like_teacher,
    lower_minimum,
    record,
)

TOPICS = ("domain.criteria_book:", "domain.decisions:", "domain.teacher:")


def main() -> int:
    target = Path(__file__).parent / "decisions_v1.json"
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock()
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden", projections="off"),
            clock=clock,
            rng=random.Random(3),
            start_projections=False,
        )
        register = services.register
        register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=STANDARDS)
        register.adopt_criteria(
            "reregistration",
            AdoptCriteria(
                version=2,
                effective_from=date(2027, 1, 1),
                consultation={"with": ["AOb"], "held_on": "2026-11-01"},
            ),
            ctx=STANDARDS,
        )
        a = demo_like_teacher(register)
        annotated = register.re_register(
            a.teacher_id, ReRegister(qualification_id=a.qualification_id), ctx=REGISTRAR
        )
        register.strike_off(
            a.teacher_id,
            StrikeOff(
                qualification_id=a.qualification_id,
                ground="own_request",
                effective_on=date(2026, 11, 28),
                heard_on=None,
            ),
            ctx=replace(REGISTRAR, reason="verzoek"),
        )
        record(register, a.teacher_id, hours=60, on=date(2026, 11, 1))
        register.reinstate(
            a.teacher_id, Reinstate(qualification_id=a.qualification_id), ctx=REGISTRAR
        )
        b = admit(register, basis="in_training", registered_on=date(2025, 9, 1))
        register.move_to_register(
            b.teacher_id,
            MoveToRegister(qualification_id=b.qualification_id, qualified_on=date(2026, 7, 1)),
            ctx=REGISTRAR,
        )
        c = demo_like_teacher(register, extra_hours=40)
        register.re_register(
            c.teacher_id, ReRegister(qualification_id=c.qualification_id), ctx=REGISTRAR
        )
        events = []
        for notification in register.recorder.select_notifications(start=1, limit=10_000):
            if notification.topic.startswith(TOPICS):
                events.append(
                    {
                        "originator_id": str(notification.originator_id),
                        "version": notification.originator_version,
                        "topic": notification.topic,
                        "state": notification.state.decode("utf-8"),
                    }
                )
        doc = {
            "about": "criteria book, decision index and decision events as written by v1",
            "annotated_decision_id": annotated.data["decision_id"],
            "teacher_ids": [str(a.teacher_id), str(b.teacher_id)],
            "events": events,
        }
        target.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
