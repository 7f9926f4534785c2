"""A sender killed in the middle of sending (a real process, SIGKILL) and started again
delivers each message once: before the end of the message was handed over, the message is
sent again (the server never accepted the broken transaction); after it, the message is set
aside `in_doubt` and never sent again by itself (the server did accept it)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from api.bootstrap import Services
from api.settings import Settings
from projections import outbox
from projections.db import Db
from tests.conftest import PG_URL
from tests.decision_helpers import MovableClock, clocked_services
from tests.reminder_helpers import strike_off_on_request, with_address
from tests.smtp_helpers import SmtpServer

pytestmark = pytest.mark.slow
MESSAGES = 3


@pytest.fixture
def world(settings: Settings) -> Iterator[Services]:
    svc = clocked_services(settings, MovableClock(date(2026, 11, 28)))
    yield svc
    svc.close()


def _sender(env: dict[str, str]) -> subprocess.Popen[bytes]:
    cli = Path(sys.executable).parent / "lerarenregister"
    inherited = {k: v for k, v in os.environ.items() if not k.startswith("LR_")}
    return subprocess.Popen(
        [str(cli), "outbox", "run"],
        env={**inherited, **env, "LR_LOG_FORMAT": "json"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _settled(db: Db, timeout: float) -> dict[str, int]:
    """Wait until no message is pending or being sent; the counts per status."""
    deadline = time.monotonic() + timeout
    while True:
        counts = outbox.counts(db)
        if not counts.get(outbox.PENDING) and not counts.get(outbox.SENDING):
            return counts
        assert time.monotonic() < deadline, counts
        time.sleep(0.1)


@pytest.mark.parametrize("held_at", ["rcpt", "data"], ids=["before-the-end", "after-the-end"])
def test_a_sender_killed_mid_send_and_restarted_delivers_each_message_once(
    world: Services, store_kind: str, tmp_path: Path, held_at: str
) -> None:
    for i in range(MESSAGES):
        admitted = with_address(world.register, f"leraar{i}@example.nl")
        strike_off_on_request(world.register, admitted, date(2026, 11, 28))
    world.projections.catch_up()
    env = {
        "LR_DATA_DIR": str(tmp_path),
        "LR_SECRET_KEY": "test-secret",
        "LR_PROJECTIONS": "off",
        "LR_SMTP_TIMEOUT": "1",
        "LR_OUTBOX_LEASE": "1",  # raised to 4x the SMTP timeout: 4 s
        "LR_OUTBOX_POLL": "0.1",
        "LR_OUTBOX_BACKOFF": "0",
        "LR_MAIL_FROM": "noreply@lerarenregister.example.nl",
    }
    if store_kind == "postgres":
        env |= {"LR_DATABASE_URL": PG_URL, "LR_DATABASE_SCHEMA": world.settings.database_schema}
    db = Db(world.store)
    with SmtpServer() as smtp:
        env["LR_SMTP_URL"] = smtp.url
        smtp.mailbox.hold = held_at
        first = _sender(env)
        try:
            assert smtp.mailbox.held.wait(30), "the sender never reached the server"
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        smtp.mailbox.release.set()
        rows = db.fetchall("SELECT status, stage, attempts FROM lr_outbox ORDER BY position")
        assert ("sending", "committing" if held_at == "data" else "claimed", 1) in rows
        second = _sender(env)
        try:
            counts = _settled(db, timeout=30)
        finally:
            second.terminate()
            second.wait(timeout=20)
        ids = Counter(smtp.mailbox.message_ids())
    db.close()
    assert len(ids) == MESSAGES
    assert set(ids.values()) == {1}, ids
    if held_at == "rcpt":
        assert counts == {"sent": MESSAGES}
        # the first sender had claimed all of them; each was claimed again once its lease
        # ran out, and sent once
        assert sorted(r[0] for r in db_rows(world)) == [2] * MESSAGES
    else:
        # it reached the server; the sender died before it could mark it
        assert counts == {"sent": MESSAGES - 1, "in_doubt": 1}


def db_rows(world: Services) -> list[tuple[int]]:
    db = Db(world.store)
    try:
        return [(int(r[0]),) for r in db.fetchall("SELECT attempts FROM lr_outbox")]
    finally:
        db.close()
