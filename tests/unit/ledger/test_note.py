"""C2SP signed notes, checkpoints and cosignatures, held to the specs' published vectors."""

from __future__ import annotations

import base64
import hashlib
import struct

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from projections.ledger.proof.merkle import EMPTY_ROOT
from projections.ledger.proof.note import (
    COSIGNATURE_V1,
    ED25519,
    CheckpointText,
    Note,
    NoteError,
    Signer,
    UnverifiedNoteError,
    open_checkpoint,
    parse_note,
    parse_vkey,
    sign_checkpoint_note,
    verify_note,
)

# c2sp.org/signed-note, "Verifier keys: Example".
SPEC_VKEY = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k"
SPEC_NOTE = (
    "This is an example message.\n\n"
    "\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOB"
    "H3mFXmRKuwHjG1Yu72IneyaQM=\n"
)
# The signed-note vector of golang.org/x/mod/sumdb/note (TestSign), the spec's origin.
GO_SEED = base64.b64decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz")[1:]
GO_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
GO_TEXT = (
    "If you think cryptography is the answer to your problem,\n"
    "then you don't know what your problem is.\n"
)
GO_NOTE = (
    GO_TEXT + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2p"
    "ZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n"
)


def test_the_spec_example_note_verifies_with_the_spec_vkey() -> None:
    """The signed-note spec's example verifies; its key id is the spec's."""
    verifier = parse_vkey(SPEC_VKEY)
    assert (verifier.name, verifier.key_id, verifier.sig_type) == ("example.com/foo", 0x530D903A, 1)
    note = parse_note(SPEC_NOTE)
    assert note.text == "This is an example message.\n"
    assert verify_note(note, [verifier]) == [verifier]
    assert verifier.vkey() == SPEC_VKEY


def test_signing_reproduces_the_published_note_byte_for_byte() -> None:
    """Ed25519 is deterministic: our signer makes exactly the published note."""
    signer = Signer("PeterNeumann", Ed25519PrivateKey.from_private_bytes(GO_SEED))
    assert signer.verifier().vkey() == GO_VKEY
    note = parse_note(GO_NOTE)
    assert note.with_signatures([]).render() == GO_NOTE
    assert Note(GO_TEXT, (signer.sign(GO_TEXT),)).render() == GO_NOTE


def test_key_id_is_the_first_four_bytes_of_sha256_of_name_type_and_key() -> None:
    key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
    vkey = Signer("log.example/a", key).verifier().vkey()
    raw = parse_vkey(vkey)
    public = base64.b64decode(vkey.split("+", 2)[2])[1:]
    digest = hashlib.sha256(b"log.example/a\n\x01" + public).digest()
    assert raw.key_id == struct.unpack(">I", digest[:4])[0]


@pytest.mark.parametrize(
    "note",
    [
        pytest.param(SPEC_NOTE.replace("example message", "exampel message"), id="altered-text"),
        pytest.param(SPEC_NOTE.replace("Uw2QOkn8", "Uw2QOkn9"), id="altered-signature"),
    ],
)
def test_an_altered_note_is_rejected(note: str) -> None:
    with pytest.raises(UnverifiedNoteError):
        verify_note(parse_note(note), [parse_vkey(SPEC_VKEY)])


def test_signatures_of_unknown_keys_are_ignored_but_one_known_is_needed() -> None:
    """A key with the same name but another id is unknown: ignored, so nothing verifies."""
    other = Signer("example.com/foo", Ed25519PrivateKey.generate()).verifier()
    with pytest.raises(UnverifiedNoteError, match="no signature by a known key"):
        verify_note(parse_note(SPEC_NOTE), [other])
    both = parse_note(SPEC_NOTE).with_signatures(parse_note(GO_NOTE).signatures)
    assert verify_note(both, [parse_vkey(SPEC_VKEY)]) == [parse_vkey(SPEC_VKEY)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        pytest.param("no blank line\n\u2014 a AAAAAAA=\n", "blank line", id="no-separator"),
        pytest.param("text\n\n- a AAAAAAAA\n", "em dash", id="hyphen"),
        pytest.param("te\txt\n\n\u2014 a AAAAAAAA\n", "control", id="tab"),
        pytest.param("text\n\n\u2014 a AAAAAAAA", "newline", id="unterminated"),
        pytest.param("text\n\n\u2014 a+b AAAAAAAA\n", "key name", id="plus-in-name"),
    ],
)
def test_malformed_notes_are_refused_plainly(text: str, message: str) -> None:
    with pytest.raises(NoteError, match=message):
        parse_note(text)


