"""Coordination of runners in several processes on PostgreSQL.

One runner per projection is active at a time: it holds the projection's session advisory
lock (`Locks`); the others wait to take over. A runner sleeps until the event store NOTIFYs a
write (`Listener`) instead of polling the log.
"""

from __future__ import annotations

import time
import zlib
from collections.abc import Sequence

import psycopg
import structlog

from domain.store import StoreConfig
from projections.db import Db

log = structlog.get_logger("lerarenregister.projections")


def lock_key(store: StoreConfig, name: str, purpose: str = "run") -> int:
    """The advisory lock key of one projection's `purpose` ("run", "rb", "setup") in a schema."""
    key = f"lerarenregister:{store.schema}:{purpose}:{name}"
    return zlib.crc32(key.encode()) & 0x7FFFFFFF


class Locks:
    """Session advisory locks on PostgreSQL, one per projection, on their own connection."""

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.db: Db | None = None
        self.held: set[str] = set()

    def acquire(self, names: Sequence[str]) -> list[str]:
        """Try to take the locks not yet held; returns the ones newly taken."""
        gained: list[str] = []
        try:
            if self.db is None or self.db.closed:
                self.held.clear()
                self.db = Db(self.store)
            else:
                self.db.execute("SELECT 1")
            for name in names:
                if name in self.held:
                    continue
                got = self.db.fetchone(
                    "SELECT pg_try_advisory_lock(?)", (lock_key(self.store, name),)
                )
                if got and got[0]:
                    self.held.add(name)
                    gained.append(name)
                    log.info("projection_lock_acquired", projection=name)
        except psycopg.OperationalError:
            # The lock connection died: whatever we held is gone with it.
            log.warning("projection_lock_connection_lost", held=sorted(self.held))
            self.held.clear()
            if self.db is not None:
                self.db.close()
            self.db = None
        return gained

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
        self.held.clear()


class Listener:
    """LISTEN on the channel the event store NOTIFYs after each write (PostgreSQL)."""

    CHANNEL = "register_events"

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.db: Db | None = None

    def wait(self, timeout: float) -> None:
        try:
            if self.db is None or self.db.closed:
                self.db = Db(self.store)
                self.db.execute(f"LISTEN {self.CHANNEL}")
            for _ in self.db.pg.notifies(timeout=timeout, stop_after=1):
                pass
        except psycopg.OperationalError:
            if self.db is not None:
                self.db.close()
            self.db = None
            time.sleep(min(timeout, 1.0))

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
