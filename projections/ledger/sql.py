"""The ledger's tables and the few queries over them, on SQLite and PostgreSQL.

Three tables (see docs/ledger.md):

- ``ledger_leaves``: one row per stored event, in log order: ``leaf_index`` (0, 1, 2, ...),
  the event's ``position`` in the log, its ``originator_id`` and ``version`` (so that a deleted
  event can still be named), and its leaf ``hash``. Level 0 of the tree lives here.
- ``ledger_nodes``: the hashes of the tree's perfect subtrees of ``STORED_FROM_LEVEL`` (16
  leaves) and up, keyed by ``(level, idx)``: node (l, i) covers leaves [i * 2**l,
  (i + 1) * 2**l). Append-only. The levels in between are not stored: a proof needs at most a
  few of them, and they are refolded from the at most 16 leaves below them, fetched in the same
  query; storing them would cost seven rows in eight.
- ``ledger_checkpoints``: the signed tree heads. Kept forever, so it is a plain table outside
  the projection's generations: a rebuild makes new leaves and nodes beside the live ones and
  must reproduce every kept checkpoint's root, or it fails.

Leaves and nodes are written by the ledger projection only; ``ledger_leaves`` and
``ledger_nodes`` are the views over the live generation that readers use.
"""

from __future__ import annotations

import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from psycopg import sql as pgsql

from projections.db import Db
from projections.ledger.proof.checkpoint import Checkpoint
from projections.ledger.proof.merkle import NodeId, Plan, inclusion_plan, root
from projections.ledger.proof.note import Signature

LEAVES = "ledger_leaves"
NODES = "ledger_nodes"
CHECKPOINTS = "ledger_checkpoints"
COSIGNATURES = "ledger_cosignatures"
LEAF_COLUMNS = ("leaf_index", "position", "originator_id", "version", "hash")
NODE_COLUMNS = ("level", "idx", "hash")
CHECKPOINT_COLUMNS = ("tree_size", "root_hash", "signed_at", "signature", "key_id")
_CHECKPOINT_SELECT = f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM {CHECKPOINTS}"  # noqa: S608
#: The lowest level of ``ledger_nodes``; lower inner nodes are refolded from the leaves.
STORED_FROM_LEVEL = 4
#: Node ids per query on SQLite (two bound values each, under the default limit).
_SQLITE_NODE_CHUNK = 400
_COPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + struct.pack(">ii", 0, 0)
_COPY_TRAILER = struct.pack(">h", -1)
_NODE_TUPLE = struct.Struct(">hiiiqi32s")  # 3 fields: int4, int8, bytea(32)


def blob_type(db: Db) -> str:
    return "BYTEA" if db.dialect == "postgres" else "BLOB"


def create_tree_tables(db: Db, leaves: str, nodes: str) -> None:
    """One generation's leaves and nodes."""
    blob = blob_type(db)
    key = "BIGINT" if db.dialect == "postgres" else "INTEGER"  # SQLite: the rowid itself
    db.execute(
        f"CREATE TABLE {leaves} (leaf_index {key} PRIMARY KEY, position BIGINT NOT NULL UNIQUE, "
        f"originator_id TEXT NOT NULL, version BIGINT NOT NULL, hash {blob} NOT NULL)"
    )
    db.execute(
        f"CREATE TABLE {nodes} (level INTEGER NOT NULL, idx BIGINT NOT NULL, "
        f"hash {blob} NOT NULL, PRIMARY KEY (level, idx))"
    )


def create_checkpoint_table(db: Db) -> None:
    """The checkpoints, shared by every generation and never dropped by a rebuild."""
    blob = blob_type(db)
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {CHECKPOINTS} (tree_size BIGINT PRIMARY KEY, "
        f"root_hash {blob} NOT NULL, signed_at TEXT NOT NULL, signature {blob} NOT NULL, "
        "key_id TEXT NOT NULL)"
    )
    create_cosignature_table(db)


