"""Follows the register's notification log and folds it into read models, in batches.

Exactly-once: each batch's rows and the projections' tracking positions commit in one
transaction, and every position update is conditional on the position the batch started from,
so two runners racing on one projection cannot both apply a batch. On PostgreSQL one runner
per projection is active at a time (advisory lock); others wait to take over.

One pass serves many projections: the log is read once per batch (only the topics some
projection reads), each notification is decoded at most once, and every projection that is
behind folds its share in the same transaction. A projection that fails is retried on its own,
so one broken read model never holds the others back.

Rebuilds happen side by side: a projection's tables carry a generation suffix and readers use
a view with the plain name. A rebuild fills generation n+1 while generation n keeps serving,
then swaps the view in the same transaction as its last batch.

Positions are notification ids. Ids can have gaps (a rolled-back write burns one), so a batch
ends at the last id it read, or at the head of the log when it read everything up to it; it
never assumes "last + 1".
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import psycopg
import structlog
from eventsourcing.persistence import Mapper, Notification, Recording

from domain.store import StoreConfig
from projections import erasure
from projections.db import Db, DbPool
from projections.generations import (
    TRACKING_DDL,
    Member,
    analyze_tables,
    building,
    claim,
    drop_generation,
    ensure_live,
    live_generation,
    make_live,
    record,
)
from projections.log_reader import LogReader
from projections.projection import (
    Batch,
    ConcurrentApplyError,
    Note,
    Projection,
    RebuildBusyError,
)
from projections.workers import Listener, Locks, lock_key

log = structlog.get_logger("lerarenregister.projections")

#: Batches of fewer notifications than this are written pipelined (live following).
PIPELINE_BELOW = 200
#: How long a projection that failed waits before it is tried again (seconds, doubling).
FAILURE_BACKOFF = (1.0, 30.0)


class ProjectionRunner:
    """Keeps a set of projections up to date with the log of one `Register`."""

    def __init__(
        self,
        store: StoreConfig,
        mapper: Mapper[Any],
        read_notifications: Callable[[int, int, int, Sequence[str]], Sequence[Notification]],
        head: Callable[[], int],
        projections: Sequence[Projection],
        batch_size: int = 2000,
        rebuild_batch_size: int = 10000,
        direct_reads: bool = True,
    ) -> None:
        self.store = store
        self.mapper = mapper
        self.read_notifications = read_notifications
        self.head = head
        self.projections = {p.name: p for p in projections}
        self.batch_size = batch_size
        self.rebuild_batch_size = rebuild_batch_size
        #: Read the log with the runner's own connection (a binary cursor on PostgreSQL,
        #: about twice as fast as the library's reader) instead of `read_notifications`.
        self.direct_reads = direct_reads
        self.log_reader = LogReader(store, read_notifications, direct_reads)
        self.readers = DbPool(store)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._progress = threading.Condition()
        self._known: dict[str, int] = {}
        self._threads: list[threading.Thread] = []
        self._local = threading.local()
        self._dbs: list[Db] = []
        self._dbs_lock = threading.Lock()
        db = Db(store)
        try:
            with db.transaction():
                if db.dialect == "postgres":
                    # Processes starting together on an empty schema create things once.
                    db.execute("SELECT pg_advisory_xact_lock(?)", (self._lock_key("setup"),))
                db.execute(TRACKING_DDL)
                for projection in projections:
                    ensure_live(db, projection)
        finally:
            db.close()

    # -- generations and tracking -------------------------------------------------------------

    def _db(self) -> Db:
        db: Db | None = getattr(self._local, "db", None)
        if db is None or db.closed:
            db = Db(self.store)
            self._local.db = db
            with self._dbs_lock:
                self._dbs.append(db)
        return db

    def _drop_db(self) -> None:
        """Forget this thread's connection (after a connection error)."""
        db: Db | None = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def live_generation(self, db: Db, name: str) -> tuple[int, int, int]:
        """(generation, position, code_version) of the generation readers see."""
        return live_generation(db, name)

    def _live_members(self, db: Db, names: Sequence[str]) -> list[Member]:
        return self._live_state(db, names)[0]

    def _live_state(self, db: Db, names: Sequence[str]) -> tuple[list[Member], int]:
        """The live generations of the named projections, and the head of the log, in one
        round trip (when reading the log directly)."""
        if self.direct_reads:
            column = "notification_id" if db.dialect == "postgres" else "rowid"
            head_sql = f"(SELECT MAX({column}) FROM {self.store.events_table})"  # noqa: S608
        else:
            head_sql = "NULL"
        rows = db.fetchall(
            f"SELECT projection, generation, position, {head_sql} "  # noqa: S608
            "FROM lr_projection_tracking WHERE live = 1"
        )
        found = {str(r[0]): (int(r[1]), int(r[2])) for r in rows}
        head = int(rows[0][3] or 0) if self.direct_reads and rows else self.head()
        members = [
            Member(self.projections[n], found[n][0], found[n][1], live=True)
            for n in names
            if n in found
        ]
        return members, head

    def positions(self) -> dict[str, int]:
        """Each projection's live position."""
        with self.readers.connection() as db:
            rows = db.fetchall(
                "SELECT projection, position FROM lr_projection_tracking WHERE live = 1"
            )
        out = {str(name): int(pos) for name, pos in rows if name in self.projections}
        self._remember(out)
        return out

    def _remember(self, positions: dict[str, int]) -> None:
        with self._progress:
            for name, position in positions.items():
                if position > self._known.get(name, -1):
                    self._known[name] = position
            self._progress.notify_all()

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

    def _step(
        self,
        db: Db,
        members: Sequence[Member],
        stop: int,
        batch_size: int | None = None,
        decoded: dict[int, Any] | None = None,
    ) -> int:
        """Fold the next batch after the lowest member position, up to `stop`, in one
        transaction; returns the position the members reached (their start if none).

        `decoded` holds events already in memory by position (see :meth:`fold_saved`): they
        are not decoded from the log again."""
        start = min(m.position for m in members)
        if stop <= start:
            return start
        if any(m.topics is None for m in members):
            topics: list[str] = []
        else:
            topics = sorted(set().union(*(m.topics or () for m in members)))
        notifications, end = self.log_reader.window(
            db, start, stop, batch_size or self.batch_size, topics
        )
        cache: dict[int, Any] = {} if decoded is None else decoded
        movers = [m for m in members if m.position < end]
        # Small batches (following the log live) are sent pipelined on PostgreSQL: the writes
        # of all projections go out without waiting for each answer.
        small = len(notifications) <= PIPELINE_BELOW

        def fold(m: Member) -> None:
            if m.position <= start and m.topics is None:
                mine: Sequence[Note | Notification] = notifications
            else:
                mine = [
                    n
                    for n in notifications
                    if n.id > m.position and (m.topics is None or n.topic in m.topics)
                ]
            erased = (
                [(n.id, str(n.originator_id)) for n in mine if n.topic == erasure.ERASED]
                if m.name in erasure.DROPS
                else []
            )
            if erased:
                mine = [n for n in mine if n.topic != erasure.ERASED]
            if mine:
                m.projection.apply(db, Batch(mine, self.mapper, cache), m.t)
            if erased:
                m.projection.erased(db, m.t, erased)
                erasure.forget(db, m.name, m.t, [tid for _, tid in erased])

        with db.transaction():
            claim(db, movers)
            for m in movers:
                if not m.projection.pipelined:
                    fold(m)
            with db.pipelined(small):
                for m in movers:
                    if m.projection.pipelined:
                        fold(m)
                moved = record(db, movers, end)
            if moved.rowcount != len(movers):
                raise ConcurrentApplyError(",".join(m.name for m in movers))
        for m in movers:
            m.position = end
        if any(m.live for m in movers):
            self._remember({m.name: end for m in movers if m.live})
        return end

    def _follow(
        self,
        db: Db,
        members: list[Member],
        stop: int,
        *,
        batch_size: int | None = None,
        decoded: dict[int, Any] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Step until every member reached `stop`; `progress(done, total)` counts log
        positions from where the slowest member began."""
        first = min((m.position for m in members), default=stop)
        while members and min(m.position for m in members) < stop:
            before = min(m.position for m in members)
            reached = self._step(db, members, stop, batch_size, decoded)
            if progress is not None:
                progress(reached - first, stop - first)
            if reached == before:
                break

    def catch_up(
        self,
        names: str | Sequence[str] | None = None,
        until: int | None = None,
        *,
        progress: Callable[[int, int], None] | None = None,
        decoded: dict[int, Any] | None = None,
        batch_size: int | None = None,
    ) -> int:
        """Bring live generations up to the head (or `until`) in shared passes over the log.

        Returns the lowest position reached. If the shared pass fails, each projection is
        retried alone so that the healthy ones still advance; the first failure is re-raised.
        `progress(position, stop)` is called after each batch; `decoded` see `fold_saved`.
        """
        wanted = self._names(names)
        if not wanted:
            return self.head()
        db = self._db()
        members, head = self._live_state(db, wanted)
        stop = head if until is None else min(until, head)
        for attempt in range(100):
            if attempt:
                members, _ = self._live_state(db, wanted)
            try:
                self._follow(
                    db,
                    members,
                    stop,
                    batch_size=batch_size,
                    decoded=decoded,
                    progress=progress,
                )
                return min((m.position for m in members), default=stop)
            except ConcurrentApplyError:
                continue  # another runner moved first: re-read positions and go on
            except Exception:
                if len(wanted) == 1:
                    raise
                log.warning("projection_pass_failed_retrying_alone", projections=wanted)
                return self._catch_up_alone(wanted, stop)
        raise ConcurrentApplyError(",".join(wanted))  # pragma: no cover

    def _catch_up_alone(self, names: Sequence[str], stop: int) -> int:
        first: Exception | None = None
        reached = stop
        for name in names:
            try:
                reached = min(reached, self.catch_up(name, until=stop))
            except Exception as exc:
                log.exception("projection_failed", projection=name)
                first = first or exc
        if first is not None:
            raise first
        return reached

    def catch_up_all(self, progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
        """Bring every projection up to the head; returns the live positions."""
        self.catch_up(progress=progress)
        return self.positions()

    def fold_saved(self, recordings: Sequence[Recording[Any]]) -> int:
        """Bring every projection up to the newest of `recordings`, events this process has
        just saved, folding their domain events from memory instead of reading and decoding
        them from the log again (what a bulk load spends most of its catch-up on).

        Other writers' events in between are read from the log as usual. Only the writer
        that saved `recordings` may pass them: they are the events exactly as recorded.
        """
        decoded: dict[int, Any] = {
            r.notification.id: (
                r.notification.id,
                str(r.notification.originator_id),
                r.domain_event,
            )
            for r in recordings
        }
        if not decoded:
            return self.catch_up(until=0)
        return self.catch_up(
            until=max(decoded),
            decoded=decoded,
            batch_size=max(self.batch_size, len(decoded)),
        )

    def _names(self, names: str | Sequence[str] | None) -> list[str]:
        if names is None:
            return list(self.projections)
        if isinstance(names, str):
            names = [names]
        for name in names:
            if name not in self.projections:
                raise KeyError(f"no projection named {name!r}; one of {sorted(self.projections)}")
        return list(names)

    def wait_for(
        self, position: int, names: Sequence[str] | None = None, timeout: float = 3.0
    ) -> bool:
        """Wait until the named projections have passed `position`; False on timeout.

        Commits of this process's runner wake waiters at once; commits of other processes
        (workers) are seen by polling the tracking table every few tens of milliseconds.
        """
        wanted = list(names) if names is not None else list(self.projections)
        deadline = time.monotonic() + timeout
        while True:
            with self._progress:
                if all(self._known.get(n, -1) >= position for n in wanted):
                    return True
            positions = self.positions()
            if all(positions.get(n, 0) >= position for n in wanted):
                return True
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self._wake.set()
            with self._progress:
                if not all(self._known.get(n, -1) >= position for n in wanted):
                    self._progress.wait(timeout=min(0.025, remaining))

    # -- rebuild ------------------------------------------------------------------------------

    def rebuild(
        self,
        names: str | Sequence[str] | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Build fresh generations beside the live ones in one pass, then switch readers over.

        An interrupted rebuild (crash, kill -9) resumes from its last committed batch when
        started again, as long as the projection's code version is unchanged.
        """
        wanted = self._names(names)
        guard = self._rebuild_guard(wanted)
        try:
            return self._rebuild(wanted, progress)
        finally:
            if guard is not None:
                guard.close()

    def _rebuild_guard(self, names: Sequence[str]) -> Db | None:
        """On PostgreSQL, one rebuild per projection at a time across processes."""
        if not self.store.is_postgres:
            return None
        guard = Db(self.store)
        for name in names:
            got = guard.fetchone("SELECT pg_try_advisory_lock(?)", (self._lock_key(name, "rb"),))
            if not (got and got[0]):
                guard.close()
                raise RebuildBusyError(f"another process is rebuilding {name}")
        return guard

    def _rebuild(
        self, names: Sequence[str], progress: Callable[[int, int], None] | None
    ) -> dict[str, Any]:
        db = self._db()
        self.log_reader.analyze(db)
        members: list[Member] = []
        old: dict[str, int] = {}
        for name in names:
            live_gen, _, _ = self.live_generation(db, name)
            old[name] = live_gen
            members.append(building(db, self.projections[name], live_gen))
        started = time.perf_counter()
        first = min(m.position for m in members)
        while True:
            head = self.head()
            reached = self._step(db, members, head, self.rebuild_batch_size)
            if progress is not None:
                progress(reached, max(head, reached))
            if reached >= head:
                break  # the rest (written meanwhile) is folded in the switch transaction
        analyze_tables(db, members)
        with db.transaction():
            # Final catch-up and switch in one transaction: readers never see a half model.
            self._follow(db, members, self.head())
            for m in members:
                make_live(db, m)
        for m in members:
            drop_generation(db, m.projection, old[m.name])
        self._remember({m.name: m.position for m in members})
        elapsed = time.perf_counter() - started
        position = min(m.position for m in members)
        log.info(
            "rebuild_finished",
            projections=list(names),
            position=position,
            seconds=round(elapsed, 3),
        )
        return {
            "projections": {m.name: m.generation for m in members},
            "position": position,
            "events": position - first,
            "seconds": elapsed,
        }

    def outdated(self) -> list[str]:
        """Projections whose live tables were built by another code version."""
        db = self._db()
        return [
            name
            for name, projection in self.projections.items()
            if self.live_generation(db, name)[2] != projection.version
        ]

    def rebuild_outdated(self, names: Sequence[str] | None = None) -> list[str]:
        """Rebuild (side by side, in one pass) every projection whose code version changed."""
        stale = [n for n in self.outdated() if names is None or n in names]
        if stale:
            log.info("rebuilding_outdated", projections=stale)
            self.rebuild(stale)
        return stale

    # -- running ------------------------------------------------------------------------------

    def wake(self, _position: int = 0) -> None:
        """Called after each save in embedded mode: new events are waiting."""
        self._wake.set()

    def _lock_key(self, name: str, purpose: str = "run") -> int:
        return lock_key(self.store, name, purpose)

    def run(
        self,
        stop: threading.Event | None = None,
        poll_interval: float = 1.0,
        on_acquire: Callable[[list[str]], None] | None = None,
    ) -> None:
        """Follow the log until stopped; on PostgreSQL only while holding each advisory lock.

        A runner that holds no lock retries every `poll_interval`, so a second worker takes
        over within about that long after the first one dies. Projections whose code version
        changed are rebuilt side by side by whoever holds their lock.
        """
        stop = stop or self._stop
        locks = Locks(self.store) if self.store.is_postgres else None
        listener = Listener(self.store) if self.store.is_postgres else None
        failures: dict[str, tuple[int, float]] = {}
        last_try = 0.0
        rebuilt_checked: set[str] = set()
        try:
            while not stop.is_set():
                names = list(self.projections)
                if locks is not None:
                    if time.monotonic() - last_try >= min(poll_interval, 0.5) or not locks.held:
                        last_try = time.monotonic()
                        gained = locks.acquire(names)
                        if gained and on_acquire is not None:
                            on_acquire(gained)
                    names = [n for n in names if n in locks.held]
                now = time.monotonic()
                names = [n for n in names if failures.get(n, (0, 0.0))[1] <= now]
                fresh = [n for n in names if n not in rebuilt_checked]
                if fresh:
                    self._guarded(partial(self.rebuild_outdated, fresh), fresh, failures)
                    rebuilt_checked.update(fresh)
                if names:
                    try:
                        self.catch_up(names)
                        for name in names:
                            failures.pop(name, None)
                    except Exception:
                        # Find out which one fails; the others go on without it.
                        for name in names:
                            self._guarded(partial(self.catch_up, name), [name], failures)
                for name in names:
                    self._guarded(partial(self._tick, name), [name], failures)
                if locks is not None:
                    rebuilt_checked &= locks.held
                if listener is not None:
                    listener.wait(poll_interval if (locks is None or locks.held) else 0.25)
                else:
                    self._wake.wait(timeout=poll_interval)
                    self._wake.clear()
        finally:
            if locks is not None:
                locks.close()
            if listener is not None:
                listener.close()

    def _tick(self, name: str) -> None:
        self.projections[name].tick(self._db())

    def _guarded(
        self,
        work: Callable[[], object],
        names: Sequence[str],
        failures: dict[str, tuple[int, float]],
    ) -> None:
        """Run work for the loop; a failure backs off (doubling) instead of spinning."""
        try:
            work()
            for name in names:
                failures.pop(name, None)
        except psycopg.OperationalError:
            log.warning("projection_connection_lost", projections=list(names))
            self._drop_db()
            time.sleep(FAILURE_BACKOFF[0])
        except Exception:
            log.exception("projection_failed", projections=list(names))
            for name in names:
                count, _ = failures.get(name, (0, 0.0))
                delay = min(FAILURE_BACKOFF[0] * 2**count, FAILURE_BACKOFF[1])
                failures[name] = (count + 1, time.monotonic() + delay)

    def start(self) -> None:
        """Run in a background thread (embedded mode, or the API process on PostgreSQL)."""
        self._stop.clear()
        thread = threading.Thread(target=self.run, name="projections", daemon=True)
        thread.start()
        self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        for thread in self._threads:
            thread.join(timeout=10)
        self._threads.clear()
        with self._dbs_lock:
            for db in self._dbs:
                db.close()
            self._dbs.clear()
        self._local = threading.local()
        self.readers.close()
