"""Register extracts: a teacher's public entry, signed by the register, with the proof that the
events it rests on are in the ledger.

A teacher hands the file to someone (a new employer); that person checks it offline, with the
register's verifier key alone (``origin+keyid+base64``, as ``GET /api/ledger/key`` serves it and
the register publishes elsewhere): no server, no database, no network.

The file is JSON::

    {"format": "lerarenregister-extract/1",
     "extract": "<JWS compact serialization: header.payload.signature>",
     "checkpoint": "<the C2SP checkpoint note, verbatim, with any cosignatures>",
     "proofs": [{"position": P, "leaf_index": I, "hashes": ["<base64>", ...]}, ...]}

The JWS (RFC 7515) is signed with the ledger's Ed25519 key, algorithm ``Ed25519`` (EdDSA as
RFC 9864 names it; the older ``EdDSA`` name is deprecated there), header
``{"alg": "Ed25519", "typ": "lerarenregister-extract+jws", "kid": "<origin>+<key id>"}``. Its
payload is JSON::

    {"format": "lerarenregister-extract/1", "iss": "<origin>", "iat": <POSIX seconds>,
     "issued_at": "<ISO 8601 UTC>", "issued_on": "<the register's date>",
     "entry": {<the public entry as GET /api/public/register/N>},
     "checkpoint": {"origin", "tree_size", "root_hash", "signed_at"},
     "events": [{"position", "leaf_index", "leaf_hash"}, ...]}

``events`` are the teacher's public-register events the entry was read from (every one up to the
entry's newest), by log position and leaf hash only: what they say stays in the register.

Verification, each step naming what failed: (1) the file's layout; (2) the JWS signature under
the given key (a changed byte of the entry or of the events breaks it; another key has another
id); (3) the checkpoint note, signed by the same key under the origin; (4) the note is the
checkpoint the signed payload names (size and root); (5) each event's leaf hash is in that tree
(RFC 9162 inclusion proof). The proofs and the note are outside the JWS on purpose: they hold on
their own, against the signed tree head, and a changed proof fails as a proof.

The same Ed25519 key signs checkpoints, notes and extracts. The messages cannot be confused: a
JWS signing input is ``base64url.base64url`` (ASCII, no newline), while every checkpoint body
and note text ends in a newline.

Pure code: no database, no settings; ``cryptography`` and ``joserfc``.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey

from projections.ledger.proof.merkle import HASH_SIZE, verify_inclusion
from projections.ledger.proof.note import (
    ED25519,
    CheckpointText,
    NoteError,
    Verifier,
    open_checkpoint,
    parse_note,
)

EXTRACT_FORMAT: Final = "lerarenregister-extract/1"
JWS_TYPE: Final = "lerarenregister-extract+jws"
ALGORITHM: Final = "Ed25519"
#: Events one extract rests on, at most (an entry rests on a few dozen at the very most): it
#: bounds the hashing a check of a hostile file costs.
MAX_EVENTS: Final = 1_000
#: Hashes of one inclusion proof, at most (a tree of 2**63 leaves).
MAX_PROOF: Final = 63


#: The steps of verification, in order; an ExtractError names the one that failed.
STEPS: Final = ("format", "signature", "key", "checkpoint", "binding", "proof")


class ExtractError(ValueError):
    """An extract that is malformed or does not verify; the message says what failed and
    ``step`` (one of STEPS) which step of the verification."""

    def __init__(self, message: str, step: str = "format") -> None:
        super().__init__(message)
        self.step = step


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    if not isinstance(text, str):
        raise ExtractError(f"{what} is not a base64 text")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise ExtractError(f"{what} is not base64") from None
    if _b64(data) != text:
        raise ExtractError(f"{what} is not canonical base64")
    return data


def key_label(verifier: Verifier) -> str:
    """How an extract names the key that signs it: ``<origin>+<8 hex key id>``."""
    return f"{verifier.name}+{verifier.key_id:08x}"


@dataclass(frozen=True)
class ExtractEvent:
    """One event an extract rests on: where it is in the log and the tree, its proof."""

    position: int
    leaf_index: int
    leaf_hash: bytes
    proof: tuple[bytes, ...]


def sign_extract(
    key: Ed25519PrivateKey,
    verifier: Verifier,
    *,
    entry: Mapping[str, Any],
    checkpoint_note: str,
    checkpoint_signed_at: str,
    events: Sequence[ExtractEvent],
    issued_on: str,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The extract file (JSON-ready) of ``entry`` resting on ``events`` in the checkpoint of
    ``checkpoint_note``; ``key`` must be the key of ``verifier`` (the log's)."""
    if not events:
        raise ValueError("an extract rests on at least one event")
    checkpoint = CheckpointText.parse(parse_note(checkpoint_note).text)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    payload = {
        "format": EXTRACT_FORMAT,
        "iss": verifier.name,
        "iat": int(moment.timestamp()),
        "issued_at": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "issued_on": issued_on,
        "entry": dict(entry),
        "checkpoint": {
            "origin": checkpoint.origin,
            "tree_size": checkpoint.tree_size,
            "root_hash": _b64(checkpoint.root_hash),
            "signed_at": checkpoint_signed_at,
        },
        "events": [
            {"position": e.position, "leaf_index": e.leaf_index, "leaf_hash": _b64(e.leaf_hash)}
            for e in events
        ],
    }
    header = {"alg": ALGORITHM, "typ": JWS_TYPE, "kid": key_label(verifier)}
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    token = jws.serialize_compact(
        header, body.encode("utf-8"), OKPKey.import_key(key), algorithms=[ALGORITHM]
    )
    return {
        "format": EXTRACT_FORMAT,
        "extract": token,
        "checkpoint": checkpoint_note,
        "proofs": [
            {
                "position": e.position,
                "leaf_index": e.leaf_index,
                "hashes": [_b64(h) for h in e.proof],
            }
            for e in events
        ],
    }


