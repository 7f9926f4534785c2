"""domain/store on both stores: its reads of the events table agree with the library's own reads,
and settings that name the recorders by their old topics still build a working register."""

from __future__ import annotations

import random
import uuid

import pytest
from eventsourcing.utils import get_topic

from api.bootstrap import Services, build_services
from api.settings import Settings
from domain.store import scans_of
from domain.store.recorder import KeyedPostgresRecorder, KeyedSQLiteRecorder
from domain.store.scans import PostgresEventScans, SQLiteEventScans
from domain.teacher import Teacher
from tests.conftest import TODAY
from tests.decision_helpers import admit, record

ADMITTED = get_topic(Teacher.Admitted)
RECORDED = get_topic(Teacher.AppointmentRecorded)


def _files(services: Services, count: int) -> list[uuid.UUID]:
    register = services.register
    ids = []
    for i in range(count):
        teacher = admit(register).teacher_id
        for _ in range(i):  # files of different lengths
            record(register, teacher)
        ids.append(teacher)
    return ids


def test_event_scans_read_what_the_library_reads(services: Services, store_kind: str) -> None:
    register = services.register
    ids = _files(services, 4)
    scans = scans_of(register.recorder)
    expected_kind = SQLiteEventScans if store_kind == "sqlite" else PostgresEventScans
    assert type(scans) is expected_kind
    assert scans_of(register.recorder) is scans  # chosen once per recorder

    library = {
        tid: [
            (e.originator_version, e.topic, bytes(e.state))
            for e in register.recorder.select_events(tid)
        ]
        for tid in ids
    }
    rows = scans.rows_of(ids)
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)  # primary-key order
    for tid in ids:
        mine = [(v, topic, state) for oid, v, topic, state in rows if oid == tid]
        assert mine == library[tid]
        assert all(isinstance(r[0], uuid.UUID) and isinstance(r[3], bytes) for r in rows)

    # Pages after an id, in key order over every aggregate, without gaps or repeats.
    table = scans.rows_after(None, 10_000)
    keys = [(r[0], r[1]) for r in table]
    assert keys == sorted(set(keys))
    assert set(ids) <= {r[0] for r in table}
    assert scans.rows_after(None, 3) == table[:3]
    middle = sorted(ids)[1]
    assert scans.rows_after(middle, 10_000) == [r for r in table if r[0] > middle]

    versions, some = scans.versions_and_rows([*ids, uuid.uuid4()], [ADMITTED, RECORDED])
    assert dict(versions) == {tid: library[tid][-1][0] for tid in ids}
    assert {(r[0], r[2]) for r in some} == {(tid, t) for tid in ids for t in (ADMITTED, RECORDED)}

    assert scans.count_topic(ADMITTED) == len(ids)
    assert scans.first_of_topic(ADMITTED) == sorted(ids)

    positions = {
        (n.originator_id, n.originator_version): n.id
        for n in register.recorder.select_notifications(start=1, limit=10_000)
    }
    for tid in ids:
        found = scans.with_positions(tid)
        assert [(v, t, s) for _, v, t, s in found] == library[tid]
        assert [p for p, v, _, _ in found] == [positions[(tid, v)] for _, v, _, _ in found]
        assert [v for _, v, _, _ in scans.with_positions(tid, lte=1)] == [1]


def test_settings_naming_an_old_recorder_topic_still_build_the_register(
    settings: Settings, store_kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The application-prefixed setting overrides the composition root's choice, so an
    environment written before the recorders moved to domain/store must keep working."""
    name = "KeyedSQLiteRecorder" if store_kind == "sqlite" else "KeyedPostgresRecorder"
    monkeypatch.setenv("REGISTER_APPLICATION_RECORDER_TOPIC", f"domain.personal_mapper:{name}")
    services = build_services(
        settings, clock=lambda: TODAY, rng=random.Random(7), start_projections=False
    )
    try:
        recorder = services.register.recorder
        assert type(recorder) is (
            KeyedSQLiteRecorder if store_kind == "sqlite" else KeyedPostgresRecorder
        )
        teacher = admit(services.register).teacher_id
        with services.store.connect() as conn:
            keys = conn.execute("SELECT COUNT(*) FROM lr_person_keys").fetchone()[0]
        assert keys == 1  # the person's key was written with their admission
        assert services.register.get_teacher(teacher).name.family_name == "Vries"
    finally:
        services.close()
