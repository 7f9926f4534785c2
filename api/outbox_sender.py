"""Delivers the outbox over SMTP: claim, send, mark; with retries, backoff, and no duplicates
after a crash.

Each message goes through three recorded steps (projections/outbox.py):

1. **claim**: the row becomes ``sending`` by this worker, with a lease, and its attempt is
   counted and committed before a byte goes out; its Message-ID is fixed at the first claim;
2. **hand-over**: after MAIL, RCPT and the whole body went out, and *before* the final
   ``.`` that asks the server to accept it, the row's stage becomes ``committing`` (committed);
3. **mark**: on the server's 250 the row is ``sent``.

A sender that dies before step 2 leaves a claim whose lease runs out; the server never got the
end of the message, so it discards it (RFC 5321 §4.1.1.4: no end of data, no message), and the
next sender sends it again, with the same Message-ID. A sender that dies after step 2 and
before step 3 leaves a message that may have arrived: it is set aside as ``in_doubt`` and never
sent again by itself (``outbox requeue ID`` does, with the same Message-ID). The exact promise
is in docs/operations.md. Several senders may run at once (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL, the write lock on SQLite): a message is claimed by one of them at a time.
"""

from __future__ import annotations

import os
import random
import re
import smtplib
import socket
import sqlite3
import ssl
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from email.policy import SMTP as SMTP_POLICY
from typing import Any, Final
from urllib.parse import parse_qs, unquote, urlparse

import psycopg
import structlog

from api.outbox_messages import render
from api.settings import Settings
from domain.store import StoreConfig
from projections import outbox
from projections.db import Db

log = structlog.get_logger("lerarenregister.outbox")

#: Messages claimed per round.
CLAIM_BATCH: Final = 50


class SmtpUrlError(ValueError):
    """LR_SMTP_URL cannot be used."""


@dataclass(frozen=True)
class SmtpTarget:
    """Where and how to hand messages over: ``smtp://[user:password@]host[:port]`` (plain,
    ``?starttls=1`` to upgrade), or ``smtps://`` (TLS from the start)."""

    host: str
    port: int
    tls: bool = False
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, timeout: float = 30.0) -> SmtpTarget:
        parsed = urlparse(url)
        if parsed.scheme not in ("smtp", "smtps") or not parsed.hostname:
            raise SmtpUrlError("LR_SMTP_URL must look like smtp://host:port or smtps://host:port")
        query = parse_qs(parsed.query)
        starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
        tls = parsed.scheme == "smtps"
        return cls(
            host=parsed.hostname,
            port=parsed.port or (465 if tls else 25),
            tls=tls,
            starttls=starttls and not tls,
            username=unquote(parsed.username) if parsed.username else None,
            password=unquote(parsed.password) if parsed.password else None,
            timeout=timeout,
        )

    def connect(self) -> smtplib.SMTP:
        context = ssl.create_default_context()
        conn: smtplib.SMTP
        if self.tls:
            conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=context)
        else:
            conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        conn.ehlo_or_helo_if_needed()
        if self.starttls:
            conn.starttls(context=context)
            conn.ehlo()
        if self.username:
            conn.login(self.username, self.password or "")
        return conn


class _RefusedError(Exception):
    """The server answered a message with a refusal (`permanent` for a 5xx)."""

    def __init__(self, code: int, text: str) -> None:
        super().__init__(f"{code} {text}")
        self.code = code
        self.permanent = code >= 500


class _LostClaimError(Exception):
    """The claim is no longer ours (its lease ran out): the end of the message is not sent."""


class _InDoubtError(Exception):
    """The end of the message went out, but no answer came back."""


def _reply_text(resp: bytes | str) -> str:
    return resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)


