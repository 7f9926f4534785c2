"""The canonical leaf encoding: byte-exact, since auditors re-implement it from the docstring."""

from __future__ import annotations

import hashlib
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from projections.ledger.proof.encoding import LeafFields, decode_leaf, encode_leaf, event_leaf_hash

TEACHER = "0b5f7f2e-3c1d-4e8a-9f00-1234567890ab"
TOPIC = "domain.teacher:Teacher.Registered"


def test_layout_is_exactly_as_documented() -> None:
    expected = b"".join(
        (
            b"\x01",  # format
            (7).to_bytes(8, "big"),  # position
            (36).to_bytes(4, "big") + TEACHER.encode(),
            (2).to_bytes(8, "big"),  # version
            len(TOPIC).to_bytes(4, "big") + TOPIC.encode(),
            (2).to_bytes(4, "big") + b"{}",
        )
    )
    assert encode_leaf(7, TEACHER, 2, TOPIC, b"{}") == expected
    assert event_leaf_hash(7, TEACHER, 2, TOPIC, b"{}") == hashlib.sha256(b"\0" + expected).digest()


def test_a_published_example_for_auditors() -> None:
    """Pinned so that any change to the encoding is a deliberate, visible format change."""
    digest = event_leaf_hash(1, "00000000-0000-4000-8000-000000000001", 1, "t", b"")
    assert digest == hashlib.sha256(
        bytes.fromhex(
            "00" "01" "0000000000000001" "00000024"
            "30303030303030302d303030302d343030302d383030302d303030303030303030303031"
            "0000000000000001" "00000001" "74" "00000000"
        )
    ).digest()  # fmt: skip


def test_uuid_objects_and_buffers_are_accepted() -> None:
    via_uuid = encode_leaf(1, uuid.UUID(TEACHER), 1, TOPIC, memoryview(b"abc"))
    assert via_uuid == encode_leaf(1, TEACHER, 1, TOPIC, bytearray(b"abc"))


@pytest.mark.parametrize(
    "originator",
    [TEACHER.upper(), TEACHER.replace("-", ""), "{" + TEACHER + "}", "not-a-uuid", ""],
)
def test_non_canonical_ids_are_refused(originator: str) -> None:
    with pytest.raises(ValueError, match="originator id"):
        encode_leaf(1, originator, 1, TOPIC, b"")


@pytest.mark.parametrize(("position", "version"), [(-1, 1), (1, -1), (2**64, 1), (1, 2**64)])
def test_integers_must_fit_u64(position: int, version: int) -> None:
    with pytest.raises(ValueError, match="64-bit"):
        encode_leaf(position, TEACHER, version, TOPIC, b"")


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x02" + encode_leaf(1, TEACHER, 1, TOPIC, b"x")[1:],
        encode_leaf(1, TEACHER, 1, TOPIC, b"x")[:-1],
        encode_leaf(1, TEACHER, 1, TOPIC, b"x") + b"\0",
    ],
)
def test_decoding_refuses_anything_but_the_exact_layout(data: bytes) -> None:
    with pytest.raises(ValueError, match="leaf"):
        decode_leaf(data)


fields = st.builds(
    LeafFields,
    position=st.integers(min_value=0, max_value=2**64 - 1),
    originator_id=st.uuids().map(str),
    version=st.integers(min_value=0, max_value=2**64 - 1),
    topic=st.text(max_size=40),
    state=st.binary(max_size=64),
)


@settings(max_examples=100)
@given(fields)
def test_round_trip(leaf: LeafFields) -> None:
    assert decode_leaf(encode_leaf(*leaf)) == leaf


@settings(max_examples=100)
@given(fields)
def test_the_streamed_leaf_hash_equals_hashing_the_encoding(leaf: LeafFields) -> None:
    assert event_leaf_hash(*leaf) == hashlib.sha256(b"\0" + encode_leaf(*leaf)).digest()


@pytest.mark.parametrize(("position", "version"), [(-1, 1), (1, 2**64)])
def test_the_streamed_leaf_hash_checks_integers_too(position: int, version: int) -> None:
    with pytest.raises(ValueError, match="64-bit"):
        event_leaf_hash(position, TEACHER, version, TOPIC, b"")


@settings(max_examples=100)
@given(fields, fields)
def test_distinct_events_never_share_an_encoding(a: LeafFields, b: LeafFields) -> None:
    assert (encode_leaf(*a) == encode_leaf(*b)) == (a == b)


def test_shifting_bytes_between_topic_and_state_changes_the_leaf() -> None:
    """The length prefixes are what rule this classic ambiguity out."""
    assert encode_leaf(1, TEACHER, 1, "ab", b"c") != encode_leaf(1, TEACHER, 1, "a", b"bc")
