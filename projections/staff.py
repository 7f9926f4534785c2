"""Staff lists: per employer (board number), the people with an appointment there and, per
qualification, whether they may teach on it.

A registered or pre-registered qualification may be taught on; a struck-off one may not
(docs/domain.md, "The lifecycle of a registration", step 5). Employers see names and register
numbers of their own staff, never a BSN or birth date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher, appointment_stated
from projections.common import name_key
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

PERSON_COLUMNS = ("teacher_id", "register_number", "initials", "prefix", "family_name", "sort_key")
QUALIFICATION_COLUMNS = (
    "teacher_id",
    "qualification_id",
    "seq",
    "sector",
    "subject",
    "status",
    "may_teach",
)
APPOINTMENT_COLUMNS = (
    "teacher_id",
    "appointment_id",
    "board_number",
    "brin",
    "start_on",
    "end_on",
    "fte",
    "sector",
    "subjects",
    "stated",
)
#: Statuses on which a teacher may teach.
MAY_TEACH = frozenset({"registered", "preregistered"})
#: Subjects of one appointment, kept in one column.
SUBJECT_JOIN = "|"


def may_teach(status: str) -> int:
    return 1 if status in MAY_TEACH else 0


def _sort_key(family_name: str, prefix: str) -> str:
    return f"{name_key(family_name)} {name_key(prefix)}".strip()


class Staff(Projection):
    """People, qualifications and appointments, read per board."""

    name = "staff"
    version = 3  # 2: the pre-register's expiry; 3: appointments' sector and subjects
    pipelined = True
    tables = ("staff_person", "staff_qualification", "staff_appointment")
    topics = topics_of(
        Teacher.Admitted,
        Teacher.QualificationAdded,
        Teacher.PersonalDataCorrected,
        Teacher.AppointmentRecorded,
        Teacher.StruckOff,
        Teacher.Reinstated,
        Teacher.MovedToRegister,
        Teacher.DecisionRevoked,
        Teacher.PreregisterExpired,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        person, qual, appointment = (t(n) for n in self.tables)
        db.ddl(
            f"CREATE TABLE {person} (teacher_id IDTEXT PRIMARY KEY, "
            "register_number IDTEXT NOT NULL, initials TEXT NOT NULL, prefix TEXT NOT NULL, "
            "family_name TEXT NOT NULL, sort_key IDTEXT NOT NULL)"
        )
        db.ddl(
            f"CREATE TABLE {qual} (teacher_id IDTEXT NOT NULL, qualification_id IDTEXT NOT NULL, "
            "seq BIGINT NOT NULL, sector TEXT NOT NULL, subject TEXT, status TEXT NOT NULL, "
            "may_teach INTEGER NOT NULL, PRIMARY KEY (teacher_id, qualification_id))"
        )
        db.ddl(
            f"CREATE TABLE {appointment} (teacher_id IDTEXT NOT NULL, "
            "appointment_id IDTEXT NOT NULL, board_number IDTEXT NOT NULL, brin TEXT NOT NULL, "
            "start_on TEXT NOT NULL, end_on TEXT, "
            "fte TEXT NOT NULL, sector TEXT, subjects TEXT, stated INTEGER NOT NULL, "
            "PRIMARY KEY (teacher_id, appointment_id))"
        )
        db.execute(f"CREATE INDEX {appointment}_board ON {appointment} (board_number, teacher_id)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        person_t, qual_t, appointment_t = (t(n) for n in self.tables)
        people: dict[str, list[Any]] = {}
        renamed: dict[str, tuple[Any, ...]] = {}
        quals: dict[tuple[str, str], list[Any]] = {}
        status_updates: list[tuple[Any, ...]] = []
        appointments: dict[tuple[str, str], tuple[Any, ...]] = {}
        fresh: set[str] = set()  # files admitted in this batch: nothing stored yet
        for position, tid, event in batch.entries():
            kind = type(event)
            if kind is Teacher.AppointmentRecorded:
                appointments[(tid, event.appointment_id)] = (
                    tid,
                    event.appointment_id,
                    event.board_number,
                    event.brin,
                    event.start.isoformat(),
                    event.end.isoformat() if event.end else None,
                    str(event.fte),
                    event.sector,
                    SUBJECT_JOIN.join(event.subjects) if event.subjects else None,
                    1 if appointment_stated(event.sector, event.subjects) else 0,
                )
            elif kind is Teacher.Admitted:
                fresh.add(tid)
                name = event.name
                prefix = name.prefix or ""
                people[tid] = [
                    tid,
                    event.register_number,
                    name.initials,
                    prefix,
                    name.family_name,
                    _sort_key(name.family_name, prefix),
                ]
                for i, q in enumerate(event.qualifications):
                    status = q["status"]
                    quals[(tid, q["qualification_id"])] = [
                        tid,
                        q["qualification_id"],
                        i,
                        q["sector"],
                        q.get("subject"),
                        status,
                        may_teach(status),
                    ]
            elif kind is Teacher.QualificationAdded:
                q = event.qualification
                quals[(tid, q["qualification_id"])] = [
                    tid,
                    q["qualification_id"],
                    position,
                    q["sector"],
                    q.get("subject"),
                    q["status"],
                    may_teach(q["status"]),
                ]
            elif kind is Teacher.PersonalDataCorrected:
                if event.name is None:
                    continue
                name = event.name
                prefix = name.prefix or ""
                values = (name.initials, prefix, name.family_name)
                pending = people.get(tid)
                if pending is not None:
                    pending[2:6] = [*values, _sort_key(name.family_name, prefix)]
                else:
                    renamed[tid] = (*values, _sort_key(name.family_name, prefix), tid)
            else:
                if kind is Teacher.StruckOff:
                    status = "struck_off"
                elif kind is Teacher.DecisionRevoked:
                    status = event.restored["status"]
                elif kind is Teacher.PreregisterExpired:
                    status = "preregister_expired"
                else:  # Reinstated, MovedToRegister
                    status = "registered"
                pending_q = quals.get((tid, event.qualification_id))
                if pending_q is not None:
                    pending_q[5] = status
                    pending_q[6] = may_teach(status)
                else:
                    status_updates.append((status, may_teach(status), tid, event.qualification_id))
        db.copy_rows(person_t, PERSON_COLUMNS, list(people.values()))
        db.copy_rows(qual_t, QUALIFICATION_COLUMNS, list(quals.values()))
        db.executemany(
            f"UPDATE {person_t} SET initials = ?, prefix = ?, family_name = ?, sort_key = ? "  # noqa: S608
            "WHERE teacher_id = ?",
            list(renamed.values()),
        )
        db.executemany(
            f"UPDATE {qual_t} SET status = ?, may_teach = ? "  # noqa: S608
            "WHERE teacher_id = ? AND qualification_id = ?",
            status_updates,
        )
        rows = list(appointments.values())
        db.copy_rows(appointment_t, APPOINTMENT_COLUMNS, [r for r in rows if r[0] in fresh])
        db.upsert(
            appointment_t,
            APPOINTMENT_COLUMNS,
            ("teacher_id", "appointment_id"),
            [r for r in rows if r[0] not in fresh],
        )


# -- queries ----------------------------------------------------------------------------------


def staff(
    db: Db,
    board_number: str,
    *,
    on: date,
    after: tuple[str, str] | None = None,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """People with an appointment at the board, in name order, with their appointments there
    (each marked current or not on `on`) and, per qualification, whether they may teach."""
    params: list[Any] = [board_number]
    cursor = ""
    if after is not None:
        cursor = "AND (p.sort_key > ? OR (p.sort_key = ? AND p.register_number > ?)) "
        params += [after[0], after[0], after[1]]
    statement = (
        "SELECT p.teacher_id, p.register_number, p.initials, p.prefix, p.family_name, p.sort_key "
        "FROM staff_person p WHERE p.teacher_id IN (SELECT a.teacher_id FROM staff_appointment a "
        "WHERE a.board_number = ?) "
    )
    statement += cursor + "ORDER BY p.sort_key, p.register_number LIMIT ?"
    rows = db.fetchall(statement, (*params, limit))
    ids = [r[0] for r in rows]
    quals: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    for q in db.fetch_in(
        "SELECT teacher_id, qualification_id, sector, subject, status, may_teach "
        "FROM staff_qualification WHERE teacher_id IN ({keys}) ORDER BY teacher_id, seq",
        ids,
    ):
        quals[q[0]].append(
            {
                "qualification_id": q[1],
                "sector": q[2],
                "subject": q[3],
                "status": q[4],
                "may_teach": bool(q[5]),
            }
        )
    appointments: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
    day = on.isoformat()
    for a in db.fetch_in(
        "SELECT teacher_id, appointment_id, brin, start_on, end_on, fte, sector, subjects, "
        "stated FROM staff_appointment "
        "WHERE board_number = ? AND teacher_id IN ({keys}) ORDER BY teacher_id, start_on",
        ids,
        (board_number,),
    ):
        appointments[a[0]].append(
            {
                "appointment_id": a[1],
                "brin": a[2],
                "start": a[3],
                "end": a[4],
                "fte": a[5],
                "current": a[3] <= day and (a[4] is None or day <= a[4]),
                "sector": a[6],
                "subjects": a[7].split(SUBJECT_JOIN) if a[7] else None,
                "stated": bool(a[8]),
            }
        )
    return [
        {
            "teacher_id": r[0],
            "register_number": r[1],
            "name": {"initials": r[2], "prefix": r[3], "family_name": r[4]},
            "sort_key": r[5],
            "qualifications": quals[r[0]],
            "appointments": appointments[r[0]],
        }
        for r in rows
    ]
