"""tlog-tiles paths and tile contents, held to the spec's examples."""

from __future__ import annotations

import pytest

from projections.ledger.proof.merkle import DictNodeStore, IncrementalTree, leaf_hash, root
from projections.ledger.proof.tiles import (
    Tile,
    TilePathError,
    format_index,
    pack_entries,
    parse_tile_path,
    tiles_for_size,
    unpack_entries,
)


def test_the_spec_index_example() -> None:
    """'index 1234067 will be encoded as x001/x234/067'."""
    assert format_index(1234067) == "x001/x234/067"
    assert format_index(0) == "000"
    assert format_index(1000) == "x001/000"
    assert parse_tile_path("2/x001/x234/067") == Tile(2, 1234067)


def test_the_spec_tree_of_70000_leaves() -> None:
    """'273 full level 0 tiles, one partial level 0 tile of width 112, one full level 1 tile,
    one partial level 1 tile of width 17, and one partial level 2 tile of width 1'."""
    tiles = tiles_for_size(70_000)
    level0 = [t for t in tiles if t.level == 0]
    assert sum(t.full for t in level0) == 273
    assert [t.width for t in level0 if not t.full] == [112]
    assert [(t.level, t.index, t.width) for t in tiles if t.level != 0] == [
        (1, 0, 256),
        (1, 1, 17),
        (2, 0, 1),
    ]
    # 'a tree of size 256 will be represented by a full level 0 tile and a partial level 1
    # tile of width 1'
    assert tiles_for_size(256) == [Tile(0, 0), Tile(1, 0, 1)]


@pytest.mark.parametrize(
    ("path", "tile"),
    [
        pytest.param("0/000", Tile(0, 0), id="first"),
        pytest.param("0/001.p/5", Tile(0, 1, 5), id="partial"),
        pytest.param("entries/x001/234.p/255", Tile(None, 1234, 255), id="entries"),
        pytest.param("63/999", Tile(63, 999), id="top-level"),
    ],
)
def test_tile_paths_round_trip(path: str, tile: Tile) -> None:
    assert parse_tile_path(path) == tile
    assert tile.path() == path


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("0/1", id="short-group"),
        pytest.param("0/x000/001", id="leading-zero-group"),
        pytest.param("00/000", id="leading-zero-level"),
        pytest.param("64/000", id="level-too-high"),
        pytest.param("0/000.p/256", id="width-256"),
        pytest.param("0/000.p/0", id="width-0"),
        pytest.param("0/000.p/05", id="width-leading-zero"),
        pytest.param("0/001/002", id="no-x"),
        pytest.param("leaves/000", id="unknown-level"),
    ],
)
def test_malformed_tile_paths_are_refused(path: str) -> None:
    with pytest.raises(TilePathError):
        parse_tile_path(path)


def test_a_level_one_hash_is_the_root_of_a_full_level_zero_tile() -> None:
    """'each hash in a tile is the Merkle Tree Hash of a full tile at the level below'."""
    leaves = [leaf_hash(str(i).encode()) for i in range(600)]
    tree = IncrementalTree(DictNodeStore())
    store = DictNodeStore(tree.append_many(leaves))
    level1 = [store.get(*node) for node in Tile(1, 0, 2).nodes()]
    assert level1 == [root(leaves[0:256]), root(leaves[256:512])]
    assert Tile(1, 0, 2).needed_size() == 512
    assert Tile(0, 2, 88).needed_size() == 600


def test_entry_bundles_are_uint16_length_prefixed() -> None:
    entries = [b"", b"a", bytes(300)]
    packed = pack_entries(entries)
    assert packed == b"\x00\x00" + b"\x00\x01a" + b"\x01\x2c" + bytes(300)
    assert unpack_entries(packed) == entries
    with pytest.raises(ValueError, match="does not fit"):
        pack_entries([bytes(70_000)])
    with pytest.raises(ValueError, match="ends inside an entry"):
        unpack_entries(b"\x00\x05abc")
