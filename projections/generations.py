"""A projection's generations and their tracking rows.

A projection's tables carry a generation suffix and readers use a view with the plain name; a
rebuild fills generation n+1 while generation n keeps serving, then swaps the view. Each
generation's position in the log, its code version and whether it is live are one row of
`lr_projection_tracking`. The runner (`projections/runner.py`) moves the positions.
"""

from __future__ import annotations

from dataclasses import dataclass

from projections import erasure
from projections.db import Db
from projections.projection import Projection, physical

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
