"""Reminders and the outbox on both stores: what is issued, when, to whom, and only once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands.correspondence import ChooseReminders, SetContactAddress
from domain.commands.erasure import ErasePersonalData
from domain.commands.hearings import ProposeStrikeOff
from domain.correspondence import Correspondence, add_months, reminder_due
from domain.errors import ConflictError, InvalidInputError
from domain.register import Context
from domain.values import Actor
from projections.db import Db
from tests.decision_helpers import REGISTRAR, MovableClock, clocked_services
from tests.reminder_helpers import (
    outbox_kinds,
    strike_off_on_request,
    teacher_ctx,
    with_address,
)

PERIOD_END = date(2027, 5, 14)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def world(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def db(world: Services) -> Iterator[Db]:
    handle = Db(world.store)
    yield handle
    handle.close()


def run_due(world: Services, clock: MovableClock) -> dict[str, int]:
    report = world.register.run_due(clock.today, ctx=REGISTRAR).to_dict()
    world.projections.catch_up()
    issued: dict[str, int] = report["reminders"]["issued"]
    return issued


@pytest.mark.parametrize(
    ("on", "due"),
    [
        pytest.param(date(2026, 11, 13), None, id="more-than-six-months-out"),
        pytest.param(date(2026, 11, 14), 6, id="six-months-to-the-day"),
        pytest.param(date(2027, 2, 13), 6, id="a-day-before-three-months"),
        pytest.param(date(2027, 2, 14), 3, id="three-months-to-the-day"),
        pytest.param(PERIOD_END, 3, id="the-last-day"),
        pytest.param(date(2027, 5, 15), None, id="ended"),
    ],
)
def test_the_nearest_threshold_passed_is_due(on: date, due: int | None) -> None:
    """Six months, then three; a period that ended is decided, not reminded."""
    assert reminder_due(PERIOD_END, on) == due


def test_a_month_without_the_day_ends_on_its_last_day() -> None:
    assert add_months(date(2027, 8, 31), -6) == date(2027, 2, 28)
    assert add_months(date(2028, 8, 31), -6) == date(2028, 2, 29)


def test_run_due_issues_each_reminder_once_six_then_three_months_out(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """Each threshold once per period, however often run-due runs."""
    anna = with_address(world.register)
    assert run_due(world, clock) == {"6": 1}
    assert run_due(world, clock) == {}
    clock.today = date(2027, 2, 14)
    assert run_due(world, clock) == {"3": 1}
    assert run_due(world, clock) == {}
    assert outbox_kinds(db, anna.teacher_id) == ["reminder", "reminder"]


def test_no_reminder_without_an_address_or_after_opting_out(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """Opting out stops reminders; a teacher without an address gets none either."""
    anna = with_address(world.register)
    register = world.register
    register.choose_reminders(
        anna.teacher_id, ChooseReminders(wanted=False), ctx=teacher_ctx(anna.teacher_id)
    )
    assert run_due(world, clock) == {}
    # back in: the threshold due now is issued
    register.choose_reminders(
        anna.teacher_id, ChooseReminders(wanted=True), ctx=teacher_ctx(anna.teacher_id)
    )
    assert run_due(world, clock) == {"6": 1}
    register.set_contact_address(
        anna.teacher_id, SetContactAddress(address=None), ctx=teacher_ctx(anna.teacher_id)
    )
    clock.today = date(2027, 2, 14)
    assert run_due(world, clock) == {}
    assert outbox_kinds(db, anna.teacher_id) == ["reminder"]


def test_opting_out_stops_reminders_but_not_decisions_or_hearings(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """Decisions and hearings need the teacher: they are queued whatever the choice."""
    register = world.register
    anna = with_address(register)
    register.choose_reminders(
        anna.teacher_id, ChooseReminders(wanted=False), ctx=teacher_ctx(anna.teacher_id)
    )
    register.propose_strike_off(
        anna.teacher_id,
        ProposeStrikeOff(qualification_id=anna.qualification_id, ground="incorrect_data"),
        ctx=REGISTRAR,
    )
    assert run_due(world, clock) == {}
    bert = with_address(register, "bert@example.nl")
    register.choose_reminders(
        bert.teacher_id, ChooseReminders(wanted=False), ctx=teacher_ctx(bert.teacher_id)
    )
    strike_off_on_request(register, bert, clock.today)
    world.projections.catch_up()
    assert outbox_kinds(db, anna.teacher_id) == ["hearing"]
    assert outbox_kinds(db, bert.teacher_id) == ["decision"]


def test_a_reminder_issued_before_the_opt_out_was_folded_is_still_a_reminder_declined(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """The outbox folds the log in order: a reminder issued, then declined before the outbox
    caught up, is queued (it was wanted when issued); one issued after the opt-out never is."""
    anna = with_address(world.register)
    world.register.run_due(clock.today, ctx=REGISTRAR)
    world.register.choose_reminders(
        anna.teacher_id, ChooseReminders(wanted=False), ctx=teacher_ctx(anna.teacher_id)
    )
    world.projections.catch_up()
    assert outbox_kinds(db, anna.teacher_id) == ["reminder"]


def test_messages_go_to_the_address_set_when_the_event_happened(
    world: Services, clock: MovableClock, db: Db
) -> None:
    register = world.register
    anna = with_address(register, "oud@example.nl")
    register.propose_strike_off(
        anna.teacher_id,
        ProposeStrikeOff(qualification_id=anna.qualification_id, ground="incorrect_data"),
        ctx=REGISTRAR,
    )
    register.set_contact_address(
        anna.teacher_id,
        SetContactAddress(address="nieuw@Example.NL"),
        ctx=teacher_ctx(anna.teacher_id),
    )
    strike_off_on_request(register, anna, clock.today)
    world.projections.catch_up()
    rows = db.fetchall(
        "SELECT kind, recipient, name FROM lr_outbox WHERE teacher_id = ? ORDER BY position",
        (str(anna.teacher_id),),
    )
    assert rows == [
        ("hearing", "oud@example.nl", "A. de Vries"),
        ("decision", "nieuw@example.nl", "A. de Vries"),
    ]


def test_a_rebuild_of_the_outbox_queues_nothing_again(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """Message ids derive from the events: folding the log again finds every row there."""
    anna = with_address(world.register)
    strike_off_on_request(world.register, anna, clock.today)
    run_due(world, clock)
    before = db.fetchall("SELECT outbox_id, created_at FROM lr_outbox ORDER BY outbox_id")
    assert len(before) == 1  # the decision (a struck-off qualification gets no reminder)
    world.projections.rebuild("outbox")
    after = db.fetchall("SELECT outbox_id, created_at FROM lr_outbox ORDER BY outbox_id")
    assert after == before
    contact = db.fetchall("SELECT address, reminders FROM outbox_contact")
    assert contact == [("anna@example.nl", 1)]


def test_an_erasure_empties_the_outbox_of_the_person(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """No address or name stays; what was not sent goes nowhere."""
    register = world.register
    anna = with_address(register)
    strike_off_on_request(register, anna, clock.today)
    world.projections.catch_up()
    assert outbox_kinds(db, anna.teacher_id) == ["decision"]
    clock.today = date(2032, 1, 2)
    register.erase_personal_data(
        anna.teacher_id,
        ErasePersonalData(),
        ctx=Context(Actor("registrar", "r1"), reason="retention passed"),
    )
    world.projections.catch_up()
    rows = db.fetchall(
        "SELECT recipient, name, status FROM lr_outbox WHERE teacher_id = ?",
        (str(anna.teacher_id),),
    )
    assert rows == [("", "", "dropped")]
    assert db.fetchall("SELECT * FROM outbox_contact") == []
    with pytest.raises(ConflictError):
        register.set_contact_address(
            anna.teacher_id,
            SetContactAddress(address="x@example.nl"),
            ctx=teacher_ctx(anna.teacher_id),
        )


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("geen-adres", id="no-at"),
        pytest.param("a@b", id="no-dot-in-domain"),
        pytest.param("anna @example.nl", id="space"),
        pytest.param("anna@example.nl\r\nBcc: x@y.nl", id="header-injection"),
        pytest.param("a" * 250 + "@example.nl", id="too-long"),
    ],
)
def test_an_address_the_register_cannot_write_to_is_refused(world: Services, address: str) -> None:
    anna = with_address(world.register)
    with pytest.raises(InvalidInputError) as refused:
        world.register.set_contact_address(
            anna.teacher_id, SetContactAddress(address=address), ctx=teacher_ctx(anna.teacher_id)
        )
    assert refused.value.errors[0].field == "address"
    found = world.register.correspondence_of(anna.teacher_id)
    assert isinstance(found, Correspondence)
    assert found.address == "anna@example.nl"


def test_the_address_is_sealed_in_the_stored_event(world: Services) -> None:
    """Personal data: the address and name are encrypted with the teacher's key."""
    anna = with_address(world.register, "geheim@example.nl")
    found = world.register.correspondence_of(anna.teacher_id)
    assert found is not None
    states = [s for _, _, _, s in world.register.events_with_positions(found.id)]
    assert states
    assert all(b"geheim@example.nl" not in s and b"Vries" not in s for s in states)
    assert found.address == "geheim@example.nl"
