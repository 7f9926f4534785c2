"""A teacher downloads a register extract over HTTP; it verifies offline with the register's
verifier key alone (the command line, no database reachable), and every kind of tampering is
refused with its reason; nobody else gets a teacher's extract; an erased person has none."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services
from api.settings import Settings
from domain.commands.tokens import IssueToken
from projections.ledger.proof.extract import ExtractError, verify_extract
from projections.ledger.proof.note import Signer, parse_vkey
from tests.api.ledger.test_tlog_proof_cli import ROOT, run
from tests.api.test_teachers import ADMISSION, admit
from tests.decision_helpers import MovableClock, clocked_services

Tokens = Callable[..., dict[str, str]]


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A checkpoint after every batch, so an entry is under one as soon as it is projected."""
    return settings.model_copy(update={"ledger_checkpoint_every": 1})


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as c:
        yield c


def _extract(client: TestClient, token_for: Tokens, services: Services) -> tuple[str, Any]:
    """A fresh teacher (a qualification struck off, so the entry has history) and their
    extract, downloaded with their own token."""
    created = admit(client, token_for)
    tid, qid = created["teacher_id"], created["qualifications"][0]["qualification_id"]
    struck = client.post(
        f"/api/teachers/{tid}/qualifications/{qid}/strike-off",
        json={"ground": "own_request", "effective_on": "2026-11-28", "reason": "op verzoek"},
        headers=token_for("registrar"),
    )
    assert struck.status_code == 201, struck.text
    services.projections.catch_up_all()
    answer = client.get(f"/api/teachers/{tid}/extract", headers=token_for("teacher", tid))
    assert answer.status_code == 200, answer.text
    return str(tid), answer


def _vkey(client: TestClient) -> str:
    return client.get("/api/ledger/key").text.strip()


def _offline_env() -> dict[str, str]:
    return {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": str(ROOT),
        "LR_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        "LR_DATA_DIR": "/nonexistent-lerarenregister",
    }


