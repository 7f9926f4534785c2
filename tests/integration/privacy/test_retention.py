"""The due-retention run inside run-due: strike-off grounds leave the public view when the
retention policy says, once; files that may be erased are listed, not erased."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands import AdmitTeacher, ReRegister, StrikeOff
from domain.register import Context
from domain.values import Actor, Name
from tests.decision_helpers import REGISTRAR, MovableClock, clocked_services

RUN = Context(Actor("system", "run-due"), reason="run-due")


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def svc(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    services = clocked_services(settings, clock)
    yield services
    services.close()


def _public_entry(svc: Services, register_number: str) -> tuple[str | None, list[str]]:
    svc.projections.catch_up_all()
    with svc.store.connect() as conn:
        mark = "%s" if svc.store.is_postgres else "?"
        row = conn.execute(
            "SELECT q.ground, q.annotations FROM public_register_qualification q "
            f"JOIN public_register p ON p.teacher_id = q.teacher_id WHERE p.register_number = {mark}",
            (register_number,),
        ).fetchone()
    return row[0], [a for a in ("strike_off",) if a in row[1]]


def test_strike_off_ground_leaves_the_public_view_and_the_file_is_listed(
    svc: Services, clock: MovableClock
) -> None:
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
    number = admitted.data["register_number"]
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
    assert _public_entry(svc, number) == ("own_request", ["strike_off"])
    clock.today = date(2031, 11, 27)
    early = register.run_due(clock.today, ctx=RUN).to_dict()["retention"]
    assert (early["strike_offs_expired"], early["erasable"]) == (0, [])

    clock.today = date(2031, 11, 28)
    report = register.run_due(clock.today, ctx=RUN).to_dict()["retention"]

    assert report["strike_offs_expired"] == 1
    assert report["erasable"] == [str(tid)]
    assert _public_entry(svc, number) == (None, [])
    assert register.get_teacher(tid).erased_on is None  # listed, never erased by the run
    again = register.run_due(clock.today, ctx=RUN).to_dict()["retention"]
    assert again["strike_offs_expired"] == 0


def test_annotation_leaves_the_public_view_after_its_years(
    svc: Services, clock: MovableClock
) -> None:
    """A shortfall annotated under the transition rule: public for at most `max_years`."""
    from tests.decision_helpers import demo_like_teacher

    register = svc.register
    admitted = demo_like_teacher(register)
    decided = register.re_register(
        admitted.teacher_id, ReRegister(qualification_id=admitted.qualification_id), ctx=REGISTRAR
    )
    assert decided.data["outcome"] == "annotated", decided.data
    number = register.get_teacher(admitted.teacher_id).register_number
    svc.projections.catch_up_all()
    with svc.store.connect() as conn:
        before = _annotations(conn, svc, number)
    assert '"annotation"' in before

    clock.today = date(2030, 11, 27)
    assert register.run_retention(clock.today, ctx=RUN).annotations_expired == 0
    clock.today = date(2030, 11, 28)
    assert register.run_retention(clock.today, ctx=RUN).annotations_expired == 1

    svc.projections.catch_up_all()
    with svc.store.connect() as conn:
        assert '"annotation"' not in _annotations(conn, svc, number)
    assert (
        register.get_teacher(admitted.teacher_id)
        .qualifications[admitted.qualification_id]
        .annotations
    )  # the file keeps it


def _annotations(conn: object, svc: Services, number: str) -> str:
    mark = "%s" if svc.store.is_postgres else "?"
    row = conn.execute(  # type: ignore[attr-defined]
        "SELECT q.annotations FROM public_register_qualification q JOIN public_register p "
        f"ON p.teacher_id = q.teacher_id WHERE p.register_number = {mark}",
        (number,),
    ).fetchone()
    return str(row[0])


def test_run_due_weighs_decisions_and_retention_in_one_pass(
    svc: Services, clock: MovableClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register is read once per run: each file's retention right after its decisions."""
    from domain.teacher_scan import TeacherScan
    from tests.decision_helpers import demo_like_teacher

    demo_like_teacher(svc.register)
    demo_like_teacher(svc.register)
    passes: list[int] = []
    pages = TeacherScan.pages

    def counted(self: TeacherScan, *args: object, **kwargs: object) -> Iterator[object]:
        passes.append(1)
        yield from pages(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(TeacherScan, "pages", counted)
    report = svc.register.run_due(clock.today, ctx=RUN).to_dict()
    assert len(passes) == 1
    assert report["files_read"] == report["retention"]["files_read"] == 2
