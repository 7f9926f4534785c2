"""The ledger in C2SP formats over HTTP: checkpoint note, vkey, tiles, entry bundles, proofs."""

from __future__ import annotations

import base64
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import DemoSummary, load_demo
from projections.ledger.proof.checkpoint import Checkpoint
from projections.ledger.proof.merkle import leaf_hash, root
from projections.ledger.proof.note import open_checkpoint, parse_vkey
from projections.ledger.proof.proof_file import TlogProof, verify_tlog_proof
from projections.ledger.proof.tiles import TILE_WIDTH, unpack_entries

Headers = Callable[..., dict[str, str]]


@pytest.fixture
def demo(services: Services) -> DemoSummary:
    """Twelve demo teachers: a few hundred events, so level-1 tiles exist."""
    summary = load_demo(services.register, 12, seed=3)
    services.projections.catch_up_all()
    return summary


def _latest(client: TestClient) -> Checkpoint:
    return Checkpoint.from_dict(client.get("/api/public/ledger/checkpoints/latest").json())


def test_the_checkpoint_note_verifies_with_the_published_vkey(
    client: TestClient, demo: DemoSummary
) -> None:
    """text/plain signed note; same size and root as the kept (JSON) checkpoint."""
    vkey = client.get("/api/ledger/key")
    assert vkey.headers["content-type"] == "text/plain; charset=utf-8"
    verifier = parse_vkey(vkey.text)
    assert verifier.name == "lerarenregister.example/ledger"
    answer = client.get("/ledger/checkpoint")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/plain; charset=utf-8"
    assert answer.headers["cache-control"] == "no-cache"
    checkpoint, _, _ = open_checkpoint(answer.text, verifier)
    kept = _latest(client)
    assert (checkpoint.tree_size, checkpoint.root_hash) == (kept.tree_size, kept.root_hash)
    assert checkpoint.origin == verifier.name
    assert client.get("/ledger/checkpoint").text == answer.text  # deterministic signature


def test_the_tiles_rebuild_the_signed_root(client: TestClient, demo: DemoSummary) -> None:
    """Level-0 tiles hold the leaves, level-1 tiles the roots of full level-0 tiles; together
    they give the checkpoint's root, as a tlog-tiles client computes it."""
    kept = _latest(client)
    size = kept.tree_size
    assert size > TILE_WIDTH, "the demo must fill a level-0 tile"
    leaves: list[bytes] = []
    for n in range(size // TILE_WIDTH):
        full = client.get(f"/ledger/tile/0/{n:03d}")
        assert full.status_code == 200
        assert full.headers["content-type"] == "application/octet-stream"
        assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert len(full.content) == 8192
        leaves += [full.content[i : i + 32] for i in range(0, 8192, 32)]
    width = size % TILE_WIDTH
    partial = client.get(f"/ledger/tile/0/{size // TILE_WIDTH:03d}.p/{width}")
    assert partial.status_code == 200
    assert len(partial.content) == 32 * width
    leaves += [partial.content[i : i + 32] for i in range(0, len(partial.content), 32)]
    assert root(leaves) == kept.root_hash
    level1 = client.get(f"/ledger/tile/1/000.p/{size // TILE_WIDTH}")
    assert level1.content[:32] == root(leaves[:TILE_WIDTH])


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("0/1", id="malformed"),
        pytest.param("0/x000/000", id="leading-zero-group"),
        pytest.param("0/009", id="beyond-the-tree"),
        pytest.param("1/000", id="full-level-1-not-yet"),
        pytest.param("0/001.p/255", id="wider-than-the-checkpoint"),
    ],
)
def test_tiles_that_do_not_exist_are_404_problems(
    client: TestClient, demo: DemoSummary, path: str
) -> None:
    answer = client.get(f"/ledger/tile/{path}")
    assert answer.status_code == 404, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_entry_bundles_are_for_auditors_and_hash_to_the_tile(
    client: TestClient, demo: DemoSummary, token_for: Headers
) -> None:
    """The events are personal data: no bundle without an auditor's token; with one, each
    entry hashes (RFC 6962 leaf hash) to the level-0 tile's hash at its place."""
    assert client.get("/ledger/tile/entries/000").status_code == 401
    registrar = token_for("registrar")
    assert client.get("/ledger/tile/entries/000", headers=registrar).status_code == 403
    bundle = client.get("/ledger/tile/entries/000", headers=token_for("auditor"))
    assert bundle.status_code == 200
    assert bundle.headers["cache-control"].startswith("private")
    entries = unpack_entries(bundle.content)
    tile = client.get("/ledger/tile/0/000").content
    assert len(entries) == TILE_WIDTH
    assert [leaf_hash(e) for e in entries] == [tile[i : i + 32] for i in range(0, 8192, 32)]


def test_a_tlog_proof_of_one_event_verifies_offline(
    client: TestClient, demo: DemoSummary, token_for: Headers
) -> None:
    """c2sp.org/tlog-proof@v1: the event's bytes, its path and the signed checkpoint note."""
    vkey = parse_vkey(client.get("/api/ledger/key").text)
    auditor = token_for("auditor")
    answer = client.get("/api/audit/ledger/proof", params={"position": 5}, headers=auditor)
    assert answer.status_code == 200, answer.text
    assert answer.text.startswith("c2sp.org/tlog-proof@v1\nextra ")
    proof = TlogProof.parse(answer.text)
    verdict = verify_tlog_proof(proof, vkey)
    assert verdict.entry is not None
    assert verdict.entry.position == 5
    assert verdict.checkpoint.tree_size == _latest(client).tree_size
    # The same file with another event's bytes does not verify.
    other = client.get("/api/audit/ledger/proof", params={"position": 6}, headers=auditor).text
    forged = TlogProof(proof.index, proof.proof, proof.checkpoint, TlogProof.parse(other).extra)
    with pytest.raises(ValueError, match="not in the signed tree"):
        verify_tlog_proof(forged, vkey)
    assert client.get("/api/audit/ledger/proof", params={"position": 5}).status_code == 401
    missing = client.get("/api/audit/ledger/proof", params={"position": 10**9}, headers=auditor)
    assert missing.status_code == 404


def test_the_vkey_names_the_configured_origin(services: Services) -> None:
    from api.app import create_app

    services.settings = services.settings.model_copy(update={"ledger_origin": "lr.test/ledger"})
    with TestClient(create_app(services)) as client:
        vkey = parse_vkey(client.get("/api/ledger/key").text)
    assert vkey.name == "lr.test/ledger"
    assert base64.b64decode(client_vkey_material(vkey.vkey()))[0] == 1


def client_vkey_material(vkey: str) -> str:
    return vkey.split("+", 2)[2]