@dataclass(frozen=True)
class ExtractVerdict:
    """What a verified extract establishes."""

    payload: dict[str, Any]
    checkpoint: CheckpointText
    witnesses: tuple[str, ...]
    key: str

    @property
    def entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = self.payload["entry"]
        return entry


def parse_extract(data: str | bytes | Mapping[str, Any]) -> dict[str, Any]:
    """The file as a JSON object with the expected members; ExtractError otherwise."""
    if isinstance(data, bytes | str):
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise ExtractError("the file is not a register extract (not JSON)") from None
    else:
        document = dict(data)
    if not isinstance(document, dict) or document.get("format") != EXTRACT_FORMAT:
        raise ExtractError(f"the file is not a register extract (format {EXTRACT_FORMAT})")
    if not isinstance(document.get("extract"), str) or not isinstance(
        document.get("checkpoint"), str
    ):
        raise ExtractError("the extract lacks its signed part or its checkpoint")
    proofs = document.get("proofs")
    if not isinstance(proofs, list) or len(proofs) > MAX_EVENTS:
        raise ExtractError("the extract's proofs are not a list")
    return document


def _signed_payload(token: str, verifier: Verifier) -> dict[str, Any]:
    """Step 2: the JWS header names this key, and its signature holds."""
    parts = token.split(".")
    if len(parts) != 3:
        raise ExtractError("the signed part is not a JWS in compact serialization")
    try:
        padded = parts[0] + "=" * (-len(parts[0]) % 4)
        header = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
    except (ValueError, UnicodeError):
        raise ExtractError("the signed part's JWS header is not readable") from None
    if not isinstance(header, dict) or header.get("alg") != ALGORITHM:
        raise ExtractError(f"the extract is not signed with {ALGORITHM}", "signature")
    if header.get("typ") != JWS_TYPE:
        raise ExtractError(f"the signed part is not of type {JWS_TYPE}")
    expected = key_label(verifier)
    if header.get("kid") != expected:
        raise ExtractError(
            f"the extract is signed by the key {str(header.get('kid'))[:120]!r}, "
            f"not by the key given ({expected})",
            "key",
        )
    try:
        signed = jws.deserialize_compact(
            token, OKPKey.import_key(verifier.public_key), algorithms=[ALGORITHM]
        )
    except JoseError:
        raise ExtractError(
            f"the register's signature does not hold under the key {expected}: "
            "the extract was altered after it was signed",
            "signature",
        ) from None
    try:
        payload = json.loads(signed.payload)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ExtractError("the signed content is not JSON") from None
    if not isinstance(payload, dict) or payload.get("format") != EXTRACT_FORMAT:
        raise ExtractError(f"the signed content is not a {EXTRACT_FORMAT}")
    return payload


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _events(payload: Mapping[str, Any]) -> list[tuple[int, int, bytes]]:
    events = payload.get("events")
    if not isinstance(events, list) or not events or len(events) > MAX_EVENTS:
        raise ExtractError("the signed content names no events it rests on")
    out: list[tuple[int, int, bytes]] = []
    for event in events:
        if not isinstance(event, dict):
            raise ExtractError("an event of the signed content is not an object")
        position, index = event.get("position"), event.get("leaf_index")
        if not (_whole(position) and _whole(index)):
            raise ExtractError("an event's position and leaf index are whole numbers")
        assert isinstance(position, int)
        assert isinstance(index, int)
        leaf = _unb64(event.get("leaf_hash"), "an event's leaf hash")
        if len(leaf) != HASH_SIZE:
            raise ExtractError("a leaf hash is 32 bytes")
        out.append((position, index, leaf))
    return out


