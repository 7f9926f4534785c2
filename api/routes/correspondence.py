"""The teacher's correspondence: the address the register writes to, and whether reminders
are wanted (decisions and hearings are sent to a set address regardless).

The teacher sets both; the registrar may read them (a read of personal data, in the access
log). The messages themselves are sent by the outbox (docs/operations.md).
"""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from api.access import TeacherOnly
from api.auth import Principal, PrincipalDep, forbid
from api.context import note_file_read
from api.deps import ContextDep, RegisterDep, teacher_id_of
from api.problems import problem_responses
from api.schemas.common import WriteAnswer
from domain.commands.correspondence import SetCorrespondence
from domain.register import Context, Register
from domain.values import Role

router = APIRouter(prefix="/api/teachers", tags=["correspondence"])


class CorrespondenceUpdate(BaseModel):
    """The address (null or empty removes it) and whether reminders are wanted."""

    model_config = ConfigDict(extra="forbid")

    address: str | None = Field(
        max_length=254, description="e-mail address; null or empty: the register writes nothing"
    )
    reminders: bool = Field(
        description="six and three months before a period ends; decisions and hearings are"
        " sent to the address whatever this says"
    )


class CorrespondencePublic(BaseModel):
    """Where and whether the register writes to the teacher."""

    address: str | None
    reminders: bool


class CorrespondenceAnswer(WriteAnswer, CorrespondencePublic):
    """The correspondence as it now stands, with the write's version and position."""


@router.get(
    "/{teacher_id}/correspondence",
    response_model=CorrespondencePublic,
    responses=problem_responses(401, 403, 404),
)
def read_correspondence(
    teacher_id: str, principal: PrincipalDep, register: RegisterDep
) -> CorrespondencePublic:
    """The address and the choice of reminders: the teacher's own, and the registrar's."""
    return answer_read_correspondence(teacher_id, principal, register)


def answer_read_correspondence(
    teacher_id: str, principal: Principal, register: Register
) -> CorrespondencePublic:
    """The correspondence of a file, if this caller may read it, noted in the access log."""
    tid = teacher_id_of(teacher_id)
    if principal.role == Role.TEACHER:
        if principal.subject != str(tid):
            raise forbid("a teacher reads only their own correspondence")
    elif principal.role != Role.REGISTRAR:
        raise forbid(f"the role {principal.role} may not read a teacher's correspondence")
    register.get_teacher(tid)  # 404 for an unknown file
    found = register.correspondence_of(tid)
    note_file_read(tid)
    return CorrespondencePublic(
        address=found.address if found else None,
        reminders=found.reminders if found else True,
    )


@router.put(
    "/{teacher_id}/correspondence",
    response_model=CorrespondenceAnswer,
    responses=problem_responses(400, 401, 403, 404, 409, 422),
)
def set_correspondence(
    teacher_id: str,
    body: CorrespondenceUpdate,
    principal: TeacherOnly,
    ctx: ContextDep,
    register: RegisterDep,
    response: Response,
) -> CorrespondenceAnswer:
    """The teacher sets the address and opts out of (or into) reminders; both are events."""
    answer = answer_set_correspondence(teacher_id, body, principal, ctx, register)
    response.headers["ETag"] = f'"{answer.version}"'
    return answer


def answer_set_correspondence(
    teacher_id: str,
    body: CorrespondenceUpdate,
    principal: Principal,
    ctx: Context,
    register: Register,
) -> CorrespondenceAnswer:
    """Set the correspondence of the caller's own file."""
    tid = teacher_id_of(teacher_id)
    if principal.subject != str(tid):
        raise forbid("a teacher sets only their own correspondence")
    result = register.set_correspondence(tid, SetCorrespondence.build(body.model_dump()), ctx=ctx)
    return CorrespondenceAnswer(
        address=result.data["address"],
        reminders=result.data["reminders"],
        version=result.version,
        position=result.position,
    )