def create_cosignature_table(db: Db) -> None:
    """Witnesses' cosignatures of checkpoints (C2SP note signatures), kept like checkpoints."""
    blob = blob_type(db)
    db.execute(
        f"CREATE TABLE IF NOT EXISTS {COSIGNATURES} (tree_size BIGINT NOT NULL, "
        f"name TEXT NOT NULL, key_id BIGINT NOT NULL, signature {blob} NOT NULL, "
        "PRIMARY KEY (tree_size, name, key_id))"
    )


@dataclass(frozen=True)
class LeafRow:
    """What the ledger holds about one stored event."""

    leaf_index: int
    position: int
    originator_id: str
    version: int
    hash: bytes

    def label(self) -> str:
        return f"position {self.position} (version {self.version} of {self.originator_id})"


def _leaf(row: Sequence[Any]) -> LeafRow:
    return LeafRow(int(row[0]), int(row[1]), str(row[2]), int(row[3]), bytes(row[4]))


def last_leaf(db: Db, leaves: str = LEAVES) -> LeafRow | None:
    """The newest leaf (its index + 1 is the tree size), or None for an empty tree."""
    row = db.fetchone(
        f"SELECT {', '.join(LEAF_COLUMNS)} FROM {leaves} "  # noqa: S608
        "ORDER BY leaf_index DESC LIMIT 1"
    )
    return _leaf(row) if row is not None else None


def tree_size(db: Db, leaves: str = LEAVES) -> int:
    last = last_leaf(db, leaves)
    return 0 if last is None else last.leaf_index + 1


def leaf_at_position(db: Db, position: int, leaves: str = LEAVES) -> LeafRow | None:
    row = db.fetchone(
        f"SELECT {', '.join(LEAF_COLUMNS)} FROM {leaves} WHERE position = ?",  # noqa: S608
        (position,),
    )
    return _leaf(row) if row is not None else None


def leaves_at_positions(db: Db, positions: Iterable[int], leaves: str = LEAVES) -> list[LeafRow]:
    rows = db.fetch_in(
        f"SELECT {', '.join(LEAF_COLUMNS)} FROM {leaves} WHERE position IN ({{keys}})",  # noqa: S608
        positions,
    )
    return [_leaf(r) for r in rows]


def leaves_of(db: Db, originator_id: str, version: int, leaves: str = LEAVES) -> list[LeafRow]:
    """Where the ledger holds one aggregate version (a scan: only used to explain a failure)."""
    rows = db.fetchall(
        f"SELECT {', '.join(LEAF_COLUMNS)} FROM {leaves} "  # noqa: S608
        "WHERE originator_id = ? AND version = ?",
        (originator_id, version),
    )
    return [_leaf(r) for r in rows]


