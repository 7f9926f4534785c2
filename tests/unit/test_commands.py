"""Commands as values: the canonical payload keeps stored idempotency keys valid, the request
schemas and the events follow the commands, and a field added later changes nothing stored."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from pydantic import BaseModel

from api.schemas.activities import ActivityCreate
from api.schemas.appointments import AppointmentCreate
from api.schemas.decisions import (
    MoveToRegisterCreate,
    ReinstatementCreate,
    ReRegistrationCreate,
    StrikeOffCreate,
)
from api.schemas.leave import LeaveApproval, LeaveCreate, LeaveRejection
from api.schemas.teachers import Correction, TeacherCreate, Withdrawal
from domain.commands import (
    AdmitTeacher,
    ApproveLeave,
    Command,
    CorrectPersonalData,
    MoveToRegister,
    RecordActivity,
    RecordAppointment,
    RecordLeave,
    Reinstate,
    RejectLeave,
    ReRegister,
    StrikeOff,
    WithdrawActivity,
)
from domain.register.base import fingerprint
from domain.teacher import Activity, Teacher
from domain.values import Cost, Name

TEACHER = UUID("3f1c2a8e-5b7d-4e6f-9a0b-1c2d3e4f5a6b")

FULL_ACTIVITY = RecordActivity(
    kind="course",
    title="Rekendidactiek",
    occurred_on=date(2025, 3, 14),
    contact_hours=Decimal("12.5"),
    self_study_hours=Decimal("4"),
    competence_areas=("subject_didactics", "pedagogy"),
    offering_id="off-7",
    evidence="Ik leerde veel over rekenen in de klas.",
    reflection="Goed.",
    cost=Cost(Decimal("250"), "employer"),
    qualification_ids=("q-1",),
    evidence_reference="certificaat.pdf",
)
PLAIN_ACTIVITY = RecordActivity(
    kind="lesson_visit",
    title="Lesbezoek",
    occurred_on=date(2023, 5, 1),
    contact_hours=Decimal(3),
    self_study_hours=Decimal(0),
    competence_areas=("pedagogy",),
)
LEAVE = RecordLeave(kind="parental", start=date(2024, 1, 1), end=date(2024, 6, 30))
APPOINTMENT = RecordAppointment(
    board_number="41234",
    brin="01AB",
    start=date(2024, 8, 1),
    end=None,
    fte=Decimal("0.8"),
    basis="vast",
    sector="vo",
    subjects=("wiskunde",),
)
CORRECTION = CorrectPersonalData(
    name=Name("A.", "Anna", "de", "Vries"), birth_date=date(1985, 5, 1)
)
CORRECTION_REASON = "typo in the name"
ADMISSION = AdmitTeacher(
    bsn="111222333",
    name=Name("A.", "Anna", "de", "Vries"),
    birth_date=date(1985, 5, 1),
    qualifications=(
        {"sector": "vo", "subject": "wiskunde", "basis": "diploma"},
        {"sector": "po", "subject": None, "basis": "in_training"},
    ),
    registered_on=date(2022, 9, 1),
)

#: Fingerprints of these very requests as the register computed them before commands were
#: values (the payloads were built by hand in `Register.record_activity` and `record_leave`),
#: as stored in `IdempotencyRecord`s since. They never change.
GOLDEN = [
    (FULL_ACTIVITY, "3ea6c79cd6016880af861b5cd2e04132a674be2346d898ff74feafbd81721ebc"),
    (PLAIN_ACTIVITY, "ed17188abaf283ff7e0529a79e37c4a9e2ba931d8f8754f3ad7afdec2b37e609"),
    (LEAVE, "046b88aa0192f35e897b4d1d749f1a0d72a19f0821e1908d7277db78eebb9f8c"),
    (APPOINTMENT, "08648d76d89db044ef7ecf4f6e36e941368593b410f8dcfebf694a4404a73613"),
]
#: `correct_personal_data` bound the reason (the context's) too.
CORRECTIONS = [
    (CORRECTION, "b1b39a37159ec02f009c2d3b64579cad7867767220b751ae52e4f7d421126414"),
    (CorrectPersonalData(), "f12b52460bf73912c380275172c3e14a8567dadc12a49878f99ee909c21c5883"),
]

#: Commands on something the file holds, named in the address (the reason is the context's:
#: a withdrawal bound it, a leave decision did not).
WITHDRAWAL = WithdrawActivity(activity_id="act-1")
WITHDRAWAL_REASON = "dubbel"
ON_LEAVE = [
    (
        ApproveLeave(leave_id="leave-1"),
        "c5574007026d2eb5d87f381889b5ab8a38bdda2fb5999389da584c2cf13e7fe0",
    ),
    (
        RejectLeave(leave_id="leave-1"),
        "389ae02e70378e2cf333540570c312215c2eb93173fc464fb6ab30829c749ba8",
    ),
]
STORED_WITHDRAWAL = "fdadb667005053c3ac0b3c4970f62d68e035c7c9dc5944eb1062d77b5554bd75"

#: The decisions on a qualification aimed at the teacher under "teacher"; a re-registration
#: bound the register's date, a strike-off and a reinstatement the reason (the context's).
DECIDED_ON = date(2027, 9, 2)
DECISIONS = [
    (
        ReRegister(qualification_id="q-1"),
        {"decided_on": DECIDED_ON},
        "6885493d21d6460bcdcc37ca47554a993f0766dde72717c716b26189cc627cc0",
    ),
    (
        StrikeOff(qualification_id="q-1", ground="own_request", effective_on=date(2027, 9, 1)),
        {"reason": "op eigen verzoek"},
        "1197738600bed9b80c66417607acebe58a7fac5cbdd383a0d82b1715a569323e",
    ),
    (
        StrikeOff(
            qualification_id="q-1",
            ground="deceased",
            effective_on=date(2027, 8, 20),
            heard_on=date(2027, 8, 25),
        ),
        {"reason": "overleden"},
        "bb02eb042b6e6ebd517b0c416904dd9f9bf41c8a0a7c1977a410ed467cc5bbf0",
    ),
    (
        Reinstate(qualification_id="q-1"),
        {"reason": "weer voldaan"},
        "84823af3833df9c19037426e8ac716a429c88f746ea91e0d78aa5a31d5905e3e",
    ),
    (
        MoveToRegister(qualification_id="q-1", qualified_on=date(2027, 6, 30)),
        {},
        "d1606b98146296cb77c8009526653d7cf7f403240550202c445204e0f283e046",
    ),
]

#: An admission aims at no aggregate yet: its payload has no target.
ADMISSIONS = [
    (ADMISSION, "6710259cecc0ab582391d70f44237b5eccb0c2a3a31d3f65a342cb2aa37b7220"),
    (
        dataclasses.replace(ADMISSION, registered_on=None),
        "32b064d286a56bffcb21e3a6b9c5c941d2aae556c9bc4f17a61ad62c635ef69d",
    ),
]


@pytest.mark.parametrize(("command", "stored"), GOLDEN, ids=lambda x: type(x).__name__)
def test_payload_fingerprint_is_the_one_stored_before(command: Command, stored: str) -> None:
    assert fingerprint(command.payload(id=TEACHER)) == stored
    assert command.legacy_payload(id=TEACHER) is None  # nothing was left out


@pytest.mark.parametrize(("command", "stored"), CORRECTIONS, ids=["name_and_birth", "nothing"])
def test_correction_fingerprint_is_the_one_stored_before(
    command: CorrectPersonalData, stored: str
) -> None:
    assert fingerprint(command.payload(id=TEACHER, reason=CORRECTION_REASON)) == stored


def test_withdrawal_fingerprint_is_the_one_stored_before() -> None:
    assert fingerprint(WITHDRAWAL.payload(id=TEACHER, reason=WITHDRAWAL_REASON)) == (
        STORED_WITHDRAWAL
    )
    other = WithdrawActivity(activity_id="act-2").payload(id=TEACHER, reason=WITHDRAWAL_REASON)
    assert fingerprint(other) != STORED_WITHDRAWAL
    other = WITHDRAWAL.payload(id=TEACHER, reason="andere reden")
    assert fingerprint(other) != STORED_WITHDRAWAL


@pytest.mark.parametrize(("command", "stored"), ON_LEAVE, ids=["approve", "reject"])
def test_leave_decision_fingerprint_is_the_one_stored_before(command: Command, stored: str) -> None:
    assert fingerprint(command.payload(id=TEACHER)) == stored
    other = dataclasses.replace(command, leave_id="leave-2")
    assert fingerprint(other.payload(id=TEACHER)) != stored


@pytest.mark.parametrize(
    ("command", "bound", "stored"),
    DECISIONS,
    ids=["re_register", "strike_off", "strike_off_heard", "reinstate", "move_to_register"],
)
def test_decision_fingerprint_is_the_one_stored_before(
    command: Command, bound: dict[str, Any], stored: str
) -> None:
    assert fingerprint(command.payload(teacher=TEACHER, **bound)) == stored
    assert command.legacy_payload(teacher=TEACHER, **bound) is None


def test_every_strike_off_field_is_in_the_payload() -> None:
    command, bound, stored = DECISIONS[2]
    other: dict[str, Any] = {
        "qualification_id": "q-2",
        "ground": "own_request",
        "effective_on": date(2027, 8, 21),
        "heard_on": None,
    }
    assert set(other) == {f.name for f in dataclasses.fields(StrikeOff)}
    for name, value in other.items():
        changed = dataclasses.replace(command, **{name: value})
        assert fingerprint(changed.payload(teacher=TEACHER, **bound)) != stored, name


@pytest.mark.parametrize(("command", "stored"), ADMISSIONS, ids=["registered_on", "today"])
def test_admission_fingerprint_is_the_one_stored_before(command: AdmitTeacher, stored: str) -> None:
    assert fingerprint(command.payload()) == stored
    assert command.legacy_payload() is None


def test_every_admission_field_is_in_the_payload_and_the_bsn_in_no_repr() -> None:
    """Another person, name, birth date, qualification or date of registration is another
    request; the BSN is bound but never printed (a log line or an error may show a repr)."""
    base = fingerprint(ADMISSION.payload())
    other: dict[str, Any] = {
        "bsn": "123456782",
        "name": Name("A.", "Anna", "", "Vries"),
        "birth_date": date(1985, 5, 2),
        "qualifications": ({"sector": "vo", "subject": "wiskunde", "basis": "diploma"},),
        "registered_on": date(2022, 9, 2),
    }
    assert set(other) == {f.name for f in dataclasses.fields(AdmitTeacher)}
    for name, value in other.items():
        changed = dataclasses.replace(ADMISSION, **{name: value})
        assert fingerprint(changed.payload()) != base, name
    assert "111222333" not in repr(ADMISSION)
    assert "111222333" not in str(ADMISSION)


def test_admission_built_from_the_request_schema() -> None:
    body = TeacherCreate.model_validate(
        {
            "bsn": "111222333",
            "name": {
                "initials": "A.",
                "given_name": "Anna",
                "prefix": "de",
                "family_name": "Vries",
            },
            "birth_date": "1985-05-01",
            "qualifications": [
                {"sector": "vo", "subject": "wiskunde", "basis": "diploma"},
                {"sector": "po", "basis": "in_training"},
            ],
            "registered_on": "2022-09-01",
        }
    )
    assert AdmitTeacher.build(body.model_dump()) == ADMISSION


def test_appointment_fields_the_payload_left_out_are_bound_now_and_old_keys_still_match() -> None:
    """The appointment's payload left out its contract dates and chosen id: a key reused
    with other contract dates was taken for a retry. Now they are bound; a key stored before
    still matches its retry through the legacy payload (the old fingerprint)."""
    dated = dataclasses.replace(APPOINTMENT, contract_start=date(2024, 8, 1), appointment_id="a-1")
    other = dataclasses.replace(dated, contract_start=date(2024, 9, 1))
    assert fingerprint(dated.payload(id=TEACHER)) != fingerprint(other.payload(id=TEACHER))
    legacy = dated.legacy_payload(id=TEACHER)
    assert legacy is not None
    assert fingerprint(legacy) == GOLDEN[3][1]


def test_every_field_is_in_the_payload() -> None:
    """Changing any one field changes the fingerprint: a reused key cannot slip through."""
    base = fingerprint(FULL_ACTIVITY.payload(id=TEACHER))
    other: dict[str, Any] = {
        "kind": "conference",
        "title": "Andere titel",
        "occurred_on": date(2025, 3, 15),
        "contact_hours": Decimal("12.0"),
        "self_study_hours": Decimal("5"),
        "competence_areas": ("pedagogy",),
        "offering_id": None,
        "evidence": "Iets anders geleerd.",
        "evidence_reference": None,
        "reflection": None,
        "cost": Cost(Decimal("250"), "teacher"),
        "qualification_ids": None,
        "participation_id": "p-1",
    }
    assert set(other) == {f.name for f in dataclasses.fields(RecordActivity)}
    for name, value in other.items():
        changed = dataclasses.replace(FULL_ACTIVITY, **{name: value})
        assert fingerprint(changed.payload(id=TEACHER)) != base, name


@dataclass(frozen=True, kw_only=True)
class _ActivityWithVenue(RecordActivity):
    """What a newcomer's field added to the command looks like."""

    venue: str | None = None


