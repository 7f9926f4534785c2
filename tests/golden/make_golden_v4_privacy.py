"""Write tests/golden/events_v4_privacy.json: sealed personal fields and an erasure.

Holds the teacher of events_v1.json under a new id (stored events copied as they are: plain,
as written before the store had keys, so the shared golden test's checks hold here too), and a
second teacher written with keys: personal fields sealed in the `_personal` envelope, struck
off at their own request, the ground out of the public view by the retention policy
(`Teacher.PublicEntryExpired`), and erased (`Teacher.PersonalDataErased`). The key is not kept: the
file loads as after an erasure, with placeholders.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v4_privacy
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
from domain.commands import AdmitTeacher, RecordActivity, StrikeOff
from domain.commands.erasure import ErasePersonalData
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import REGISTRAR, MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v4_privacy.json"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v4-privacy")
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
        admitted = register.admit_teacher(
            AdmitTeacher(
                bsn="918273602",
                name=Name("G.", "Gerrit", "", "Goudvink"),
                birth_date=date(1970, 6, 1),
                qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
                registered_on=date(2012, 9, 1),
            ),
            ctx=REGISTRAR,
        )
        erased = admitted.aggregate_id
        me = Context(Actor("teacher", str(erased)), correlation_id="golden-v4")
        register.record_activity(
            erased,
            RecordActivity(
                kind="peer_consultation",
                title="Intervisie groep 8",
                occurred_on=date(2018, 3, 1),
                contact_hours=Decimal(4),
                self_study_hours=Decimal(0),
                competence_areas=["pedagogy"],
                reflection="Veel geleerd",
            ),
            ctx=me,
        )
        register.strike_off(
            erased,
            StrikeOff(
                qualification_id=admitted.data["qualifications"][0]["qualification_id"],
                ground="own_request",
                effective_on=date(2019, 8, 1),
                heard_on=None,
            ),
            ctx=REGISTRAR,
        )
        expired = register.run_retention(
            clock.today, ctx=Context(Actor("system", "run-due"), reason="run-due")
        )
        assert expired.strike_offs_expired >= 1, expired
        register.erase_personal_data(
            erased,
            ErasePersonalData(),
            ctx=Context(Actor("registrar", "r1"), reason="retention period passed"),
        )
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) in (str(tid), str(erased))
        ]
        doc = {
            "about": "events_v1's teacher under a new id (plain, pre-keys), and a teacher"
            " written with sealed personal fields, struck off and erased (v4, privacy)",
            "teacher_id": str(tid),
            "erased_teacher_id": str(erased),
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
