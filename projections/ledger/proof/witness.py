"""A transparency-log witness (c2sp.org/tlog-witness, ``add-checkpoint``) and the register's
side of the protocol: the request body a log sends and the answer it gets.

The witness knows a set of logs by origin and verifier key. For each it keeps the latest
checkpoint it cosigned (size, root hash and the note), and it cosigns a new checkpoint only
when the log proves it consistent with that one. The check of the old size against the kept
one and the update of the kept one happen in one SQLite transaction that takes the write lock
first (``BEGIN IMMEDIATE``), so two requests cannot both pass the check against the same size
and roll the kept size back (the race the spec describes). The answer is sent after the commit.

Answers, as the spec asks:

- 400: a malformed body, or an old size above the checkpoint's size;
- 404: a checkpoint of an origin the witness does not know;
- 403: no signature of a known key of that log, or one that fails;
- 409: the old size is not the kept one; the body is the kept size (``text/x.tlog.size``);
- 422: an empty tree whose root is not the empty root, a proof with an old size of zero, a
  consistency proof that does not verify, or equal sizes with another root;
- 200: one cosignature line (Ed25519, type 0x04, c2sp.org/tlog-cosignature) per witness key.

Pure code but for the state file: no register database, no settings.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from projections.ledger.proof.merkle import EMPTY_ROOT, HASH_SIZE, verify_consistency
from projections.ledger.proof.note import (
    CheckpointText,
    Note,
    NoteError,
    Signature,
    Signer,
    UnverifiedNoteError,
    Verifier,
    parse_note,
    parse_signature_lines,
    verify_note,
)

SIZE_CONTENT_TYPE = "text/x.tlog.size"
MAX_PROOF_LINES = 63
MAX_BODY_BYTES = 64 * 1024
_OLD = re.compile(r"old (0|[1-9][0-9]*)")


class WitnessError(Exception):
    """A refusal with its HTTP status; ``size`` is the kept size of a 409."""

    def __init__(self, status: int, message: str, size: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.size = size


@dataclass(frozen=True)
class AddCheckpoint:
    """An ``add-checkpoint`` request: the old size, the consistency proof and the checkpoint."""

    old_size: int
    proof: tuple[bytes, ...]
    checkpoint: str

    def render(self) -> bytes:
        lines = [f"old {self.old_size}", *(base64.b64encode(h).decode() for h in self.proof)]
        return ("".join(line + "\n" for line in lines) + "\n" + self.checkpoint).encode()

    @classmethod
    def parse(cls, body: bytes) -> AddCheckpoint:
        """The request body, or WitnessError 400 when it is not one."""
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise WitnessError(400, "the request body is not UTF-8") from None
        head, sep, checkpoint = text.partition("\n\n")
        if not sep:
            raise WitnessError(
                400, "the body is an old size line, proof lines, a blank line and the checkpoint"
            )
        lines = head.split("\n")
        match = _OLD.fullmatch(lines[0])
        if match is None:
            raise WitnessError(400, "the first line is 'old <size>' in decimal")
        if len(lines) - 1 > MAX_PROOF_LINES:
            raise WitnessError(400, f"more than {MAX_PROOF_LINES} consistency proof lines")
        proof = []
        for line in lines[1:]:
            try:
                digest = base64.b64decode(line.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                raise WitnessError(400, "a proof line is one base64 hash") from None
            if len(digest) != HASH_SIZE:
                raise WitnessError(400, "a proof line is one 32-byte hash")
            proof.append(digest)
        return cls(int(match.group(1)), tuple(proof), checkpoint)


@dataclass(frozen=True)
class Kept:
    """What the witness keeps for one log: its latest cosigned checkpoint."""

    size: int
    root_hash: bytes
    note: str


class WitnessState:
    """The kept checkpoints, in an SQLite file (WAL, synchronous=FULL: a commit is on disk)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS checkpoints (origin TEXT PRIMARY KEY, "
                "size INTEGER NOT NULL, root_hash BLOB NOT NULL, note TEXT NOT NULL, "
                "updated_at INTEGER NOT NULL)"
            )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.execute("PRAGMA synchronous=FULL")
        return conn

    def kept(self, origin: str) -> Kept | None:
        conn = self._connect()
        try:
            row = conn.execute(
                "SELECT size, root_hash, note FROM checkpoints WHERE origin = ?", (origin,)
            ).fetchone()
        finally:
            conn.close()
        return None if row is None else Kept(int(row[0]), bytes(row[1]), str(row[2]))

    def update(self, origin: str, decide: Callable[[Kept | None], Kept]) -> Kept:
        """Read the kept checkpoint, let ``decide`` check the new one against it (raising to
        refuse) and keep what it returns: one transaction under the write lock."""
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(
                    "SELECT size, root_hash, note FROM checkpoints WHERE origin = ?", (origin,)
                ).fetchone()
                kept = None if row is None else Kept(int(row[0]), bytes(row[1]), str(row[2]))
                new = decide(kept)
                conn.execute(
                    "INSERT INTO checkpoints (origin, size, root_hash, note, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (origin) DO UPDATE SET "
                    "size = excluded.size, root_hash = excluded.root_hash, "
                    "note = excluded.note, updated_at = excluded.updated_at",
                    (origin, new.size, new.root_hash, new.note, int(time.time())),
                )
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return new
        finally:
            conn.close()


