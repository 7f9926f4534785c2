"""The canonical leaf encoding of a stored event: what the ledger hashes, byte for byte.

Auditors re-implement this, so it is fixed and fully specified here. A leaf is the
concatenation, with no padding or separators, of:

    offset     size  field           content
    0          1     format          0x01 (this layout; a new layout gets a new byte)
    1          8     position        unsigned 64-bit big-endian: the event's notification id,
                                     its position in the application's global log
    9          4     id_length       unsigned 32-bit big-endian: byte length of originator_id
                                     (always 36)
    13         L1    originator_id   ASCII of the canonical UUID text: lowercase hexadecimal,
                                     hyphenated 8-4-4-4-12, e.g.
                                     "0b5f7f2e-3c1d-4e8a-9f00-1234567890ab"
    13+L1      8     version         unsigned 64-bit big-endian: the aggregate version
    21+L1      4     topic_length    unsigned 32-bit big-endian: byte length of topic
    25+L1      L2    topic           UTF-8 of the event's topic, exactly as stored
    25+L1+L2   4     state_length    unsigned 32-bit big-endian: byte length of state
    29+L1+L2   L3    state           the stored state bytes exactly as persisted (after any
                                     compression or encryption the store applies)

Every variable field carries its length, so no two distinct events share an encoding. The leaf
hash is then SHA-256(0x00 || leaf) (RFC 9162). ``position`` is in the leaf so that reordering
or renumbering the log changes the ledger, and ``state`` is hashed as stored (not as decoded) so
that the proof holds over what an administrator could actually alter.
"""

from __future__ import annotations

import hashlib
import re
import struct
import uuid
from typing import NamedTuple

FORMAT = 0x01
_U64 = struct.Struct(">Q")
_U32 = struct.Struct(">I")
_U64_MAX = 2**64 - 1
_U32_MAX = 2**32 - 1
_CANONICAL_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_HEAD = struct.Struct(">BQI")  # format, position, originator id length
_MIDDLE = struct.Struct(">QI")  # version, topic length


class LeafFields(NamedTuple):
    """The fields of one leaf, as ``decode_leaf`` returns them."""

    position: int
    originator_id: str
    version: int
    topic: str
    state: bytes


def canonical_uuid(value: str | uuid.UUID) -> str:
    """Canonical UUID text; other spellings are refused, since they would hash differently."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, str) and _CANONICAL_UUID.fullmatch(value):
        return value
    raise ValueError(f"originator id {value!r} is not a canonical (lowercase, hyphenated) UUID")


def _u64(name: str, value: int) -> bytes:
    if not 0 <= value <= _U64_MAX:
        raise ValueError(f"{name} {value} does not fit an unsigned 64-bit integer")
    return _U64.pack(value)


def _prefixed(name: str, data: bytes) -> bytes:
    if len(data) > _U32_MAX:
        raise ValueError(f"{name} is longer than 2**32 - 1 bytes")
    return _U32.pack(len(data)) + data


def encode_leaf(
    position: int,
    originator_id: str | uuid.UUID,
    version: int,
    topic: str,
    state: bytes | bytearray | memoryview,
) -> bytes:
    """The canonical bytes of one stored event (see the module docstring)."""
    return b"".join(
        (
            bytes((FORMAT,)),
            _u64("position", position),
            _prefixed("originator id", canonical_uuid(originator_id).encode()),
            _u64("version", version),
            _prefixed("topic", topic.encode("utf-8")),
            _prefixed("state", bytes(state)),
        )
    )


def event_leaf_hash(
    position: int,
    originator_id: str | uuid.UUID,
    version: int,
    topic: str,
    state: bytes | bytearray | memoryview,
) -> bytes:
    """SHA-256(0x00 || encode_leaf(...)), streamed into the hash without building the leaf.

    This is the ledger's hot path (once per stored event, when building and when verifying).
    """
    if not (0 <= position <= _U64_MAX and 0 <= version <= _U64_MAX):
        raise ValueError("position and version must fit unsigned 64-bit integers")
    if not isinstance(state, bytes):
        state = bytes(state)
    originator = canonical_uuid(originator_id).encode()
    topic_bytes = topic.encode("utf-8")
    if len(topic_bytes) > _U32_MAX or len(state) > _U32_MAX:
        raise ValueError("topic and state must be shorter than 2**32 bytes")
    digest = hashlib.sha256(b"\x00")
    digest.update(_HEAD.pack(FORMAT, position, len(originator)))
    digest.update(originator)
    digest.update(_MIDDLE.pack(version, len(topic_bytes)))
    digest.update(topic_bytes)
    digest.update(_U32.pack(len(state)))
    digest.update(state)
    return digest.digest()


def decode_leaf(data: bytes) -> LeafFields:
    """Parse a leaf back into its fields; refuses anything but the exact canonical layout."""
    view = memoryview(data)
    offset = 0

    def take(size: int) -> bytes:
        nonlocal offset
        if offset + size > len(view):
            raise ValueError("leaf is truncated")
        chunk = bytes(view[offset : offset + size])
        offset += size
        return chunk

    def take_prefixed() -> bytes:
        (length,) = _U32.unpack(take(_U32.size))
        return take(length)

    if take(1) != bytes((FORMAT,)):
        raise ValueError("unknown leaf format")
    (position,) = _U64.unpack(take(_U64.size))
    originator_id = canonical_uuid(take_prefixed().decode("utf-8"))
    (version,) = _U64.unpack(take(_U64.size))
    topic = take_prefixed().decode("utf-8")
    state = take_prefixed()
    if offset != len(view):
        raise ValueError("leaf has trailing bytes")
    return LeafFields(position, originator_id, version, topic, state)
