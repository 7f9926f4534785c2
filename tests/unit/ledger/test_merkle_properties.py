"""The incremental, stored-subtree tree against a literal reading of RFC 9162 §2.1.

The reference functions below follow the RFC's recursive definitions word for word (MTH, PATH,
PROOF/SUBPROOF); the implementation under test instead folds stored perfect subtrees.
"""

from __future__ import annotations

import hashlib
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.ledger.proof.merkle import (
    EMPTY_ROOT,
    DictNodeStore,
    IncrementalTree,
    consistency_plan,
    consistency_proof,
    inclusion_plan,
    inclusion_proof,
    leaf_hash,
    node_hash,
    plan_node_ids,
    root,
    verify_consistency,
    verify_inclusion,
)

MAX = 600


def split(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def ref_mth(leaves: list[bytes]) -> bytes:
    if not leaves:
        return EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = split(len(leaves))
    return node_hash(ref_mth(leaves[:k]), ref_mth(leaves[k:]))


def ref_path(m: int, leaves: list[bytes]) -> list[bytes]:
    if len(leaves) == 1:
        return []
    k = split(len(leaves))
    if m < k:
        return [*ref_path(m, leaves[:k]), ref_mth(leaves[k:])]
    return [*ref_path(m - k, leaves[k:]), ref_mth(leaves[:k])]


def ref_subproof(m: int, leaves: list[bytes], b: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if b else [ref_mth(leaves)]
    k = split(n)
    if m <= k:
        return [*ref_subproof(m, leaves[:k], b), ref_mth(leaves[k:])]
    return [*ref_subproof(m - k, leaves[k:], False), ref_mth(leaves[:k])]


LEAVES = [leaf_hash(hashlib.sha256(str(i).encode()).digest()) for i in range(MAX)]


class CountingStore(DictNodeStore):
    """Counts lookups, to hold proofs to O(log n) primary-key reads."""

    lookups = 0

    def get(self, level: int, index: int) -> bytes:
        self.lookups += 1
        return super().get(level, index)


@pytest.fixture(scope="module")
def store() -> CountingStore:
    built = CountingStore()
    tree = IncrementalTree(built)
    for start in range(0, MAX, 97):  # uneven batches, as a projection would see them
        built.put_many(tree.append_many(LEAVES[start : start + 97]))
    return built


def test_incremental_root_equals_recursive_mth_for_every_size() -> None:
    store = DictNodeStore()
    tree = IncrementalTree(store)
    assert tree.root() == EMPTY_ROOT
    for size in range(1, 301):
        new = tree.append(LEAVES[size - 1])
        store.put_many(new)
        assert len(new) == 1 + ((size - 1) ^ size).bit_length() - 1  # 1 + trailing ones
        assert tree.root() == ref_mth(LEAVES[:size]) == root(LEAVES[:size])
    for size in range(301):  # every historical root, from stored perfect subtrees only
        assert tree.root_at(size) == ref_mth(LEAVES[:size])


def test_batches_equal_single_appends_and_a_reloaded_tree_continues() -> None:
    one_by_one, batched = DictNodeStore(), DictNodeStore()
    single = IncrementalTree(one_by_one)
    for leaf in LEAVES[:200]:
        one_by_one.put_many(single.append(leaf))
    first = IncrementalTree(batched)
    batched.put_many(first.append_many(LEAVES[:77]))
    reloaded = IncrementalTree(batched, size=77)  # as after a restart
    batched.put_many(reloaded.append_many(LEAVES[77:200]))
    assert batched.nodes == one_by_one.nodes
    assert reloaded.root() == single.root()


def test_overlay_serves_the_current_batch_before_it_is_stored() -> None:
    tree = IncrementalTree(DictNodeStore())
    tree.append_many(LEAVES[:37])
    assert tree.root_at(20) == ref_mth(LEAVES[:20])
    assert tree.inclusion_proof(5, 30) == ref_path(5, LEAVES[:30])
    assert tree.consistency_proof(9) == ref_subproof(9, LEAVES[:37], True)


def test_proofs_equal_the_rfc_definitions_exhaustively(store: CountingStore) -> None:
    for size in range(1, 41):
        for index in range(size):
            assert inclusion_proof(index, size, store.get) == ref_path(index, LEAVES[:size])
        for old in range(1, size + 1):
            expected = ref_subproof(old, LEAVES[:size], True)
            assert consistency_proof(old, size, store.get) == expected


def test_proofs_need_only_logarithmically_many_lookups(store: CountingStore) -> None:
    for index, size in ((0, 599), (598, 599), (300, 512), (511, 513), (257, 600)):
        bound = 2 * math.ceil(math.log2(size)) + 1
        assert len(plan_node_ids(inclusion_plan(index, size))) <= bound
        store.lookups = 0
        inclusion_proof(index, size, store.get)
        assert store.lookups <= bound
    for old, new in ((1, 600), (599, 600), (300, 513), (256, 511)):
        assert len(plan_node_ids(consistency_plan(old, new))) <= 2 * math.ceil(math.log2(new)) + 1


def test_bad_arguments_are_refused() -> None:
    tree = IncrementalTree(DictNodeStore())
    tree.append_many(LEAVES[:4])
    for call in (
        lambda: inclusion_plan(4, 4),
        lambda: inclusion_plan(-1, 4),
        lambda: consistency_plan(5, 4),
        lambda: tree.root_at(5),
        lambda: tree.inclusion_proof(0, 5),
        lambda: tree.consistency_proof(1, 5),
        lambda: tree.append(b"short"),
        lambda: IncrementalTree(DictNodeStore(), size=-1),
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - every misuse is a ValueError
            call()
    with pytest.raises(KeyError):
        IncrementalTree(DictNodeStore(), size=3)  # nothing stored for that size


sizes = st.integers(min_value=1, max_value=MAX).flatmap(
    lambda n: st.tuples(st.integers(min_value=1, max_value=n), st.just(n))
)


@settings(max_examples=100, deadline=None)
@given(sizes=sizes, data=st.data())
def test_every_inclusion_proof_verifies_and_only_for_its_leaf(
    store: CountingStore, sizes: tuple[int, int], data: st.DataObject
) -> None:
    _, size = sizes
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    tree_root = root(LEAVES[:size])
    proof = inclusion_proof(index, size, store.get)
    assert verify_inclusion(LEAVES[index], index, size, proof, tree_root)
    other = data.draw(st.integers(min_value=0, max_value=MAX - 1).filter(lambda i: i != index))
    assert not verify_inclusion(LEAVES[other], index, size, proof, tree_root)
    if other < size:
        assert not verify_inclusion(LEAVES[other], other, size, proof, tree_root)
        assert not verify_inclusion(LEAVES[index], other, size, proof, tree_root)
    other_sizes = [s for s in range(index + 1, MAX + 1) if s != size]
    if other_sizes:
        other_size = data.draw(st.sampled_from(other_sizes))
        other_root = root(LEAVES[:other_size])
        assert not verify_inclusion(LEAVES[index], index, other_size, proof, other_root)


@settings(max_examples=100, deadline=None)
@given(sizes=sizes, data=st.data())
def test_every_consistency_proof_verifies_and_only_for_its_sizes(
    store: CountingStore, sizes: tuple[int, int], data: st.DataObject
) -> None:
    old, new = sizes
    old_root, new_root = root(LEAVES[:old]), root(LEAVES[:new])
    proof = consistency_proof(old, new, store.get)
    assert verify_consistency(old, new, old_root, new_root, proof)
    if old == new:
        return
    wrong_old = data.draw(st.integers(min_value=0, max_value=new).filter(old.__ne__))
    assert not verify_consistency(wrong_old, new, root(LEAVES[:wrong_old]), new_root, proof)
    wrong_new = data.draw(st.integers(min_value=old, max_value=MAX).filter(new.__ne__))
    assert not verify_consistency(old, wrong_new, old_root, root(LEAVES[:wrong_new]), proof)
    forged = data.draw(st.integers(min_value=0, max_value=len(proof) - 1))
    tampered = list(proof)
    tampered[forged] = hashlib.sha256(tampered[forged]).digest()
    assert not verify_consistency(old, new, old_root, new_root, tampered)
