"""C2SP signed notes, checkpoints and cosignatures (c2sp.org/signed-note, tlog-checkpoint,
tlog-cosignature): the standard text formats in which the ledger's tree heads leave the register.

A signed note is a text ending in a newline, a blank line, and signature lines
``— <key name> <base64(key id || signature)>``. The key id is the first four bytes of
``SHA-256(key name || 0x0A || type || public key)``: type 0x01 for the log's Ed25519 key, 0x04
for an Ed25519 witness cosignature, whose signature is ``u64 timestamp || Ed25519 signature``
over ``cosignature/v1\\ntime <t>\\n`` followed by the checkpoint text. Keys are published as
vkeys, ``<name>+<hex key id>+<base64(type || public key)>``.

A checkpoint is a note whose text is the origin, the tree size and the base64 root hash (RFC
6962 tree), each on a line, optionally followed by extension lines.

Pure code: no database, no settings, only ``cryptography``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from projections.ledger.proof.merkle import EMPTY_ROOT, HASH_SIZE

ED25519 = 0x01
"""Signature type of a log's Ed25519 note signature."""
COSIGNATURE_V1 = 0x04
"""Signature type of a timestamped Ed25519 checkpoint cosignature (tlog-cosignature)."""
DASH = "\u2014"
MAX_SIGNATURES = 64
"""Signature lines read at most (the spec asks verifiers to accept at least 16)."""
_NAME = re.compile(r"[^\s+]+")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


class NoteError(ValueError):
    """A note, vkey or checkpoint that is malformed or whose signatures do not verify."""


class UnverifiedNoteError(NoteError):
    """No known key signed the note, or a known key's signature fails (a witness: 403)."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str, what: str) -> bytes:
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise NoteError(f"{what} is not base64") from None
    if _b64(data) != text:
        raise NoteError(f"{what} is not canonical base64")
    return data


def valid_name(name: str) -> bool:
    """Key names are non-empty, without Unicode spaces or plus signs."""
    return bool(_NAME.fullmatch(name))


def raw_public(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def note_key_id(name: str, sig_type: int, public: bytes) -> int:
    """SHA-256(name || 0x0A || type || public key)[:4] as a big-endian uint32."""
    digest = hashlib.sha256(name.encode() + b"\n" + bytes([sig_type]) + public).digest()
    return int.from_bytes(digest[:4], "big")


def cosigned_message(text: str, timestamp: int) -> bytes:
    """What an Ed25519 cosignature (type 0x04) signs."""
    return f"cosignature/v1\ntime {timestamp}\n".encode() + text.encode()


@dataclass(frozen=True)
class Signature:
    """One signature line: the key name, the key id and the signature bytes after the id."""

    name: str
    key_id: int
    signature: bytes

    def line(self) -> str:
        blob = struct.pack(">I", self.key_id) + self.signature
        return f"{DASH} {self.name} {_b64(blob)}\n"

    def timestamp(self) -> int | None:
        """The cosignature time, for a 72-byte timestamped Ed25519 signature."""
        return struct.unpack(">Q", self.signature[:8])[0] if len(self.signature) == 72 else None


@dataclass(frozen=True)
class Verifier:
    """A public key that checks one name's signatures of one type (log or cosignature)."""

    name: str
    sig_type: int
    public_key: Ed25519PublicKey
    key_id: int = field(init=False)

    def __post_init__(self) -> None:
        if not valid_name(self.name):
            raise NoteError(f"invalid key name {self.name!r}")
        if self.sig_type not in (ED25519, COSIGNATURE_V1):
            raise NoteError(f"unsupported signature type {self.sig_type:#04x}")
        object.__setattr__(
            self, "key_id", note_key_id(self.name, self.sig_type, raw_public(self.public_key))
        )

    def vkey(self) -> str:
        """``name+hex(key id)+base64(type || public key)``."""
        material = bytes([self.sig_type]) + raw_public(self.public_key)
        return f"{self.name}+{self.key_id:08x}+{_b64(material)}"

    def matches(self, signature: Signature) -> bool:
        return signature.name == self.name and signature.key_id == self.key_id

    def verify(self, text: str, signature: Signature) -> bool:
        """Does ``signature`` (already matched by name and id) hold over ``text``?"""
        sig = signature.signature
        if self.sig_type == ED25519:
            message = text.encode()
            if len(sig) != 64:
                return False
        else:
            if len(sig) != 72:
                return False
            stamp = struct.unpack(">Q", sig[:8])[0]
            if stamp == 0 or stamp > 2**63 - 1:
                return False
            message, sig = cosigned_message(text, stamp), sig[8:]
        try:
            self.public_key.verify(sig, message)
        except InvalidSignature:
            return False
        return True


