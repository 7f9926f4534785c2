"""Who looked at my file: an append-only log of every disclosure of a teacher's non-public data.

One row per teacher file per successful request: when, who (role, subject, token id), which
file, which route, the status and the request id. The rows live in the store's database, in
the table `lr_access_log`, which refuses UPDATE, DELETE (and TRUNCATE on PostgreSQL) the same
way the events table does.

It is a table, not events: reads outnumber writes by far, and as events every read would
take the event store's write lock, grow the log the projections and the ledger follow, and
on SQLite queue behind every write. It is not a read model either: nothing derives it from
the event log, so it is written here, at the edge where the reads happen, before the answer
leaves the server (a read that cannot be logged is answered 503, never served unlogged).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from psycopg import sql

from domain.store import StoreConfig
from policies.retention import access_log_cutoff
from projections.db import Db, DbPool

TABLE = "lr_access_log"

_SQLITE_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, teacher_id TEXT NOT NULL, "
    "role TEXT NOT NULL, subject TEXT, token_id TEXT, method TEXT NOT NULL, "
    "route TEXT NOT NULL, status INTEGER NOT NULL, request_id TEXT NOT NULL)"
)
_POSTGRES_DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at TEXT NOT NULL, "
    "teacher_id TEXT NOT NULL, role TEXT NOT NULL, subject TEXT, token_id TEXT, "
    "method TEXT NOT NULL, route TEXT NOT NULL, status INTEGER NOT NULL, "
    "request_id TEXT NOT NULL)"
)
_INDEX = f"CREATE INDEX IF NOT EXISTS {TABLE}_teacher ON {TABLE} (teacher_id, id)"
_COLUMNS = (
    "at",
    "teacher_id",
    "role",
    "subject",
    "token_id",
    "method",
    "route",
    "status",
    "request_id",
)


@dataclass(frozen=True)
class Access:
    """One disclosure of one teacher's file."""

    at: str
    teacher_id: str
    role: str
    subject: str | None
    token_id: str | None
    method: str
    route: str
    status: int
    request_id: str
    id: int = 0

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, c) for c in _COLUMNS)


def now_text() -> str:
    """Recorded time as sortable ISO 8601 text in UTC (the same on both stores)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


class AccessLog:
    """The append-only access log of one store."""

    def __init__(self, store: StoreConfig) -> None:
        self.store = store
        self.pool = DbPool(store, max_idle=4)

    def prepare(self) -> None:
        """Create the table, its index and its immutability triggers (idempotent)."""
        with self.pool.connection() as db, db.transaction():
            if db.dialect == "postgres":
                db.execute("SELECT pg_advisory_xact_lock(hashtext('lr_access_log_setup'))")
                db.execute(_POSTGRES_DDL)
                db.execute(_INDEX)
                _protect_postgres(db)
            else:
                db.execute(_SQLITE_DDL)
                db.execute(_INDEX)
                for op in ("UPDATE", "DELETE"):
                    db.execute(
                        f"CREATE TRIGGER IF NOT EXISTS {TABLE}_no_{op.lower()} "
                        f"BEFORE {op} ON {TABLE} BEGIN "
                        f"SELECT RAISE(ABORT, 'the access log is append-only: {op} refused'); END"
                    )

    def record(self, entries: Sequence[Access]) -> None:
        """Append entries in one transaction."""
        if not entries:
            return
        marks = ", ".join("?" for _ in _COLUMNS)
        with self.pool.connection() as db, db.transaction():
            db.executemany(
                f"INSERT INTO {TABLE} ({', '.join(_COLUMNS)}) VALUES ({marks})",  # noqa: S608
                [e.row() for e in entries],
            )

    def read(self, *, teacher_id: str | None, before: int | None, limit: int) -> list[Access]:
        """Newest first; `before` is the id of the last entry of the previous page."""
        where: list[str] = []
        params: list[Any] = []
        if teacher_id is not None:
            where.append("teacher_id = ?")
            params.append(teacher_id)
        if before is not None:
            where.append("id < ?")
            params.append(before)
        clause = f"WHERE {' AND '.join(where)} " if where else ""
        with self.pool.connection() as db:
            rows = db.fetchall(
                f"SELECT {', '.join(_COLUMNS)}, id FROM {TABLE} "  # noqa: S608
                f"{clause}ORDER BY id DESC LIMIT ?",
                (*params, limit),
            )
        return [Access(*row) for row in rows]

    def purge(self, before: datetime) -> int:
        """Delete the entries recorded before `before`: the access log's retention period
        (retention policy, `access_log_days`) is up. The only delete the log allows: its
        guard is lifted for this one statement, inside the same transaction."""
        cutoff = before.astimezone(UTC).isoformat(timespec="microseconds")
        with self.pool.connection() as db, db.transaction():
            if db.dialect == "postgres":
                db.execute(f"ALTER TABLE {TABLE} DISABLE TRIGGER lr_access_log_immutable")
                cur = db.execute(f"DELETE FROM {TABLE} WHERE at < ?", (cutoff,))  # noqa: S608
                db.execute(f"ALTER TABLE {TABLE} ENABLE TRIGGER lr_access_log_immutable")
            else:
                db.execute(f"DROP TRIGGER IF EXISTS {TABLE}_no_delete")
                cur = db.execute(f"DELETE FROM {TABLE} WHERE at < ?", (cutoff,))  # noqa: S608
                db.execute(
                    f"CREATE TRIGGER {TABLE}_no_delete BEFORE DELETE ON {TABLE} BEGIN "
                    "SELECT RAISE(ABORT, 'the access log is append-only: DELETE refused'); END"
                )
            return int(cur.rowcount or 0)

    def close(self) -> None:
        self.pool.close()


def purge_past_retention(log: AccessLog, register: Any, on: date) -> dict[str, Any]:
    """The access log's part of the due-retention run (`run-due`, the CLI's and the API's):
    delete the entries older than `access_log_days` of the retention policy in force on `on`
    (AVG art. 5(1)(e)). Safe to repeat: a second purge on the same day deletes nothing."""
    loaded = register.retention_policy(on)
    cutoff = datetime.combine(access_log_cutoff(on, loaded.policy), time(), tzinfo=UTC)
    return {
        "access_log_deleted": log.purge(cutoff),
        "access_log_before": cutoff.date().isoformat(),
    }


def _protect_postgres(db: Db) -> None:
    # Straight to psycopg: the function body holds a literal `%`, which is no placeholder.
    table = sql.Identifier(db.store.schema, TABLE)
    func = sql.Identifier(db.store.schema, "lr_refuse_access_log_change")
    db.pg.execute(
        sql.SQL(
            "CREATE OR REPLACE FUNCTION {func}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$"
        ).format(func=func)
    )
    db.pg.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER lr_access_log_immutable BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION {func}()"
        ).format(table=table, func=func)
    )
    db.pg.execute(
        sql.SQL(
            "CREATE OR REPLACE TRIGGER lr_access_log_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {func}()"
        ).format(table=table, func=func)
    )
