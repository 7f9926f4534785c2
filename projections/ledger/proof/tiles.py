"""Tile paths and tile contents of c2sp.org/tlog-tiles, over the ledger's perfect subtrees.

A tile at level ``L`` and index ``N`` holds up to 256 consecutive hashes of tree level ``8 * L``:
hash ``i`` is the Merkle tree hash of leaves ``[(N * 256 + i) * 256**L, (N * 256 + i + 1) *
256**L)``, which is exactly the ledger's perfect subtree ``(8 * L, N * 256 + i)``. A full tile
has 256 hashes; a partial one ``W`` (1..255), served at ``.p/W``. An index is written in
three-digit groups, all but the last prefixed with ``x``: 1234067 is ``x001/x234/067``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from projections.ledger.proof.merkle import NodeId

TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
MAX_LEVEL = 63
ENTRIES = "entries"
_GROUP = re.compile(r"x[0-9]{3}")
_LAST = re.compile(r"[0-9]{3}")
_WIDTH = re.compile(r"[1-9][0-9]{0,2}")
_LEVEL = re.compile(r"0|[1-9][0-9]?")


class TilePathError(ValueError):
    """A tile path that the spec does not allow."""


def format_index(index: int) -> str:
    """``1234067`` -> ``x001/x234/067``."""
    if index < 0:
        raise TilePathError("a tile index is not negative")
    text = str(index)
    text = "0" * (-len(text) % 3) + text
    groups = [text[i : i + 3] for i in range(0, len(text), 3)]
    return "/".join([*(f"x{group}" for group in groups[:-1]), groups[-1]])


@dataclass(frozen=True)
class Tile:
    """A tile (``level`` 0..63) or an entry bundle (``level`` None), full when ``width`` is 256."""

    level: int | None
    index: int
    width: int = TILE_WIDTH

    @property
    def full(self) -> bool:
        return self.width == TILE_WIDTH

    def path(self) -> str:
        """The path under ``<prefix>/tile/``."""
        level = ENTRIES if self.level is None else str(self.level)
        suffix = "" if self.full else f".p/{self.width}"
        return f"{level}/{format_index(self.index)}{suffix}"

    def node_level(self) -> int:
        """The tree level of this tile's hashes (0 for leaves and entry bundles)."""
        return 0 if self.level is None else TILE_HEIGHT * self.level

    def nodes(self) -> list[NodeId]:
        """The perfect subtrees whose hashes the tile holds, left to right."""
        first = self.index * TILE_WIDTH
        return [(self.node_level(), first + i) for i in range(self.width)]

    def needed_size(self) -> int:
        """The smallest tree size that holds every hash of this tile."""
        return (self.index * TILE_WIDTH + self.width) << self.node_level()


def parse_tile_path(path: str) -> Tile:
    """``<L>/<N>[.p/<W>]`` or ``entries/<N>[.p/<W>]``; TilePathError when not well formed."""
    parts = path.split("/")
    width = TILE_WIDTH
    if len(parts) >= 3 and parts[-2].endswith(".p"):
        if not _WIDTH.fullmatch(parts[-1]) or int(parts[-1]) >= TILE_WIDTH:
            raise TilePathError("a partial tile's width is 1 to 255, without leading zeroes")
        width = int(parts[-1])
        parts = [*parts[:-2], parts[-2][:-2]]
    if len(parts) < 2:
        raise TilePathError("a tile path is <level>/<index>")
    level_text, groups = parts[0], parts[1:]
    if level_text == ENTRIES:
        level: int | None = None
    elif _LEVEL.fullmatch(level_text) and int(level_text) <= MAX_LEVEL:
        level = int(level_text)
    else:
        raise TilePathError("a tile level is 0 to 63, or 'entries'")
    if not _LAST.fullmatch(groups[-1]) or not all(_GROUP.fullmatch(g) for g in groups[:-1]):
        raise TilePathError("a tile index is in 3-digit groups, all but the last after an x")
    index = int("".join(group.lstrip("x") for group in groups))
    tile = Tile(level, index, width)
    if tile.path() != path:  # leading zero groups, e.g. x000/001
        raise TilePathError("a tile index has no leading zero groups")
    return tile


def tiles_for_size(size: int) -> list[Tile]:
    """Every tile (not entry bundles) a tree of ``size`` leaves is made of, level by level."""
    tiles: list[Tile] = []
    level = 0
    while level <= MAX_LEVEL:
        count = size >> (TILE_HEIGHT * level)
        if count == 0:
            break
        tiles.extend(Tile(level, n) for n in range(count // TILE_WIDTH))
        if count % TILE_WIDTH:
            tiles.append(Tile(level, count // TILE_WIDTH, count % TILE_WIDTH))
        level += 1
    return tiles


def pack_entries(entries: list[bytes]) -> bytes:
    """An entry bundle: each entry prefixed with its length as a big-endian uint16."""
    out = bytearray()
    for entry in entries:
        if len(entry) > 0xFFFF:
            raise ValueError(f"an entry of {len(entry)} bytes does not fit an entry bundle")
        out += len(entry).to_bytes(2, "big") + entry
    return bytes(out)


def unpack_entries(data: bytes) -> list[bytes]:
    """The entries of a bundle; ValueError when it is cut short."""
    entries, offset = [], 0
    while offset < len(data):
        if offset + 2 > len(data):
            raise ValueError("an entry bundle ends inside a length prefix")
        length = int.from_bytes(data[offset : offset + 2], "big")
        offset += 2
        if offset + length > len(data):
            raise ValueError("an entry bundle ends inside an entry")
        entries.append(data[offset : offset + length])
        offset += length
    return entries