def fetch_nodes(
    db: Db, ids: Iterable[NodeId], leaves: str = LEAVES, nodes: str = NODES
) -> dict[NodeId, bytes]:
    """The hashes of perfect subtrees by (level, index), in one query on PostgreSQL.

    Level 0 comes from the leaves, levels below ``STORED_FROM_LEVEL`` are refolded from the
    leaves under them, the rest comes from the nodes table. A node that is not there is left
    out (the caller's lookup raises KeyError).
    """
    wanted = set(ids)
    low = [(level, index) for level, index in wanted if 0 < level < STORED_FROM_LEVEL]
    leaf_ids = {index for level, index in wanted if level == 0}
    for level, index in low:
        leaf_ids.update(range(index << level, (index + 1) << level))
    inner = sorted((level, index) for level, index in wanted if level >= STORED_FROM_LEVEL)
    ordered = sorted(leaf_ids)
    if db.dialect == "postgres":
        # Statements that do not change with the number of ids, so each is prepared and
        # planned once; the ids travel as text (the cheapest parameters for the driver).
        leaf_part = (
            f"SELECT 0, leaf_index, hash FROM {leaves} "  # noqa: S608
            "WHERE leaf_index = ANY(string_to_array(?, ',')::bigint[])"
        )
        node_part = (
            f"SELECT n.level, n.idx, n.hash FROM {nodes} n "  # noqa: S608
            "JOIN unnest(string_to_array(?, ',')::int[], string_to_array(?, ',')::bigint[]) "
            "AS w(level, idx) ON n.level = w.level AND n.idx = w.idx"
        )
        leaf_text = ",".join(map(str, ordered))
        levels = ",".join(str(level) for level, _ in inner)
        indexes = ",".join(str(index) for _, index in inner)
        if not inner:
            rows = db.fetchall(leaf_part, (leaf_text,))
        elif not ordered:
            rows = db.fetchall(node_part, (levels, indexes))
        else:
            rows = db.fetchall(f"{leaf_part} UNION ALL {node_part}", (leaf_text, levels, indexes))
    else:
        rows = db.fetch_in(
            f"SELECT 0, leaf_index, hash FROM {leaves} WHERE leaf_index IN ({{keys}})",  # noqa: S608
            ordered,
        )
        for start in range(0, len(inner), _SQLITE_NODE_CHUNK):
            chunk = inner[start : start + _SQLITE_NODE_CHUNK]
            values = ", ".join("(?, ?)" for _ in chunk)
            rows.extend(
                db.fetchall(
                    f"SELECT level, idx, hash FROM {nodes} "  # noqa: S608
                    f"WHERE (level, idx) IN (VALUES {values})",
                    [value for node in chunk for value in node],
                )
            )
    found: dict[NodeId, bytes] = {(int(r[0]), int(r[1])): bytes(r[2]) for r in rows}
    refold(found, low)
    return {node: digest for node, digest in found.items() if node in wanted}


def refold(found: dict[NodeId, bytes], low: Iterable[NodeId]) -> None:
    """Add the unstored nodes ``low`` (levels 1 to 3) whose leaves are all in ``found``."""
    for level, index in low:
        below = [found.get((0, i)) for i in range(index << level, (index + 1) << level)]
        if all(leaf is not None for leaf in below):
            found[(level, index)] = root(leaf for leaf in below if leaf is not None)


def leaf_block(db: Db, position: int) -> tuple[LeafRow | None, dict[NodeId, bytes]]:
    """The leaf of the event at ``position`` and the hashes of the 16 leaves of its block (the
    leaves its low proof nodes are refolded from), in one query."""
    block = 1 << STORED_FROM_LEVEL
    rows = db.fetchall(
        f"SELECT {', '.join(LEAF_COLUMNS)} FROM {LEAVES} "  # noqa: S608
        f"WHERE leaf_index >= (SELECT leaf_index FROM {LEAVES} WHERE position = ?) / ? * ? "
        f"AND leaf_index < (SELECT leaf_index FROM {LEAVES} WHERE position = ?) / ? * ? + ?",
        (position, block, block, position, block, block, block),
    )
    leaf = next((_leaf(r) for r in rows if int(r[1]) == position), None)
    return leaf, {(0, int(r[0])): bytes(r[4]) for r in rows}


def inclusion_nodes(
    db: Db, position: int, size: int, edge: dict[NodeId, bytes]
) -> tuple[int | None, Plan, dict[NodeId, bytes]]:
    """The leaf index of the event at ``position``, its inclusion plan in the tree of ``size``
    leaves, and the nodes of that plan: two small queries.

    ``edge`` holds the nodes of ``range_nodes(0, size)`` (the tree's right edge, which the
    plan's ragged element folds; immutable, so callers cache them per size). Returns
    (None, [], {}) when the ledger holds no event at ``position``, and no plan or nodes when
    the leaf is outside the tree.
    """
    leaf, found = leaf_block(db, position)
    if leaf is None:
        return None, [], {}
    if leaf.leaf_index >= size:
        return leaf.leaf_index, [], {}
    plan = inclusion_plan(leaf.leaf_index, size)
    wanted = {n for element in plan for n in element}
    found.update(edge)
    refold(found, [n for n in wanted if 0 < n[0] < STORED_FROM_LEVEL and n not in found])
    missing = [n for n in wanted if n not in found]
    if missing:
        found.update(fetch_nodes(db, missing))
    return leaf.leaf_index, plan, found


