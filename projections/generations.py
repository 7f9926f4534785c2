"""A projection's generations and their tracking rows.

A projection's tables carry a generation suffix and readers use a view with the plain name; a
rebuild fills generation n+1 while generation n keeps serving, then swaps the view. Each
generation's position in the log, its code version and whether it is live are one row of
`lr_projection_tracking`. The runner (`projections/runner.py`) moves the positions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
import structlog

from projections import erasure
from projections.db import Db
from projections.projection import ConcurrentApplyError, Projection, physical

log = structlog.get_logger("lerarenregister.projections")

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS lr_projection_tracking ("
    "projection TEXT NOT NULL, generation INTEGER NOT NULL, position BIGINT NOT NULL, "
    "code_version INTEGER NOT NULL, live INTEGER NOT NULL, "
    "PRIMARY KEY (projection, generation))"
)


@dataclass
class Member:
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


def ensure_live(db: Db, projection: Projection) -> None:
    """On first use, create generation 1 and its views."""
    query = "SELECT generation FROM lr_projection_tracking WHERE projection = ? AND live = 1"
    if db.fetchone(query, (projection.name,)) is not None:
        return
    create_generation(db, projection, 1, live=True)
    switch_views(db, projection, 1)


def create_generation(db: Db, projection: Projection, generation: int, *, live: bool) -> None:
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


def drop_generation(db: Db, projection: Projection, generation: int) -> None:
    with db.transaction():
        for table in projection.tables:
            db.execute(f"DROP TABLE IF EXISTS {physical(table, generation)}")
        db.execute(
            "DELETE FROM lr_projection_tracking WHERE projection = ? AND generation = ?",
            (projection.name, generation),
        )


def switch_views(db: Db, projection: Projection, generation: int) -> None:
    for table in projection.tables:
        db.execute(f"DROP VIEW IF EXISTS {table}")
        db.execute(f"CREATE VIEW {table} AS SELECT * FROM {physical(table, generation)}")  # noqa: S608


def live_generation(db: Db, name: str) -> tuple[int, int, int]:
    """(generation, position, code_version) of the generation readers see."""
    row = db.fetchone(
        "SELECT generation, position, code_version FROM lr_projection_tracking "
        "WHERE projection = ? AND live = 1",
        (name,),
    )
    assert row is not None, name
    return int(row[0]), int(row[1]), int(row[2])


def _which(movers: Sequence[Member], *, at_position: bool) -> tuple[str, list[Any]]:
    """A WHERE clause naming the movers' tracking rows (and their positions)."""
    each = "(projection = ? AND generation = ?" + (" AND position = ?)" if at_position else ")")
    params: list[Any] = [1 if movers[0].live else 0]
    for m in movers:
        params += [m.name, m.generation, *([m.position] if at_position else [])]
    return f"live = ? AND ({' OR '.join(each for _ in movers)})", params


def claim(db: Db, movers: Sequence[Member]) -> None:
    """Lock the movers' tracking rows at the positions this batch starts from, or fail.

    On PostgreSQL a racing runner waits on the row locks, then finds the positions moved
    and gives up before writing anything; a live generation that stopped being live (a
    rebuild switched over) fails the same way. One statement for all projections.
    """
    where, params = _which(movers, at_position=True)
    cur = db.execute(
        f"UPDATE lr_projection_tracking SET position = position WHERE {where}",  # noqa: S608
        params,
    )
    if cur.rowcount != len(movers):
        raise ConcurrentApplyError(",".join(m.name for m in movers))


def record(db: Db, movers: Sequence[Member], end: int) -> Any:
    """Move the claimed rows to `end`; returns the cursor (its rowcount is checked after
    the pipeline, if any, has synced)."""
    where, params = _which(movers, at_position=False)
    return db.execute(
        f"UPDATE lr_projection_tracking SET position = ? WHERE {where}",  # noqa: S608
        [end, *params],
    )


def analyze_tables(db: Db, members: Sequence[Member]) -> None:
    """Planner statistics for freshly built tables, before readers are switched to them."""
    if db.dialect != "postgres":
        return
    for m in members:
        for table in m.projection.tables:
            try:
                db.execute(f"ANALYZE {m.t(table)}")
            except psycopg.Error:
                log.warning("table_not_analyzed", table=m.t(table))


def building(db: Db, projection: Projection, live_gen: int) -> Member:
    """The generation a rebuild fills beside the live one `live_gen`: one left by an
    interrupted rebuild of the same code version resumes from its position; others left
    behind are dropped; else a fresh one is created."""
    name = projection.name
    rows = db.fetchall(
        "SELECT generation, position, code_version FROM lr_projection_tracking "
        "WHERE projection = ? AND live = 0 ORDER BY generation",
        (name,),
    )
    resumed: Member | None = None
    for generation, position, code_version in rows:
        if int(generation) > live_gen and int(code_version) == projection.version:
            resumed = Member(projection, int(generation), int(position), live=False)
            log.info("rebuild_resumed", projection=name, generation=generation, position=position)
        else:  # left behind by a crash between switch and clean-up, or outdated
            drop_generation(db, projection, int(generation))
    if resumed is None:
        top = max([live_gen, *(int(r[0]) for r in rows)])
        with db.transaction():
            create_generation(db, projection, top + 1, live=False)
        resumed = Member(projection, top + 1, 0, live=False)
    return resumed


def make_live(db: Db, m: Member) -> None:
    """Make `m`'s generation the live one and point the views at its tables, inside the
    caller's transaction."""
    db.execute(
        "UPDATE lr_projection_tracking SET live = 0 WHERE projection = ? AND live = 1",
        (m.name,),
    )
    db.execute(
        "UPDATE lr_projection_tracking SET live = 1 WHERE projection = ? AND generation = ?",
        (m.name, m.generation),
    )
    switch_views(db, m.projection, m.generation)
