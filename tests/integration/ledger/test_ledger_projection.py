"""The ledger projection: one leaf per stored event, signed checkpoints, and safe rebuilds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.bootstrap import Services, build_services
from api.demo import load_demo
from api.ledger_setup import ledger_key
from api.settings import Settings
from projections.ledger import queries as ledger_queries
from projections.ledger import sql as ledger_sql
from projections.ledger.projection import CheckpointSigner, Ledger, LedgerMismatchError
from projections.ledger.proof.checkpoint import verify_checkpoint
from projections.ledger.proof.encoding import event_leaf_hash
from projections.ledger.proof.merkle import (
    DictNodeStore,
    IncrementalTree,
    consistency_proof,
    inclusion_proof,
    root,
    verify_consistency,
)
from tests.integration.ledger.conftest import Administrator


def reference_leaves(services: Services) -> list[bytes]:
    """Leaf hashes of every stored event, by the reference encoding, in log order."""
    notifications = services.register.recorder.select_notifications(start=1, limit=10**6)
    return [
        event_leaf_hash(n.id, str(n.originator_id), n.originator_version, n.topic, n.state)
        for n in notifications
    ]


def ledger(services: Services) -> Ledger:
    projection = services.projections.projections["ledger"]
    assert isinstance(projection, Ledger)
    return projection


def test_the_ledger_holds_one_leaf_per_stored_event_in_log_order(
    register_with_ledger: Services,
) -> None:
    """Its root at every checkpoint is the reference RFC 9162 root of the events so far."""
    leaves = reference_leaves(register_with_ledger)
    with register_with_ledger.projections.readers.connection() as db:
        assert ledger_sql.tree_size(db) == len(leaves)
        checkpoints = ledger_sql.all_checkpoints(db)
        assert [c.tree_size for c in checkpoints] == list(range(25, len(leaves) + 1, 25))
        for checkpoint in checkpoints:
            assert checkpoint.root_hash == root(leaves[: checkpoint.tree_size])
            assert ledger_queries.root_at(db, checkpoint.tree_size) == checkpoint.root_hash
        assert ledger_queries.root_at(db, len(leaves)) == root(leaves)


def test_checkpoints_are_signed_with_the_key_in_the_data_folder(
    register_with_ledger: Services, settings: Settings
) -> None:
    """The key file is made once (mode 0600) and every checkpoint verifies under its public key."""
    path = settings.data_dir / "ledger-key.pem"
    assert path.stat().st_mode & 0o777 == 0o600
    public_key = ledger_key(settings).public_key()
    with register_with_ledger.projections.readers.connection() as db:
        assert all(verify_checkpoint(public_key, c) for c in ledger_sql.all_checkpoints(db))


def test_appending_extends_the_tree_consistently(register_with_ledger: Services) -> None:
    """Later events extend the tree: every checkpoint is consistent with every later one."""
    load_demo(register_with_ledger.register, 3, seed=11)
    register_with_ledger.projections.catch_up_all()
    leaves = reference_leaves(register_with_ledger)
    with register_with_ledger.projections.readers.connection() as db:
        checkpoints = ledger_sql.all_checkpoints(db)
        assert checkpoints[-1].root_hash == root(leaves[: checkpoints[-1].tree_size])
        for older in checkpoints[::3]:
            newer = checkpoints[-1]
            proof = ledger_queries.consistency(db, older.tree_size, newer.tree_size)
            assert verify_consistency(
                older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof.proof
            )


def test_a_quiet_log_is_signed_once_the_newest_checkpoint_is_older_than_the_interval(
    register_with_ledger: Services,
) -> None:
    """The events after the last multiple of N are signed by the runner's tick after T seconds."""
    clock = [datetime.now(UTC)]
    key = ledger_key(register_with_ledger.settings)
    ledger(register_with_ledger).configure(
        CheckpointSigner(key, every=25, seconds=60, now=lambda: clock[0])
    )
    size = len(reference_leaves(register_with_ledger))
    with register_with_ledger.projections.readers.connection() as db:
        ledger(register_with_ledger).tick(db)
        assert ledger_sql.latest_checkpoint(db).tree_size < size  # type: ignore[union-attr]
        clock[0] += timedelta(seconds=61)
        ledger(register_with_ledger)._next_tick = 0.0
        ledger(register_with_ledger).tick(db)
        latest = ledger_sql.latest_checkpoint(db)
    assert latest is not None
    assert latest.tree_size == size


def test_a_rebuild_keeps_every_checkpoint_and_reproduces_it(
    register_with_ledger: Services,
) -> None:
    """Checkpoints live outside the generations; the rebuilt tree has the same roots."""
    with register_with_ledger.projections.readers.connection() as db:
        before = ledger_sql.all_checkpoints(db)
    register_with_ledger.projections.rebuild("ledger")
    with register_with_ledger.projections.readers.connection() as db:
        assert ledger_sql.all_checkpoints(db) == before
        for checkpoint in before:
            assert ledger_queries.root_at(db, checkpoint.tree_size) == checkpoint.root_hash


def test_a_rebuild_over_altered_events_fails_and_leaves_the_ledger_as_it_was(
    register_with_ledger: Services, admin: Administrator
) -> None:
    """A rebuild cannot quietly re-certify altered history: a kept checkpoint stops it."""
    runner = register_with_ledger.projections
    with runner.readers.connection() as db:
        generation = runner.live_generation(db, "ledger")[0]
        size = ledger_sql.tree_size(db)
    admin.flip_byte(admin.rows()[5].position)
    with pytest.raises(
        LedgerMismatchError, match="does not match the signed checkpoint of size 25"
    ):
        runner.rebuild("ledger")
    with runner.readers.connection() as db:
        assert runner.live_generation(db, "ledger")[0] == generation
        assert ledger_sql.tree_size(db) == size


def test_the_signing_key_can_come_from_settings(settings: Settings) -> None:
    """LR_LEDGER_KEY (PEM text) is used instead of a key file."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    configured = settings.model_copy(update={"ledger_key": pem})
    services = build_services(configured, start_projections=False)
    try:
        load_demo(services.register, 2, seed=5)
        services.projections.catch_up_all()
        with services.projections.readers.connection() as db:
            checkpoint = ledger_queries.latest_checkpoint(db)
        assert verify_checkpoint(key.public_key(), checkpoint)
        assert not (configured.data_dir / "ledger-key.pem").exists()
    finally:
        services.close()


def test_proofs_from_the_stored_tree_equal_the_reference_proofs(
    register_with_ledger: Services,
) -> None:
    """For many sizes, every leaf's inclusion proof and every consistency proof read from the
    tables (with the low levels refolded from leaves) is the reference RFC 9162 proof."""
    leaves = reference_leaves(register_with_ledger)
    reference = DictNodeStore()
    reference.put_many(IncrementalTree(reference).append_many(leaves))
    with register_with_ledger.projections.readers.connection() as db:
        positions = [
            row[0] for row in db.fetchall("SELECT position FROM ledger_leaves ORDER BY leaf_index")
        ]
        sizes = sorted({1, 2, 3, 15, 16, 17, 31, 32, 33, 64, 100, len(leaves)})
        for size in sizes:
            for index in range(0, size, 7):
                proof = ledger_queries.inclusion(db, positions[index], size)
                assert proof.proof == inclusion_proof(index, size, reference.get)
                assert proof.root_hash == root(leaves[:size])
            for older in sizes:
                if older <= size:
                    found = ledger_queries.consistency(db, older, size)
                    assert found.proof == consistency_proof(older, size, reference.get)
