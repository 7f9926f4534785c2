"""Employer data delivery on both stores: faults by row, once per id, updates, pending people."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from api.bootstrap import Services
from domain.commands import AdmitTeacher
from domain.commands.deliveries import ConfirmAppointment, Deliver, DisputeAppointment
from domain.delivery import PendingAppointments, pending_id
from domain.errors import ConflictError, InvalidInputError
from domain.register import Context, Register
from domain.values import Actor, Name, person_key
from projections import deliveries as deliveries_model
from projections import staff as staff_model
from tests.decision_helpers import REGISTRAR
from tests.procedure_helpers import BOARD, EMPLOYER, new_bsn, row


def admit(register: Register, bsn: str, birth_date: date = date(1980, 5, 1)) -> Any:
    return register.admit_teacher(
        AdmitTeacher(
            bsn=bsn,
            name=Name("J.", "Jan", "de", "Boer"),
            birth_date=birth_date,
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2024, 9, 1),
        ),
        ctx=REGISTRAR,
    )


def test_valid_rows_are_recorded_and_every_fault_is_reported(services: Services) -> None:
    register = services.register
    known = new_bsn()
    teacher = admit(register, known)
    rows = [row(known), row("123456789", fte="3"), row(new_bsn()), row(brin="XX")]
    answer = register.deliver(BOARD, Deliver(delivery_id="2026-11-a", rows=rows), ctx=EMPLOYER).data
    assert answer["accepted"] == 2
    assert [r["row"] for r in answer["rejected"]] == [2, 4]
    assert {e["field"] for e in answer["rejected"][0]["errors"]} == {"bsn", "fte"}
    assert (answer["new"], answer["not_on_file"]) == (2, 0)  # on file or not: not told
    (appointment,) = register.get_teacher(teacher.aggregate_id).appointments.values()
    assert (appointment.board_number, appointment.brin, str(appointment.fte)) == (
        BOARD,
        "01AB",
        "0.8",
    )


def test_the_same_delivery_id_again_changes_nothing(services: Services) -> None:
    register = services.register
    rows = [row(), row(new_bsn(), brin="02CD")]
    first = register.deliver(BOARD, Deliver(delivery_id="d-1", rows=rows), ctx=EMPLOYER)
    head = register.head_position()
    again = register.deliver(BOARD, Deliver(delivery_id="d-1", rows=rows), ctx=EMPLOYER)
    assert register.head_position() == head
    assert again.data["repeated"] is True
    assert again.position == first.position
    assert {k: v for k, v in again.data.items() if k != "repeated"} == first.data


def test_the_same_delivery_id_with_other_content_is_a_conflict(services: Services) -> None:
    register = services.register
    register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row()]), ctx=EMPLOYER)
    with pytest.raises(ConflictError, match="new delivery id"):
        register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row()]), ctx=EMPLOYER)


def test_a_later_delivery_updates_the_appointment_and_an_end_date_ends_it(
    services: Services,
) -> None:
    register = services.register
    bsn = new_bsn()
    teacher = admit(register, bsn)
    register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row(bsn)]), ctx=EMPLOYER)
    changed = register.deliver(
        BOARD, Deliver(delivery_id="d-2", rows=[row(bsn, fte="1.0")]), ctx=EMPLOYER
    ).data
    ended = register.deliver(
        BOARD,
        Deliver(delivery_id="d-3", rows=[row(bsn, fte="1.0", end="2026-07-31")]),
        ctx=EMPLOYER,
    )
    same = register.deliver(
        BOARD,
        Deliver(delivery_id="d-4", rows=[row(bsn, fte="1.0", end="2026-07-31")]),
        ctx=EMPLOYER,
    )
    assert (changed["new"], changed["updated"]) == (0, 1)
    assert ended.data["updated"] == 1
    assert same.data["unchanged"] == 1
    (appointment,) = register.get_teacher(teacher.aggregate_id).appointments.values()
    assert appointment.end == date(2026, 7, 31)
    assert str(appointment.fte) == "1.0"


def test_a_row_for_a_person_not_on_file_waits_under_a_keyed_hash_and_is_attached_at_admission(
    services: Services,
) -> None:
    register = services.register
    bsn = new_bsn()
    register.deliver(
        BOARD,
        Deliver(delivery_id="d-1", rows=[row(bsn), row(bsn, brin="02CD", start="2025-01-01")]),
        ctx=EMPLOYER,
    )
    key = person_key(register.secret, bsn)
    waiting: PendingAppointments = register.repository.get(pending_id(key))
    assert bsn not in str(waiting.id)
    assert len(waiting.appointments) == 2
    admitted = admit(register, bsn)
    teacher = register.get_teacher(admitted.aggregate_id)
    assert sorted(a.brin for a in teacher.appointments.values()) == ["01AB", "02CD"]
    assert admitted.version == teacher.version
    assert register.repository.get(pending_id(key)).teacher_id == teacher.id
    later = register.deliver(
        BOARD, Deliver(delivery_id="d-2", rows=[row(bsn, fte="0.4")]), ctx=EMPLOYER
    ).data
    assert (later["updated"], later["not_on_file"]) == (1, 0)


def test_a_person_admitted_meanwhile_gets_the_rows_attached_by_the_delivery(
    services: Services,
) -> None:
    """A delivery that parked rows attaches them itself when the person is on file by then."""
    register = services.register
    bsn = new_bsn()
    register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row(bsn)]), ctx=EMPLOYER)
    key = person_key(register.secret, bsn)
    # Simulate the race: the admission was saved without seeing the waiting rows.
    aggregates = register.prepare_admission(
        AdmitTeacher(
            bsn=bsn,
            name=Name("J.", "Jan", "", "Smit"),
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "po", "basis": "diploma"}],
            registered_on=None,
        ),
        ctx=REGISTRAR,
    )
    register.save(*aggregates)
    answer = register.deliver(
        BOARD, Deliver(delivery_id="d-2", rows=[row(bsn, brin="02CD")]), ctx=EMPLOYER
    ).data
    assert answer["new"] == 1
    teacher = register.get_teacher(aggregates[0].id)
    assert sorted(a.brin for a in teacher.appointments.values()) == ["01AB", "02CD"]
    assert register.repository.get(pending_id(key)).teacher_id == teacher.id


def test_a_differing_birth_date_is_told_only_to_a_board_the_teacher_confirmed(
    services: Services,
) -> None:
    """The warning would confirm to a stranger that the BSN is on file; once the teacher has
    confirmed the board's appointment, the board is told its birth date differs."""
    register = services.register
    bsn = new_bsn()
    teacher_id = admit(register, bsn, birth_date=date(1981, 1, 1)).aggregate_id
    answer = register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row(bsn)]), ctx=EMPLOYER).data
    assert (answer["new"], answer["warnings"]) == (1, [])
    (appointment_id,) = register.get_teacher(teacher_id).appointments
    register.confirm_appointment(
        teacher_id,
        ConfirmAppointment(appointment_id=appointment_id),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )
    again = register.deliver(
        BOARD, Deliver(delivery_id="d-2", rows=[row(bsn, fte="0.4")]), ctx=EMPLOYER
    ).data
    assert again["updated"] == 1
    assert again["warnings"][0]["row"] == 1
    assert again["warnings"][0]["field"] == "birth_date"


