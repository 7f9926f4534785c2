"""Write tests/golden/decisions_engine_v1.json: decisions as engine 1.0.0 took them.

Written once, by the code of commit c91cc2f (engine 1.0.0), with
`PYTHONPATH=<checkout of c91cc2f> python tests/golden/make_engine_v1_golden.py <target>`;
never regenerate it: it is what that engine decided. It holds a strike-off on
``criteria_not_met`` for a period that ended on 2026-08-31, decided on 2027-09-01 after a
hearing: unlawful under engine 2.0.0 (the period ended before the transition), and kept as
it was taken, to prove that reproduction runs the engine its receipt names.
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
from domain.commands import StrikeOff
from tests.decision_helpers import REGISTRAR, MovableClock, demo_like_teacher

TOPICS = ("domain.criteria_book:", "domain.decisions:", "domain.teacher:")


def main(target: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock()
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden", projections="off"),
            clock=clock,
            rng=random.Random(5),
            start_projections=False,
        )
        register = services.register
        teacher = demo_like_teacher(register)
        clock.today = date(2027, 9, 1)
        struck = register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=teacher.qualification_id,
                ground="criteria_not_met",
                effective_on=date(2027, 9, 1),
                heard_on=date(2027, 8, 20),
            ),
            ctx=REGISTRAR,
        )
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if n.topic.startswith(TOPICS)
        ]
        doc = {
            "about": "a criteria_not_met strike-off as engine 1.0.0 decided it (commit c91cc2f)",
            "decision_id": struck.data["decision_id"],
            "teacher_id": str(teacher.teacher_id),
            "events": events,
        }
        target.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
