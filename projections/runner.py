"""Follows the register's notification log and folds it into read models, in batches.

Exactly-once: each batch's rows and the projection's tracking position commit in one
transaction, and the position update is conditional on the position the batch started from,
so two runners racing on one projection cannot both apply a batch. On PostgreSQL one runner
per projection is active at a time (advisory lock); others wait to take over.

Rebuilds happen side by side: a projection's tables carry a generation suffix and readers use
a view with the plain name. A rebuild fills generation n+1 while generation n keeps serving,
then swaps the view in the same transaction as its last batch.
"""

from __future__ import annotations

import threading
import time
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import structlog
from eventsourcing.persistence import Mapper, Notification

from domain.store import StoreConfig
from projections.db import Db

log = structlog.get_logger("lerarenregister.projections")

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS lr_projection_tracking ("
    "projection TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL, "
    "code_version INTEGER NOT NULL, live INTEGER NOT NULL, "
    "PRIMARY KEY (projection, generation))"
)


@dataclass
class Batch:
    """Notifications of one transaction's worth, decoded lazily into domain events."""

    notifications: Sequence[Notification]
    mapper: Mapper[Any]
    _events: list[tuple[int, Any]] | None = field(default=None, repr=False)

    def events(self) -> list[tuple[int, Any]]:
        """(position, domain event) for every notification in the batch."""
        if self._events is None:
            self._events = [(n.id, self.mapper.to_domain_event(n)) for n in self.notifications]
        return self._events


class Projection(ABC):
    """One read model: its tables, and how a batch of events changes them."""

    name: ClassVar[str]
    #: Bump when the tables or the way events fold change: a rebuild follows automatically.
    version: ClassVar[int] = 1
    #: The logical tables this projection owns; readers query views with these names.
    tables: ClassVar[tuple[str, ...]]
    #: Event topics it reads; None means every event (the ledger).
    topics: ClassVar[tuple[str, ...] | None] = None

    @abstractmethod
    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        """Create this generation's tables; `t(name)` gives the physical table name."""

    @abstractmethod
    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        """Fold a batch into the tables, inside the caller's transaction."""


def physical(table: str, generation: int) -> str:
    return f"{table}_g{generation}"


class ConcurrentApplyError(Exception):
    """Another runner moved the projection's position first; this batch was rolled back."""


