"""Witnesses for real: `lerarenregister witness serve` as its own process under uvicorn cosigns
the register's checkpoints, on both stores; the register submits from `serve`, serves the
cosigned checkpoint, catches up after a 409, retries a witness that was away; and
`verify --policy` passes with a quorum and fails without one."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.app import create_app
from api.bootstrap import Services
from api.cli.main import main
from api.demo import load_demo
from api.ledger_setup import ledger_key, log_verifier, note_signer
from api.settings import Settings
from api.witness_client import WitnessSubmitter, post_add_checkpoint
from projections.ledger import queries as ledger_queries
from projections.ledger import sql
from projections.ledger.proof.checkpoint import load_or_create_key
from projections.ledger.proof.note import (
    COSIGNATURE_V1,
    CheckpointText,
    Note,
    Signer,
    Verifier,
    open_checkpoint,
    sign_checkpoint_note,
)
from projections.ledger.proof.witness import AddCheckpoint
from tests.api.ledger.live import free_port, serving

ROOT = Path(__file__).resolve().parents[3]
WITNESS_NAME = "witness.example/w1"


class WitnessProcess:
    """`lerarenregister witness serve` in a child process, restartable on the same state."""

    def __init__(self, key_file: Path, state: Path, port: int, log_vkey: str) -> None:
        self.key_file, self.state, self.port, self.log_vkey = key_file, state, port, log_vkey
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            sys.executable, "-m", "api.cli", "witness", "serve",
            "--name", WITNESS_NAME, "--key-file", str(self.key_file),
            "--state", str(self.state), "--log", self.log_vkey, "--port", str(self.port),
        ]  # fmt: skip
        with (self.state.parent / "witness.log").open("ab") as output:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=dict(os.environ), stdout=output, stderr=output
            )
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(self.url + "/healthz", timeout=2) as answer:
                    assert answer.read().startswith(b"ok ")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("the witness did not start") from None
                time.sleep(0.1)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def witness_signer(tmp_path: Path) -> Signer:
    key = load_or_create_key(tmp_path / "witness" / "key.pem")
    return Signer(WITNESS_NAME, key, COSIGNATURE_V1)


@pytest.fixture
def witness_port() -> int:
    return free_port()


@pytest.fixture
def settings(settings: Settings, witness_signer: Signer, witness_port: int) -> Settings:
    """The register submits to the witness; a witness that failed is retried after 0.2 s."""
    vkey = witness_signer.verifier().vkey()
    return settings.model_copy(
        update={
            "witnesses": f"{vkey} http://127.0.0.1:{witness_port}",
            "witness_retry_seconds": 0.2,
        }
    )


@pytest.fixture
def witness(services: Services, tmp_path: Path, witness_port: int) -> Iterator[WitnessProcess]:
    process = WitnessProcess(
        tmp_path / "witness" / "key.pem",
        tmp_path / "witness" / "state.sqlite",
        witness_port,
        log_verifier(services.settings).vkey(),
    )
    process.start()
    yield process
    process.stop()


def grow(services: Services, teachers: int, seed: int) -> int:
    """More events and the checkpoints they bring; the newest checkpoint's size."""
    load_demo(services.register, teachers, seed=seed)
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        latest = sql.latest_checkpoint(db)
    assert latest is not None
    return latest.tree_size


def submitter(services: Services) -> WitnessSubmitter:
    return WitnessSubmitter(services.settings, services.projections.readers.connection)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return str(answer.read().decode())


def open_cosigned(text: str, services: Services, witness: Verifier) -> tuple[int, list[Verifier]]:
    checkpoint, _, cosigners = open_checkpoint(text, log_verifier(services.settings), [witness])
    return checkpoint.tree_size, cosigners


def test_serve_submits_each_new_checkpoint_and_publishes_it_cosigned(
    services: Services, witness: WitnessProcess, witness_signer: Signer
) -> None:
    """The API process submits in the background; /ledger/checkpoint serves the newest
    checkpoint the witness cosigned, and the next one after a consistency proof."""
    first = grow(services, 2, seed=4)
    verifier = witness_signer.verifier()
    with serving(create_app(services)) as url:
        deadline = time.monotonic() + 60
        while open_cosigned(fetch(url + "/ledger/checkpoint"), services, verifier) != (
            first,
            [verifier],
        ):
            assert time.monotonic() < deadline, "the checkpoint was not cosigned in time"
            time.sleep(0.2)
        second = grow(services, 2, seed=5)
        assert second > first
        deadline = time.monotonic() + 60
        while open_cosigned(fetch(url + "/ledger/checkpoint"), services, verifier) != (
            second,
            [verifier],
        ):
            assert time.monotonic() < deadline, "the next checkpoint was not cosigned in time"
            time.sleep(0.2)
    origin_hash = hashlib.sha256(services.settings.ledger_origin.encode()).hexdigest()
    monitored = fetch(f"{witness.url}/{origin_hash}/checkpoint")
    assert open_cosigned(monitored, services, verifier) == (second, [verifier])


