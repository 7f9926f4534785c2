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
import zlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any, ClassVar, NamedTuple
from uuid import UUID

import psycopg
import structlog
from eventsourcing.persistence import Mapper, Notification, Recording
from eventsourcing.utils import get_topic

from domain.store import StoreConfig
from projections import erasure
from projections.db import Db, DbPool

log = structlog.get_logger("lerarenregister.projections")

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS lr_projection_tracking ("
    "projection TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL, "
    "code_version INTEGER NOT NULL, live INTEGER NOT NULL, "
    "PRIMARY KEY (projection, generation))"
)

#: Batches of fewer notifications than this are written pipelined (live following).
PIPELINE_BELOW = 200
#: How long a projection that failed waits before it is tried again (seconds, doubling).
FAILURE_BACKOFF = (1.0, 30.0)


def topics_of(*event_classes: type) -> tuple[str, ...]:
    """The stored topics of event classes, for `Projection.topics`."""
    return tuple(get_topic(cls) for cls in event_classes)


class Note(NamedTuple):
    """A notification as the runner reads it: what the mapper and the projections need."""

    id: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes


@dataclass
class Batch:
    """Notifications of one transaction's worth, decoded lazily into domain events.

    The decode cache is shared by the projections folding the same batch, so an event read by
    five projections is decoded once.
    """

    notifications: Sequence[Note | Notification]
    mapper: Mapper[Any]
    cache: dict[int, tuple[int, str, Any]] = field(default_factory=dict, repr=False)

    def entries(self) -> list[tuple[int, str, Any]]:
        """(position, originator id as text, domain event) for every notification."""
        cache = self.cache
        decode = self.mapper.to_domain_event
        out = []
        for n in self.notifications:
            entry = cache.get(n.id)
            if entry is None:
                entry = cache[n.id] = (n.id, str(n.originator_id), decode(n))  # type: ignore[arg-type]
            out.append(entry)
        return out

    def events(self) -> list[tuple[int, Any]]:
        """(position, domain event) for every notification in the batch."""
        return [(position, event) for position, _, event in self.entries()]


class Projection(ABC):
    """One read model: its tables, and how a batch of events changes them."""

    name: ClassVar[str]
    #: Bump when the tables or the way events fold change: a rebuild follows automatically.
    version: ClassVar[int] = 1
    #: The logical tables this projection owns; readers query views with these names.
    tables: ClassVar[tuple[str, ...]]
    #: Event topics it reads; None means every event (the ledger).
    topics: ClassVar[tuple[str, ...] | None] = None
    #: Whether `apply` may run in a PostgreSQL pipeline: it writes only through `Db`
    #: (execute, executemany, upsert, copy_rows), never with a raw COPY of its own.
    pipelined: ClassVar[bool] = False

    @abstractmethod
    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        """Create this generation's tables; `t(name)` gives the physical table name."""

    @abstractmethod
    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        """Fold a batch into the tables, inside the caller's transaction."""

    def erased(  # noqa: B027 (an optional hook, empty by default)
        self, db: Db, t: Callable[[str], str], erasures: Sequence[tuple[int, str]]
    ) -> None:
        """Erasures folded in this batch, as (position, teacher id), called in the batch's
        transaction just before the runner drops the persons' rows (`projections/erasure.py`);
        nothing by default."""

    def tick(self, db: Db) -> None:  # noqa: B027 (an optional hook, empty by default)
        """Periodic work while this runner is the active one for the projection (e.g. the
        ledger signs a checkpoint when the log has gone quiet); nothing by default."""


def physical(table: str, generation: int) -> str:
    return f"{table}_g{generation}"


class ConcurrentApplyError(Exception):
    """Another runner moved the projection's position first; this batch was rolled back."""


class RebuildBusyError(Exception):
    """Another process is rebuilding this projection right now."""


