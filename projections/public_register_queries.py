"""The public register's queries: what the API and the pages read of it (and nothing else
does). Search by name or register number, one entry (as it stands or as it stood on a day), the
entry's stored document, the registrar's work list of periods that ended, and the changes
after a log position. The read model is written by `projections/public_register.py`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from datetime import date
from typing import Any

import psycopg

from domain.errors import InvalidInputError
from domain.values import register_number_is_valid
from projections.common import KEY_END, split_name_query
from projections.db import Db
from projections.public_register_document import publish

PUBLIC_PERSON = "teacher_id, register_number, initials, prefix, family_name, family_key"
#: Characters of a family name a name query needs at least.
MIN_NAME_QUERY = 3


def _entries(db: Db, rows: list[tuple[Any, ...]]) -> list[dict[str, Any]]:
    """Public entries for person rows, with their qualifications, in the rows' order."""
    ids = [r[0] for r in rows]
    quals: dict[str, list[tuple[Any, ...]]] = {i: [] for i in ids}
    for q in db.fetch_in(
        "SELECT teacher_id, sector, subject, status, period_end, admitted_on, history, "
        "annotations FROM public_register_qualification WHERE teacher_id IN ({keys}) "
        "ORDER BY teacher_id, seq",
        ids,
    ):
        quals[q[0]].append(q)
    return [publish(_entry(r, quals[r[0]])) for r in rows]


def _entry(person: Sequence[Any], quals: Sequence[Sequence[Any]]) -> dict[str, Any]:
    """One entry from its person row (PUBLIC_PERSON) and qualification rows (teacher_id,
    sector, subject, status, period_end, admitted_on, history, annotations)."""
    return {
        "register_number": person[1],
        "name": {"initials": person[2], "prefix": person[3], "family_name": person[4]},
        "family_key": person[5],
        "qualifications": [
            {
                "sector": q[1],
                "subject": q[2],
                "status": q[3],
                "period_end": q[4],
                "admitted_on": q[5],
                "history": json.loads(q[6]),
                "annotations": json.loads(q[7]),
            }
            for q in quals
        ],
    }


