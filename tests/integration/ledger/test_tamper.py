"""An administrator who edits stored events in the database is caught and named by `verify`."""

from __future__ import annotations

import uuid

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import Services
from api.ledger_setup import ledger_key
from projections.ledger.verify import VerifyReport, verify_ledger
from tests.integration.ledger.conftest import Administrator, StoredRow


def verify(services: Services) -> VerifyReport:
    return verify_ledger(services.store, [ledger_key(services.settings).public_key()])


def canonical(originator_id: str) -> str:
    return str(uuid.UUID(originator_id))


def middle(admin: Administrator) -> StoredRow:
    rows = admin.rows()
    return rows[len(rows) // 2]


def test_an_untouched_register_verifies(register_with_ledger: Services) -> None:
    """Every event matches its leaf and every checkpoint is signed, consistent and reproduced."""
    seen: list[tuple[int, int]] = []
    report = verify_ledger(
        register_with_ledger.store,
        [ledger_key(register_with_ledger.settings).public_key()],
        progress=lambda done, total: seen.append((done, total)),
    )
    assert report.ok(), report.findings
    assert report.events == report.leaves > 100
    assert report.checkpoints >= 4
    assert seen[-1][0] == seen[-1][1]


def test_one_changed_byte_of_one_event_is_named_as_altered(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """Flipping one bit of one stored state is found, with position, file and version."""
    target = middle(admin)
    admin.flip_byte(target.position)
    report = verify(register_with_ledger)
    first = report.problems()[0]
    assert first.kind == "altered"
    assert (first.position, first.originator_id, first.version) == (
        target.position,
        canonical(target.originator_id),
        target.version,
    )
    assert f"position {target.position}" in first.message


def test_a_deleted_event_is_named_as_missing(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """A deleted event is named from what the ledger remembers of it."""
    target = middle(admin)
    admin.delete(target.position)
    first = verify(register_with_ledger).problems()[0]
    assert first.kind == "missing"
    assert (first.position, first.originator_id, first.version) == (
        target.position,
        canonical(target.originator_id),
        target.version,
    )


def test_two_swapped_events_are_named_as_reordered(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """Swapping two events' places in the log names the first one out of place."""
    rows = admin.rows()
    first_row, second_row = rows[20], rows[30]
    admin.swap(first_row.position, second_row.position)
    first = verify(register_with_ledger).problems()[0]
    assert first.kind == "reordered"
    assert first.position == first_row.position
    assert (first.originator_id, first.version) == (
        canonical(second_row.originator_id),
        second_row.version,
    )
    assert f"the ledger has it at position {second_row.position}" in first.message


def test_a_forged_event_appended_without_the_application_is_named(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """An event written straight into the table is not in the ledger, and verify says so."""
    forged = admin.append_forged(middle(admin))
    report = verify(register_with_ledger)
    assert not report.ok()
    first = report.problems()[0]
    assert first.kind == "pending"
    assert (first.position, first.originator_id, first.version) == (
        forged.position,
        canonical(forged.originator_id),
        forged.version,
    )


@pytest.mark.parametrize("store_kind", [pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_forged_event_slipped_into_a_gap_behind_the_ledger_is_named_as_inserted(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """A rolled-back write leaves a gap in the ids; an event forged into it is caught."""
    store = register_with_ledger.store
    with psycopg.connect(store.conninfo, autocommit=True) as conn:
        sequence = conn.execute(
            "SELECT pg_get_serial_sequence(%s, 'notification_id')",
            (f"{store.schema}.{store.events_table}",),
        ).fetchone()
        assert sequence is not None
        conn.execute(sql.SQL("SELECT nextval({})").format(sql.Literal(sequence[0])))
    gap = register_with_ledger.register.head_position() + 1
    load_demo_more(register_with_ledger)
    forged = admin.append_forged(middle(admin), position=gap)
    first = verify(register_with_ledger).problems()[0]
    assert first.kind == "inserted"
    assert (first.position, first.version) == (gap, forged.version)


def load_demo_more(services: Services) -> None:
    from api.demo import load_demo

    load_demo(services.register, 1, seed=99)
    services.projections.catch_up_all()


def test_a_rewrite_of_events_ledger_and_checkpoints_is_caught_by_a_checkpoint_kept_outside(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """An administrator with the key who rebuilds everything fools the register, not a witness."""
    from projections.ledger.queries import latest_checkpoint

    with register_with_ledger.projections.readers.connection() as db:
        witnessed = latest_checkpoint(db)
    admin.flip_byte(middle(admin).position)
    with register_with_ledger.store.connect() as conn:
        conn.execute("DELETE FROM ledger_checkpoints")
    register_with_ledger.projections.rebuild("ledger")
    key = ledger_key(register_with_ledger.settings).public_key()
    assert verify_ledger(register_with_ledger.store, [key]).ok()
    report = verify_ledger(register_with_ledger.store, [key], [("the witness", witnessed)])
    assert [f.kind for f in report.problems()] == ["checkpoint"]
    assert "the witness" in report.problems()[0].message
