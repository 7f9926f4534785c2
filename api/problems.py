"""Every answer that is not a success is `application/problem+json` (RFC 9457).

Domain errors are translated here, in one place; routes never catch them.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import psycopg
import structlog
from eventsourcing.persistence import PersistenceError
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.context import note_unavailable
from api.faults import (
    BUSY,
    FULL,
    RETRY_AFTER,
    UNAVAILABLE,
    FaultLog,
    metric_cause,
    outside_fault,
)
from domain.errors import (
    BusyError,
    ConflictError,
    DuplicatePersonError,
    InvalidInputError,
    NotFoundError,
    RegisterError,
    VersionMismatchError,
)
from policies.messages import Text

log = structlog.get_logger("lerarenregister.api")

PROBLEM = "application/problem+json"
TYPE_BASE = "https://lerarenregister.nl/problems/"


#: The `code` member: the stable code of the register's message (policies/messages.py), for
#: a client that acts on the kind of refusal rather than on its English words.
CODE_DESCRIPTION = "the stable code of the register's message, when it has one (docs/api.md)"


class FieldProblem(BaseModel):
    field: str
    message: str
    code: str | None = Field(default=None, description=CODE_DESCRIPTION)


class Problem(BaseModel):
    """The shape of every error answer."""

    type: str
    title: str
    status: int
    detail: str
    code: str | None = Field(default=None, description=CODE_DESCRIPTION)
    errors: list[FieldProblem] | None = None


def problem(
    status: int,
    title: str,
    detail: str,
    *,
    kind: str | None = None,
    errors: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + (kind or str(status)),
        "title": title,
        "status": status,
        "detail": detail,
        **({"code": detail.code} if isinstance(detail, Text) else {}),
        **(extra or {}),
    }
    if errors is not None:
        body["errors"] = [_with_code(e) for e in errors]
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def _with_code(error: dict[str, str]) -> dict[str, str]:
    message = error.get("message")
    return {**error, "code": message.code} if isinstance(message, Text) else error


class ApiProblem(Exception):  # noqa: N818 (a problem document, not an error of ours)
    """An HTTP-level refusal raised by the edge itself (auth, headers, consistency)."""

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        kind: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.title = title
        self.detail = detail
        self.kind = kind
        self.headers = headers


def _status_of(exc: RegisterError) -> tuple[int, str]:
    if isinstance(exc, InvalidInputError):
        return 422, "invalid-input"
    if isinstance(exc, NotFoundError):
        return 404, "not-found"
    if isinstance(exc, VersionMismatchError):
        return 412, "version-mismatch"
    if isinstance(exc, BusyError):
        return 409, "busy"
    if isinstance(exc, ConflictError):
        return 409, "conflict"
    return 422, "refused"


def _loc_to_field(loc: tuple[Any, ...]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header")]
    out = ""
    for part in parts:
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "body"


def install_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into problem+json."""

    @app.exception_handler(RegisterError)
    async def domain_error(_: Request, exc: RegisterError) -> JSONResponse:
        status, kind = _status_of(exc)
        errors = [e.to_dict() for e in exc.errors] if isinstance(exc, InvalidInputError) else None
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, BusyError) else None
        # Only the registrar admits: the 409 names the file the person already has.
        extra = (
            {"teacher_id": str(exc.teacher_id)}
            if isinstance(exc, DuplicatePersonError) and exc.teacher_id is not None
            else None
        )
        return problem(
            status, exc.title, exc.message, kind=kind, errors=errors, headers=headers, extra=extra
        )

    @app.exception_handler(ApiProblem)
    async def api_problem(_: Request, exc: ApiProblem) -> JSONResponse:
        if exc.status == 503:
            note_unavailable(exc.kind)
        return problem(exc.status, exc.title, exc.detail, kind=exc.kind, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        raw = exc.errors()
        if any(e.get("type") == "json_invalid" for e in raw):
            return problem(400, "Malformed request", "the body is not valid JSON", kind="malformed")
        errors = [
            {"field": _loc_to_field(tuple(e.get("loc", ()))), "message": str(e.get("msg"))}
            for e in raw
        ]
        return problem(
            422,
            "Invalid input",
            "the request does not match the expected shape",
            kind="invalid-input",
            errors=errors,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        titles = {
            404: "Not found",
            405: "Method not allowed",
            401: "Unauthorized",
            403: "Forbidden",
            400: "Malformed request",
            413: "Request too large",
            415: "Unsupported media type",
            429: "Too many requests",
        }
        return problem(
            exc.status_code,
            titles.get(exc.status_code, "Request refused"),
            str(exc.detail),
            headers=getattr(exc, "headers", None),
        )

    async def store_error(request: Request, exc: Exception) -> JSONResponse:
        cause = outside_fault(exc)
        if cause is None:
            return await unexpected(request, exc)
        return outside(request, cause, exc)

    for kind in (PersistenceError, psycopg.Error, sqlite3.Error):
        app.add_exception_handler(kind, store_error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        cause = outside_fault(exc)
        if cause is not None:
            return outside(request, cause, exc)
        log.exception("unhandled_error", path=request.url.path)
        return problem(500, "Internal error", "the register could not answer; the error was logged")


def outside(request: Request, cause: str, exc: BaseException) -> JSONResponse:
    """503 with `Retry-After` for a fault outside the process; remembered for `/readyz`."""
    faults: FaultLog | None = getattr(request.app.state, "faults", None)
    if faults is not None:
        faults.saw(cause)
    note_unavailable(metric_cause(exc, cause))
    log.warning("outside_fault", cause=cause, error=type(exc).__name__, path=request.url.path)
    return problem(
        503,
        "Service unavailable",
        OUTSIDE_DETAIL[cause],
        kind=cause,
        headers={"Retry-After": str(RETRY_AFTER[cause])},
    )


OUTSIDE_DETAIL = {
    UNAVAILABLE: "the database does not answer now; try again shortly",
    BUSY: "the database is busy; try again shortly",
    FULL: "the store cannot take writes now (its disk is full); try again later",
}


#: OpenAPI description of the error answers, for every route's `responses=`.
def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    descriptions = {
        400: "Malformed request",
        401: "No or invalid token",
        403: "Not allowed for this role",
        404: "Not found",
        409: "Conflict with the current state",
        412: "If-Match mismatch",
        422: "Input breaks a rule",
        429: "Too many requests",
        503: "Not yet consistent",
    }
    return {
        s: {
            "model": Problem,
            "description": descriptions.get(s, "Problem"),
            "content": {PROBLEM: {}},
        }
        for s in statuses
    }
