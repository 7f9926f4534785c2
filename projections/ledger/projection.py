"""The ledger projection: one Merkle leaf per stored event, in log order, and signed checkpoints.

Every batch of notifications the runner hands over (every event, of every aggregate, as stored)
becomes leaves appended to an incremental RFC 9162 tree (``projections.ledger``): the leaf hash
of each stored event, the perfect subtrees it completes, and, when due, a signed checkpoint,
all written in the batch's transaction. Appending never recomputes the tree: the frontier (at
most log2 n nodes) is loaded once per batch.

Checkpoints are due every ``every`` events (at sizes that are multiples of it) and when the
newest is older than ``seconds`` (then at the batch's end, or from ``tick`` when the log has
gone quiet). They are only ever signed at sizes beyond the newest one kept, and a kept one is
never replaced.

Rebuilds: the checkpoints table is outside the projection's generations, so a rebuild keeps
it; as the new generation passes each kept checkpoint's size, its root must equal the signed
one, or the batch fails with ``LedgerMismatchError`` and the old generation stays live. A
rebuild over altered events therefore fails loudly instead of quietly re-certifying them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import structlog
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.db import Db
from projections.ledger import sql
from projections.ledger.batch import BatchTree, LeafHasher
from projections.ledger.proof.checkpoint import Checkpoint, public_key_pem, sign_checkpoint
from projections.ledger.proof.merkle import range_nodes, root_from_nodes
from projections.projection import Batch, Projection

log = structlog.get_logger("lerarenregister.ledger")

#: Events hashed and sent to the database at a time within a batch.
_CHUNK = 1000


class LedgerMismatchError(Exception):
    """The tree computed from the events does not match a kept, signed checkpoint."""


@dataclass
class CheckpointSigner:
    """The signing key and when to sign: every ``every`` events or ``seconds`` seconds."""

    key: Ed25519PrivateKey
    every: int = 1000
    seconds: float = 60.0
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if self.every < 1 or self.seconds < 0:
            raise ValueError("checkpoints need every >= 1 event and seconds >= 0")

    def public_key_pem(self) -> str:
        return public_key_pem(self.key)

    def sign(self, size: int, root_hash: bytes) -> Checkpoint:
        return sign_checkpoint(self.key, size, root_hash, self.now())

    def age(self, checkpoint: Checkpoint) -> float:
        """Seconds since a checkpoint was signed."""
        return (self.now() - datetime.fromisoformat(checkpoint.timestamp)).total_seconds()

    def time_due(self, latest: Checkpoint | None) -> bool:
        return latest is None or self.age(latest) >= self.seconds


def _check_kept(tree: BatchTree, kept: list[Checkpoint]) -> None:
    for checkpoint in kept:
        if tree.root_at(checkpoint.tree_size) != checkpoint.root_hash:
            raise LedgerMismatchError(
                f"the tree computed from the events does not match the signed checkpoint of "
                f"size {checkpoint.tree_size} ({checkpoint.timestamp}): events before it were "
                "altered, removed or reordered; run `lerarenregister verify`"
            )


def _keep(db: Db, checkpoints: list[Checkpoint]) -> None:
    """Store newly signed checkpoints; a size kept already must have the same root."""
    clashes = sql.insert_checkpoints(db, checkpoints)
    if clashes:
        raise LedgerMismatchError(
            f"a checkpoint of size {clashes[0].tree_size} with another root is kept already"
        )
    summarised = _tally.add(checkpoints)
    for checkpoint in checkpoints:
        (log.debug if summarised else log.info)(
            "ledger_checkpoint_signed", tree_size=checkpoint.tree_size, key_id=checkpoint.key_id
        )


class _CheckpointTally:
    """Checkpoints signed while `checkpoints_summarised` is open (any thread: the runner may
    fold on a worker)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.open = 0
        self.count = 0
        self.last: Checkpoint | None = None

    def add(self, checkpoints: list[Checkpoint]) -> bool:
        """Count these when a summary is open; whether one is."""
        with self.lock:
            if not self.open:
                return False
            self.count += len(checkpoints)
            if checkpoints:
                self.last = checkpoints[-1]
            return True


_tally = _CheckpointTally()


