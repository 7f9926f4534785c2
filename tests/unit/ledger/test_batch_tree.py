"""The batch path (level by level) computes exactly what the reference tree and encoding do."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.ledger.batch import LEAF_COPY_TUPLE, BatchTree, LeafHasher
from projections.ledger.proof.encoding import event_leaf_hash
from projections.ledger.proof.merkle import DictNodeStore, IncrementalTree, range_nodes, root
from projections.projection import Note


def leaves(count: int) -> list[bytes]:
    return [hashlib.sha256(i.to_bytes(4, "big")).digest() for i in range(count)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=8))
def test_batches_of_any_sizes_build_the_reference_tree(batch_sizes: list[int]) -> None:
    """Appending in batches gives the reference roots at every size and the same nodes."""
    total = sum(batch_sizes)
    all_leaves = leaves(total)
    reference = DictNodeStore()
    reference.put_many(IncrementalTree(reference).append_many(all_leaves))
    start, frontier = 0, dict[tuple[int, int], bytes]()
    for size in batch_sizes:
        tree = BatchTree(start, frontier, all_leaves[start : start + size])
        for at in range(start, start + size + 1):
            assert tree.root_at(at) == root(all_leaves[:at])
        for level, index, digest in tree.nodes(min_level=0):
            assert reference.get(level, index) == digest
        start, frontier = tree.size, tree.frontier_after()
    assert set(frontier) == set(range_nodes(0, total))


def test_a_batch_makes_every_node_it_completes_once() -> None:
    """Eight leaves after three make the nodes the incremental tree would make, no more."""
    all_leaves = leaves(11)
    first = BatchTree(0, {}, all_leaves[:3])
    second = BatchTree(3, first.frontier_after(), all_leaves[3:])
    store = DictNodeStore()
    tree = IncrementalTree(store)
    store.put_many(tree.append_many(all_leaves[:3]))
    expected = {(level, index) for level, index, _ in tree.append_many(all_leaves[3:])}
    assert {(level, index) for level, index, _ in second.nodes(min_level=0)} == expected


@settings(max_examples=40, deadline=None)
@given(
    position=st.integers(min_value=0, max_value=2**64 - 1),
    version=st.integers(min_value=0, max_value=2**64 - 1),
    topic=st.text(max_size=30),
    state=st.binary(max_size=200),
)
def test_leaf_hasher_matches_the_reference_encoding(
    position: int, version: int, topic: str, state: bytes
) -> None:
    """The cached hasher and event_leaf_hash agree byte for byte."""
    originator = uuid.UUID(int=position % 2**128)
    expected = event_leaf_hash(position, str(originator), version, topic, state)
    hasher = LeafHasher(any_spelling=True)
    assert hasher.leaf_hash(position, originator, version, topic, state) == expected
    assert hasher.leaf_hash(position, str(originator), version, topic, state) == expected
    assert hasher.leaf_hash(position, originator.hex, version, topic, state) == expected


def test_strict_hasher_refuses_a_non_canonical_originator_id() -> None:
    """Only canonical UUID text hashes, unless any spelling is allowed (SQLite's hex)."""
    with pytest.raises(ValueError, match="canonical"):
        LeafHasher().leaf_hash(1, uuid.UUID(int=1).hex, 1, "t", b"")


def test_a_batch_of_events_hashes_like_the_reference_encoding() -> None:
    """`LeafHasher.leaves` gives each event's reference leaf hash and its ledger row."""

    @dataclass(frozen=True)
    class Event:
        id: int
        originator_id: uuid.UUID
        originator_version: int
        topic: str
        state: bytes

    originators = [uuid.UUID(int=n) for n in (7, 8)]
    events = [
        Event(n * 3 + 1, originators[n % 2], n // 2 + 1, f"domain.teacher:E{n % 3}", bytes([n]) * n)
        for n in range(12)
    ]
    hashes, rows = LeafHasher().leaves(events, 40)
    _, packed = LeafHasher().leaves(events, 40, binary=True)
    notes = [Note(e.id, e.originator_id, e.originator_version, e.topic, e.state) for e in events]
    assert LeafHasher().leaves(notes, 40) == (hashes, rows)  # the runner's named tuples
    for offset, (event, digest, row) in enumerate(zip(events, hashes, rows, strict=True)):
        expected = event_leaf_hash(
            event.id, str(event.originator_id), event.originator_version, event.topic, event.state
        )
        assert digest == expected
        fields = LEAF_COPY_TUPLE.unpack(packed[offset])
        assert fields[0] == 5  # field count, then (length, value) per field
        assert (fields[2], fields[4], fields[6].decode(), fields[8], fields[10]) == row
        assert row == (
            40 + offset,
            event.id,
            str(event.originator_id),
            event.originator_version,
            expected,
        )