def test_a_field_added_later_keeps_old_keys_valid_and_binds_new_ones() -> None:
    unset = _ActivityWithVenue(**PLAIN_ACTIVITY.fields())
    assert fingerprint(unset.payload(id=TEACHER)) == GOLDEN[1][1]
    venue = dataclasses.replace(unset, venue="Utrecht")
    assert venue.payload(id=TEACHER)["venue"] == "Utrecht"
    assert fingerprint(venue.payload(id=TEACHER)) != GOLDEN[1][1]


def test_build_from_the_request_schema_gives_the_command() -> None:
    body = ActivityCreate.model_validate(
        {
            "kind": "course",
            "title": "Rekendidactiek",
            "occurred_on": "2025-03-14",
            "contact_hours": "12.5",
            "self_study_hours": "4",
            "competence_areas": ["didactics", "pedagogy"],
            "offering_id": "off-7",
            "evidence": "Ik leerde veel over rekenen in de klas.",
            "reflection": "Goed.",
            "cost": {"amount": "250", "paid_by": "employer"},
            "qualification_ids": ["q-1"],
            "evidence_reference": "certificaat.pdf",
        }
    )
    expected = dataclasses.replace(FULL_ACTIVITY, competence_areas=("didactics", "pedagogy"))
    assert RecordActivity.build(body.model_dump()) == expected


