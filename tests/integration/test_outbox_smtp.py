"""The outbox delivered to a real SMTP server (aiosmtpd in this process), on both stores:
exactly once, retried on passing faults, given up on refusals, and never with a BSN or a date
of birth in it. Crashes of the sender are in tests/faults/test_outbox_crash.py."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import date

import pytest

from api.bootstrap import Services
from api.outbox_sender import OutboxSender, SmtpTarget, SmtpUrlError, stuffed
from api.settings import Settings
from domain.commands.correspondence import ChooseReminders
from domain.commands.hearings import ProposeStrikeOff
from projections import outbox
from projections.db import Db
from tests.decision_helpers import REGISTRAR, MovableClock, clocked_services
from tests.reminder_helpers import strike_off_on_request, teacher_ctx, with_address
from tests.smtp_helpers import SmtpServer

BASE_URL = "https://register.example.nl"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def world(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def db(world: Services) -> Iterator[Db]:
    handle = Db(world.store)
    yield handle
    handle.close()


def sender_for(world: Services, smtp: SmtpServer, **kw: object) -> OutboxSender:
    options: dict[str, object] = {
        "sender": "noreply@lerarenregister.example.nl",
        "base_url": BASE_URL,
        "backoff": (0.0, 0.0),
        **kw,
    }
    return OutboxSender(
        world.store,
        SmtpTarget.from_url(smtp.url, timeout=5.0),
        **options,  # type: ignore[arg-type]
    )


def test_a_reminder_arrives_exactly_once(
    world: Services, clock: MovableClock, smtp: SmtpServer, db: Db
) -> None:
    """run-due twice, the sender three rounds: one message at the server, marked sent."""
    anna = with_address(world.register)
    world.register.run_due(clock.today, ctx=REGISTRAR)
    world.register.run_due(clock.today, ctx=REGISTRAR)
    world.projections.catch_up()
    sender = sender_for(world, smtp)
    try:
        rounds = [sender.send_once().sent for _ in range(3)]
    finally:
        sender.close()
    assert rounds == [1, 0, 0]
    (received,) = smtp.mailbox.received
    assert received.rcpt_tos == ["anna@example.nl"]
    assert received.mail_from == "noreply@lerarenregister.example.nl"
    message = received.message
    assert message["Subject"].startswith("Herinnering")
    assert f"{BASE_URL}/me/file" in message.get_content()
    (row,) = outbox.rows_of(db, str(anna.teacher_id))
    assert row["status"] == "sent"
    assert row["attempts"] == 1
    assert row["message_id"] == message["Message-ID"]


def test_opt_out_stops_reminders_but_not_decisions(
    world: Services, clock: MovableClock, smtp: SmtpServer
) -> None:
    """The teacher who opted out hears of the decision only; the other gets both."""
    register = world.register
    anna = with_address(register, "anna@example.nl")
    bert = with_address(register, "bert@example.nl")
    register.choose_reminders(
        bert.teacher_id, ChooseReminders(wanted=False), ctx=teacher_ctx(bert.teacher_id)
    )
    register.run_due(clock.today, ctx=REGISTRAR)
    strike_off_on_request(register, anna, clock.today)
    strike_off_on_request(register, bert, clock.today)
    world.projections.catch_up()
    sender = sender_for(world, smtp)
    try:
        assert sender.send_once().sent == 3
    finally:
        sender.close()
    got = sorted(
        (r.rcpt_tos[0], str(r.message["Subject"]).split()[0].rstrip(":"))
        for r in smtp.mailbox.received
    )
    assert got == [
        ("anna@example.nl", "Er"),  # the decision
        ("anna@example.nl", "Herinnering"),
        ("bert@example.nl", "Er"),
    ]


def test_the_message_holds_the_name_and_a_link_and_no_other_personal_data(
    world: Services, clock: MovableClock, smtp: SmtpServer
) -> None:
    """No BSN, no date of birth, no register number, no period end (it would reveal leave)."""
    register = world.register
    anna = with_address(register)
    register.run_due(clock.today, ctx=REGISTRAR)
    register.propose_strike_off(
        anna.teacher_id,
        ProposeStrikeOff(qualification_id=anna.qualification_id, ground="incorrect_data"),
        ctx=REGISTRAR,
    )
    world.projections.catch_up()
    sender = sender_for(world, smtp)
    try:
        sender.send_once()
    finally:
        sender.close()
    assert len(smtp.mailbox.received) == 2
    teacher = register.get_teacher(anna.teacher_id)
    period_end = teacher.period_end(anna.qualification_id)
    forbidden = [
        teacher.bsn,
        teacher.register_number,
        str(anna.teacher_id),
        "1980-05-01",
        "01-05-1980",
        "1 mei 1980",
        "Anna",  # the given name: the greeting uses initials, prefix and family name
        period_end.isoformat(),
        period_end.strftime("%d-%m-%Y"),
    ]
    for received in smtp.mailbox.received:
        raw = received.content.decode("utf-8", "replace")
        text = received.message.get_content()
        assert "A. de Vries" in text
        assert f"{BASE_URL}/me/file" in text
        for value in forbidden:
            assert value not in raw, value
            assert value not in text, value


def test_a_passing_refusal_is_retried_and_a_permanent_one_gives_up(
    world: Services, clock: MovableClock, smtp: SmtpServer, db: Db
) -> None:
    """451 comes back later (with the same Message-ID); 550 is final, and marked failed."""
    register = world.register
    anna = with_address(register, "anna@example.nl")
    strike_off_on_request(register, anna, clock.today)
    world.projections.catch_up()
    smtp.mailbox.refuse = ["451 4.3.0 try again later"]
    sender = sender_for(world, smtp)
    try:
        first = sender.send_once()
        assert (first.sent, first.retried) == (0, 1)
        second = sender.send_once()
        assert second.sent == 1
        (row,) = outbox.rows_of(db, str(anna.teacher_id))
        assert (row["status"], row["attempts"]) == ("sent", 2)
        bert = with_address(register, "bert@example.nl")
        strike_off_on_request(register, bert, clock.today)
        world.projections.catch_up()
        smtp.mailbox.refuse = ["550 5.1.1 no such mailbox"]
        third = sender.send_once()
        assert (third.sent, third.failed) == (0, 1)
        assert sender.send_once().claimed == 0
    finally:
        sender.close()
    (failed,) = outbox.rows_of(db, str(bert.teacher_id))
    assert failed["status"] == "failed"
    assert len(smtp.mailbox.received) == 1
    # the operator may send it again: with the same Message-ID
    assert outbox.requeue(db, failed["outbox_id"], now=time.time())
    again = sender_for(world, smtp)
    try:
        assert again.send_once().sent == 1
    finally:
        again.close()
    assert smtp.mailbox.received[-1].message_id == failed["message_id"]


def test_a_server_that_is_away_is_retried_with_backoff(
    world: Services, clock: MovableClock, db: Db
) -> None:
    """Connection refused: the attempt is counted and the next one waits (backoff)."""
    anna = with_address(world.register)
    strike_off_on_request(world.register, anna, clock.today)
    world.projections.catch_up()
    with SmtpServer() as gone:
        url = gone.url
    now = [time.time()]
    sender = OutboxSender(
        world.store,
        SmtpTarget.from_url(url, timeout=2.0),
        sender="noreply@lerarenregister.example.nl",
        base_url=BASE_URL,
        backoff=(30.0, 600.0),
        clock=lambda: now[0],
    )
    try:
        assert sender.send_once().retried == 1
        assert sender.send_once().claimed == 0  # not yet: backing off
        now[0] += 31.0
        assert sender.send_once().retried == 1
        waits = db.fetchall("SELECT next_attempt_at FROM lr_outbox")
        assert waits[0][0] > now[0] + 29.0  # the second wait is longer (30 doubling to 60)
    finally:
        sender.close()
    (row,) = outbox.rows_of(db, str(anna.teacher_id))
    assert (row["status"], row["attempts"]) == ("pending", 2)


@pytest.mark.postgres
def test_several_senders_on_postgres_send_each_message_once(
    pg_schema: str, tmp_path: object, clock: MovableClock, smtp: SmtpServer
) -> None:
    """Four senders at once on one outbox (FOR UPDATE SKIP LOCKED): every message once."""
    from pathlib import Path

    from tests.conftest import settings_for

    world = clocked_services(settings_for("postgres", Path(str(tmp_path)), pg_schema), clock)
    try:
        for i in range(24):
            admitted = with_address(world.register, f"leraar{i}@example.nl")
            strike_off_on_request(world.register, admitted, clock.today)
        world.projections.catch_up()
        senders = [sender_for(world, smtp) for _ in range(4)]
        sent: list[int] = []

        def work(s: OutboxSender) -> None:
            total = 0
            for _ in range(10):
                total += s.send_once(limit=3).sent
            sent.append(total)

        threads = [threading.Thread(target=work, args=(s,)) for s in senders]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        for s in senders:
            s.close()
        assert sum(sent) == 24
        assert sum(1 for n in sent if n > 0) >= 2  # they did share the work
        counts = Counter(smtp.mailbox.message_ids())
        assert len(counts) == 24
        assert set(counts.values()) == {1}
    finally:
        world.close()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        pytest.param("smtp://mail.example.nl:2525", ("mail.example.nl", 2525, False, False)),
        pytest.param("smtp://mail.example.nl?starttls=1", ("mail.example.nl", 25, False, True)),
        pytest.param("smtps://u:p%40ss@mail.example.nl", ("mail.example.nl", 465, True, False)),
    ],
)
def test_smtp_urls(url: str, expected: tuple[str, int, bool, bool]) -> None:
    target = SmtpTarget.from_url(url)
    assert (target.host, target.port, target.tls, target.starttls) == expected
    if target.username:
        assert (target.username, target.password) == ("u", "p@ss")


@pytest.mark.parametrize("url", ["http://mail.example.nl", "smtp://", "mail.example.nl:25"])
def test_an_smtp_url_that_cannot_be_used_is_refused(url: str) -> None:
    with pytest.raises(SmtpUrlError):
        SmtpTarget.from_url(url)


def test_a_line_starting_with_a_dot_is_doubled_and_lines_end_in_crlf() -> None:
    assert stuffed(b"a\n.b\r\n..c") == b"a\r\n..b\r\n...c\r\n"
