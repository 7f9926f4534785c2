"""Request-scoped dependencies as `Annotated` aliases; routes stay one call long."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request

from api import context
from api.auth import Principal, PrincipalDep, forbid
from api.bootstrap import Services
from api.problems import ApiProblem
from domain.access import board_sees_file
from domain.register import Context, Register
from domain.teacher import Teacher
from domain.values import Role
from policies.messages import M

# Dependencies that do no I/O are `async def`: FastAPI runs a plain `def` dependency in the
# thread pool, one hop per dependency per request, which costs more than they do.


async def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


async def get_register(request: Request) -> Register:
    services: Services = request.app.state.services
    return services.register


ServicesDep = Annotated[Services, Depends(get_services)]
RegisterDep = Annotated[Register, Depends(get_register)]


#: What `If-Match` looks like (documented; anything else is answered 400).
IF_MATCH_PATTERN = r'^(W/)?"?[0-9]{1,18}"?$'


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: "7"` (or W/"7", or 7) names the version a write expects."""
    if value is None:
        return None
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise ApiProblem(400, "Malformed request", 'If-Match must be a version such as "3"')
    return int(text)


async def command_context(
    request: Request,
    principal: PrincipalDep,
    idempotency_key: Annotated[
        str | None,
        Header(
            max_length=200,
            description="Makes the POST safe to retry: the same key (per caller) returns the "
            "first answer and writes nothing new. Use a fresh UUID per intended change.",
        ),
    ] = None,
    if_match: Annotated[
        str | None,
        Header(
            description='Makes the write conditional: `"<version>"` as the `ETag` of the last '
            "read or write; 412 when the aggregate has moved on.",
            json_schema_extra={"pattern": IF_MATCH_PATTERN},
        ),
    ] = None,
) -> Context:
    """Actor, correlation id, idempotency key and expected version of this request."""
    return Context(
        actor=principal.actor,
        correlation_id=request.state.request_id,
        idempotency_key=idempotency_key,
        expected_version=parse_if_match(if_match),
    )


ContextDep = Annotated[Context, Depends(command_context)]


def employs(teacher: Teacher, board_number: str, on: date | None = None) -> bool:
    """Whether a board may see this file through an employment relationship on that day: an
    appointment that has not ended and that the teacher confirmed or left undisputed for the
    set term (:mod:`domain.access`, docs/access.md). A delivery alone opens nothing."""
    return board_sees_file(teacher.appointments.values(), board_number, on or context.today())


def check_file_access(principal: Principal, teacher: Teacher, *, write: bool = False) -> None:
    """Resource rule: a teacher only their own file; an employer only people it employs.

    A read that passes is noted for the access log ("who looked at my file"): call this in
    every route that answers with a teacher's non-public data.
    """
    role = principal.role
    if role == Role.TEACHER:
        if principal.subject != str(teacher.id):
            raise forbid("a teacher may only see and change their own file")
    elif role == Role.EMPLOYER:
        if write or principal.subject is None or not employs(teacher, principal.subject):
            raise forbid(
                "an employer sees only the files of people it employs, once the teacher has"
                " confirmed the appointment (or left it undisputed for four weeks)"
            )
    elif role == Role.REGISTRAR or (role in (Role.APPEALS, Role.AUDITOR) and not write):
        pass
    else:
        raise forbid(f"the role {role} has no access to teacher files")
    if not write:
        context.note_file_read(teacher.id)


def check_write_access(principal: Principal, teacher_id: UUID) -> None:
    """The write rule of `check_file_access`, without loading the file: a teacher changes
    only their own, the registrar any; no other role changes a file through these routes."""
    role = principal.role
    if role == Role.TEACHER:
        if principal.subject != str(teacher_id):
            raise forbid("a teacher may only see and change their own file")
    elif role != Role.REGISTRAR:
        raise forbid(f"the role {role} may not change teacher files")


def check_own_subject(principal: Principal, subject: str, what: str) -> None:
    """Resource rule for subject-bound roles: an employer its own board, a provider its own
    offerings (`what` names the thing, for the message)."""
    if principal.subject != subject:
        raise forbid(f"a {principal.role} may only act on its own {what}")


def teacher_id_of(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ApiProblem(404, "Not found", M.NO_TEACHER_FILE_ID(teacher_id=value)) from None