@dataclass
class _Member:
    """One projection's generation taking part in a pass over the log."""

    projection: Projection
    generation: int
    position: int
    live: bool
    topics: frozenset[str] | None = None

    def __post_init__(self) -> None:
        topics = self.projection.topics
        self.topics = frozenset(topics) if topics else None
        if self.topics is not None and self.projection.name in erasure.DROPS:
            self.topics |= {erasure.ERASED}

    @property
    def name(self) -> str:
        return self.projection.name

    def t(self, table: str) -> str:
        return physical(table, self.generation)


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
                    self._ensure_live(db, projection)
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

    def _ensure_live(self, db: Db, projection: Projection) -> None:
        """On first use, create generation 1 and its views."""
        query = "SELECT generation FROM lr_projection_tracking WHERE projection = ? AND live = 1"
        if db.fetchone(query, (projection.name,)) is not None:
            return
        self._create_generation(db, projection, 1, live=True)
        self._switch_views(db, projection, 1)

    def _create_generation(
        self, db: Db, projection: Projection, generation: int, *, live: bool
    ) -> None:
        for table in projection.tables:
            db.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")
        projection.create_tables(db, lambda name: physical(name, generation))
        db.execute(
            "DELETE FROM lr_projection_tracking WHERE projection = ? AND generation = ?",
            (projection.name, generation),
        )
        db.execute(
            "INSERT INTO lr_projection_tracking (projection, generation, position, code_version, "
            "live) VALUES (?, ?, 0, ?, ?)",
            (projection.name, generation, projection.version, 1 if live else 0),
        )

    def _drop_generation(self, db: Db, projection: Projection, generation: int) -> None:
        with db.transaction():
            for table in projection.tables:
                db.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")
            db.execute(
                "DELETE FROM lr_projection_tracking WHERE projection = ? AND generation = ?",
                (projection.name, generation),
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

    def _live_members(self, db: Db, names: Sequence[str]) -> list[_Member]:
        return self._live_state(db, names)[0]

    def _live_state(self, db: Db, names: Sequence[str]) -> tuple[list[_Member], int]:
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
            _Member(self.projections[n], found[n][0], found[n][1], live=True)
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

    def _read(
        self, db: Db, start: int, stop: int, limit: int, topics: Sequence[str]
    ) -> Sequence[Note | Notification]:
        """Notifications after `start` up to `stop` (inclusive) of the given topics (all if
        none), in log order, at most `limit`."""
        if not self.direct_reads:
            return self.read_notifications(start, stop, limit, topics)
        table = self.store.events_table
        if db.dialect == "postgres":
            where = "notification_id > %s AND notification_id <= %s"
            where += " AND topic = ANY(%s)" if topics else ""
            columns = "notification_id, originator_id, originator_version, topic, state"
            order = "ORDER BY notification_id LIMIT %s"
            statement = f"SELECT {columns} FROM {table} WHERE {where} {order}"  # noqa: S608
            params: list[Any] = [start, stop, *([list(topics)] if topics else []), limit]
            with db.pg.cursor(binary=True) as cur:
                cur.execute(statement, params, prepare=True)  # type: ignore[arg-type]
                return list(map(Note._make, cur.fetchall()))
        where = "rowid > ? AND rowid <= ?"
        where += f" AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
        columns = "rowid, originator_id, originator_version, topic, state"
        statement = f"SELECT {columns} FROM {table} WHERE {where} ORDER BY rowid LIMIT ?"  # noqa: S608
        rows = db.fetchall(statement, (start, stop, *topics, limit))
        return [Note(r[0], UUID(r[1]), r[2], r[3], r[4]) for r in rows]

    def _next_id(self, db: Db, after: int, stop: int, topics: Sequence[str]) -> int | None:
        """The first notification id after `after` (up to `stop`) of the given topics."""
        if not self.direct_reads:
            found = self.read_notifications(after, stop, 1, topics)
            return found[0].id if found else None
        table = self.store.events_table
        if db.dialect == "postgres":
            where = "notification_id > ? AND notification_id <= ?"
            where += " AND topic = ANY(?)" if topics else ""
            params: list[Any] = [after, stop, *([list(topics)] if topics else [])]
            row = db.fetchone(f"SELECT MIN(notification_id) FROM {table} WHERE {where}", params)  # noqa: S608
        else:
            where = "rowid > ? AND rowid <= ?"
            where += f" AND topic IN ({', '.join('?' * len(topics))})" if topics else ""
            statement = f"SELECT MIN(rowid) FROM {table} WHERE {where}"  # noqa: S608
            row = db.fetchone(statement, (after, stop, *topics))
        return int(row[0]) if row is not None and row[0] is not None else None

    def _window(
        self, db: Db, start: int, stop: int, limit: int, topics: Sequence[str]
    ) -> tuple[Sequence[Note | Notification], int]:
        """The next batch after `start`: its notifications and the position it ends at."""
        # A window of ids keeps each read small whatever the planner thinks of the range.
        upper = min(stop, start + 2 * limit)
        notifications = self._read(db, start, upper, limit, topics)
        # A short read holds everything up to `upper` that these projections read.
        full = len(notifications) >= limit
        end = notifications[-1].id if full else upper
        if not notifications and upper < stop:
            # Nothing of ours in the window (a long gap, or other topics): jump to just
            # before the next notification we would read, or to `stop` if there is none.
            following = self._next_id(db, upper, stop, topics)
            end = stop if following is None else following - 1
        return notifications, end

    def _step(
        self,
        db: Db,
        members: Sequence[_Member],
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
        notifications, end = self._window(db, start, stop, batch_size or self.batch_size, topics)
        cache: dict[int, Any] = {} if decoded is None else decoded
        movers = [m for m in members if m.position < end]
        # Small batches (following the log live) are sent pipelined on PostgreSQL: the writes
        # of all projections go out without waiting for each answer.
        small = len(notifications) <= PIPELINE_BELOW

        def fold(m: _Member) -> None:
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
            self._claim(db, movers)
            for m in movers:
                if not m.projection.pipelined:
                    fold(m)
            with db.pipelined(small):
                for m in movers:
                    if m.projection.pipelined:
                        fold(m)
                moved = self._record(db, movers, end)
            if moved.rowcount != len(movers):
                raise ConcurrentApplyError(",".join(m.name for m in movers))
        for m in movers:
            m.position = end
        if any(m.live for m in movers):
            self._remember({m.name: end for m in movers if m.live})
        return end

    @staticmethod
    def _which(movers: Sequence[_Member], *, at_position: bool) -> tuple[str, list[Any]]:
        """A WHERE clause naming the movers' tracking rows (and their positions)."""
        each = "(projection = ? AND generation = ?" + (" AND position = ?)" if at_position else ")")
        params: list[Any] = [1 if movers[0].live else 0]
        for m in movers:
            params += [m.name, m.generation, *([m.position] if at_position else [])]
        return f"live = ? AND ({' OR '.join(each for _ in movers)})", params

    def _claim(self, db: Db, movers: Sequence[_Member]) -> None:
        """Lock the movers' tracking rows at the positions this batch starts from, or fail.

        On PostgreSQL a racing runner waits on the row locks, then finds the positions moved
        and gives up before writing anything; a live generation that stopped being live (a
        rebuild switched over) fails the same way. One statement for all projections.
        """
        where, params = self._which(movers, at_position=True)
        cur = db.execute(
            f"UPDATE lr_projection_tracking SET position = position WHERE {where}",  # noqa: S608
            params,
        )
        if cur.rowcount != len(movers):
            raise ConcurrentApplyError(",".join(m.name for m in movers))

    def _record(self, db: Db, movers: Sequence[_Member], end: int) -> Any:
        """Move the claimed rows to `end`; returns the cursor (its rowcount is checked after
        the pipeline, if any, has synced)."""
        where, params = self._which(movers, at_position=False)
        return db.execute(
            f"UPDATE lr_projection_tracking SET position = ? WHERE {where}",  # noqa: S608
            [end, *params],
        )

    def _follow(
        self,
        db: Db,
        members: list[_Member],
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
        self._analyze_log(db)
        members: list[_Member] = []
        old: dict[str, int] = {}
        for name in names:
            projection = self.projections[name]
            live_gen, _, _ = self.live_generation(db, name)
            old[name] = live_gen
            rows = db.fetchall(
                "SELECT generation, position, code_version FROM lr_projection_tracking "
                "WHERE projection = ? AND live = 0 ORDER BY generation",
                (name,),
            )
            resumed: _Member | None = None
            for generation, position, code_version in rows:
                if int(generation) > live_gen and int(code_version) == projection.version:
                    resumed = _Member(projection, int(generation), int(position), live=False)
                    log.info(
                        "rebuild_resumed", projection=name, generation=generation, position=position
                    )
                else:  # left behind by a crash between switch and clean-up, or outdated
                    self._drop_generation(db, projection, int(generation))
            if resumed is None:
                top = max([live_gen, *(int(r[0]) for r in rows)])
                with db.transaction():
                    self._create_generation(db, projection, top + 1, live=False)
                resumed = _Member(projection, top + 1, 0, live=False)
            members.append(resumed)
        started = time.perf_counter()
        first = min(m.position for m in members)
        while True:
            head = self.head()
            reached = self._step(db, members, head, self.rebuild_batch_size)
            if progress is not None:
                progress(reached, max(head, reached))
            if reached >= head:
                break  # the rest (written meanwhile) is folded in the switch transaction
        self._analyze_tables(db, members)
        with db.transaction():
            # Final catch-up and switch in one transaction: readers never see a half model.
            self._follow(db, members, self.head())
            for m in members:
                db.execute(
                    "UPDATE lr_projection_tracking SET live = 0 WHERE projection = ? AND live = 1",
                    (m.name,),
                )
                db.execute(
                    "UPDATE lr_projection_tracking SET live = 1 "
                    "WHERE projection = ? AND generation = ?",
                    (m.name, m.generation),
                )
                self._switch_views(db, m.projection, m.generation)
        for m in members:
            self._drop_generation(db, m.projection, old[m.name])
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

    def _analyze_log(self, db: Db) -> None:
        """Fresh planner statistics for the events table before a long read of it.

        Right after a bulk load PostgreSQL may not know the table's size yet and sort every
        remaining row for each batch instead of walking the notification id index.
        """
        if db.dialect != "postgres":
            return
        try:
            db.execute(f"ANALYZE {self.store.events_table}")
        except psycopg.Error:
            log.warning("events_table_not_analyzed", table=self.store.events_table)

    def _analyze_tables(self, db: Db, members: Sequence[_Member]) -> None:
        """Planner statistics for freshly built tables, before readers are switched to them."""
        if db.dialect != "postgres":
            return
        for m in members:
            for table in m.projection.tables:
                try:
                    db.execute(f"ANALYZE {m.t(table)}")
                except psycopg.Error:
                    log.warning("table_not_analyzed", table=m.t(table))

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
        key = f"lerarenregister:{self.store.schema}:{purpose}:{name}"
        return zlib.crc32(key.encode()) & 0x7FFFFFFF

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
        locks = _Locks(self) if self.store.is_postgres else None
        listener = _Listener(self.store) if self.store.is_postgres else None
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


class _Locks:
    """Session advisory locks on PostgreSQL, one per projection, on their own connection."""

    def __init__(self, runner: ProjectionRunner) -> None:
        self.runner = runner
        self.db: Db | None = None
        self.held: set[str] = set()

    def acquire(self, names: Sequence[str]) -> list[str]:
        """Try to take the locks not yet held; returns the ones newly taken."""
        gained: list[str] = []
        try:
            if self.db is None or self.db.closed:
                self.held.clear()
                self.db = Db(self.runner.store)
            else:
                self.db.execute("SELECT 1")
            for name in names:
                if name in self.held:
                    continue
                got = self.db.fetchone(
                    "SELECT pg_try_advisory_lock(?)", (self.runner._lock_key(name),)
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


class _Listener:
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
