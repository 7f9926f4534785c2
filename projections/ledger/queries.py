"""Reading the ledger: checkpoints, inclusion and consistency proofs, and audit bundles.

Every proof is computed from the stored perfect subtrees: a plan names the O(log n) nodes it
needs, one query fetches them, and the proof is folded from them. Refusals are the domain's
errors (404 for an unknown size or position, 422 for a range that makes no sense), so the HTTP
layer answers them as problem documents.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.errors import InvalidInputError, NotFoundError
from projections.db import Db
from projections.ledger import sql
from projections.ledger.proof.bundle import BundleEvent, build_bundle
from projections.ledger.proof.checkpoint import Checkpoint, verify_checkpoint
from projections.ledger.proof.extract import ExtractEvent
from projections.ledger.proof.merkle import (
    NodeId,
    consistency_plan,
    inclusion_plan,
    plan_node_ids,
    range_nodes,
    resolve_plan,
    root_from_nodes,
)
from projections.ledger.proof.note import (
    CheckpointText,
    Note,
    NoteError,
    Signer,
    open_checkpoint,
    sign_checkpoint_note,
)
from projections.ledger.proof.policy import Policy
from projections.ledger.proof.tiles import TILE_WIDTH, Tile

_CACHED_CHECKPOINTS = 4096
_signed: dict[tuple[Any, int], Checkpoint] = {}
_edges: dict[tuple[Any, int], dict[NodeId, bytes]] = {}


@dataclass(frozen=True)
class InclusionProof:
    """Where one stored event sits in the tree of ``tree_size`` leaves, and the path to prove it."""

    position: int
    leaf_index: int
    tree_size: int
    leaf_hash: bytes
    root_hash: bytes
    proof: list[bytes]
    checkpoint: Checkpoint | None


@dataclass(frozen=True)
class ConsistencyProof:
    """That the tree of ``to_size`` leaves extends the tree of ``from_size`` leaves."""

    from_size: int
    to_size: int
    from_root_hash: bytes
    to_root_hash: bytes
    proof: list[bytes]


def latest_checkpoint(db: Db) -> Checkpoint:
    checkpoint = sql.latest_checkpoint(db)
    if checkpoint is None:
        raise NotFoundError("no checkpoint has been signed yet")
    return checkpoint


def checkpoint(db: Db, tree_size: int) -> Checkpoint:
    found = sql.checkpoint_of_size(db, tree_size)
    if found is None:
        raise NotFoundError(f"no checkpoint of tree size {tree_size}")
    return found


def _size_in_tree(db: Db, size: int, field: str) -> None:
    if size < 0:
        raise InvalidInputError.of(field, "a tree size cannot be negative")
    current = sql.tree_size(db)
    if size > current:
        raise NotFoundError(f"the ledger has {current} leaves; there is no tree of size {size}")


def _fetch(db: Db, plans: Sequence[list[tuple[tuple[int, int], ...]]]) -> sql.FetchedNodes:
    ids = set().union(*(plan_node_ids(plan) for plan in plans)) if plans else set()
    return sql.FetchedNodes(sql.fetch_nodes(db, ids))


def root_at(db: Db, size: int) -> bytes:
    return root_from_nodes(size, _fetch(db, [[range_nodes(0, size)]]).get)


def signed_checkpoint(db: Db, tree_size: int) -> Checkpoint | None:
    """The checkpoint of a size, if one was signed; cached for the proofs' hot path, since a
    kept checkpoint is never replaced (should an administrator replace it anyway, proofs are
    still given against the one first read, and expose the rewrite)."""
    key = (db.store, tree_size)
    found = _signed.get(key)
    if found is None:
        found = sql.checkpoint_of_size(db, tree_size)
        if found is not None:
            if len(_signed) >= _CACHED_CHECKPOINTS:
                _signed.clear()
            _signed[key] = found
    return found


def _edge(db: Db, size: int) -> dict[NodeId, bytes]:
    """The nodes of the tree's right edge at ``size`` (its root's nodes), cached per size: the
    ledger only appends, so they never change; an empty dict for a size beyond the tree."""
    key = (db.store, size)
    found = _edges.get(key)
    if found is None:
        found = sql.fetch_nodes(db, range_nodes(0, size))
        if len(found) < len(range_nodes(0, size)):
            return {}  # the tree is smaller: nothing to cache
        if len(_edges) >= _CACHED_CHECKPOINTS:
            _edges.clear()
        _edges[key] = found
    return found


def inclusion(db: Db, position: int, tree_size: int | None = None) -> InclusionProof:
    """The inclusion proof of the event at ``position`` (default: in the newest checkpoint).

    Two small queries when the checkpoint of ``tree_size`` was read before.
    """
    if tree_size is None:
        signed: Checkpoint | None = latest_checkpoint(db)
        assert signed is not None
        size = signed.tree_size
    else:
        if tree_size < 0:
            raise InvalidInputError.of("tree_size", "a tree size cannot be negative")
        size = tree_size
        signed = signed_checkpoint(db, size)
    leaf_index, plan, found = sql.inclusion_nodes(db, position, size, _edge(db, size))
    if leaf_index is None:
        raise NotFoundError(f"the ledger holds no event at position {position}")
    if leaf_index >= size:
        _size_in_tree(db, size, "tree_size")
        raise InvalidInputError.of(
            "tree_size",
            f"the event at position {position} is leaf {leaf_index}, outside a tree of size {size}",
        )
    nodes = sql.FetchedNodes(found)
    try:
        root_hash = root_from_nodes(size, nodes.get)
        proof = resolve_plan(plan, nodes.get)
    except KeyError:  # the tree is smaller than asked
        _size_in_tree(db, size, "tree_size")
        raise
    return InclusionProof(
        position=position,
        leaf_index=leaf_index,
        tree_size=size,
        leaf_hash=nodes.get(0, leaf_index),
        root_hash=root_hash,
        proof=proof,
        checkpoint=signed,
    )


def consistency(db: Db, from_size: int, to_size: int) -> ConsistencyProof:
    """The consistency proof between two tree sizes (RFC 9162 §2.1.4)."""
    if from_size < 0 or from_size > to_size:
        raise InvalidInputError.of("from", f"from ({from_size}) must be between 0 and to")
    _size_in_tree(db, to_size, "to")
    plan = consistency_plan(from_size, to_size)
    nodes = _fetch(db, [plan, [range_nodes(0, from_size)], [range_nodes(0, to_size)]])
    return ConsistencyProof(
        from_size=from_size,
        to_size=to_size,
        from_root_hash=root_from_nodes(from_size, nodes.get),
        to_root_hash=root_from_nodes(to_size, nodes.get),
        proof=resolve_plan(plan, nodes.get),
    )


def bundle(
    db: Db,
    teacher_id: str,
    events: Sequence[tuple[int, int, str, bytes]],
    tree_size: int | None = None,
) -> tuple[dict[str, Any], int]:
    """The audit bundle of one aggregate's stored events against one signed checkpoint.

    ``events`` are (position, version, topic, state) exactly as stored. Returns the bundle
    (``projections.ledger.proof.bundle`` layout) and how many of the events the checkpoint does not
    cover yet (signed later; fetch again after the next checkpoint).
    """
    signed = latest_checkpoint(db) if tree_size is None else checkpoint(db, tree_size)
    leaves = {row.position: row for row in sql.leaves_at_positions(db, [e[0] for e in events])}
    covered = [
        (event, leaves[event[0]])
        for event in events
        if event[0] in leaves and leaves[event[0]].leaf_index < signed.tree_size
    ]
    if not covered:
        raise NotFoundError(
            f"no event of {teacher_id} is in the checkpoint of size {signed.tree_size} yet"
        )
    plans = [inclusion_plan(leaf.leaf_index, signed.tree_size) for _, leaf in covered]
    nodes = _fetch(db, plans)
    bundle_events = [
        BundleEvent(
            position=position,
            originator_id=teacher_id,
            version=version,
            topic=topic,
            state=state,
            leaf_index=leaf.leaf_index,
            inclusion_proof=resolve_plan(plan, nodes.get),
        )
        for ((position, version, topic, state), leaf), plan in zip(covered, plans, strict=True)
    ]
    return build_bundle(teacher_id, signed, bundle_events), len(events) - len(covered)


class NotCheckpointedYetError(Exception):
    """An event an answer needs is not under a signed checkpoint yet (one follows shortly)."""


def extract_events(
    db: Db, positions: Sequence[int], *, prefer_cosigned: bool = False
) -> tuple[Checkpoint, list[ExtractEvent]]:
    """A checkpoint and, for each event at ``positions``, its leaf and inclusion proof in that
    checkpoint's tree: what a register extract rests on. The checkpoint is the newest one, or
    with ``prefer_cosigned`` the newest a witness cosigned when that one covers the events.

    NotCheckpointedYetError when one of them is not in the ledger or not under the newest
    checkpoint yet.
    """
    leaves = {row.position: row for row in sql.leaves_at_positions(db, positions)}
    candidates = [sql.latest_checkpoint(db)]
    if prefer_cosigned:
        size = sql.newest_cosigned_size(db)
        if size is not None:
            candidates.insert(0, sql.checkpoint_of_size(db, size))
    signed = next(
        (
            c
            for c in candidates
            if c is not None
            and all(p in leaves and leaves[p].leaf_index < c.tree_size for p in positions)
        ),
        None,
    )
    if signed is None:
        raise NotCheckpointedYetError(
            "the newest change is not under a signed checkpoint yet; try again in a minute"
        )
    plans = [inclusion_plan(leaves[p].leaf_index, signed.tree_size) for p in positions]
    nodes = _fetch(db, plans)
    events = [
        ExtractEvent(
            position=p,
            leaf_index=leaves[p].leaf_index,
            leaf_hash=leaves[p].hash,
            proof=tuple(resolve_plan(plan, nodes.get)),
        )
        for p, plan in zip(positions, plans, strict=True)
    ]
    return signed, events


def checkpoint_note(
    db: Db, signer: Signer, log_key: Ed25519PublicKey, checkpoint: Checkpoint
) -> Note:
    """A kept checkpoint as a C2SP signed note, with the witnesses' cosignatures kept for it.

    The note is signed on the way out, by the key that signed the kept checkpoint (Ed25519 is
    deterministic: every process serves the same bytes). A kept checkpoint whose signature
    does not hold under that key (another key, or an altered row) is not re-signed.
    """
    if not verify_checkpoint(log_key, checkpoint):
        raise NotFoundError(
            f"the checkpoint of size {checkpoint.tree_size} is not signed by the current key"
        )
    text = CheckpointText(signer.name, checkpoint.tree_size, checkpoint.root_hash)
    note = sign_checkpoint_note(text, signer)
    return note.with_signatures(sql.cosignatures(db, checkpoint.tree_size))


def published_checkpoint(db: Db, *, prefer_cosigned: bool) -> Checkpoint:
    """The checkpoint to publish: the newest, or with witnesses the newest they cosigned."""
    if prefer_cosigned:
        size = sql.newest_cosigned_size(db)
        if size is not None:
            found = sql.checkpoint_of_size(db, size)
            if found is not None:
                return found
    return latest_checkpoint(db)


@dataclass(frozen=True)
class PolicyVerdict:
    """The newest kept checkpoint whose cosignatures meet a policy's quorum, if any."""

    checkpoint: Checkpoint | None
    cosigners: list[str]
    examined: int


