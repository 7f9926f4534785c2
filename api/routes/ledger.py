"""The verifiable audit ledger over HTTP: signed checkpoints, the public key, and proofs.

Public: checkpoints, the key and consistency proofs (they disclose nothing but hashes).
Auditors and the appeals committee: inclusion proofs and a teacher's audit bundle (the bundle
holds the file's stored events, so reading it is written to the access log).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.access import Reviewer
from api.context import note_file_read
from api.deps import RegisterDep, ServicesDep, teacher_id_of
from api.ledger_setup import ledger_signer, log_verifier
from api.problems import problem_responses
from api.readmodels import ReadDbDep
from api.schemas.ledger import (
    CheckpointPublic,
    ConsistencyProofPublic,
    InclusionProofPublic,
    LedgerBundle,
    LedgerKeyPublic,
)
from domain.register import Register
from projections.db import Db
from projections.ledger import queries as ledger_queries
from projections.ledger.proof.checkpoint import (
    CHECKPOINT_ORIGIN,
    Checkpoint,
    key_id,
    public_key_pem,
)

router = APIRouter()
PUBLIC = "/api/public/ledger"
Size = Annotated[int, Query(ge=0, le=2**62, description="a tree size (number of leaves)")]


@router.get(
    f"{PUBLIC}/checkpoints/latest",
    response_model=CheckpointPublic,
    responses=problem_responses(404),
    tags=["ledger"],
)
def latest_checkpoint(db: ReadDbDep) -> CheckpointPublic:
    """The newest signed checkpoint: tree size, root hash, time and signature."""
    return answer_latest_checkpoint(db)


def answer_latest_checkpoint(db: Db) -> CheckpointPublic:
    """The newest signed checkpoint (404 before the first)."""
    return CheckpointPublic.of(ledger_queries.latest_checkpoint(db))


@router.get(
    f"{PUBLIC}/checkpoints/{{tree_size}}",
    response_model=CheckpointPublic,
    responses=problem_responses(404, 422),
    tags=["ledger"],
)
def checkpoint(tree_size: Annotated[int, Path(ge=0, le=2**62)], db: ReadDbDep) -> CheckpointPublic:
    """The checkpoint signed at this tree size; checkpoints are kept forever."""
    return CheckpointPublic.of(ledger_queries.checkpoint(db, tree_size))


@router.get(f"{PUBLIC}/key", response_model=LedgerKeyPublic, tags=["ledger"])
def key(services: ServicesDep) -> LedgerKeyPublic:
    """The Ed25519 public key that signs the checkpoints."""
    signing_key = ledger_signer(services.settings).key
    return LedgerKeyPublic(
        key_id=key_id(signing_key),
        public_key_pem=public_key_pem(signing_key),
        checkpoint_origin=CHECKPOINT_ORIGIN,
        vkey=log_verifier(services.settings).vkey(),
    )


@router.get(
    f"{PUBLIC}/consistency",
    response_model=ConsistencyProofPublic,
    responses=problem_responses(404, 422),
    tags=["ledger"],
)
def consistency(
    db: ReadDbDep,
    from_size: Annotated[int, Query(alias="from", ge=0, le=2**62, description="older size")],
    to_size: Annotated[int, Query(alias="to", ge=0, le=2**62, description="newer size")],
) -> ConsistencyProofPublic:
    """Proof that the tree at `to` extends the tree at `from` (RFC 9162 §2.1.4)."""
    return ConsistencyProofPublic.of(ledger_queries.consistency(db, from_size, to_size))


@router.get(
    "/api/audit/ledger/inclusion",
    response_model=InclusionProofPublic,
    responses=problem_responses(401, 403, 404, 422),
    tags=["audit"],
)
def inclusion(
    _: Reviewer,
    db: ReadDbDep,
    position: Annotated[int, Query(ge=1, le=2**62, description="the event's log position")],
    tree_size: Size | None = None,
) -> InclusionProofPublic:
    """Proof that the event at `position` is in the tree of `tree_size` (default: the newest
    checkpoint's)."""
    return InclusionProofPublic.of(ledger_queries.inclusion(db, position, tree_size))


@router.get(
    "/api/audit/teachers/{teacher_id}/bundle",
    response_model=LedgerBundle,
    responses=problem_responses(401, 403, 404, 422),
    tags=["audit"],
)
def bundle(
    teacher_id: str,
    _: Reviewer,
    register: RegisterDep,
    db: ReadDbDep,
    tree_size: Annotated[
        int | None, Query(ge=1, le=2**62, description="a checkpoint's size (default: newest)")
    ] = None,
) -> LedgerBundle:
    """The file's stored events exactly as stored, each with its inclusion proof against one
    signed checkpoint, and that checkpoint: verifiable offline with the public key."""
    return answer_bundle(teacher_id, register, db, tree_size)


def answer_bundle(
    teacher_id: str, register: Register, db: Db, tree_size: int | None
) -> LedgerBundle:
    """The file's bundle, noted in the access log (the auditor's role is the caller's)."""
    tid = teacher_id_of(teacher_id)
    register.get_teacher(tid)  # 404 when unknown
    note_file_read(tid)
    document, pending = ledger_queries.bundle(
        db, str(tid), register.events_with_positions(tid), tree_size
    )
    signed = Checkpoint.from_dict(document["checkpoint"])
    return LedgerBundle.model_validate(
        {
            **document,
            "checkpoint": CheckpointPublic.of(signed).model_dump(),
            "events_not_yet_checkpointed": pending,
        }
    )
