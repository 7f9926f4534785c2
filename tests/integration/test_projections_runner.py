"""The projection runner: exactly-once batches, crash safety, rebuilds side by side, gaps."""

from __future__ import annotations

import random
import threading
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from api.bootstrap import Services, build_services
from api.demo import load_demo
from api.settings import Settings
from domain.values import Cost, Name
from projections import public_register, public_register_queries
from projections.db import Db
from projections.projection import Batch, ConcurrentApplyError, Projection
from projections.registry import all_projections
from projections.staff import Staff
from tests.conftest import TODAY, settings_for
from tests.projection_helpers import activity, admit, appointment, dump


class FlakyStaff(Staff):
    """The staff model, but it fails after writing part of a batch while `fail` is set."""

    fail = False

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        super().apply(db, batch, t)
        if self.fail:
            raise RuntimeError("injected crash after writing rows")


@pytest.fixture
def flaky_services(settings: Settings) -> Iterator[Services]:
    svc = build_services(
        settings,
        clock=lambda: TODAY,
        rng=random.Random(7),
        start_projections=False,
        projections=[public_register.PublicRegister(), FlakyStaff()],
    )
    yield svc
    svc.close()


def _rows(services: Services, table: str) -> int:
    with services.projections.readers.connection() as db:
        row = db.fetchone(f"SELECT COUNT(*) FROM {table}")
        assert row is not None
        return int(row[0])


def test_crash_mid_batch_leaves_no_partial_rows_and_resumes(flaky_services: Services) -> None:
    """Rows written before the failure are rolled back with the position; healthy models go on."""
    svc = flaky_services
    runner = svc.projections
    staff = runner.projections["staff"]
    assert isinstance(staff, FlakyStaff)
    admit(svc.register, rng=random.Random(1))
    runner.catch_up_all()
    before = runner.positions()["staff"]
    for i in range(3):
        tid = admit(svc.register, rng=random.Random(10 + i)).aggregate_id
        appointment(svc.register, tid, "40001")
    staff.fail = True
    with pytest.raises(RuntimeError, match="injected"):
        runner.catch_up_all()
    assert runner.positions()["staff"] == before
    assert _rows(svc, "staff_person") == 1
    assert _rows(svc, "staff_appointment") == 0
    assert runner.positions()["public_register"] == svc.register.head_position()
    staff.fail = False
    runner.catch_up_all()
    assert _rows(svc, "staff_person") == 4
    assert _rows(svc, "staff_appointment") == 3
    live = dump(runner)
    runner.rebuild()
    assert dump(runner) == live


def test_a_batch_moved_by_another_runner_is_refused(services: Services) -> None:
    """The position update is conditional: a stale runner's batch rolls back, not doubles."""
    runner = services.projections
    admit(services.register, rng=random.Random(2))
    db = runner._db()
    members = runner._live_members(db, ["costs"])
    runner.catch_up("costs")
    with pytest.raises(ConcurrentApplyError):
        runner._step(db, members, services.register.head_position())


