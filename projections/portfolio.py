"""The portfolio: what a teacher did to develop, and the inputs re-registration needs.

Per teacher its qualifications with their current period, every activity (kind, date, hours,
competence areas, validated or not, withdrawn or not), the appointments employers delivered
(for work experience) and leave (which extends periods). `summary` adds the hours of the
current period per qualification by kind, competence area and validation. An activity counts
as validated when it came from an offering (`offering_id`); the procedures work refines this.

This is private data: the teacher, registrar, appeals committee and auditor read it, never the
public.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.teacher import Teacher
from policies.periods import period_end
from projections.common import hours_text, hundredths
from projections.db import Db
from projections.projection import Batch, Projection, topics_of

QUALIFICATION_COLUMNS = (
    "teacher_id",
    "qualification_id",
    "seq",
    "sector",
    "subject",
    "basis",
    "status",
    "admitted_on",
    "period_start",
    "period_years",
)
ACTIVITY_COLUMNS = (
    "teacher_id",
    "activity_id",
    "kind",
    "title",
    "occurred_on",
    "contact_hours",
    "self_study_hours",
    "competence_areas",
    "offering_id",
    "validated",
    "has_evidence",
    "has_reflection",
    "withdrawn",
    "event_ref",
    "qualification_ids",
    "peer_confirmation",
    "peer_same_board",
)
APPOINTMENT_COLUMNS = (
    "teacher_id",
    "appointment_id",
    "board_number",
    "brin",
    "start_on",
    "end_on",
    "fte",
    "basis",
    "event_ref",
)
LEAVE_COLUMNS = ("teacher_id", "leave_id", "kind", "start_on", "end_on", "event_ref", "status")


class Portfolio(Projection):
    """Activities, qualification periods, appointments and leave per teacher."""

    name = "portfolio"
    # 2: leave has a status (only approved leave extends a period); 3: the qualifications an
    # activity names, and evidence as the engine reads it (blank is none), for the demand signal;
    # 4: a colleague's confirmation of a peer activity (the event and whether at the same board)
    version = 4
    pipelined = True
    tables = (
        "portfolio_qualification",
        "portfolio_activity",
        "portfolio_appointment",
        "portfolio_leave",
    )
    topics = topics_of(
        Teacher.Admitted,
        Teacher.QualificationAdded,
        Teacher.AppointmentRecorded,
        Teacher.LeaveRecorded,
        Teacher.LeaveApproved,
        Teacher.LeaveRejected,
        Teacher.PreregisterExpired,
        Teacher.ActivityRecorded,
        Teacher.ActivityWithdrawn,
        Teacher.ActivityJudged,
        Teacher.PeerConfirmationAnswered,
        Teacher.ReRegistered,
        Teacher.Annotated,
        Teacher.StruckOff,
        Teacher.Reinstated,
        Teacher.MovedToRegister,
        Teacher.DecisionRevoked,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        qual, activity, appointment, leave = (t(n) for n in self.tables)
        db.ddl(
            f"CREATE TABLE {qual} (teacher_id IDTEXT NOT NULL, qualification_id IDTEXT NOT NULL, "
            "seq INTEGER NOT NULL, sector TEXT NOT NULL, subject TEXT, basis TEXT NOT NULL, "
            "status TEXT NOT NULL, admitted_on TEXT NOT NULL, period_start TEXT NOT NULL, "
            "period_years INTEGER NOT NULL, PRIMARY KEY (teacher_id, qualification_id))"
        )
        db.ddl(
            f"CREATE TABLE {activity} (teacher_id IDTEXT NOT NULL, activity_id IDTEXT NOT NULL, "
            "kind TEXT NOT NULL, title TEXT NOT NULL, occurred_on TEXT NOT NULL, "
            "contact_hours BIGINT NOT NULL, self_study_hours BIGINT NOT NULL, "
            "competence_areas TEXT NOT NULL, offering_id TEXT, validated INTEGER NOT NULL, "
            "has_evidence INTEGER NOT NULL, has_reflection INTEGER NOT NULL, "
            "withdrawn INTEGER NOT NULL, event_ref TEXT NOT NULL, qualification_ids TEXT, "
            "peer_confirmation TEXT, peer_same_board INTEGER NOT NULL, "
            "PRIMARY KEY (teacher_id, activity_id))"
        )
        db.ddl(
            f"CREATE TABLE {appointment} (teacher_id IDTEXT NOT NULL, "
            "appointment_id IDTEXT NOT NULL, board_number IDTEXT NOT NULL, brin TEXT NOT NULL, "
            "start_on TEXT NOT NULL, end_on TEXT, "
            "fte TEXT NOT NULL, basis TEXT NOT NULL, event_ref TEXT NOT NULL, "
            "PRIMARY KEY (teacher_id, appointment_id))"
        )
        db.ddl(
            f"CREATE TABLE {leave} (teacher_id IDTEXT NOT NULL, leave_id IDTEXT NOT NULL, "
            "kind TEXT NOT NULL, start_on TEXT NOT NULL, end_on TEXT NOT NULL, "
            "event_ref TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (teacher_id, leave_id))"
        )

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        qual_t, activity_t, appointment_t, leave_t = (t(n) for n in self.tables)
        new_quals: dict[tuple[str, str], list[Any]] = {}
        qual_updates: list[tuple[Any, ...]] = []
        activities: dict[tuple[str, str], list[Any]] = {}
        withdrawals: list[tuple[str, str]] = []
        confirmations: list[tuple[str, int, str, str]] = []
        appointments: dict[tuple[str, str], tuple[Any, ...]] = {}
        fresh: set[str] = set()  # files admitted in this batch: nothing stored yet
        leaves: dict[tuple[str, str], list[Any]] = {}
        leave_updates: list[tuple[str, str, str, str]] = []
        recorded = Teacher.ActivityRecorded
        for position, tid, event in batch.entries():
            kind = type(event)
            ref = f"{tid}/{event.originator_version}"
            if kind is recorded:
                activities[(tid, event.activity_id)] = [
                    tid,
                    event.activity_id,
                    event.kind,
                    event.title,
                    event.occurred_on.isoformat(),
                    hundredths(event.contact_hours),
                    hundredths(event.self_study_hours),
                    ",".join(event.competence_areas),
                    event.offering_id,
                    1 if event.offering_id else 0,
                    1 if _stated(event.evidence) else 0,
                    1 if _stated(event.reflection) else 0,
                    0,
                    ref,
                    # None: the activity serves every qualification of the teacher
                    ",".join(event.qualification_ids) if event.qualification_ids else None,
                    None,  # peer_confirmation: the event that recorded a colleague's confirmation
                    0,  # peer_same_board
                ]
            elif kind is Teacher.PeerConfirmationAnswered:
                # On the requester's file. A declined request changes nothing the engine reads;
                # a confirmation names this event, at the same board or marked not to be.
                if event.answer != "confirmed":
                    continue
                same_board = 1 if event.same_board else 0
                pending = activities.get((tid, event.activity_id))
                if pending is not None:
                    pending[15] = ref
                    pending[16] = same_board
                else:
                    confirmations.append((ref, same_board, tid, event.activity_id))
            elif kind is Teacher.ActivityWithdrawn or (
                kind is Teacher.ActivityJudged and event.outcome == "rejected"
            ):
                # A rejection in a sample check stops the activity counting, as a withdrawal.
                pending = activities.get((tid, event.activity_id))
                if pending is not None:
                    pending[12] = 1
                else:
                    withdrawals.append((tid, event.activity_id))
            elif kind is Teacher.ActivityJudged:
                continue  # accepted: it counts as it did
            elif kind is Teacher.AppointmentRecorded:
                appointments[(tid, event.appointment_id)] = (
                    tid,
                    event.appointment_id,
                    event.board_number,
                    event.brin,
                    event.start.isoformat(),
                    event.end.isoformat() if event.end else None,
                    str(event.fte),
                    event.basis,
                    ref,
                )
            elif kind is Teacher.LeaveRecorded:
                leaves[(tid, event.leave_id)] = [
                    tid,
                    event.leave_id,
                    event.kind,
                    event.start.isoformat(),
                    event.end.isoformat(),
                    ref,
                    str(event.status),
                ]
            elif kind is Teacher.LeaveApproved or kind is Teacher.LeaveRejected:
                leave_status = "approved" if kind is Teacher.LeaveApproved else "rejected"
                # An approval is the event that makes leave count: the reference follows it.
                new_ref = ref if leave_status == "approved" else ""
                pending_leave = leaves.get((tid, event.leave_id))
                if pending_leave is not None:
                    pending_leave[6] = leave_status
                    pending_leave[5] = new_ref or pending_leave[5]
                else:
                    leave_updates.append((leave_status, new_ref, tid, event.leave_id))
            elif kind is Teacher.PreregisterExpired:
                pending_q = new_quals.get((tid, event.qualification_id))
                if pending_q is not None:
                    pending_q[6] = "preregister_expired"
                else:
                    qual_updates.append(
                        ("preregister_expired", None, None, tid, event.qualification_id)
                    )
            elif kind is Teacher.Admitted or kind is Teacher.QualificationAdded:
                admitted = kind is Teacher.Admitted
                if admitted:
                    fresh.add(tid)
                listed = event.qualifications if admitted else [event.qualification]
                day = event.registered_on.isoformat()
                for i, q in enumerate(listed):
                    new_quals[(tid, q["qualification_id"])] = [
                        tid,
                        q["qualification_id"],
                        # Order of admission: those admitted first, then later ones by position.
                        i if admitted else position,
                        q["sector"],
                        q.get("subject"),
                        q["basis"],
                        q["status"],
                        day,
                        day,
                        int(q.get("period_years", 4)),
                    ]
            else:
                change = _qualification_change(event)
                pending_q = new_quals.get((tid, event.qualification_id))
                if pending_q is not None:
                    status, start, basis = change
                    pending_q[6] = status or pending_q[6]
                    pending_q[8] = start or pending_q[8]
                    pending_q[5] = basis or pending_q[5]
                else:
                    qual_updates.append((*change, tid, event.qualification_id))
        db.copy_rows(qual_t, QUALIFICATION_COLUMNS, list(new_quals.values()))
        db.executemany(
            f"UPDATE {qual_t} SET status = COALESCE(?, status), "  # noqa: S608
            "period_start = COALESCE(?, period_start), basis = COALESCE(?, basis) "
            "WHERE teacher_id = ? AND qualification_id = ?",
            qual_updates,
        )
        db.copy_rows(activity_t, ACTIVITY_COLUMNS, list(activities.values()))
        db.executemany(
            f"UPDATE {activity_t} SET withdrawn = 1 "  # noqa: S608
            "WHERE teacher_id = ? AND activity_id = ?",
            withdrawals,
        )
        db.executemany(
            f"UPDATE {activity_t} SET peer_confirmation = ?, peer_same_board = ? "  # noqa: S608
            "WHERE teacher_id = ? AND activity_id = ?",
            confirmations,
        )
        rows = list(appointments.values())
        db.copy_rows(appointment_t, APPOINTMENT_COLUMNS, [r for r in rows if r[0] in fresh])
        db.upsert(
            appointment_t,
            APPOINTMENT_COLUMNS,
            ("teacher_id", "appointment_id"),
            [r for r in rows if r[0] not in fresh],
        )
        db.copy_rows(leave_t, LEAVE_COLUMNS, list(leaves.values()))
        db.executemany(
            f"UPDATE {leave_t} SET status = ?, "  # noqa: S608
            "event_ref = CASE WHEN ? = '' THEN event_ref ELSE ? END "
            "WHERE teacher_id = ? AND leave_id = ?",
            [(s, r, r, tid, lid) for s, r, tid, lid in leave_updates],
        )


def _stated(text: str | None) -> bool:
    """Whether evidence or a reflection was given: blank text is none (as the engine's facts
    read it, domain/assessment.py)."""
    return bool(text and text.strip())


def _qualification_change(event: Any) -> tuple[str | None, str | None, str | None]:
    """(status, period start, basis) a decision event sets; None where it leaves it alone."""
    kind = type(event)
    if kind is Teacher.StruckOff:
        return "struck_off", None, None
    if kind is Teacher.DecisionRevoked:
        restored = event.restored
        start = restored["period_start"]
        return (
            restored["status"],
            start.isoformat() if isinstance(start, date) else str(start),
            None,
        )
    start_text = event.new_period_start.isoformat()
    if kind is Teacher.Reinstated:
        return "registered", start_text, None
    if kind is Teacher.MovedToRegister:
        return "registered", start_text, "diploma"
    return None, start_text, None  # ReRegistered, Annotated


# -- queries ----------------------------------------------------------------------------------


def summary(db: Db, teacher_id: str) -> dict[str, Any] | None:
    """A teacher's portfolio: per qualification the current period and its hours by kind,
    competence area and validation, plus appointments, leave and every activity."""
    quals = db.fetchall(
        "SELECT qualification_id, sector, subject, basis, status, admitted_on, period_start, "
        "period_years FROM portfolio_qualification WHERE teacher_id = ? ORDER BY seq",
        (teacher_id,),
    )
    if not quals:
        return None
    activities = db.fetchall(
        "SELECT activity_id, kind, title, occurred_on, contact_hours, self_study_hours, "
        "competence_areas, offering_id, validated, has_evidence, has_reflection, withdrawn, "
        "event_ref FROM portfolio_activity WHERE teacher_id = ? ORDER BY occurred_on, activity_id",
        (teacher_id,),
    )
    appointments = db.fetchall(
        "SELECT appointment_id, board_number, brin, start_on, end_on, fte, basis, event_ref "
        "FROM portfolio_appointment WHERE teacher_id = ? ORDER BY start_on, appointment_id",
        (teacher_id,),
    )
    leave_rows = db.fetchall(
        "SELECT leave_id, kind, start_on, end_on, event_ref, status FROM portfolio_leave "
        "WHERE teacher_id = ? ORDER BY start_on, leave_id",
        (teacher_id,),
    )
    leaves = [
        (date.fromisoformat(r[2]), date.fromisoformat(r[3]))
        for r in leave_rows
        if r[5] == "approved"
    ]
    out_quals = []
    for q in quals:
        start = date.fromisoformat(q[6])
        end = period_end(start, int(q[7]), leaves)
        counted = [a for a in activities if not a[11] and q[6] <= a[3] <= end.isoformat()]
        out_quals.append(
            {
                "qualification_id": q[0],
                "sector": q[1],
                "subject": q[2],
                "basis": q[3],
                "status": q[4],
                "admitted_on": q[5],
                "period_start": q[6],
                "period_end": end.isoformat(),
                "hours": _hours(counted),
            }
        )
    return {
        "teacher_id": teacher_id,
        "qualifications": out_quals,
        "activities": [
            {
                "activity_id": a[0],
                "kind": a[1],
                "title": a[2],
                "occurred_on": a[3],
                "contact_hours": hours_text(a[4]),
                "self_study_hours": hours_text(a[5]),
                "competence_areas": a[6].split(",") if a[6] else [],
                "offering_id": a[7],
                "validated": bool(a[8]),
                "has_evidence": bool(a[9]),
                "has_reflection": bool(a[10]),
                "withdrawn": bool(a[11]),
                "event_ref": a[12],
            }
            for a in activities
        ],
        "appointments": [
            {
                "appointment_id": r[0],
                "board_number": r[1],
                "brin": r[2],
                "start": r[3],
                "end": r[4],
                "fte": r[5],
                "basis": r[6],
                "event_ref": r[7],
            }
            for r in appointments
        ],
        "leave": [
            {
                "leave_id": r[0],
                "kind": r[1],
                "start": r[2],
                "end": r[3],
                "event_ref": r[4],
                "status": r[5],
            }
            for r in leave_rows
        ],
    }


def _hours(activities: list[tuple[Any, ...]]) -> dict[str, Any]:
    """Hours of counted activities: in total, by kind, by competence area (an activity's full
    hours count for each area it serves, as the criteria count them) and by validation."""
    total = contact = self_study = validated = 0
    by_kind: dict[str, int] = {}
    by_area: dict[str, int] = {}
    for a in activities:
        hours = a[4] + a[5]
        total += hours
        contact += a[4]
        self_study += a[5]
        if a[8]:
            validated += hours
        by_kind[a[1]] = by_kind.get(a[1], 0) + hours
        for area in a[6].split(",") if a[6] else []:
            by_area[area] = by_area.get(area, 0) + hours
    return {
        "total": hours_text(total),
        "contact": hours_text(contact),
        "self_study": hours_text(self_study),
        "validated": hours_text(validated),
        "not_validated": hours_text(total - validated),
        "by_kind": {k: hours_text(v) for k, v in sorted(by_kind.items())},
        "by_area": {k: hours_text(v) for k, v in sorted(by_area.items())},
        "activities": len(activities),
    }


def pending_leave(db: Db, limit: int = 50) -> list[dict[str, Any]]:
    """Leave teachers reported that awaits the registrar's check, earliest first, with the
    person (joined from the staff model) where known: the registrar's work list."""
    rows = db.fetchall(
        "SELECT l.teacher_id, l.leave_id, l.kind, l.start_on, l.end_on, p.register_number, "
        "p.initials, p.prefix, p.family_name FROM portfolio_leave l "
        "LEFT JOIN staff_person p ON p.teacher_id = l.teacher_id "
        "WHERE l.status = 'pending' ORDER BY l.start_on, l.teacher_id, l.leave_id LIMIT ?",
        (limit,),
    )
    return [
        {
            "teacher_id": r[0],
            "leave_id": r[1],
            "kind": r[2],
            "start": r[3],
            "end": r[4],
            "person": {
                "register_number": r[5],
                "initials": r[6],
                "prefix": r[7],
                "family_name": r[8],
            }
            if r[5] is not None
            else None,
        }
        for r in rows
    ]
