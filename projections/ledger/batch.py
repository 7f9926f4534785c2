"""Appending a batch of events to the ledger's tree: leaf hashes and new nodes, level by level.

The ledger's hot path, shared by the projection (building) and ``verify`` (recomputing). It
computes exactly what ``projections.ledger.proof.encoding.event_leaf_hash`` and
``projections.ledger.proof.merkle.IncrementalTree`` compute (the tests hold them to it), but a whole
batch at a time: each level of new nodes is one list comprehension over pairs of the level
below, which is several times faster in Python than walking the frontier leaf by leaf.

A batch of leaves ``[start, start + n)`` completes new perfect subtrees at every level; the
only older nodes it needs are the frontier of the tree at ``start`` (the perfect subtrees of
``range_nodes(0, start)``), one per level at most, each the left sibling of the first new node
of its level when that node's index is odd.
"""

from __future__ import annotations

import hashlib
import struct
import uuid
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol, cast

from projections.ledger.proof.encoding import FORMAT, canonical_uuid
from projections.ledger.proof.merkle import NodeId, range_nodes, root_from_nodes

_HEAD = struct.Struct(">BBQI")  # 0x00 leaf prefix, format, position, originator id length
_MIDDLE = struct.Struct(">QI")  # version, topic length
_U32 = struct.Struct(">I")
#: A ledger row as a PostgreSQL binary COPY tuple: 5 fields, leaf_index int8, position int8,
#: originator_id text (36 bytes, canonical UUID), version int8, hash bytea (32 bytes).
LEAF_COPY_TUPLE = struct.Struct(">hiqiqi36siqi32s")
_EVENT_FIELDS = ("id", "originator_id", "originator_version", "topic", "state")


class StoredEventLike(Protocol):
    """The fields of a stored event (a notification, or a row of the events table)."""

    @property
    def id(self) -> int: ...
    @property
    def originator_id(self) -> Any: ...
    @property
    def originator_version(self) -> int: ...
    @property
    def topic(self) -> str: ...
    @property
    def state(self) -> bytes: ...


class LeafHasher:
    """``event_leaf_hash`` for many events, with the originator and topic bytes cached.

    Originator ids are UUID objects or canonical UUID text; with ``any_spelling``, any text
    ``uuid.UUID`` reads (SQLite's events table keeps them as 32 hex digits).
    """

    def __init__(self, *, any_spelling: bool = False) -> None:
        self.any_spelling = any_spelling
        # keyed by the UUID's integer (hashing a UUID object runs Python code) or the text
        self._originators: dict[int | str, tuple[bytes, str]] = {}
        self._topics: dict[str, bytes] = {}

    def _originator(self, value: Any) -> tuple[bytes, str]:
        key = value.int if type(value) is uuid.UUID else value
        found = self._originators.get(key)
        if found is None:
            if isinstance(value, uuid.UUID):
                text = str(value)
            elif self.any_spelling and isinstance(value, str):
                text = str(uuid.UUID(value))
            else:
                text = canonical_uuid(value)
            if len(self._originators) > 100_000:
                self._originators.clear()
            found = self._originators[key] = (text.encode("ascii"), text)
        return found

    def originator(self, value: Any) -> str:
        """The canonical UUID text of an originator id."""
        return self._originator(value)[1]

    def _topic(self, topic: str) -> bytes:
        found = self._topics.get(topic)
        if found is None:
            found = self._topics[topic] = topic.encode("utf-8")
        return found

    def leaf_hash(
        self, position: int, originator_id: Any, version: int, topic: str, state: bytes
    ) -> bytes:
        originator = self._originator(originator_id)[0]
        topic_bytes = self._topic(topic)
        return hashlib.sha256(
            b"".join(
                (
                    _HEAD.pack(0, FORMAT, position, len(originator)),
                    originator,
                    _MIDDLE.pack(version, len(topic_bytes)),
                    topic_bytes,
                    _U32.pack(len(state)),
                    state,
                )
            )
        ).digest()

    def leaves(
        self, events: Sequence[StoredEventLike], start: int, *, binary: bool = False
    ) -> tuple[list[bytes], list[Any]]:
        """Leaf hashes of a batch, and its ledger rows with leaf indexes from ``start``: the
        projection's hot loop.

        Rows are ``(leaf_index, position, originator_id, version, hash)`` tuples, or, with
        ``binary``, the same already packed as PostgreSQL binary COPY tuples.
        """
        sha256, join = hashlib.sha256, b"".join
        head, middle, length, pack = _HEAD.pack, _MIDDLE.pack, _U32.pack, LEAF_COPY_TUPLE.pack
        originators, topics = self._originators, self._topics
        hashes: list[bytes] = []
        rows: list[Any] = []
        index = start
        # The runner's notes are named tuples of exactly these fields; unpacking them is the
        # fastest way in, anything else is put in that shape first.
        fields: Sequence[tuple[int, Any, int, str, bytes]] = (
            cast(Sequence[tuple[int, Any, int, str, bytes]], events)
            if events and getattr(type(events[0]), "_fields", None) == _EVENT_FIELDS
            else [(e.id, e.originator_id, e.originator_version, e.topic, e.state) for e in events]
        )
        for position, value, version, topic, state in fields:
            cached = originators.get(value.int if type(value) is uuid.UUID else value)
            originator, text = cached if cached is not None else self._originator(value)
            topic_bytes = topics.get(topic) or self._topic(topic)
            digest = sha256(
                join(
                    (
                        head(0, FORMAT, position, len(originator)),
                        originator,
                        middle(version, len(topic_bytes)),
                        topic_bytes,
                        length(len(state)),
                        state,
                    )
                )
            ).digest()
            hashes.append(digest)
            if binary:
                rows.append(pack(5, 8, index, 8, position, 36, originator, 8, version, 32, digest))
            else:
                rows.append((index, position, text, version, digest))
            index += 1
        return hashes, rows


