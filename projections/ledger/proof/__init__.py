"""The ledger's pure proof core: a Certificate Transparency style Merkle tree over the event log.

This package is the pure core (hashing, proofs, leaf encoding, signed checkpoints, offline bundle
verification). It touches no database and imports nothing of the domain, so an auditor can run
it, or re-implement it, with only the public key and a bundle file.
"""

from projections.ledger.proof.bundle import (
    BUNDLE_FORMAT,
    BundleEvent,
    BundleReport,
    build_bundle,
    verify_bundle,
)
from projections.ledger.proof.checkpoint import (
    CHECKPOINT_ORIGIN,
    Checkpoint,
    checkpoint_body,
    format_timestamp,
    key_id,
    load_or_create_key,
    load_public_key,
    public_key_pem,
    sign_checkpoint,
    verify_checkpoint,
)
from projections.ledger.proof.encoding import LeafFields, decode_leaf, encode_leaf, event_leaf_hash
from projections.ledger.proof.merkle import (
    EMPTY_ROOT,
    HASH_SIZE,
    DictNodeStore,
    IncrementalTree,
    Node,
    NodeStore,
    consistency_plan,
    consistency_proof,
    inclusion_plan,
    inclusion_proof,
    leaf_hash,
    node_hash,
    plan_node_ids,
    range_nodes,
    resolve_plan,
    root,
    root_from_nodes,
    verify_consistency,
    verify_inclusion,
)

__all__ = [
    "BUNDLE_FORMAT",
    "CHECKPOINT_ORIGIN",
    "EMPTY_ROOT",
    "HASH_SIZE",
    "BundleEvent",
    "BundleReport",
    "Checkpoint",
    "DictNodeStore",
    "IncrementalTree",
    "LeafFields",
    "Node",
    "NodeStore",
    "build_bundle",
    "checkpoint_body",
    "consistency_plan",
    "consistency_proof",
    "decode_leaf",
    "encode_leaf",
    "event_leaf_hash",
    "format_timestamp",
    "inclusion_plan",
    "inclusion_proof",
    "key_id",
    "leaf_hash",
    "load_or_create_key",
    "load_public_key",
    "node_hash",
    "plan_node_ids",
    "public_key_pem",
    "range_nodes",
    "resolve_plan",
    "root",
    "root_from_nodes",
    "sign_checkpoint",
    "verify_bundle",
    "verify_checkpoint",
    "verify_consistency",
    "verify_inclusion",
]
