"""Where the events live: an SQLite file (embedded default) or PostgreSQL (production).

The store is chosen here, once, from the settings (`kind`). This module turns a database URL
or data folder into the `eventsourcing` environment (with this package's recorder), creates the
PostgreSQL schema when missing, and makes the events table refuse UPDATE, DELETE and TRUNCATE,
so that stored history can only grow.
"""

from __future__ import annotations

import fcntl
import re
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import psycopg
from psycopg import sql

#: How long a starting process waits for another one making the store's tables.
SETUP_LOCK_SECONDS = 60

SQLITE_EVENTS_TABLE = "stored_events"
POSTGRES_EVENTS_TABLE = "register_events"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class StoreConfig:
    """A resolved store: either an SQLite file or a PostgreSQL database and schema."""

    kind: str  # "sqlite" or "postgres"
    sqlite_path: Path | None = None
    conninfo: str = ""
    schema: str = "public"
    pool_size: int = 5
    #: Seconds a read (a connection from the pool, a new connection) and a write (the events
    #: table's lock) may wait for the database before the request answers 503.
    read_timeout: float = 2.0
    write_timeout: float = 5.0

    @property
    def events_table(self) -> str:
        return SQLITE_EVENTS_TABLE if self.kind == "sqlite" else POSTGRES_EVENTS_TABLE

    @property
    def is_postgres(self) -> bool:
        return self.kind == "postgres"

    @property
    def recorder_topic(self) -> str:
        """The recorder the library builds for this store (:mod:`domain.store.recorder`)."""
        if self.kind == "sqlite":
            return "domain.store.recorder:KeyedSQLiteRecorder"
        return "domain.store.recorder:KeyedPostgresRecorder"

    @classmethod
    def from_settings(
        cls,
        database_url: str | None,
        data_dir: Path,
        schema: str | None = None,
        *,
        read_timeout: float = 2.0,
        write_timeout: float = 5.0,
    ) -> StoreConfig:
        """SQLite in `data_dir` unless a `postgresql://` URL is given."""
        if not database_url:
            return cls(
                kind="sqlite",
                sqlite_path=Path(data_dir) / "register.db",
                read_timeout=read_timeout,
                write_timeout=write_timeout,
            )
        parsed = urlparse(database_url)
        if parsed.scheme not in ("postgresql", "postgres"):
            msg = f"LR_DATABASE_URL must be a postgresql:// URL, not {parsed.scheme!r}"
            raise ValueError(msg)
        chosen = schema or "public"
        if not _IDENTIFIER.match(chosen):
            msg = f"schema name {chosen!r} is not a plain lower-case identifier"
            raise ValueError(msg)
        return cls(
            kind="postgres",
            conninfo=database_url,
            schema=chosen,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
        )

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment the `eventsourcing` infrastructure factory reads.

        Aggregates are cached per process and fast-forwarded from the store on every read,
        so a cached file is never stale, also with several processes on PostgreSQL.
        """
        cache = {"AGGREGATE_CACHE_MAXSIZE": "5000", "AGGREGATE_CACHE_FASTFORWARD": "y"}
        return {**cache, **self._store_env()}

    def _store_env(self) -> dict[str, str]:
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            return {
                "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                "SQLITE_DBNAME": str(self.sqlite_path),
                "SQLITE_LOCK_TIMEOUT": "30",
                "APPLICATION_RECORDER_TOPIC": self.recorder_topic,
                "CREATE_TABLE": "y",
            }
        parsed = urlparse(self.conninfo)
        return {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": (parsed.path or "/postgres").lstrip("/") or "postgres",
            "POSTGRES_HOST": parsed.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parsed.port or 5432),
            "POSTGRES_USER": unquote(parsed.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parsed.password or ""),
            "POSTGRES_SCHEMA": self.schema,
            "POSTGRES_POOL_SIZE": str(self.pool_size),
            "POSTGRES_MAX_OVERFLOW": "10",
            # Bounded waits, so a database that is away answers 503 in time: a connection from
            # the pool (or a new one) within the read timeout, the events table's lock within
            # the write timeout; pooled connections are checked before use, so the first
            # request after a restart does not get a dead one.
            "POSTGRES_CONNECT_TIMEOUT": str(max(1, round(self.read_timeout))),
            "POSTGRES_LOCK_TIMEOUT": str(max(1, round(self.write_timeout))),
            "POSTGRES_PRE_PING": "y",
            "POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": self.recorder_topic,
            "CREATE_TABLE": "y",
        }

    def prepare(self) -> None:
        """Create the data folder or the PostgreSQL schema, whichever this store needs."""
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.sqlite_path) as conn:
                conn.execute("PRAGMA journal_mode=WAL")
            return
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(sql.Identifier(self.schema))
            )

    @contextmanager
    def setup_lock(self) -> Any:
        """Hold while making this store's schema, tables, functions and triggers.

        On PostgreSQL, `CREATE ... IF NOT EXISTS` and `CREATE OR REPLACE` are not safe against
        another session doing the same at the same moment (a unique violation in the catalogue,
        or "tuple concurrently updated"): processes starting together on a fresh schema would
        fail. A session advisory lock per schema lets the first make everything while the
        others wait (at most `SETUP_LOCK_SECONDS`), then find it made. On SQLite, switching a
        fresh file to WAL fails at once ("database is locked") while another connection does
        the same: an exclusive `flock` on a lock file beside the database serialises the
        setup across processes and threads alike.
        """
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            self.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
            lock_path = self.sqlite_path.with_name(f".{self.sqlite_path.name}.setup-lock")
            with open(lock_path, "a+b") as handle:
                deadline = time.monotonic() + SETUP_LOCK_SECONDS
                while True:
                    try:
                        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                        break
                    except BlockingIOError:
                        if time.monotonic() > deadline:
                            raise TimeoutError(
                                f"another process has been setting up {self.sqlite_path} for "
                                f"more than {SETUP_LOCK_SECONDS} s"
                            ) from None
                        time.sleep(0.01)
                try:
                    yield
                finally:
                    fcntl.flock(handle, fcntl.LOCK_UN)
            return
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(f"SET lock_timeout = '{SETUP_LOCK_SECONDS}s'")
            conn.execute(
                "SELECT pg_advisory_lock(hashtext(%s))", (f"lr_store_setup:{self.schema}",)
            )
            try:
                yield
            finally:
                conn.execute(
                    "SELECT pg_advisory_unlock(hashtext(%s))", (f"lr_store_setup:{self.schema}",)
                )

    def protect_events_table(self) -> None:
        """Refuse UPDATE, DELETE (and TRUNCATE on PostgreSQL) of stored events."""
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            with sqlite3.connect(self.sqlite_path) as conn:
                for op in ("UPDATE", "DELETE"):
                    conn.execute(
                        f"CREATE TRIGGER IF NOT EXISTS stored_events_no_{op.lower()} "
                        f"BEFORE {op} ON {SQLITE_EVENTS_TABLE} BEGIN "
                        f"SELECT RAISE(ABORT, 'stored events are immutable: {op} refused'); END"
                    )
            return
        table = sql.Identifier(self.schema, POSTGRES_EVENTS_TABLE)
        func = sql.Identifier(self.schema, "lr_refuse_event_change")
        with psycopg.connect(self.conninfo, autocommit=True) as conn:
            conn.execute(
                sql.SQL(
                    "CREATE OR REPLACE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                    "BEGIN RAISE EXCEPTION 'stored events are immutable: % refused', TG_OP "
                    "USING ERRCODE = 'insufficient_privilege'; END $$"
                ).format(func=func)
            )
            conn.execute(
                sql.SQL(
                    "CREATE OR REPLACE TRIGGER lr_events_immutable BEFORE UPDATE OR DELETE "
                    "ON {table} FOR EACH ROW EXECUTE FUNCTION {func}()"
                ).format(table=table, func=func)
            )
            conn.execute(
                sql.SQL(
                    "CREATE OR REPLACE TRIGGER lr_events_no_truncate BEFORE TRUNCATE "
                    "ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {func}()"
                ).format(table=table, func=func)
            )

    @contextmanager
    def connect(self) -> Any:
        """A plain DB-API connection to the store, for read models and raw event reads."""
        if self.kind == "sqlite":
            assert self.sqlite_path is not None
            conn = sqlite3.connect(self.sqlite_path, timeout=30, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA busy_timeout=30000")
            try:
                yield conn
            finally:
                conn.close()
        else:
            with psycopg.connect(
                self.conninfo, autocommit=True, connect_timeout=max(2, round(self.read_timeout))
            ) as pg:
                pg.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.schema)))
                yield pg
