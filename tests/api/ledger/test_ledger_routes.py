"""The ledger over HTTP: checkpoints, key and proofs verify with the pure functions alone."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import DemoSummary, load_demo
from projections.ledger.proof.bundle import verify_bundle
from projections.ledger.proof.checkpoint import Checkpoint, load_public_key, verify_checkpoint
from projections.ledger.proof.encoding import event_leaf_hash
from projections.ledger.proof.merkle import verify_consistency, verify_inclusion

Headers = Callable[..., dict[str, str]]
LEDGER = "/api/public/ledger"


def b64(text: str) -> bytes:
    return base64.b64decode(text)


@pytest.fixture
def demo(services: Services) -> DemoSummary:
    """Five demo teachers, their events in the ledger."""
    summary = load_demo(services.register, 5, seed=2)
    services.projections.catch_up_all()
    return summary


@pytest.fixture
def register(services: Services, demo: DemoSummary) -> Services:
    return services


@pytest.fixture
def teacher_id(services: Services, demo: DemoSummary) -> str:
    return str(services.register.find_by_register_number(demo.sample_register_numbers[1]))


@pytest.fixture
def auditor(token_for: Headers) -> dict[str, str]:
    return token_for("auditor")


def problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    return body


def test_the_latest_checkpoint_is_signed_by_the_published_key(
    client: TestClient, register: Services
) -> None:
    """Anyone can fetch the key and the newest checkpoint and check the signature."""
    key = client.get(f"{LEDGER}/key").json()
    public_key = load_public_key(key["public_key_pem"])
    body = client.get(f"{LEDGER}/checkpoints/latest").json()
    checkpoint = Checkpoint.from_dict(body)
    assert verify_checkpoint(public_key, checkpoint)
    assert key["key_id"] == checkpoint.key_id
    assert body["signed_text"].encode() == checkpoint.body()
    again = client.get(f"{LEDGER}/checkpoints/{checkpoint.tree_size}").json()
    assert again == body


def test_consistency_proofs_between_checkpoints_verify(
    client: TestClient, register: Services
) -> None:
    """The proof between two signed sizes verifies against their signed roots."""
    older = Checkpoint.from_dict(client.get(f"{LEDGER}/checkpoints/20").json())
    newer = Checkpoint.from_dict(client.get(f"{LEDGER}/checkpoints/latest").json())
    body = client.get(
        f"{LEDGER}/consistency", params={"from": older.tree_size, "to": newer.tree_size}
    ).json()
    proof = [b64(h) for h in body["proof"]]
    assert verify_consistency(
        older.tree_size, newer.tree_size, older.root_hash, newer.root_hash, proof
    )
    assert not verify_consistency(
        older.tree_size + 1, newer.tree_size, older.root_hash, newer.root_hash, proof
    )


def test_an_inclusion_proof_places_the_stored_event_under_the_signed_root(
    client: TestClient, register: Services, auditor: dict[str, str], teacher_id: str
) -> None:
    """The leaf recomputed from the stored event, its proof and the checkpoint agree."""
    position, version, topic, state = register.register.events_with_positions(
        uuid.UUID(teacher_id)
    )[1]
    response = client.get(
        "/api/audit/ledger/inclusion", params={"position": position}, headers=auditor
    )
    assert response.status_code == 200, response.text
    body = response.json()
    checkpoint = Checkpoint.from_dict(body["checkpoint"])
    leaf = event_leaf_hash(position, teacher_id, version, topic, state)
    assert b64(body["leaf_hash"]) == leaf
    proof = [b64(h) for h in body["proof"]]
    assert verify_inclusion(
        leaf, body["leaf_index"], checkpoint.tree_size, proof, checkpoint.root_hash
    )
    assert not verify_inclusion(
        leaf, body["leaf_index"] + 1, checkpoint.tree_size, proof, checkpoint.root_hash
    )


def test_a_teachers_bundle_verifies_offline(
    client: TestClient, register: Services, auditor: dict[str, str], teacher_id: str
) -> None:
    """The bundle holds the file's events exactly as stored and verifies with the key alone."""
    response = client.get(f"/api/audit/teachers/{teacher_id}/bundle", headers=auditor)
    assert response.status_code == 200, response.text
    bundle = response.json()
    stored = register.register.events_with_positions(uuid.UUID(teacher_id))
    covered = [e for e in stored if e[0] in {ev["position"] for ev in bundle["events"]}]
    assert [
        (e["position"], e["version"], e["topic"], b64(e["state_b64"])) for e in bundle["events"]
    ] == covered
    assert len(covered) + bundle["events_not_yet_checkpointed"] == len(stored)
    public_key = load_public_key(client.get(f"{LEDGER}/key").json()["public_key_pem"])
    report = verify_bundle(bundle, public_key)
    assert report.ok, report.problems
    assert report.events_verified == len(covered)


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        pytest.param(f"{LEDGER}/checkpoints/7", {}, 404, id="no-checkpoint-of-that-size"),
        pytest.param(f"{LEDGER}/checkpoints/-1", {}, 422, id="negative-size"),
        pytest.param(f"{LEDGER}/checkpoints/99999999999999999999", {}, 422, id="huge-size"),
        pytest.param(f"{LEDGER}/consistency", {"from": 40, "to": 20}, 422, id="from-after-to"),
        pytest.param(f"{LEDGER}/consistency", {"from": 1, "to": 10**9}, 404, id="beyond-tree"),
        pytest.param(f"{LEDGER}/consistency", {"from": "x", "to": 2}, 422, id="not-a-number"),
        pytest.param(f"{LEDGER}/consistency", {"to": 2}, 422, id="from-missing"),
    ],
)
def test_public_refusals_are_problem_documents(
    client: TestClient, register: Services, path: str, params: dict[str, Any], status: int
) -> None:
    """Unknown sizes are 404, bad ranges 422, never a 500."""
    problem(client.get(path, params=params), status)


