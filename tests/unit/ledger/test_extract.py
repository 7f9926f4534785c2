"""Register extracts, pure: signed with the log key, checked with its vkey alone; the JWS is a
standard one (a plain Ed25519 check over `header.payload` verifies it without joserfc); and
each way of tampering names its step."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.ledger.proof.extract import (
    EXTRACT_FORMAT,
    ExtractError,
    ExtractEvent,
    sign_extract,
    verify_extract,
)
from projections.ledger.proof.merkle import (
    DictNodeStore,
    IncrementalTree,
    inclusion_proof,
    leaf_hash,
)
from projections.ledger.proof.note import (
    CheckpointText,
    Signer,
    parse_vkey,
    sign_checkpoint_note,
)

ROOT = Path(__file__).resolve().parents[3]
KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
LOG = Signer("register.example.nl/ledger", KEY)
ENTRY = {
    "register_number": "12345678901",
    "name": {"initials": "J.", "prefix": "de", "family_name": "Vries", "display": "J. de Vries"},
    "qualifications": [
        {"sector": "vo", "subject": "wiskunde", "status": "registered", "since": "2022-09-01"}
    ],
    "annotations": [],
    "history": [],
    "on": None,
}


def _tree(size: int) -> tuple[list[bytes], DictNodeStore, bytes]:
    leaves = [leaf_hash(f"event {i}".encode()) for i in range(size)]
    store = DictNodeStore()
    tree = IncrementalTree(store)
    store.put_many(tree.append_many(leaves))
    return leaves, store, tree.root()


def _extract(positions: tuple[int, ...] = (3, 9, 12), size: int = 13) -> dict[str, Any]:
    leaves, store, root_hash = _tree(size)
    note = sign_checkpoint_note(CheckpointText(LOG.name, size, root_hash), LOG).render()
    events = [
        ExtractEvent(p + 1, p, leaves[p], tuple(inclusion_proof(p, size, store.get)))
        for p in positions
    ]
    return sign_extract(
        KEY,
        LOG.verifier(),
        entry=ENTRY,
        checkpoint_note=note,
        checkpoint_signed_at="2026-11-28T12:00:00.000000Z",
        events=events,
        issued_on="2026-11-28",
        now=datetime(2026, 11, 28, 12, 30, tzinfo=UTC),
    )


def test_an_extract_verifies_with_the_vkey_and_says_what_was_signed() -> None:
    document = _extract()
    verdict = verify_extract(json.dumps(document), parse_vkey(LOG.verifier().vkey()))
    assert verdict.entry == ENTRY
    assert verdict.payload["format"] == EXTRACT_FORMAT
    assert verdict.payload["issued_at"] == "2026-11-28T12:30:00Z"
    assert [e["position"] for e in verdict.payload["events"]] == [4, 10, 13]
    assert verdict.checkpoint.tree_size == 13
    assert verdict.key == f"register.example.nl/ledger+{LOG.verifier().key_id:08x}"


def test_the_jws_is_standard_ed25519_without_our_library() -> None:
    """RFC 7515 compact form: an Ed25519 signature over the ASCII `header.payload`."""
    header_b64, payload_b64, signature_b64 = _extract()["extract"].split(".")

    def unb64url(text: str) -> bytes:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))

    header = json.loads(unb64url(header_b64))
    assert header == {
        "alg": "Ed25519",
        "typ": "lerarenregister-extract+jws",
        "kid": f"register.example.nl/ledger+{LOG.verifier().key_id:08x}",
    }
    KEY.public_key().verify(unb64url(signature_b64), f"{header_b64}.{payload_b64}".encode())
    assert json.loads(unb64url(payload_b64))["entry"] == ENTRY


def _resign_payload(document: dict[str, Any], change: Any) -> dict[str, Any]:
    header, payload, signature = document["extract"].split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(data)
    raw = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return {**document, "extract": f"{header}.{raw}.{signature}"}


def test_each_kind_of_tampering_names_its_step() -> None:
    document = _extract()
    log = LOG.verifier()
    other_tree = _extract(size=14)  # the same events, proven against another (valid) checkpoint
    stranger = Signer(LOG.name, Ed25519PrivateKey.from_private_bytes(bytes(32))).verifier()
    cosigner = Signer("w", KEY, 0x04).verifier()

    def struck_off(data: dict[str, Any]) -> None:
        data["entry"]["qualifications"][0]["status"] = "struck_off"

    swapped_proof = json.loads(json.dumps(document))
    swapped_proof["proofs"][1]["hashes"] = document["proofs"][0]["hashes"]
    moved = json.loads(json.dumps(document))
    moved["proofs"][0]["leaf_index"] = 4
    cases = {
        "signature": _resign_payload(document, struck_off),
        "binding": {**document, "checkpoint": other_tree["checkpoint"]},
        "proof": swapped_proof,
    }
    for step, data in cases.items():
        with pytest.raises(ExtractError) as raised:
            verify_extract(data, log)
        assert raised.value.step == step, str(raised.value)
    with pytest.raises(ExtractError, match="its inclusion proof does not hold") as raised:
        verify_extract(moved, log)
    with pytest.raises(ExtractError, match="not by the key given") as raised:
        verify_extract(document, stranger)
    assert raised.value.step == "key"
    with pytest.raises(ExtractError, match="not the register's key") as raised:
        verify_extract(document, cosigner)
    truncated = {**document, "extract": document["extract"].rsplit(".", 1)[0] + ".AAAA"}
    with pytest.raises(ExtractError, match="altered after it was signed"):
        verify_extract(truncated, log)
    for garbage in ("[]", "{}", '{"format": "lerarenregister-extract/1"}', "\x00"):
        with pytest.raises(ExtractError) as raised:
            verify_extract(garbage, log)
        assert raised.value.step == "format"


def test_python_m_projections_ledger_verifies_an_extract(tmp_path: Path) -> None:
    """The offline check with only the ledger package: exit 0 and what it says, 1 and why."""
    path = tmp_path / "uittreksel.json"
    path.write_text(json.dumps(_extract()))
    vkey = LOG.verifier().vkey()

    def check(file: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "projections.ledger",
                "verify-extract",
                str(file),
                "--key",
                vkey,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    good = check(path)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Register number 12345678901: J. de Vries" in good.stdout
    assert "vo wiskunde: registered since 2022-09-01" in good.stdout
    bad = tmp_path / "changed.json"
    bad.write_text(json.dumps(_resign_payload(_extract(), lambda d: d.update(issued_on="2030"))))
    refused = check(bad)
    assert refused.returncode == 1
    assert "NOT VERIFIED" in refused.stdout
