"""The overviews teachers shared with each board (issue 18, item 2): the board's list.

One row per share: whose, with which board, from and until which day, and whether the teacher
revoked it. Whether a share is still in force depends on the day (its last day passes without
any event), so it is decided when read, on the register's date, as the objections' `overdue`
is. What the share shows (progress, activities, note) is read from the teacher's file when the
board opens it: this model keeps no personal text, only ids and dates.

The teacher's name and register number are read from the `staff` read model at query time
(joined by id; the API route waits for both models), as the proposals' list does.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

COLUMNS = (
    "share_id",
    "teacher_id",
    "board_number",
    "shared_on",
    "until_on",
    "revoked_on",
    "position",
)


class Shares(Projection):
    """Shares per board, with their last day and revocation."""

    name = "shares"
    version = 1
    pipelined = True
    tables = ("share_list",)
    topics = topics_of(Teacher.OverviewShared, Teacher.ShareRevoked)

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        table = t("share_list")
        db.ddl(
            f"CREATE TABLE {table} (share_id IDTEXT PRIMARY KEY, teacher_id IDTEXT NOT NULL, "
            "board_number IDTEXT NOT NULL, shared_on TEXT NOT NULL, until_on TEXT NOT NULL, "
            "revoked_on TEXT, position BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {table}_board ON {table} (board_number, until_on, share_id)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        table = t("share_list")
        rows: dict[str, list[Any]] = {}
        for position, teacher_id, event in batch.entries():
            kind = type(event)
            if kind is Teacher.OverviewShared:
                rows[event.share_id] = [
                    event.share_id,
                    teacher_id,
                    event.board_number,
                    event.shared_on.isoformat(),
                    event.until.isoformat(),
                    None,
                    position,
                ]
            elif kind is Teacher.ShareRevoked:
                row = rows.get(event.share_id)
                if row is None:
                    stored = db.fetchall(
                        f"SELECT {', '.join(COLUMNS)} FROM {table} WHERE share_id = ?",  # noqa: S608
                        (event.share_id,),
                    )
                    if not stored:
                        continue
                    row = rows[event.share_id] = list(stored[0])
                row[5], row[6] = event.revoked_on.isoformat(), position
        db.upsert(table, COLUMNS, ("share_id",), list(rows.values()))


# -- queries ----------------------------------------------------------------------------------


def received(
    db: Db,
    board_number: str,
    *,
    on: date,
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """The shares in force for this board on `on` (not revoked, last day not passed), the one
    ending first at the top; `after` is the (until_on, share_id) of the previous page's last."""
    params: list[Any] = [board_number, on.isoformat()]
    where = "l.board_number = ? AND l.revoked_on IS NULL AND l.until_on >= ?"
    if after is not None:
        where += " AND (l.until_on > ? OR (l.until_on = ? AND l.share_id > ?))"
        params += [after[0], after[0], after[1]]
    rows = db.fetchall(
        "SELECT l.share_id, l.teacher_id, l.shared_on, l.until_on, "  # noqa: S608
        "s.register_number, s.initials, s.prefix, s.family_name "
        "FROM share_list l LEFT JOIN staff_person s ON s.teacher_id = l.teacher_id "
        f"WHERE {where} ORDER BY l.until_on, l.share_id LIMIT ?",
        (*params, limit),
    )
    return [
        {
            "share_id": r[0],
            "teacher_id": r[1],
            "shared_on": r[2],
            "until": r[3],
            "register_number": r[4],
            "name": {"initials": r[5], "prefix": r[6], "family_name": r[7]}
            if r[4] is not None
            else None,
        }
        for r in rows
    ]


def teacher_of(db: Db, board_number: str, share_id: str) -> str | None:
    """The teacher whose share this is, if the board received it (in force or not)."""
    rows = db.fetchall(
        "SELECT teacher_id FROM share_list WHERE share_id = ? AND board_number = ?",
        (share_id, board_number),
    )
    return str(rows[0][0]) if rows else None
