"""Settings from `LR_*` environment variables, read once at start-up."""

from __future__ import annotations

import contextlib
import os
import secrets
import tempfile
from datetime import date
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Configuration of one process of the register."""

    model_config = SettingsConfigDict(env_prefix="LR_", extra="ignore")

    database_url: str | None = Field(
        default=None, description="postgresql:// URL; unset means SQLite in the data folder"
    )
    today: date | None = Field(
        default=None,
        description=(
            "LR_TODAY: fix the register's date (YYYY-MM-DD) for test and acceptance"
            " environments; unset, the real date in Europe/Amsterdam"
        ),
    )
    database_schema: str = Field(default="public", description="PostgreSQL schema to use")
    data_dir: Path = Field(default=Path("var"), description="folder for SQLite and keys")
    log_format: Literal["console", "json"] = "console"
    log_level: str = "info"
    secret_key: str | None = Field(
        default=None, description="key of the BSN hash; made once in the data folder if unset"
    )
    public_rate_limit: int = Field(default=120, ge=0, description="public requests/min/client")
    token_cache_seconds: float = Field(
        default=5.0, ge=0, le=300, description="trust a checked token this long (revocation delay)"
    )
    projections: Literal["inprocess", "worker", "off"] = Field(
        default="inprocess", description="run read models in this process, in workers, or not"
    )
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024, description="JSON body limit")
    max_delivery_bytes: int = Field(
        default=16 * 1024 * 1024, ge=1024, description="employer delivery body limit (JSON, CSV)"
    )
    bulk_check_max_rows: int = Field(
        default=10_000, ge=1, le=100_000, description="rows of an employer's bulk check at most"
    )
    max_form_bytes: int = Field(
        default=5 * 1024 * 1024 + 64 * 1024, ge=1024, description="web form body limit"
    )
    body_timeout: float = Field(
        default=30.0, gt=0, description="seconds a request body may take to arrive (408)"
    )
    read_timeout: float = Field(
        default=2.0, gt=0, description="seconds a read waits for the database before 503"
    )
    write_timeout: float = Field(
        default=5.0, gt=0, description="seconds a write waits for the database before 503"
    )
    ready_timeout: float = Field(
        default=1.0, gt=0, description="/readyz answers within this many seconds"
    )
    public_pool: int = Field(
        default=10,
        ge=1,
        le=200,
        description="connections of the public lookup's async pool per process (PostgreSQL)",
    )
    min_position_wait: float = Field(default=3.0, ge=0, description="X-Min-Position wait, s")
    ready_max_lag: int = Field(default=10_000, ge=0, description="/readyz: max projection lag")
    ledger_checkpoint_every: int = Field(
        default=1000, ge=1, description="sign a ledger checkpoint every N events"
    )
    ledger_checkpoint_seconds: float = Field(
        default=60.0, ge=0, description="and when the newest checkpoint is older than this"
    )
    ledger_key: str | None = Field(
        default=None, description="Ed25519 signing key of the ledger (PKCS#8 PEM text)"
    )
    ledger_key_file: Path | None = Field(
        default=None, description="file of the ledger signing key; default data folder"
    )
    ledger_origin: str = Field(
        default="lerarenregister.example/ledger",
        pattern=r"^[^\s+]+$",
        description="origin line of the C2SP checkpoints and the log's key name: the public "
        "URL prefix of /ledger without scheme (set once; witnesses know the log by it)",
    )
    witnesses: str = Field(
        default="",
        description="witnesses to submit checkpoints to: 'VKEY URL' pairs separated by commas "
        "(URL: the witness's submission prefix)",
    )
    witness_retry_seconds: float = Field(
        default=30.0, gt=0, description="seconds before a witness that failed is tried again"
    )
    witness_submitter: Literal["inprocess", "off"] = Field(
        default="inprocess",
        description="submit checkpoints to LR_WITNESSES from `serve`, or not",
    )

    kek: str | None = Field(
        default=None, description="key-encryption key of the persons' data keys (32 bytes, hex)"
    )
    kek_file: Path | None = Field(
        default=None, description="file of the key-encryption key; default data folder"
    )
    kek_others: str | None = Field(
        default=None,
        description="other key-encryption keys this process unwraps with, never wraps with"
        " (hex, comma-separated): while the KEK is rotated (`keys rotate-kek`)",
    )
    new_kek: str | None = Field(
        default=None, description="the new key-encryption key for `keys rotate-kek` (hex)"
    )
    destroyed_keys_file: Path | None = Field(
        default=None, description="journal of destroyed keys, for `keys reapply` after a restore"
    )
    pg_bin: Path | None = Field(
        default=None,
        description="folder of pg_dump and pg_restore (`backup`, `restore`); default the PATH",
    )

    smtp_url: str | None = Field(
        default=None,
        description=(
            "LR_SMTP_URL: where the outbox is delivered, smtp://[user:password@]host:port"
            " (?starttls=1 to upgrade) or smtps://host:port; unset, nothing is sent"
        ),
    )
    smtp_timeout: float = Field(default=30.0, gt=0, le=300, description="SMTP reply wait, s")
    mail_from: str = Field(
        default="noreply@lerarenregister.invalid",
        description="the sender address of the register's messages (its domain ends Message-IDs)",
    )
    public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="the register's address as teachers reach it: the link in every message",
    )
    outbox_sender: Literal["inprocess", "off"] = Field(
        default="inprocess",
        description="send the outbox from `serve` when LR_SMTP_URL is set, or not",
    )
    outbox_lease: float = Field(
        default=120.0,
        gt=0,
        description="seconds a claimed message stays a sender's (at least 4x the SMTP timeout)",
    )
    outbox_max_attempts: int = Field(default=8, ge=1, description="attempts before `failed`")
    outbox_backoff: float = Field(
        default=30.0, ge=0, description="first wait after a passing fault, s (doubling)"
    )
    outbox_backoff_max: float = Field(default=3600.0, ge=0, description="longest wait, s")
    outbox_poll: float = Field(default=2.0, gt=0, description="seconds between idle rounds")
    impact_worker: Literal["inprocess", "off"] = Field(
        default="inprocess",
        description="run requested impact runs in a background thread of `serve`, or not",
    )
    impact_lease: float = Field(
        default=60.0,
        gt=0,
        description="seconds an impact run stays its worker's after the worker's last progress",
    )
    impact_poll: float = Field(
        default=2.0, gt=0, description="seconds between looks for impact runs when idle"
    )

    metrics_allow: str = Field(
        default="127.0.0.0/8,::1",
        description="addresses (IPs or CIDRs, comma-separated) that may read /metrics; empty: none",
    )
    metrics_dir: Path | None = Field(
        default=None,
        description="folder of the processes' request counts (multiprocess files); "
        "default LR_DATA_DIR/metrics",
    )

    @field_validator("metrics_allow")
    @classmethod
    def _networks(cls, value: str) -> str:
        for part in value.split(","):
            if part.strip():
                ip_network(part.strip(), strict=False)  # ValueError: a clear start-up error
        return value

    def metrics_networks(self) -> tuple[IPv4Network | IPv6Network, ...]:
        """The networks of `LR_METRICS_ALLOW`."""
        return tuple(
            ip_network(p.strip(), strict=False) for p in self.metrics_allow.split(",") if p.strip()
        )

    def metrics_folder(self) -> Path:
        return self.metrics_dir or self.data_dir / "metrics"

    def secret(self) -> bytes:
        """The BSN-hash key: from settings, or from a file made once in the data folder."""
        if self.secret_key:
            return self.secret_key.encode("utf-8")
        return key_file_text(self.data_dir / "secret.key").encode("utf-8")


def key_file_text(path: Path) -> str:
    """The secret in the file at `path` (64 hex digits), made once with mode 0600 if absent.

    Processes starting together on a fresh data folder agree on one secret: it is written to a
    private temporary file and hard-linked into place, so a second maker either wins or reads
    the winner's, and no reader sees a half-written file.
    """
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".key-")  # mode 0600
        try:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
                handle.flush()
                os.fsync(handle.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
    return path.read_text().strip()
