"""The ledger's signing key and checkpoint schedule, from settings.

The key is, in order: ``LR_LEDGER_KEY`` (PKCS#8 PEM text), the file ``LR_LEDGER_KEY_FILE``, or
``ledger-key.pem`` in the data folder, created on first use (mode 0600). Every process that
signs checkpoints (the API with in-process projections, or the ledger's worker) must use the
same key: on PostgreSQL with several machines, set ``LR_LEDGER_KEY`` or share the file.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.settings import Settings
from projections.ledger.projection import CheckpointSigner, Ledger
from projections.ledger.proof.checkpoint import load_or_create_key
from projections.ledger.proof.note import Signer, Verifier
from projections.projection import Projection

KEY_FILE_NAME = "ledger-key.pem"


def key_file(settings: Settings) -> Path:
    return settings.ledger_key_file or settings.data_dir / KEY_FILE_NAME


def ledger_key(settings: Settings) -> Ed25519PrivateKey:
    """The signing key from settings, or from (or newly into) its file."""
    if settings.ledger_key:
        key = serialization.load_pem_private_key(settings.ledger_key.encode("ascii"), None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("LR_LEDGER_KEY is not an Ed25519 private key")
        return key
    return load_or_create_key(key_file(settings))


def ledger_signer(settings: Settings) -> CheckpointSigner:
    return CheckpointSigner(
        key=ledger_key(settings),
        every=settings.ledger_checkpoint_every,
        seconds=settings.ledger_checkpoint_seconds,
    )


def configure_ledger(projections: Iterable[Projection], settings: Settings) -> None:
    """Give the ledger projection, if among these, its key and schedule."""
    for projection in projections:
        if isinstance(projection, Ledger):
            projection.configure(ledger_signer(settings))


def note_signer(settings: Settings) -> Signer:
    """The log's signer of C2SP checkpoints: the ledger key under the origin as key name."""
    return Signer(settings.ledger_origin, ledger_key(settings))


def log_verifier(settings: Settings) -> Verifier:
    """The log's verifier key (vkey) that outsiders configure."""
    return note_signer(settings).verifier()
