"""Answers of the ledger's routes: checkpoints, the public key, proofs and audit bundles.

Hashes, signatures, proofs and stored state travel as standard base64 with padding, exactly
as ``projections.ledger`` reads them back; an auditor saves these documents as they are and
hands them to ``lerarenregister verify-bundle``.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from projections.ledger.proof.checkpoint import Checkpoint, b64encode
from projections.ledger.queries import ConsistencyProof, InclusionProof

B64 = "standard base64 with padding"


class CheckpointPublic(BaseModel):
    """A signed tree head: the register's signed statement of the ledger's root at a size."""

    tree_size: int = Field(description="number of stored events the tree covers")
    root_hash: str = Field(description=f"RFC 9162 root hash, {B64}")
    timestamp: str = Field(description="when it was signed, ISO 8601 UTC ending in Z")
    signature: str = Field(description=f"Ed25519 signature of the checkpoint text, {B64}")
    key_id: str = Field(description="hex of the first 8 bytes of SHA-256 of the raw public key")
    signed_text: str = Field(description="the exact text that is signed (UTF-8)")

    @classmethod
    def of(cls, checkpoint: Checkpoint) -> CheckpointPublic:
        return cls(**checkpoint.to_dict(), signed_text=checkpoint.body().decode("utf-8"))


class LedgerKeyPublic(BaseModel):
    """The public key that signs the ledger's checkpoints."""

    key_id: str
    algorithm: str = "Ed25519"
    public_key_pem: str = Field(description="SubjectPublicKeyInfo PEM; save it as a file")
    checkpoint_origin: str = Field(description="first line of every signed checkpoint text")
    vkey: str = Field(
        default="",
        description="the same key as a C2SP verifier key (name+keyid+base64) for the signed-note "
        "checkpoints at /ledger/checkpoint; its name is their origin",
    )


class ConsistencyProofPublic(BaseModel):
    """RFC 9162 consistency proof: the tree of ``to_size`` leaves extends that of ``from_size``."""

    from_size: int
    to_size: int
    from_root_hash: str
    to_root_hash: str
    proof: list[str] = Field(description=f"the proof's hashes, {B64}")

    @classmethod
    def of(cls, proof: ConsistencyProof) -> ConsistencyProofPublic:
        return cls(
            from_size=proof.from_size,
            to_size=proof.to_size,
            from_root_hash=b64encode(proof.from_root_hash),
            to_root_hash=b64encode(proof.to_root_hash),
            proof=[b64encode(h) for h in proof.proof],
        )


class InclusionProofPublic(BaseModel):
    """RFC 9162 inclusion proof of one stored event in the tree of ``tree_size`` leaves."""

    position: int = Field(description="the event's position in the log")
    leaf_index: int
    tree_size: int
    leaf_hash: str = Field(description=f"SHA-256 of 0x00 and the event's canonical bytes, {B64}")
    root_hash: str = Field(description="root at tree_size; trust only a signed checkpoint's")
    proof: list[str] = Field(description=f"the audit path, the leaf's sibling first, {B64}")
    checkpoint: CheckpointPublic | None = Field(description="the checkpoint of tree_size, if any")

    @classmethod
    def of(cls, proof: InclusionProof) -> InclusionProofPublic:
        return cls(
            position=proof.position,
            leaf_index=proof.leaf_index,
            tree_size=proof.tree_size,
            leaf_hash=b64encode(proof.leaf_hash),
            root_hash=b64encode(proof.root_hash),
            proof=[b64encode(h) for h in proof.proof],
            checkpoint=CheckpointPublic.of(proof.checkpoint) if proof.checkpoint else None,
        )


class BundleEventPublic(BaseModel):
    """One stored event exactly as persisted, with its leaf index and inclusion proof."""

    position: int
    originator_id: str
    version: int
    topic: str
    state_b64: str = Field(description=f"the stored state bytes, {B64}")
    leaf_index: int
    inclusion_proof: list[str]


class LedgerBundle(BaseModel):
    """A teacher's stored events, each proven to be in one signed checkpoint (offline check:
    ``lerarenregister verify-bundle FILE --public-key KEY``)."""

    format: str
    teacher_id: str
    public_key_id: str
    checkpoint: CheckpointPublic
    events: list[BundleEventPublic]
    events_not_yet_checkpointed: int = Field(
        description="the teacher's events stored after the checkpoint; ask again after the next"
    )
