"""Erasure by shredding, on both stores: refused while the law requires keeping the data;
afterwards the history replays with placeholders, decisions reproduce, the ledger verifies,
no read model and no byte of the database holds the person's BSN or name."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from api.bootstrap import Services
from api.ledger_setup import ledger_key
from api.settings import Settings
from domain.erased import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from domain.erasure import ErasureRefusedError
from domain.errors import ConflictError
from domain.register import Context
from domain.values import Actor, Name
from projections.ledger.verify import verify_ledger
from tests.conftest import PG_URL
from tests.decision_helpers import EVIDENCE, REGISTRAR, MovableClock, clocked_services

BSN = "918273602"  # passes the elfproef
NAME = Name("Z.", "Zwaantje", "van", "Kwikstaartje")
TITLE = "Intervisie met Kwikstaartje-collega's"
GROUNDS = "Ik, Zwaantje Kwikstaartje, ben het er niet mee eens"
APPEALS = Context(Actor("appeals", "commissie"), reason="test")
ERASE = Context(Actor("registrar", "r1"), reason="retention period passed; request of 2032-01-02")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def _teacher_with_history(svc: Services) -> tuple[object, str, str]:
    """Admitted, an activity, struck off at their own request, an objection ruled on."""
    register = svc.register
    admitted = register.admit_teacher(
        bsn=BSN,
        name=NAME,
        birth_date=date(1979, 4, 12),
        qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
        registered_on=date(2022, 9, 1),
        ctx=REGISTRAR,
    )
    tid = admitted.aggregate_id
    qid = admitted.data["qualifications"][0]["qualification_id"]
    register.record_activity(
        tid,
        kind="peer_consultation",
        title=TITLE,
        occurred_on=date(2025, 3, 1),
        contact_hours=Decimal(6),
        self_study_hours=Decimal(0),
        competence_areas=["pedagogy"],
        reflection="Wat ik, Kwikstaartje, leerde",
        evidence=EVIDENCE,
        ctx=Context(Actor("teacher", str(tid))),
    )
    struck = register.strike_off(
        tid,
        qid,
        ground="own_request",
        effective_on=date(2026, 11, 28),
        heard_on=None,
        ctx=REGISTRAR,
    )
    decision_id = str(struck.data["decision_id"])
    objection = register.file_objection(
        decision_id, grounds=GROUNDS, excuse=None, ctx=Context(Actor("teacher", str(tid)))
    )
    return tid, decision_id, str(objection.data["objection_id"])


def _dump(svc: Services, tmp_path: Path) -> bytes:
    """Every byte the database holds, as a backup tool would see it."""
    store = svc.store
    if store.is_postgres:
        return subprocess.run(
            ["pg_dump", "--no-owner", "-n", store.schema, PG_URL],
            check=True,
            capture_output=True,
        ).stdout
    assert store.sqlite_path is not None
    with store.connect() as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        text = "\n".join(conn.iterdump()).encode()
    raw = b"".join(
        p.read_bytes() for p in store.sqlite_path.parent.glob(store.sqlite_path.name + "*")
    )
    return text + raw


def test_personal_fields_are_stored_encrypted(svc: Services, tmp_path: Path) -> None:
    """At rest, the BSN, the name and the teacher's own words are not in the database."""
    tid, _, _ = _teacher_with_history(svc)
    svc.projections.catch_up_all()
    events = b"".join(state for *_, state in svc.register.events_with_positions(tid))
    for secret in (BSN, NAME.family_name, TITLE, "Kwikstaartje"):
        assert secret.encode() not in events
    assert svc.register.get_teacher(tid).name == NAME  # the aggregate sees plain values


def test_erasure_is_refused_while_the_law_requires_keeping(
    svc: Services, clock: MovableClock
) -> None:
    """Open objection and retention period: both reasons are named."""
    tid, _, objection_id = _teacher_with_history(svc)
    with pytest.raises(ErasureRefusedError) as refused:
        svc.register.erase_personal_data(tid, ctx=ERASE)  # type: ignore[arg-type]
    reasons = " ".join(refused.value.reasons)
    assert "objection" in reasons
    assert "retention period runs until 2031-11-28" in reasons
    svc.register.rule_on_objection(
        objection_id, outcome="unfounded", reasoning="op eigen verzoek", ctx=APPEALS
    )
    clock.today = date(2031, 11, 27)
    with pytest.raises(ErasureRefusedError):
        svc.register.erase_personal_data(tid, ctx=ERASE)  # type: ignore[arg-type]


