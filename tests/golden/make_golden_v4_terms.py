"""Write tests/golden/events_v4_terms.json: the objection procedure under the Atw (v4, terms).

New event types: `Objection.LatenessExcused` (the committee excused a late objection, Awb 6:11),
`Objection.DeferredWithConsent` (a further deferral with the objector's written consent, Awb
7:10(4)) and `Teacher.DecisionReplaced` (a new decision in the place of one revoked on a
well-founded objection, Awb 7:11). `Objection.Filed` may now hold a late objection without an
excuse, and `Objection.Ruled` a ruling with its reasons and remedy (same event shapes).

The file holds the teacher of events_v1.json under a new id (its stored events copied as they
are, so the shared golden test's checks hold here too), and a second teacher with two decisions
objected to: one late, excused, deferred twice (once with consent) and ruled well-founded, so a
new decision takes its place; the other late and declared inadmissible.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v4_terms
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
from domain.commands import StrikeOff
from domain.commands.objections import (
    Consent,
    ExtendObjection,
    FileObjection,
    JudgeLateness,
    RuleOnObjection,
)
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import REGISTRAR, MovableClock, admit
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v4_terms.json"
APPEALS = Context(Actor("appeals", "commissie"), correlation_id="golden-v4-terms")


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v4-terms")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 11, 13))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v4-terms", projections="off"),
            clock=clock,
            rng=random.Random(4004),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        teacher = admit(register)
        qid = teacher.qualification_id
        me = Context(Actor("teacher", str(teacher.teacher_id)), correlation_id="golden-v4-terms")
        first = register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=qid, ground="own_request", effective_on=clock.today, heard_on=None
            ),
            ctx=replace(REGISTRAR, reason="op eigen verzoek"),
        ).data
        clock.today = date(2027, 1, 4)  # the term ended on Monday 28 December 2026
        late = register.file_objection(
            FileObjection(
                decision_id=first["decision_id"],
                grounds="ik had mijn verzoek ingetrokken",
                excuse="post",
            ),
            ctx=me,
        ).data["objection_id"]
        register.judge_lateness(
            JudgeLateness(objection_id=late, excusable=True, reasoning="post bleef liggen"),
            ctx=APPEALS,
        )
        register.extend_objection(
            ExtendObjection(objection_id=late), ctx=replace(APPEALS, reason="advies gevraagd")
        )
        register.extend_objection(
            ExtendObjection(
                objection_id=late,
                consent=Consent(given_on=clock.today, statement="akkoord met uitstel"),
                until=date(2027, 6, 30),
            ),
            ctx=replace(APPEALS, reason="hoorzitting"),
        )
        ruling = register.rule_on_objection(
            RuleOnObjection(
                objection_id=late, outcome="well_founded", reasoning="het verzoek was ingetrokken"
            ),
            ctx=APPEALS,
        ).data
        clock.today = date(2027, 2, 1)
        second = register.strike_off(
            teacher.teacher_id,
            StrikeOff(
                qualification_id=qid, ground="own_request", effective_on=clock.today, heard_on=None
            ),
            ctx=replace(REGISTRAR, reason="op eigen verzoek, opnieuw"),
        ).data
        clock.today = date(2027, 4, 1)
        inadmissible = register.file_objection(
            FileObjection(decision_id=second["decision_id"], grounds="toch niet"), ctx=me
        ).data["objection_id"]
        register.judge_lateness(
            JudgeLateness(
                objection_id=inadmissible, excusable=False, reasoning="geen reden gegeven"
            ),
            ctx=APPEALS,
        )
        wanted = {str(tid), str(teacher.teacher_id), late, inadmissible}
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) in wanted
        ]
        doc = {
            "about": "events_v1's teacher under a new id; a second teacher whose late objection"
            " was excused, deferred (with consent) and ruled well-founded with a new decision in"
            " place (DecisionReplaced), and whose next late objection was declared inadmissible",
            "teacher_id": str(tid),
            "objected_teacher_id": str(teacher.teacher_id),
            "objection_ids": [late, inadmissible],
            "replacement_decision_id": ruling["replacement"]["decision_id"],
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