class BatchTree:
    """The nodes a batch of leaves completes, on top of the frontier of the tree before it."""

    def __init__(self, start: int, frontier: Mapping[NodeId, bytes], leaves: Sequence[bytes]):
        """``frontier`` must hold the nodes of ``range_nodes(0, start)`` (it may hold more)."""
        self.start = start
        self.size = start + len(leaves)
        self.frontier = frontier
        self.rows: list[list[bytes]] = [list(leaves)]
        self.firsts: list[int] = [start]
        sha256 = hashlib.sha256
        level = 0
        while True:
            row, first = self.rows[level], self.firsts[level]
            if first & 1:  # the first new node's left sibling is on the frontier
                row = [frontier[(level, first - 1)], *row]
                first -= 1
            if len(row) < 2:
                break
            pairs = iter(row)
            self.rows.append(
                [sha256(b"\x01" + a + b).digest() for a, b in zip(pairs, pairs, strict=False)]
            )
            self.firsts.append(first >> 1)
            level += 1

    def get(self, level: int, index: int) -> bytes:
        """Any node of the tree at sizes start..size that the batch or frontier holds."""
        if level < len(self.rows):
            offset = index - self.firsts[level]
            if 0 <= offset < len(self.rows[level]):
                return self.rows[level][offset]
        return self.frontier[(level, index)]

    def nodes(self, min_level: int = 1) -> Iterator[tuple[int, int, bytes]]:
        """The new nodes of levels ``min_level`` and up: (level, index, hash)."""
        for level in range(min_level, len(self.rows)):
            first = self.firsts[level]
            for offset, digest in enumerate(self.rows[level]):
                yield level, first + offset, digest

    def root_at(self, size: int) -> bytes:
        """The root at any size from ``start`` to ``size``."""
        if not self.start <= size <= self.size:
            raise ValueError(f"size {size} is outside {self.start}..{self.size}")
        return root_from_nodes(size, self.get)

    def frontier_after(self) -> dict[NodeId, bytes]:
        """The frontier of the tree at ``size``: what the next batch starts from."""
        return {node: self.get(*node) for node in range_nodes(0, self.size)}
