"""The public register's lookup by register number, on the event loop.

`GET /api/public/register/{register_number}` is the register's busiest read. Its answer is
kept ready by the projection (`public_register.document`, one row per entry), so a lookup is
one primary-key SELECT whose text is sent as it is. On PostgreSQL it runs on the event loop
over an async psycopg pool of up to `LR_PUBLIC_POOL` connections: no worker-thread hop, no
connection taken from the synchronous pool. The pool belongs to the event loop that started
the app (its lifespan); a request served by another loop (a test client without lifespan)
and SQLite read through the synchronous read-model pool in a worker thread instead.

The request's time budget (`domain.deadlines`) bounds the wait for a connection: a pool that
has none to give in time raises `PoolTimeout`, which the edge answers as 503 with
`Retry-After` (`pool-exhausted` in `/metrics`).
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio.to_thread
import psycopg
from psycopg import sql
from psycopg_pool import AsyncConnectionPool

from domain import deadlines
from domain.store import StoreConfig
from projections import public_register_queries
from projections.db import DbPool

_QUERY = public_register_queries.DOCUMENT_QUERY.replace("?", "%s")


class PublicLookup:
    """Pre-rendered public entries by register number (see module docstring)."""

    def __init__(self, store: StoreConfig, readers: DbPool, size: int) -> None:
        self.store = store
        self.readers = readers
        self.size = size
        self._pools: dict[asyncio.AbstractEventLoop, AsyncConnectionPool[Any]] = {}

    async def start(self) -> None:
        """Open the pool for the running loop (PostgreSQL); its connections come up in the
        background, so a database that is away does not hold up the start."""
        if not self.store.is_postgres:
            return
        schema = self.store.schema

        async def configure(conn: psycopg.AsyncConnection[Any]) -> None:
            await conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(schema)))

        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            self.store.conninfo,
            # One connection kept while quiet (a test, an idle process); more as requests
            # wait for one, up to `size`.
            min_size=1,
            max_size=self.size,
            kwargs={
                "autocommit": True,
                "connect_timeout": max(2, round(self.store.read_timeout)),
            },
            configure=configure,
            timeout=self.store.read_timeout,
            name="public-lookup",
            open=False,
        )
        await pool.open(wait=False)
        self._pools[asyncio.get_running_loop()] = pool

    async def stop(self) -> None:
        pool = self._pools.pop(asyncio.get_running_loop(), None)
        if pool is not None:
            await pool.close()

    async def document(self, register_number: str) -> str | None:
        """The entry's answer, or None when no entry has this number.

        Raises `public_register_queries.DocumentsNotBuiltError` while the live tables predate the
        documents (the side-by-side rebuild after an upgrade)."""
        pool = self._pools.get(asyncio.get_running_loop()) if self._pools else None
        if pool is None:
            return await anyio.to_thread.run_sync(self._read_sync, register_number)
        left = deadlines.remaining()
        try:
            async with pool.connection(left if left is not None and left > 0 else None) as conn:
                cur = await conn.execute(_QUERY, (register_number,))
                row = await cur.fetchone()
        except psycopg.errors.UndefinedColumn as exc:
            raise public_register_queries.DocumentsNotBuiltError from exc
        return None if row is None else str(row[0])

    def _read_sync(self, register_number: str) -> str | None:
        with self.readers.connection() as db:
            return public_register_queries.stored_document(db, register_number)