def parse_vkey(vkey: str) -> Verifier:
    """A verifier from its vkey text; NoteError when malformed or the id does not match."""
    parts = vkey.strip().split("+", 2)  # base64 may hold "+" too
    if len(parts) != 3 or not re.fullmatch(r"[0-9a-f]{8}", parts[1]):
        raise NoteError(f"not a verifier key (name+keyid+base64): {vkey[:40]!r}")
    name, hex_id, material = parts
    data = _unb64(material, "the verifier key material")
    if len(data) != 33:
        raise NoteError("an Ed25519 verifier key holds a type byte and 32 bytes")
    verifier = Verifier(name, data[0], Ed25519PublicKey.from_public_bytes(data[1:]))
    if verifier.key_id != int(hex_id, 16):
        raise NoteError(f"the key id {hex_id} does not match the key {name}")
    return verifier


@dataclass(frozen=True)
class Signer:
    """A private key that signs notes under a name (log: type 0x01; witness: type 0x04)."""

    name: str
    key: Ed25519PrivateKey
    sig_type: int = ED25519

    def verifier(self) -> Verifier:
        return Verifier(self.name, self.sig_type, self.key.public_key())

    def sign(self, text: str, timestamp: int | None = None) -> Signature:
        """The signature of ``text``; a cosignature needs its POSIX ``timestamp`` (> 0)."""
        key_id = self.verifier().key_id
        if self.sig_type == ED25519:
            return Signature(self.name, key_id, self.key.sign(text.encode()))
        if timestamp is None or not 0 < timestamp <= 2**63 - 1:
            raise NoteError("a cosignature needs a positive timestamp")
        signed = self.key.sign(cosigned_message(text, timestamp))
        return Signature(self.name, key_id, struct.pack(">Q", timestamp) + signed)


@dataclass(frozen=True)
class Note:
    """A note's text (ending in a newline) and its signature lines, in order."""

    text: str
    signatures: tuple[Signature, ...]

    def render(self) -> str:
        return self.text + "\n" + "".join(sig.line() for sig in self.signatures)

    def with_signatures(self, extra: Iterable[Signature]) -> Note:
        """This note with more signatures; a line already present is not repeated."""
        seen = list(self.signatures)
        for sig in extra:
            if sig not in seen:
                seen.append(sig)
        return Note(self.text, tuple(seen))


def parse_signature_line(line: str) -> Signature:
    """``— <name> <base64(key id || signature)>`` without its newline."""
    if not line.startswith(DASH + " "):
        raise NoteError("a signature line starts with an em dash and a space")
    parts = line[2:].split(" ")
    if len(parts) != 2 or not valid_name(parts[0]):
        raise NoteError("a signature line holds a key name and a base64 signature")
    blob = _unb64(parts[1], "a signature")
    if len(blob) < 5:
        raise NoteError("a signature is a 4-byte key id and signature bytes")
    return Signature(parts[0], struct.unpack(">I", blob[:4])[0], blob[4:])


