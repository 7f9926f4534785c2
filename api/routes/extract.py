"""The register extract (docs/ledger.md, "Register extracts"): the teacher's public entry, signed
by the register, with the inclusion proofs of the events it rests on and the checkpoint they
are proven against, so that whoever receives it checks it offline with the register's key.

The teacher downloads their own; the registrar may make one for them (on a request by letter).
Nobody else: an extract is the teacher's to hand over. Its content is public (what
`GET /api/public/register/{register_number}` shows), so no access-log line is written.
"""

from __future__ import annotations

import math
from typing import Any, Final, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, ConfigDict, Field

from api.access import TeacherOrRegistrar
from api.auth import Principal, forbid
from api.bootstrap import Services
from api.deps import ServicesDep, teacher_id_of
from api.ledger_setup import ledger_key, log_verifier, note_signer
from api.problems import ApiProblem, problem_responses
from api.readmodels import ReadDbDep, min_position
from api.routes.public_register import find_entry
from domain.errors import NotFoundError
from domain.register import Register
from domain.values import Role
from projections import public_register, public_register_queries
from projections.db import Db
from projections.ledger import queries as ledger_queries
from projections.ledger.projection import Ledger
from projections.ledger.proof.extract import sign_extract

router = APIRouter(prefix="/api/teachers", tags=["register extract"])
CONSISTENT = [Depends(min_position(public_register.PublicRegister.name, Ledger.name))]
#: Reads of the entry tried when the read model moves on between them.
_ATTEMPTS: Final = 3


class ExtractProof(BaseModel):
    position: int = Field(description="the event's log position")
    leaf_index: int
    hashes: list[str] = Field(description="the RFC 9162 inclusion proof, base64, leaf side first")


class RegisterExtract(BaseModel):
    """The extract file: a JWS of the entry, the checkpoint note, the inclusion proofs."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["lerarenregister-extract/1"]
    extract: str = Field(
        description="JWS compact serialization, alg Ed25519, signed with the ledger's key: "
        "the public entry, the checkpoint it is proven against and the events it rests on"
    )
    checkpoint: str = Field(description="the C2SP checkpoint note (tlog-checkpoint), verbatim")
    proofs: list[ExtractProof]


def may_have_extract(principal: Principal, teacher_id: UUID) -> None:
    """The teacher their own; the registrar anyone's (the role check let only these through)."""
    if principal.role == Role.TEACHER and principal.subject != str(teacher_id):
        raise forbid("a teacher may only download their own extract")


def _positions(register: Register, teacher_id: UUID, upto: int) -> list[int]:
    """The log positions of the teacher's public-register events up to ``upto``."""
    topics = set(public_register.PublicRegister.topics)
    return [
        position
        for position, _, topic, _ in register.events_with_positions(teacher_id)
        if topic in topics and position <= upto
    ]


def build_extract(services: Services, db: Db, teacher_id: UUID) -> tuple[str, dict[str, Any]]:
    """The register number and the extract file of a teacher's public entry as it stands.

    404 when the register shows no entry of theirs (never admitted, or their data were
    erased); 503 while the entry's newest event awaits its signed checkpoint.
    """
    settings = services.settings
    for _ in range(_ATTEMPTS):
        found = public_register_queries.entry_of(db, str(teacher_id))
        if found is None:
            raise NotFoundError("the public register shows no entry of this teacher to extract")
        number, upto = found
        entry = find_entry(number, db).model_dump(mode="json", by_alias=True)
        if public_register_queries.entry_of(db, str(teacher_id)) == found:
            break
    else:  # pragma: no cover - the entry changed three times while being read
        raise ApiProblem(
            503,
            "Not yet consistent",
            "the entry is changing; try again shortly",
            kind="not-consistent",
            headers={"Retry-After": "1"},
        )
    positions = _positions(services.register, teacher_id, upto)
    if not positions:
        raise NotFoundError("the public register shows no entry of this teacher to extract")
    try:
        signed, events = ledger_queries.extract_events(
            db, positions, prefer_cosigned=bool(settings.witnesses)
        )
    except ledger_queries.NotCheckpointedYetError as error:
        wait = max(1, math.ceil(settings.ledger_checkpoint_seconds))
        raise ApiProblem(
            503,
            "Not yet signed",
            str(error),
            kind="not-checkpointed",
            headers={"Retry-After": str(wait)},
        ) from None
    key = ledger_key(settings)
    note = ledger_queries.checkpoint_note(db, note_signer(settings), key.public_key(), signed)
    document = sign_extract(
        key,
        log_verifier(settings),
        entry=entry,
        checkpoint_note=note.render(),
        checkpoint_signed_at=signed.timestamp,
        events=events,
        issued_on=services.register.clock().isoformat(),
    )
    return number, document


def download_name(register_number: str) -> str:
    return f'attachment; filename="uittreksel-{register_number}.json"'


@router.get(
    "/{teacher_id}/extract",
    response_model=RegisterExtract,
    dependencies=CONSISTENT,
    responses=problem_responses(400, 401, 403, 404, 422, 503),
)
def extract(
    teacher_id: str,
    principal: TeacherOrRegistrar,
    db: ReadDbDep,
    services: ServicesDep,
) -> Response:
    """The teacher's register extract as a download: their public entry signed by the register
    (JWS, Ed25519), with the inclusion proofs of the events it rests on against a signed
    checkpoint. Verify it offline (`lerarenregister verify-extract FILE --key VKEY`) or on
    the page `/extract`."""
    tid = teacher_id_of(teacher_id)
    may_have_extract(principal, tid)
    number, document = build_extract(services, db, tid)
    body = RegisterExtract.model_validate(document).model_dump_json(indent=2)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": download_name(number), "Cache-Control": "no-store"},
    )
