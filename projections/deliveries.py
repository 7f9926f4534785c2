"""What employers see of their deliveries: people not (yet) registered, and disputed data.

- ``delivery_pending``: per board, the appointments delivered for people who are not on file,
  with only the last three digits of the BSN, until the person is admitted and the
  appointments are attached to their file (the staff list shows these people as not
  registered).
- ``delivery_dispute``: appointments a teacher disputed, with the reason, until the employer
  delivers the appointment again (``answered``) or the teacher confirms it after all
  (``withdrawn``).
- ``delivery_person``: register number and public name per file, to name who disputed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.delivery import PendingAppointments
from domain.teacher import Teacher
from projections.common import iso
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

PENDING_COLUMNS = (
    "pending_id",
    "appointment_id",
    "board_number",
    "gender",
    "birth_date",
    "brin",
    "start_on",
    "end_on",
    "fte",
    "basis",
    "delivery_id",
    "position",
)
PERSON_COLUMNS = ("teacher_id", "register_number", "initials", "prefix", "family_name")
DISPUTE_COLUMNS = (
    "teacher_id",
    "appointment_id",
    "board_number",
    "brin",
    "start_on",
    "status",
    "reason",
    "disputed_position",
    "closed_position",
)


class Deliveries(Projection):
    """Pending appointments of people not on file, and disputes, per board."""

    name = "deliveries"
    version = 1
    pipelined = True
    tables = ("delivery_pending", "delivery_pending_person", "delivery_dispute", "delivery_person")
    topics = topics_of(
        PendingAppointments.Opened,
        PendingAppointments.AppointmentDelivered,
        PendingAppointments.Attached,
        Teacher.Admitted,
        Teacher.PersonalDataCorrected,
        Teacher.AppointmentRecorded,
        Teacher.AppointmentDisputed,
        Teacher.AppointmentConfirmed,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        pending, pending_person, dispute, person = (t(n) for n in self.tables)
        db.execute(
            f"CREATE TABLE {pending} (pending_id TEXT NOT NULL, appointment_id TEXT NOT NULL, "
            "board_number TEXT NOT NULL, gender TEXT NOT NULL, birth_date TEXT NOT NULL, "
            "brin TEXT NOT NULL, start_on TEXT NOT NULL, end_on TEXT, fte TEXT NOT NULL, "
            "basis TEXT NOT NULL, delivery_id TEXT NOT NULL, position BIGINT NOT NULL, "
            "PRIMARY KEY (pending_id, appointment_id))"
        )
        db.execute(f"CREATE INDEX {pending}_board ON {pending} (board_number, pending_id)")
        db.execute(
            f"CREATE TABLE {pending_person} (pending_id TEXT PRIMARY KEY, "
            "bsn_masked TEXT NOT NULL, teacher_id TEXT)"
        )
        db.execute(
            f"CREATE TABLE {dispute} (teacher_id TEXT NOT NULL, appointment_id TEXT NOT NULL, "
            "board_number TEXT NOT NULL, brin TEXT NOT NULL, start_on TEXT NOT NULL, "
            "status TEXT NOT NULL, reason TEXT, disputed_position BIGINT NOT NULL, "
            "closed_position BIGINT, PRIMARY KEY (teacher_id, appointment_id))"
        )
        db.execute(
            f"CREATE INDEX {dispute}_board ON {dispute} (board_number, status, disputed_position)"
        )
        db.execute(
            f"CREATE TABLE {person} (teacher_id TEXT PRIMARY KEY, register_number TEXT NOT NULL, "
            "initials TEXT NOT NULL, prefix TEXT NOT NULL, family_name TEXT NOT NULL)"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        pending_t, pending_person_t, dispute_t, person_t = (t(n) for n in self.tables)
        opened: list[tuple[Any, ...]] = []
        pending: dict[tuple[str, str], tuple[Any, ...]] = {}
        attached: list[tuple[str, str]] = []
        people: dict[str, list[Any]] = {}
        renamed: list[tuple[Any, ...]] = []
        disputes: dict[tuple[str, str], list[Any]] = {}
        closes: list[tuple[str, str, str, int]] = []  # status, teacher, appointment, position
        for position, oid, event in batch.entries():
            kind = type(event)
            if kind is Teacher.AppointmentRecorded:
                closes.append(("answered", oid, event.appointment_id, position))
            elif kind in (PendingAppointments.Opened, PendingAppointments.AppointmentDelivered):
                if kind is PendingAppointments.Opened:
                    opened.append((oid, event.bsn_masked, None))
                pending[(oid, event.appointment_id)] = (
                    oid,
                    event.appointment_id,
                    event.board_number,
                    event.gender,
                    event.birth_date.isoformat(),
                    event.brin,
                    event.start.isoformat(),
                    iso(event.end),
                    str(event.fte),
                    event.basis,
                    event.delivery_id,
                    position,
                )
            elif kind is PendingAppointments.Attached:
                attached.append((str(event.teacher_id), oid))
                for key in [k for k in pending if k[0] == oid]:
                    del pending[key]
            elif kind is Teacher.Admitted:
                name = event.name
                people[oid] = [
                    oid,
                    event.register_number,
                    name.initials,
                    name.prefix or "",
                    name.family_name,
                ]
            elif kind is Teacher.PersonalDataCorrected:
                if event.name is None:
                    continue
                values = [event.name.initials, event.name.prefix or "", event.name.family_name]
                if oid in people:
                    people[oid][2:5] = values
                else:
                    renamed.append((*values, oid))
            elif kind is Teacher.AppointmentDisputed:
                disputes[(oid, event.appointment_id)] = [
                    oid,
                    event.appointment_id,
                    event.board_number,
                    event.brin,
                    event.start.isoformat(),
                    "open",
                    event.reason,
                    position,
                    None,
                ]
            elif kind is Teacher.AppointmentConfirmed:
                closes.append(("withdrawn", oid, event.appointment_id, position))
        db.copy_rows(person_t, PERSON_COLUMNS, list(people.values()))
        db.executemany(
            f"UPDATE {person_t} SET initials = ?, prefix = ?, family_name = ? "  # noqa: S608
            "WHERE teacher_id = ?",
            renamed,
        )
        db.upsert(
            pending_person_t, ("pending_id", "bsn_masked", "teacher_id"), ("pending_id",), opened
        )
        db.upsert(
            pending_t, PENDING_COLUMNS, ("pending_id", "appointment_id"), list(pending.values())
        )
        db.executemany(
            f"UPDATE {pending_person_t} SET teacher_id = ? WHERE pending_id = ?",  # noqa: S608
            attached,
        )
        db.executemany(
            f"DELETE FROM {pending_t} WHERE pending_id = ?",  # noqa: S608
            [(pid,) for _, pid in attached],
        )
        self._close(db, dispute_t, disputes, closes)
        db.upsert(
            dispute_t, DISPUTE_COLUMNS, ("teacher_id", "appointment_id"), list(disputes.values())
        )

    @staticmethod
    def _close(
        db: Db,
        table: str,
        disputes: dict[tuple[str, str], list[Any]],
        closes: list[tuple[str, str, str, int]],
    ) -> None:
        """Close open disputes that a later delivery answered or a confirmation withdrew.

        Appointment events are many (a delivery writes thousands); only those of files with an
        open dispute are looked up, in one query.
        """
        if not closes:
            return
        stored = {
            (r[0], r[1])
            for r in db.fetch_in(
                f"SELECT teacher_id, appointment_id FROM {table} "  # noqa: S608
                "WHERE status = 'open' AND teacher_id IN ({keys})",
                {c[1] for c in closes},
            )
        }
        updates: list[tuple[Any, ...]] = []
        for status, tid, appointment_id, position in closes:
            held = disputes.get((tid, appointment_id))
            if held is not None:
                if held[7] < position and held[5] == "open":
                    held[5], held[8] = status, position
            elif (tid, appointment_id) in stored:
                updates.append((status, position, tid, appointment_id))
                stored.discard((tid, appointment_id))
        db.executemany(
            f"UPDATE {table} SET status = ?, closed_position = ? "  # noqa: S608
            "WHERE teacher_id = ? AND appointment_id = ? AND status = 'open'",
            updates,
        )


# -- queries ----------------------------------------------------------------------------------


def not_registered(db: Db, board_number: str, limit: int = 500) -> list[dict[str, Any]]:
    """People with appointments delivered by this board who are not on file, oldest first."""
    rows = db.fetchall(
        "SELECT p.pending_id, s.bsn_masked, p.appointment_id, p.brin, p.start_on, p.end_on, "
        "p.fte, p.basis, p.delivery_id FROM delivery_pending p "
        "JOIN delivery_pending_person s ON s.pending_id = p.pending_id "
        "WHERE p.board_number = ? AND s.teacher_id IS NULL "
        "ORDER BY p.pending_id, p.start_on, p.appointment_id",
        (board_number,),
    )
    people: dict[str, dict[str, Any]] = {}
    for r in rows:
        person = people.get(r[0])
        if person is None:
            if len(people) >= limit:
                break
            person = people[r[0]] = {
                "person_ref": r[0],
                "bsn": r[1],
                "registered": False,
                "appointments": [],
            }
        person["appointments"].append(
            {
                "appointment_id": r[2],
                "brin": r[3],
                "start": r[4],
                "end": r[5],
                "fte": r[6],
                "basis": r[7],
                "delivery_id": r[8],
            }
        )
    return list(people.values())


def disputes(
    db: Db,
    board_number: str,
    *,
    status: str | None = "open",
    after: int = 0,
    limit: int = 50,
) -> list[dict[str, Any]]:
    """Disputed appointments of this board, in the order they were disputed."""
    params: list[Any] = [board_number, after]
    where = "d.board_number = ? AND d.disputed_position > ?"
    if status is not None:
        where += " AND d.status = ?"
        params.append(status)
    statement = (
        "SELECT d.teacher_id, p.register_number, p.initials, p.prefix, p.family_name, "  # noqa: S608
        "d.appointment_id, d.brin, d.start_on, d.status, d.reason, d.disputed_position "
        "FROM delivery_dispute d LEFT JOIN delivery_person p ON p.teacher_id = d.teacher_id "
        f"WHERE {where} ORDER BY d.disputed_position LIMIT ?"
    )
    rows = db.fetchall(statement, (*params, limit))
    return [
        {
            "teacher_id": r[0],
            "register_number": r[1],
            "name": {"initials": r[2] or "", "prefix": r[3] or "", "family_name": r[4] or ""},
            "appointment_id": r[5],
            "brin": r[6],
            "start": r[7],
            "status": r[8],
            "reason": r[9],
            "position": r[10],
        }
        for r in rows
    ]
