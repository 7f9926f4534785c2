"""Reads of the events table that the library's recorder does not offer, in each store's SQL.

Pages of events in primary-key order (for folding many files at once), the events of many
aggregates in one query, the latest version of each, log positions of one aggregate's events,
the first events of a topic. Rows come back in the same plain form on both stores: ids as
`UUID`, states as `bytes`.

:func:`scans_of` chooses the dialect once per recorder, from its datastore; the reads go through
the datastore's own connections, so the request's time budget (:mod:`domain.deadlines`) and
the library's pool apply to them as to every other read.
"""

from __future__ import annotations

import threading
import weakref
from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from psycopg import sql
from psycopg.rows import tuple_row

#: One stored event: originator id, version, topic, state.
Row = tuple[UUID, int, str, bytes]
#: One stored event with its log position: position, version, topic, state.
PositionedRow = tuple[int, int, str, bytes]
#: Above every version an aggregate can reach.
_NO_LIMIT = 2**62


class EventScans(ABC):
    """Reads of one application's events table."""

    def __init__(self, datastore: Any, table: str) -> None:
        self.datastore = datastore
        self.table = table

    @abstractmethod
    def rows_after(self, after: UUID | None, limit: int) -> list[Row]:
        """Up to `limit` events of the aggregates after `after`, in primary-key order.

        No filter on the topic: with one, PostgreSQL's planner expects few rows and sorts the
        whole remaining table for every page; without, it walks the primary key.
        """

    @abstractmethod
    def rows_after_light(self, after: UUID | None, limit: int, light_topic: str) -> list[Row]:
        """As :meth:`rows_after`, but the events of `light_topic` come without their state
        (``b""``): their id, version and topic only, so a page of files can be read without
        the bulk of one kind of event (run-due reads the activities of due files only)."""

    @abstractmethod
    def rows_of(self, ids: Sequence[UUID]) -> list[Row]:
        """Every event of the given aggregates, in primary-key order, in one query."""

    @abstractmethod
    def versions_and_rows(
        self, ids: Sequence[UUID], topics: Sequence[str]
    ) -> tuple[list[tuple[UUID, int]], list[Row]]:
        """The latest version of each of the given aggregates that exists, and their events of
        the given topics in primary-key order (two queries on one connection)."""

    @abstractmethod
    def count_topic(self, topic: str) -> int:
        """How many events of one topic the table holds."""

    @abstractmethod
    def first_of_topic(self, topic: str) -> list[UUID]:
        """The aggregates whose first event (version 1) has this topic, in id order."""

    @abstractmethod
    def with_positions(self, aggregate_id: UUID, lte: int | None = None) -> list[PositionedRow]:
        """(position, version, topic, state) of one aggregate's events up to version `lte`."""


class SQLiteEventScans(EventScans):
    """The reads on SQLite: ids stored as hex text, the log position is the rowid."""

    def _read(self, statement: str, params: Sequence[Any]) -> list[Any]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(statement, params)
            return list(curs.fetchall())

    @staticmethod
    def _rows(found: list[Any]) -> list[Row]:
        return [(UUID(r[0]), r[1], r[2], bytes(r[3])) for r in found]

    def rows_after(self, after: UUID | None, limit: int) -> list[Row]:
        statement = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.table} "  # noqa: S608
            "WHERE originator_id > ? ORDER BY originator_id, originator_version LIMIT ?"
        )
        return self._rows(self._read(statement, [(after or UUID(int=0)).hex, limit]))

    def rows_after_light(self, after: UUID | None, limit: int, light_topic: str) -> list[Row]:
        statement = (
            "SELECT originator_id, originator_version, topic, "  # noqa: S608
            f"CASE WHEN topic = ? THEN X'' ELSE state END FROM {self.table} "
            "WHERE originator_id > ? ORDER BY originator_id, originator_version LIMIT ?"
        )
        return self._rows(self._read(statement, [light_topic, (after or UUID(int=0)).hex, limit]))

    def rows_of(self, ids: Sequence[UUID]) -> list[Row]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        statement = (
            f"SELECT originator_id, originator_version, topic, state FROM {self.table} "  # noqa: S608
            f"WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version"
        )
        return self._rows(self._read(statement, [i.hex for i in ids]))

    def versions_and_rows(
        self, ids: Sequence[UUID], topics: Sequence[str]
    ) -> tuple[list[tuple[UUID, int]], list[Row]]:
        if not ids:
            return [], []
        marks = ",".join("?" * len(ids))
        topic_marks = ",".join("?" * len(topics))
        hexes = [i.hex for i in ids]
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(
                f"SELECT originator_id, max(originator_version) FROM {self.table} "  # noqa: S608
                f"WHERE originator_id IN ({marks}) GROUP BY originator_id",
                hexes,
            )
            versions = [(UUID(r[0]), r[1]) for r in curs.fetchall()]
            curs.execute(
                f"SELECT originator_id, originator_version, topic, state FROM {self.table} "  # noqa: S608
                f"WHERE originator_id IN ({marks}) AND topic IN ({topic_marks}) "
                "ORDER BY originator_id, originator_version",
                [*hexes, *topics],
            )
            rows = self._rows(curs.fetchall())
        return versions, rows

    def count_topic(self, topic: str) -> int:
        statement = f"SELECT count(*) FROM {self.table} WHERE topic = ?"  # noqa: S608
        return int(self._read(statement, [topic])[0][0])

    def first_of_topic(self, topic: str) -> list[UUID]:
        statement = (
            f"SELECT originator_id FROM {self.table} "  # noqa: S608
            "WHERE topic = ? AND originator_version = 1"
        )
        return sorted(UUID(r[0]) for r in self._read(statement, [topic]))

    def with_positions(self, aggregate_id: UUID, lte: int | None = None) -> list[PositionedRow]:
        statement = (
            f"SELECT rowid, originator_version, topic, state FROM {self.table} "  # noqa: S608
            "WHERE originator_id = ? AND originator_version <= ? ORDER BY originator_version"
        )
        found = self._read(statement, [aggregate_id.hex, lte if lte is not None else _NO_LIMIT])
        return [(r[0], r[1], r[2], bytes(r[3])) for r in found]