def test_a_registration_that_has_not_ended_is_not_erased(svc: Services) -> None:
    admitted = svc.register.admit_teacher(
        bsn="111222333",
        name=NAME,
        birth_date=date(1979, 4, 12),
        qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
        registered_on=date(2022, 9, 1),
        ctx=REGISTRAR,
    )
    with pytest.raises(ErasureRefusedError) as refused:
        svc.register.erase_personal_data(admitted.aggregate_id, ctx=ERASE)
    assert "registration has not ended" in refused.value.message


def test_erased_person_leaves_no_trace_but_the_history_holds(
    svc: Services, clock: MovableClock, tmp_path: Path
) -> None:
    """The whole story: erased after the retention period; replay, reproduce, verify, dump."""
    register = svc.register
    tid, decision_id, objection_id = _teacher_with_history(svc)
    register.rule_on_objection(
        objection_id, outcome="unfounded", reasoning="op eigen verzoek", ctx=APPEALS
    )
    svc.projections.catch_up_all()
    before = register.reproduce(decision_id)
    clock.today = date(2032, 1, 2)

    result = register.erase_personal_data(tid, ctx=ERASE)  # type: ignore[arg-type]
    svc.projections.catch_up_all()

    assert result.data["erased_on"] == "2032-01-02"
    # replay: personal fields as placeholders, dates and statuses intact
    first = register.get_teacher(tid, version=1)  # type: ignore[arg-type]
    assert (first.name, first.bsn, first.birth_date) == (ERASED_NAME, "", ERASED_DATE)
    assert first.registered_on == date(2022, 9, 1)
    now = register.get_teacher(tid)  # type: ignore[arg-type]
    assert [a.title for a in now.activities.values()] == [ERASED_TEXT]
    assert [a.contact_hours for a in now.activities.values()] == [Decimal(6)]
    assert [q.status for q in now.qualifications.values()] == ["struck_off"]
    assert register.get_objection(objection_id).grounds == ERASED_TEXT
    # the decision still reproduces
    again = register.reproduce(decision_id)
    assert again["reproduced"] == before["reproduced"]
    assert again["recomputed"]["outcome"] == before["recomputed"]["outcome"]
    # the ledger verifies without any key
    report = verify_ledger(svc.store, [ledger_key(svc.settings).public_key()], [])
    assert not report.problems(allow_pending=True)
    # no read model shows them; the public register does not find them
    with svc.store.connect() as conn:
        for table in ("public_register", "portfolio_activity", "staff_person"):
            rows = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE teacher_id = ?".replace(
                    "?", "%s" if svc.store.is_postgres else "?"
                ),
                (str(tid),),
            ).fetchone()
            assert rows[0] == 0, table
    # and no byte of the database holds their BSN or their name
    dump = _dump(svc, tmp_path)
    for secret in (BSN, "Kwikstaartje", "Zwaantje", TITLE):
        assert secret.encode() not in dump, secret
        assert secret.lower().encode() not in dump, secret  # search keys are lower case
    assert [d[0] for d in svc.register.keys.destroyed()] == [tid]  # type: ignore[union-attr]


def test_an_erased_file_takes_no_changes(svc: Services, clock: MovableClock) -> None:
    """Nothing personal can be written to it again: a command is refused."""
    register = svc.register
    tid, _, objection_id = _teacher_with_history(svc)
    register.rule_on_objection(objection_id, outcome="unfounded", reasoning="x", ctx=APPEALS)
    clock.today = date(2032, 1, 2)
    register.erase_personal_data(tid, ctx=ERASE)  # type: ignore[arg-type]
    with pytest.raises(ConflictError, match="were erased"):
        register.record_activity(
            tid,  # type: ignore[arg-type]
            kind="course",
            title="Na de wissing",
            occurred_on=date(2031, 3, 1),
            contact_hours=Decimal(2),
            self_study_hours=Decimal(0),
            competence_areas=["pedagogy"],
            evidence=EVIDENCE,
            ctx=REGISTRAR,
        )
