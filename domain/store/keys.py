"""The tables of the persons' data keys, in each store's SQL (the keys themselves:
:mod:`domain.keystore`).

Beside the events, in the same database (on PostgreSQL: in the same schema):

- ``lr_person_keys``: person id (the teacher id), wrapped key, created at;
- ``lr_destroyed_keys``: the persons whose key was destroyed, when, and why.

The person id is the primary key, so two writers can never store two keys for one person.
:meth:`KeyTable.of` chooses the dialect once, from the store's configuration.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import psycopg

from domain.store.config import StoreConfig


def _uuid(value: Any) -> UUID:
    return value if isinstance(value, UUID) else UUID(str(value))


@dataclass(frozen=True)
class RewrapBatch:
    """What one batch of :meth:`KeyTable.rewrap` saw and changed."""

    seen: int
    last: UUID | None
    rewrapped: int
    already: int


class KeyTable(ABC):
    """Create, read, add to and delete from the key tables of one store."""

    #: Table names as written in statements.
    keys: str
    gone: str
    #: The parameter mark of the driver.
    mark: str

    def __init__(self, store: StoreConfig) -> None:
        self.store = store

    @staticmethod
    def of(store: StoreConfig) -> KeyTable:
        """The key tables of `store`, in its dialect."""
        if store.kind == "sqlite":
            return SQLiteKeyTable(store)
        return PostgresKeyTable(store)

    # -- the dialect --------------------------------------------------------------------------

    @abstractmethod
    def _ddl(self) -> list[str]: ...

    @abstractmethod
    def create(self) -> None:
        """Create the key tables when missing (processes starting together create them once)."""

    @abstractmethod
    def open_reader(self) -> Any:
        """A new connection for key reads, for the caller to keep and close."""

    @abstractmethod
    def _id(self, person: UUID) -> Any: ...

    @abstractmethod
    def _time(self, when: datetime) -> Any: ...

    @abstractmethod
    def _begin(self, conn: Any) -> None:
        """Start a write transaction on a connection of :meth:`StoreConfig.connect`."""

    # -- reads --------------------------------------------------------------------------------

    def all_wrapped(self) -> list[tuple[UUID, bytes]]:
        """Every stored (person, wrapped key)."""
        with self.store.connect() as conn:
            rows = conn.execute(f"SELECT person_id, wrapped FROM {self.keys}").fetchall()  # noqa: S608
        return [(_uuid(r[0]), bytes(r[1])) for r in rows]

    def destroyed_ids(self, reader: Any) -> set[UUID]:
        """The persons whose key was destroyed, read on a connection of :meth:`open_reader`."""
        rows = reader.execute(f"SELECT person_id FROM {self.gone}").fetchall()  # noqa: S608
        return {_uuid(r[0]) for r in rows}

    def wrapped_of(self, reader: Any, person: UUID) -> bytes | None:
        """The person's wrapped key, read on a connection of :meth:`open_reader`."""
        row = reader.execute(
            f"SELECT wrapped FROM {self.keys} WHERE person_id = {self.mark}",  # noqa: S608
            (self._id(person),),
        ).fetchone()
        return None if row is None else bytes(row[0])

    def destroyed(self) -> list[tuple[UUID, str, str]]:
        """(person, destroyed at, reason) of every destroyed key, oldest first."""
        with self.store.connect() as conn:
            rows = conn.execute(
                f"SELECT person_id, destroyed_at, reason FROM {self.gone} "  # noqa: S608
                "ORDER BY destroyed_at, person_id"
            ).fetchall()
        return [(_uuid(r[0]), str(r[1]), str(r[2])) for r in rows]

    # -- writes -------------------------------------------------------------------------------

    def _insert(self, conflict: str = "") -> str:
        m = self.mark
        return (
            f"INSERT INTO {self.keys} (person_id, wrapped, created_at) "  # noqa: S608
            f"VALUES ({m}, {m}, {m}){conflict}"
        )

    def insert_new(self, cursor: Any, keys: Sequence[tuple[UUID, bytes]], at: datetime) -> None:
        """Insert new keys with the caller's cursor (in the transaction of the events)."""
        cursor.executemany(
            self._insert(),
            [(self._id(person), wrapped, self._time(at)) for person, wrapped in keys],
        )

    def insert_missing(self, keys: Sequence[tuple[UUID, bytes]], at: datetime) -> int:
        """Insert the keys of persons that have none; returns how many were inserted."""
        made = 0
        statement = self._insert(" ON CONFLICT (person_id) DO NOTHING")
        with self.store.connect() as conn:
            for person, wrapped in keys:
                cur = conn.execute(statement, (self._id(person), wrapped, self._time(at)))
                made += max(cur.rowcount, 0)
        return made

    def destroy(self, person: UUID, reason: str, at: datetime) -> bool:
        """Delete the person's key and note it in the destroyed list, in one transaction.

        Returns whether a key was there to delete.
        """
        m = self.mark
        with self.store.connect() as conn:
            self._begin(conn)
            try:
                cur = conn.execute(
                    f"DELETE FROM {self.keys} WHERE person_id = {m}",  # noqa: S608
                    (self._id(person),),
                )
                deleted = bool(cur.rowcount > 0)
                conn.execute(
                    f"INSERT INTO {self.gone} (person_id, destroyed_at, reason) "  # noqa: S608
                    f"VALUES ({m}, {m}, {m}) ON CONFLICT (person_id) DO NOTHING",
                    (self._id(person), self._time(at), reason),
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        return deleted

    def rewrap(
        self, after: UUID | None, limit: int, change: Callable[[bytes], bytes | None]
    ) -> RewrapBatch:
        """Wrap again, in one transaction, the next `limit` keys after person `after` (in
        person order; None: from the first): `change` gives a key's new wrapping, or None to
        leave it. The rows are locked while read (PostgreSQL `FOR UPDATE`; SQLite's write
        lock), and a row is written only if it is still as read."""
        m = self.mark
        start = self._after(after)
        with self.store.connect() as conn:
            self._begin(conn)
            try:
                rows = conn.execute(
                    f"SELECT person_id, wrapped FROM {self.keys} "  # noqa: S608
                    f"WHERE person_id > {m} ORDER BY person_id LIMIT {m}" + self._lock_rows,
                    (start, limit),
                ).fetchall()
                changes: list[tuple[bytes, Any, bytes]] = []
                already = 0
                for person, wrapped in rows:
                    old = bytes(wrapped)
                    new = change(old)
                    if new is None:
                        already += 1
                    else:
                        changes.append((new, person, old))
                if changes:
                    conn.cursor().executemany(
                        f"UPDATE {self.keys} SET wrapped = {m} "  # noqa: S608
                        f"WHERE person_id = {m} AND wrapped = {m}",
                        changes,
                    )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        last = _uuid(rows[-1][0]) if rows else None
        return RewrapBatch(len(rows), last, len(changes), already)

    @abstractmethod
    def _after(self, person: UUID | None) -> Any:
        """The key to read after, as the table stores ids (None: before the first)."""

    #: What locks the rows a rewrap reads.
    _lock_rows: str = ""


class SQLiteKeyTable(KeyTable):
    """The key tables in the SQLite file: ids as hex text, times as ISO text."""

    keys = "lr_person_keys"
    gone = "lr_destroyed_keys"
    mark = "?"

    def _ddl(self) -> list[str]:
        return [
            "CREATE TABLE IF NOT EXISTS lr_person_keys (person_id TEXT PRIMARY KEY, "
            "wrapped BLOB NOT NULL, created_at TEXT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS lr_destroyed_keys (person_id TEXT PRIMARY KEY, "
            "destroyed_at TEXT NOT NULL, reason TEXT NOT NULL)",
        ]

    def create(self) -> None:
        with self.store.connect() as conn:
            for statement in self._ddl():
                conn.execute(statement)

    def open_reader(self) -> Any:
        assert self.store.sqlite_path is not None
        return sqlite3.connect(
            self.store.sqlite_path, timeout=30, isolation_level=None, check_same_thread=False
        )

    def _id(self, person: UUID) -> Any:
        return person.hex

    def _after(self, person: UUID | None) -> Any:
        return "" if person is None else person.hex

    def _time(self, when: datetime) -> Any:
        return when.isoformat()

    def _begin(self, conn: Any) -> None:
        # The deleted key's page is overwritten, not only unlinked.
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("BEGIN IMMEDIATE")


class PostgresKeyTable(KeyTable):
    """The key tables in the store's schema: ids as uuid, times as timestamptz."""

    _lock_rows = " FOR UPDATE"

    mark = "%s"

    def __init__(self, store: StoreConfig) -> None:
        super().__init__(store)
        self.keys = f'"{store.schema}".lr_person_keys'
        self.gone = f'"{store.schema}".lr_destroyed_keys'

    def _ddl(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.keys} (person_id uuid PRIMARY KEY, "
            "wrapped bytea NOT NULL, created_at timestamptz NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS {self.gone} (person_id uuid PRIMARY KEY, "
            "destroyed_at timestamptz NOT NULL, reason text NOT NULL)",
        ]

    def create(self) -> None:
        with self.store.connect() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(hashtext('lr_person_keys_setup'))")
            for statement in self._ddl():
                conn.execute(statement)

    def open_reader(self) -> Any:
        return psycopg.connect(self.store.conninfo, autocommit=True)

    def _id(self, person: UUID) -> Any:
        return person

    def _after(self, person: UUID | None) -> Any:
        return UUID(int=0) if person is None else person

    def _time(self, when: datetime) -> Any:
        return when

    def _begin(self, conn: Any) -> None:
        conn.execute("BEGIN")