def test_two_runners_at_once_apply_every_event_once(services: Services) -> None:
    """Runners racing on one store (threads with their own connections) never double-count."""
    reg = services.register
    rng = random.Random(3)
    for _ in range(12):
        tid = admit(reg, rng=rng).aggregate_id
        appointment(reg, tid, "50001")
        for day in (1, 2, 3):
            activity(reg, tid, occurred_on=date(2024, 1, day), cost=_cost())
    services.projections.batch_size = 7
    other = build_services(
        services.settings, clock=lambda: TODAY, start_projections=False
    ).projections
    other.batch_size = 5
    errors: list[BaseException] = []

    def run(r: Any) -> None:
        try:
            r.catch_up_all()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in (services.projections, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.stop()
    assert errors == []
    live = dump(services.projections)
    services.projections.rebuild()
    assert dump(services.projections) == live


class CountingMapper:
    """The runner's mapper, counting the events it decodes."""

    def __init__(self, mapper: Any) -> None:
        self.mapper = mapper
        self.decoded = 0

    def to_domain_event(self, stored: Any) -> Any:
        self.decoded += 1
        return self.mapper.to_domain_event(stored)


@pytest.mark.parametrize("background", [False, True], ids=["inline", "background"])
def test_a_load_folded_from_memory_makes_the_read_models_the_log_makes(
    services: Services, background: bool
) -> None:
    """`fold_saved` (the demo's catch-up as it writes) folds the events just saved without
    decoding them again, and every read model and the ledger come out as a rebuild from the
    stored events makes them (leave, withdrawals and costs included); the same when the
    writes run in a thread of their own, one behind the generator (the command line's way)."""
    runner = services.projections
    counting = CountingMapper(runner.mapper)
    runner.mapper = counting  # type: ignore[assignment]
    saves: list[int] = []

    def fold(recordings: list[Any]) -> None:
        saves.append(len(recordings))
        runner.fold_saved(recordings)
        assert set(runner.positions().values()) == {recordings[-1].notification.id}

    summary = load_demo(
        services.register, 90, seed=4, batch_teachers=30, on_saved=fold, background=background
    )
    assert len(saves) == 3
    assert sum(saves) == summary.events
    assert counting.decoded == 0
    assert set(runner.positions().values()) == {services.register.head_position()}
    live = dump(runner)
    assert live["portfolio_activity"]
    assert live["portfolio_leave"]
    assert live["staff_appointment"]
    runner.mapper = counting.mapper
    runner.rebuild()
    assert dump(runner) == live


def test_a_failed_background_write_stops_the_load_with_its_error(services: Services) -> None:
    """A write failing in the writer's thread is raised in the caller's, and no later write
    is saved after it."""
    saves: list[int] = []

    def fold(recordings: list[Any]) -> None:
        saves.append(recordings[-1].notification.id)
        raise RuntimeError("the read models' database went away")

    with pytest.raises(RuntimeError, match="went away"):
        load_demo(services.register, 90, seed=4, batch_teachers=10, on_saved=fold, background=True)
    assert len(saves) == 1
    assert services.register.head_position() == saves[0]


def test_catch_up_reports_progress_from_where_it_began(services: Services) -> None:
    """The catch-up's progress bar counts the positions still to fold, not the whole log."""
    runner = services.projections
    admit(services.register, rng=random.Random(21))
    runner.catch_up_all()
    begun = services.register.head_position()
    for i in range(3):
        admit(services.register, rng=random.Random(22 + i))
    calls: list[tuple[int, int]] = []
    runner.catch_up_all(progress=lambda done, total: calls.append((done, total)))
    left = services.register.head_position() - begun
    assert calls
    assert calls[-1] == (left, left)


def test_rebuild_swaps_generations_while_reads_go_on(services: Services) -> None:
    """Readers see the old model until the switch and the new one after; never half of one."""
    reg = services.register
    rng = random.Random(4)
    for i in range(40):
        admit(reg, name=Name("P.", "Piet", "", f"Pietersen{i:02d}"), rng=rng)
    runner = services.projections
    runner.catch_up_all()
    runner.rebuild_batch_size = 3
    stop = threading.Event()
    seen: list[int] = []
    failures: list[BaseException] = []

    def read() -> None:
        try:
            while not stop.is_set():
                with runner.readers.connection() as db:
                    seen.append(
                        len(public_register_queries.search(db, name="pietersen", limit=100))
                    )
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    reader = threading.Thread(target=read)
    reader.start()
    try:
        result = runner.rebuild("public_register")
    finally:
        stop.set()
        reader.join()
    assert failures == []
    assert seen
    assert set(seen) == {40}
    assert result["projections"] == {"public_register": 2}
    status = {r["projection"]: r for r in runner.status()}
    assert status["public_register"]["generation"] == 2
    assert status["public_register"]["live"] is True


def test_a_changed_code_version_is_rebuilt_side_by_side(settings: Settings) -> None:
    """A projection whose version was bumped gets a fresh generation; the old one is dropped."""
    svc = build_services(settings, clock=lambda: TODAY, start_projections=False)
    try:
        admit(svc.register, rng=random.Random(5))
        svc.projections.catch_up_all()
    finally:
        svc.close()

    class StaffV2(Staff):
        version = Staff.version + 1

    projections: list[Projection] = [
        p if p.name != "staff" else StaffV2() for p in all_projections()
    ]
    svc = build_services(
        settings, clock=lambda: TODAY, start_projections=False, projections=projections
    )
    try:
        assert svc.projections.outdated() == ["staff"]
        assert svc.projections.rebuild_outdated() == ["staff"]
        status = {r["projection"]: r for r in svc.projections.status()}
        assert (status["staff"]["generation"], status["staff"]["code_version"]) == (
            2,
            Staff.version + 1,
        )
        assert _rows(svc, "staff_person") == 1
        assert len([r for r in svc.projections.status() if r["projection"] == "staff"]) == 1
    finally:
        svc.close()


def test_an_interrupted_rebuild_resumes_where_it_stopped(services: Services) -> None:
    """A rebuild that died mid-way continues from its last committed batch."""
    reg = services.register
    rng = random.Random(6)
    for _ in range(10):
        tid = admit(reg, rng=rng).aggregate_id
        activity(reg, tid, cost=_cost())
    runner = services.projections
    runner.catch_up_all()
    live = dump(runner)
    runner.rebuild_batch_size = 4
    calls = 0
    original = runner._step

    def dying_step(*args: Any, **kwargs: Any) -> int:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return original(*args, **kwargs)

    runner._step = dying_step  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        runner.rebuild()
    runner._step = original  # type: ignore[method-assign]
    building = [r for r in runner.status() if not r["live"]]
    assert building
    assert all(r["position"] > 0 for r in building)
    result = runner.rebuild()
    assert result["events"] < reg.head_position()
    assert dump(runner) == live


@pytest.mark.postgres
def test_gaps_in_notification_ids_neither_stall_nor_skip(pg_schema: str, tmp_path: Any) -> None:
    """Ids burnt by rolled-back writes leave gaps; the runner steps over them."""
    svc = build_services(
        settings_for("postgres", tmp_path, pg_schema), clock=lambda: TODAY, start_projections=False
    )
    try:
        runner = svc.projections
        runner.batch_size = 2
        admit(svc.register, rng=random.Random(8))
        with runner.readers.connection() as db:
            db.execute("SELECT setval('register_events_notification_id_seq', 50000)")
        late = admit(svc.register, name=Name("L.", "Lies", "", "Laat"), rng=random.Random(9))
        assert late.position > 50000
        runner.catch_up_all()
        assert set(runner.positions().values()) == {svc.register.head_position()}
        with runner.readers.connection() as db:
            assert [
                e["name"]["family_name"] for e in public_register_queries.search(db, name="laat")
            ] == ["Laat"]
    finally:
        svc.close()


def _cost() -> Cost:
    return Cost(Decimal("120.00"), "employer")
