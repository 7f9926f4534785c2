"""c2sp.org/tlog-proof@v1 files: one stored event, its inclusion proof and the checkpoint note.

    c2sp.org/tlog-proof@v1
    extra <base64 of the event's canonical leaf bytes>
    index <leaf index>
    <inclusion proof hash, base64>     (the leaf's sibling first, one per line)
    ...
    <blank line>
    <the checkpoint note, verbatim, with the log's signature and any cosignatures>

The spec leaves the leaf to the application. Here the ``extra`` line carries the leaf entry
itself (``projections.ledger.proof.encoding``: position, file, version, topic and stored state), so
the file is self-contained: the verifier hashes it (``SHA-256(0x00 || entry)``), checks the
proof against the signed root, and can show what the event is. The extra data is not trusted
on its own: only its hash, proven into a signed tree, is.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence
from dataclasses import dataclass

from projections.ledger.proof.encoding import LeafFields, decode_leaf
from projections.ledger.proof.merkle import HASH_SIZE, leaf_hash, verify_inclusion
from projections.ledger.proof.note import CheckpointText, Note, NoteError, Verifier, open_checkpoint

PROOF_HEADER = "c2sp.org/tlog-proof@v1"
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def _unb64(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise NoteError(f"{what} is not base64") from None
    if base64.b64encode(data).decode("ascii") != text:
        raise NoteError(f"{what} is not canonical base64")
    return data


@dataclass(frozen=True)
class TlogProof:
    """A parsed tlog-proof: leaf index, audit path, checkpoint note text and optional extra."""

    index: int
    proof: tuple[bytes, ...]
    checkpoint: str
    extra: bytes | None = None

    def render(self) -> str:
        lines = [PROOF_HEADER]
        if self.extra is not None:
            lines.append("extra " + base64.b64encode(self.extra).decode("ascii"))
        lines.append(f"index {self.index}")
        lines.extend(base64.b64encode(h).decode("ascii") for h in self.proof)
        return "\n".join(lines) + "\n\n" + self.checkpoint

    @classmethod
    def parse(cls, data: str | bytes) -> TlogProof:
        """Read a proof file; NoteError with a plain message when it is not one."""
        if isinstance(data, bytes):
            try:
                data = data.decode("utf-8")
            except UnicodeDecodeError:
                raise NoteError("a tlog-proof is UTF-8 text") from None
        head, sep, checkpoint = data.partition("\n\n")
        if not sep:
            raise NoteError("a tlog-proof has a blank line before its checkpoint")
        lines = head.split("\n")
        if lines[0] != PROOF_HEADER:
            raise NoteError(f"the first line of a tlog-proof is {PROOF_HEADER}")
        lines = lines[1:]
        extra = None
        if lines and lines[0].startswith("extra "):
            extra = _unb64(lines[0][6:], "the extra data")
            lines = lines[1:]
        if not lines or not lines[0].startswith("index "):
            raise NoteError("a tlog-proof names the entry's index")
        if not _DECIMAL.fullmatch(lines[0][6:]):
            raise NoteError("the index is a decimal without leading zeroes")
        index = int(lines[0][6:])
        proof = tuple(_unb64(line, "an inclusion proof hash") for line in lines[1:])
        if any(len(h) != HASH_SIZE for h in proof) or len(proof) > 63:
            raise NoteError("an inclusion proof is at most 63 hashes of 32 bytes")
        return cls(index, proof, checkpoint, extra)


@dataclass(frozen=True)
class ProofVerdict:
    """What a verified proof establishes: the event, where it is, and who signed the tree."""

    checkpoint: CheckpointText
    note: Note
    witnesses: list[Verifier]
    entry: LeafFields | None


def verify_tlog_proof(
    proof: TlogProof,
    log: Verifier,
    witnesses: Sequence[Verifier] = (),
    leaf: bytes | None = None,
) -> ProofVerdict:
    """Verify a tlog-proof of the ledger; NoteError naming the first failure.

    The leaf hash is ``leaf`` when given, else the hash of the ``extra`` entry. Returns the
    checkpoint and the witnesses whose cosignatures verified (the caller applies a policy).
    """
    checkpoint, note, cosigners = open_checkpoint(proof.checkpoint, log, witnesses)
    entry = None
    if leaf is None:
        if proof.extra is None:
            raise NoteError("the proof carries no entry (extra line) and no leaf hash was given")
        leaf = leaf_hash(proof.extra)
        try:
            entry = decode_leaf(proof.extra)
        except ValueError as error:
            raise NoteError(f"the extra data is not a ledger entry: {error}") from None
    if not verify_inclusion(
        leaf, proof.index, checkpoint.tree_size, list(proof.proof), checkpoint.root_hash
    ):
        raise NoteError(
            f"entry {proof.index} is not in the signed tree of size {checkpoint.tree_size}"
        )
    return ProofVerdict(checkpoint, note, cosigners, entry)