class PostgresEventScans(EventScans):
    """The reads on PostgreSQL: the table named in its schema, rows as dictionaries."""

    def __init__(self, datastore: Any, table: str) -> None:
        super().__init__(datastore, table)
        name = sql.Identifier(datastore.schema, table)
        self._after = sql.SQL(
            "SELECT originator_id, originator_version, topic, state FROM {} "
            "WHERE originator_id > %s ORDER BY originator_id, originator_version LIMIT %s"
        ).format(name)
        self._after_light = sql.SQL(
            "SELECT originator_id, originator_version, topic, "
            "CASE WHEN topic = %s THEN NULL ELSE state END FROM {} "
            "WHERE originator_id > %s ORDER BY originator_id, originator_version LIMIT %s"
        ).format(name)
        self._of = sql.SQL(
            "SELECT originator_id, originator_version, topic, state FROM {} "
            "WHERE originator_id = ANY(%s) ORDER BY originator_id, originator_version"
        ).format(name)
        self._latest = sql.SQL(
            "SELECT originator_id, max(originator_version) AS v FROM {} "
            "WHERE originator_id = ANY(%s) GROUP BY originator_id"
        ).format(name)
        self._of_topics = sql.SQL(
            "SELECT originator_id, originator_version, topic, state FROM {} "
            "WHERE originator_id = ANY(%s) AND topic = ANY(%s) "
            "ORDER BY originator_id, originator_version"
        ).format(name)
        self._count = sql.SQL("SELECT count(*) AS n FROM {} WHERE topic = %s").format(name)
        self._first = sql.SQL(
            "SELECT originator_id FROM {} WHERE topic = %s AND originator_version = 1"
        ).format(name)
        self._positions = sql.SQL(
            "SELECT notification_id, originator_version, topic, state FROM {} "
            "WHERE originator_id = %s AND originator_version <= %s "
            "ORDER BY originator_version"
        ).format(name)

    def _read(self, query: sql.Composed, params: Sequence[Any]) -> list[Any]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(query, params)
            return list(curs.fetchall())

    @staticmethod
    def _rows(found: list[Any]) -> list[Row]:
        return [
            (r["originator_id"], r["originator_version"], r["topic"], bytes(r["state"]))
            for r in found
        ]

    def rows_after(self, after: UUID | None, limit: int) -> list[Row]:
        return self._rows(self._read(self._after, [after or UUID(int=0), limit]))

    def _tuples(self, query: sql.Composed, params: Sequence[Any]) -> list[Row]:
        """Rows as plain tuples (no dictionary per row: these reads return many)."""
        with self.datastore.get_connection() as conn, conn.cursor(row_factory=tuple_row) as curs:
            curs.execute(query, params)
            return [(i, v, t, b"" if s is None else bytes(s)) for i, v, t, s in curs.fetchall()]

    def rows_after_light(self, after: UUID | None, limit: int, light_topic: str) -> list[Row]:
        return self._tuples(self._after_light, [light_topic, after or UUID(int=0), limit])

    def rows_of(self, ids: Sequence[UUID]) -> list[Row]:
        if not ids:
            return []
        return self._tuples(self._of, [list(ids)])

    def versions_and_rows(
        self, ids: Sequence[UUID], topics: Sequence[str]
    ) -> tuple[list[tuple[UUID, int]], list[Row]]:
        if not ids:
            return [], []
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(self._latest, [list(ids)])
            versions = [(r["originator_id"], r["v"]) for r in curs.fetchall()]
            curs.execute(self._of_topics, [list(ids), list(topics)])
            rows = self._rows(curs.fetchall())
        return versions, rows

    def count_topic(self, topic: str) -> int:
        found = self._read(self._count, [topic])
        return int(found[0]["n"]) if found else 0

    def first_of_topic(self, topic: str) -> list[UUID]:
        return sorted(UUID(str(r["originator_id"])) for r in self._read(self._first, [topic]))

    def with_positions(self, aggregate_id: UUID, lte: int | None = None) -> list[PositionedRow]:
        found = self._read(self._positions, [aggregate_id, lte if lte is not None else _NO_LIMIT])
        return [
            (r["notification_id"], r["originator_version"], r["topic"], bytes(r["state"]))
            for r in found
        ]


_chosen: weakref.WeakKeyDictionary[Any, EventScans] = weakref.WeakKeyDictionary()
_chosen_lock = threading.Lock()


def scans_of(recorder: Any) -> EventScans:
    """The reads of `recorder`'s events table, in its store's dialect (chosen once for it)."""
    found = _chosen.get(recorder)
    if found is not None:
        return found
    with _chosen_lock:
        found = _chosen.get(recorder)
        if found is None:
            datastore = recorder.datastore
            table: str = recorder.events_table_name
            if isinstance(datastore, PostgresDatastore):
                found = PostgresEventScans(datastore, table)
            elif isinstance(datastore, SQLiteDatastore):
                found = SQLiteEventScans(datastore, table)
            else:
                msg = f"no event reads for a {type(datastore).__name__}"
                raise TypeError(msg)
            _chosen[recorder] = found
        return found
