"""A thin, explicit database handle for read models on SQLite and PostgreSQL.

SQL in projections is written once with `?` placeholders; on PostgreSQL they become `%s`.
No read model SQL contains a literal question mark, so the rewrite is safe.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg import sql

from domain.store import StoreConfig


class Db:
    """One connection to the store's database, used by one thread at a time."""

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.dialect = "postgres" if store.is_postgres else "sqlite"
        self._sqlite: sqlite3.Connection | None = None
        self._pg: psycopg.Connection[Any] | None = None
        self._in_tx = False
        self.connect()

    def connect(self) -> None:
        if self.dialect == "sqlite":
            assert self.store.sqlite_path is not None
            conn = sqlite3.connect(
                self.store.sqlite_path, timeout=30, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            conn.execute("PRAGMA synchronous=NORMAL")
            self._sqlite = conn
        else:
            pg = psycopg.connect(self.store.conninfo, autocommit=True)
            pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.store.schema)))
            self._pg = pg

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._pg is not None:
            self._pg.close()

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

    @property
    def pg(self) -> psycopg.Connection[Any]:
        assert self._pg is not None
        return self._pg

    def copy_rows(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Bulk insert: COPY on PostgreSQL, executemany on SQLite."""
        if not rows:
            return
        if self._pg is not None:
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