#: Request fields that are no part of the command: the reason travels in the context.
CONTEXT_FIELDS = {"reason"}
#: Command fields the request names in its address, not its body.
PATH_FIELDS = {"activity_id", "leave_id", "qualification_id"}
#: Command fields no request sets: the register sets them (confirming a participation) or a
#: caller in the same process chooses them (the demo, the tests: an appointment's id).
REGISTER_FIELDS = {"participation_id", "appointment_id"}


@pytest.mark.parametrize(
    ("schema", "command"),
    [
        (ActivityCreate, RecordActivity),
        (LeaveCreate, RecordLeave),
        (AppointmentCreate, RecordAppointment),
        (Correction, CorrectPersonalData),
        (TeacherCreate, AdmitTeacher),
        (Withdrawal, WithdrawActivity),
        (LeaveApproval, ApproveLeave),
        (LeaveRejection, RejectLeave),
        (ReRegistrationCreate, ReRegister),
        (StrikeOffCreate, StrikeOff),
        (ReinstatementCreate, Reinstate),
        (MoveToRegisterCreate, MoveToRegister),
    ],
    ids=[
        "activity",
        "leave",
        "appointment",
        "correction",
        "admission",
        "withdrawal",
        "approval",
        "rejection",
        "re_registration",
        "strike_off",
        "reinstatement",
        "move_to_register",
    ],
)
def test_request_schema_has_the_commands_fields(
    schema: type[BaseModel], command: type[Command]
) -> None:
    """A field added to the command and not to its request schema (or the other way round)
    fails here; required and default agree."""
    fields = {f.name: f for f in dataclasses.fields(command)}
    asked = {n: f for n, f in fields.items() if n not in REGISTER_FIELDS | PATH_FIELDS}
    accepted = {n: f for n, f in schema.model_fields.items() if n not in CONTEXT_FIELDS}
    assert set(accepted) == set(asked)
    for name, f in asked.items():
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        assert accepted[name].is_required() == required, name
        if not required:
            assert accepted[name].default == f.default, name


