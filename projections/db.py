"""A thin, explicit database handle for read models on SQLite and PostgreSQL.

SQL in projections is written once with `?` placeholders; on PostgreSQL they become `%s`.
No read model SQL contains a literal question mark, so the rewrite is safe. Values are kept
portable: ids and dates as text (ISO dates sort correctly), money in cents and hours in
hundredths as integers, so both stores hold and compare exactly the same thing.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from domain.store import StoreConfig

#: Rows from which a bulk insert uses COPY on PostgreSQL (below, a pipelined insert is faster).
COPY_FROM = 50
#: Keys per `IN (...)` list on SQLite (its default limit of bound variables is 32766).
SQLITE_IN_CHUNK = 900


class Db:
    """One connection to the store's database, used by one thread at a time."""

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.dialect = "postgres" if store.is_postgres else "sqlite"
        self._sqlite: sqlite3.Connection | None = None
        self._pg: psycopg.Connection[Any] | None = None
        self._in_tx = False
        self._pipelined = False
        self.connect()

    def connect(self) -> None:
        if self.dialect == "sqlite":
            assert self.store.sqlite_path is not None
            conn = sqlite3.connect(
                self.store.sqlite_path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            # FULL: a committed access-log line or read-model batch survives a power loss
            # (NORMAL in WAL mode may lose the last commits); one fsync per batch.
            conn.execute("PRAGMA synchronous=FULL")
            self._sqlite = conn
        else:
            pg = psycopg.connect(
                self.store.conninfo,
                autocommit=True,
                connect_timeout=max(2, round(self.store.read_timeout)),
            )
            pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.store.schema)))
            self._pg = pg

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
            self._sqlite = None
        if self._pg is not None:
            self._pg.close()
            self._pg = None

    @property
    def closed(self) -> bool:
        if self._sqlite is not None:
            return False
        return self._pg is None or self._pg.closed

    def _q(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.dialect == "postgres" else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """Run one statement; returns a cursor to fetch from."""
        if self._sqlite is not None:
            return self._sqlite.execute(statement, tuple(params))
        assert self._pg is not None
        return self._pg.execute(self._q(statement), tuple(params))  # type: ignore[arg-type]

    def executemany(self, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self._sqlite is not None:
            self._sqlite.executemany(statement, rows)
            return
        assert self._pg is not None
        with self._pg.cursor() as cur:
            cur.executemany(self._q(statement), rows)  # type: ignore[arg-type]

    def fetchall(self, statement: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self.execute(statement, params).fetchall())

    def fetchone(self, statement: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        row = self.execute(statement, params).fetchone()
        return tuple(row) if row is not None else None

    def fetch_in(
        self, statement: str, keys: Iterable[Any], params: Sequence[Any] = ()
    ) -> list[tuple[Any, ...]]:
        """Rows for a set of keys: `statement` holds `IN ({keys})` once, after `params`.

        On PostgreSQL the keys travel as one array (`= ANY(?)`); on SQLite as chunks of
        placeholders. Either way one round trip per few hundred keys, never one per key.
        """
        wanted = list(dict.fromkeys(keys))
        if not wanted:
            return []
        if self._pg is not None:
            if len(wanted) == 1:  # one key (a lookup by id): `=` is twice as fast as `ANY`
                return self.fetchall(statement.replace("IN ({keys})", "= ?"), (*params, *wanted))
            stmt = statement.replace("IN ({keys})", "= ANY(?)")
            return self.fetchall(stmt, (*params, wanted))
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(wanted), SQLITE_IN_CHUNK):
            chunk = wanted[i : i + SQLITE_IN_CHUNK]
            stmt = statement.replace("{keys}", ", ".join("?" * len(chunk)))
            out.extend(self.fetchall(stmt, (*params, *chunk)))
        return out

    def upsert(
        self,
        table: str,
        columns: Sequence[str],
        key: Sequence[str],
        rows: Sequence[Sequence[Any]],
    ) -> None:
        """Insert rows, replacing the non-key columns of rows whose key already exists."""
        if not rows:
            return
        marks = ", ".join("?" for _ in columns)
        updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
        conflict = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
        self.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) "  # noqa: S608
            f"ON CONFLICT ({', '.join(key)}) {conflict}",
            rows,
        )

    @contextmanager
    def transaction(self) -> Iterator[Db]:
        """All or nothing: read-model rows and the tracking position commit together."""
        if self._in_tx:
            yield self
            return
        self._in_tx = True
        try:
            if self._sqlite is not None:
                self._sqlite.execute("BEGIN IMMEDIATE")
                try:
                    yield self
                except BaseException:
                    self._sqlite.execute("ROLLBACK")
                    raise
                self._sqlite.execute("COMMIT")
            else:
                assert self._pg is not None
                with self._pg.transaction():
                    yield self
        finally:
            self._in_tx = False

    @contextmanager
    def pipelined(self, enabled: bool = True) -> Iterator[Db]:
        """On PostgreSQL, send the statements inside without waiting for each answer (results
        that are fetched still arrive in order). Bulk COPY is replaced by inserts meanwhile."""
        if not enabled or self._pg is None or self._pipelined:
            yield self
            return
        self._pipelined = True
        try:
            with self._pg.pipeline():
                yield self
        finally:
            self._pipelined = False

    @property
    def pg(self) -> psycopg.Connection[Any]:
        assert self._pg is not None
        return self._pg

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk insert: COPY on PostgreSQL, executemany on SQLite."""
        if not rows:
            return
        if self._pg is not None and not self._pipelined and len(rows) >= COPY_FROM:
            cols = sql.SQL(", ").join(sql.Identifier(c) for c in columns)
            stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(sql.Identifier(table), cols)
            with self._pg.cursor() as cur, cur.copy(stmt) as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join("?" for _ in columns)
        self.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",  # noqa: S608
            rows,
        )

    def table_exists(self, name: str) -> bool:
        if self.dialect == "sqlite":
            row = self.fetchone(
                "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ?", (name,)
            )
        else:
            row = self.fetchone(
                "SELECT 1 FROM information_schema.tables WHERE table_schema = ? AND table_name = ?",
                (self.store.schema, name),
            )
        return row is not None

    def text_key(self) -> str:
        """Column type of a text key compared byte-wise (prefix ranges must be exact)."""
        return 'TEXT COLLATE "C"' if self.dialect == "postgres" else "TEXT"

    def ddl(self, statement: str) -> None:
        """Run a CREATE statement in which the type `IDTEXT` marks ids and keys.

        They become text compared byte-wise: on PostgreSQL `COLLATE "C"`, which keeps index
        maintenance on plain byte comparisons instead of the locale's; on SQLite plain TEXT.
        """
        self.execute(statement.replace("IDTEXT", self.text_key()))


class DbPool:
    """A few reusable connections for readers (request threads), created on demand."""

    #: As many as the thread pool runs requests at once (anyio's default limiter is 40), so
    #: a busy server does not connect and disconnect PostgreSQL backends per request.
    def __init__(self, store: StoreConfig, max_idle: int = 40) -> None:
        self.store = store
        self.max_idle = max_idle
        self._idle: list[Db] = []
        self._lock = threading.Lock()
        self._closed = False

    @contextmanager
    def connection(self) -> Iterator[Db]:
        """A connection for the duration of one read; one that saw a database error is closed
        rather than handed out again."""
        with self._lock:
            db = self._idle.pop() if self._idle else None
        if db is None:
            db = Db(self.store)
        broken = False
        try:
            yield db
        except (psycopg.Error, sqlite3.Error):
            broken = True
            raise
        finally:
            with self._lock:
                keep = not broken and not self._closed and len(self._idle) < self.max_idle
                if keep and not db.closed:
                    self._idle.append(db)
                    db = None  # type: ignore[assignment]
            if db is not None:
                db.close()

    def take(self) -> Db | None:
        """An idle connection without waiting or connecting, or None (for async callers:
        `open()` a new one in a worker thread, and `give_back` either way)."""
        with self._lock:
            return self._idle.pop() if self._idle else None

    def open(self) -> Db:
        """A new connection (blocking)."""
        return Db(self.store)

    def give_back(self, db: Db, *, broken: bool = False) -> Db | None:
        """Keep `db` for the next reader; returns it when the caller must close it instead."""
        with self._lock:
            keep = not broken and not self._closed and len(self._idle) < self.max_idle
            if keep and not db.closed:
                self._idle.append(db)
                return None
        return db

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for db in idle:
            db.close()
