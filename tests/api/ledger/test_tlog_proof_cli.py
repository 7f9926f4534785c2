"""The command line writes tlog-proof files and verifies them offline with the vkey alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from api.bootstrap import Services
from api.demo import load_demo
from api.settings import Settings

ROOT = Path(__file__).resolve().parents[3]


def run(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def register_env(settings: Settings) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "LR_DATA_DIR": str(settings.data_dir),
        "LR_SECRET_KEY": "test-secret",
        "LR_PROJECTIONS": "off",
    }
    if settings.database_url:
        env["LR_DATABASE_URL"] = settings.database_url
        env["LR_DATABASE_SCHEMA"] = settings.database_schema
    return env


def test_a_teachers_events_as_tlog_proofs_verify_offline(
    services: Services, settings: Settings, tmp_path: Path
) -> None:
    """`ledger bundle --tlog-proofs DIR`, then `verify-proof` with no database reachable; a
    changed byte in a proof's entry is named."""
    summary = load_demo(services.register, 3, seed=5)
    services.projections.catch_up_all()
    teacher = services.register.find_by_register_number(summary.sample_register_numbers[0])
    env = register_env(settings)
    vkey = run("ledger", "vkey", env=env, cwd=tmp_path)
    assert vkey.returncode == 0, vkey.stderr
    proofs = tmp_path / "proofs"
    written = run(
        "ledger", "bundle", str(teacher), "--tlog-proofs", str(proofs), "--out",
        str(tmp_path / "bundle.json"), env=env, cwd=tmp_path,
    )  # fmt: skip
    assert written.returncode == 0, written.stderr
    files = sorted(proofs.glob("*.tlog-proof"))
    assert files
    assert files[0].read_text().startswith("c2sp.org/tlog-proof@v1\n")

    offline = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "LR_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "LR_DATA_DIR": str(tmp_path / "no-such-folder"),
    }
    (tmp_path / "register.vkey").write_text(vkey.stdout)
    checked = run(
        "verify-proof", *map(str, files), "--vkey", str(tmp_path / "register.vkey"),
        env=offline, cwd=tmp_path,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("VERIFIED:") == len(files)
    assert str(teacher) in checked.stdout

    lines = files[0].read_text().split("\n")
    extra = lines[1]
    lines[1] = extra[:-8] + ("A" if extra[-8] != "A" else "B") + extra[-7:]
    (tmp_path / "altered.tlog-proof").write_text("\n".join(lines))
    altered = run(
        "verify-proof", str(tmp_path / "altered.tlog-proof"), "--vkey", vkey.stdout.strip(),
        env=offline, cwd=tmp_path,
    )  # fmt: skip
    assert altered.returncode == 1
    assert "NOT VERIFIED" in altered.stdout
    bad_key = run("verify-proof", str(files[0]), "--vkey", "nonsense+1", env=offline, cwd=tmp_path)
    assert bad_key.returncode == 2
    assert "verifier key" in bad_key.stderr
