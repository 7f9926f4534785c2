"""The public register: what anyone may see of a teacher (docs/domain.md, "What is public").

Per person the register number and the public name (initials, prefix, family name) with a
normalised family name for ordering, and the name keys a search finds the person by (the whole
family name with its prefix, and each part of a double-barrelled name); per qualification its
sector, subject, status, period end, annotations and strike-offs, and the status history as
dated intervals, so the entry can be shown as it stood on any day. No BSN, birth date, gender,
address or portfolio is ever stored here.

The period end is kept for the registrar's work list only: no public answer shows it, since
it would reveal leave (docs/domain.md, "What is public"). Public answers give each qualification's
status and the date it holds since, and a history whose intervals change only with the
status. Approved leave dates are needed to compute period ends; they sit in their own table
that no public query reads; leave awaiting approval is not stored here at all.

This module writes the read model; what the public sees of an entry and the document stored
per entry are rendered by `projections/public_register_document.py`, and the API reads it only
through `projections/public_register_queries.py`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from domain.teacher import Teacher
from projections.common import dumps
from projections.db import Db
from projections.projection import Batch, Projection, topics_of
from projections.public_register_entries import Person, Qualification, text

PERSON_COLUMNS = (
    "teacher_id",
    "register_number",
    "initials",
    "prefix",
    "family_name",
    "family_key",
    "prefix_key",
    "position",
    "document",
)
QUALIFICATION_COLUMNS = (
    "teacher_id",
    "qualification_id",
    "seq",
    "sector",
    "subject",
    "status",
    "admitted_on",
    "period_start",
    "period_years",
    "period_end",
    "ground",
    "changes",
    "history",
    "annotations",
)
LEAVE_COLUMNS = ("teacher_id", "leave_id", "start_on", "end_on")
#: The change log of the public register (`GET /api/public/changes`): per change the log
#: position of the event that made it, the person, and the public entry after it (null: the
#: entry was removed, after an erasure).
CHANGE_COLUMNS = ("position", "teacher_id", "register_number", "content")
#: Events that change nothing the public sees (leave moves the period end, which is private).
PRIVATE_EVENTS = (Teacher.LeaveRecorded, Teacher.LeaveApproved)
NAME_COLUMNS = ("teacher_id", "prefix_key", "name_key")


class PublicRegister(Projection):
    """Persons, qualifications and their dated history, for the public lookup."""

    name = "public_register"
    # 2: only approved leave extends a period; name keys for double-barrelled names and
    # prefixes stored inside a family name; the pre-register's expiry; public entries leave
    # the view by the retention policy. 3: an erasure drops the person's search keys too (they
    # held the family name in lower case); the rebuild clears those left behind. 4: the
    # change log of the public register (`changes`). 5: each person's row keeps `document`, the
    # entry as `GET /api/public/register/{number}` answers it, rendered once here.
    version = 5
    pipelined = True
    tables = (
        "public_register",
        "public_register_qualification",
        "public_register_leave",
        "public_register_name",
        "public_register_change",
    )
    topics = topics_of(
        Teacher.Admitted,
        Teacher.QualificationAdded,
        Teacher.PersonalDataCorrected,
        Teacher.LeaveRecorded,
        Teacher.LeaveApproved,
        Teacher.PreregisterExpired,
        Teacher.ReRegistered,
        Teacher.Annotated,
        Teacher.StruckOff,
        Teacher.Reinstated,
        Teacher.MovedToRegister,
        Teacher.DecisionRevoked,
        Teacher.PublicEntryExpired,
    )

    def create_tables(self, db: Db, t: Callable[[str], str]) -> None:
        person, qual, leave, names = (t(n) for n in self.tables[:4])
        db.ddl(
            f"CREATE TABLE {person} (teacher_id IDTEXT PRIMARY KEY, "
            "register_number IDTEXT NOT NULL, initials TEXT NOT NULL, prefix TEXT NOT NULL, "
            "family_name TEXT NOT NULL, family_key IDTEXT NOT NULL, prefix_key TEXT NOT NULL, "
            "position BIGINT NOT NULL, document TEXT NOT NULL)"
        )
        db.execute(f"CREATE UNIQUE INDEX {person}_number ON {person} (register_number)")
        db.execute(f"CREATE INDEX {person}_family ON {person} (family_key, register_number)")
        db.ddl(
            f"CREATE TABLE {qual} (teacher_id IDTEXT NOT NULL, qualification_id IDTEXT NOT NULL, "
            "seq INTEGER NOT NULL, sector TEXT NOT NULL, subject TEXT, status TEXT NOT NULL, "
            "admitted_on TEXT NOT NULL, period_start TEXT NOT NULL, "
            "period_years INTEGER NOT NULL, period_end TEXT NOT NULL, ground TEXT, "
            "changes TEXT NOT NULL, history TEXT NOT NULL, annotations TEXT NOT NULL, "
            "PRIMARY KEY (teacher_id, qualification_id))"
        )
        db.ddl(
            f"CREATE TABLE {leave} (teacher_id IDTEXT NOT NULL, leave_id IDTEXT NOT NULL, "
            "start_on TEXT NOT NULL, end_on TEXT NOT NULL, PRIMARY KEY (teacher_id, leave_id))"
        )
        db.ddl(
            f"CREATE TABLE {names} (teacher_id IDTEXT NOT NULL, prefix_key TEXT NOT NULL, "
            "name_key IDTEXT NOT NULL, PRIMARY KEY (name_key, prefix_key, teacher_id))"
        )
        db.execute(f"CREATE INDEX {names}_teacher ON {names} (teacher_id)")
        change = t("public_register_change")
        db.ddl(
            f"CREATE TABLE {change} (position BIGINT PRIMARY KEY, teacher_id IDTEXT NOT NULL, "
            "register_number IDTEXT NOT NULL, content TEXT)"
        )
        db.execute(f"CREATE INDEX {change}_teacher ON {change} (teacher_id)")

    def apply(self, db: Db, batch: Batch, t: Callable[[str], str]) -> None:
        events = batch.entries()
        admitted = Teacher.Admitted
        fresh = {tid for _, tid, e in events if type(e) is admitted}
        wanted = {tid for _, tid, _ in events} - fresh
        people = self._load(db, t, wanted)
        before = {tid: dumps(p.public_content()) for tid, p in people.items()}
        changed_people: set[str] = set()
        changed_quals: dict[str, set[str]] = {}
        renamed: set[str] = set()
        changes: list[tuple[Any, ...]] = []

        def note(position: int, tid: str, kind: type) -> None:
            """A change log row for the event just folded, if it changed the public entry:
            one row per such event, whatever the batch, so a rebuild gives the same log."""
            person = people.get(tid)
            if person is None or kind in PRIVATE_EVENTS:
                return
            person.content = person.public_content()
            content = dumps(person.content)
            if content != before.get(tid):
                before[tid] = content
                changes.append((position, tid, person.register_number, content))

        folded: tuple[int, str, type] | None = None
        for position, tid, event in events:
            if folded is not None:
                note(*folded)
            kind = type(event)
            folded = (position, tid, kind)
            if kind is admitted:
                name = event.name
                person = Person(
                    tid,
                    event.register_number,
                    name.initials,
                    name.prefix or "",
                    name.family_name,
                    position,
                    new=True,
                )
                for q in event.qualifications:
                    person.add_qualification(q, event.registered_on, position)
                people[tid] = person
                continue
            person_or_none = people.get(tid)
            if person_or_none is None:
                continue  # an event of a file this model never saw admitted: nothing to show
            person = person_or_none
            person.position = position
            changed_people.add(tid)
            touched = changed_quals.setdefault(tid, set())
            if kind is Teacher.QualificationAdded:
                person.add_qualification(event.qualification, event.registered_on, position)
                touched.add(event.qualification["qualification_id"])
            elif kind is Teacher.PersonalDataCorrected:
                if event.name is not None:
                    person.initials = event.name.initials
                    person.prefix = event.name.prefix or ""
                    person.family_name = event.name.family_name
                    renamed.add(tid)
            elif kind is Teacher.LeaveRecorded or kind is Teacher.LeaveApproved:
                if kind is Teacher.LeaveRecorded and event.status != "approved":
                    continue  # a teacher's own report extends nothing until approved
                leave = (event.leave_id, event.start.isoformat(), event.end.isoformat())
                person.leaves.append(leave)
                if not person.new:
                    person.new_leaves.append(leave)
                touched.update(person.quals)
            elif kind is Teacher.PublicEntryExpired:
                q = person.quals.get(event.qualification_id)
                if q is None:
                    continue
                q.annotations = [a for a in q.annotations if a["decision_id"] != event.decision_id]
                if event.entry == "strike_off":
                    q.ground = None
                touched.add(q.qualification_id)
            elif kind is Teacher.DecisionRevoked:
                q = person.quals.get(event.qualification_id)
                if q is None:
                    continue
                restored = event.restored
                q.status = restored["status"]
                q.period_start = text(restored["period_start"])
                q.ground = restored.get("struck_off_ground")
                q.changes = [c for c in q.changes if c["decision_id"] != event.decision_id]
                q.annotations = [a for a in q.annotations if a["decision_id"] != event.decision_id]
                q.change(restored["from"], "decision_revoked", None, position)
                touched.add(q.qualification_id)
            elif kind is Teacher.PreregisterExpired:
                q = person.quals.get(event.qualification_id)
                if q is None:
                    continue
                q.status = "preregister_expired"
                q.change(event.expired_on, "preregister_expired", None, position)
                touched.add(q.qualification_id)
            else:
                q = person.quals.get(event.qualification_id)
                if q is None:
                    continue
                self._decided(q, event, position)
                touched.add(q.qualification_id)
        if folded is not None:
            note(*folded)
        self._write(db, t, people, changed_people, changed_quals, renamed)
        db.copy_rows(t("public_register_change"), CHANGE_COLUMNS, changes)

    def erased(self, db: Db, t: Callable[[str], str], erasures: Sequence[tuple[int, str]]) -> None:
        """An erased person's entry leaves the change log as a removal: their earlier changes
        (which held their name) are deleted and one row without content takes their place."""
        change = t("public_register_change")
        ids = [tid for _, tid in erasures]
        numbers = dict(
            db.fetch_in(
                f"SELECT teacher_id, register_number FROM {t('public_register')} "  # noqa: S608
                "WHERE teacher_id IN ({keys})",
                ids,
            )
        )
        db.executemany(f"DELETE FROM {change} WHERE teacher_id = ?", [(tid,) for tid in ids])  # noqa: S608
        removals = [(pos, tid, numbers[tid], None) for pos, tid in erasures if tid in numbers]
        db.copy_rows(change, CHANGE_COLUMNS, removals)

    @staticmethod
    def _decided(q: Qualification, event: Any, position: int) -> None:
        """A decision event, folded as the aggregate applies it."""
        decision_id = str(event.decision["decision_id"])
        kind = type(event)
        if kind is Teacher.StruckOff:
            q.status = "struck_off"
            q.ground = event.ground
            q.change(event.effective_on, "struck_off", decision_id, position)
            q.annotations.append(
                {
                    "decision_id": decision_id,
                    "kind": "strike_off",
                    "on": event.effective_on.isoformat(),
                    "ground": event.ground,
                }
            )
            return
        q.period_start = event.new_period_start.isoformat()
        if kind is Teacher.Annotated:
            q.annotations.append(
                {
                    "decision_id": decision_id,
                    "kind": "annotation",
                    "on": text(event.decision["decided_on"]),
                    "ground": None,
                }
            )
            q.change(event.new_period_start, "annotated", decision_id, position)
        elif kind is Teacher.ReRegistered:
            q.change(event.new_period_start, "re_registered", decision_id, position)
        elif kind is Teacher.Reinstated:
            q.status = "registered"
            q.ground = None
            q.change(event.new_period_start, "reinstated", decision_id, position)
        elif kind is Teacher.MovedToRegister:
            q.status = "registered"
            q.change(event.new_period_start, "moved_to_register", decision_id, position)

    def _load(self, db: Db, t: Callable[[str], str], wanted: set[str]) -> dict[str, Person]:
        if not wanted:
            return {}
        person, qual, leave, _ = (t(n) for n in self.tables[:4])
        people: dict[str, Person] = {}
        for row in db.fetch_in(
            f"SELECT teacher_id, register_number, initials, prefix, family_name, position "  # noqa: S608
            f"FROM {person} WHERE teacher_id IN ({{keys}})",
            wanted,
        ):
            people[row[0]] = Person(*row)
        for row in db.fetch_in(
            f"SELECT teacher_id, qualification_id, seq, sector, subject, status, admitted_on, "  # noqa: S608
            f"period_start, period_years, ground, changes, annotations FROM {qual} "
            f"WHERE teacher_id IN ({{keys}}) ORDER BY teacher_id, seq",
            wanted,
        ):
            people[row[0]].quals[row[1]] = Qualification(
                row[1],
                row[2],
                row[3],
                row[4],
                row[5],
                row[6],
                row[7],
                row[8],
                row[9],
                json.loads(row[10]),
                json.loads(row[11]),
            )
        for row in db.fetch_in(
            f"SELECT teacher_id, leave_id, start_on, end_on FROM {leave} "  # noqa: S608
            f"WHERE teacher_id IN ({{keys}}) ORDER BY teacher_id, start_on, leave_id",
            wanted,
        ):
            people[row[0]].leaves.append((row[1], row[2], row[3]))
        return people

    def _write(
        self,
        db: Db,
        t: Callable[[str], str],
        people: dict[str, Person],
        changed_people: set[str],
        changed_quals: dict[str, set[str]],
        renamed: set[str],
    ) -> None:
        person_t, qual_t, leave_t, name_t = (t(n) for n in self.tables[:4])
        new_names: list[tuple[str, str, str]] = []
        new_people: list[tuple[Any, ...]] = []
        new_quals: list[tuple[Any, ...]] = []
        new_leaves: list[tuple[Any, ...]] = []
        upd_people: list[tuple[Any, ...]] = []
        upd_quals: list[tuple[Any, ...]] = []
        for tid, p in people.items():
            if p.new:
                leaves = p.leave_periods()
                new_people.append(p.row())
                new_quals.extend(q.row(tid, leaves) for q in p.quals.values())
                new_leaves.extend((tid, *leave) for leave in p.leaves)
                new_names.extend(p.name_rows())
                continue
            if tid not in changed_people:
                continue
            upd_people.append(p.row())
            leaves = p.leave_periods()
            upd_quals.extend(p.quals[qid].row(tid, leaves) for qid in changed_quals.get(tid, ()))
            new_leaves.extend((tid, *leave) for leave in p.new_leaves)
            if tid in renamed:
                new_names.extend(p.name_rows())
        if renamed - {tid for tid, p in people.items() if p.new}:
            db.executemany(
                f"DELETE FROM {name_t} WHERE teacher_id = ?",  # noqa: S608
                [(tid,) for tid in sorted(renamed) if tid in people and not people[tid].new],
            )
        db.copy_rows(name_t, NAME_COLUMNS, new_names)
        db.copy_rows(person_t, PERSON_COLUMNS, new_people)
        db.copy_rows(qual_t, QUALIFICATION_COLUMNS, new_quals)
        db.copy_rows(leave_t, LEAVE_COLUMNS, new_leaves)
        db.upsert(person_t, PERSON_COLUMNS, ("teacher_id",), upd_people)
        db.upsert(qual_t, QUALIFICATION_COLUMNS, ("teacher_id", "qualification_id"), upd_quals)
