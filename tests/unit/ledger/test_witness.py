"""The witness's add-checkpoint protocol (c2sp.org/tlog-witness), held to the spec: its example
request and answer, its status codes, and the kept size that only moves forward."""

from __future__ import annotations

import base64
import hashlib
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient

from api.witness_client import parse_witnesses
from api.witness_server import create_witness_app
from projections.ledger.proof.merkle import (
    EMPTY_ROOT,
    DictNodeStore,
    IncrementalTree,
    consistency_proof,
    leaf_hash,
    root_from_nodes,
)
from projections.ledger.proof.note import (
    COSIGNATURE_V1,
    CheckpointText,
    Note,
    NoteError,
    Signer,
    open_checkpoint,
    parse_signature_lines,
    sign_checkpoint_note,
)
from projections.ledger.proof.witness import (
    AddCheckpoint,
    Witness,
    WitnessError,
    WitnessState,
    cosignatures_from,
)

ORIGIN = "register.example/ledger"
NOW = 1_700_000_000

# c2sp.org/tlog-witness, "add-checkpoint": the example request body and answer, verbatim.
SPEC_REQUEST = (
    "old 20852014\n"
    "PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=\n"
    "jrJZDmY8Y7SyJE0MWLpLozkIVMSMZcD5kvuKxPC3swk=\n"
    "5+pKlUdi2LeF/BcMHBn+Ku6yhPGNCswZZD1X/6QgPd8=\n"
    "/6WVhPs2CwSsb5rYBH5cjHV/wSmA79abXAwhXw3Kj/0=\n"
    "\n"
    "example.com/behind-the-sofa\n"
    "20852163\n"
    "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n"
    "\n"
    "\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5"
    "/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n"
    "\u2014 example.com/behind-the-sofa opLqBQsREYCgu6xQkYQwJr9fo45a62DN9EdmHXnZdXNqlcVGlCum2Wks+4"
    "9/V6267UEjw6QUXTS5Rovnzv++qbSzm9Q=\n"
)
# c2sp.org/tlog-cosignature, the example cosignature line (an Ed25519 cosignature).
SPEC_COSIGNATURE = (
    "\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrD"
    "JsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==\n"
)


def test_the_spec_example_request_parses_and_renders_back() -> None:
    request = AddCheckpoint.parse(SPEC_REQUEST.encode())
    assert request.old_size == 20852014
    assert len(request.proof) == 4
    assert request.proof[0] == base64.b64decode("PlRNCrwHpqhGrupue0L7gxbjbMiKA9temvuZZDDpkaw=")
    assert request.checkpoint.startswith("example.com/behind-the-sofa\n20852163\n")
    assert request.render() == SPEC_REQUEST.encode()


def test_the_spec_example_cosignature_carries_its_timestamp() -> None:
    """u64 timestamp || Ed25519 signature: the spec's example was made at 1679315147."""
    (signature,) = parse_signature_lines(SPEC_COSIGNATURE)
    assert signature.name == "witness.example.com/w1"
    assert len(signature.signature) == 72
    assert signature.timestamp() == 1679315147


class Log:
    """A log whose tree grows by appending leaves; signs checkpoints of any size so far."""

    def __init__(self, origin: str = ORIGIN, salt: bytes = b"") -> None:
        self.salt = salt
        self.signer = Signer(origin, Ed25519PrivateKey.generate())
        self.nodes = DictNodeStore()
        self.tree = IncrementalTree(self.nodes)

    def grow(self, count: int) -> None:
        start = self.tree.size
        self.nodes.put_many(
            self.tree.append_many(
                leaf_hash(self.salt + b"%d" % i) for i in range(start, start + count)
            )
        )

    def root(self, size: int) -> bytes:
        return root_from_nodes(size, self.nodes.get) if size else EMPTY_ROOT

    def note(self, size: int) -> Note:
        return sign_checkpoint_note(
            CheckpointText(self.signer.name, size, self.root(size)), self.signer
        )

    def request(self, old: int, size: int, proof: list[bytes] | None = None) -> bytes:
        if proof is None:
            proof = consistency_proof(old, size, self.nodes.get) if 0 < old < size else []
        return AddCheckpoint(old, tuple(proof), self.note(size).render()).render()


@pytest.fixture
def log() -> Log:
    log = Log()
    log.grow(100)
    return log


@pytest.fixture
def witness_signer() -> Signer:
    return Signer("witness.example/w1", Ed25519PrivateKey.generate(), COSIGNATURE_V1)


@pytest.fixture
def witness(tmp_path: Path, log: Log, witness_signer: Signer) -> Witness:
    state = WitnessState(tmp_path / "witness.sqlite")
    return Witness(witness_signer, [log.signer.verifier()], state, clock=lambda: NOW)


def refused(witness: Witness, body: bytes) -> WitnessError:
    with pytest.raises(WitnessError) as caught:
        witness.add_checkpoint(body)
    return caught.value