def _proof(found: object, position: int) -> tuple[int, list[bytes]]:
    if not isinstance(found, dict) or found.get("position") != position:
        raise ExtractError(
            f"the extract holds no inclusion proof of the event at {position}", "proof"
        )
    index, hashes = found.get("leaf_index"), found.get("hashes")
    if not _whole(index) or not isinstance(hashes, list) or len(hashes) > MAX_PROOF:
        raise ExtractError(f"the inclusion proof of the event at {position} is malformed", "proof")
    proof = [_unb64(h, f"a hash of the proof of the event at {position}") for h in hashes]
    assert isinstance(index, int)
    return index, proof


def verify_extract(
    data: str | bytes | Mapping[str, Any],
    verifier: Verifier,
    witnesses: Sequence[Verifier] = (),
) -> ExtractVerdict:
    """Verify an extract with the register's verifier key; ExtractError names the first failure.

    The key must be a log key (signature type 0x01): it checks both the JWS and the checkpoint.
    """
    if verifier.sig_type != ED25519:
        raise ExtractError(
            f"{verifier.name} is not the register's key (a log key, type 0x01)", "key"
        )
    document = parse_extract(data)
    payload = _signed_payload(document["extract"], verifier)
    try:
        checkpoint, _, cosigners = open_checkpoint(document["checkpoint"], verifier, witnesses)
    except NoteError as error:
        raise ExtractError(
            f"the checkpoint in the extract does not verify: {error}", "checkpoint"
        ) from None
    named = payload.get("checkpoint")
    if not isinstance(named, dict) or (
        named.get("origin"),
        named.get("tree_size"),
        named.get("root_hash"),
    ) != (checkpoint.origin, checkpoint.tree_size, _b64(checkpoint.root_hash)):
        raise ExtractError(
            "the checkpoint in the file is not the one the signed extract names "
            f"(size {checkpoint.tree_size})",
            "binding",
        )
    events = _events(payload)
    proofs = document["proofs"]
    if len(proofs) != len(events):
        raise ExtractError(
            f"the extract rests on {len(events)} events but holds {len(proofs)} proofs", "proof"
        )
    for (position, index, leaf), found in zip(events, proofs, strict=True):
        proof_index, proof = _proof(found, position)
        if proof_index != index or not verify_inclusion(
            leaf, index, checkpoint.tree_size, proof, checkpoint.root_hash
        ):
            raise ExtractError(
                f"the event at log position {position} (leaf {index}) is not in the signed "
                f"tree of size {checkpoint.tree_size}: its inclusion proof does not hold",
                "proof",
            )
    if not isinstance(payload.get("entry"), dict):
        raise ExtractError("the signed content holds no entry")
    return ExtractVerdict(
        payload=payload,
        checkpoint=checkpoint,
        witnesses=tuple(w.name for w in cosigners),
        key=key_label(verifier),
    )
