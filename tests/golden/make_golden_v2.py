"""Write tests/golden/events_v2.json: stored examples of the procedures' event types.

The file holds the teacher of events_v1.json under a new id (its stored events copied as they
are, so the shared golden test's checks of that file hold here too), with the new teacher events
appended (appointment confirmed and disputed, a strike-off proposed, a view given, the proposal
closed, an offering rated), and every event of the procedures' aggregates: delivery records,
pending appointments, providers, KvK index, offerings and objections.

Run once per new event type or class version; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v2
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID, uuid5

from eventsourcing.persistence import StoredEvent

from api.bootstrap import build_services
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, StrikeOff
from domain.commands.deliveries import ConfirmAppointment, Deliver, DisputeAppointment
from domain.commands.hearings import GiveView, ProposeStrikeOff, WithdrawProposal
from domain.commands.objections import ExtendObjection, FileObjection, RuleOnObjection
from domain.commands.offerings import (
    ApplyAsProvider,
    DecideProvider,
    RateOffering,
    RevokeOffering,
    ValidateOffering,
)
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import REGISTRAR, MovableClock
from tests.procedure_helpers import (
    APPEALS,
    BOARD,
    EMPLOYER,
    PROVIDER,
    PROVIDER_ID,
    VALIDATOR,
    offering,
    provider_answers,
    row,
)

HERE = Path(__file__).parent
TARGET = HERE / "events_v2.json"
#: Aggregates of the procedures whose every event goes into the file (module prefixes).
PROCEDURE_TOPICS = ("domain.delivery:", "domain.offering:", "domain.objection:")


def main() -> int:
    v1 = json.loads((HERE / "events_v1.json").read_text())
    old_id = v1["teacher_id"]
    tid = uuid5(UUID(old_id), "golden-v2")
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
            Settings(data_dir=Path(tmp), secret_key="golden-v2", projections="off"),
            clock=clock,
            rng=random.Random(2002),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        me = Context(Actor("teacher", str(tid)), correlation_id="golden-v2")
        teacher = register.get_teacher(tid)
        q_mbo = next(q for q in teacher.qualifications.values() if q.sector == "mbo")
        # Teacher events of the procedures.
        register.dispute_appointment(
            tid, DisputeAppointment(appointment_id="ap1"), ctx=replace(me, reason="fte klopt niet")
        )
        register.confirm_appointment(tid, ConfirmAppointment(appointment_id="ap1"), ctx=me)
        proposal = register.propose_strike_off(
            tid,
            ProposeStrikeOff(qualification_id=q_mbo.qualification_id, ground="incorrect_data"),
            ctx=replace(REGISTRAR, reason="diploma onbekend"),
        ).data["proposal_id"]
        register.give_view(
            tid, GiveView(proposal_id=proposal, view="Het diploma is in Gent behaald."), ctx=me
        )
        register.withdraw_proposal(
            tid,
            WithdrawProposal(proposal_id=proposal),
            ctx=replace(REGISTRAR, reason="misverstand"),
        )
        # A provider refused, admitted on a second application; offerings validated,
        # refused and revoked; a rating.
        register.apply_as_provider(
            PROVIDER_ID, ApplyAsProvider(**provider_answers(staff_level="mbo")), ctx=PROVIDER
        )
        register.decide_provider(
            PROVIDER_ID,
            DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
            ctx=VALIDATOR,
        )
        register.apply_as_provider(PROVIDER_ID, ApplyAsProvider(**provider_answers()), ctx=PROVIDER)
        register.decide_provider(
            PROVIDER_ID,
            DecideProvider(practice_alignment_sufficient=True, quality_monitoring_sufficient=True),
            ctx=VALIDATOR,
        )
        validated = offering(register)
        refused = offering(register, contact_hours=Decimal(1), self_study_hours=Decimal(9))
        register.validate_offering(validated, ValidateOffering(), ctx=VALIDATOR)
        register.validate_offering(refused, ValidateOffering(), ctx=VALIDATOR)
        register.record_activity(
            tid,
            RecordActivity(
                kind="course",
                title="Formatief evalueren",
                occurred_on=clock.today,
                contact_hours=Decimal(8),
                self_study_hours=Decimal(4),
                competence_areas=["didactics"],
                offering_id=validated,
            ),
            ctx=me,
        )
        register.rate_offering(
            tid, RateOffering(offering_id=validated, score=4, comment="Praktisch en goed."), ctx=me
        )
        clock.today += timedelta(days=7)
        register.revoke_offering(
            validated, RevokeOffering(), ctx=replace(VALIDATOR, reason="klachten")
        )
        # A delivery for a person not on file, attached when they are admitted; a strike-off
        # on their own request, an objection, an extension and a ruling.
        bsn = "123456782"
        register.deliver(
            BOARD, Deliver(delivery_id="golden-1", rows=[row(bsn), row("123456789")]), ctx=EMPLOYER
        )
        other = register.admit_teacher(
            AdmitTeacher(
                bsn=bsn,
                name=Name("B.", "Bram", "", "Jansen"),
                birth_date=date(1980, 5, 1),
                qualifications=[{"sector": "po", "basis": "diploma"}],
                registered_on=date(2024, 9, 1),
            ),
            ctx=REGISTRAR,
        )
        qualification_id = other.data["qualifications"][0]["qualification_id"]
        struck = register.strike_off(
            other.aggregate_id,
            StrikeOff(
                qualification_id=qualification_id,
                ground="own_request",
                effective_on=clock.today,
                heard_on=None,
            ),
            ctx=replace(REGISTRAR, reason="op verzoek"),
        )
        objection = register.file_objection(
            FileObjection(
                decision_id=struck.data["decision_id"], grounds="Ik had mijn verzoek ingetrokken."
            ),
            ctx=Context(Actor("teacher", str(other.aggregate_id))),
        ).data["objection_id"]
        register.extend_objection(
            ExtendObjection(objection_id=objection), ctx=replace(APPEALS, reason="advies gevraagd")
        )
        register.rule_on_objection(
            RuleOnObjection(
                objection_id=objection, outcome="unfounded", reasoning="Het verzoek stond."
            ),
            ctx=APPEALS,
        )
        events = [
            {
                "originator_id": str(n.originator_id),
                "version": n.originator_version,
                "topic": n.topic,
                "state": n.state.decode("utf-8"),
            }
            for n in register.recorder.select_notifications(start=1, limit=10_000)
            if str(n.originator_id) == str(tid) or n.topic.startswith(PROCEDURE_TOPICS)
        ]
        doc = {
            "about": "events_v1's teacher under a new id, with the procedures' events (v2)",
            "teacher_id": str(tid),
            "offering_ids": [validated, refused],
            "provider_id": PROVIDER_ID,
            "objection_id": objection,
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