def search(
    db: Db,
    *,
    name: str | None = None,
    register_number: str | None = None,
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Entries whose family name starts with `name` (case and accents ignored; a leading
    prefix such as "de" must match too; either part of a double-barrelled name; a prefix
    stored inside the family name as typed) and/or with this register number, in name order.

    A name query needs at least three characters of a family name: the register is for looking
    someone up, not for listing everyone.
    """
    if name is None and register_number is None:
        raise InvalidInputError.of(
            "name", "give a family name (at least 3 characters) or a register number"
        )
    where: list[str] = []
    params: list[Any] = []
    if name is not None:
        prefix_key, family_key = split_name_query(name)
        if len(family_key.replace(" ", "")) < MIN_NAME_QUERY:
            raise InvalidInputError.of(
                "name", f"a name query needs at least {MIN_NAME_QUERY} characters of a family name"
            )
        keyed = "SELECT teacher_id FROM public_register_name WHERE name_key >= ? AND name_key < ?"
        params += [family_key, family_key + KEY_END]
        if prefix_key:
            keyed += " AND prefix_key = ?"
            params.append(prefix_key)
        where.append(f"teacher_id IN ({keyed})")
    if register_number is not None:
        if not register_number_is_valid(register_number):
            raise InvalidInputError.of(
                "register_number", "a register number has ten digits with a valid check digit"
            )
        where.append("register_number = ?")
        params.append(register_number)
    if after is not None:
        where.append("(family_key > ? OR (family_key = ? AND register_number > ?))")
        params += [after[0], after[0], after[1]]
    clause = " AND ".join(where) or "1 = 1"
    rows = db.fetchall(
        f"SELECT {PUBLIC_PERSON} FROM public_register WHERE {clause} "  # noqa: S608
        "ORDER BY family_key, register_number LIMIT ?",
        (*params, limit),
    )
    return _entries(db, rows)


def entry_of(db: Db, teacher_id: str) -> tuple[str, int] | None:
    """A person's register number and the log position of the newest event their public entry
    was read from; None when the register shows no entry of theirs (never admitted, or erased)."""
    row = db.fetchone(
        "SELECT register_number, position FROM public_register WHERE teacher_id = ?",
        (teacher_id,),
    )
    return (str(row[0]), int(row[1])) if row else None


#: The lookup of an entry's document (`document`): one primary-key row.
DOCUMENT_QUERY = "SELECT document FROM public_register WHERE register_number = ?"


class DocumentsNotBuiltError(Exception):
    """The live tables of the public register predate the documents (version 5): they are
    being rebuilt side by side; until the switch, entries are read with `entry`."""


def stored_document(db: Db, register_number: str) -> str | None:
    """The entry's document as `GET /api/public/register/{register_number}` answers it, or
    None when the register shows no entry with this number."""
    try:
        row = db.fetchone(DOCUMENT_QUERY, (register_number,))
    except (psycopg.errors.UndefinedColumn, sqlite3.OperationalError) as exc:
        if is_missing_document(exc):
            raise DocumentsNotBuiltError from exc
        raise
    return None if row is None else str(row[0])


def is_missing_document(exc: BaseException) -> bool:
    """Whether `exc` says that the live tables have no `document` column (yet)."""
    if isinstance(exc, psycopg.errors.UndefinedColumn):
        return True
    return isinstance(exc, sqlite3.OperationalError) and "no such column: document" in str(exc)


def entry(db: Db, register_number: str, on: date | None = None) -> dict[str, Any] | None:
    """One public entry by register number, with each qualification's history; with `on`,
    as it stood that day (None if it was not in the register then).

    One round trip (the person joined to their qualifications): this is the register's
    busiest read, and a second query costs as much as the first.
    """
    rows = db.fetchall(
        "SELECT p.teacher_id, p.register_number, p.initials, p.prefix, p.family_name, "
        "p.family_key, q.teacher_id, q.sector, q.subject, q.status, q.period_end, "
        "q.admitted_on, q.history, q.annotations FROM public_register p "
        "LEFT JOIN public_register_qualification q ON q.teacher_id = p.teacher_id "
        "WHERE p.register_number = ? ORDER BY q.seq",
        (register_number,),
    )
    if not rows:
        return None
    found = _entry(rows[0][:6], [r[6:] for r in rows if r[6] is not None])
    if on is None:
        return publish(found)
    then = as_on(found, on)
    return publish(then) if then["qualifications"] else None


def as_on(found: dict[str, Any], on: date) -> dict[str, Any]:
    """The entry as it stood on a day: qualifications admitted by then, with the status and
    period end of the interval holding that day, and annotations made by then."""
    day = on.isoformat()
    quals = []
    for q in found["qualifications"]:
        if q["admitted_on"] > day:
            continue
        current = next(
            (h for h in q["history"] if h["from"] <= day and (h["to"] is None or day <= h["to"])),
            None,
        )
        if current is None:
            continue
        quals.append(
            {
                **q,
                "status": current["status"],
                "period_end": current["period_end"],
                "history": [
                    {**h, "to": h["to"] if h["to"] is not None and h["to"] < day else None}
                    for h in q["history"]
                    if h["from"] <= day
                ],
                "annotations": [a for a in q["annotations"] if a["on"] <= day],
            }
        )
    return {**found, "qualifications": quals}


def due_for_re_registration(
    db: Db, today: date, *, after: tuple[str, str, int] | None = None, limit: int = 100
) -> tuple[list[dict[str, Any]], int]:
    """Registered qualifications whose registration period ended before `today` and that
    were not decided on since (a decision starts a new period), oldest period end first: the
    registrar's work list. Up to `limit` rows after the sort key `after` (period end,
    register number, seq), and how many there are in all."""
    day = today.isoformat()
    counted = db.fetchone(
        "SELECT COUNT(*) FROM public_register_qualification "
        "WHERE status = 'registered' AND period_end < ?",
        (day,),
    )
    keyset = ""
    params: list[Any] = [day]
    if after is not None:
        keyset = (
            "AND (q.period_end > ? OR (q.period_end = ? AND (p.register_number > ? "
            "OR (p.register_number = ? AND q.seq > ?)))) "
        )
        params += [after[0], after[0], after[1], after[1], after[2]]
    rows = db.fetchall(
        "SELECT p.teacher_id, p.register_number, p.initials, p.prefix, p.family_name, "  # noqa: S608
        "q.qualification_id, q.sector, q.subject, q.period_end, q.seq "
        "FROM public_register_qualification q "
        "JOIN public_register p ON p.teacher_id = q.teacher_id "
        f"WHERE q.status = 'registered' AND q.period_end < ? {keyset}"
        "ORDER BY q.period_end, p.register_number, q.seq LIMIT ?",
        (*params, limit),
    )
    found = [
        {
            "teacher_id": r[0],
            "register_number": r[1],
            "name": {"initials": r[2], "prefix": r[3], "family_name": r[4]},
            "qualification_id": r[5],
            "sector": r[6],
            "subject": r[7],
            "period_end": date.fromisoformat(str(r[8])),
            "seq": int(r[9]),
        }
        for r in rows
    ]
    return found, int(counted[0]) if counted else 0


def changes(db: Db, after: int, limit: int) -> list[dict[str, Any]]:
    """Changes of the public register after log position `after`, in log order, at most
    `limit`: per change its position, the ledger leaf of the event that made it, the register
    number and the public entry after it (None: removed).

    Only changes the ledger has already taken in are given (the join), so every change names
    its leaf and a page never skips one that a later page would show.
    """
    rows = db.fetchall(
        "SELECT c.position, l.leaf_index, c.register_number, c.content "
        "FROM public_register_change c JOIN ledger_leaves l ON l.position = c.position "
        "WHERE c.position > ? ORDER BY c.position LIMIT ?",
        (after, limit),
    )
    return [
        {
            "position": int(r[0]),
            "leaf_index": int(r[1]),
            "register_number": r[2],
            "entry": json.loads(r[3]) if r[3] is not None else None,
        }
        for r in rows
    ]