def stuffed(data: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, a leading dot doubled, ending in CRLF."""
    data = re.sub(rb"\r\n|\r|\n", b"\r\n", data)
    data = re.sub(rb"(?m)^\.", b"..", data)
    return data if data.endswith(b"\r\n") else data + b"\r\n"


def transfer(
    conn: smtplib.SMTP, sender: str, recipient: str, data: bytes, hand_over: Callable[[], bool]
) -> None:
    """One SMTP transaction whose final ``.`` is sent only after `hand_over()` said yes.

    Raises `_RefusedError` for a refusal by the server, `_LostClaimError` when `hand_over`
    said no (the connection is then closed without the end of the message), `_InDoubtError`
    when the end went out and no answer came, and OSError/SMTPException for faults before.
    """
    code, resp = conn.mail(sender)
    if code != 250:
        raise _RefusedError(code, _reply_text(resp))
    code, resp = conn.rcpt(recipient)
    if code not in (250, 251):
        raise _RefusedError(code, _reply_text(resp))
    code, resp = conn.docmd("data")
    if code != 354:
        raise _RefusedError(code, _reply_text(resp))
    conn.send(stuffed(data))
    if not hand_over():
        conn.close()
        raise _LostClaimError
    try:
        conn.send(b".\r\n")
        code, resp = conn.getreply()
    except (OSError, smtplib.SMTPServerDisconnected) as exc:
        raise _InDoubtError(str(exc) or type(exc).__name__) from exc
    if code != 250:
        raise _RefusedError(code, _reply_text(resp))


@dataclass
class SendReport:
    """What one round of sending did."""

    claimed: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0
    in_doubt: int = 0
    lost: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "claimed": self.claimed,
            "sent": self.sent,
            "retried": self.retried,
            "failed": self.failed,
            "in_doubt": self.in_doubt,
            "lost_claims": self.lost,
        }


class OutboxSender:
    """Sends due outbox messages; one instance per thread or process."""

    def __init__(
        self,
        store: StoreConfig,
        target: SmtpTarget,
        *,
        sender: str,
        base_url: str,
        lease: float = 120.0,
        max_attempts: int = 8,
        backoff: tuple[float, float] = (30.0, 3600.0),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.target = target
        self.sender = sender
        self.base_url = base_url
        # A live sender's attempt must end before its lease does: every wait on the server is
        # bounded by the SMTP timeout, and a message takes a few of them.
        self.lease = max(lease, 4 * target.timeout)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.clock = clock
        self.worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.domain = sender.rsplit("@", 1)[-1] or "lerarenregister"
        self._db: Db | None = None

    @classmethod
    def from_settings(cls, settings: Settings, store: StoreConfig) -> OutboxSender:
        if not settings.smtp_url:
            raise SmtpUrlError("LR_SMTP_URL is not set: the outbox has nowhere to send to")
        return cls(
            store,
            SmtpTarget.from_url(settings.smtp_url, settings.smtp_timeout),
            sender=settings.mail_from,
            base_url=settings.public_base_url,
            lease=settings.outbox_lease,
            max_attempts=settings.outbox_max_attempts,
            backoff=(settings.outbox_backoff, settings.outbox_backoff_max),
        )

    # -- database -----------------------------------------------------------------------------

    def db(self) -> Db:
        if self._db is None or self._db.closed:
            self._db = Db(self.store)
            outbox.create_outbox(self._db)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _delay(self, attempts: int) -> float:
        base, cap = self.backoff
        window = min(cap, base * float(2 ** max(0, attempts - 1)))
        return window / 2 + random.uniform(0, window / 2)  # noqa: S311 (jitter, not secrecy)

    # -- sending ------------------------------------------------------------------------------

    def send_once(self, limit: int = CLAIM_BATCH) -> SendReport:
        """Claim what is due and send it; one round. Returns what happened."""
        report = SendReport()
        db = self.db()
        claimed = outbox.claim(
            db, self.worker, now=self.clock(), lease=self.lease, limit=limit, domain=self.domain
        )
        report.claimed = len(claimed)
        if not claimed:
            return report
        conn: smtplib.SMTP | None = None
        try:
            for message in claimed:
                conn = self._send_one(db, conn, message, report)
        finally:
            if conn is not None:
                try:
                    conn.quit()
                except (OSError, smtplib.SMTPException):
                    conn.close()
        log.info("outbox_round", worker=self.worker, **report.to_dict())
        return report

    def _send_one(
        self, db: Db, conn: smtplib.SMTP | None, message: outbox.Claimed, report: SendReport
    ) -> smtplib.SMTP | None:
        """Send one claimed message; returns the connection to reuse (None after a fault)."""
        data = render(message, sender=self.sender, base_url=self.base_url).as_bytes(
            policy=SMTP_POLICY
        )

        def hand_over() -> bool:
            return outbox.hand_over(
                db, message.outbox_id, self.worker, now=self.clock(), lease=self.lease
            )

        try:
            if conn is None:
                conn = self.target.connect()
            else:
                conn.rset()
            transfer(conn, self.sender, message.recipient, data, hand_over)
        except _LostClaimError:
            report.lost += 1
            log.warning("outbox_claim_lost", outbox_id=message.outbox_id)
            return None
        except _InDoubtError as exc:
            outbox.mark_in_doubt(db, message.outbox_id, self.worker, str(exc))
            report.in_doubt += 1
            log.error("outbox_in_doubt", outbox_id=message.outbox_id, error=str(exc))
            self._drop(conn)
            return None
        except _RefusedError as exc:
            self._retry(db, message, str(exc), report, permanent=exc.permanent)
            return conn
        except (OSError, smtplib.SMTPException) as exc:
            self._retry(db, message, f"{type(exc).__name__}: {exc}", report, permanent=False)
            self._drop(conn)
            return None
        outbox.mark_sent(db, message.outbox_id, now=self.clock())
        report.sent += 1
        log.info("outbox_sent", outbox_id=message.outbox_id, kind=message.kind)
        return conn

    def _retry(
        self,
        db: Db,
        message: outbox.Claimed,
        error: str,
        report: SendReport,
        *,
        permanent: bool,
    ) -> None:
        give_up = permanent or message.attempts >= self.max_attempts
        outbox.mark_retry(
            db,
            message.outbox_id,
            self.worker,
            error,
            next_at=self.clock() + self._delay(message.attempts),
            give_up=give_up,
        )
        if give_up:
            report.failed += 1
            log.error("outbox_failed", outbox_id=message.outbox_id, error=error)
        else:
            report.retried += 1
            log.warning(
                "outbox_retry", outbox_id=message.outbox_id, attempts=message.attempts, error=error
            )

    @staticmethod
    def _drop(conn: smtplib.SMTP | None) -> None:
        if conn is not None:
            conn.close()

    # -- running ------------------------------------------------------------------------------

    def run(self, stop: threading.Event, poll: float = 2.0) -> None:
        """Send until stopped: round after round while there is work, else every `poll` s."""
        while not stop.is_set():
            try:
                report = self.send_once()
            except (psycopg.OperationalError, sqlite3.OperationalError, OSError) as exc:
                log.warning("outbox_store_unavailable", error=type(exc).__name__)
                self.close()
                stop.wait(poll)
                continue
            if report.claimed == 0:
                stop.wait(poll)
        self.close()

    def start(self, poll: float = 2.0) -> Callable[[], None]:
        """Run in a background thread (inside `serve`); returns the function that stops it."""
        stop = threading.Event()
        thread = threading.Thread(
            target=self.run, args=(stop, poll), name="outbox-sender", daemon=True
        )
        thread.start()

        def halt() -> None:
            stop.set()
            thread.join(timeout=10)

        return halt


def start_outbox_sender(services: Any) -> Callable[[], None] | None:
    """Inside `serve`: send the outbox from this process when LR_SMTP_URL is set (and
    LR_OUTBOX_SENDER is not `off`); returns the function that stops it, or None."""
    settings: Settings = services.settings
    if not settings.smtp_url or settings.outbox_sender == "off":
        return None
    sender = OutboxSender.from_settings(settings, services.store)
    log.info("outbox_sender_started", worker=sender.worker)
    return sender.start(settings.outbox_poll)
