"""What the store says about the register's health, read at once for `/metrics`.

Read from the store (not from a process's memory), so every server process answers the same:
the head of the log, each read model's live position, the newest signed ledger checkpoint and
the messages waiting in the outbox. A handful of indexed reads on one connection.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from projections import outbox
from projections.db import Db
from projections.ledger import sql as ledger_sql


@dataclass(frozen=True)
class StoreGauges:
    head: int
    #: Live position of each read model (log positions folded).
    positions: dict[str, int]
    #: The newest signed checkpoint's tree size and signing time, if one was signed.
    checkpoint_size: int | None = None
    checkpoint_signed_at: datetime | None = None
    #: Undelivered outbox messages per status (every status of `outbox.UNDELIVERED`).
    outbox: dict[str, int] = field(default_factory=dict)

    def lag(self, name: str) -> int:
        """Log positions the read model is behind the head (0 when it caught up)."""
        return max(0, self.head - self.positions[name])


def read_gauges(db: Db, names: Iterable[str]) -> StoreGauges:
    """The gauges of the read models `names` (those this register runs)."""
    wanted = set(names)
    column = "notification_id" if db.dialect == "postgres" else "rowid"
    row = db.fetchone(f"SELECT MAX({column}) FROM {db.store.events_table}")  # noqa: S608
    head = int(row[0] or 0) if row is not None else 0
    rows = db.fetchall("SELECT projection, position FROM lr_projection_tracking WHERE live = 1")
    positions = {str(n): int(p) for n, p in rows if n in wanted}
    size: int | None = None
    signed_at: datetime | None = None
    if db.table_exists(ledger_sql.CHECKPOINTS):
        newest = ledger_sql.latest_checkpoint(db)
        if newest is not None:
            size = newest.tree_size
            signed_at = datetime.fromisoformat(newest.timestamp)
    counts = outbox.counts(db)
    waiting = {status: counts.get(status, 0) for status in outbox.UNDELIVERED}
    return StoreGauges(head, positions, size, signed_at, waiting)
