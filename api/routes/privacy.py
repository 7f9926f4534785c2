"""Privacy: erasure of a person's personal data, and the teacher's own copy of their file.

Erasure (AVG art. 17) is the registrar's, and is refused while the law requires the data to be
kept; the export (AVG art. 15 and 20) is the teacher's own, and the registrar's on request.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Final, Literal

from eventsourcing.persistence import StoredEvent
from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from api.access import Registrar
from api.access_log import AccessLog
from api.auth import Principal, PrincipalDep, forbid
from api.context import note_file_read
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.presenters import audit_event, jsonable, teacher_file
from api.problems import problem_responses
from api.routes.access_log import AccessPublic
from api.routes.access_log import _public as access_public
from api.schemas.audit import AuditEvent
from api.schemas.common import WriteAnswer
from api.schemas.teachers import TeacherFile
from domain.commands.erasure import ErasePersonalData
from domain.errors import NotFoundError
from domain.register import Context, Register
from domain.values import Role

router = APIRouter(prefix="/api/teachers", tags=["privacy"])

#: The export's schema identifier; documented in docs/privacy.md.
EXPORT_SCHEMA: Final = "lerarenregister-export/1"
#: Accesses included in an export (newest first).
EXPORT_ACCESSES = 10_000


class ErasureRequest(BaseModel):
    """Why the personal data are erased (on record, without personal data itself)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(min_length=1, max_length=500)


class ErasureAnswer(WriteAnswer):
    erased_on: str = Field(description="the register's date of the erasure")
    register_number: str


@router.post(
    "/{teacher_id}/erasure",
    response_model=ErasureAnswer,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def erase(
    teacher_id: str, body: ErasureRequest, _: Registrar, ctx: ContextDep, register: RegisterDep
) -> ErasureAnswer:
    """Erase the person's personal data by destroying their key (AVG art. 17); 409 with every
    reason while the law requires keeping them (registration not ended, retention period not
    passed, an objection or intended strike-off open)."""
    result = register.erase_personal_data(
        teacher_id_of(teacher_id),
        ErasePersonalData(),
        ctx=Context(
            actor=ctx.actor,
            correlation_id=ctx.correlation_id,
            reason=body.reason,
            idempotency_key=ctx.idempotency_key,
        ),
    )
    return ErasureAnswer(
        version=result.version,
        position=result.position,
        erased_on=str(result.data["erased_on"]),
        register_number=str(result.data["register_number"]),
    )


class Recipient(BaseModel):
    """Someone the register shares (part of) the person's data with."""

    recipient: Literal["employer", "public"]
    board_number: str | None = Field(description="the employer's board number")
    what: str = Field(description="which data they see")
    since: str | None = Field(description="from when (an appointment's start)")
    until: str | None = Field(description="until when (an appointment's end), if ended")


class TeacherExport(BaseModel):
    """Everything the register holds about the person, machine-readable (AVG art. 15, 20)."""

    schema_id: Literal["lerarenregister-export/1"] = Field(alias="schema")
    exported_at: datetime
    teacher_id: str
    legal_basis: list[str]
    file: TeacherFile
    history: list[AuditEvent] = Field(description="every event of the file, in order")
    decisions: list[dict[str, Any]] = Field(description="every decision with its receipt")
    access_log: list[AccessPublic] = Field(description="who read the file, newest first")
    shared_with: list[Recipient]

    model_config = ConfigDict(populate_by_name=True)


def _access_log(request: Request) -> AccessLog:
    log: AccessLog = request.app.state.access_log
    return log


@router.get(
    "/{teacher_id}/export",
    response_model=TeacherExport,
    response_model_by_alias=True,
    responses=problem_responses(401, 403, 404),
)
def export(
    teacher_id: str,
    principal: PrincipalDep,
    register: RegisterDep,
    request: Request,
    response: Response,
) -> TeacherExport:
    """The teacher's own copy of everything held about them (JSON, schema
    `lerarenregister-export/1`): the file, its history, decisions with receipts, the access
    log, and with whom the data are shared. The teacher's own; the registrar's on request
    (only the registrar's copy shows the BSN)."""
    found = answer_export(teacher_id, principal, register, _access_log(request))
    response.headers["Content-Disposition"] = export_disposition(found.file.register_number)
    return found


def export_disposition(register_number: str) -> str:
    """The `Content-Disposition` of an export: a download named after the register number."""
    return f'attachment; filename="lerarenregister-{register_number}.json"'


def answer_export(
    teacher_id: str, principal: Principal, register: Register, log: AccessLog
) -> TeacherExport:
    """Everything held about a person, if this caller may export it, noted in the access log."""
    tid = teacher_id_of(teacher_id)
    if principal.role == Role.TEACHER:
        if principal.subject != str(tid):
            raise forbid("a teacher may only export their own file")
    elif principal.role != Role.REGISTRAR:
        raise forbid(f"the role {principal.role} may not export a file")
    teacher = register.get_teacher(tid)
    note_file_read(tid)
    show_bsn = principal.role == Role.REGISTRAR
    history = []
    for pos, ver, topic, state in register.events_with_positions(tid):
        event = register.mapper.to_domain_event(
            StoredEvent(originator_id=tid, originator_version=ver, topic=topic, state=state)
        )
        history.append(audit_event(pos, event, show_bsn=show_bsn))
    decisions = []
    for d in teacher.decisions:
        try:
            decisions.append(jsonable(register.get_decision(str(d["decision_id"]))))
        except NotFoundError:
            decisions.append(jsonable(d))
    accesses = log.read(teacher_id=str(tid), before=None, limit=EXPORT_ACCESSES)
    shared = [
        Recipient(
            recipient="employer",
            board_number=a.board_number,
            what="name, register number, qualifications and whether they may teach",
            since=a.start.isoformat(),
            until=a.end.isoformat() if a.end else None,
        )
        for a in teacher.appointments.values()
    ]
    shared += [
        Recipient(
            recipient="employer",
            board_number=s.board_number,
            what=f"a development overview the teacher shared: progress of "
            f"{len(s.qualification_ids)} qualification(s), {len(s.activity_ids)} "
            f"activity(ies){', a note' if s.note else ''}",
            since=s.shared_on.isoformat(),
            until=(s.revoked_on or s.until).isoformat(),
        )
        for s in teacher.shares.values()
    ]
    if teacher.erased_on is None:
        shared.append(
            Recipient(
                recipient="public",
                board_number=None,
                what="name (initials, prefix, family name), register number, qualifications "
                "with status and date, annotations and strike-offs (public register)",
                since=teacher.registered_on.isoformat(),
                until=None,
            )
        )
    return TeacherExport(
        schema=EXPORT_SCHEMA,
        exported_at=datetime.now(UTC),
        teacher_id=str(tid),
        legal_basis=["AVG art. 15 (right of access)", "AVG art. 20 (data portability)"],
        file=teacher_file(teacher, show_bsn=show_bsn, today=register.clock()),
        history=history,
        decisions=decisions,
        access_log=[access_public(a) for a in accesses],
        shared_with=shared,
    )
