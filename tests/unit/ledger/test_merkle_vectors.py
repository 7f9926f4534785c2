"""Known-answer tests of the RFC 9162 hashing and proofs.

The vectors are the published Certificate Transparency test vectors for the standard 8 test
leaves, as kept by transparency-dev/merkle (the successor of the certificate-transparency C++
and Go ``merkle_tree_test`` vectors):

- leaf inputs, node hashes of every perfect subtree and roots of sizes 0..8:
  https://github.com/transparency-dev/merkle/blob/main/testonly/constants.go
- inclusion and consistency proofs:
  https://github.com/transparency-dev/merkle/blob/main/testonly/reference_test.go and
  https://github.com/transparency-dev/merkle/blob/main/proof/verify_test.go

They were written into this file by hand (hex below), not copied from files.
"""

from __future__ import annotations

import pytest

from projections.ledger.proof.merkle import (
    EMPTY_ROOT,
    DictNodeStore,
    IncrementalTree,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    node_hash,
    root,
    verify_consistency,
    verify_inclusion,
)

LEAF_INPUTS = [
    bytes.fromhex(h)
    for h in (
        "",
        "00",
        "10",
        "2021",
        "3031",
        "40414243",
        "5051525354555657",
        "606162636465666768696a6b6c6d6e6f",
    )
]

# NODES[level][index]: the hash of every perfect subtree of the 8-leaf tree.
NODES = [
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7",
        "07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658",
        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
        "46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1",
    ],
    [
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
    ],
    [
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    ["5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"],
]

# ROOTS[n]: the root of the tree of the first n leaves.
ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def n(level: int, index: int) -> str:
    return NODES[level][index]


# (leaf index, tree size, proof)
INCLUSION = [
    (0, 1, []),
    (0, 2, [n(0, 1)]),
    (1, 2, [n(0, 0)]),
    (2, 3, [n(1, 0)]),
    (1, 5, [n(0, 0), n(1, 1), n(0, 4)]),
    (0, 8, [n(0, 1), n(1, 1), n(2, 1)]),
    (5, 8, [n(0, 4), n(1, 3), n(2, 0)]),
]

# (old size, new size, proof)
CONSISTENCY = [
    (1, 1, []),
    (1, 8, [n(0, 1), n(1, 1), n(2, 1)]),
    (2, 5, [n(1, 1), n(0, 4)]),
    (6, 8, [n(1, 2), n(1, 3), n(2, 0)]),
    (6, 7, [n(1, 2), n(0, 6), n(2, 0)]),
]


def h(hexes: list[str]) -> list[bytes]:
    return [bytes.fromhex(x) for x in hexes]


@pytest.fixture(scope="module")
def tree() -> IncrementalTree:
    store = DictNodeStore()
    built = IncrementalTree(store)
    store.put_many(built.append_many(leaf_hash(data) for data in LEAF_INPUTS))
    return built


def test_hash_primitives() -> None:
    assert EMPTY_ROOT.hex() == ROOTS[0]
    assert [leaf_hash(d).hex() for d in LEAF_INPUTS] == NODES[0]
    assert node_hash(bytes.fromhex(n(0, 0)), bytes.fromhex(n(0, 1))).hex() == n(1, 0)


def test_every_stored_node_matches_the_published_subtree_hashes(tree: IncrementalTree) -> None:
    for level, row in enumerate(NODES):
        for index, expected in enumerate(row):
            assert tree.get_node(level, index).hex() == expected


@pytest.mark.parametrize("size", range(9))
def test_roots(size: int, tree: IncrementalTree) -> None:
    assert root(leaf_hash(d) for d in LEAF_INPUTS[:size]).hex() == ROOTS[size]
    assert tree.root_at(size).hex() == ROOTS[size]


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION)
def test_inclusion_proofs(index: int, size: int, proof: list[str], tree: IncrementalTree) -> None:
    assert inclusion_proof(index, size, tree.get_node) == h(proof)
    leaf = leaf_hash(LEAF_INPUTS[index])
    root_hash = bytes.fromhex(ROOTS[size])
    assert verify_inclusion(leaf, index, size, h(proof), root_hash)


@pytest.mark.parametrize(("old", "new", "proof"), CONSISTENCY)
def test_consistency_proofs(old: int, new: int, proof: list[str], tree: IncrementalTree) -> None:
    assert consistency_proof(old, new, tree.get_node) == h(proof)
    roots = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    assert verify_consistency(old, new, *roots, h(proof))


