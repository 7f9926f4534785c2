"""A colleague's request and erasure, on both stores: what the colleague was shown of the
requester (name, the activity's title) is sealed under the requester's key, so erasing the
requester shreds it on the colleague's file too and drops it from the read model."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, StrikeOff
from domain.commands.erasure import ErasePersonalData
from domain.commands.peers import RequestPeerConfirmation
from domain.erased import ERASED_TEXT
from domain.register import Context
from domain.values import Actor, Name
from projections.peer_requests import open_requests
from tests.decision_helpers import EVIDENCE, REGISTRAR, MovableClock, admit, clocked_services
from tests.integration.privacy.test_erasure import ERASE, _dump

TITLE = "Lesbezoek bij Kwikstaartje"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def test_erasing_the_requester_shreds_what_the_colleague_was_shown(
    svc: Services, clock: MovableClock, tmp_path: Path
) -> None:
    """Before: the colleague's list shows the name and title; after the requester's erasure
    neither is in the colleague's file, the read model or any byte of the database."""
    register = svc.register
    requester = register.admit_teacher(
        AdmitTeacher(
            bsn="918273602",
            name=Name("Z.", "Zwaantje", "van", "Kwikstaartje"),
            birth_date=date(1979, 4, 12),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    tid = requester.aggregate_id
    qid = requester.data["qualifications"][0]["qualification_id"]
    colleague = admit(register).teacher_id
    visit = register.record_activity(
        tid,
        RecordActivity(
            kind="lesson_visit",
            title=TITLE,
            occurred_on=date(2025, 3, 1),
            contact_hours=Decimal(2),
            self_study_hours=Decimal(0),
            competence_areas=["didactics"],
            evidence=EVIDENCE,
        ),
        ctx=Context(Actor("teacher", str(tid))),
    ).data["activity_id"]
    number = register.get_teacher(colleague).register_number
    request = register.request_peer_confirmation(
        tid,
        RequestPeerConfirmation(activity_id=visit, colleague_register_number=number),
        ctx=Context(Actor("teacher", str(tid))),
    )
    svc.projections.catch_up_all()
    with svc.projections.readers.connection() as db:
        (shown,) = open_requests(db, str(colleague), on=clock.today)
    assert (shown["requester_name"], shown["activity_title"]) == ("Z. van Kwikstaartje", TITLE)

    register.strike_off(
        tid,
        StrikeOff(
            qualification_id=qid, ground="own_request", effective_on=clock.today, heard_on=None
        ),
        ctx=REGISTRAR,
    )
    clock.today = date(2032, 1, 2)
    register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)
    svc.projections.catch_up_all()

    received = register.get_teacher(colleague).received_peer_requests[
        str(request.data["request_id"])
    ]
    assert (received.requester_name, received.activity_title) == (ERASED_TEXT, ERASED_TEXT)
    assert received.requester_id == str(tid)
    with svc.projections.readers.connection() as db:
        rows = db.fetchall("SELECT COUNT(*) FROM peer_request WHERE requester_id = ?", (str(tid),))
    assert rows[0][0] == 0
    dump = _dump(svc, tmp_path)
    for secret in ("Kwikstaartje", "Zwaantje", TITLE):
        assert secret.encode() not in dump, secret
    assert isinstance(colleague, UUID)
