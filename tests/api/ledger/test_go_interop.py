"""An implementation of the signed-note spec that is not ours verifies the served checkpoint.

Go's ``golang.org/x/mod/sumdb/note`` (Debian's golang-golang-x-mod-dev, built in GOPATH mode,
offline) fetches ``/ledger/checkpoint`` from a real uvicorn server and opens it with the vkey
from ``/api/ledger/key``. Skipped only where ``go`` is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.app import create_app
from api.bootstrap import Services
from api.demo import load_demo
from projections.ledger.proof.note import Signer, parse_vkey
from tests.api.ledger.live import serving

SOURCE = Path(__file__).resolve().parents[2] / "interop" / "go" / "verify_checkpoint.go"
GOPATH = Path("/usr/share/gocode")


@pytest.fixture(scope="session")
def go_verifier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Go verifier, built once per session against the system's x/mod source."""
    go = shutil.which("go")
    if go is None or not (GOPATH / "src/golang.org/x/mod/sumdb/note").is_dir():
        pytest.skip("go and golang-golang-x-mod-dev are not installed")
    out = tmp_path_factory.mktemp("go")
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),
        "GOCACHE": str(out / "cache"),
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
    }
    binary = out / "verify_checkpoint"
    subprocess.run([go, "build", "-o", str(binary), str(SOURCE)], env=env, check=True, timeout=300)
    return binary


def test_go_sumdb_note_verifies_the_checkpoint_served_over_http(
    services: Services, go_verifier: Path
) -> None:
    load_demo(services.register, 2, seed=4)
    services.projections.catch_up_all()
    with serving(create_app(services)) as url:
        with urllib.request.urlopen(url + "/api/ledger/key", timeout=10) as answer:
            vkey = answer.read().decode().strip()
        with urllib.request.urlopen(url + "/ledger/checkpoint", timeout=10) as answer:
            served = answer.read().decode()
        done = subprocess.run(
            [str(go_verifier), vkey, url + "/ledger/checkpoint"],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert served.startswith(done.stdout.split("verified-by")[0])
        key_id = f"{parse_vkey(vkey).key_id:08x}"
        assert f"verified-by lerarenregister.example/ledger {key_id}" in done.stdout
        # Another key of the same name is not accepted by the Go verifier either.
        other = Signer("lerarenregister.example/ledger", Ed25519PrivateKey.generate())
        refused = subprocess.run(
            [str(go_verifier), other.verifier().vkey(), url + "/ledger/checkpoint"],
            check=False,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert refused.returncode == 1
    assert "not verified" in refused.stderr
