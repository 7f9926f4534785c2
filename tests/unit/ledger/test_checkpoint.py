"""Signed checkpoints and key handling."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import stat
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.ledger.proof.checkpoint import (
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

ROOT = hashlib.sha256(b"root").digest()
WHEN = "2025-06-01T12:00:00.000000Z"


@pytest.fixture(scope="module")
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def test_signed_body_is_the_documented_text() -> None:
    body = checkpoint_body(42, ROOT, WHEN)
    root_b64 = base64.b64encode(ROOT).decode()
    assert body == f"lerarenregister/ledger/v1\n42\n{root_b64}\n{WHEN}\n".encode()


def test_sign_and_verify(key: Ed25519PrivateKey) -> None:
    checkpoint = sign_checkpoint(key, 42, ROOT, WHEN)
    assert checkpoint.key_id == key_id(key.public_key())
    assert verify_checkpoint(key.public_key(), checkpoint)
    key.public_key().verify(checkpoint.signature, checkpoint.body())  # plain Ed25519


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": 43},
        {"root_hash": hashlib.sha256(b"other").digest()},
        {"timestamp": "2025-06-01T12:00:01.000000Z"},
        {"signature": bytes(64)},
        {"signature": b"short"},
        {"key_id": "0000000000000000"},
    ],
)
def test_any_altered_field_fails(key: Ed25519PrivateKey, change: dict[str, object]) -> None:
    checkpoint = dataclasses.replace(sign_checkpoint(key, 42, ROOT, WHEN), **change)  # type: ignore[arg-type]
    assert not verify_checkpoint(key.public_key(), checkpoint)


def test_another_key_fails(key: Ed25519PrivateKey) -> None:
    checkpoint = sign_checkpoint(key, 42, ROOT, WHEN)
    other = Ed25519PrivateKey.generate().public_key()
    assert not verify_checkpoint(other, checkpoint)
    assert not verify_checkpoint(other, dataclasses.replace(checkpoint, key_id=key_id(other)))


def test_dict_round_trip(key: Ed25519PrivateKey) -> None:
    checkpoint = sign_checkpoint(key, 42, ROOT, WHEN)
    data = checkpoint.to_dict()
    assert data["root_hash"] == base64.b64encode(ROOT).decode()
    assert Checkpoint.from_dict(data) == checkpoint


@pytest.mark.parametrize(
    "change",
    [
        {"tree_size": -1},
        {"tree_size": "42"},
        {"tree_size": True},
        {"root_hash": "not base64!"},
        {"root_hash": base64.b64encode(b"short").decode()},
        {"timestamp": "2025-06-01 12:00:00"},
        {"timestamp": "2025-06-01T12:00:00+00:00"},
        {"signature": 7},
        {"key_id": None},
    ],
)
def test_malformed_dicts_are_refused(key: Ed25519PrivateKey, change: dict[str, object]) -> None:
    data = sign_checkpoint(key, 42, ROOT, WHEN).to_dict() | change
    with pytest.raises(ValueError):  # noqa: PT011 - all malformations are ValueError
        Checkpoint.from_dict(data)
    with pytest.raises(ValueError, match="malformed"):
        Checkpoint.from_dict({})


def test_timestamps_are_canonical_utc(key: Ed25519PrivateKey) -> None:
    amsterdam = timezone(timedelta(hours=2))
    moment = datetime(2025, 6, 1, 14, 0, 0, 5, tzinfo=amsterdam)
    assert format_timestamp(moment) == "2025-06-01T12:00:00.000005Z"
    assert sign_checkpoint(key, 1, ROOT, moment).timestamp == "2025-06-01T12:00:00.000005Z"
    now = datetime.fromisoformat(sign_checkpoint(key, 1, ROOT).timestamp.replace("Z", "+00:00"))
    assert abs(now - datetime.now(UTC)) < timedelta(minutes=1)
    with pytest.raises(ValueError, match="timezone"):
        format_timestamp(datetime(2025, 6, 1))  # naive: the point of the test


def test_key_is_created_private_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "ledger-key.pem"
    created = load_or_create_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
    again = load_or_create_key(path)
    assert key_id(again) == key_id(created)


def test_concurrent_creators_agree_on_one_key(tmp_path: Path) -> None:
    path = tmp_path / "key.pem"
    with ThreadPoolExecutor(8) as pool:
        ids = set(pool.map(lambda _: key_id(load_or_create_key(path)), range(8)))
    assert ids == {key_id(load_or_create_key(path))}


def test_a_non_ed25519_key_file_is_refused(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric import ec

    path = tmp_path / "ec.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(ValueError, match="Ed25519"):
        load_or_create_key(path)


def test_public_key_pem_round_trips_through_text_bytes_and_files(
    key: Ed25519PrivateKey, tmp_path: Path
) -> None:
    pem = public_key_pem(key)
    assert pem == public_key_pem(key.public_key())
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    path = tmp_path / "public.pem"
    path.write_text(pem)
    for source in (pem, pem.encode(), path, str(path)):
        assert key_id(load_public_key(source)) == key_id(key)


def test_key_id_is_a_prefix_of_the_raw_key_digest(key: Ed25519PrivateKey) -> None:
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert key_id(key) == hashlib.sha256(raw).hexdigest()[:16]
