"""Services on both stores with a clock the tests move forward, and a teacher to share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from uuid import UUID

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands.deliveries import ConfirmAppointment
from domain.register import Context
from domain.values import Actor
from tests.api.web.conftest import browser, signed_in  # noqa: F401 (the pages' fixtures)
from tests.conftest import TODAY
from tests.decision_helpers import MovableClock, admit, clocked_services, record

BOARD = "41234"
OTHER_BOARD = "49999"


@dataclass(frozen=True)
class Sharer:
    """A teacher employed by BOARD (confirmed), with two activities."""

    teacher_id: str
    qualification_id: str
    shared_activity: str
    private_activity: str
    appointment_id: str


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(TODAY)


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def sharer(services: Services) -> Callable[..., Sharer]:
    """A fresh teacher; `confirmed=False` leaves the appointment unconfirmed."""

    def make(*, confirmed: bool = True) -> Sharer:
        register = services.register
        admitted = admit(register)
        tid = admitted.teacher_id
        me = Context(Actor("teacher", str(tid)))
        (appointment_id,) = register.get_teacher(tid).appointments
        if confirmed:
            register.confirm_appointment(
                tid, ConfirmAppointment(appointment_id=appointment_id), ctx=me
            )
        shared = record(register, tid, kind="course", hours=30)
        private = record(register, tid, kind="study_day", hours=8, areas=("didactics",))
        return Sharer(str(tid), admitted.qualification_id, shared, private, appointment_id)

    return make


def teacher_ctx(teacher_id: str | UUID) -> Context:
    return Context(Actor("teacher", str(teacher_id)))
