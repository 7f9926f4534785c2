"""The appeals committee's list of objections: open ones by the day they must be ruled on.

One row per objection with its terms and status; `overdue` is computed when read (the day a
ruling is due passes without any event). The case itself is read from the event store.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.objection import Objection
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = (
    "objection_id",
    "decision_id",
    "decision_kind",
    "teacher_id",
    "qualification_id",
    "decided_on",
    "filed_on",
    "term_end",
    "in_time",
    "decide_by",
    "extended",
    "status",
    "outcome",
    "position",
)


class Objections(Projection):
    """Objections with their terms and status."""

    name = "objections"
    version = 1
    pipelined = True
    tables = ("objection_list",)
    topics = topics_of(
        Objection.Filed, Objection.Extended, Objection.DeferredWithConsent, Objection.Ruled
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("objection_list")
        db.execute(
            f"CREATE TABLE {table} (objection_id TEXT PRIMARY KEY, decision_id TEXT NOT NULL, "
            "decision_kind TEXT NOT NULL, teacher_id TEXT NOT NULL, qualification_id TEXT NOT "
            "NULL, decided_on TEXT NOT NULL, filed_on TEXT NOT NULL, term_end TEXT NOT NULL, "
            "in_time INTEGER NOT NULL, decide_by TEXT NOT NULL, extended INTEGER NOT NULL, "
            "status TEXT NOT NULL, outcome TEXT, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_due ON {table} (status, decide_by, objection_id)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("objection_list")
        entries = batch.entries()
        rows: dict[str, list[Any]] = {}
        wanted = {oid for _, oid, e in entries if type(e) is not Objection.Filed}
        for stored in db.fetch_in(
            f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE objection_id IN ({{keys}})",  # noqa: S608
            wanted,
        ):
            rows[stored[0]] = list(stored)
        for position, oid, event in entries:
            kind = type(event)
            if kind is Objection.Filed:
                rows[oid] = [
                    oid,
                    event.decision_id,
                    event.decision_kind,
                    str(event.teacher_id),
                    event.qualification_id,
                    event.decided_on.isoformat(),
                    event.filed_on.isoformat(),
                    event.term_end.isoformat(),
                    1 if event.in_time else 0,
                    event.decide_by.isoformat(),
                    0,
                    "open",
                    None,
                    position,
                ]
                continue
            row = rows.get(oid)
            if row is None:
                continue
            if kind is Objection.Extended or kind is Objection.DeferredWithConsent:
                row[9], row[10] = event.decide_by.isoformat(), 1
            else:
                row[11], row[12] = "ruled", str(event.ruling["outcome"])
            row[13] = position
        db.upsert(table, COLUMNS, ("objection_id",), list(rows.values()))


def listing(
    db: Db,
    *,
    on: date,
    status: str | None = "open",
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Objections, the one to be ruled on first at the top; `overdue` past the decide-by day."""
    where = "1 = 1"
    params: list[Any] = []
    if status is not None:
        where += " AND status = ?"
        params.append(status)
    if after is not None:
        where += " AND (decide_by > ? OR (decide_by = ? AND objection_id > ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        f"SELECT {', '.join(COLUMNS)} FROM objection_list WHERE {where} "  # noqa: S608
        "ORDER BY decide_by, objection_id LIMIT ?",
        (*params, limit),
    )
    day = on.isoformat()
    out = []
    for r in rows:
        item = dict(zip(COLUMNS, r, strict=True))
        item["in_time"] = bool(item["in_time"])
        item["extended"] = bool(item["extended"])
        item["overdue"] = item["status"] == "open" and item["decide_by"] < day
        out.append(item)
    return out
