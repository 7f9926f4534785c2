"""Erasure by shredding, on both stores: refused while the law requires keeping the data;
afterwards the history replays with placeholders, decisions reproduce, the ledger verifies,
no read model and no byte of the database holds the person's BSN or name."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from api.bootstrap import Services
from api.ledger_setup import ledger_key
from api.settings import Settings
from domain.commands import AdmitTeacher, RecordActivity, RecordLeave, StrikeOff
from domain.commands.deliveries import Deliver
from domain.commands.erasure import ErasePersonalData
from domain.commands.hearings import DecideProposal, GiveView, ProposeStrikeOff
from domain.commands.objections import Consent, ExtendObjection, FileObjection, RuleOnObjection
from domain.delivery import PendingAppointments, pending_id
from domain.erased import ERASED_DATE, ERASED_NAME, ERASED_TEXT
from domain.errors import ConflictError
from domain.objection import objection_id_for
from domain.register import Context
from domain.register.erasure import ErasureRefusedError
from domain.values import Actor, Name
from projections.ledger.verify import verify_ledger
from tests.conftest import PG_URL
from tests.decision_helpers import EVIDENCE, REGISTRAR, MovableClock, clocked_services
from tests.procedure_helpers import EMPLOYER, row

BSN = "918273602"  # passes the elfproef
NAME = Name("Z.", "Zwaantje", "van", "Kwikstaartje")
TITLE = "Intervisie met Kwikstaartje-collega's"
GROUNDS = "Ik, Zwaantje Kwikstaartje, ben het er niet mee eens"
APPEALS = Context(Actor("appeals", "commissie"), reason="test")
ERASE = Context(Actor("registrar", "r1"), reason="retention period passed; request of 2032-01-02")
BIRTH = "1979-04-12"
#: What the employer's list would show of the BSN, and the teacher's words on leave.
MASKED = "******" + BSN[-3:]
LEAVE_REASON = "Mantelzorg voor mijn moeder Kwikstaartje"
REFERENCE = "certificaat-zwaantje-kwikstaartje.pdf"
CONSENT = "Ik stem in met uitstel tot 1 juni; Z. Kwikstaartje"
VIEW = "Mijn diploma is echt; Zwaantje Kwikstaartje"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def _teacher_with_history(svc: Services) -> tuple[object, str, str]:
    """Delivered by an employer before the admission (gender, date of birth), admitted, an
    activity, leave reported, struck off at their own request, an objection filed."""
    register = svc.register
    register.deliver(
        EMPLOYER.actor.subject or "",
        Deliver(
            delivery_id="before-admission",
            rows=[
                row(
                    BSN,
                    gender="X",
                    birth_date=BIRTH,
                    start="2022-09-01",
                    contract_start="2022-09-01",
                )
            ],
        ),
        ctx=EMPLOYER,
    )
    admitted = register.admit_teacher(
        AdmitTeacher(
            bsn=BSN,
            name=NAME,
            birth_date=date.fromisoformat(BIRTH),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    tid = admitted.aggregate_id
    qid = admitted.data["qualifications"][0]["qualification_id"]
    register.record_activity(
        tid,
        RecordActivity(
            kind="peer_consultation",
            title=TITLE,
            occurred_on=date(2025, 3, 1),
            contact_hours=Decimal(6),
            self_study_hours=Decimal(0),
            competence_areas=["pedagogy"],
            reflection="Wat ik, Kwikstaartje, leerde",
            evidence=EVIDENCE,
            evidence_reference=REFERENCE,
        ),
        ctx=Context(Actor("teacher", str(tid))),
    )
    register.record_leave(
        tid,
        RecordLeave(kind="care", start=date(2024, 1, 8), end=date(2024, 3, 1)),
        ctx=Context(Actor("teacher", str(tid)), reason=LEAVE_REASON),
    )
    struck = register.strike_off(
        tid,
        StrikeOff(
            qualification_id=qid,
            ground="own_request",
            effective_on=date(2026, 11, 28),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )
    decision_id = str(struck.data["decision_id"])
    objection = register.file_objection(  # through the web: with an idempotency key
        FileObjection(decision_id=decision_id, grounds=GROUNDS),
        ctx=Context(Actor("teacher", str(tid)), idempotency_key="bezwaar-1"),
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
    # the whole log: the file, the waiting record, the delivery's answer, the objection and
    # the answer kept for its idempotency key
    events = b"".join(n.state for n in svc.register.recorder.select_notifications(1, 10_000))
    for secret in (BSN, NAME.family_name, TITLE, "Kwikstaartje", BIRTH, REFERENCE, MASKED):
        assert secret.encode() not in events, secret
    assert svc.register.get_teacher(tid).name == NAME  # the aggregate sees plain values
    # the person as delivered before the admission: gender, date of birth, masked BSN sealed
    teacher = svc.register.get_teacher(tid)
    waiting = pending_id(teacher.person_key)
    stored = svc.register.events_with_positions(waiting)
    assert len(stored) == 2  # opened, attached
    for secret in (BIRTH, MASKED, '"X"', '"x"'):
        assert all(secret.encode() not in state for *_, state in stored), secret
    pending: PendingAppointments = svc.register.repository.get(waiting)
    assert (pending.gender, pending.birth_date, pending.teacher_id) == (
        "x",
        date.fromisoformat(BIRTH),
        tid,
    )


def test_erasure_is_refused_while_the_law_requires_keeping(
    svc: Services, clock: MovableClock
) -> None:
    """Open objection and retention period: both reasons are named."""
    tid, _, objection_id = _teacher_with_history(svc)
    with pytest.raises(ErasureRefusedError) as refused:
        svc.register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)  # type: ignore[arg-type]
    reasons = " ".join(refused.value.reasons)
    assert "objection" in reasons
    assert "retention period runs until 2031-11-28" in reasons
    svc.register.rule_on_objection(
        RuleOnObjection(
            objection_id=objection_id, outcome="unfounded", reasoning="op eigen verzoek"
        ),
        ctx=APPEALS,
    )
    clock.today = date(2031, 11, 27)
    with pytest.raises(ErasureRefusedError):
        svc.register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)  # type: ignore[arg-type]


def test_a_registration_that_has_not_ended_is_not_erased(svc: Services) -> None:
    admitted = svc.register.admit_teacher(
        AdmitTeacher(
            bsn="111222333",
            name=NAME,
            birth_date=date(1979, 4, 12),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    with pytest.raises(ErasureRefusedError) as refused:
        svc.register.erase_personal_data(admitted.aggregate_id, ErasePersonalData(), ctx=ERASE)
    assert "registration has not ended" in refused.value.message


def test_erased_person_leaves_no_trace_but_the_history_holds(
    svc: Services, clock: MovableClock, tmp_path: Path
) -> None:
    """The whole story: erased after the retention period; replay, reproduce, verify, dump."""
    register = svc.register
    tid, decision_id, objection_id = _teacher_with_history(svc)
    register.extend_objection(ExtendObjection(objection_id=objection_id), ctx=APPEALS)
    register.extend_objection(  # the objector's written consent to a further deferral
        ExtendObjection(
            objection_id=objection_id,
            consent=Consent(given_on=date(2026, 11, 28), statement=CONSENT),
            until=date(2027, 6, 1),
        ),
        ctx=APPEALS,
    )
    register.rule_on_objection(
        RuleOnObjection(
            objection_id=objection_id, outcome="unfounded", reasoning="op eigen verzoek"
        ),
        ctx=APPEALS,
    )
    svc.projections.catch_up_all()
    before = register.reproduce(decision_id)
    clock.today = date(2032, 1, 2)

    result = register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)  # type: ignore[arg-type]
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
    (activity,) = now.activities.values()
    assert activity.evidence_reference == ERASED_TEXT
    # what the employer delivered before the admission reads as placeholders too
    pending: PendingAppointments = register.repository.get(pending_id(now.person_key))
    assert (pending.gender, pending.birth_date, pending.bsn_masked) == ("", ERASED_DATE, "")
    assert [a["brin"] for a in pending.appointments.values()] == ["01AB"]
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
    secrets = (BSN, "Kwikstaartje", "Zwaantje", TITLE, MASKED, LEAVE_REASON, REFERENCE, BIRTH)
    for secret in (*secrets, CONSENT):
        assert secret.encode() not in dump, secret
        assert secret.lower().encode() not in dump, secret  # search keys are lower case
    # the teacher's key and the key of what was delivered before the admission
    # (and of the objection, under which the objector's consent was sealed)
    destroyed = {d[0] for d in svc.register.keys.destroyed()}  # type: ignore[union-attr]
    assert destroyed == {tid, pending_id(now.person_key), objection_id_for(decision_id)}
    # a retry of the objection's request gets no answer that held their words
    with pytest.raises(ConflictError, match="erased since"):
        register.file_objection(
            FileObjection(decision_id=decision_id, grounds=GROUNDS),
            ctx=Context(Actor("teacher", str(tid)), idempotency_key="bezwaar-1"),
        )


def test_an_erased_file_takes_no_changes(svc: Services, clock: MovableClock) -> None:
    """Nothing personal can be written to it again: a command is refused."""
    register = svc.register
    tid, _, objection_id = _teacher_with_history(svc)
    register.rule_on_objection(
        RuleOnObjection(objection_id=objection_id, outcome="unfounded", reasoning="x"), ctx=APPEALS
    )
    clock.today = date(2032, 1, 2)
    register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)  # type: ignore[arg-type]
    with pytest.raises(ConflictError, match="were erased"):
        register.record_activity(
            tid,
            RecordActivity(
                kind="course",
                title="Na de wissing",
                occurred_on=date(2031, 3, 1),
                contact_hours=Decimal(2),
                self_study_hours=Decimal(0),
                competence_areas=["pedagogy"],
                evidence=EVIDENCE,
            ),
            ctx=REGISTRAR,
        )


def test_a_view_at_a_hearing_is_sealed_in_the_decision_and_erased_with_the_person(
    svc: Services, clock: MovableClock, tmp_path: Path
) -> None:
    """The strike-off after a hearing records the view and quotes it in its reasons: sealed
    there as in `ViewGiven` and in the answer kept for an idempotency key; after the erasure
    the decision reads placeholders and still reproduces."""
    register = svc.register
    admitted = register.admit_teacher(
        AdmitTeacher(
            bsn=BSN,
            name=NAME,
            birth_date=date.fromisoformat(BIRTH),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    tid = admitted.aggregate_id
    qid = admitted.data["qualifications"][0]["qualification_id"]
    proposal = register.propose_strike_off(
        tid,
        ProposeStrikeOff(qualification_id=qid, ground="incorrect_data"),
        ctx=replace(REGISTRAR, reason="onjuiste gegevens"),
    ).data["proposal_id"]
    as_teacher = Context(Actor("teacher", str(tid)), idempotency_key="zienswijze-1")
    register.give_view(tid, GiveView(proposal_id=proposal, view=VIEW), ctx=as_teacher)
    decided = register.decide_proposal(
        tid,
        DecideProposal(proposal_id=proposal, effective_on=clock.today),
        ctx=replace(REGISTRAR, reason="onjuist"),
    ).data
    assert decided["inputs"]["hearing"]["view"] == VIEW  # read with the key: as written
    assert any(VIEW in line for line in decided["reasons"]["nl"])
    stored = b"".join(n.state for n in register.recorder.select_notifications(1, 10_000))
    assert b"Kwikstaartje" not in stored  # nowhere in the log: view, decision, answers
    before = register.reproduce(decided["decision_id"])

    clock.today = date(2032, 1, 2)
    register.erase_personal_data(tid, ErasePersonalData(), ctx=ERASE)
    svc.projections.catch_up_all()

    record = register.get_decision(decided["decision_id"])
    assert record["inputs"]["hearing"]["view"] == ERASED_TEXT
    assert record["reasons"] == {"nl": [ERASED_TEXT], "en": [ERASED_TEXT]}
    assert (record["outcome"], record["decided_on"]) == (decided["outcome"], "2026-11-28")
    again = register.reproduce(decided["decision_id"])
    assert again["reproduced"] == before["reproduced"] is True
    with pytest.raises(ConflictError, match="were erased"):  # a retry: refused, no answer
        register.give_view(tid, GiveView(proposal_id=proposal, view=VIEW), ctx=as_teacher)
    dump = _dump(svc, tmp_path)
    assert b"Kwikstaartje" not in dump
    assert b"kwikstaartje" not in dump