def _with_payload(document: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> Any:
    """The extract with its signed content changed and the old signature kept."""
    header, payload, signature = document["extract"].split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(data)
    raw = json.dumps(data, separators=(",", ":")).encode()
    forged = base64.urlsafe_b64encode(raw).rstrip(b"=").decode()
    return {**document, "extract": f"{header}.{forged}.{signature}"}


def test_a_teacher_downloads_an_extract_that_verifies_offline(
    client: TestClient, token_for: Tokens, services: Services, tmp_path: Path
) -> None:
    tid, answer = _extract(client, token_for, services)
    document = answer.json()
    register_number = client.get(f"/api/teachers/{tid}", headers=token_for("registrar")).json()[
        "register_number"
    ]
    assert answer.headers["content-type"].startswith("application/json")
    assert answer.headers["content-disposition"] == (
        f'attachment; filename="uittreksel-{register_number}.json"'
    )
    assert document["format"] == "lerarenregister-extract/1"
    assert document["checkpoint"].startswith("lerarenregister.example/ledger\n")
    assert ADMISSION["bsn"] not in answer.text
    assert tid not in answer.text  # the register number names the entry, not the file id
    assert len(document["proofs"]) == 2

    path = tmp_path / "uittreksel.json"
    path.write_text(answer.text)
    vkey = _vkey(client)
    (tmp_path / "register.vkey").write_text(vkey + "\n")
    for key in (vkey, str(tmp_path / "register.vkey")):
        checked = run("verify-extract", str(path), "--key", key, env=_offline_env(), cwd=tmp_path)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert checked.stdout.startswith(f"VERIFIED: {path}")
        assert f"Register number {register_number}: J. de Vries" in checked.stdout
        assert "vo wiskunde: struck_off since 2026-11-28" in checked.stdout
        assert "Not proven: that the entry still reads so today" in checked.stdout

    # The signed entry is what the public register shows, and the events are the file's.
    verdict = verify_extract(answer.content, parse_vkey(vkey))
    public = client.get(f"/api/public/register/{register_number}").json()
    assert verdict.entry == public
    audit = client.get(f"/api/audit/teachers/{tid}/events", headers=token_for("auditor")).json()
    positions = {e["position"] for e in audit["data"]}
    assert {e["position"] for e in verdict.payload["events"]} <= positions
    assert len(verdict.payload["events"]) == 2  # admitted, struck off


def test_tampered_content_wrong_key_and_tampered_proofs_fail_with_their_reason(
    client: TestClient, token_for: Tokens, services: Services, tmp_path: Path
) -> None:
    _, answer = _extract(client, token_for, services)
    document = answer.json()
    vkey = _vkey(client)
    log = parse_vkey(vkey)
    assert verify_extract(document, log).entry["qualifications"][0]["status"] == "struck_off"

    def registered(data: dict[str, Any]) -> None:
        data["entry"]["qualifications"][0]["status"] = "registered"

    def dropped(data: dict[str, Any]) -> None:
        data["events"] = data["events"][:1]

    stranger = Signer(log.name, Ed25519PrivateKey.generate()).verifier()
    altered_proof = json.loads(json.dumps(document))
    first = altered_proof["proofs"][0]["hashes"]
    first[0] = base64.b64encode(bytes(32)).decode()
    altered_note = {**document, "checkpoint": document["checkpoint"].replace("\n\n", "\nx\n\n", 1)}
    other_position = json.loads(json.dumps(document))
    other_position["proofs"][0]["position"] += 1

    cases: list[tuple[Any, Any, str]] = [
        (_with_payload(document, registered), log, "the extract was altered after it was signed"),
        (_with_payload(document, dropped), log, "the extract was altered after it was signed"),
        (document, stranger, "not by the key given"),
        (altered_proof, log, "its inclusion proof does not hold"),
        (other_position, log, "holds no inclusion proof of the event at"),
        (altered_note, log, "the checkpoint in the extract does not verify"),
        ({**document, "proofs": []}, log, "rests on 2 events but holds 0 proofs"),
        ({"format": "something else"}, log, "not a register extract"),
        (b"\xff not json", log, "not a register extract (not JSON)"),
    ]
    for data, key, reason in cases:
        with pytest.raises(ExtractError, match=reason.replace("(", r"\(").replace(")", r"\)")):
            verify_extract(data if isinstance(data, bytes) else json.dumps(data), key)

    env = _offline_env()
    for name, data, key, reason in (
        ("content", _with_payload(document, registered), vkey, "altered after it was signed"),
        ("key", document, stranger.vkey(), "not by the key given"),
        ("proof", altered_proof, vkey, "inclusion proof does not hold"),
    ):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(data))
        checked = run("verify-extract", str(path), "--key", key, env=env, cwd=tmp_path)
        assert checked.returncode == 1, checked.stdout + checked.stderr
        assert checked.stdout.startswith(f"NOT VERIFIED: {path}: ")
        assert reason in checked.stdout
    bad_key = run(
        "verify-extract", str(tmp_path / "proof.json"), "--key", "nonsense+1", env=env, cwd=tmp_path
    )
    assert bad_key.returncode == 2
    assert "verifier key" in bad_key.stderr