class Witness:
    """Cosigns checkpoints of known logs that are consistent with the ones it cosigned before."""

    def __init__(
        self,
        signer: Signer,
        logs: Sequence[Verifier],
        state: WitnessState,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.signer = signer
        self.logs: dict[str, list[Verifier]] = {}
        for log in logs:
            self.logs.setdefault(log.name, []).append(log)
        self.state = state
        self.clock = clock

    def verifier(self) -> Verifier:
        return self.signer.verifier()

    def add_checkpoint(self, body: bytes) -> str:
        """Handle an ``add-checkpoint`` body: the cosignature lines, or WitnessError."""
        request = AddCheckpoint.parse(body)
        try:
            note = parse_note(request.checkpoint)
        except NoteError as error:
            raise WitnessError(400, f"not a signed note: {error}") from None
        origin = note.text.split("\n", 1)[0]
        logs = self.logs.get(origin)
        if logs is None:
            raise WitnessError(404, f"unknown log origin {origin!r}")
        try:
            verify_note(note, logs)
        except UnverifiedNoteError as error:
            raise WitnessError(403, str(error)) from None
        try:
            checkpoint = CheckpointText.parse(note.text)
        except NoteError as error:
            status = 422 if "empty tree" in str(error) else 400
            raise WitnessError(status, f"not a checkpoint: {error}") from None
        if request.old_size > checkpoint.tree_size:
            raise WitnessError(
                400, f"the old size {request.old_size} is above {checkpoint.tree_size}"
            )
        signature = self.signer.sign(note.text, timestamp=int(self.clock()))
        kept_note = Note(note.text, (*_log_signatures(note, logs), signature)).render()

        def decide(kept: Kept | None) -> Kept:
            size = 0 if kept is None else kept.size
            if request.old_size != size:
                raise WitnessError(409, f"the witness's size is {size}", size=size)
            old_root = EMPTY_ROOT if kept is None else kept.root_hash
            if request.old_size == 0 and request.proof:
                raise WitnessError(422, "an old size of 0 takes an empty proof")
            if not verify_consistency(
                request.old_size,
                checkpoint.tree_size,
                old_root,
                checkpoint.root_hash,
                request.proof,
            ):
                raise WitnessError(
                    422,
                    f"the tree of size {checkpoint.tree_size} is not proved consistent with "
                    f"the cosigned tree of size {request.old_size}",
                )
            return Kept(checkpoint.tree_size, checkpoint.root_hash, kept_note)

        self.state.update(checkpoint.origin, decide)
        return signature.line()

    def latest(self, origin_hash: str) -> str | None:
        """The kept checkpoint (log and witness signatures) of the log whose origin hashes
        (SHA-256, lowercase hex) to ``origin_hash``: the monitoring endpoint."""
        for origin in self.logs:
            if hashlib.sha256(origin.encode()).hexdigest() == origin_hash:
                kept = self.state.kept(origin)
                return None if kept is None else kept.note
        return None


def _log_signatures(note: Note, logs: Sequence[Verifier]) -> list[Signature]:
    return [s for s in note.signatures if any(log.matches(s) for log in logs)]


def cosignatures_from(answer: str, note_text: str, witness: Verifier) -> list[Signature]:
    """The witness's verified cosignatures in an ``add-checkpoint`` answer (unknown keys
    ignored); NoteError when the answer is malformed or a signature of the witness fails."""
    signatures = parse_signature_lines(answer)
    mine = [s for s in signatures if witness.matches(s)]
    for signature in mine:
        if not witness.verify(note_text, signature):
            raise UnverifiedNoteError(f"the cosignature of {witness.name} does not verify")
    return mine