def test_a_witness_that_is_away_is_tried_again_and_nothing_is_lost(
    services: Services, tmp_path: Path, witness_port: int, witness_signer: Signer
) -> None:
    size = grow(services, 2, seed=4)
    rounds = submitter(services)
    rounds.retry = 600.0
    assert rounds.round()[WITNESS_NAME].startswith("failed")  # nobody listens yet
    assert rounds.round()[WITNESS_NAME] == "waiting to retry"
    process = WitnessProcess(
        tmp_path / "witness" / "key.pem",
        tmp_path / "witness" / "state.sqlite",
        witness_port,
        log_verifier(services.settings).vkey(),
    )
    process.start()
    try:
        assert rounds.round(force=True) == {WITNESS_NAME: f"cosigned size {size}"}
        assert rounds.round() == {WITNESS_NAME: f"up to date at size {size}"}
    finally:
        process.stop()
    with services.projections.readers.connection() as db:
        kept = sql.cosignatures(db, size)
    assert [s.key_id for s in kept] == [witness_signer.verifier().key_id]


def _note(services: Services, size: int) -> Note:
    with services.projections.readers.connection() as db:
        kept = sql.checkpoint_of_size(db, size)
        assert kept is not None
        settings = services.settings
        return ledger_queries.checkpoint_note(
            db, note_signer(settings), ledger_key(settings).public_key(), kept
        )


def test_the_witness_answers_with_the_spec_codes_and_keeps_its_size_across_a_restart(
    services: Services, witness: WitnessProcess
) -> None:
    size = grow(services, 2, seed=4)
    note = _note(services, size)
    answer = post_add_checkpoint(witness.url, AddCheckpoint(0, (), note.render()).render())
    assert answer.status == 200
    assert answer.body.startswith(f"\u2014 {WITNESS_NAME} ")
    witness.stop()
    witness.start()
    again = post_add_checkpoint(witness.url, AddCheckpoint(0, (), note.render()).render())
    assert (again.status, again.content_type, again.body) == (409, "text/x.tlog.size", f"{size}\n")
    with pytest.raises(urllib.error.HTTPError) as conflict:
        urllib.request.urlopen(
            urllib.request.Request(
                witness.url + "/add-checkpoint",
                data=AddCheckpoint(0, (), note.render()).render(),
                method="POST",
            ),
            timeout=10,
        )
    assert conflict.value.headers["Content-Type"] == "text/x.tlog.size"  # no charset
    conflict.value.close()

    later = grow(services, 2, seed=5)
    newer = _note(services, later)
    with services.projections.readers.connection() as db:
        proof = ledger_queries.consistency(db, size, later).proof
    bad = [bytes(32), *proof[1:]]
    refused = post_add_checkpoint(
        witness.url, AddCheckpoint(size, tuple(bad), newer.render()).render()
    )
    assert refused.status == 422
    other = Signer(services.settings.ledger_origin, Ed25519PrivateKey.generate())
    forged = sign_checkpoint_note(CheckpointText(other.name, later, bytes(32)), other)
    assert (
        post_add_checkpoint(witness.url, AddCheckpoint(size, (), forged.render()).render()).status
        == 403
    )
    stranger = Signer("elsewhere.example/log", Ed25519PrivateKey.generate())
    unknown = sign_checkpoint_note(CheckpointText(stranger.name, 1, bytes(32)), stranger)
    assert (
        post_add_checkpoint(witness.url, AddCheckpoint(0, (), unknown.render()).render()).status
        == 404
    )
    assert post_add_checkpoint(witness.url, b"old x\n\n").status == 400
    good = post_add_checkpoint(
        witness.url, AddCheckpoint(size, tuple(proof), newer.render()).render()
    )
    assert good.status == 200


def test_the_register_catches_up_with_a_witness_after_409(
    services: Services, witness: WitnessProcess, witness_signer: Signer
) -> None:
    """The witness cosigned a checkpoint the register has no cosignature of (an answer lost):
    the register's old size 0 gets 409 with the witness's size and it submits from there."""
    size = grow(services, 2, seed=4)
    lost = post_add_checkpoint(
        witness.url, AddCheckpoint(0, (), _note(services, size).render()).render()
    )
    assert lost.status == 200
    later = grow(services, 2, seed=5)
    assert submitter(services).round() == {WITNESS_NAME: f"cosigned size {later}"}
    answer = fetch_note_for(services, later)
    assert open_cosigned(answer, services, witness_signer.verifier()) == (
        later,
        [witness_signer.verifier()],
    )