def test_nobody_else_downloads_a_teachers_extract(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    tid = str(admit(client, token_for)["teacher_id"])
    other = str(admit(client, token_for, bsn="123456782")["teacher_id"])
    services.projections.catch_up_all()
    url = f"/api/teachers/{tid}/extract"
    for headers in (token_for("teacher", other), token_for("employer", "41234")):
        refused = client.get(url, headers=headers)
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("application/problem+json")
    assert client.get(url, headers=token_for("auditor")).status_code == 403
    assert client.get(url).status_code == 401
    assert client.get(url, headers=token_for("registrar")).status_code == 200
    assert client.get(url, headers=token_for("teacher", tid)).status_code == 200


def test_an_entry_waits_for_its_checkpoint_before_an_extract_is_given(
    settings: Settings, clock: MovableClock, token_for: Tokens
) -> None:
    """The newest event of the entry is not signed yet: 503 with when to come back."""
    slow = settings.model_copy(
        update={"ledger_checkpoint_every": 1000, "ledger_checkpoint_seconds": 3600}
    )
    svc = clocked_services(slow, clock)
    try:
        with TestClient(create_app(svc)) as c:

            def tokens(role: str, subject: str | None = None) -> dict[str, str]:
                from domain.register import Context
                from domain.values import Actor

                token, _ = svc.register.issue_token(
                    IssueToken(role=role, subject=subject, expires_at=None),
                    ctx=Context(Actor("system", "t")),
                )
                return {"Authorization": f"Bearer {token}"}

            first = str(admit(c, tokens)["teacher_id"])
            svc.projections.catch_up_all()  # the first checkpoint: the ledger had none
            second = str(admit(c, tokens, bsn="123456782")["teacher_id"])
            svc.projections.catch_up_all()
            waiting = c.get(f"/api/teachers/{second}/extract", headers=tokens("teacher", second))
            assert waiting.status_code == 503, waiting.text
            assert waiting.headers["retry-after"] == "3600"
            assert "not under a signed checkpoint yet" in waiting.json()["detail"]
            signed = c.get(f"/api/teachers/{first}/extract", headers=tokens("teacher", first))
            assert signed.status_code == 200, signed.text
    finally:
        svc.close()


def test_an_erased_person_has_no_extract_and_an_old_one_stays_a_snapshot(
    client: TestClient, token_for: Tokens, services: Services, clock: MovableClock
) -> None:
    tid, answer = _extract(client, token_for, services)
    clock.today = date(2031, 11, 28)  # the retention period after the strike-off has passed
    erased = client.post(
        f"/api/teachers/{tid}/erasure", json={"reason": "verzoek"}, headers=token_for("registrar")
    )
    assert erased.status_code == 200, erased.text
    services.projections.catch_up_all()

    gone = client.get(f"/api/teachers/{tid}/extract", headers=token_for("registrar"))
    assert gone.status_code == 404
    assert "no entry of this teacher" in gone.json()["detail"]
    # What was handed over before still verifies: it says what the entry was, when issued.
    verdict = verify_extract(answer.content, parse_vkey(_vkey(client)))
    assert verdict.payload["issued_on"] == "2026-11-28"


def test_with_witnesses_the_extract_rests_on_a_cosigned_checkpoint(
    settings: Settings, clock: MovableClock, tmp_path: Path
) -> None:
    """The newest checkpoint a witness cosigned, when it covers the entry's events; the
    cosignature travels in the note and verifies with the witness's key."""
    from projections.ledger import sql as ledger_sql
    from projections.ledger.proof.note import COSIGNATURE_V1, CheckpointText

    witness = Signer("witness.example/w1", Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    witnessed = settings.model_copy(
        update={"witnesses": f"{witness.verifier().vkey()} http://127.0.0.1:9/w1"}
    )
    svc = clocked_services(witnessed, clock)
    try:
        with TestClient(create_app(svc)) as c:

            def tokens(role: str, subject: str | None = None) -> dict[str, str]:
                from domain.register import Context
                from domain.values import Actor

                token, _ = svc.register.issue_token(
                    IssueToken(role=role, subject=subject, expires_at=None),
                    ctx=Context(Actor("system", "t")),
                )
                return {"Authorization": f"Bearer {token}"}

            tid = str(admit(c, tokens)["teacher_id"])
            svc.projections.catch_up_all()
            log = parse_vkey(_vkey(c))
            with svc.projections.readers.connection() as db, db.transaction():
                cosigned = ledger_sql.latest_checkpoint(db)
                assert cosigned is not None
                text = CheckpointText(log.name, cosigned.tree_size, cosigned.root_hash).text()
                signature = witness.sign(text, 1_790_000_000)
                ledger_sql.insert_cosignatures(db, cosigned.tree_size, [signature])
            admit(c, tokens, bsn="123456782")  # a newer checkpoint, not cosigned
            svc.projections.catch_up_all()

            answer = c.get(f"/api/teachers/{tid}/extract", headers=tokens("teacher", tid))
            assert answer.status_code == 200, answer.text
            document = answer.json()
            assert document["checkpoint"].split("\n")[1] == str(cosigned.tree_size)
            assert "\u2014 witness.example/w1 " in document["checkpoint"]
            verdict = verify_extract(document, log, [witness.verifier()])
            assert verdict.witnesses == ("witness.example/w1",)
            assert verify_extract(document, log).witnesses == ()  # unknown witness: ignored
            path = tmp_path / "uittreksel.json"
            path.write_text(answer.text)
            checked = run(
                "verify-extract", str(path), "--key", log.vkey(),
                "--witness", witness.verifier().vkey(), env=_offline_env(), cwd=tmp_path,
            )  # fmt: skip
            assert checked.returncode == 0, checked.stdout + checked.stderr
            assert "cosigned by witness.example/w1" in checked.stdout
    finally:
        svc.close()
