"""Audit bundles: one teacher's stored events, each with its inclusion proof, and a checkpoint.

An auditor holding only the register's public key verifies a bundle offline: the checkpoint is
signed, every event's leaf is recomputed from the stored bytes in the bundle and proven to be in
the signed tree, and each aggregate's versions run 1..n in log order with none missing. Given an
older checkpoint the auditor kept, the bundle's checkpoint is also proven to extend it, so the
history cannot have been rewritten in between.

What a bundle cannot prove: that no event *after* the last one shown exists (a log tree has no
proofs of absence). Completeness holds for versions 1..n of each aggregate as of the checkpoint.

Layout (JSON; hashes, proofs and state in standard base64)::

    {"format": "lerarenregister-bundle/1", "teacher_id": "<uuid>", "public_key_id": "<hex>",
     "checkpoint": {"tree_size", "root_hash", "timestamp", "signature", "key_id"},
     "events": [{"position", "originator_id", "version", "topic", "state_b64",
                 "leaf_index", "inclusion_proof": ["<b64>", ...]}, ...]}
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from projections.ledger.proof.checkpoint import (
    Checkpoint,
    b64decode,
    b64encode,
    key_id,
    verify_checkpoint,
)
from projections.ledger.proof.encoding import event_leaf_hash
from projections.ledger.proof.merkle import verify_consistency, verify_inclusion

BUNDLE_FORMAT = "lerarenregister-bundle/1"


def _int(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"{name} must be an integer")
    return value


def _str(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{name} must be a string")
    return value


def _hashes(value: Any, name: str) -> list[bytes]:
    if not isinstance(value, list):
        raise ValueError(f"{name} must be a list of base64 hashes")
    return [b64decode(item) for item in value]


@dataclass(frozen=True)
class BundleEvent:
    """One stored event exactly as persisted, with its place in the ledger and its proof."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes
    leaf_index: int
    inclusion_proof: Sequence[bytes]

    def label(self) -> str:
        return f"event at position {self.position} (version {self.version} of {self.originator_id})"

    def leaf_hash(self) -> bytes:
        return event_leaf_hash(
            self.position, self.originator_id, self.version, self.topic, self.state
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "originator_id": self.originator_id,
            "version": self.version,
            "topic": self.topic,
            "state_b64": b64encode(self.state),
            "leaf_index": self.leaf_index,
            "inclusion_proof": [b64encode(h) for h in self.inclusion_proof],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BundleEvent:
        """Parse one bundle entry; anything malformed raises ValueError."""
        if not isinstance(data, Mapping):
            raise ValueError("an event must be an object")
        try:
            return cls(
                position=_int(data["position"], "position"),
                originator_id=_str(data["originator_id"], "originator_id"),
                version=_int(data["version"], "version"),
                topic=_str(data["topic"], "topic"),
                state=b64decode(data["state_b64"]),
                leaf_index=_int(data["leaf_index"], "leaf_index"),
                inclusion_proof=_hashes(data["inclusion_proof"], "inclusion_proof"),
            )
        except KeyError as error:
            raise ValueError(f"missing field {error.args[0]!r}") from error


@dataclass
class BundleReport:
    """The verdict: ``ok`` only when there are no problems; the first problem names the culprit."""

    ok: bool
    problems: list[str] = field(default_factory=list)
    events_verified: int = 0


def build_bundle(
    teacher_id: str, checkpoint: Checkpoint, events: Iterable[BundleEvent]
) -> dict[str, Any]:
    """Assemble the JSON-ready bundle; events are put in log order.

    Every event must have ``leaf_index < checkpoint.tree_size`` and a proof against that size.
    """
    ordered = sorted(events, key=lambda event: event.position)
    for event in ordered:
        if not 0 <= event.leaf_index < checkpoint.tree_size:
            raise ValueError(f"{event.label()} is not covered by the checkpoint")
    return {
        "format": BUNDLE_FORMAT,
        "teacher_id": teacher_id,
        "public_key_id": checkpoint.key_id,
        "checkpoint": checkpoint.to_dict(),
        "events": [event.to_dict() for event in ordered],
    }


def _check_order(events: list[BundleEvent], teacher_id: str, problems: list[str]) -> None:
    """Log order, and each aggregate's versions 1..n in that order with none missing."""
    for previous, event in itertools.pairwise(events):
        if event.position <= previous.position or event.leaf_index <= previous.leaf_index:
            problems.append(f"{event.label()}: out of log order after position {previous.position}")
            return
    expected: dict[str, int] = {}
    broken: set[str] = set()
    for event in sorted(events, key=lambda e: e.position):  # a misordering is reported above
        originator = event.originator_id
        if originator in broken:
            continue
        want = expected.get(originator, 0) + 1
        if event.version != want:
            what = (
                f"version {want} is missing"
                if event.version > want
                else f"version {event.version} is repeated or out of order"
            )
            problems.append(f"{event.label()}: expected version {want}, {what}")
            broken.add(originator)
        expected[originator] = event.version
    if teacher_id not in expected:
        problems.append(f"the bundle holds no events of teacher {teacher_id}")


def _check_extends(
    checkpoint: Checkpoint,
    public_key: Ed25519PublicKey,
    older_checkpoint: Mapping[str, Any],
    consistency_proof: Sequence[str | bytes] | None,
    problems: list[str],
) -> None:
    try:
        older = Checkpoint.from_dict(older_checkpoint)
        proof = [p if isinstance(p, bytes) else b64decode(p) for p in consistency_proof or ()]
    except ValueError as error:
        problems.append(f"older checkpoint or consistency proof is malformed: {error}")
        return
    if not verify_checkpoint(public_key, older):
        problems.append(f"older checkpoint (size {older.tree_size}): signature does not verify")
    if not verify_consistency(
        older.tree_size, checkpoint.tree_size, older.root_hash, checkpoint.root_hash, proof
    ):
        problems.append(
            f"checkpoint of size {checkpoint.tree_size} does not extend the older checkpoint "
            f"of size {older.tree_size}: the history was rewritten or the proof is wrong"
        )


def verify_bundle(
    bundle: Mapping[str, Any],
    public_key: Ed25519PublicKey,
    older_checkpoint: Mapping[str, Any] | None = None,
    consistency_proof: Sequence[str | bytes] | None = None,
) -> BundleReport:
    """Verify a bundle offline; never raises on malformed input, reports it instead."""
    problems: list[str] = []
    if not isinstance(bundle, Mapping) or bundle.get("format") != BUNDLE_FORMAT:
        return BundleReport(False, [f"not a {BUNDLE_FORMAT} document"])
    try:
        checkpoint = Checkpoint.from_dict(bundle["checkpoint"])
        teacher_id = _str(bundle["teacher_id"], "teacher_id")
        raw_events = bundle["events"]
        if not isinstance(raw_events, list):
            raise ValueError("events must be a list")
    except (KeyError, ValueError) as error:
        return BundleReport(False, [f"malformed bundle: {error}"])

    expected_key = key_id(public_key)
    if bundle.get("public_key_id") != expected_key:
        problems.append(
            f"bundle names key {bundle.get('public_key_id')!r}, the key given is {expected_key}"
        )
    if not verify_checkpoint(public_key, checkpoint):
        problems.append(f"checkpoint (size {checkpoint.tree_size}): signature does not verify")

    events: list[BundleEvent] = []
    verified = 0
    for number, raw in enumerate(raw_events):
        try:
            event = BundleEvent.from_dict(raw)
            leaf = event.leaf_hash()
        except ValueError as error:
            problems.append(f"event #{number} in the bundle is malformed: {error}")
            continue
        events.append(event)
        if verify_inclusion(
            leaf,
            event.leaf_index,
            checkpoint.tree_size,
            event.inclusion_proof,
            checkpoint.root_hash,
        ):
            verified += 1
        else:
            problems.append(
                f"{event.label()}: not in the signed checkpoint of size {checkpoint.tree_size}"
                " (its stored bytes, its place or its proof were altered)"
            )
    _check_order(events, teacher_id, problems)
    if older_checkpoint is not None:
        _check_extends(checkpoint, public_key, older_checkpoint, consistency_proof, problems)
    return BundleReport(not problems, problems, verified)