def fetch_note_for(services: Services, size: int) -> str:
    return _note(services, size).render()


@pytest.fixture
def cli_env(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The CLI's LR_* settings point at the test store and its data folder."""
    monkeypatch.setenv("LR_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("LR_SECRET_KEY", "test-secret")
    monkeypatch.setenv("LR_PROJECTIONS", "off")
    monkeypatch.setenv("LR_WITNESSES", settings.witnesses)
    if settings.database_url:
        monkeypatch.setenv("LR_DATABASE_URL", settings.database_url)
        monkeypatch.setenv("LR_DATABASE_SCHEMA", settings.database_schema)
    else:
        monkeypatch.delenv("LR_DATABASE_URL", raising=False)
    return settings


def test_verify_policy_requires_a_quorum_of_cosignatures(
    services: Services,
    witness: WitnessProcess,
    witness_signer: Signer,
    cli_env: Settings,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    size = grow(services, 2, seed=4)
    log = log_verifier(services.settings).vkey()
    w1 = witness_signer.verifier().vkey()
    w2 = Signer("witness.example/w2", Ed25519PrivateKey.generate(), COSIGNATURE_V1).verifier()
    one = tmp_path / "one.policy"
    one.write_text(f"log {log}\nwitness w1 {w1} {witness.url}\nquorum w1\n")
    both = tmp_path / "both.policy"
    both.write_text(
        f"log {log}\nwitness w1 {w1}\nwitness w2 {w2.vkey()}\ngroup g all w1 w2\nquorum g\n"
    )

    # Before any cosignature, no policy with a witness in its quorum passes.
    assert main(["verify", "--policy", str(one)]) == 1
    assert "no checkpoint is cosigned by a quorum" in capsys.readouterr().out

    assert main(["witness", "submit"]) == 0
    assert f"{WITNESS_NAME}: cosigned size {size}" in capsys.readouterr().out
    assert main(["verify", "--policy", str(one)]) == 0
    out = capsys.readouterr().out
    assert (
        f"the checkpoint of size {size} is signed by the log and cosigned by w1: quorum met" in out
    )
    assert "VERIFIED" in out

    assert main(["verify", "--policy", str(both)]) == 1  # w2 never cosigned
    assert "NOT VERIFIED: no checkpoint is cosigned by a quorum" in capsys.readouterr().out

    # Offline, a tlog-proof of one event carries the cosigned checkpoint: the same verdicts.
    proof = tmp_path / "event.tlog-proof"
    assert main(["ledger", "proof", "1", "--out", str(proof)]) == 0
    assert main(["verify-proof", str(proof), "--policy", str(one)]) == 0
    assert f"size {size} signed by" in (out := capsys.readouterr().out)
    assert "cosigned by w1 (quorum met)" in out
    assert main(["verify-proof", str(proof), "--policy", str(both)]) == 1
    assert "cosigned by w1: the policy's quorum (g) is not met" in capsys.readouterr().out

    other_log = Signer(services.settings.ledger_origin, Ed25519PrivateKey.generate()).verifier()
    stranger = tmp_path / "stranger.policy"
    stranger.write_text(f"log {other_log.vkey()}\nwitness w1 {w1}\nquorum w1\n")
    assert main(["verify", "--policy", str(stranger)]) == 1
    assert "is not a log of the policy" in capsys.readouterr().out

    bad = tmp_path / "bad.policy"
    bad.write_text(f"witness w1 {w1}\n")
    assert main(["verify", "--policy", str(bad)]) == 2
    assert "exactly one quorum line" in capsys.readouterr().err


def test_a_forged_cosignature_in_the_table_does_not_count(
    services: Services, witness_signer: Signer, cli_env: Settings, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """An administrator who writes a cosignature row without the witness's key gains nothing."""
    size = grow(services, 2, seed=4)
    fake = Signer(WITNESS_NAME, Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    text = _note(services, size).text
    forged = fake.sign(text, timestamp=1_700_000_000)
    forged = type(forged)(forged.name, witness_signer.verifier().key_id, forged.signature)
    with services.projections.readers.connection() as db, db.transaction():
        sql.insert_cosignatures(db, size, [forged])
    policy = tmp_path / "one.policy"
    policy.write_text(f"witness w1 {witness_signer.verifier().vkey()}\nquorum w1\n")
    assert main(["verify", "--policy", str(policy)]) == 1
    assert "no checkpoint is cosigned by a quorum" in capsys.readouterr().out
