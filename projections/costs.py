"""Costs of professional development per year, sector, employer and payer.

So that boards and the profession see who pays what (issue 4). An activity's cost counts in
the year it took place, for the sector of the teacher's first qualification, for the employer
(board) where the teacher held an appointment on that day (the largest one when several; none
when no appointment covers the day), and for the payer recorded with it. Withdrawn activities
no longer count. When an employer delivers an appointment later, the costs it covers move to
that employer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from domain.teacher import Teacher
from projections.common import cents, dumps
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

NO_EMPLOYER = ""
TEACHER_COLUMNS = ("teacher_id", "sector", "appointments")
ACTIVITY_COLUMNS = (
    "teacher_id",
    "activity_id",
    "occurred_on",
    "year",
    "sector",
    "board_number",
    "payer",
    "amount_cents",
    "withdrawn",
)
TOTAL_COLUMNS = ("bucket", "year", "sector", "board_number", "payer", "total_cents", "count")


@dataclass
class _Teacher:
    teacher_id: str
    sector: str
    #: appointment id -> (board, start, end or None, fte as text)
    appointments: dict[str, list[Any]] = field(default_factory=dict)
    #: admitted in this batch: nothing of it is stored yet
    new: bool = False
    #: its appointments changed in this batch
    changed: bool = False
    #: cost items may now have another employer (appointments changed after items existed)
    stale: bool = False
    #: cost items recorded for it in this batch so far
    items: int = 0
    _ranked: list[tuple[Decimal, str, str | None, str]] | None = None

    def appoint(self, appointment_id: str, row: list[Any]) -> None:
        self.appointments[appointment_id] = row
        self._ranked = None
        self.changed = True
        self.stale = self.stale or not self.new or self.items > 0

    def employer_on(self, day: str) -> str:
        """The board of the appointment covering `day`: the largest, then the earliest."""
        if self._ranked is None:
            self._ranked = sorted(
                (-Decimal(fte), start, end, board)
                for board, start, end, fte in self.appointments.values()
            )
        for _, start, end, board in self._ranked:
            if start <= day and (end is None or day <= end):
                return board
        return NO_EMPLOYER


def bucket(year: int, sector: str, board: str, payer: str) -> str:
    return f"{year}|{sector}|{board}|{payer}"


class Costs(Projection):
    """Cost items per activity and their totals per year, sector, employer and payer."""

    name = "costs"
    version = 1
    pipelined = True
    tables = ("costs", "costs_activity", "costs_teacher")
    topics = topics_of(
        Teacher.Admitted,
        Teacher.AppointmentRecorded,
        Teacher.ActivityRecorded,
        Teacher.ActivityWithdrawn,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        totals, activity, teacher = (t(n) for n in self.tables)
        db.ddl(
            f"CREATE TABLE {totals} (bucket IDTEXT PRIMARY KEY, year INTEGER NOT NULL, "
            "sector TEXT NOT NULL, board_number IDTEXT NOT NULL, payer TEXT NOT NULL, "
            "total_cents BIGINT NOT NULL, count BIGINT NOT NULL)"
        )
        db.execute(f"CREATE INDEX {totals}_board ON {totals} (board_number, year)")
        db.ddl(
            f"CREATE TABLE {activity} (teacher_id IDTEXT NOT NULL, activity_id IDTEXT NOT NULL, "
            "occurred_on TEXT NOT NULL, year INTEGER NOT NULL, sector TEXT NOT NULL, "
            "board_number IDTEXT NOT NULL, payer TEXT NOT NULL, amount_cents BIGINT NOT NULL, "
            "withdrawn INTEGER NOT NULL, PRIMARY KEY (teacher_id, activity_id))"
        )
        db.ddl(
            f"CREATE TABLE {teacher} (teacher_id IDTEXT PRIMARY KEY, sector TEXT NOT NULL, "
            "appointments TEXT NOT NULL)"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        totals_t, activity_t, teacher_t = (t(n) for n in self.tables)
        events = batch.entries()
        admitted = Teacher.Admitted
        fresh = {tid for _, tid, e in events if type(e) is admitted}
        teachers = self._teachers(db, teacher_t, {tid for _, tid, _ in events} - fresh)
        new_items: dict[tuple[str, str], list[Any]] = {}
        withdrawn: list[tuple[str, str]] = []
        deltas: dict[str, list[Any]] = {}

        def add(item: list[Any], sign: int) -> None:
            key = bucket(item[3], item[4], item[5], item[6])
            delta = deltas.setdefault(key, [item[3], item[4], item[5], item[6], 0, 0])
            delta[4] += sign * item[7]
            delta[5] += sign

        for _position, tid, event in events:
            kind = type(event)
            if kind is Teacher.ActivityRecorded:
                cost = event.cost
                teacher = teachers.get(tid)
                if cost is None or teacher is None:
                    continue
                day = event.occurred_on.isoformat()
                item = [
                    tid,
                    event.activity_id,
                    day,
                    event.occurred_on.year,
                    teacher.sector,
                    teacher.employer_on(day),
                    cost.paid_by,
                    cents(cost.amount),
                    0,
                ]
                new_items[(tid, event.activity_id)] = item
                teacher.items += 1
                add(item, 1)
            elif kind is Teacher.ActivityWithdrawn:
                pending = new_items.get((tid, event.activity_id))
                if pending is not None:
                    if not pending[8]:
                        pending[8] = 1
                        add(pending, -1)
                else:
                    withdrawn.append((tid, event.activity_id))
            elif kind is Teacher.AppointmentRecorded:
                teacher = teachers.get(tid)
                if teacher is None:
                    continue
                teacher.appoint(
                    event.appointment_id,
                    [
                        event.board_number,
                        event.start.isoformat(),
                        event.end.isoformat() if event.end else None,
                        str(event.fte),
                    ],
                )
            elif kind is admitted:
                sector = event.qualifications[0]["sector"] if event.qualifications else ""
                teachers[tid] = _Teacher(tid, sector, new=True)
        # Items already stored: withdrawals, and new employers for the teachers whose
        # appointments changed in this batch after they had items.
        reattribute = {tid for tid, teacher in teachers.items() if teacher.stale}
        stored: dict[tuple[str, str], list[Any]] = {}
        looked_up = (reattribute | {tid for tid, _ in withdrawn}) - fresh
        for row in db.fetch_in(
            f"SELECT {', '.join(ACTIVITY_COLUMNS)} FROM {activity_t} "  # noqa: S608
            "WHERE teacher_id IN ({keys})",
            looked_up,
        ):
            stored[(row[0], row[1])] = list(row)
        changed_items: dict[tuple[str, str], list[Any]] = {}
        for key in withdrawn:
            found = stored.get(key)
            if found is not None and not found[8]:
                add(found, -1)
                found[8] = 1
                changed_items[key] = found
        for key, item in [*stored.items(), *new_items.items()]:
            if key[0] not in reattribute:
                continue
            # Withdrawn items follow too (without counting): an item's employer never depends
            # on when it was withdrawn.
            board = teachers[key[0]].employer_on(item[2])
            if board != item[5]:
                if not item[8]:
                    add(item, -1)
                item[5] = board
                if not item[8]:
                    add(item, 1)
                if key not in new_items:
                    changed_items[key] = item
        db.copy_rows(activity_t, ACTIVITY_COLUMNS, list(new_items.values()))
        db.upsert(
            activity_t,
            ACTIVITY_COLUMNS,
            ("teacher_id", "activity_id"),
            [changed_items[k] for k in sorted(changed_items)],
        )
        self._write_teachers(db, teacher_t, teachers)
        self._write_totals(db, totals_t, deltas)

    def _teachers(self, db: Db, table: str, wanted: set[str]) -> dict[str, _Teacher]:
        out: dict[str, _Teacher] = {}
        for tid, sector, appointments in db.fetch_in(
            f"SELECT teacher_id, sector, appointments FROM {table} "  # noqa: S608
            "WHERE teacher_id IN ({keys})",
            wanted,
        ):
            out[tid] = _Teacher(tid, sector, json.loads(appointments))
        return out

    @staticmethod
    def _write_teachers(db: Db, table: str, teachers: dict[str, _Teacher]) -> None:
        new = [(t.teacher_id, t.sector, dumps(t.appointments)) for t in teachers.values() if t.new]
        changed = [
            (t.teacher_id, t.sector, dumps(t.appointments))
            for t in teachers.values()
            if t.changed and not t.new
        ]
        db.copy_rows(table, TEACHER_COLUMNS, new)
        db.upsert(table, TEACHER_COLUMNS, ("teacher_id",), changed)

    @staticmethod
    def _write_totals(db: Db, table: str, deltas: dict[str, list[Any]]) -> None:
        moved = {k: d for k, d in deltas.items() if d[4:] != [0, 0]}
        if not moved:
            return
        current = {
            row[0]: [row[1], row[2]]
            for row in db.fetch_in(
                f"SELECT bucket, total_cents, count FROM {table} WHERE bucket IN ({{keys}})",  # noqa: S608
                moved,
            )
        }
        upserts, deletes = [], []
        for key in sorted(moved):
            year, sector, board, payer, total_delta, count_delta = moved[key]
            total, count = current.get(key, [0, 0])
            total += total_delta
            count += count_delta
            if count == 0:
                deletes.append((key,))
                continue
            upserts.append((key, year, sector, board, payer, total, count))
        db.upsert(table, TOTAL_COLUMNS, ("bucket",), upserts)
        db.executemany(f"DELETE FROM {table} WHERE bucket = ?", deletes)  # noqa: S608


# -- queries ----------------------------------------------------------------------------------


def totals(
    db: Db,
    *,
    board_number: str | None = None,
    year: int | None = None,
    sector: str | None = None,
    payer: str | None = None,
    after: str | None = None,
    limit: int = 50,
) -> tuple[list[dict[str, Any]], dict[str, list[dict[str, Any]]]]:
    """Rows per (year, sector, employer, payer), a page of them, and the sums per year, per
    sector and per payer over every row that matches the filters."""
    where, params = ["1 = 1"], []
    for column, value in (
        ("board_number", board_number),
        ("year", year),
        ("sector", sector),
        ("payer", payer),
    ):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    clause = " AND ".join(where)
    page_clause = clause + (" AND bucket > ?" if after is not None else "")
    rows = db.fetchall(
        "SELECT bucket, year, sector, board_number, payer, total_cents, count FROM costs "  # noqa: S608
        f"WHERE {page_clause} ORDER BY bucket LIMIT ?",
        (*params, *([after] if after is not None else []), limit),
    )
    data = [
        {
            "bucket": r[0],
            "year": int(r[1]),
            "sector": r[2],
            "board_number": r[3] or None,
            "payer": r[4],
            "total_cents": int(r[5]),
            "count": int(r[6]),
        }
        for r in rows
    ]
    sums: dict[str, list[dict[str, Any]]] = {}
    for column in ("year", "sector", "payer"):
        grouped = db.fetchall(
            f"SELECT {column}, SUM(total_cents), SUM(count) FROM costs WHERE {clause} "  # noqa: S608
            f"GROUP BY {column} ORDER BY {column}",
            params,
        )
        sums[column] = [
            {column: g[0], "total_cents": int(g[1]), "count": int(g[2])} for g in grouped
        ]
    return data, sums