@contextmanager
def checkpoints_summarised() -> Iterator[None]:
    """Log the checkpoints signed meanwhile once, at the end, as a summary.

    For the command line's long loads that draw a progress bar (`demo`, `rebuild`): one info
    line per checkpoint (every 1,000 events) would break the bar in the middle of its line.
    Each checkpoint is still logged, at debug level; `serve` and the workers, which draw no
    bar, log each at info level as it is signed.
    """
    with _tally.lock:
        _tally.open += 1
        if _tally.open == 1:
            _tally.count, _tally.last = 0, None
    try:
        yield
    finally:
        with _tally.lock:
            _tally.open -= 1
            count, last = _tally.count, _tally.last
            done = _tally.open == 0
        if done and last is not None:
            log.info(
                "ledger_checkpoints_signed",
                count=count,
                last_tree_size=last.tree_size,
                key_id=last.key_id,
            )


class Ledger(Projection):
    """The verifiable audit ledger over every stored event (see docs/ledger.md)."""

    name = "ledger"
    version = 1
    tables = (sql.LEAVES, sql.NODES)
    topics = None  # every event, of every aggregate

    def __init__(self, signer: CheckpointSigner | None = None) -> None:
        self.signer = signer
        self._next_tick = 0.0
        self._hasher = LeafHasher()

    def configure(self, signer: CheckpointSigner | None) -> None:
        """Set the signing key and schedule (the composition root does, from settings)."""
        self.signer = signer

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        sql.create_tree_tables(db, t(sql.LEAVES), t(sql.NODES))
        sql.create_checkpoint_table(db)

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        leaves_t, nodes_t = t(sql.LEAVES), t(sql.NODES)
        last = sql.last_leaf(db, leaves_t)
        start = 0 if last is None else last.leaf_index + 1
        last_position = 0 if last is None else last.position
        frontier = sql.fetch_nodes(db, range_nodes(0, start), leaves_t, nodes_t)

        notifications = batch.notifications
        if notifications and notifications[0].id <= last_position:
            raise LedgerMismatchError(
                f"event at position {notifications[0].id} arrived after position "
                f"{last_position}: the log is not in order"
            )
        hashes: list[bytes] = []
        binary = db.dialect == "postgres"
        with sql.leaf_writer(db, leaves_t) as write:
            for offset in range(0, len(notifications), _CHUNK):
                chunk_hashes, rows = self._hasher.leaves(
                    notifications[offset : offset + _CHUNK], start + offset, binary=binary
                )
                write(rows)  # stored by the server while the next chunk is hashed
                hashes.extend(chunk_hashes)
        tree = BatchTree(start, frontier, hashes)
        sql.write_nodes(db, nodes_t, list(tree.nodes(sql.STORED_FROM_LEVEL)))

        _check_kept(tree, sql.checkpoints_between(db, start, tree.size))
        if self.signer is not None:
            self._sign_due(db, tree, start)

    def _sign_due(self, db: Db, tree: BatchTree, start: int) -> None:
        """Sign the checkpoints this batch made due, beyond the newest kept one."""
        signer = self.signer
        assert signer is not None
        latest = sql.latest_checkpoint(db)
        floor = max(start, latest.tree_size if latest is not None else 0)
        if tree.size <= floor:
            return
        sizes = list(range((floor // signer.every + 1) * signer.every, tree.size + 1, signer.every))
        if not sizes and signer.time_due(latest):
            sizes.append(tree.size)
        _keep(db, [signer.sign(size, tree.root_at(size)) for size in sizes])

    def tick(self, db: Db) -> None:
        """Sign a checkpoint of the live tree when the newest is older than ``seconds``.

        Called by the runner's loop while this process holds the ledger, so that the last
        events before the log goes quiet are signed too. Checks the tables at most every
        few seconds.
        """
        if self.signer is None or time.monotonic() < self._next_tick:
            return
        self._next_tick = time.monotonic() + min(max(self.signer.seconds / 4, 1.0), 15.0)
        if not db.table_exists(sql.CHECKPOINTS):
            return
        with db.transaction():
            checkpoint_now(db, self.signer, force=False)


def checkpoint_now(db: Db, signer: CheckpointSigner, *, force: bool = True) -> Checkpoint | None:
    """Sign a checkpoint of the live tree now, unless its size is signed already.

    With ``force`` false, only when the newest checkpoint is older than ``signer.seconds``.
    Returns the checkpoint of the current size (new or kept), or None for an empty tree.
    """
    size = sql.tree_size(db)
    if size == 0:
        return None
    latest = sql.latest_checkpoint(db)
    if latest is not None and latest.tree_size >= size:
        return sql.checkpoint_of_size(db, size)
    if not force and not signer.time_due(latest):
        return None
    nodes = sql.fetch_nodes(db, range_nodes(0, size))
    root = root_from_nodes(size, sql.FetchedNodes(nodes).get)
    checkpoint = signer.sign(size, root)
    _keep(db, [checkpoint])
    return checkpoint
