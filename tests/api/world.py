"""A small register with one of everything, and a token for every kind of caller.

The authorisation table, the idempotency sweep and the schemathesis run all use it: demo
files, a teacher employed by one board, an activity, a decision, and callers for every role,
plus callers of the same role for another subject.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

from api.bootstrap import Services, build_services
from api.demo import load_demo, valid_bsn
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, RecordAppointment, ReRegister, StrikeOff
from domain.commands.deliveries import ConfirmAppointment
from domain.commands.facts import DeliverParticipation, DrawSample
from domain.commands.hearings import ProposeStrikeOff
from domain.commands.objections import FileObjection
from domain.commands.offerings import ApplyAsProvider, ValidateOffering
from domain.commands.tokens import IssueToken
from domain.register import Context
from domain.values import Actor, Name
from tests.conftest import PG_URL, TODAY
from tests.decision_helpers import EVIDENCE
from tests.procedure_helpers import VALIDATOR, admitted_provider, offering, provider_answers

BOARD = "41234"
OTHER_BOARD = "49999"
PROVIDER = "provider-1"
OTHER_PROVIDER = "provider-2"
SYSTEM = Context(Actor("system", "tests"), reason="test set-up")
REGISTRAR = Context(Actor("registrar", "tests"), reason="test set-up")

#: Every kind of caller the table knows: no token, each role, and a stranger per subject role.
CALLERS = (
    "none",
    "teacher",
    "other_teacher",
    "employer",
    "other_employer",
    "provider",
    "other_provider",
    "validator",
    "registrar",
    "appeals",
    "auditor",
    "standards",
)


@dataclass
class Req:
    """One HTTP request of the table: where, with what; `teacher` and `provider` name the
    subject the "teacher" and "provider" callers act for, when the request is about a fresh
    file or provider rather than the world's own."""

    method: str
    path: str
    json: Any = None
    content: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    teacher: str | None = None
    provider: str | None = None