@pytest.mark.parametrize(
    ("params", "status"),
    [
        pytest.param({"position": 10**9}, 404, id="unknown-position"),
        pytest.param({"position": 50, "tree_size": 20}, 422, id="event-outside-the-tree"),
        pytest.param({"position": 5, "tree_size": 10**9}, 404, id="tree-beyond-the-ledger"),
        pytest.param({"position": 0}, 422, id="position-zero"),
        pytest.param({"position": 5, "tree_size": -3}, 422, id="negative-size"),
    ],
)
def test_inclusion_refusals_are_problem_documents(
    client: TestClient,
    register: Services,
    auditor: dict[str, str],
    params: dict[str, Any],
    status: int,
) -> None:
    """An unknown position or size is 404, a position outside the tree 422."""
    problem(client.get("/api/audit/ledger/inclusion", params=params, headers=auditor), status)


def test_proofs_and_bundles_are_for_auditors_and_appeals_only(
    client: TestClient, register: Services, token_for: Headers, teacher_id: str
) -> None:
    """No token is 401; a registrar or teacher is 403; appeals may read."""
    bundle = f"/api/audit/teachers/{teacher_id}/bundle"
    inclusion = "/api/audit/ledger/inclusion?position=3"
    problem(client.get(bundle), 401)
    problem(client.get(bundle, headers=token_for("registrar")), 403)
    problem(client.get(inclusion, headers=token_for("teacher", teacher_id)), 403)
    assert client.get(bundle, headers=token_for("appeals")).status_code == 200


def test_a_bundle_of_an_unknown_teacher_is_not_found(
    client: TestClient, register: Services, auditor: dict[str, str], teacher_id: str
) -> None:
    """404 for an unknown or malformed id; 404 for a checkpoint size that was never signed."""
    problem(client.get(f"/api/audit/teachers/{uuid.uuid4()}/bundle", headers=auditor), 404)
    problem(client.get("/api/audit/teachers/not-an-id/bundle", headers=auditor), 404)
    problem(
        client.get(
            f"/api/audit/teachers/{teacher_id}/bundle", params={"tree_size": 7}, headers=auditor
        ),
        404,
    )


def test_the_auditor_downloads_the_bundle_from_the_timeline_page(
    client: TestClient, register: Services, auditor: dict[str, str], teacher_id: str
) -> None:
    """The timeline page links the file's bundle; the download is the API's bundle, as a
    file, and verifies offline with the published key alone."""
    from api.web.security import SESSION_COOKIE, SessionKeys

    keys = SessionKeys(register.register.secret)
    client.cookies.set(SESSION_COOKIE, keys.seal(auditor["Authorization"].split(" ", 1)[1]))
    try:
        timeline = client.get(f"/teachers/{teacher_id}/events")
        assert f'href="/teachers/{teacher_id}/bundle"' in timeline.text
        download = client.get(f"/teachers/{teacher_id}/bundle")
    finally:
        client.cookies.clear()
    assert download.status_code == 200, download.text[:300]
    assert download.headers["content-disposition"].startswith('attachment; filename="bundle-')
    bundle = download.json()
    assert bundle["events"]
    public_key = load_public_key(client.get(f"{LEDGER}/key").json()["public_key_pem"])
    report = verify_bundle(bundle, public_key)
    assert report.ok, report.problems
    bundle["events"][0]["state_b64"] = base64.b64encode(b"forged").decode()
    assert not verify_bundle(bundle, public_key).ok
