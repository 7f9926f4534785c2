"""Write tests/golden/events_v7_pending_privacy.json: the new sealed forms of issue 16's gaps.

Holds the teacher of events_v1.json under a new id (copied as stored, so the shared golden
test's checks hold here too), and a person delivered by an employer before their admission:
`PendingAppointments.Opened` and `.AppointmentDelivered` with the gender, date of birth and
masked BSN sealed under the waiting record's own key, attached at admission; an activity with
a sealed `evidence_reference`, leave reported with a sealed `reason`; struck off after a
hearing (the view sealed in `ViewGiven` and in the decision's inputs and reasons), objected to
with an idempotency key (the kept answer sealed), the ruling deferred with the objector's
written consent (sealed under the objection's key); erased, which destroys every key. No key is kept: the events load as after an
erasure, with placeholders.

Run once; never regenerate an existing file:

    .venv/bin/python -m tests.golden.make_golden_v7_pending_privacy
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
from domain.commands import AdmitTeacher, RecordActivity, RecordLeave
from domain.commands.deliveries import Deliver
from domain.commands.erasure import ErasePersonalData
from domain.commands.hearings import DecideProposal, GiveView, ProposeStrikeOff
from domain.commands.objections import Consent, ExtendObjection, FileObjection, RuleOnObjection
from domain.delivery import pending_id
from domain.indexes import idempotency_id
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import REGISTRAR, MovableClock
from tests.golden.v1_copy import copied_v1_teacher

HERE = Path(__file__).parent
TARGET = HERE / "events_v7_pending_privacy.json"
BSN = "918273602"
EMPLOYER = Context(Actor("employer", "41234"), reason="golden-v7")


def _row(brin: str) -> dict[str, str]:
    return {
        "bsn": BSN,
        "gender": "V",
        "birth_date": "1970-06-01",
        "basis": "diploma",
        "brin": brin,
        "start": "2012-09-01",
        "contract_start": "2012-09-01",
        "fte": "0.8",
    }


def main() -> int:
    if TARGET.exists():
        print(f"{TARGET} exists: a golden file is never regenerated", file=sys.stderr)
        return 1
    tid, copied = copied_v1_teacher("golden-v7-pending-privacy")
    with tempfile.TemporaryDirectory() as tmp:
        clock = MovableClock(date(2026, 12, 7))
        services = build_services(
            Settings(data_dir=Path(tmp), secret_key="golden-v7", projections="off"),
            clock=clock,
            rng=random.Random(7007),
            start_projections=False,
        )
        register = services.register
        register.recorder.insert_events(copied)
        register.deliver(
            "41234", Deliver(delivery_id="golden-v7-1", rows=[_row("01AB")]), ctx=EMPLOYER
        )
        register.deliver(
            "41234", Deliver(delivery_id="golden-v7-2", rows=[_row("02CD")]), ctx=EMPLOYER
        )
        admitted = register.admit_teacher(
            AdmitTeacher(
                bsn=BSN,
                name=Name("G.", "Gerrit", "", "Goudvink"),
                birth_date=date(1970, 6, 1),
                qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
                registered_on=date(2012, 9, 1),
            ),
            ctx=REGISTRAR,
        )
        erased = admitted.aggregate_id
        me = Context(Actor("teacher", str(erased)), correlation_id="golden-v7")
        register.record_activity(
            erased,
            RecordActivity(
                kind="peer_consultation",
                title="Intervisie rekendidactiek",
                occurred_on=date(2018, 3, 1),
                contact_hours=Decimal(4),
                self_study_hours=Decimal(0),
                competence_areas=["pedagogy"],
                reflection="Veel geleerd",
                evidence="Verslag van de intervisie",
                evidence_reference="goudvink-certificaat.pdf",
            ),
            ctx=me,
        )
        register.record_leave(
            erased,
            RecordLeave(kind="care", start=date(2017, 1, 9), end=date(2017, 3, 1)),
            ctx=Context(me.actor, correlation_id="golden-v7", reason="Zorg voor mijn vader"),
        )
        clock.today = date(2019, 8, 1)
        qid = admitted.data["qualifications"][0]["qualification_id"]
        proposal = register.propose_strike_off(
            erased,
            ProposeStrikeOff(qualification_id=qid, ground="incorrect_data"),
            ctx=Context(REGISTRAR.actor, reason="onjuist"),
        ).data["proposal_id"]
        register.give_view(
            erased,
            GiveView(proposal_id=proposal, view="Mijn diploma is echt, Goudvink"),
            ctx=Context(me.actor, correlation_id="golden-v7", idempotency_key="zienswijze-1"),
        )
        decided = register.decide_proposal(
            erased,
            DecideProposal(proposal_id=proposal, effective_on=clock.today),
            ctx=Context(REGISTRAR.actor, reason="x"),
        ).data
        objection = register.file_objection(
            FileObjection(decision_id=decided["decision_id"], grounds="Bezwaar van Goudvink"),
            ctx=Context(me.actor, correlation_id="golden-v7", idempotency_key="bezwaar-1"),
        ).data["objection_id"]
        appeals = Context(Actor("appeals", "commissie"), reason="advies gevraagd")
        register.extend_objection(ExtendObjection(objection_id=objection), ctx=appeals)
        register.extend_objection(
            ExtendObjection(
                objection_id=objection,
                consent=Consent(given_on=date(2019, 8, 1), statement="Akkoord, Goudvink"),
                until=date(2020, 2, 1),
            ),
            ctx=appeals,
        )
        register.rule_on_objection(
            RuleOnObjection(objection_id=objection, outcome="unfounded", reasoning="x"), ctx=appeals
        )
        clock.today = date(2026, 12, 7)
        register.erase_personal_data(
            erased,
            ErasePersonalData(),
            ctx=Context(Actor("registrar", "r1"), reason="retention period passed"),
        )
        waiting = pending_id(register.get_teacher(erased).person_key)
        answers = [idempotency_id(me.actor, k) for k in ("zienswijze-1", "bezwaar-1")]
        kept = {str(tid), str(erased), str(waiting), objection, *map(str, answers)}
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
            "about": "events_v1's teacher under a new id, and a person delivered before their"
            " admission (pending appointments sealed under the waiting record's key), with a"
            " sealed evidence reference and leave reason, a view at a hearing, an objection with an"
            " idempotency key and a consent to deferral, struck off and erased (v7, privacy)",
            "teacher_id": str(tid),
            "erased_teacher_id": str(erased),
            "pending_id": str(waiting),
            "objection_id": objection,
            "decision_id": decided["decision_id"],
            "answer_ids": [str(a) for a in answers],
            "events": events,
        }
        TARGET.write_text(json.dumps(doc, indent=1, ensure_ascii=False) + "\n")
        services.close()
    print(f"wrote {len(events)} events to {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
