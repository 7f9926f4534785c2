"""Ed25519-signed checkpoints: the register's signed statement "the ledger had this root at size n".

A checkpoint kept by anyone outside the register pins the whole history up to its size: an
administrator who later rewrites events and ledger alike cannot produce a consistency proof to
it. The signed message is a canonical text in the style of a C2SP signed-note body:

    lerarenregister/ledger/v1\\n
    <tree size, decimal>\\n
    <root hash, standard base64 with padding>\\n
    <timestamp, ISO 8601 UTC ending in "Z">\\n

signed with Ed25519 over its UTF-8 bytes. The key id is the hex of the first 8 bytes of SHA-256
of the raw 32-byte public key; it names the key but is not part of the signed text.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from projections.ledger.proof.merkle import HASH_SIZE

CHECKPOINT_ORIGIN = "lerarenregister/ledger/v1"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_SIGNATURE_SIZE = 64


def b64encode(data: bytes) -> str:
    """Standard base64 with padding, the encoding of every hash and signature in JSON."""
    return base64.b64encode(data).decode("ascii")


def b64decode(text: str) -> bytes:
    """Strict, canonical standard base64.

    Stray characters and non-zero padding bits are errors: otherwise two spellings would decode
    to the same bytes, and an altered document could still verify.
    """
    if not isinstance(text, str):
        raise ValueError("expected a base64 string")
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise ValueError(f"invalid base64: {text[:20]!r}") from error
    if b64encode(data) != text:
        raise ValueError(f"non-canonical base64: {text[:20]!r}")
    return data


def format_timestamp(moment: datetime | None = None) -> str:
    """Canonical checkpoint time: UTC, microseconds, "Z" (default: now)."""
    moment = datetime.now(UTC) if moment is None else moment
    if moment.tzinfo is None:
        raise ValueError("checkpoint time must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def checkpoint_body(tree_size: int, root_hash: bytes, timestamp: str) -> bytes:
    """The exact bytes that are signed."""
    if isinstance(tree_size, bool) or not isinstance(tree_size, int) or tree_size < 0:
        raise ValueError(f"invalid tree size {tree_size!r}")
    if len(root_hash) != HASH_SIZE:
        raise ValueError("a root hash is 32 bytes")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise ValueError(f"timestamp {timestamp!r} is not ISO 8601 UTC ending in Z")
    return f"{CHECKPOINT_ORIGIN}\n{tree_size}\n{b64encode(root_hash)}\n{timestamp}\n".encode()


@dataclass(frozen=True)
class Checkpoint:
    """A signed tree head. Kept forever; published so that others can hold the register to it."""

    tree_size: int
    root_hash: bytes
    timestamp: str
    signature: bytes
    key_id: str

    def body(self) -> bytes:
        return checkpoint_body(self.tree_size, self.root_hash, self.timestamp)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form; hashes and signature in standard base64."""
        return {
            "tree_size": self.tree_size,
            "root_hash": b64encode(self.root_hash),
            "timestamp": self.timestamp,
            "signature": b64encode(self.signature),
            "key_id": self.key_id,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        """Parse ``to_dict`` output; anything malformed raises ValueError."""
        try:
            tree_size, timestamp, kid = data["tree_size"], data["timestamp"], data["key_id"]
            root_hash, signature = b64decode(data["root_hash"]), b64decode(data["signature"])
        except (KeyError, TypeError) as error:
            raise ValueError(f"malformed checkpoint: {error!r}") from error
        if not isinstance(timestamp, str) or not isinstance(kid, str):
            raise ValueError("malformed checkpoint: timestamp and key_id are strings")
        checkpoint = cls(tree_size, root_hash, timestamp, signature, kid)
        checkpoint.body()  # validates size, hash length and timestamp
        return checkpoint


def _public(key: Ed25519PrivateKey | Ed25519PublicKey) -> Ed25519PublicKey:
    return key.public_key() if isinstance(key, Ed25519PrivateKey) else key


def key_id(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """Hex of the first 8 bytes of SHA-256 of the raw public key."""
    raw = _public(key).public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:8].hex()


def sign_checkpoint(
    private_key: Ed25519PrivateKey,
    tree_size: int,
    root_hash: bytes,
    timestamp: str | datetime | None = None,
) -> Checkpoint:
    """Sign the tree head (timestamp: canonical text, an aware datetime, or now)."""
    if not isinstance(timestamp, str):
        timestamp = format_timestamp(timestamp)
    body = checkpoint_body(tree_size, root_hash, timestamp)
    return Checkpoint(tree_size, root_hash, timestamp, private_key.sign(body), key_id(private_key))


def verify_checkpoint(public_key: Ed25519PublicKey, checkpoint: Checkpoint) -> bool:
    """True when the signature holds under ``public_key`` and the key id names that key."""
    if checkpoint.key_id != key_id(public_key) or len(checkpoint.signature) != _SIGNATURE_SIZE:
        return False
    try:
        public_key.verify(checkpoint.signature, checkpoint.body())
    except (InvalidSignature, ValueError):
        return False
    return True


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    """The public key as SubjectPublicKeyInfo PEM, the form that is published."""
    return (
        _public(key)
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def load_public_key(pem_or_path: str | bytes | os.PathLike[str]) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM text or bytes, or from a file holding it."""
    if isinstance(pem_or_path, bytes):
        pem = pem_or_path
    elif isinstance(pem_or_path, str) and pem_or_path.lstrip().startswith("-----BEGIN"):
        pem = pem_or_path.encode("ascii")
    else:
        pem = Path(pem_or_path).read_bytes()
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 public key")
    return key


def _load_private_key(path: Path) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def load_or_create_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    """The signing key at ``path`` (PKCS#8 PEM), created with mode 0600 if absent.

    Creation is race-free between processes: the key is written to a private temporary file
    and hard-linked into place, so a concurrent creator either wins or loads the winner's key.
    """
    target = Path(path)
    if target.exists():
        return _load_private_key(target)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".key-")  # mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(temporary, target)
        except FileExistsError:
            return _load_private_key(target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    return key
