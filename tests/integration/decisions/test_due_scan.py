"""run-due reads whole only the files where a decision may be due; the others as skeletons
(every event but the activities' state, the exact version), on both stores."""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands import WithdrawActivity
from domain.decisions import CRITERIA
from domain.register import Context
from domain.register.due_batch import DueScan, UnreadPartError, read_ahead
from domain.teacher_scan import TeacherScan
from domain.values import Actor
from tests.decision_helpers import (
    REGISTRAR,
    MovableClock,
    clocked_services,
    demo_like_teacher,
    record,
)

RUN = Context(Actor("system", "run-due"), reason="run-due")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def test_only_files_with_a_period_due_are_read_whole(svc: Services, clock: MovableClock) -> None:
    register = svc.register
    register.ensure_criteria_books(RUN)
    due = demo_like_teacher(register, registered_on=date(2021, 9, 1))
    running = demo_like_teacher(register, registered_on=date(2024, 9, 1))
    book = register.criteria_book(CRITERIA)
    scan = DueScan(register, clock.today, book)
    files = {t.id: t for page in scan.pages(page_rows=7) for t in page}
    assert set(files) == {due.teacher_id, running.teacher_id}
    assert (scan.whole, scan.skeletons) == (1, 1)
    plain = {t.id: t for page in TeacherScan(register).pages() for t in page}
    whole = files[due.teacher_id]
    assert len(whole.activities) == len(plain[due.teacher_id].activities) > 0
    skeleton, full = files[running.teacher_id], plain[running.teacher_id]
    assert skeleton.version == full.version == register.get_teacher(running.teacher_id).version
    assert skeleton.qualifications == full.qualifications
    assert skeleton.appointments == full.appointments
    assert skeleton.decisions == full.decisions
    with pytest.raises(UnreadPartError):
        len(skeleton.activities)
    with pytest.raises(UnreadPartError):
        skeleton.participations_confirmed.get("x")


def test_a_skeleton_that_needs_its_activities_is_read_whole(
    svc: Services, clock: MovableClock
) -> None:
    """An event that changes an activity (here its withdrawal) cannot fold without it."""
    register = svc.register
    register.ensure_criteria_books(RUN)
    running = demo_like_teacher(register, registered_on=date(2024, 9, 1))
    activity_id = record(register, running.teacher_id, on=date(2025, 3, 1))
    register.withdraw_activity(
        running.teacher_id, WithdrawActivity(activity_id=activity_id), ctx=REGISTRAR
    )
    scan = DueScan(register, clock.today, register.criteria_book(CRITERIA))
    (teacher,) = [t for page in scan.pages() for t in page]
    assert (scan.whole, scan.skeletons) == (1, 0)
    assert teacher.activities[activity_id].withdrawn


def test_run_due_decides_as_on_whole_files(svc: Services, clock: MovableClock) -> None:
    """The run on skeletons and whole files decides what a run on whole files decides, and
    writes the other steps' events at the right versions."""
    register = svc.register
    due = demo_like_teacher(register, registered_on=date(2021, 9, 1))
    running = demo_like_teacher(register, registered_on=date(2024, 9, 1))
    report = register.run_due(clock.today, ctx=RUN).to_dict()
    assert report["decided"] == 1
    assert report["files_read"] == report["retention"]["files_read"] == 2
    decided = register.get_teacher(due.teacher_id)
    assert [d["qualification_id"] for d in decided.decisions] == [due.qualification_id]
    assert register.get_teacher(running.teacher_id).decisions == []
    again = register.run_due(clock.today, ctx=RUN).to_dict()
    assert (again["decided"], again["writes"]) == (0, 0)


_MARK: contextvars.ContextVar[str] = contextvars.ContextVar("mark", default="none")


def test_pages_are_read_ahead_in_the_callers_context_and_errors_reach_the_caller() -> None:
    seen: list[str] = []

    def pages() -> Iterator[list[Any]]:
        for i in range(3):
            seen.append(_MARK.get())
            yield [i]
        raise RuntimeError("the store went away")

    _MARK.set("run")
    got: list[list[Any]] = []
    with pytest.raises(RuntimeError, match="the store went away"):
        got.extend(read_ahead(pages()))
    assert got == [[0], [1], [2]]
    assert seen == ["run", "run", "run"]


def test_a_caller_that_stops_early_stops_the_reader() -> None:
    def pages() -> Iterator[list[Any]]:
        i = 0
        while True:
            yield [i]
            i += 1

    before = {t.name for t in threading.enumerate()}
    assert "run-due-read-ahead" not in before
    ahead = read_ahead(pages())
    assert next(ahead) == [0]
    ahead.close()
    time.sleep(0.6)
    assert "run-due-read-ahead" not in {t.name for t in threading.enumerate()}