@dataclass
class World:
    """The register the table runs against, and helpers that make fresh objects in it."""

    services: Services
    teacher_id: str
    other_teacher_id: str
    register_number: str
    qualification_id: str
    activity_id: str
    decision_id: str
    tokens: dict[str, dict[str, str]]
    _bsn: random.Random = field(default_factory=lambda: random.Random(99))
    _n: itertools.count[int] = field(default_factory=itertools.count)

    objection_id: str = ""
    offering_id: str = ""

    def auth(self, caller: str) -> dict[str, str]:
        return dict(self.tokens.get(caller, {}))

    def headers(self, caller: str, req: Req) -> dict[str, str]:
        """The caller's Authorization header for this request (see `Req`)."""
        if caller == "teacher" and req.teacher:
            return self.token("teacher", req.teacher)
        if caller == "provider" and req.provider:
            return self.token("provider", req.provider)
        return self.auth(caller)

    def token(self, role: str, subject: str) -> dict[str, str]:
        key = f"{role}:{subject}"
        if key not in self.tokens:
            token, _ = self.services.register.issue_token(
                IssueToken(role=role, subject=subject, expires_at=None), ctx=SYSTEM
            )
            self.tokens[key] = {"Authorization": f"Bearer {token}"}
        return dict(self.tokens[key])

    def proposal(self) -> tuple[str, str]:
        """A fresh teacher with an intended strike-off; returns (teacher id, proposal id)."""
        tid, qid = self.admit()
        ctx = Context(Actor("registrar", "tests"), reason="tuchtmaatregel")
        result = self.services.register.propose_strike_off(
            UUID(tid),
            ProposeStrikeOff(qualification_id=qid, ground="disciplinary_measure"),
            ctx=ctx,
        )
        return tid, str(result.data["proposal_id"])

    def struck_off_decision(self) -> tuple[str, str]:
        """A fresh teacher struck off at their own request; returns (teacher id, decision)."""
        tid, qid = self.admit()
        result = self.services.register.strike_off(
            UUID(tid),
            StrikeOff(
                qualification_id=qid, ground="own_request", effective_on=TODAY, heard_on=None
            ),
            ctx=REGISTRAR,
        )
        return tid, str(result.data["decision_id"])

    def objection(self) -> str:
        tid, decision_id = self.struck_off_decision()
        result = self.services.register.file_objection(
            FileObjection(decision_id=decision_id, grounds="ik wil blijven"),
            ctx=Context(Actor("teacher", tid)),
        )
        return str(result.data["objection_id"])

    def submitted_offering(self, provider: str = PROVIDER) -> str:
        return offering(self.services.register, provider)

    def validated_offering(self) -> str:
        oid = self.submitted_offering()
        self.services.register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
        return oid

    def applied_provider(self) -> str:
        pid = f"provider-applied-{self.serial()}"
        self.services.register.apply_as_provider(
            pid,
            ApplyAsProvider(**provider_answers(kvk_number=f"{20_000_000 + self.serial()}")),
            ctx=Context(Actor("provider", pid)),
        )
        return pid

    def fresh_bsn(self) -> str:
        return valid_bsn(self._bsn)

    def serial(self) -> int:
        return next(self._n)

    def admit(
        self, *, registered_on: date = date(2022, 9, 1), basis: str = "diploma"
    ) -> tuple[str, str]:
        """A new teacher employed by BOARD; returns (teacher id, qualification id)."""
        register = self.services.register
        result = register.admit_teacher(
            AdmitTeacher(
                bsn=self.fresh_bsn(),
                name=Name("A.", "Anna", "de", "Vries"),
                birth_date=date(1980, 5, 1),
                qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": basis}],
                registered_on=registered_on,
            ),
            ctx=REGISTRAR,
        )
        appointment = register.record_appointment(
            result.aggregate_id,
            RecordAppointment(
                board_number=BOARD,
                brin="01AB",
                start=date(2015, 8, 1),
                end=None,
                fte=Decimal("0.6"),
                basis=basis,
            ),
            ctx=REGISTRAR,
        )
        # The teacher confirms it: only a confirmed appointment opens the file to the board.
        register.confirm_appointment(
            result.aggregate_id,
            ConfirmAppointment(appointment_id=appointment.data["appointment_id"]),
            ctx=Context(Actor("teacher", str(result.aggregate_id))),
        )
        return str(result.aggregate_id), result.data["qualifications"][0]["qualification_id"]

    def participation(self) -> tuple[str, str]:
        """A fresh teacher with a participation PROVIDER reported; (teacher id, its id)."""
        register = self.services.register
        bsn = self.fresh_bsn()
        result = register.admit_teacher(
            AdmitTeacher(
                bsn=bsn,
                name=Name("P.", "Pim", "", "Bakker"),
                birth_date=date(1981, 2, 3),
                qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
                registered_on=date(2022, 9, 1),
            ),
            ctx=REGISTRAR,
        )
        delivery = {"bsn": bsn, "offering_id": self.offering_id, "completed_on": TODAY.isoformat()}
        register.deliver_participation(
            PROVIDER,
            DeliverParticipation(delivery_id=f"world-{self.serial()}", rows=[delivery]),
            ctx=Context(Actor("provider", PROVIDER)),
        )
        (reported,) = register.get_teacher(result.aggregate_id).participations
        return str(result.aggregate_id), reported

    def sampled_activity(self) -> tuple[str, str]:
        """A fresh activity of the world's teacher drawn in a fresh sample; (sample, activity)."""
        activity_id = self.activity()
        result = self.services.register.draw_sample(
            DrawSample(
                seed=self.serial(),
                size=1000,
                occurred_from=date(2024, 3, 1),
                occurred_until=date(2024, 3, 1),
            ),
            ctx=REGISTRAR,
        )
        return str(result.aggregate_id), activity_id

    def activity(self, teacher_id: str | None = None) -> str:
        tid = teacher_id or self.teacher_id
        result = self.services.register.record_activity(
            UUID(tid),
            RecordActivity(
                kind="course",
                title="Vakdidactiek wiskunde",
                occurred_on=date(2024, 3, 1),
                contact_hours=Decimal(12),
                self_study_hours=Decimal(4),
                competence_areas=["subject_matter"],
                evidence=EVIDENCE,
            ),
            ctx=Context(Actor("teacher", tid)),
        )
        return str(result.data["activity_id"])


