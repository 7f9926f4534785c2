"""The ledger in the standard transparency-log formats (C2SP): checkpoint, vkey, tiles, proofs.

Public: the checkpoint as a signed note (``tlog-checkpoint``), the log's verifier key, and the
Merkle tree as tiles (``tlog-tiles``): nothing but hashes. Auditors and the appeals committee:
the entry bundles (the stored events themselves) and ``tlog-proof`` files of single events,
since those carry the events' stored state; reading them is written to the access log.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response

from api.access import Reviewer
from api.context import note_file_read
from api.deps import RegisterDep, ServicesDep
from api.ledger_setup import ledger_key, log_verifier, note_signer
from api.problems import problem_responses
from api.readmodels import ReadDbDep
from domain.errors import InvalidInputError, NotFoundError
from projections.db import Db
from projections.ledger import queries as ledger_queries
from projections.ledger.proof.encoding import encode_leaf
from projections.ledger.proof.proof_file import TlogProof
from projections.ledger.proof.tiles import Tile, TilePathError, pack_entries, parse_tile_path

router = APIRouter()
TEXT = "text/plain; charset=utf-8"
BINARY = "application/octet-stream"
IMMUTABLE = "public, max-age=31536000, immutable"
_TEXT_OK: dict[int | str, dict[str, Any]] = {200: {"content": {"text/plain": {}}}}
_BINARY_OK: dict[int | str, dict[str, Any]] = {200: {"content": {BINARY: {}}}}
TilePath = Annotated[
    str,
    Path(
        max_length=120,
        description="<L>/<N>[.p/<W>] with N in 3-digit groups, e.g. 0/x001/234 (tlog-tiles)",
    ),
]


def _note_text(db: Db, services: ServicesDep, *, tree_size: int | None = None) -> str:
    settings = services.settings
    if tree_size is None:
        signed = ledger_queries.published_checkpoint(db, prefer_cosigned=bool(settings.witnesses))
    else:
        signed = ledger_queries.checkpoint(db, tree_size)
    key = ledger_key(settings)
    note = ledger_queries.checkpoint_note(db, note_signer(settings), key.public_key(), signed)
    return note.render()


@router.get(
    "/ledger/checkpoint",
    include_in_schema=False,
    response_class=Response,
    responses={**_TEXT_OK, **problem_responses(404)},
    tags=["ledger"],
)
def checkpoint_note(db: ReadDbDep, services: ServicesDep) -> Response:
    """The newest checkpoint as a C2SP signed note (tlog-checkpoint), with the witnesses'
    cosignatures when witnesses are configured (then the newest checkpoint they cosigned)."""
    return Response(
        _note_text(db, services), media_type=TEXT, headers={"Cache-Control": "no-cache"}
    )


@router.get(
    "/api/ledger/key",
    response_class=Response,
    responses=_TEXT_OK,
    tags=["ledger"],
)
def verifier_key(services: ServicesDep) -> Response:
    """The log's verifier key in signed-note format: ``origin+keyid+base64(0x01 || key)``."""
    return Response(log_verifier(services.settings).vkey() + "\n", media_type=TEXT)


def _tile(path: str) -> Tile:
    try:
        return parse_tile_path(path)
    except TilePathError as error:
        raise NotFoundError(f"no such tile: {error}") from None


@router.get(
    "/ledger/tile/entries/{path:path}",
    include_in_schema=False,
    response_class=Response,
    responses={**_BINARY_OK, **problem_responses(401, 403, 404)},
    tags=["audit"],
)
def entry_bundle(path: TilePath, _: Reviewer, db: ReadDbDep, register: RegisterDep) -> Response:
    """An entry bundle (tlog-tiles): the stored events of 256 leaves (or a partial bundle), each
    as its canonical leaf bytes with a 2-byte length. Auditors only: events hold personal data."""
    wanted = _tile("entries/" + path)
    positions = ledger_queries.entry_positions(db, wanted)
    found = {
        n.id: n
        for n in register.recorder.select_notifications(
            positions[0], positions[-1] - positions[0] + 1, stop=positions[-1]
        )
        if n.id in set(positions)
    }
    missing = [p for p in positions if p not in found]
    if missing:
        raise NotFoundError(f"the event at position {missing[0]} is no longer stored")
    entries = []
    for position in positions:
        event = found[position]
        note_file_read(event.originator_id)
        entries.append(
            encode_leaf(
                position, event.originator_id, event.originator_version, event.topic, event.state
            )
        )
    try:
        body = pack_entries(entries)
    except ValueError as error:
        raise InvalidInputError.of("path", str(error)) from None
    headers = {"Cache-Control": "private, max-age=31536000, immutable"}
    return Response(body, media_type=BINARY, headers=headers)


@router.get(
    "/ledger/tile/{path:path}",
    include_in_schema=False,
    response_class=Response,
    responses={**_BINARY_OK, **problem_responses(404)},
    tags=["ledger"],
)
def tile(path: TilePath, db: ReadDbDep) -> Response:
    """A Merkle tree tile (tlog-tiles): 256 hashes (8,192 bytes) of one tree level, or a
    partial tile of W hashes; served once the newest checkpoint's tree holds all of it."""
    body = ledger_queries.tile(db, _tile(path))
    return Response(body, media_type=BINARY, headers={"Cache-Control": IMMUTABLE})


@router.get(
    "/api/audit/ledger/proof",
    response_class=Response,
    responses={**_TEXT_OK, **problem_responses(401, 403, 404, 422)},
    tags=["audit"],
)
def tlog_proof(
    _: Reviewer,
    db: ReadDbDep,
    register: RegisterDep,
    services: ServicesDep,
    position: Annotated[int, Query(ge=1, le=2**62, description="the event's log position")],
    tree_size: Annotated[
        int | None, Query(ge=1, le=2**62, description="a checkpoint's size (default: newest)")
    ] = None,
) -> Response:
    """One stored event as a c2sp.org/tlog-proof@v1 file: the event's canonical bytes as the
    extra data, its inclusion proof and the checkpoint note (with cosignatures)."""
    text = proof_text(db, register, services, position, tree_size)
    return Response(text, media_type=TEXT)


def proof_text(
    db: Db, register: RegisterDep, services: ServicesDep, position: int, tree_size: int | None
) -> str:
    """The tlog-proof of the event at ``position`` (also used by the command line)."""
    proof = ledger_queries.inclusion(db, position, tree_size)
    if proof.checkpoint is None:
        raise NotFoundError(f"no checkpoint of tree size {proof.tree_size}")
    events = register.recorder.select_notifications(position, 1, stop=position)
    if not events or events[0].id != position:
        raise NotFoundError(f"the event at position {position} is no longer stored")
    event = events[0]
    note_file_read(event.originator_id)
    entry = encode_leaf(
        position, event.originator_id, event.originator_version, event.topic, event.state
    )
    checkpoint = _note_text(db, services, tree_size=proof.tree_size)
    return TlogProof(proof.leaf_index, tuple(proof.proof), checkpoint, entry).render()