def test_a_checkpoint_note_round_trips_and_binds_the_origin() -> None:
    """tlog-checkpoint: origin, size, base64 root; the log's key name must be the origin."""
    log = Signer("register.example/ledger", Ed25519PrivateKey.generate())
    root = hashlib.sha256(b"root").digest()
    note = sign_checkpoint_note(CheckpointText("register.example/ledger", 7, root), log)
    text = note.render()
    lines = text.split("\n")
    assert lines[:4] == ["register.example/ledger", "7", base64.b64encode(root).decode(), ""]
    assert lines[4].startswith("\u2014 register.example/ledger ")
    checkpoint, _, witnesses = open_checkpoint(text, log.verifier())
    assert (checkpoint.tree_size, checkpoint.root_hash, witnesses) == (7, root, [])
    impostor = Signer("register.example/other", log.key).verifier()
    with pytest.raises(NoteError, match="origin"):
        open_checkpoint(text, impostor)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("o\n07\nAAAA\n", id="leading-zero"),
        pytest.param("o\n1\n", id="two-lines"),
        pytest.param("o\n0\n" + base64.b64encode(bytes(32)).decode() + "\n", id="empty-not-sha"),
        pytest.param("o\n1\n" + base64.b64encode(bytes(31)).decode() + "\n", id="short-root"),
    ],
)
def test_malformed_checkpoint_texts_are_refused(text: str) -> None:
    with pytest.raises(NoteError):
        CheckpointText.parse(text)


def test_the_empty_tree_checkpoint_has_the_hash_of_the_empty_string() -> None:
    text = "o\n0\n" + base64.b64encode(EMPTY_ROOT).decode() + "\n"
    assert CheckpointText.parse(text).tree_size == 0


def test_a_cosignature_signs_the_timestamped_message_of_the_spec() -> None:
    """tlog-cosignature: key id with type 0x04; signature u64 time || Ed25519 over
    'cosignature/v1\\ntime T\\n' and the checkpoint text."""
    witness_key = Ed25519PrivateKey.generate()
    witness = Signer("witness.example/w1", witness_key, COSIGNATURE_V1)
    text = CheckpointText("log.example", 3, hashlib.sha256(b"r").digest()).text()
    signature = witness.sign(text, timestamp=1679315147)
    assert struct.unpack(">Q", signature.signature[:8])[0] == 1679315147
    message = b"cosignature/v1\ntime 1679315147\n" + text.encode()
    witness_key.public_key().verify(signature.signature[8:], message)  # raises if not
    public = base64.b64decode(witness.verifier().vkey().split("+", 2)[2])
    assert public[0] == COSIGNATURE_V1
    expected_id = hashlib.sha256(b"witness.example/w1\n\x04" + public[1:]).digest()[:4]
    assert signature.key_id == int.from_bytes(expected_id, "big")
    # The same key as a log key (type 0x01) has another id: it does not verify cosignatures.
    assert Signer("witness.example/w1", witness_key, ED25519).verifier().key_id != (
        signature.key_id
    )


def test_a_cosigned_checkpoint_names_the_witnesses_that_verified() -> None:
    log = Signer("log.example", Ed25519PrivateKey.generate())
    w1 = Signer("w1.example", Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    w2 = Signer("w2.example", Ed25519PrivateKey.generate(), COSIGNATURE_V1)
    note = sign_checkpoint_note(CheckpointText("log.example", 3, hashlib.sha256().digest()), log)
    cosigned = note.with_signatures([w1.sign(note.text, 1700000000)])
    _, _, witnesses = open_checkpoint(
        cosigned.render(), log.verifier(), [w1.verifier(), w2.verifier()]
    )
    assert witnesses == [w1.verifier()]
    forged = note.with_signatures([w1.sign("other\n", 1700000000)])
    with pytest.raises(UnverifiedNoteError, match=r"w1\.example"):
        open_checkpoint(forged.render(), log.verifier(), [w1.verifier()])