ACTIVITY = {
    "kind": "peer_consultation",
    "title": "Intervisie sectie wiskunde",
    "occurred_on": "2024-03-01",
    "contact_hours": 4,
    "competence_areas": ["didactics"],
    "evidence": EVIDENCE,
    "cost": {"amount": "12.50", "paid_by": "employer"},
}


def build_world(data_dir: Path, *, demo_teachers: int = 30, pg_schema: str | None = None) -> World:
    """A fresh register with demo data, caught up, and a token for every caller: on SQLite,
    or in `pg_schema` of the test PostgreSQL database when one is given."""
    settings = Settings(
        data_dir=data_dir,
        secret_key="test-secret",
        projections="off",
        # no background writer: the tables compare a write's position with the log's head
        impact_worker="off",
        public_rate_limit=0,
        min_position_wait=0.05,  # the fuzzer asks for positions far ahead; answer 503 quickly
        **({"database_url": PG_URL, "database_schema": pg_schema} if pg_schema else {}),
    )
    services = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(7), start_projections=False
    )
    register = services.register
    load_demo(register, demo_teachers, seed=3)
    world = World(services, "", "", "", "", "", "", {})
    world.teacher_id, world.qualification_id = world.admit()
    world.other_teacher_id, _ = world.admit()
    world.activity_id = world.activity()
    for kind, hours, area in (("course", 120, "subject_matter"), ("study_day", 60, "didactics")):
        register.record_activity(
            UUID(world.teacher_id),
            RecordActivity(
                kind=kind,
                title=f"{kind} voor de herregistratie",
                occurred_on=date(2024, 5, 1),
                contact_hours=Decimal(hours),
                self_study_hours=Decimal(0),
                competence_areas=[area],
                evidence=EVIDENCE,
            ),
            ctx=Context(Actor("teacher", world.teacher_id)),
        )
    world.register_number = register.get_teacher(UUID(world.teacher_id)).register_number
    decided = register.re_register(
        UUID(world.teacher_id), ReRegister(qualification_id=world.qualification_id), ctx=REGISTRAR
    )
    world.decision_id = str(decided.data["decision_id"])
    subjects: dict[str, tuple[str, str | None]] = {
        "teacher": ("teacher", world.teacher_id),
        "other_teacher": ("teacher", world.other_teacher_id),
        "employer": ("employer", BOARD),
        "other_employer": ("employer", OTHER_BOARD),
        "provider": ("provider", PROVIDER),
        "other_provider": ("provider", OTHER_PROVIDER),
        **{role: (role, None) for role in CALLERS[7:]},
    }
    for caller, (role, subject) in subjects.items():
        token, _ = register.issue_token(
            IssueToken(role=role, subject=subject, expires_at=None), ctx=SYSTEM
        )
        world.tokens[caller] = {"Authorization": f"Bearer {token}"}
    for provider, kvk in ((PROVIDER, "12345678"), (OTHER_PROVIDER, "87654321")):
        admitted_provider(register, provider, kvk=kvk)
    world.offering_id = world.validated_offering()
    world.objection_id = str(
        register.file_objection(
            FileObjection(decision_id=world.decision_id, grounds="mijn uren zijn niet goed geteld"),
            ctx=Context(Actor("teacher", world.teacher_id)),
        ).data["objection_id"]
    )
    services.projections.catch_up_all()
    return world


Builder = Callable[[World], Req]