class ProjectionRunner:
    """Keeps a set of projections up to date with the log of one `Register`."""

    def __init__(
        self,
        store: StoreConfig,
        mapper: Mapper[Any],
        read_notifications: Callable[[int, int, int, Sequence[str]], Sequence[Notification]],
        head: Callable[[], int],
        projections: Sequence[Projection],
        batch_size: int = 1000,
    ) -> None:
        self.store = store
        self.mapper = mapper
        self.read_notifications = read_notifications
        self.head = head
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._progress = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._local = threading.local()
        self._dbs: list[Db] = []
        self._dbs_lock = threading.Lock()
        db = Db(store)
        try:
            db.execute(TRACKING_DDL)
            for projection in projections:
                self._ensure_live(db, projection)
        finally:
            db.close()

    # -- generations and tracking -------------------------------------------------------------

    def _db(self) -> Db:
        db: Db | None = getattr(self._local, "db", None)
        if db is None:
            db = Db(self.store)
            self._local.db = db
            with self._dbs_lock:
                self._dbs.append(db)
        return db

    def _ensure_live(self, db: Db, projection: Projection) -> None:
        """On first use, create generation 1 and its views."""
        row = db.fetchone(
            "SELECT generation FROM lr_projection_tracking WHERE projection = ? AND live = 1",
            (projection.name,),
        )
        if row is not None:
            return
        with db.transaction():
            row = db.fetchone(
                "SELECT generation FROM lr_projection_tracking WHERE projection = ? AND live = 1",
                (projection.name,),
            )
            if row is not None:
                return
            self._create_generation(db, projection, 1, live=True)
            self._switch_views(db, projection, 1)

    def _create_generation(
        self, db: Db, projection: Projection, generation: int, *, live: bool
    ) -> None:
        projection.create_tables(db, lambda name: physical(name, generation))
        db.execute(
            "INSERT INTO lr_projection_tracking (projection, generation, position, code_version, "
            "live) VALUES (?, ?, 0, ?, ?)",
            (projection.name, generation, projection.version, 1 if live else 0),
        )

    def _switch_views(self, db: Db, projection: Projection, generation: int) -> None:
        for table in projection.tables:
            db.execute(f"DROP VIEW IF EXISTS {table}")
            db.execute(f"CREATE VIEW {table} AS SELECT * FROM {physical(table, generation)}")  # noqa: S608

    def live_generation(self, db: Db, name: str) -> tuple[int, int, int]:
        """(generation, position, code_version) of the generation readers see."""
        row = db.fetchone(
            "SELECT generation, position, code_version FROM lr_projection_tracking "
            "WHERE projection = ? AND live = 1",
            (name,),
        )
        assert row is not None, name
        return int(row[0]), int(row[1]), int(row[2])

    def positions(self) -> dict[str, int]:
        """Each projection's live position."""
        db = self._db()
        rows = db.fetchall("SELECT projection, position FROM lr_projection_tracking WHERE live = 1")
        return {str(name): int(pos) for name, pos in rows if name in self.projections}

    def status(self) -> list[dict[str, Any]]:
        """Position, head and lag of every projection, and any rebuild under way."""
        head = self.head()
        db = self._db()
        rows = db.fetchall(
            "SELECT projection, generation, position, code_version, live "
            "FROM lr_projection_tracking ORDER BY projection, generation"
        )
        out = []
        for name, generation, position, code_version, live in rows:
            if name not in self.projections:
                continue
            out.append(
                {
                    "projection": name,
                    "generation": int(generation),
                    "live": bool(live),
                    "position": int(position),
                    "head": head,
                    "lag": max(0, head - int(position)),
                    "code_version": int(code_version),
                    "current_code_version": self.projections[name].version,
                }
            )
        return out

    # -- applying -----------------------------------------------------------------------------

    def _apply_batch(self, db: Db, projection: Projection, generation: int, start: int) -> int:
        """Apply the next batch after `start`; returns the new position (== start if none)."""
        head = self.head()
        if head <= start:
            return start
        topics = projection.topics or ()
        notifications = self.read_notifications(start, head, self.batch_size, topics)
        # A short batch holds everything up to head that this projection reads.
        full = len(notifications) >= self.batch_size
        new_position = notifications[-1].id if full else head
        t = lambda name: physical(name, generation)  # noqa: E731
        with db.transaction():
            if notifications:
                projection.apply(db, Batch(notifications, self.mapper), t)
            cur = db.execute(
                "UPDATE lr_projection_tracking SET position = ? "
                "WHERE projection = ? AND generation = ? AND position = ?",
                (new_position, projection.name, generation, start),
            )
            if cur.rowcount != 1:
                raise ConcurrentApplyError(projection.name)
        return new_position

    def catch_up(self, name: str, until: int | None = None) -> int:
        """Bring one projection's live generation up to the head (or `until`)."""
        projection = self.projections[name]
        db = self._db()
        generation, position, _ = self.live_generation(db, name)
        target = self.head() if until is None else until
        while position < target:
            try:
                new_position = self._apply_batch(db, projection, generation, position)
            except ConcurrentApplyError:
                generation, position, _ = self.live_generation(db, name)
                continue
            if new_position == position:
                break
            position = new_position
            with self._progress:
                self._progress.notify_all()
        return position

    def catch_up_all(self) -> dict[str, int]:
        return {name: self.catch_up(name) for name in self.projections}

    def wait_for(
        self, position: int, names: Sequence[str] | None = None, timeout: float = 3.0
    ) -> bool:
        """Wait until the named projections have passed `position`; False on timeout."""
        wanted = list(names) if names is not None else list(self.projections)
        deadline = time.monotonic() + timeout
        while True:
            positions = self.positions()
            if all(positions.get(n, 0) >= position for n in wanted):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._wake.set()
            with self._progress:
                self._progress.wait(timeout=min(0.02, remaining))

    # -- rebuild ------------------------------------------------------------------------------

    def rebuild(
        self, name: str, progress: Callable[[int, int], None] | None = None
    ) -> dict[str, Any]:
        """Build a fresh generation beside the live one, then switch readers over to it."""
        projection = self.projections[name]
        db = self._db()
        live_gen, _, _ = self.live_generation(db, name)
        row = db.fetchone(
            "SELECT generation, position FROM lr_projection_tracking "
            "WHERE projection = ? AND live = 0 ORDER BY generation DESC",
            (name,),
        )
        if row is not None and int(row[0]) > live_gen:
            generation, position = int(row[0]), int(row[1])  # resume an interrupted rebuild
            log.info("rebuild_resumed", projection=name, generation=generation, position=position)
        else:
            generation, position = live_gen + 1, 0
            with db.transaction():
                for table in projection.tables:
                    db.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")
                self._create_generation(db, projection, generation, live=False)
        started = time.perf_counter()
        first = position
        head = self.head()
        while True:
            new_position = self._apply_batch(db, projection, generation, position)
            if progress is not None:
                progress(new_position, max(head, new_position))
            if new_position == position:
                break
            position = new_position
        with db.transaction():
            # Final catch-up and switch in one transaction: readers never see a half model.
            position = self._final_batches(db, projection, generation, position)
            old = self.live_generation(db, name)[0]
            db.execute(
                "UPDATE lr_projection_tracking SET live = 0 "
                "WHERE projection = ? AND generation = ?",
                (name, old),
            )
            db.execute(
                "UPDATE lr_projection_tracking SET live = 1 "
                "WHERE projection = ? AND generation = ?",
                (name, generation),
            )
            self._switch_views(db, projection, generation)
        with db.transaction():
            for table in projection.tables:
                db.execute(f"DROP TABLE IF EXISTS {physical(table, old)}")
            db.execute(
                "DELETE FROM lr_projection_tracking WHERE projection = ? AND generation = ?",
                (name, old),
            )
        elapsed = time.perf_counter() - started
        events = position - first
        log.info(
            "rebuild_finished",
            projection=name,
            generation=generation,
            position=position,
            seconds=round(elapsed, 3),
        )
        return {
            "projection": name,
            "generation": generation,
            "position": position,
            "events": events,
            "seconds": elapsed,
        }

    def _final_batches(self, db: Db, projection: Projection, generation: int, position: int) -> int:
        while True:
            new_position = self._apply_batch(db, projection, generation, position)
            if new_position == position:
                return position
            position = new_position

    def rebuild_outdated(self) -> list[str]:
        """Rebuild every projection whose code version changed since its tables were built."""
        db = self._db()
        rebuilt = []
        for name, projection in self.projections.items():
            _, _, code_version = self.live_generation(db, name)
            if code_version != projection.version:
                self.rebuild(name)
                rebuilt.append(name)
        return rebuilt

    # -- running ------------------------------------------------------------------------------

    def wake(self, _position: int = 0) -> None:
        """Called after each save in embedded mode: new events are waiting."""
        self._wake.set()

    def _lock_key(self, name: str) -> int:
        return zlib.crc32(f"{self.store.schema}:{name}".encode()) & 0x7FFFFFFF

    def run(self, stop: threading.Event | None = None, poll_interval: float = 1.0) -> None:
        """Follow the log until stopped; on PostgreSQL only while holding each advisory lock."""
        stop = stop or self._stop
        lock_db: Db | None = None
        held: set[str] = set()
        listen_conn: Any = None
        if self.store.is_postgres:
            lock_db = Db(self.store)
            listen_conn = Db(self.store).pg
            listen_conn.execute("LISTEN register_events")
        try:
            while not stop.is_set():
                for name in self.projections:
                    if lock_db is not None and name not in held:
                        got = lock_db.fetchone(
                            "SELECT pg_try_advisory_lock(?)", (self._lock_key(name),)
                        )
                        if got and got[0]:
                            held.add(name)
                            log.info("projection_lock_acquired", projection=name)
                        else:
                            continue
                    try:
                        self.catch_up(name)
                    except Exception:
                        log.exception("projection_failed", projection=name)
                        stop.wait(1.0)
                if listen_conn is not None:
                    for _ in listen_conn.notifies(timeout=poll_interval, stop_after=1):
                        pass
                else:
                    self._wake.wait(timeout=poll_interval)
                    self._wake.clear()
        finally:
            if lock_db is not None:
                lock_db.close()
            if listen_conn is not None:
                listen_conn.close()

    def start(self) -> None:
        """Run in a background thread (embedded mode, or the API process on PostgreSQL)."""
        thread = threading.Thread(target=self.run, name="projections", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=5)
        with self._dbs_lock:
            for db in self._dbs:
                db.close()
            self._dbs.clear()
        self._local = threading.local()