def test_a_first_checkpoint_is_cosigned_and_its_size_kept(witness: Witness, log: Log) -> None:
    """200: one cosignature line, verifiable by the log's clients over the checkpoint."""
    answer = witness.add_checkpoint(log.request(0, 40))
    note = log.note(40)
    (signature,) = cosignatures_from(answer, note.text, witness.verifier())
    assert signature.timestamp() == NOW
    cosigned = note.with_signatures([signature]).render()
    _, _, witnesses = open_checkpoint(cosigned, log.signer.verifier(), [witness.verifier()])
    assert witnesses == [witness.verifier()]
    kept = witness.state.kept(ORIGIN)
    assert kept is not None
    assert (kept.size, kept.root_hash) == (40, log.root(40))


def test_a_consistent_larger_checkpoint_is_cosigned(witness: Witness, log: Log) -> None:
    witness.add_checkpoint(log.request(0, 40))
    witness.add_checkpoint(log.request(40, 77))
    witness.add_checkpoint(log.request(77, 77))  # the same again: equal sizes, equal roots
    kept = witness.state.kept(ORIGIN)
    assert kept is not None
    assert kept.size == 77


def test_an_old_size_that_is_not_the_kept_one_is_409_with_the_kept_size(
    witness: Witness, log: Log
) -> None:
    witness.add_checkpoint(log.request(0, 40))
    error = refused(witness, log.request(0, 60))
    assert (error.status, error.size) == (409, 40)
    error = refused(witness, log.request(50, 60))
    assert (error.status, error.size) == (409, 40)
    witness.add_checkpoint(log.request(40, 60))  # the client catches up from the size given


def test_a_bad_consistency_proof_is_422_and_changes_nothing(witness: Witness, log: Log) -> None:
    witness.add_checkpoint(log.request(0, 40))
    good = consistency_proof(40, 90, log.nodes.get)
    bad = [good[0][:-1] + bytes([good[0][-1] ^ 1]), *good[1:]]
    assert refused(witness, log.request(40, 90, bad)).status == 422
    assert refused(witness, log.request(40, 90, [])).status == 422
    kept = witness.state.kept(ORIGIN)
    assert kept is not None
    assert kept.size == 40


def test_a_fork_is_refused(witness: Witness, log: Log) -> None:
    """Another log under the same key, with other leaves: no proof can join the trees."""
    witness.add_checkpoint(log.request(0, 40))
    fork = Log(salt=b"other ")
    fork.signer = log.signer
    fork.grow(90)
    assert refused(witness, fork.request(40, 90)).status == 422
    error = refused(witness, fork.request(40, 40))  # same size, another root
    assert error.status == 422


def test_an_old_size_of_zero_takes_no_proof(witness: Witness, log: Log) -> None:
    proof = consistency_proof(10, 40, log.nodes.get)
    assert refused(witness, log.request(0, 40, proof)).status == 422


def test_an_empty_tree_needs_the_empty_root(witness: Witness, log: Log) -> None:
    witness.add_checkpoint(log.request(0, 0))
    text = f"{ORIGIN}\n0\n{base64.b64encode(log.root(5)).decode()}\n"
    note = Note(text, (log.signer.sign(text),))
    assert refused(witness, AddCheckpoint(0, (), note.render()).render()).status == 422


def test_an_unknown_origin_is_404(witness: Witness) -> None:
    other = Log("other.example/log")
    other.grow(3)
    assert refused(witness, other.request(0, 3)).status == 404


def test_a_checkpoint_not_signed_by_the_log_is_403(witness: Witness, log: Log) -> None:
    impostor = Log()
    impostor.nodes, impostor.tree = log.nodes, log.tree
    assert refused(witness, impostor.request(0, 40)).status == 403  # unknown key: ignored
    note = log.note(40)
    altered = note.render().replace(note.text, note.text.replace("\n40\n", "\n41\n"))
    assert refused(witness, AddCheckpoint(0, (), altered).render()).status == 403


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b"old 01\n\n", id="leading-zero"),
        pytest.param(b"new 1\n\n", id="not-old"),
        pytest.param(b"old 1\nnot base64!\n\n", id="bad-proof-line"),
        pytest.param(b"old 1\n", id="no-blank-line"),
        pytest.param(b"old 0\n" + b"AAAA\n" * 3 + b"\n", id="short-hash"),
        pytest.param(
            b"old 0\n" + (base64.b64encode(bytes(32)) + b"\n") * 64 + b"\n", id="64-lines"
        ),
        pytest.param(b"old 0\n\nnot a note", id="not-a-note"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
    ],
)
def test_malformed_bodies_are_400(witness: Witness, body: bytes) -> None:
    assert refused(witness, body).status == 400


def test_an_old_size_above_the_checkpoint_is_400(witness: Witness, log: Log) -> None:
    assert refused(witness, log.request(50, 40, [])).status == 400