def test_the_answer_to_a_stranger_board_is_the_same_whether_or_not_the_bsn_is_on_file(
    services: Services,
) -> None:
    """Two deliveries alike but for one BSN on file and one not: the answers are equal."""
    register = services.register
    on_file = new_bsn()
    admit(register, on_file, birth_date=date(1970, 2, 2))
    bsns = [on_file, new_bsn()]
    first = [
        register.deliver(
            BOARD, Deliver(delivery_id=f"probe-{i}", rows=[row(bsn)]), ctx=EMPLOYER
        ).data
        for i, bsn in enumerate(bsns)
    ]
    again = [
        register.deliver(
            BOARD, Deliver(delivery_id=f"again-{i}", rows=[row(bsn, fte="0.4")]), ctx=EMPLOYER
        ).data
        for i, bsn in enumerate(bsns)
    ]

    def told(answer: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in answer.items() if k != "delivery_id"}

    assert told(first[0]) == told(first[1])
    assert told(again[0]) == told(again[1])
    assert (first[0]["new"], again[0]["updated"]) == (1, 1)


@pytest.mark.parametrize(
    ("board", "delivery_id", "rows", "field"),
    [
        pytest.param("4123", "d", [{}], "board_number", id="board-four-digits"),
        pytest.param(BOARD, "", [{}], "delivery_id", id="empty-delivery-id"),
        pytest.param(BOARD, "d", [], "appointments", id="no-rows"),
    ],
)
def test_a_delivery_without_board_id_or_rows_is_refused_whole(
    services: Services, board: str, delivery_id: str, rows: list[dict[str, Any]], field: str
) -> None:
    with pytest.raises(InvalidInputError) as refused:
        services.register.deliver(board, Deliver(delivery_id=delivery_id, rows=rows), ctx=EMPLOYER)
    assert field in {e.field for e in refused.value.errors}


