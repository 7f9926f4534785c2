"""Write tests/golden/events_v1.json: one stored example of every event type, as stored today.

Run once when a new event type or class_version is added; never regenerate an existing file,
because its point is to prove that history written by older code still loads.
    .venv/bin/python tests/golden/make_golden.py tests/golden/events_vN.json
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

from domain.commands import AdmitTeacher, RecordActivity, RecordLeave
from domain.commands.tokens import IssueToken, RevokeToken
from domain.register import Context, Register
from domain.store import StoreConfig
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name

TODAY = date(2026, 11, 28)


def main(out: Path) -> None:
    folder = Path(tempfile.mkdtemp())
    store = StoreConfig.from_settings(None, folder)
    store.prepare()
    reg = Register(
        store.eventsourcing_env(), secret=b"golden", clock=lambda: TODAY, rng=random.Random(1)
    )
    ctx = Context(Actor("registrar", "r1"), correlation_id="golden", reason="golden fixture")
    tid = reg.admit_teacher(
        AdmitTeacher(
            bsn="111222333",
            name=Name("A.B.", "Anna", "van der", "Berg"),
            birth_date=date(1980, 2, 29),
            qualifications=[
                {"sector": "vo", "subject": "wiskunde", "basis": "diploma"},
                {"sector": "po", "basis": "in_training"},
            ],
            registered_on=date(2019, 8, 1),
        ),
        ctx=ctx,
    ).aggregate_id
    t = reg.get_teacher(tid)
    q_vo, q_po = list(t.qualifications)
    t.add_qualification(
        qualification={
            "qualification_id": "q-mbo",
            "sector": "mbo",
            "subject": "ict",
            "basis": "diploma",
        },
        registered_on=date(2020, 1, 1),
        today=TODAY,
        actor=ctx.actor,
        reason=None,
        correlation_id="golden",
    )
    t.correct_personal_data(
        name=Name("A.B.", "Anna", "van den", "Berg"),
        birth_date=None,
        today=TODAY,
        actor=ctx.actor,
        reason="typefout",
        correlation_id="g",
    )
    t.record_appointment(
        appointment_id="ap1",
        board_number="41234",
        brin="12AB",
        start=date(2019, 8, 1),
        end=None,
        fte=Decimal("0.8"),
        basis="diploma",
        contract_start=date(2019, 8, 1),
        contract_end=None,
        actor=Actor("employer", "41234"),
        reason=None,
        correlation_id="g",
    )
    t.record_leave(
        RecordLeave(kind="parental", start=date(2021, 1, 1), end=date(2021, 4, 1)),
        leave_id="l1",
        today=TODAY,
        actor=ctx.actor,
        reason=None,
        correlation_id="g",
    )
    me = Actor("teacher", str(tid))
    t.record_activity(
        RecordActivity(
            kind="peer_consultation",
            title="Intervisie",
            occurred_on=date(2020, 3, 1),
            contact_hours=Decimal("6.5"),
            self_study_hours=Decimal(2),
            competence_areas=["didactics", "pedagogy"],
            offering_id=None,
            evidence="verslag",
            reflection="geleerd",
            cost=Cost(Decimal("250.00"), "employer"),
        ),
        activity_id="a1",
        today=TODAY,
        actor=me,
        reason=None,
        correlation_id="g",
    )
    t.withdraw_activity(activity_id="a1", actor=me, reason="dubbel", correlation_id="g")
    receipt = {
        "decision_id": "d1",
        "kind": "re_registration",
        "outcome": "annotated",
        "decided_on": "2023-08-01",
        "policy": {"name": "reregistration", "version": 1},
    }
    t.record_decision(
        Teacher.Annotated,
        qualification_id=q_vo,
        decision=receipt,
        actor=ctx.actor,
        reason=None,
        correlation_id="g",
        new_period_start=date(2023, 8, 1),
    )
    t.record_decision(
        Teacher.ReRegistered,
        qualification_id=q_vo,
        decision={**receipt, "decision_id": "d2", "outcome": "re_registered"},
        actor=ctx.actor,
        reason=None,
        correlation_id="g",
        new_period_start=date(2027, 8, 1),
    )
    t.record_decision(
        Teacher.StruckOff,
        qualification_id=q_vo,
        decision={**receipt, "decision_id": "d3", "kind": "strike_off", "outcome": "struck_off"},
        actor=ctx.actor,
        reason="op verzoek",
        correlation_id="g",
        ground="own_request",
        effective_on=date(2024, 1, 1),
    )
    t.record_decision(
        Teacher.Reinstated,
        qualification_id=q_vo,
        decision={**receipt, "decision_id": "d4", "kind": "reinstatement", "outcome": "reinstated"},
        actor=ctx.actor,
        reason="criteria weer voldaan",
        correlation_id="g",
        new_period_start=date(2024, 6, 1),
    )
    t.record_decision(
        Teacher.MovedToRegister,
        qualification_id=q_po,
        decision={
            **receipt,
            "decision_id": "d5",
            "kind": "move_to_register",
            "outcome": "registered",
        },
        actor=ctx.actor,
        reason="diploma behaald",
        correlation_id="g",
        new_period_start=date(2024, 7, 1),
    )
    t.trigger_event(
        Teacher.DecisionRevoked,
        decision_id="d4",
        qualification_id=q_vo,
        restored={
            "status": "struck_off",
            "period_start": date(2023, 8, 1),
            "struck_off_ground": "own_request",
            "from": date(2024, 6, 1),
        },
        actor=Actor("appeals", None),
        reason="gegrond bezwaar",
        correlation_id="g",
    )
    reg.save(t)
    reg.record_activity(
        tid,
        RecordActivity(
            kind="course",
            title="Cursus",
            occurred_on=date(2024, 2, 2),
            contact_hours=Decimal(8),
            self_study_hours=Decimal(0),
            competence_areas=["subject_matter"],
        ),
        ctx=Context(me, idempotency_key="golden-key"),
    )
    _token, token_id = reg.issue_token(
        IssueToken(role="auditor", subject=None, expires_at=datetime(2030, 1, 1, tzinfo=UTC)),
        ctx=ctx,
    )
    reg.revoke_token(RevokeToken(token_or_id=str(token_id)), ctx=ctx)
    rows = reg.recorder.select_notifications(start=1, limit=1000)
    out.write_text(
        json.dumps(
            {
                "teacher_id": str(tid),
                "events": [
                    {
                        "originator_id": str(UUID(str(n.originator_id))),
                        "version": n.originator_version,
                        "topic": n.topic,
                        "state": n.state.decode("utf-8"),
                    }
                    for n in rows
                ],
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    print(f"wrote {len(rows)} events to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