def test_the_event_records_every_field_of_the_command_and_the_activity_holds_it() -> None:
    """The aggregate passes the command's fields to `ActivityRecorded` as they are; the
    activity holds every field of the event."""
    base = {f.name for f in dataclasses.fields(Teacher.Event)}
    recorded = {f.name for f in dataclasses.fields(Teacher.ActivityRecorded)} - base
    assert {f.name for f in dataclasses.fields(RecordActivity)} <= recorded
    assert recorded <= {f.name for f in dataclasses.fields(Activity)}


@pytest.mark.parametrize(
    ("command", "event"),
    [
        (AdmitTeacher, Teacher.Admitted),
        (WithdrawActivity, Teacher.ActivityWithdrawn),
        (ApproveLeave, Teacher.LeaveApproved),
        (RejectLeave, Teacher.LeaveRejected),
        (ReRegister, Teacher.ReRegistered),
        (StrikeOff, Teacher.StruckOff),
        (Reinstate, Teacher.Reinstated),
        (MoveToRegister, Teacher.MovedToRegister),
    ],
    ids=[
        "admission",
        "withdrawal",
        "approval",
        "rejection",
        "re_register",
        "strike_off",
        "reinstate",
        "move_to_register",
    ],
)
def test_the_event_has_a_field_for_every_field_of_the_command(
    command: type[Command], event: type[Teacher.Event]
) -> None:
    """A field added to the command and not to its event would be asked and then lost (the
    hearing date of a strike-off is kept in the decision's receipt, among its inputs; the
    diploma's date of a move to the register is the event's new period start)."""
    elsewhere = {
        StrikeOff: {"heard_on": None},
        MoveToRegister: {"qualified_on": "new_period_start"},
    }
    kept = elsewhere.get(command, {})
    names = {kept.get(f.name, f.name) for f in dataclasses.fields(command)} - {None}
    assert names <= {f.name for f in dataclasses.fields(event)}