SOME_HASH = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")


@pytest.mark.parametrize(("index", "size", "proof"), [v for v in INCLUSION if v[2]])
def test_corrupted_inclusion_proofs_fail(index: int, size: int, proof: list[str]) -> None:
    """The corruptions of transparency-dev's verifier tests: each must be refused."""
    good, leaf, root_hash = h(proof), leaf_hash(LEAF_INPUTS[index]), bytes.fromhex(ROOTS[size])
    probes = [
        (leaf, index - 1, size, good, root_hash),
        (leaf, index + 1, size, good, root_hash),
        (leaf, index ^ 2, size, good, root_hash),
        (leaf, index, size * 2, good, root_hash),
        (leaf, index, size // 2, good, root_hash),
        (b"WrongLeaf", index, size, good, root_hash),
        (leaf, index, size, good, EMPTY_ROOT),
        (leaf, index, size, good, SOME_HASH),
        (leaf, index, size, [*good, b""], root_hash),
        (leaf, index, size, [*good, root_hash], root_hash),
        (leaf, index, size, [b"", *good], root_hash),
        (leaf, index, size, [root_hash, *good], root_hash),
        (leaf, index, size, good[:-1], root_hash),
        (leaf, index, size, [good[0], SOME_HASH, *good[1:]], root_hash),
    ]
    for i in range(len(good)):
        flipped = list(good)
        flipped[i] = bytes([flipped[i][0] ^ 8]) + flipped[i][1:]
        probes.append((leaf, index, size, flipped, root_hash))
    for probe in probes:
        assert not verify_inclusion(*probe), probe


@pytest.mark.parametrize(("old", "new", "proof"), [v for v in CONSISTENCY if v[2]])
def test_corrupted_consistency_proofs_fail(old: int, new: int, proof: list[str]) -> None:
    good = h(proof)
    r1, r2 = bytes.fromhex(ROOTS[old]), bytes.fromhex(ROOTS[new])
    probes = [
        (old - 1, new, r1, r2, good),
        (old + 1, new, r1, r2, good),
        (old ^ 2, new, r1, r2, good),
        (old, new * 2, r1, r2, good),
        (old, new // 2, r1, r2, good),
        (old, new, b"WrongRoot", r2, good),
        (old, new, r1, b"WrongRoot", good),
        (old, new, r2, r1, good),
        (old, new, r1, r2, []),
        (old, new, r1, r2, [*good, b""]),
        (old, new, r1, r2, [*good, r1]),
        (old, new, r1, r2, [*good, r2]),
        (old, new, r1, r2, [b"", *good]),
        (old, new, r1, r2, [r1, *good]),
        (old, new, r1, r2, [r2, *good]),
        (old, new, r1, r2, [good[0], *good]),
        (old, new, r1, r2, good[:-1]),
    ]
    for i in range(len(good)):
        flipped = list(good)
        flipped[i] = bytes([flipped[i][0] ^ 16]) + flipped[i][1:]
        probes.append((old, new, r1, r2, flipped))
    for probe in probes:
        assert not verify_consistency(*probe), probe


def test_trivial_consistency_cases() -> None:
    """Equal sizes need equal roots; the empty tree is extended by anything; no time travel."""
    r1, r2 = bytes.fromhex(ROOTS[1]), bytes.fromhex(ROOTS[2])
    assert verify_consistency(0, 0, EMPTY_ROOT, EMPTY_ROOT, [])
    assert verify_consistency(0, 2, EMPTY_ROOT, r2, [])
    assert verify_consistency(1, 1, r1, r1, [])
    assert not verify_consistency(1, 1, r1, r2, [])
    assert not verify_consistency(1, 1, r1, r1, [EMPTY_ROOT])
    assert not verify_consistency(0, 1, EMPTY_ROOT, r1, [EMPTY_ROOT])
    assert not verify_consistency(2, 1, r2, r1, [])
    assert not verify_consistency(1, 2, r1, r2, [])


def test_single_leaf_and_out_of_range_inclusion() -> None:
    leaf = leaf_hash(b"data")
    assert verify_inclusion(leaf, 0, 1, [], leaf)
    assert not verify_inclusion(leaf, 0, 1, [], b"")
    assert not verify_inclusion(b"", 0, 1, [], leaf)
    for index, size in ((0, 0), (1, 0), (2, 1), (-1, 1)):
        assert not verify_inclusion(SOME_HASH, index, size, [], EMPTY_ROOT)
