"""The key-encryption key and the persons' key store, from settings.

The KEK is, in order: ``LR_KEK`` (64 hex digits), the file ``LR_KEK_FILE``, or ``kek.key`` in
the data folder, created on first use (mode 0600), like the ledger's key. Every process of one
register must use the same KEK: on PostgreSQL with several machines, set ``LR_KEK`` or share
the file. Losing the KEK loses every person's personal data; keep it apart from the database's
backups (a backup and its KEK together are the data in plain form).
"""

from __future__ import annotations

from pathlib import Path

from api.settings import Settings, key_file_text
from domain.keystore import DataKeys
from domain.personal_mapper import personal_data_env
from domain.store import StoreConfig

KEK_FILE_NAME = "kek.key"
JOURNAL_FILE_NAME = "destroyed-keys.txt"


def kek_file(settings: Settings) -> Path:
    return settings.kek_file or settings.data_dir / KEK_FILE_NAME


def journal_file(settings: Settings) -> Path:
    """The journal of destroyed keys, kept outside the database (see `keys reapply`)."""
    return settings.destroyed_keys_file or settings.data_dir / JOURNAL_FILE_NAME


def kek(settings: Settings) -> bytes:
    """The 32-byte key-encryption key from settings, or from (or newly into) its file."""
    text = settings.kek.strip() if settings.kek else key_file_text(kek_file(settings))
    return kek_of(text)


def kek_of(text: str, what: str = "the key-encryption key") -> bytes:
    """A KEK from its 64 hex digits, or a clear error."""
    try:
        value = bytes.fromhex(text.strip())
    except ValueError:
        raise ValueError(f"{what} must be 64 hex digits") from None
    if len(value) != 32:
        raise ValueError(f"{what} must be 64 hex digits (32 bytes)")
    return value


def other_keks(settings: Settings) -> list[bytes]:
    """The KEKs this process also unwraps with during a rotation (``LR_KEK_OTHERS``)."""
    text = settings.kek_others or ""
    return [kek_of(part, "LR_KEK_OTHERS") for part in text.split(",") if part.strip()]


def data_keys(settings: Settings, store: StoreConfig) -> DataKeys:
    """The key store of this register, its tables created when missing."""
    keys = DataKeys(store, kek(settings), journal_file(settings), other_keks(settings))
    keys.create_tables()
    return keys


def store_env(store: StoreConfig) -> dict[str, str]:
    """The library settings of the store, with the personal-data mapper and recorders."""
    return {**store.eventsourcing_env(), **personal_data_env(store)}
