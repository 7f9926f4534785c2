"""The Register application on a real SQLite file and a real PostgreSQL schema."""

from __future__ import annotations

import sqlite3
import threading
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import psycopg
import pytest

from api.bootstrap import Services
from domain.commands import AdmitTeacher, RecordActivity
from domain.errors import (
    ConflictError,
    DuplicatePersonError,
    InvalidInputError,
    TeacherNotFoundError,
    VersionMismatchError,
)
from domain.register import Context, Register
from domain.values import Actor, Name
from tests.decision_helpers import EVIDENCE

REGISTRAR = Context(Actor("registrar", "r1"), reason="test")


def admit(register: Register, bsn: str = "111222333", **kw: Any) -> UUID:
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=bsn,
            name=Name("A.", "Anna", "de", "Vries"),
            birth_date=date(1985, 5, 1),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=kw.get("registered_on", date(2022, 9, 1)),
        ),
        ctx=kw.get("ctx", REGISTRAR),
    )
    return result.aggregate_id


def record(register: Register, teacher_id: UUID, ctx: Context | None = None, **kw: Any) -> Any:
    return register.record_activity(
        teacher_id,
        RecordActivity(
            kind=kw.get("kind", "lesson_visit"),
            title=kw.get("title", "Lesbezoek"),
            occurred_on=kw.get("occurred_on", date(2023, 5, 1)),
            contact_hours=Decimal(kw.get("hours", 3)),
            self_study_hours=Decimal(0),
            competence_areas=["pedagogy"],
            evidence=EVIDENCE,
        ),
        ctx=ctx or Context(Actor("teacher", str(teacher_id))),
    )


def test_admission_gives_a_file_with_register_number_and_position(services: Services) -> None:
    register = services.register
    result = register.admit_teacher(
        AdmitTeacher(
            bsn="111222333",
            name=Name("A.", "Anna", "", "Jansen"),
            birth_date=date(1990, 1, 1),
            qualifications=[{"sector": "po", "basis": "diploma"}],
            registered_on=None,
        ),
        ctx=REGISTRAR,
    )
    assert result.position == register.head_position()
    teacher = register.get_teacher(result.aggregate_id)
    assert teacher.register_number == result.data["register_number"]
    assert register.find_by_register_number(teacher.register_number) == teacher.id
    assert register.find_by_bsn("111222333") == teacher.id
    assert teacher.registered_on == date(2026, 11, 28)


def test_second_admission_of_the_same_person_is_refused(services: Services) -> None:
    first = admit(services.register)
    with pytest.raises(DuplicatePersonError) as caught:
        admit(services.register)
    assert caught.value.teacher_id == first
    assert services.register.head_position() == 3  # nothing half-written


def test_invalid_bsn_is_refused_and_nothing_is_stored(services: Services) -> None:
    with pytest.raises(InvalidInputError):
        admit(services.register, bsn="123456789")
    assert services.register.head_position() == 0


def test_acting_on_an_unknown_teacher_is_not_found(services: Services) -> None:
    with pytest.raises(TeacherNotFoundError):
        record(services.register, UUID(int=1))


def test_concurrent_activities_for_one_teacher_both_land(services: Services) -> None:
    """Recording activities commutes: version conflicts are retried, nothing is lost."""
    register = services.register
    tid = admit(register)
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(5):
                record(register, tid, title=f"w{n}-{i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(register.get_teacher(tid).activities) == 20


def test_idempotency_key_makes_a_retry_write_nothing(services: Services) -> None:
    register = services.register
    tid = admit(register)
    ctx = Context(Actor("teacher", str(tid)), idempotency_key="retry-1")
    first = record(register, tid, ctx=ctx)
    head = register.head_position()
    second = record(register, tid, ctx=ctx)
    assert second == first
    assert register.head_position() == head
    assert len(register.get_teacher(tid).activities) == 1


def test_idempotency_key_reused_for_another_request_is_a_conflict(services: Services) -> None:
    register = services.register
    tid = admit(register)
    ctx = Context(Actor("teacher", str(tid)), idempotency_key="k")
    record(register, tid, ctx=ctx, title="one")
    with pytest.raises(ConflictError):
        record(register, tid, ctx=ctx, title="two")


def test_racing_requests_with_one_key_land_once(services: Services) -> None:
    register = services.register
    tid = admit(register)
    results: list[Any] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        barrier.wait()
        results.append(
            record(register, tid, ctx=Context(Actor("teacher", str(tid)), idempotency_key="race"))
        )

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(register.get_teacher(tid).activities) == 1
    assert len({r.data["activity_id"] for r in results}) == 1


def test_expected_version_mismatch_is_refused(services: Services) -> None:
    register = services.register
    tid = admit(register)
    with pytest.raises(VersionMismatchError):
        record(register, tid, ctx=Context(Actor("teacher", str(tid)), expected_version=5))
    result = record(register, tid, ctx=Context(Actor("teacher", str(tid)), expected_version=1))
    assert result.version == 2


def test_history_is_replayable_at_any_version(services: Services) -> None:
    register = services.register
    tid = admit(register)
    record(register, tid, title="eerste")
    record(register, tid, title="tweede")
    assert len(register.get_teacher(tid, version=2).activities) == 1
    rows = register.events_with_positions(tid)
    assert [r[1] for r in rows] == [1, 2, 3]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_stored_events_cannot_be_updated_or_deleted(services: Services) -> None:
    """The store refuses UPDATE and DELETE of events (and TRUNCATE on PostgreSQL)."""
    admit(services.register)
    store = services.store
    if store.is_postgres:
        with psycopg.connect(store.conninfo, autocommit=True) as conn:
            for statement in (
                f"UPDATE {store.schema}.register_events SET topic = 'x'",
                f"DELETE FROM {store.schema}.register_events",
                f"TRUNCATE {store.schema}.register_events",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege):
                    conn.execute(statement)
    else:
        assert store.sqlite_path is not None
        with sqlite3.connect(store.sqlite_path) as conn:
            for statement in ("UPDATE stored_events SET topic = 'x'", "DELETE FROM stored_events"):
                with pytest.raises(sqlite3.IntegrityError, match="immutable"):
                    conn.execute(statement)
    assert services.register.head_position() == 3
