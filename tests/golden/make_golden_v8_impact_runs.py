"""Write tests/golden/events_v8_impact_runs.json: impact runs as first stored (issue 17, item 5).

Holds every event of two runs of one criteria version and of the version's slot: the first run
requested, claimed, advanced and completed (the slot taken and freed with it); the second
requested, claimed three times by workers that went silent, and given up (failed).

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v8_impact_runs
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands.criteria import DraftCriteria
from domain.impact_run import MAX_ATTEMPTS, impact_run_slot_id
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import MovableClock, demo_like_teacher, lower_minimum

HERE = Path(__file__).parent
TARGET = HERE / "events_v8_impact_runs.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v8", projections="off"),
            clock=MovableClock(date(2026, 12, 7)),
            rng=random.Random(8008),
            start_projections=False,
        )
        register = services.register
        standards = Context(
            Actor("standards", "beroepsgroep"), correlation_id="golden-v8", reason="consultatie"
        )
        for day in (10, 11):
            demo_like_teacher(register, registered_on=date(2022, 1, day))
        register.draft_criteria(DraftCriteria(raw=lower_minimum()), ctx=standards)
        window = {
            "due_from": date(2021, 1, 1),
            "due_to": date(2027, 12, 31),
            "effective_from": date(2021, 1, 1),
        }
        first, _, _ = register.start_impact_run("reregistration", 2, **window, ctx=standards)
        ran = register.run_impact_run(first.id, "host:1:aaaaaa", lease_seconds=60)
        assert ran is not None
        assert ran.status == "completed"
        second, _, _ = register.start_impact_run("reregistration", 2, **window, ctx=standards)
        for n in range(MAX_ATTEMPTS):
            assert register.claim_impact_run(second.id, f"host:{n}:silent", lease_seconds=0.01)
            time.sleep(0.05)
        assert register.claim_impact_run(second.id, "host:9:last", lease_seconds=60) is None
        assert register.impact_run(second.id).status == "failed"
        kept = {str(first.id), str(second.id), str(impact_run_slot_id("reregistration", 2))}
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) in kept
        ]
        doc = {
            "about": __doc__.splitlines()[0],
            "completed_run": str(first.id),
            "failed_run": str(second.id),
            "events": events,
        }
        services.close()
    TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
    print(f"wrote {TARGET} ({len(events)} events)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