@contextmanager
def leaf_writer(db: Db, table: str) -> Iterator[Callable[[Sequence[Any]], None]]:
    """A function that appends leaf rows, chunk after chunk, for the length of the block.

    On PostgreSQL the rows come packed as binary COPY tuples (``LeafHasher.leaves(...,
    binary=True)``) and stream into one COPY, so the server stores one chunk while the caller
    hashes the next; on SQLite they are tuples, one executemany per chunk.
    """
    if db.dialect != "postgres":
        yield lambda rows: db.copy_rows(table, LEAF_COLUMNS, rows)
        return
    with _binary_copy(db, table, LEAF_COLUMNS) as copy:
        yield lambda rows: copy.write(b"".join(rows))


def write_nodes(db: Db, table: str, rows: Sequence[tuple[int, int, bytes]]) -> None:
    """Append node rows (levels ``STORED_FROM_LEVEL`` and up)."""
    if not rows:
        return
    if db.dialect != "postgres":
        db.copy_rows(table, NODE_COLUMNS, rows)
        return
    pack = _NODE_TUPLE.pack
    with _binary_copy(db, table, NODE_COLUMNS) as copy:
        copy.write(b"".join([pack(3, 4, lv, 8, i, 32, h) for lv, i, h in rows]))


@contextmanager
def _binary_copy(db: Db, table: str, columns: Sequence[str]) -> Iterator[Any]:
    """A COPY that takes rows already in PostgreSQL's binary tuple format (several times
    faster than formatting them row by row); header and trailer are added here."""
    statement = pgsql.SQL("COPY {} ({}) FROM STDIN (FORMAT BINARY)").format(
        pgsql.Identifier(table), pgsql.SQL(", ").join(pgsql.Identifier(c) for c in columns)
    )
    with db.pg.cursor() as cursor, cursor.copy(statement) as copy:
        copy.write(_COPY_HEADER)
        yield copy
        copy.write(_COPY_TRAILER)


class FetchedNodes:
    """A node store over the nodes fetched for one job; a missing node is a KeyError."""

    def __init__(self, nodes: dict[NodeId, bytes]) -> None:
        self.nodes = nodes

    def get(self, level: int, index: int) -> bytes:
        return self.nodes[(level, index)]


def _checkpoint(row: Sequence[Any]) -> Checkpoint:
    return Checkpoint(int(row[0]), bytes(row[1]), str(row[2]), bytes(row[3]), str(row[4]))


def latest_checkpoint(db: Db) -> Checkpoint | None:
    row = db.fetchone(f"{_CHECKPOINT_SELECT} ORDER BY tree_size DESC LIMIT 1")
    return _checkpoint(row) if row is not None else None


def checkpoint_of_size(db: Db, size: int) -> Checkpoint | None:
    row = db.fetchone(f"{_CHECKPOINT_SELECT} WHERE tree_size = ?", (size,))
    return _checkpoint(row) if row is not None else None


def checkpoints_between(db: Db, above: int, up_to: int) -> list[Checkpoint]:
    """Checkpoints of sizes in (above, up_to], smallest first."""
    rows = db.fetchall(
        f"{_CHECKPOINT_SELECT} WHERE tree_size > ? AND tree_size <= ? ORDER BY tree_size",
        (above, up_to),
    )
    return [_checkpoint(r) for r in rows]


def all_checkpoints(db: Db) -> list[Checkpoint]:
    return [_checkpoint(r) for r in db.fetchall(f"{_CHECKPOINT_SELECT} ORDER BY tree_size")]


