"""`lerarenregister verify`, `verify-bundle` and `ledger ...` against a real store."""

from __future__ import annotations

import base64
import json
import uuid
from pathlib import Path

import pytest

from api.bootstrap import Services
from api.cli.main import main
from api.settings import Settings
from tests.integration.ledger.conftest import Administrator


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI's settings (LR_* variables) at the test store and its data folder."""
    monkeypatch.setenv("LR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    monkeypatch.setenv("LR_LEDGER_CHECKPOINT_EVERY", "25")
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    return settings


def teacher_of(admin: Administrator) -> str:
    """A teacher's id: the file with the most events."""
    rows = admin.rows()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row.originator_id] = counts.get(row.originator_id, 0) + 1
    return str(uuid.UUID(max(counts, key=lambda k: counts[k])))


def test_verify_passes_on_an_untouched_register(
    register_with_ledger: Services, cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """Exit 0 and a one-line verdict; progress goes to stderr."""
    assert main(["verify"]) == 0
    captured = capsys.readouterr()
    assert "VERIFIED" in captured.out
    assert "verify [" in captured.err


def test_verify_names_the_altered_event_and_fails(
    register_with_ledger: Services,
    admin: Administrator,
    cli_env: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Exit 1, naming position, file and version of the first difference."""
    target = admin.rows()[40]
    admin.flip_byte(target.position)
    assert main(["verify"]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out
    assert (
        f"position {target.position} (version {target.version} of "
        f"{uuid.UUID(target.originator_id)})" in out
    )
    assert "altered" in out


def test_verify_fails_on_a_forged_append_unless_pending_events_are_allowed(
    register_with_ledger: Services,
    admin: Administrator,
    cli_env: Settings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An event the ledger has not seen fails verify; `--allow-pending` reports it only."""
    forged = admin.append_forged(admin.rows()[3])
    assert main(["verify"]) == 1
    assert f"position {forged.position}" in capsys.readouterr().out
    assert main(["verify", "--allow-pending"]) == 0
    assert "1 event(s) not in the ledger yet" in capsys.readouterr().out


def test_verify_refuses_an_unreadable_key_plainly(
    register_with_ledger: Services,
    cli_env: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Bad input is exit 2 with one line on stderr, no traceback."""
    (tmp_path / "nokey.pem").write_text("not a key")
    assert main(["verify", "--public-key", str(tmp_path / "nokey.pem")]) == 2
    err = capsys.readouterr().err
    assert "does not hold an Ed25519 public key" in err
    assert "Traceback" not in err


def test_ledger_checkpoint_signs_the_current_tree_and_key_prints_the_public_key(
    register_with_ledger: Services, cli_env: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ledger checkpoint` signs at the current size; `ledger key` prints the PEM."""
    assert main(["ledger", "checkpoint"]) == 0
    checkpoint = json.loads(capsys.readouterr().out)
    assert checkpoint["tree_size"] == len(Administrator(register_with_ledger.store).rows())
    assert main(["ledger", "key"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("-----BEGIN PUBLIC KEY-----")
    assert checkpoint["key_id"] in captured.err


def test_verify_bundle_accepts_a_good_bundle_and_rejects_one_changed_byte(
    register_with_ledger: Services,
    admin: Administrator,
    cli_env: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The bundle written by `ledger bundle` verifies offline; one flipped bit fails it."""
    teacher_id = teacher_of(admin)
    bundle_file, key_file = tmp_path / "bundle.json", tmp_path / "key.pem"
    assert main(["ledger", "checkpoint"]) == 0
    assert main(["ledger", "bundle", teacher_id, "--out", str(bundle_file)]) == 0
    capsys.readouterr()
    assert main(["ledger", "key"]) == 0
    key_file.write_text(capsys.readouterr().out)
    assert main(["verify-bundle", str(bundle_file), "--public-key", str(key_file)]) == 0
    assert "VERIFIED" in capsys.readouterr().out

    bundle = json.loads(bundle_file.read_text())
    state = bytearray(base64.b64decode(bundle["events"][1]["state_b64"]))
    state[7] ^= 0x01
    bundle["events"][1]["state_b64"] = base64.b64encode(bytes(state)).decode()
    bundle_file.write_text(json.dumps(bundle))
    assert main(["verify-bundle", str(bundle_file), "--public-key", str(key_file)]) == 1
    out = capsys.readouterr().out
    assert "NOT VERIFIED" in out
    assert f"position {bundle['events'][1]['position']}" in out


def test_verify_bundle_refuses_files_it_cannot_read(
    cli_env: Settings, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A missing file or one that is not JSON is exit 2, one line."""
    (tmp_path / "key.pem").write_text("x")
    assert main(["verify-bundle", str(tmp_path / "nope.json"), "--public-key", "x"]) == 2
    (tmp_path / "bad.json").write_text("{")
    assert main(["verify-bundle", str(tmp_path / "bad.json"), "--public-key", "x"]) == 2
    assert "is not JSON" in capsys.readouterr().err