def test_the_teacher_confirms_or_disputes_and_the_employer_sees_the_dispute(
    services: Services,
) -> None:
    register = services.register
    bsn, other = new_bsn(), new_bsn()
    tid = admit(register, bsn).aggregate_id
    tid2 = admit(register, other).aggregate_id
    register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row(bsn), row(other)]), ctx=EMPLOYER)
    (aid,) = register.get_teacher(tid).appointments
    (aid2,) = register.get_teacher(tid2).appointments
    me = Context(Actor("teacher", str(tid)), reason="mijn aanstelling is 0,6 fte")
    register.dispute_appointment(tid, DisputeAppointment(appointment_id=aid), ctx=me)
    register.confirm_appointment(
        tid2, ConfirmAppointment(appointment_id=aid2), ctx=Context(Actor("teacher", str(tid2)))
    )
    with pytest.raises(ConflictError):
        register.dispute_appointment(tid, DisputeAppointment(appointment_id=aid), ctx=me)
    assert register.get_teacher(tid).appointments[aid].confirmation == "disputed"
    assert register.get_teacher(tid2).appointments[aid2].confirmation == "confirmed"
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        listed = deliveries_model.disputes(db, BOARD)
        assert [(d["teacher_id"], d["reason"]) for d in listed] == [
            (str(tid), "mijn aanstelling is 0,6 fte")
        ]
        assert listed[0]["register_number"]
    register.deliver(BOARD, Deliver(delivery_id="d-2", rows=[row(bsn, fte="0.6")]), ctx=EMPLOYER)
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        assert deliveries_model.disputes(db, BOARD) == []
        assert deliveries_model.disputes(db, BOARD, status="answered")[0]["teacher_id"] == str(tid)
    assert register.get_teacher(tid).appointments[aid].confirmation == "unconfirmed"


def test_the_staff_view_shows_people_not_on_file_as_not_registered_until_admitted(
    services: Services,
) -> None:
    register = services.register
    bsn = new_bsn()
    register.deliver(BOARD, Deliver(delivery_id="d-1", rows=[row(bsn)]), ctx=EMPLOYER)
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        (waiting,) = deliveries_model.not_registered(db, BOARD)
        assert waiting["bsn"] == "******" + bsn[-3:]
        assert waiting["registered"] is False
        assert waiting["appointments"][0]["brin"] == "01AB"
        assert deliveries_model.not_registered(db, "99999") == []
    tid = admit(register, bsn).aggregate_id
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        assert deliveries_model.not_registered(db, BOARD) == []
        staff = staff_model.staff(db, BOARD, on=date(2026, 11, 28))
        assert [s["teacher_id"] for s in staff] == [str(tid)]


def test_a_large_delivery_is_one_write(services: Services) -> None:
    """500 rows, a tenth of them for people on file: one atomic write, one record."""
    register = services.register
    known = [new_bsn() for _ in range(50)]
    for bsn in known:
        admit(register, bsn)
    rows = [row(bsn) for bsn in known] + [row() for _ in range(450)]
    before = register.head_position()
    answer = register.deliver(BOARD, Deliver(delivery_id="big", rows=rows), ctx=EMPLOYER)
    assert answer.data["accepted"] == 500
    assert (answer.data["new"], answer.data["not_on_file"]) == (500, 0)
    # 50 appointments + 450 people kept + the record, all in one write.
    assert answer.position - before == 501