def quorum_checkpoint(
    db: Db, signer: Signer, log_key: Ed25519PublicKey, policy: Policy
) -> PolicyVerdict:
    """The newest checkpoint whose kept cosignatures, checked against the policy's witness
    keys, meet its quorum (``quorum none``: the newest checkpoint). A kept cosignature of a
    policy witness that does not verify disqualifies that checkpoint."""
    if policy.quorum is None:
        newest = sql.latest_checkpoint(db)
        return PolicyVerdict(newest, [], 0 if newest is None else 1)
    names = {(w.verifier.name, w.verifier.key_id): w.name for w in policy.witnesses.values()}
    sizes = sql.cosigned_sizes(db)
    for size in sizes:
        kept = sql.checkpoint_of_size(db, size)
        if kept is None:
            continue
        note = checkpoint_note(db, signer, log_key, kept)
        try:
            _, _, cosigners = open_checkpoint(
                note.render(), signer.verifier(), policy.witness_verifiers()
            )
        except NoteError:
            continue
        if policy.satisfied(cosigners):
            return PolicyVerdict(
                kept, sorted(names[(v.name, v.key_id)] for v in cosigners), len(sizes)
            )
    return PolicyVerdict(None, [], len(sizes))


def tile(db: Db, wanted: Tile) -> bytes:
    """A tile's bytes, when the newest checkpoint's tree holds all of it (404 otherwise)."""
    signed = sql.latest_checkpoint(db)
    if signed is None or wanted.needed_size() > signed.tree_size:
        raise NotFoundError(f"no tile {wanted.path()} in the newest checkpoint's tree")
    first = wanted.index * TILE_WIDTH
    hashes = sql.tile_hashes(db, wanted.node_level(), first, wanted.width)
    if len(hashes) != wanted.width:
        raise NotFoundError(f"no tile {wanted.path()} in the ledger")
    return b"".join(hashes)


def entry_positions(db: Db, wanted: Tile) -> list[int]:
    """The log positions of the events an entry bundle holds, in leaf order (404 when the
    newest checkpoint's tree does not hold the whole bundle)."""
    signed = sql.latest_checkpoint(db)
    if signed is None or wanted.needed_size() > signed.tree_size:
        raise NotFoundError(f"no entry bundle {wanted.path()} in the newest checkpoint's tree")
    positions = sql.leaf_positions(db, wanted.index * TILE_WIDTH, wanted.width)
    if len(positions) != wanted.width:
        raise NotFoundError(f"no entry bundle {wanted.path()} in the ledger")
    return positions