def insert_checkpoints(db: Db, checkpoints: Sequence[Checkpoint]) -> list[Checkpoint]:
    """Keep checkpoints (one statement); returns those whose size was kept already with
    another root (nothing is ever replaced)."""
    if not checkpoints:
        return []
    db.executemany(
        f"INSERT INTO {CHECKPOINTS} ({', '.join(CHECKPOINT_COLUMNS)}) "  # noqa: S608
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size) DO NOTHING",
        [(c.tree_size, c.root_hash, c.timestamp, c.signature, c.key_id) for c in checkpoints],
    )
    sizes = [c.tree_size for c in checkpoints]
    kept = {
        c.tree_size: c.root_hash
        for c in checkpoints_between(db, min(sizes) - 1, max(sizes))
        if c.tree_size in set(sizes)
    }
    return [c for c in checkpoints if kept.get(c.tree_size) != c.root_hash]


def tile_hashes(db: Db, node_level: int, first: int, count: int) -> list[bytes]:
    """The hashes of perfect subtrees ``(node_level, first .. first + count - 1)`` that are
    stored, in order (fewer than ``count`` when the tree is not that big yet). Tiles sit at
    levels 0, 8, 16, ...: the leaves, or stored nodes (level 8 and up are all stored)."""
    if node_level == 0:
        rows = db.fetchall(
            f"SELECT hash FROM {LEAVES} WHERE leaf_index >= ? AND leaf_index < ? "  # noqa: S608
            "ORDER BY leaf_index",
            (first, first + count),
        )
    else:
        rows = db.fetchall(
            f"SELECT hash FROM {NODES} WHERE level = ? AND idx >= ? AND idx < ? "  # noqa: S608
            "ORDER BY idx",
            (node_level, first, first + count),
        )
    return [bytes(row[0]) for row in rows]


def leaf_positions(db: Db, first: int, count: int) -> list[int]:
    """The log positions of leaves ``first .. first + count - 1``, in leaf order."""
    rows = db.fetchall(
        f"SELECT position FROM {LEAVES} WHERE leaf_index >= ? AND leaf_index < ? "  # noqa: S608
        "ORDER BY leaf_index",
        (first, first + count),
    )
    return [int(row[0]) for row in rows]


def cosignatures(db: Db, tree_size: int) -> list[Signature]:
    """The witnesses' signatures kept for the checkpoint of ``tree_size``."""
    rows = db.fetchall(
        f"SELECT name, key_id, signature FROM {COSIGNATURES} "  # noqa: S608
        "WHERE tree_size = ? ORDER BY name, key_id",
        (tree_size,),
    )
    return [Signature(str(r[0]), int(r[1]), bytes(r[2])) for r in rows]


def newest_cosigned_size(db: Db) -> int | None:
    row = db.fetchone(f"SELECT MAX(tree_size) FROM {COSIGNATURES}")  # noqa: S608
    return None if row is None or row[0] is None else int(row[0])


def insert_cosignatures(db: Db, tree_size: int, signatures: Sequence[Signature]) -> None:
    """Keep verified cosignatures; a newer one by the same key for the same size is ignored."""
    db.executemany(
        f"INSERT INTO {COSIGNATURES} (tree_size, name, key_id, signature) "  # noqa: S608
        "VALUES (?, ?, ?, ?) ON CONFLICT (tree_size, name, key_id) DO NOTHING",
        [(tree_size, s.name, s.key_id, s.signature) for s in signatures],
    )


def newest_cosigned_by(db: Db, name: str, key_id: int) -> int | None:
    """The largest checkpoint size a witness (key name and id) cosigned, as far as kept."""
    row = db.fetchone(
        f"SELECT MAX(tree_size) FROM {COSIGNATURES} WHERE name = ? AND key_id = ?",  # noqa: S608
        (name, key_id),
    )
    return None if row is None or row[0] is None else int(row[0])


def cosigned_sizes(db: Db) -> list[int]:
    """The sizes of the checkpoints with kept cosignatures, largest first."""
    rows = db.fetchall(
        f"SELECT DISTINCT tree_size FROM {COSIGNATURES} ORDER BY tree_size DESC"  # noqa: S608
    )
    return [int(row[0]) for row in rows]
