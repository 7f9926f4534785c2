"""Full verification: recompute every leaf from the events table and hold the ledger to it.

What ``lerarenregister verify`` runs. In one read snapshot of the database it walks the events
table and the ledger's leaves side by side, in log order, and recomputes each event's leaf hash
from the bytes actually stored. The first difference is named: an event *altered* (its bytes
no longer hash to its leaf), *missing* (in the ledger, gone from the events table), *reordered*
(the ledger has that aggregate version at another position), *replaced*, or *inserted* (in the
events table at a position the ledger has passed without seeing it). Events after the ledger's
position are *pending*: appended after its last batch, or, when the application was stopped,
by someone else.

Then every checkpoint: its signature under the keys given, its root against the tree
recomputed from the events, its root against the stored tree, and a consistency proof from the
stored nodes to the next checkpoint. Checkpoints held outside the register (``trusted``) are
held to the recomputed tree too: that is what catches an administrator who rewrote events,
ledger and checkpoints alike.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.store import StoreConfig
from projections.db import Db
from projections.ledger import sql
from projections.ledger.batch import BatchTree, LeafHasher
from projections.ledger.proof.checkpoint import Checkpoint, key_id, verify_checkpoint
from projections.ledger.proof.merkle import (
    consistency_plan,
    consistency_proof,
    plan_node_ids,
    range_nodes,
    root_from_nodes,
    verify_consistency,
)

Progress = Callable[[int, int], None]
_FETCH = 10_000
_FLUSH = 8192


@dataclass(frozen=True)
class Finding:
    """One difference between the events, the ledger and the checkpoints."""

    kind: str  # altered | missing | reordered | replaced | inserted | pending | ledger | checkpoint
    message: str
    position: int | None = None
    originator_id: str | None = None
    version: int | None = None


@dataclass
class VerifyReport:
    """The outcome of a full verification."""

    events: int = 0
    leaves: int = 0
    ledger_position: int = 0
    checkpoints: int = 0
    pending: int = 0
    findings: list[Finding] = field(default_factory=list)

    def problems(self, *, allow_pending: bool = False) -> list[Finding]:
        return [f for f in self.findings if not (allow_pending and f.kind == "pending")]

    def ok(self, *, allow_pending: bool = False) -> bool:
        return not self.problems(allow_pending=allow_pending)


@dataclass(frozen=True)
class _Event:
    """A row of the events table, for naming it."""

    position: int
    originator_id: str
    version: int

    def label(self) -> str:
        return f"position {self.position} (version {self.version} of {self.originator_id})"


EventRow = tuple[int, Any, int, str, bytes]
LeafRowTuple = tuple[int, int, bytes]


@contextmanager
def _snapshot(db: Db) -> Iterator[None]:
    """One consistent read of events and ledger while the register goes on writing."""
    if db.dialect == "postgres":
        with db.pg.transaction():
            db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            yield
        return
    db.execute("BEGIN")  # deferred: a read snapshot in WAL mode, no lock on writers
    try:
        yield
    finally:
        db.execute("COMMIT")


def _canonical(originator_id: Any) -> str:
    """The canonical text of a stored originator id (SQLite keeps hex), or the raw text."""
    if isinstance(originator_id, uuid.UUID):
        return str(originator_id)
    try:
        return str(uuid.UUID(str(originator_id)))
    except ValueError:
        return str(originator_id)  # kept as is: its leaf will not verify


def _stream(db: Db, name: str, statement: str) -> Iterator[tuple[Any, ...]]:
    """Rows of a long query, fetched in chunks (a server-side cursor on PostgreSQL)."""
    if db.dialect == "postgres":
        cursor = db.pg.cursor(name=name, binary=True)
        cursor.itersize = _FETCH
        cursor.execute(statement)  # type: ignore[arg-type]
    else:
        cursor = db.execute(statement)
    with closing(cursor):
        yield from cursor


def _events(db: Db, store: StoreConfig) -> Iterator[EventRow]:
    id_column = "rowid" if store.kind == "sqlite" else "notification_id"
    return _stream(  # type: ignore[return-value]
        db,
        "lr_verify_events",
        f"SELECT {id_column}, originator_id, originator_version, topic, state "  # noqa: S608
        f"FROM {store.events_table} ORDER BY {id_column}",
    )


def _leaves(db: Db) -> Iterator[LeafRowTuple]:
    return _stream(  # type: ignore[return-value]
        db,
        "lr_verify_leaves",
        f"SELECT leaf_index, position, hash FROM {sql.LEAVES} ORDER BY leaf_index",  # noqa: S608
    )


class _Recomputed:
    """The tree of the leaves recomputed from the events, with roots at chosen sizes."""

    def __init__(self, sizes: Sequence[int]) -> None:
        self.size = 0
        self.frontier: dict[tuple[int, int], bytes] = {}
        self.buffer: list[bytes] = []
        self.wanted = sorted(set(sizes))
        self.next = 0
        self.roots: dict[int, bytes] = {}

    def flush(self) -> None:
        if not self.buffer:
            return
        tree = BatchTree(self.size, self.frontier, self.buffer)
        wanted = self.wanted
        while self.next < len(wanted) and wanted[self.next] <= tree.size:
            if wanted[self.next] > self.size:
                self.roots[wanted[self.next]] = tree.root_at(wanted[self.next])
            self.next += 1
        self.size, self.frontier, self.buffer = tree.size, tree.frontier_after(), []


def _ledger_position(db: Db) -> int | None:
    if not db.table_exists("lr_projection_tracking"):
        return None
    row = db.fetchone(
        "SELECT position FROM lr_projection_tracking WHERE projection = 'ledger' AND live = 1"
    )
    return None if row is None else int(row[0])


def _where(event: _Event) -> dict[str, Any]:
    return {
        "position": event.position,
        "originator_id": event.originator_id,
        "version": event.version,
    }


def _explain_mismatch(db: Db, row: EventRow, index: int) -> Finding:
    """Same position, different leaf: altered in place, or another event put there."""
    event = _Event(int(row[0]), _canonical(row[1]), int(row[2]))
    leaf = sql.leaf_at_position(db, event.position)
    assert leaf is not None
    if (event.originator_id, event.version) == (leaf.originator_id, leaf.version):
        return Finding(
            "altered",
            f"event at {event.label()} was altered: its stored bytes no longer hash to the "
            f"ledger's leaf {index}",
            **_where(event),
        )
    elsewhere = [
        found
        for found in sql.leaves_of(db, event.originator_id, event.version)
        if found.position != event.position
    ]
    if elsewhere:
        return Finding(
            "reordered",
            f"event at {event.label()} was reordered: the ledger has it at position "
            f"{elsewhere[0].position}; at position {event.position} the ledger has version "
            f"{leaf.version} of {leaf.originator_id}",
            **_where(event),
        )
    return Finding(
        "replaced",
        f"event at {event.label()} is not the one the ledger holds there (version "
        f"{leaf.version} of {leaf.originator_id}): it was replaced",
        **_where(event),
    )


def _not_in_ledger(db: Db, row: EventRow, ledger_position: int) -> Finding:
    event = _Event(int(row[0]), _canonical(row[1]), int(row[2]))
    elsewhere = sql.leaves_of(db, event.originator_id, event.version)
    if elsewhere:
        return Finding(
            "reordered",
            f"event at {event.label()} was moved: the ledger has it at position "
            f"{elsewhere[0].position}",
            **_where(event),
        )
    return Finding(
        "inserted",
        f"event at {event.label()} is in the events table but not in the ledger, which has "
        f"passed position {ledger_position}: it was added outside the application",
        **_where(event),
    )


def _missing(db: Db, position: int) -> Finding:
    leaf = sql.leaf_at_position(db, position)
    assert leaf is not None
    return Finding(
        "missing",
        f"event at {leaf.label()} is in the ledger but missing from the events table: it was "
        "deleted",
        position=leaf.position,
        originator_id=leaf.originator_id,
        version=leaf.version,
    )


def verify_ledger(
    store: StoreConfig,
    public_keys: Sequence[Ed25519PublicKey],
    trusted: Sequence[tuple[str, Checkpoint]] = (),
    progress: Progress | None = None,
) -> VerifyReport:
    """Verify events, ledger and checkpoints in one read snapshot (see the module docstring).

    ``trusted`` are (where from, checkpoint) pairs held outside the register.
    """
    db = Db(store)
    try:
        with _snapshot(db):
            return _verify(db, store, public_keys, trusted, progress)
    finally:
        db.close()


def _verify(
    db: Db,
    store: StoreConfig,
    public_keys: Sequence[Ed25519PublicKey],
    trusted: Sequence[tuple[str, Checkpoint]],
    progress: Progress | None,
) -> VerifyReport:
    report = VerifyReport()
    findings = report.findings
    ledger_position = _ledger_position(db)
    if ledger_position is None or not db.table_exists(sql.LEAVES):
        findings.append(Finding("ledger", "the ledger has not been built yet"))
        return report
    report.ledger_position = ledger_position
    checkpoints = sql.all_checkpoints(db) if db.table_exists(sql.CHECKPOINTS) else []
    report.checkpoints = len(checkpoints)
    recomputed = _Recomputed([c.tree_size for c in checkpoints] + [c.tree_size for _, c in trusted])
    id_column = "rowid" if store.kind == "sqlite" else "notification_id"
    head_row = db.fetchone(f"SELECT MAX({id_column}) FROM {store.events_table}")  # noqa: S608
    head = int(head_row[0] or 0) if head_row else 0

    index = _walk(db, store, report, recomputed, ledger_position, head, progress)
    report.leaves = index
    recomputed.flush()
    if progress is not None:
        progress(head, head)

    _check_checkpoints(db, report, checkpoints, recomputed, public_keys, trusted)
    return report


def _walk(
    db: Db,
    store: StoreConfig,
    report: VerifyReport,
    recomputed: _Recomputed,
    ledger_position: int,
    head: int,
    progress: Progress | None,
) -> int:
    """Walk events and leaves side by side; returns how many leaves matched their event."""
    findings = report.findings
    hasher = LeafHasher(any_spelling=True)  # SQLite keeps ids as hex
    leaf_hash = hasher.leaf_hash
    buffer = recomputed.buffer
    events, leaves = _events(db, store), _leaves(db)
    event, leaf = next(events, None), next(leaves, None)
    index = 0  # leaves matched so far, and the index the next leaf must have
    next_report = 0
    while event is not None and leaf is not None and event[0] == leaf[1]:
        # the hot path: the same position on both sides
        try:
            digest = leaf_hash(event[0], event[1], event[2], event[3], event[4])
        except (ValueError, UnicodeError):
            digest = b""
        if digest != leaf[2] or leaf[0] != index:
            break
        buffer.append(digest)
        index += 1
        if len(buffer) >= _FLUSH:
            recomputed.flush()
            buffer = recomputed.buffer
            if progress is not None and event[0] >= next_report:
                next_report = event[0] + 50_000
                progress(event[0], head)
        event, leaf = next(events, None), next(leaves, None)
    report.events = index
    if leaf is not None and leaf[0] != index:
        findings.append(
            Finding(
                "ledger",
                f"the ledger's leaves are not consecutive: leaf {leaf[0]} comes where leaf "
                f"{index} should; the ledger itself was altered",
                position=int(leaf[1]),
            )
        )
    elif event is not None and leaf is not None and event[0] == leaf[1]:
        report.events += 1
        findings.append(_explain_mismatch(db, event, index))
    elif leaf is not None and (event is None or event[0] > leaf[1]):
        findings.append(_missing(db, int(leaf[1])))
    elif event is not None:  # an event the ledger does not hold, and no leaf before it
        report.events += 1
        if event[0] <= ledger_position:
            findings.append(_not_in_ledger(db, event, ledger_position))
        else:
            first = _Event(int(event[0]), _canonical(event[1]), int(event[2]))
            rest = sum(1 for _ in events)
            report.events += rest
            report.pending = rest + 1
            findings.append(
                Finding(
                    "pending",
                    f"{report.pending} event(s) after position {ledger_position} are not in the "
                    f"ledger yet, the first at {first.label()}: appended after the ledger's "
                    "last batch, or, while the application was stopped, by someone else",
                    **_where(first),
                )
            )
    return index


def _check_checkpoints(
    db: Db,
    report: VerifyReport,
    checkpoints: Sequence[Checkpoint],
    recomputed: _Recomputed,
    public_keys: Sequence[Ed25519PublicKey],
    trusted: Sequence[tuple[str, Checkpoint]],
) -> None:
    findings = report.findings
    keys = {key_id(k): k for k in public_keys}
    size = sql.tree_size(db)
    matched_all = not any(f.kind != "pending" for f in findings)

    def against_events(checkpoint: Checkpoint, name: str) -> None:
        root = recomputed.roots.get(checkpoint.tree_size)
        if checkpoint.tree_size > size:
            findings.append(
                Finding(
                    "checkpoint",
                    f"{name} is beyond the ledger ({size} leaves): the ledger was truncated",
                )
            )
        elif root is None and checkpoint.tree_size > 0:
            if matched_all:  # not reached only when an earlier difference stopped the walk
                findings.append(Finding("checkpoint", f"{name} was not reached"))
        elif checkpoint.tree_size > 0 and root != checkpoint.root_hash:
            findings.append(
                Finding(
                    "checkpoint",
                    f"{name}: its root does not match the tree recomputed from the events; "
                    "events and ledger were rewritten together",
                )
            )

    previous: Checkpoint | None = None
    for checkpoint in checkpoints:
        name = f"checkpoint of size {checkpoint.tree_size} ({checkpoint.timestamp})"
        key = keys.get(checkpoint.key_id)
        if key is None:
            findings.append(
                Finding("checkpoint", f"{name}: signed by key {checkpoint.key_id}, not given")
            )
        elif not verify_checkpoint(key, checkpoint):
            findings.append(Finding("checkpoint", f"{name}: the signature does not verify"))
        against_events(checkpoint, name)
        if checkpoint.tree_size <= size:
            stored = _stored_root(db, checkpoint.tree_size)
            if stored != checkpoint.root_hash:
                findings.append(
                    Finding("checkpoint", f"{name}: the stored tree has another root at that size")
                )
            elif previous is not None and not _consistent(db, previous, checkpoint):
                findings.append(
                    Finding(
                        "checkpoint",
                        f"{name} does not extend the checkpoint of size {previous.tree_size}: "
                        "the consistency proof from the stored tree fails",
                    )
                )
        previous = checkpoint
    for origin, checkpoint in trusted:
        name = f"trusted checkpoint of size {checkpoint.tree_size} ({origin})"
        key = keys.get(checkpoint.key_id)
        if key is None or not verify_checkpoint(key, checkpoint):
            findings.append(Finding("checkpoint", f"{name}: the signature does not verify"))
        against_events(checkpoint, name)
    if matched_all and report.leaves != size:
        findings.append(
            Finding("ledger", f"the ledger has {size} leaves but {report.leaves} matched events")
        )


def _stored_root(db: Db, size: int) -> bytes:
    nodes = sql.fetch_nodes(db, range_nodes(0, size))
    try:
        return root_from_nodes(size, sql.FetchedNodes(nodes).get)
    except KeyError:
        return b""


def _consistent(db: Db, older: Checkpoint, newer: Checkpoint) -> bool:
    plan = consistency_plan(older.tree_size, newer.tree_size)
    nodes = sql.fetch_nodes(db, plan_node_ids(plan))
    try:
        proof = consistency_proof(older.tree_size, newer.tree_size, sql.FetchedNodes(nodes).get)
    except KeyError:
        return False
    return verify_consistency(
        older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof
    )
