"""A small register with its ledger built, and an administrator who edits the events table.

The administrator works as one would in production: straight in the database, around the
immutability trigger (PostgreSQL: `session_replication_role = replica`; SQLite: dropping the
trigger), never through the application.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from api.bootstrap import Services
from api.demo import load_demo
from api.settings import Settings
from domain.store import StoreConfig


@dataclass(frozen=True)
class StoredRow:
    """One row of the events table as stored."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes


class Administrator:
    """Edits the events table directly, bypassing the application and its trigger."""

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.table = store.events_table
        self.id = "rowid" if store.kind == "sqlite" else "notification_id"

    def execute(self, statements: Sequence[tuple[str, Sequence[Any]]]) -> None:
        if self.store.kind == "sqlite":
            assert self.store.sqlite_path is not None
            lite = sqlite3.connect(self.store.sqlite_path, isolation_level=None)
            try:
                lite.execute("DROP TRIGGER IF EXISTS stored_events_no_update")
                lite.execute("DROP TRIGGER IF EXISTS stored_events_no_delete")
                lite.execute("BEGIN")
                for statement, params in statements:
                    lite.execute(statement, tuple(params))
                lite.execute("COMMIT")
            finally:
                lite.close()
            self.store.protect_events_table()  # and puts the trigger back, as one would
            return
        with psycopg.connect(self.store.conninfo, autocommit=True) as conn:
            conn.execute(sql.SQL("SET search_path TO {}").format(sql.Identifier(self.store.schema)))
            with conn.transaction():
                conn.execute("SET LOCAL session_replication_role = replica")
                for statement, params in statements:
                    conn.execute(statement.replace("?", "%s"), tuple(params))  # type: ignore[arg-type]

    def rows(self) -> list[StoredRow]:
        with self.store.connect() as conn:
            cursor = conn.execute(
                f"SELECT {self.id}, originator_id, originator_version, topic, state "
                f"FROM {self.table} ORDER BY {self.id}"
            )
            found = cursor.fetchall()
        return [StoredRow(int(r[0]), str(r[1]), int(r[2]), str(r[3]), bytes(r[4])) for r in found]

    def flip_byte(self, position: int, offset: int = 10) -> None:
        row = next(r for r in self.rows() if r.position == position)
        state = bytearray(row.state)
        state[offset] ^= 0x01
        self.execute(
            [(f"UPDATE {self.table} SET state = ? WHERE {self.id} = ?", (bytes(state), position))]
        )

    def delete(self, position: int) -> None:
        self.execute([(f"DELETE FROM {self.table} WHERE {self.id} = ?", (position,))])

    def swap(self, first: int, second: int) -> None:
        """Swap two events' places in the log (their positions)."""
        parking = -1 if self.store.kind == "postgres" else 10**12
        update = f"UPDATE {self.table} SET {self.id} = ? WHERE {self.id} = ?"
        self.execute(
            [(update, (parking, first)), (update, (first, second)), (update, (second, parking))]
        )

    def append_forged(self, like: StoredRow, *, position: int | None = None) -> StoredRow:
        """Insert a new event of an existing file, as the application would have written it."""
        version = max(r.version for r in self.rows() if r.originator_id == like.originator_id) + 1
        columns = "originator_id, originator_version, topic, state"
        values: list[Any] = [like.originator_id, version, like.topic, like.state]
        if position is not None:
            columns += f", {self.id}"
            values.append(position)
        marks = ", ".join("?" for _ in values)
        self.execute([(f"INSERT INTO {self.table} ({columns}) VALUES ({marks})", values)])
        return next(
            r for r in self.rows() if r.originator_id == like.originator_id and r.version == version
        )


@pytest.fixture
def register_with_ledger(services: Services) -> Services:
    """Six demo teachers (about 120 events) with every projection, the ledger included, built."""
    load_demo(services.register, 6, seed=3)
    services.projections.catch_up_all()
    return services


@pytest.fixture
def admin(services: Services) -> Administrator:
    return Administrator(services.store)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """The test store's settings, signing a checkpoint every 25 events."""
    return settings.model_copy(update={"ledger_checkpoint_every": 25})


def key_path(settings: Settings) -> Path:
    return settings.data_dir / "ledger-key.pem"
