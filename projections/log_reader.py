"""Reading the register's notification log in batches, for the runner.

The runner reads with its own connection (a binary cursor on PostgreSQL, about twice as fast
as the library's reader), or through the library's reader when told to. Positions are
notification ids, which can have gaps (a rolled-back write burns one), so a batch ends at the
last id it read, or at the end of its window when it read everything up to it; it never
assumes "last + 1".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any
from uuid import UUID

import psycopg
import structlog
from eventsourcing.persistence import Notification

from domain.store import StoreConfig
from projections.db import Db
from projections.projection import Note

log = structlog.get_logger("lerarenregister.projections")


class LogReader:
    """Reads notifications after a position, of some topics, in windows of ids."""

    def __init__(
        self,
        store: StoreConfig,
        read_notifications: Callable[[int, int, int, Sequence[str]], Sequence[Notification]],
        direct_reads: bool,
    ) -> None:
        self.store = store
        self.read_notifications = read_notifications
        self.direct_reads = direct_reads

    def read(
        self, db: Db, start: int, stop: int, limit: int, topics: Sequence[str]
    ) -> Sequence[Note | Notification]:
        """Notifications after `start` up to `stop` (inclusive) of the given topics (all if
        none), in log order, at most `limit`."""
        if not self.direct_reads:
            return self.read_notifications(start, stop, limit, topics)
        table = self.store.events_table
        if db.dialect == "postgres":
            where = "notification_id > %s AND notification_id <= %s"
            where += " AND topic = ANY(%s)" if topics else ""
            columns = "notification_id, originator_id, originator_version, topic, state"
            order = "ORDER BY notification_id LIMIT %s"
            statement = f"SELECT {columns} FROM {table} WHERE {where} {order}"  # noqa: S608
            params: list[Any] = [start, stop, *([list(topics)] if topics else []), limit]
            with db.pg.cursor(binary=True) as cur:
                cur.execute(statement, params, prepare=True)  # type: ignore[arg-type]
                return list(map(Note._make, cur.fetchall()))
        where = "rowid > ? AND rowid <= ?"
        where += f" AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
        columns = "rowid, originator_id, originator_version, topic, state"
        statement = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY rowid LIMIT ?"  # noqa: S608
        rows = db.fetchall(statement, (start, stop, *topics, limit))
        return [Note(r[0], UUID(r[1]), r[2], r[3], r[4]) for r in rows]

    def next_id(self, db: Db, after: int, stop: int, topics: Sequence[str]) -> int | None:
        """The first notification id after `after` (up to `stop`) of the given topics."""
        if not self.direct_reads:
            found = self.read_notifications(after, stop, 1, topics)
            return found[0].id if found else None
        table = self.store.events_table
        if db.dialect == "postgres":
            where = "notification_id > ? AND notification_id <= ?"
            where += " AND topic = ANY(?)" if topics else ""
            params: list[Any] = [after, stop, *([list(topics)] if topics else [])]
            row = db.fetchone(f"SELECT MIN(notification_id) FROM {table} WHERE {where}", params)  # noqa: S608
        else:
            where = "rowid > ? AND rowid <= ?"
            where += f" AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
            statement = f"SELECT MIN(rowid) FROM {table} WHERE {where}"  # noqa: S608
            row = db.fetchone(statement, (after, stop, *topics))
        return int(row[0]) if row is not None and row[0] is not None else None

    def window(
        self, db: Db, start: int, stop: int, limit: int, topics: Sequence[str]
    ) -> tuple[Sequence[Note | Notification], int]:
        """The next batch after `start`: its notifications and the position it ends at."""
        # A window of ids keeps each read small whatever the planner thinks of the range.
        upper = min(stop, start + 2 * limit)
        notifications = self.read(db, start, upper, limit, topics)
        # A short read holds everything up to `upper` that these projections read.
        full = len(notifications) >= limit
        end = notifications[-1].id if full else upper
        if not notifications and upper < stop:
            # Nothing of ours in the window (a long gap, or other topics): jump to just
            # before the next notification we would read, or to `stop` if there is none.
            following = self.next_id(db, upper, stop, topics)
            end = stop if following is None else following - 1
        return notifications, end

    def analyze(self, db: Db) -> None:
        """Fresh planner statistics for the events table before a long read of it.

        Right after a bulk load PostgreSQL may not know the table's size yet and sort every
        remaining row for each batch instead of walking the notification id index.
        """
        if db.dialect != "postgres":
            return
        try:
            db.execute(f"ANALYZE {self.store.events_table}")
        except psycopg.Error:
            log.warning("events_table_not_analyzed", table=self.store.events_table)
