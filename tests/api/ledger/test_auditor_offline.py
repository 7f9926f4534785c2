"""End to end: an auditor with only the public key and a bundle file proves, offline, that a
teacher's history is included unaltered in a signed checkpoint, and that the register's later
checkpoint extends the one they kept."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import load_demo

ROOT = Path(__file__).resolve().parents[3]
Headers = Callable[..., dict[str, str]]


def verify_bundle_offline(
    *args: str, cwd: Path, module: str = "api.cli"
) -> subprocess.CompletedProcess[str]:
    """`lerarenregister verify-bundle ...` (or `python -m projections.ledger verify-bundle`) in
    a fresh process that has no database to reach."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "LR_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "LR_DATA_DIR": str(cwd / "no-such-folder"),
    }
    return subprocess.run(
        [sys.executable, "-m", module, "verify-bundle", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_an_auditor_verifies_a_teachers_history_offline(
    client: TestClient, services: Services, token_for: Headers, tmp_path: Path
) -> None:
    """Key and bundle saved as files suffice; one changed byte makes the check fail."""
    summary = load_demo(services.register, 4, seed=8)
    services.projections.catch_up_all()
    teacher_id = str(services.register.find_by_register_number(summary.sample_register_numbers[2]))
    auditor = token_for("auditor")
    auditor_dir = tmp_path / "auditor"
    auditor_dir.mkdir()

    key = client.get("/api/public/ledger/key").json()["public_key_pem"]
    (auditor_dir / "register-key.pem").write_text(key)
    kept = client.get("/api/public/ledger/checkpoints/latest").json()
    (auditor_dir / "kept-checkpoint.json").write_text(json.dumps(kept))

    load_demo(services.register, 3, seed=9)  # the register goes on; a new checkpoint follows
    services.projections.catch_up_all()
    bundle = client.get(f"/api/audit/teachers/{teacher_id}/bundle", headers=auditor).json()
    assert bundle["checkpoint"]["tree_size"] > kept["tree_size"]
    (auditor_dir / "bundle.json").write_text(json.dumps(bundle))
    proof = client.get(
        "/api/public/ledger/consistency",
        params={"from": kept["tree_size"], "to": bundle["checkpoint"]["tree_size"]},
    ).json()
    (auditor_dir / "consistency.json").write_text(json.dumps(proof))

    result = verify_bundle_offline(
        "bundle.json",
        "--public-key",
        "register-key.pem",
        "--older-checkpoint",
        "kept-checkpoint.json",
        "--consistency-proof",
        "consistency.json",
        cwd=auditor_dir,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"stored events of {teacher_id} are included, unaltered" in result.stdout
    assert "extends your older checkpoint" in result.stdout

    event = bundle["events"][-1]
    state = bytearray(base64.b64decode(event["state_b64"]))
    state[len(state) // 2] ^= 0x20
    event["state_b64"] = base64.b64encode(bytes(state)).decode()
    (auditor_dir / "altered.json").write_text(json.dumps(bundle))
    result = verify_bundle_offline(
        "altered.json", "--public-key", "register-key.pem", cwd=auditor_dir
    )
    assert result.returncode == 1
    assert f"event at position {event['position']}" in result.stdout
    assert "Traceback" not in result.stderr
