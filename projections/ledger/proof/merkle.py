"""RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proofs, for an incremental tree.

The tree is stored as the hashes of its *perfect* subtrees only: node ``(level, index)`` is the
Merkle tree hash of leaves ``[index * 2**level, (index + 1) * 2**level)``, level 0 being the leaf
hashes. Perfect subtrees never change once their last leaf is appended, so a table with primary
key ``(level, index)`` is append-only, exactly like the event log it covers. Everything else (the
root of any size, now or in the past, and every proof) is the right fold of at most ``log2 n``
such nodes:

    MTH(D[start:start+size]) = fold_right(node_hash, perfect subtrees covering the range)

which is the RFC's recursive definition unrolled (the left part of every split is perfect).

Proofs are produced in two steps so that a server can fetch all nodes in one query: a *plan*
(``inclusion_plan``, ``consistency_plan``) lists, per proof element, the node ids whose fold is
that element; ``resolve_plan`` turns it into hashes through any ``get_node(level, index)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

NodeId = tuple[int, int]
"""``(level, index)`` of a perfect subtree."""

Plan = list[tuple[NodeId, ...]]
"""Per proof element, the perfect subtrees whose right fold is that element."""

GetNode = Callable[[int, int], bytes]

Node = tuple[int, int, bytes]
"""``(level, index, hash)`` of a stored perfect subtree: a plain tuple, cheap to create by the
million and ready for ``executemany``."""


class NodeStore(Protocol):
    """Where perfect-subtree hashes live (a SQL table in production).

    ``get`` raises KeyError for a node that is not stored.
    """

    def get(self, level: int, index: int) -> bytes: ...


class DictNodeStore:
    """In-memory node store, for tests and for recomputing a tree during verification."""

    def __init__(self, nodes: Iterable[Node] = ()) -> None:
        self.nodes: dict[NodeId, bytes] = {}
        self.put_many(nodes)

    def get(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]

    def put_many(self, nodes: Iterable[Node]) -> None:
        for level, index, digest in nodes:
            self.nodes[(level, index)] = digest

    def __len__(self) -> int:
        return len(self.nodes)


def leaf_hash(data: bytes) -> bytes:
    """SHA-256(0x00 || data): the 0x00 prefix keeps a leaf from ever passing for an inner node."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two strictly smaller than ``size`` (size >= 2): RFC 9162's k."""
    return 1 << ((size - 1).bit_length() - 1)


def _fold(hashes: Sequence[bytes]) -> bytes:
    """Right fold of a range's perfect subtrees, given left to right (MTH of the range)."""
    if not hashes:
        return EMPTY_ROOT
    acc = hashes[-1]
    for left in reversed(hashes[:-1]):
        acc = node_hash(left, acc)
    return acc


def range_nodes(start: int, size: int) -> tuple[NodeId, ...]:
    """The perfect subtrees covering leaves ``[start, start + size)``, left to right.

    Valid for the ranges the RFC recursion produces, whose start is a multiple of every piece.
    """
    nodes: list[NodeId] = []
    offset = start
    for level in range(size.bit_length() - 1, -1, -1):
        if size >> level & 1:
            if offset % (1 << level):
                raise ValueError(f"range [{start}, {start + size}) is not aligned")
            nodes.append((level, offset >> level))
            offset += 1 << level
    return tuple(nodes)


def root(leaf_hashes: Iterable[bytes]) -> bytes:
    """MTH of a whole list of leaf hashes (streaming; memory O(log n))."""
    stack: list[tuple[int, bytes]] = []
    for leaf in leaf_hashes:
        digest, level = leaf, 0
        while stack and stack[-1][0] == level:
            digest = node_hash(stack.pop()[1], digest)
            level += 1
        stack.append((level, digest))
    return _fold([digest for _, digest in stack])


def root_from_nodes(size: int, get_node: GetNode) -> bytes:
    """The root of the tree of ``size`` leaves, from at most log2(size) + 1 stored nodes."""
    return _fold([get_node(level, index) for level, index in range_nodes(0, size)])


def inclusion_plan(index: int, size: int) -> Plan:
    """Node ids of PATH(index, D[size]) (RFC 9162 §2.1.3.1), the leaf's sibling first.

    At most one element is a fold of several nodes (the ragged right edge of the tree), so the
    plan needs O(log n) nodes in all.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    plan: Plan = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            plan.append(range_nodes(start + k, end - start - k))
            end = start + k
        else:
            plan.append(range_nodes(start, k))
            start += k
    plan.reverse()
    return plan


def consistency_plan(old_size: int, new_size: int) -> Plan:
    """Node ids of PROOF(m, D[n]) (RFC 9162 §2.1.4.1); empty when m is 0 or m == n."""
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    plan: Plan = []
    if old_size in (0, new_size):
        return plan
    start, end, is_old_root = 0, new_size, True
    while True:
        size = end - start
        if old_size - start == size:
            if not is_old_root:
                plan.append(range_nodes(start, size))
            break
        k = _split(size)
        if old_size - start <= k:
            plan.append(range_nodes(start + k, size - k))
            end = start + k
        else:
            plan.append(range_nodes(start, k))
            start += k
            is_old_root = False
    plan.reverse()
    return plan


def plan_node_ids(plan: Plan) -> set[NodeId]:
    """Every node a plan needs, to fetch them in one query."""
    return {node for element in plan for node in element}


def resolve_plan(plan: Plan, get_node: GetNode) -> list[bytes]:
    """Turn a plan into the proof's hashes."""
    return [_fold([get_node(level, index) for level, index in element]) for element in plan]


