"""Request-scoped dependencies as `Annotated` aliases; routes stay one call long."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import Depends, Header, Request

from api.auth import PrincipalDep
from api.bootstrap import Services
from api.problems import ApiProblem
from domain.register import Context, Register
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


def teacher_id_of(value: str) -> UUID:
    try:
        return UUID(value)
    except ValueError:
        raise ApiProblem(404, "Not found", M.TEACHER_NOT_FOUND(teacher_id=value)) from None
