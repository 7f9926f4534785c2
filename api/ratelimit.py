"""Per-client rate limit of the public endpoints: `LR_PUBLIC_RATE_LIMIT` requests a minute.

Fixed windows of one clock minute per client address. On SQLite the register runs as one
process, so the counts live in that process. On PostgreSQL several API processes share the
load, so the counts live in the database (an UNLOGGED table, one row per client and minute,
counted with one upsert): the limit holds for the whole deployment, not per process. A client
that is already over its limit in this process is refused without asking the database, so a
scraper hammering the register costs a dictionary lookup, not a write.

`0` turns the limit off (benchmarks, or a proxy in front that limits). Behind a proxy, run
uvicorn with `--forwarded-allow-ips` so the client address is the caller's, not the proxy's.
"""

from __future__ import annotations

import threading
import time
from typing import Protocol

from domain.store import StoreConfig
from projections.db import DbPool

TABLE = "lr_rate_limit"
WINDOW_SECONDS = 60


class RateLimiter(Protocol):
    """Counts a client's request; answers None to let it through, or seconds to wait."""

    limit: int
    #: Whether `hit` does I/O (then the middleware calls it in a worker thread).
    blocking: bool

    def hit(self, client: str) -> int | None: ...

    def close(self) -> None: ...


def wall_clock() -> float:
    """Seconds since the epoch (a seam for tests that must not straddle a minute)."""
    return time.time()


def _window(now: float) -> tuple[int, int]:
    """The current window's number and the whole seconds until the next one (at least 1)."""
    window = int(now // WINDOW_SECONDS)
    return window, max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))


class LocalRateLimiter:
    """Counts in this process (SQLite: the register runs as one process)."""

    blocking = False

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._window = -1
        self._counts: dict[str, int] = {}
        self._lock = threading.Lock()

    def hit(self, client: str) -> int | None:
        window, retry_after = _window(wall_clock())
        with self._lock:
            if window != self._window:
                self._window, self._counts = window, {}
            count = self._counts.get(client, 0) + 1
            self._counts[client] = count
        return retry_after if count > self.limit else None

    def close(self) -> None:
        pass


class SharedRateLimiter:
    """Counts in the PostgreSQL database, shared by every API process of the deployment."""

    blocking = True

    def __init__(self, store: StoreConfig, limit: int) -> None:
        self.limit = limit
        self.pool = DbPool(store, max_idle=4)
        self._lock = threading.Lock()
        self._window = -1
        #: Clients this process saw over the limit in the current window.
        self._over: set[str] = set()
        with self.pool.connection() as db:
            db.execute(
                f"CREATE UNLOGGED TABLE IF NOT EXISTS {TABLE} (client TEXT NOT NULL, "
                "window_start BIGINT NOT NULL, hits INTEGER NOT NULL, "
                "PRIMARY KEY (client, window_start))"
            )

    def hit(self, client: str) -> int | None:
        window, retry_after = _window(wall_clock())
        with self._lock:
            new_window = window != self._window
            if new_window:
                self._window, self._over = window, set()
            elif client in self._over:
                return retry_after
        with self.pool.connection() as db:
            if new_window:
                db.execute(f"DELETE FROM {TABLE} WHERE window_start < ?", (window - 1,))  # noqa: S608
            row = db.fetchone(
                f"INSERT INTO {TABLE} (client, window_start, hits) VALUES (?, ?, 1) "  # noqa: S608
                f"ON CONFLICT (client, window_start) DO UPDATE SET hits = {TABLE}.hits + 1 "
                "RETURNING hits",
                (client, window),
            )
        if row is None or int(row[0]) <= self.limit:
            return None
        with self._lock:
            if self._window == window:
                self._over.add(client)
        return retry_after

    def close(self) -> None:
        self.pool.close()


def build_rate_limiter(store: StoreConfig, limit: int) -> RateLimiter | None:
    """The limiter for this store, or None when the limit is off."""
    if limit <= 0:
        return None
    if store.is_postgres:
        return SharedRateLimiter(store, limit)
    return LocalRateLimiter(limit)