def test_the_kept_size_survives_reopening_the_state(
    tmp_path: Path, witness: Witness, log: Log, witness_signer: Signer
) -> None:
    witness.add_checkpoint(log.request(0, 40))
    again = Witness(
        witness_signer, [log.signer.verifier()], WitnessState(tmp_path / "witness.sqlite")
    )
    assert refused(again, log.request(0, 60)).size == 40
    again.add_checkpoint(log.request(40, 60))


def test_racing_requests_from_the_same_size_cosign_once(witness: Witness, log: Log) -> None:
    """Check and update are one transaction: of many requests from size 40, one passes; the
    kept size never goes back (the race the spec warns of)."""
    witness.add_checkpoint(log.request(0, 40))
    sizes = [50, 60, 70, 80, 90, 55, 65, 75]
    results: dict[int, int] = {}

    def submit(size: int) -> None:
        try:
            witness.add_checkpoint(log.request(40, size))
            results[size] = 200
        except WitnessError as error:
            results[size] = error.status

    threads = [threading.Thread(target=submit, args=(size,)) for size in sizes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [size for size, status in results.items() if status == 200]
    assert len(winners) == 1
    assert sorted(results.values()) == [200] + [409] * (len(sizes) - 1)
    kept = witness.state.kept(ORIGIN)
    assert kept is not None
    assert kept.size == winners[0]


def test_the_monitoring_checkpoint_holds_both_signatures(witness: Witness, log: Log) -> None:
    origin_hash = hashlib.sha256(ORIGIN.encode()).hexdigest()
    assert witness.latest(origin_hash) is None
    witness.add_checkpoint(log.request(0, 40))
    served = witness.latest(origin_hash)
    assert served is not None
    _, _, cosigners = open_checkpoint(served, log.signer.verifier(), [witness.verifier()])
    assert cosigners == [witness.verifier()]
    assert witness.latest("00" * 32) is None


def test_an_answer_with_a_failing_cosignature_is_refused(
    witness: Witness, log: Log, witness_signer: Signer
) -> None:
    answer = witness.add_checkpoint(log.request(0, 40))
    with pytest.raises(NoteError):
        cosignatures_from(answer, log.note(41).text, witness.verifier())
    stranger = Signer("stranger.example", Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    assert cosignatures_from(answer, log.note(40).text, stranger.verifier()) == []


def test_lr_witnesses_lists_vkey_and_url_pairs(witness_signer: Signer) -> None:
    other = Signer("w2.example", Ed25519PrivateKey.generate(), COSIGNATURE_V1).verifier()
    text = (
        f" {witness_signer.verifier().vkey()} https://w1.example/ , {other.vkey()} http://w2:8010"
    )
    targets = parse_witnesses(text)
    assert [(t.name, t.url) for t in targets] == [
        ("witness.example/w1", "https://w1.example"),
        ("w2.example", "http://w2:8010"),
    ]
    assert parse_witnesses("") == []
    log_key = Signer("log.example", Ed25519PrivateKey.generate()).verifier().vkey()
    for bad, why in [
        (f"{other.vkey()}", "is not '<vkey> <http"),
        (f"{other.vkey()} ftp://w2", "is not '<vkey> <http"),
        (f"{log_key} https://w", "not a cosignature key"),
        (f"{other.vkey()} https://a, {other.vkey()} https://b", "listed twice"),
        ("nokey https://a", "verifier key"),
    ]:
        with pytest.raises(ValueError, match=why):
            parse_witnesses(bad)


def test_the_http_app_answers_as_the_spec_says(witness: Witness, log: Log) -> None:
    """Through the ASGI app: 200 text lines, 409 as text/x.tlog.size, 413 for a huge body,
    405 for a GET of add-checkpoint, the monitoring checkpoint by origin hash."""
    with TestClient(create_witness_app(witness)) as client:
        ok = client.post("/add-checkpoint", content=log.request(0, 40))
        assert ok.status_code == 200
        assert ok.text.startswith("\u2014 witness.example/w1 ")
        conflict = client.post("/add-checkpoint", content=log.request(0, 60))
        assert conflict.status_code == 409
        assert conflict.headers["content-type"] == "text/x.tlog.size"
        assert conflict.text == "40\n"
        assert client.post("/add-checkpoint", content=b"x" * (65 * 1024)).status_code == 413
        assert client.get("/add-checkpoint").status_code == 405
        origin_hash = hashlib.sha256(ORIGIN.encode()).hexdigest()
        monitored = client.get(f"/{origin_hash}/checkpoint")
        assert monitored.status_code == 200
        assert monitored.text.startswith(f"{ORIGIN}\n40\n")
        assert client.get(f"/{'0' * 64}/checkpoint").status_code == 404
        assert client.get("/healthz").text == f"ok {witness.verifier().vkey()}\n"
