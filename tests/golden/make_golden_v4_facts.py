"""Write tests/golden/events_v4_facts.json: the facts that count (issue 13), as first stored.

New and changed event types:

- `Teacher.AppointmentRecorded` and `PendingAppointments.Opened`/`AppointmentDelivered` gained
  `sector` and `subjects` (None in events stored before);
- `Teacher.ActivityRecorded` gained `qualification_ids`, `evidence_reference` and
  `participation_id` (None before);
- new: `Teacher.ParticipationReported`, `Teacher.ActivityJudged`,
  `ParticipationDelivery.Received`, `ActivitySample.Drawn`.

The file holds the teacher of events_v1.json under a new id (its stored events copied as they
are, so the shared golden test's checks hold here too), with the new events appended, and the
events of the other aggregates the commands wrote.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v4_facts
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import uuid5

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands import RecordActivity, RecordAppointment
from domain.commands.deliveries import Deliver
from domain.commands.facts import (
    ConfirmParticipation,
    DeliverParticipation,
    DrawSample,
    JudgeSampledActivity,
)
from domain.commands.offerings import ValidateOffering
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import EVIDENCE, REGISTRAR, MovableClock
from tests.golden.v1_copy import copied_v1_teacher
from tests.procedure_helpers import (
    EMPLOYER,
    VALIDATOR,
    admitted_provider,
    offering,
    row,
)

HERE = Path(__file__).parent
TARGET = HERE / "events_v4_facts.json"
PROVIDER_ID = "leerhuis-golden-v4"


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v4-facts")
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
        teacher = register.get_teacher(tid)
        vo = next(q for q in teacher.qualifications.values() if q.sector == "vo")
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v4")
        register.record_appointment(
            tid,
            RecordAppointment(
                board_number="41234",
                brin="01AB",
                start=date(2024, 8, 1),
                end=None,
                fte=Decimal("0.6"),
                basis="diploma",
                sector="vo",
                subjects=["wiskunde", "natuurkunde"],
            ),
            ctx=REGISTRAR,
        )
        register.deliver(
            "41234",
            Deliver(
                delivery_id="golden-v4", rows=[row("123456782", sector="vo", subjects=["wiskunde"])]
            ),
            ctx=EMPLOYER,
        )
        admitted_provider(register, PROVIDER_ID, kvk="55443322")  # not events_v2's provider
        oid = offering(register, PROVIDER_ID)
        register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
        provider = Context(Actor("provider", PROVIDER_ID), correlation_id="golden-v4")
        # The copied file has no person index (its BSN is not found): the row is refused, and
        # the report is kept in the file directly, as the delivery keeps an accepted row.
        register.deliver_participation(
            PROVIDER_ID,
            DeliverParticipation(
                delivery_id="golden-v4",
                rows=[{"bsn": "111222333", "offering_id": oid, "completed_on": "28-11-2026"}],
            ),
            ctx=provider,
        )
        terms = register.offering_terms(oid, clock.today)
        assert terms is not None
        teacher = register.get_teacher(tid)
        teacher.report_participation(
            participation_id=str(uuid5(tid, "participation")),
            offering=terms,
            completed_on=clock.today,
            contact_hours=Decimal(6),
            self_study_hours=Decimal(4),
            delivery_id="golden-v4",
            actor=provider.actor,
            correlation_id="golden-v4",
        )
        register.save(teacher)
        register.confirm_participation(
            tid, ConfirmParticipation(participation_id=str(uuid5(tid, "participation"))), ctx=me
        )
        register.record_activity(
            tid,
            RecordActivity(
                kind="lesson_visit",
                title="Lesbezoek bij een collega",
                occurred_on=date(2026, 10, 1),
                contact_hours=Decimal(2),
                self_study_hours=Decimal(1),
                competence_areas=["didactics"],
                evidence=EVIDENCE,
                evidence_reference="lesbezoekformulier.pdf",
                qualification_ids=[vo.qualification_id],
            ),
            ctx=me,
        )
        sample = register.draw_sample(
            DrawSample(
                seed=2026, size=5, occurred_from=date(2026, 1, 1), occurred_until=date(2026, 12, 31)
            ),
            ctx=REGISTRAR,
        ).data
        (drawn,) = [d for d in sample["drawn"] if d["teacher_id"] == str(tid)]
        register.judge_sampled_activity(
            sample["sample_id"],
            tid,
            JudgeSampledActivity(activity_id=drawn["activity_id"], outcome="rejected"),
            ctx=replace(REGISTRAR, reason="Geen lesbezoekformulier gevonden."),
        )
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            # The criteria book is the same in every store: events_v2.json holds it already.
            if not n.topic.startswith("domain.criteria_book:")
        ]
        doc = {
            "about": "events_v1's teacher under a new id, with the facts that count (v4):"
            " stated appointments, participation, evidence, qualification_ids, a sample",
            "teacher_id": str(tid),
            "sample_id": sample["sample_id"],
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
