"""Decision records: every decision with its receipt, by teacher, by kind and by objection
deadline, and whether it was revoked (e.g. on a well-founded objection).

The receipt is stored as recorded in the `Teacher.Decided` event; reading it back never
re-decides anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher
from projections.common import dumps
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = (
    "decision_id",
    "teacher_id",
    "qualification_id",
    "kind",
    "event_type",
    "outcome",
    "decided_on",
    "objection_deadline",
    "revoked",
    "revoked_position",
    "revoked_reason",
    "position",
    "version",
    "receipt",
)
DECIDED = (
    Teacher.ReRegistered,
    Teacher.Annotated,
    Teacher.StruckOff,
    Teacher.Reinstated,
    Teacher.MovedToRegister,
    Teacher.DecisionReplaced,
)


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


class Decisions(Projection):
    """One row per decision, with its receipt."""

    name = "decisions"
    version = 1
    pipelined = True
    tables = ("decisions",)
    topics = topics_of(*DECIDED, Teacher.DecisionRevoked)

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("decisions")
        db.ddl(
            f"CREATE TABLE {table} (decision_id IDTEXT PRIMARY KEY, teacher_id IDTEXT NOT NULL, "
            "qualification_id IDTEXT NOT NULL, kind TEXT NOT NULL, event_type TEXT NOT NULL, "
            "outcome TEXT NOT NULL, decided_on TEXT NOT NULL, objection_deadline TEXT, "
            "revoked INTEGER NOT NULL, revoked_position BIGINT, revoked_reason TEXT, "
            "position BIGINT NOT NULL, version INTEGER NOT NULL, receipt TEXT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_teacher ON {table} (teacher_id, decided_on)")
        db.execute(f"CREATE INDEX {table}_kind ON {table} (kind, decided_on)")
        db.execute(f"CREATE INDEX {table}_deadline ON {table} (objection_deadline)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("decisions")
        rows: dict[str, list[Any]] = {}
        revocations: list[tuple[Any, ...]] = []
        for position, tid, event in batch.entries():
            if type(event) is Teacher.DecisionRevoked:
                pending = rows.get(event.decision_id)
                if pending is not None:
                    pending[8:11] = [1, position, event.reason]
                else:
                    revocations.append((position, event.reason, event.decision_id))
                continue
            receipt = event.decision
            decision_id = str(receipt["decision_id"])
            rows[decision_id] = [
                decision_id,
                tid,
                event.qualification_id,
                str(receipt.get("kind", "")),
                type(event).__name__,
                str(receipt.get("outcome", "")),
                _day(receipt.get("decided_on")) or "",
                _day(receipt.get("objection_deadline")),
                0,
                None,
                None,
                position,
                event.originator_version,
                dumps(receipt),
            ]
        db.upsert(table, COLUMNS, ("decision_id",), list(rows.values()))
        db.executemany(
            f"UPDATE {table} SET revoked = 1, revoked_position = ?, revoked_reason = ? "  # noqa: S608
            "WHERE decision_id = ?",
            revocations,
        )


# -- queries ----------------------------------------------------------------------------------

SELECT = f"SELECT {', '.join(COLUMNS)} FROM decisions"  # noqa: S608


def _record(row: tuple[Any, ...]) -> dict[str, Any]:
    out = dict(zip(COLUMNS, row, strict=True))
    out["revoked"] = bool(out["revoked"])
    out["receipt"] = json.loads(out["receipt"])
    return out


def get(db: Db, decision_id: str) -> dict[str, Any] | None:
    row = db.fetchone(f"{SELECT} WHERE decision_id = ?", (decision_id,))
    return _record(row) if row is not None else None


def of_teacher(db: Db, teacher_id: str) -> list[dict[str, Any]]:
    """A teacher's decisions, oldest first."""
    rows = db.fetchall(
        f"{SELECT} WHERE teacher_id = ? ORDER BY decided_on, position", (teacher_id,)
    )
    return [_record(r) for r in rows]


def of_kind(db: Db, kind: str, limit: int = 50, after: int = 0) -> list[dict[str, Any]]:
    """Decisions of one kind, in log order."""
    rows = db.fetchall(
        f"{SELECT} WHERE kind = ? AND position > ? ORDER BY position LIMIT ?", (kind, after, limit)
    )
    return [_record(r) for r in rows]


def open_for_objection(db: Db, on: date, limit: int = 500) -> list[dict[str, Any]]:
    """Unrevoked decisions whose objection term still runs on `on`, nearest deadline first."""
    rows = db.fetchall(
        f"{SELECT} WHERE revoked = 0 AND objection_deadline >= ? "
        "ORDER BY objection_deadline, position LIMIT ?",
        (on.isoformat(), limit),
    )
    return [_record(r) for r in rows]
