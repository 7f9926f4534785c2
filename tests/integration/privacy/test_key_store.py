"""The key store: one key per person even when two writers race, keys only with their events,
and sealed fields that do not open when moved to another event."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date

import pytest
from eventsourcing.persistence import IntegrityError, MapperDeserialisationError, StoredEvent

from api.bootstrap import Services, build_services
from api.settings import Settings
from domain.commands import AdmitTeacher
from domain.values import Name
from tests.decision_helpers import REGISTRAR


def test_two_writers_never_store_two_keys_for_one_person(
    services: Services, settings: Settings
) -> None:
    """Both make a key for a new person; the second write fails whole, and its key is not kept."""
    other = build_services(settings, start_projections=False)  # a second process
    person = uuid.uuid4()
    try:
        first = services.register.keys
        second = other.register.keys
        assert first is not None
        assert second is not None
        one = first.for_write(person, new=True)
        two = second.for_write(person, new=True)
        assert one is not None
        assert two is not None
        event = StoredEvent(person, 1, "domain.teacher:Teacher.LeaveRecorded", b"{}")
        services.register.recorder.insert_events([event])
        with pytest.raises(IntegrityError):
            other.register.recorder.insert_events([event])
        with services.store.connect() as conn:
            count = conn.execute("SELECT COUNT(*) FROM lr_person_keys").fetchone()[0]
        assert count == 1
        second.forget_cache()
        sealed = one.encrypt(b"\0" * 12, b"x", None)
        loaded = second.for_read(person)
        assert loaded is not None
        assert loaded.decrypt(b"\0" * 12, sealed, None) == b"x"  # the first writer's key
    finally:
        other.close()


def test_a_failed_admission_leaves_no_key(services: Services) -> None:
    register = services.register
    admit = AdmitTeacher(
        bsn="111222333",
        name=Name("A.", "Anna", "", "Mees"),
        birth_date=date(1980, 1, 1),
        qualifications=({"sector": "po", "subject": None, "basis": "diploma"},),
        registered_on=date(2022, 9, 1),
    )
    register.admit_teacher(admit, ctx=REGISTRAR)
    with pytest.raises(Exception, match="already on file"):
        register.admit_teacher(admit, ctx=REGISTRAR)
    with services.store.connect() as conn:
        assert conn.execute("SELECT COUNT(*) FROM lr_person_keys").fetchone()[0] == 1


def test_sealed_fields_moved_to_another_event_do_not_open(services: Services) -> None:
    """The associated data binds the ciphertext to its originator, version and topic."""
    register = services.register
    admitted = register.admit_teacher(
        AdmitTeacher(
            bsn="111222333",
            name=Name("A.", "Anna", "", "Mees"),
            birth_date=date(1980, 1, 1),
            qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=replace(REGISTRAR),
    )
    tid = admitted.aggregate_id
    (_, version, topic, state), *_ = register.events_with_positions(tid)
    moved = StoredEvent(tid, version + 100, topic, state)
    with pytest.raises(MapperDeserialisationError, match="do not open"):
        register.mapper.to_domain_event(moved)
    assert register.mapper.to_domain_event(StoredEvent(tid, version, topic, state)).bsn == (
        "111222333"
    )


def test_the_cache_keeps_raw_keys_and_forgets_a_destroyed_one(services: Services) -> None:
    """A process meets every person of the register: it keeps their 32-byte keys, not a
    cipher object each (about 1.3 KB apiece, hundreds of MB for the register), and the
    cipher it made last is not handed out once that person's key is destroyed."""
    keys = services.register.keys
    assert keys is not None
    persons = [uuid.uuid4() for _ in range(3)]
    made = {p: keys.for_write(p, new=True) for p in persons}
    events = [StoredEvent(p, 1, "domain.teacher:Teacher.LeaveRecorded", b"{}") for p in persons]
    services.register.recorder.insert_events(events)  # the keys are stored with the events
    assert all(type(k) is bytes and len(k) == 32 for k in keys._keys.values())
    keys.forget_cache()
    for person, writer in made.items():
        assert writer is not None
        sealed = writer.encrypt(b"\0" * 12, b"x", None)
        reader = keys.for_read(person)
        assert reader is not None
        assert reader.decrypt(b"\0" * 12, sealed, None) == b"x"
    assert len(keys._keys) == 3
    assert all(type(k) is bytes and len(k) == 32 for k in keys._keys.values())
    last = persons[-1]
    assert keys.existing(last) is not None
    keys.destroy(last, "test")
    assert keys.existing(last) is None
    assert keys.for_read(last) is None
