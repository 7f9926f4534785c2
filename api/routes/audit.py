"""The audit trail of one file, read from the event store itself (not a projection)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from eventsourcing.persistence import StoredEvent
from fastapi import APIRouter, Query, Response

from api.access import Reviewer
from api.context import note_file_read
from api.deps import RegisterDep, teacher_id_of
from api.presenters import audit_event, teacher_file
from api.problems import ApiProblem, problem_responses
from api.schemas.audit import AuditEvents
from api.schemas.teachers import TeacherFile
from domain.register import Register

router = APIRouter(prefix="/api/audit", tags=["audit"])


@router.get(
    "/teachers/{teacher_id}/events",
    response_model=AuditEvents,
    responses=problem_responses(401, 403, 404),
)
def teacher_events(teacher_id: str, _: Reviewer, register: RegisterDep) -> AuditEvents:
    """Every event of the file in order, with position, actor and reason."""
    return answer_teacher_events(teacher_id, register)


def answer_teacher_events(teacher_id: str, register: Register) -> AuditEvents:
    """The file's events, noted in the access log (the auditor's role is the caller's)."""
    tid = teacher_id_of(teacher_id)
    register.get_teacher(tid)  # 404 when unknown
    note_file_read(tid)
    rows = register.events_with_positions(tid)
    events = [
        audit_event(
            pos,
            register.mapper.to_domain_event(
                StoredEvent(originator_id=tid, originator_version=ver, topic=topic, state=state)
            ),
            show_bsn=False,  # auditors and appeals committees do not need the BSN
        )
        for pos, ver, topic, state in rows
    ]
    return AuditEvents(teacher_id=str(tid), data=events)


@router.get(
    "/teachers/{teacher_id}/state",
    response_model=TeacherFile,
    responses=problem_responses(401, 403, 404, 422),
)
def teacher_state(
    teacher_id: str,
    _: Reviewer,
    register: RegisterDep,
    response: Response,
    version: Annotated[int | None, Query(ge=1)] = None,
    at: Annotated[datetime | None, Query(description="ISO 8601 time with offset")] = None,
) -> TeacherFile:
    """The file as it stood at a version, or at a moment in recorded time."""
    found = answer_teacher_state(teacher_id, register, version, at)
    response.headers["ETag"] = f'"{found.version}"'
    return found


def answer_teacher_state(
    teacher_id: str, register: Register, version: int | None, at: datetime | None
) -> TeacherFile:
    """The file at a version or moment (the auditor's role is the caller's to check)."""
    tid = teacher_id_of(teacher_id)
    current = register.get_teacher(tid)
    if version is not None and at is not None:
        raise ApiProblem(422, "Invalid input", "give either version or at, not both")
    if version is not None and version > current.version:
        raise ApiProblem(404, "Not found", f"the file has {current.version} versions")
    if at is not None:
        if at.tzinfo is None:
            raise ApiProblem(422, "Invalid input", "at must carry a time zone offset")
        version = register.version_at(tid, at)
        if version == 0:
            raise ApiProblem(404, "Not found", "the file did not exist at that time")
    note_file_read(tid)
    then = register.get_teacher(tid, version=version)
    return teacher_file(then, show_bsn=False)