def parse_signature_lines(data: str) -> list[Signature]:
    """Lines of signatures, each ending in a newline (a witness's answer)."""
    if not data.endswith("\n"):
        raise NoteError("signature lines end in a newline")
    lines = data[:-1].split("\n")
    if len(lines) > MAX_SIGNATURES:
        raise NoteError(f"more than {MAX_SIGNATURES} signatures")
    return [parse_signature_line(line) for line in lines]


def parse_note(data: str | bytes) -> Note:
    """Split a signed note into text and signatures; NoteError when it is not one."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NoteError("a note is UTF-8") from None
    if any(ord(char) < 0x20 and char != "\n" for char in data):
        raise NoteError("a note holds no control characters but newlines")
    split = data.rfind("\n\n")
    if split < 0:
        raise NoteError("a note is text, a blank line and signature lines")
    text, signatures = data[: split + 1], data[split + 2 :]
    return Note(text, tuple(parse_signature_lines(signatures)))


def verify_note(note: Note, verifiers: Sequence[Verifier]) -> list[Verifier]:
    """The known keys whose signatures verify; UnverifiedNoteError when one fails or none does.

    Signatures of unknown keys (name or id differ) are ignored, as the spec requires.
    """
    verified: list[Verifier] = []
    for signature in note.signatures:
        for verifier in verifiers:
            if verifier.matches(signature):
                if not verifier.verify(note.text, signature):
                    raise UnverifiedNoteError(f"the signature of {verifier.name} does not verify")
                if verifier not in verified:
                    verified.append(verifier)
    if not verified:
        raise UnverifiedNoteError("no signature by a known key")
    return verified


@dataclass(frozen=True)
class CheckpointText:
    """The body of a tlog-checkpoint: origin, tree size, RFC 6962 root hash, extension lines."""

    origin: str
    tree_size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.origin or "\n" in self.origin:
            raise NoteError("the origin is one non-empty line")
        if self.tree_size < 0 or len(self.root_hash) != HASH_SIZE:
            raise NoteError("a checkpoint has a size >= 0 and a 32-byte root hash")
        if self.tree_size == 0 and self.root_hash != EMPTY_ROOT:
            raise NoteError("an empty tree has the hash of the empty string as its root")
        if any(not line or "\n" in line for line in self.extensions):
            raise NoteError("extension lines are non-empty single lines")

    def text(self) -> str:
        lines = [self.origin, str(self.tree_size), _b64(self.root_hash), *self.extensions]
        return "".join(line + "\n" for line in lines)

    @classmethod
    def parse(cls, text: str) -> CheckpointText:
        if not text.endswith("\n"):
            raise NoteError("a checkpoint text ends in a newline")
        lines = text[:-1].split("\n")
        if len(lines) < 3:
            raise NoteError("a checkpoint has an origin, a size and a root hash line")
        if not _DECIMAL.fullmatch(lines[1]):
            raise NoteError("the tree size is a decimal without leading zeroes")
        return cls(lines[0], int(lines[1]), _unb64(lines[2], "the root hash"), tuple(lines[3:]))


def sign_checkpoint_note(checkpoint: CheckpointText, signer: Signer) -> Note:
    """The checkpoint as a note signed by the log."""
    text = checkpoint.text()
    return Note(text, (signer.sign(text),))


def open_checkpoint(
    data: str | bytes, log: Verifier, witnesses: Sequence[Verifier] = ()
) -> tuple[CheckpointText, Note, list[Verifier]]:
    """Parse and verify a checkpoint: signed by ``log`` (whose name must be the origin), and
    the witnesses among ``witnesses`` whose cosignatures verify.

    A failing cosignature of a known witness rejects the note, as the signed-note spec advises.
    """
    note = parse_note(data)
    checkpoint = CheckpointText.parse(note.text)
    if checkpoint.origin != log.name:
        raise NoteError(f"the checkpoint's origin {checkpoint.origin!r} is not {log.name!r}")
    verified = verify_note(note, [log, *witnesses])
    if log not in verified:
        raise UnverifiedNoteError(f"the checkpoint is not signed by {log.name}")
    return checkpoint, note, [v for v in verified if v is not log]
