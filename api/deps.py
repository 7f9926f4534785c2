"""Request-scoped dependencies as `Annotated` aliases; routes stay one call long."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Request

from api.auth import Principal, PrincipalDep, forbid
from api.bootstrap import Services
from api.problems import ApiProblem
from domain.register import Context, Register
from domain.teacher import Teacher
from domain.values import Role


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def get_register(request: Request) -> Register:
    return get_services(request).register


ServicesDep = Annotated[Services, Depends(get_services)]
RegisterDep = Annotated[Register, Depends(get_register)]


def parse_if_match(value: str | None) -> int | None:
    """`If-Match: "7"` (or W/"7", or 7) names the version a write expects."""
    if value is None:
        return None
    text = value.strip()
    if text.startswith("W/"):
        text = text[2:]
    text = text.strip('"')
    if not text.isdigit():
        raise ApiProblem(400, "Malformed request", 'If-Match must be a version such as "3"')
    return int(text)


def command_context(request: Request, principal: PrincipalDep) -> Context:
    """Actor, correlation id, idempotency key and expected version of this request."""
    key = request.headers.get("idempotency-key")
    return Context(
        actor=principal.actor,
        correlation_id=request.state.request_id,
        idempotency_key=key if key is not None else None,
        expected_version=parse_if_match(request.headers.get("if-match")),
    )


ContextDep = Annotated[Context, Depends(command_context)]


def employs(teacher: Teacher, board_number: str) -> bool:
    """Whether a board has (had) an appointment with this teacher that has not ended."""
    return any(a.board_number == board_number for a in teacher.appointments.values())


def check_file_access(principal: Principal, teacher: Teacher, *, write: bool = False) -> None:
    """Resource rule: a teacher only their own file; an employer only people it employs."""
    role = principal.role
    if role == Role.TEACHER:
        if principal.subject != str(teacher.id):
            raise forbid("a teacher may only see and change their own file")
        return
    if role == Role.EMPLOYER:
        if write or principal.subject is None or not employs(teacher, principal.subject):
            raise forbid("an employer sees only the files of people it employs")
        return
    if role in (Role.REGISTRAR,):
        return
    if role in (Role.APPEALS, Role.AUDITOR) and not write:
        return
    raise forbid(f"the role {role} has no access to teacher files")


def teacher_id_of(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ApiProblem(404, "Not found", f"no teacher file with id {value}") from None
