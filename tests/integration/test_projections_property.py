"""Property: whatever commands ran, and however the runner cut the log into batches, the read
models after incremental processing equal those after a rebuild from scratch."""

from __future__ import annotations

import contextlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from api.bootstrap import Services
from api.schemas.public_register import register_detail
from domain.commands import CorrectPersonalData, RecordLeave, WithdrawActivity
from domain.commands.peers import AnswerPeerRequest, RequestPeerConfirmation
from domain.errors import RegisterError
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name
from projections import public_register_queries
from tests.projection_helpers import REGISTRAR, activity, admit, appointment, decide, dump, revoke

NAMES = [
    Name("E.", "Elif", "", "Ünal"),
    Name("J.", "Jan", "de", "Vries"),
    Name("K.", "Kees", "van den", "Berg"),
    Name("A.", "Ayşe", "", "Yılmaz"),
    Name("S.", "Sanne", "", "Jansen"),
]
QUALIFICATIONS = [
    [{"sector": "po", "basis": "diploma"}],
    [{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
    [
        {"sector": "vo", "subject": "engels", "basis": "in_training"},
        {"sector": "mbo", "subject": "zorg", "basis": "diploma"},
    ],
]
BOARDS = ["11111", "22222", "33333"]
DECISIONS: list[tuple[type[Teacher.Decided], dict[str, object]]] = [
    (Teacher.ReRegistered, {"new_period_start": date(2026, 9, 1)}),
    (Teacher.Annotated, {"new_period_start": date(2026, 8, 1)}),
    (Teacher.StruckOff, {"ground": "criteria_not_met", "effective_on": date(2026, 3, 1)}),
    (Teacher.Reinstated, {"new_period_start": date(2026, 6, 1)}),
    (Teacher.MovedToRegister, {"new_period_start": date(2025, 2, 1)}),
]
OPS = [
    "admit",
    "activity",
    "activity",
    "activity",
    "withdraw",
    "peer",
    "peer",
    "appointment",
    "leave",
    "rename",
    "decide",
    "revoke",
    "add_qualification",
    "catch_up",
    "catch_up",
]


@dataclass
class World:
    """What the commands so far created, to pick targets for the next ones."""

    teachers: list[UUID] = field(default_factory=list)
    activities: list[tuple[UUID, str]] = field(default_factory=list)
    visits: list[tuple[UUID, str]] = field(default_factory=list)  # peer kinds
    decisions: list[tuple[UUID, str, str]] = field(default_factory=list)
    count: int = 0


_worlds: dict[object, World] = {}


def _run(services: Services, world: World, op: str, rng: random.Random, batch: int) -> None:
    reg = services.register
    world.count += 1
    if op == "admit" or not world.teachers:
        result = admit(
            reg,
            name=rng.choice(NAMES),
            qualifications=rng.choice(QUALIFICATIONS),
            registered_on=date(2020, 1, 1) + timedelta(days=rng.randrange(2000)),
            rng=rng,
        )
        world.teachers.append(result.aggregate_id)
        return
    tid = rng.choice(world.teachers)
    teacher = reg.get_teacher(tid)
    qid = rng.choice(list(teacher.qualifications))
    day = date(2021, 1, 1) + timedelta(days=rng.randrange(2000))
    if op == "activity":
        cost = Cost(Decimal(rng.choice(["0", "95.50", "250"])), rng.choice(["employer", "fund"]))
        kind = rng.choice(["course", "lesson_visit", "self_study"])
        done = activity(
            reg,
            tid,
            occurred_on=day,
            hours=rng.choice(["1", "2.5", "8"]),
            kind=kind,
            areas=rng.sample(["subject_matter", "didactics", "pedagogy"], k=rng.randint(1, 2)),
            cost=cost if rng.random() < 0.6 else None,
            offering_id="o1" if rng.random() < 0.3 else None,
        )
        world.activities.append((tid, done.data["activity_id"]))
        if kind == "lesson_visit":
            world.visits.append((tid, done.data["activity_id"]))
    elif op == "withdraw" and world.activities:
        target, activity_id = rng.choice(world.activities)
        reg.withdraw_activity(target, WithdrawActivity(activity_id=activity_id), ctx=REGISTRAR)
    elif op == "peer" and world.visits and len(world.teachers) > 1:
        # A colleague confirms (at the same board or not) or declines a lesson visit; a
        # refused request (withdrawn, already confirmed, still open) changes nothing.
        target, activity_id = rng.choice(world.visits)
        colleague = rng.choice([t for t in world.teachers if t != target])
        asked = reg.request_peer_confirmation(
            target,
            RequestPeerConfirmation(
                activity_id=activity_id,
                colleague_register_number=reg.get_teacher(colleague).register_number,
            ),
            ctx=Context(Actor("teacher", str(target))),
        )
        reg.answer_peer_request(
            colleague,
            AnswerPeerRequest(
                request_id=str(asked.data["request_id"]),
                answer=rng.choice(["confirmed", "confirmed", "declined"]),
                remark=None,
            ),
            ctx=Context(Actor("teacher", str(colleague))),
        )
    elif op == "appointment":
        appointment(
            reg,
            tid,
            rng.choice(BOARDS),
            start=day - timedelta(days=400),
            end=day if rng.random() < 0.4 else None,
            fte=rng.choice(["0.4", "1.0"]),
        )
    elif op == "leave":
        reg.record_leave(
            tid,
            RecordLeave(kind="sickness", start=day, end=day + timedelta(days=rng.randrange(90))),
            ctx=REGISTRAR,
        )
    elif op == "rename":
        reg.correct_personal_data(
            tid, CorrectPersonalData(name=rng.choice(NAMES), birth_date=None), ctx=REGISTRAR
        )
    elif op == "decide":
        event_class, fields = rng.choice(DECISIONS)
        decision_id = f"d{world.count}-{rng.randrange(10**9)}"
        decide(reg, tid, event_class, qid, decision_id=decision_id, decided_on=day, **fields)
        world.decisions.append((tid, qid, decision_id))
    elif op == "revoke" and world.decisions:
        target, target_q, decision_id = rng.choice(world.decisions)
        revoke(
            reg,
            target,
            target_q,
            decision_id,
            status=rng.choice(["registered", "struck_off"]),
            period_start=day,
            on=day,
        )
    elif op == "add_qualification":
        subject = rng.choice(["duits", "frans", "biologie"])

        def add(t: Teacher) -> dict[str, str]:
            t.add_qualification(
                qualification={
                    "qualification_id": f"q{world.count}",
                    "sector": "vo",
                    "subject": subject,
                    "basis": "diploma",
                },
                registered_on=day,
                today=date(2026, 11, 28),
                actor=Actor("registrar", "r1"),
                reason=None,
                correlation_id="prop",
            )
            return {}

        reg._change_teacher(
            tid, REGISTRAR, {"q": subject}, add, commutes=False, event_name="qualification_added"
        )
    elif op == "catch_up":
        services.projections.batch_size = batch
        services.projections.catch_up_all()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 2**32)), min_size=1, max_size=25),
    batch=st.sampled_from([1, 2, 3, 5, 1000]),
    rebuild_batch=st.sampled_from([1, 4, 10000]),
)
def test_incremental_read_models_equal_a_rebuild(
    services: Services, steps: list[tuple[str, int]], batch: int, rebuild_batch: int
) -> None:
    """Folding the log as it grows, in batches of any size, gives what a rebuild gives."""
    world = _worlds.setdefault(services.store, World())
    for op, seed in steps:
        # A refused command records nothing: the property still holds.
        with contextlib.suppress(RegisterError):
            _run(services, world, op, random.Random(seed), batch)
    runner = services.projections
    runner.batch_size = batch
    runner.catch_up_all()
    incremental = dump(runner)
    with runner.readers.connection() as db:
        # Each entry's kept answer is what the documented model renders from its rows.
        for (number,) in db.fetchall("SELECT register_number FROM public_register"):
            found = public_register_queries.entry(db, number)
            assert found is not None
            rendered = register_detail(found, None).model_dump_json(by_alias=True)
            assert public_register_queries.stored_document(db, number) == rendered
    runner.rebuild_batch_size = rebuild_batch
    runner.rebuild()
    assert dump(runner) == incremental
    assert set(runner.positions().values()) == {services.register.head_position()}