def inclusion_proof(index: int, size: int, get_node: GetNode) -> list[bytes]:
    """The audit path of leaf ``index`` in the tree of ``size`` leaves."""
    return resolve_plan(inclusion_plan(index, size), get_node)


def consistency_proof(old_size: int, new_size: int, get_node: GetNode) -> list[bytes]:
    """The proof that the tree of ``new_size`` leaves extends the tree of ``old_size``."""
    return resolve_plan(consistency_plan(old_size, new_size), get_node)


def _well_formed(*hashes: bytes) -> bool:
    return all(isinstance(h, bytes) and len(h) == HASH_SIZE for h in hashes)


def verify_inclusion(
    leaf: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """RFC 9162 §2.1.3.2: does ``proof`` place ``leaf`` at ``index`` under ``root_hash``?"""
    if not 0 <= index < size or not _well_formed(leaf, root_hash, *proof):
        return False
    fn, sn, acc = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            acc = node_hash(sibling, acc)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            acc = node_hash(acc, sibling)
        fn >>= 1
        sn >>= 1
    return sn == 0 and acc == root_hash


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 §2.1.4.2: does the tree with ``new_root`` extend the one with ``old_root``?

    The RFC leaves the trivial cases open; as transparency-dev does, an empty old tree is
    extended by any tree and equal sizes need equal roots, both with an empty proof.
    """
    if not 0 <= old_size <= new_size or not _well_formed(old_root, new_root, *proof):
        return False
    if old_size == 0:
        return not proof and old_root == EMPTY_ROOT
    if old_size == new_size:
        return not proof and old_root == new_root
    path = list(proof)
    if not path:
        return False
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


class IncrementalTree:
    """An append-only tree over a node store that never recomputes what is stored.

    It keeps the *frontier* (the perfect subtrees of the current size, one per set bit) in
    memory, loaded once from the store, so appending leaf n costs 1 + trailing-ones(n) hashes
    and no lookups. The nodes of the latest batch are kept in an overlay on top of the store, so
    roots and proofs of sizes inside that batch work before the caller has written them.

    The tree never writes to the store: the caller persists the returned nodes, together with
    its tracking position, in one transaction. After a rollback, build a new tree from the store.
    """

    def __init__(self, store: NodeStore, size: int = 0) -> None:
        if size < 0:
            raise ValueError("tree size cannot be negative")
        self._store = store
        self._size = size
        self._batch: list[Node] = []
        self._overlay: dict[NodeId, bytes] | None = None
        self._frontier: list[tuple[int, bytes]] = [
            (level, store.get(level, index)) for level, index in range_nodes(0, size)
        ]

    @property
    def size(self) -> int:
        return self._size

    def get_node(self, level: int, index: int) -> bytes:
        """A perfect-subtree hash, from the latest batch or else the store."""
        if self._overlay is None:  # built on first use: most batches never need it
            self._overlay = {(lvl, idx): digest for lvl, idx, digest in self._batch}
        pending = self._overlay.get((level, index))
        return pending if pending is not None else self._store.get(level, index)

    def append(self, leaf: bytes) -> list[Node]:
        """Append one leaf hash; return the new nodes to store (the leaf itself first)."""
        return self.append_many((leaf,))

    def append_many(self, leaves: Iterable[bytes]) -> list[Node]:
        """Append a batch of leaf hashes; return every new node, in creation order.

        The overlay is replaced by this batch: the previous batch must have been stored by now.
        A leaf that is not 32 bytes raises ValueError and leaves this tree unusable: build a new
        one from the store. This loop is the ledger's hot path, hence the inlined hashing.
        """
        sha256 = hashlib.sha256
        frontier = self._frontier
        size = self._size
        created: list[Node] = []
        add = created.append
        for leaf in leaves:
            if len(leaf) != HASH_SIZE or not isinstance(leaf, bytes):
                raise ValueError("a leaf hash is 32 bytes")  # the tree must then be discarded
            digest, level, index = leaf, 0, size
            add((0, index, digest))
            while frontier and frontier[-1][0] == level:
                digest = sha256(b"\x01" + frontier.pop()[1] + digest).digest()
                level += 1
                index >>= 1
                add((level, index, digest))
            frontier.append((level, digest))
            size += 1
        self._size = size
        self._batch = created
        self._overlay = None
        return created

    def root(self) -> bytes:
        """The current root, from the frontier alone."""
        return _fold([digest for _, digest in self._frontier])

    def root_at(self, size: int) -> bytes:
        """The root the tree had at ``size`` leaves, from O(log n) stored perfect subtrees."""
        if not 0 <= size <= self._size:
            raise ValueError(f"size {size} is outside 0..{self._size}")
        if size == self._size:
            return self.root()
        return root_from_nodes(size, self.get_node)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """Inclusion proof of leaf ``index`` in the tree at ``size`` (default: now)."""
        size = self._size if size is None else size
        if size > self._size:
            raise ValueError(f"size {size} is beyond the tree ({self._size} leaves)")
        return inclusion_proof(index, size, self.get_node)

    def consistency_proof(self, old_size: int, new_size: int | None = None) -> list[bytes]:
        """Consistency proof from ``old_size`` to ``new_size`` (default: now)."""
        new = self._size if new_size is None else new_size
        if new > self._size:
            raise ValueError(f"size {new} is beyond the tree ({self._size} leaves)")
        return consistency_proof(old_size, new, self.get_node)
