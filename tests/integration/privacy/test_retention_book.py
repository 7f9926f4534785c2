"""The retention policy as a versioned document in the criteria book, on both stores: drafted,
checked and adopted with an event per step, and the due-retention run applies the version in
force on the register's date."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands import AdmitTeacher, StrikeOff
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.errors import InvalidInputError
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor, Name
from policies import document_sha256, load_default
from tests.decision_helpers import REGISTRAR, STANDARDS, MovableClock, clocked_services

RUN = Context(Actor("system", "run-due"), reason="run-due")
CONSULTED = {"with": ["Autoriteit Persoonsgegevens", "AOb"], "held_on": "2026-11-20"}


def retention_v2(**changes: object) -> bytes:
    raw, _ = load_default("retention")
    data = json.loads(raw)
    data["version"] = 2
    data["public_view"]["strike_off"]["own_request"] = 2
    data.update(changes)
    return json.dumps(data, indent=2).encode()


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def test_the_shipped_document_is_version_1_in_force_from_the_start(svc: Services) -> None:
    raw, _ = load_default("retention")
    loaded = svc.register.retention_policy(date(2020, 1, 1))
    assert loaded.summary() == {"name": "retention", "version": 1, "sha256": document_sha256(raw)}
    assert svc.register.head_position() == 0  # reading the book writes nothing


def test_a_faulty_retention_document_is_refused_with_every_fault_named(svc: Services) -> None:
    raw = retention_v2(personal_data_years_after_end=-1, access_log_days=0, keep_forever=True)
    with pytest.raises(InvalidInputError) as caught:
        svc.register.draft_criteria(DraftCriteria(raw=raw), ctx=STANDARDS)
    fields = {e.field for e in caught.value.errors}
    assert {"personal_data_years_after_end", "access_log_days", "keep_forever"} <= fields
    assert svc.register.head_position() == 0


def test_draft_and_adoption_are_events_with_actor_and_reason(
    svc: Services, clock: MovableClock
) -> None:
    register = svc.register
    raw = retention_v2()
    drafted = register.draft_criteria(DraftCriteria(raw=raw), ctx=STANDARDS)
    assert drafted.data == {"name": "retention", "version": 2, "sha256": document_sha256(raw)}
    with pytest.raises(InvalidInputError):  # not before the day of adoption
        register.adopt_criteria(
            "retention",
            AdoptCriteria(version=2, effective_from=date(2026, 1, 1), consultation=CONSULTED),
            ctx=STANDARDS,
        )
    register.adopt_criteria(
        "retention",
        AdoptCriteria(version=2, effective_from=date(2027, 1, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )
    book = register.criteria_book("retention")
    events = list(register.repository.event_store.get(book.id))
    kinds = [type(e).__name__ for e in events]
    assert kinds == ["Opened", "Drafted", "Adopted", "Drafted", "Adopted"]
    for event in events[-2:]:
        assert event.actor == STANDARDS.actor
        assert event.reason == STANDARDS.reason
    assert register.retention_policy(date(2026, 12, 31)).policy.version == 1
    assert register.retention_policy(date(2027, 1, 1)).policy.version == 2
    assert register.criteria_version("retention", 2).raw == raw


def test_the_run_applies_the_version_in_force_on_the_registers_date(
    svc: Services, clock: MovableClock
) -> None:
    """Version 1 keeps an own-request strike-off public 5 years, version 2 (from 2027) 2."""
    register = svc.register
    admitted = register.admit_teacher(
        AdmitTeacher(
            bsn="918273602",
            name=Name("P.", "Piet", "", "Pimpelmees"),
            birth_date=date(1970, 1, 1),
            qualifications=[{"sector": "po", "subject": None, "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    tid = admitted.aggregate_id
    register.strike_off(
        tid,
        StrikeOff(
            qualification_id=admitted.data["qualifications"][0]["qualification_id"],
            ground="own_request",
            effective_on=date(2026, 11, 28),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )
    register.draft_criteria(DraftCriteria(raw=retention_v2()), ctx=STANDARDS)
    register.adopt_criteria(
        "retention",
        AdoptCriteria(version=2, effective_from=date(2029, 1, 1), consultation=CONSULTED),
        ctx=STANDARDS,
    )

    clock.today = date(2028, 12, 31)  # two years have passed, but version 1 is in force
    early = register.run_due(clock.today, ctx=RUN).to_dict()["retention"]
    assert early["strike_offs_expired"] == 0
    assert early["policy"]["version"] == 1

    clock.today = date(2029, 1, 1)  # version 2 now governs the run
    report = register.run_due(clock.today, ctx=RUN).to_dict()["retention"]
    assert report["strike_offs_expired"] == 1
    assert report["policy"]["version"] == 2
    expired = [
        e
        for e in register.repository.event_store.get(tid)
        if isinstance(e, Teacher.PublicEntryExpired)
    ]
    assert [e.retention["version"] for e in expired] == [2]
    assert expired[0].visible_until == date(2028, 11, 28)
