"""`outbox`: deliver the register's messages over SMTP (`LR_SMTP_URL`), see and requeue them.

`outbox send` catches the outbox up with the log and sends what is due, once; `outbox run`
keeps sending (several may run at once on PostgreSQL); `outbox status` counts messages per
status; `outbox requeue ID` sends an in-doubt or failed message again, with its Message-ID.
"""

from __future__ import annotations

import argparse
import json
import signal
import threading
import time
from typing import Any

from api.cli.common import fail, services_for
from api.outbox_sender import OutboxSender
from projections import outbox
from projections.db import Db


def cmd_send(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        services.projections.catch_up("outbox")
        sender = OutboxSender.from_settings(services.settings, services.store)
        total: dict[str, int] = {}
        try:
            while True:
                report = sender.send_once()
                for key, value in report.to_dict().items():
                    total[key] = total.get(key, 0) + value
                if report.claimed == 0 or report.sent + report.failed == 0:
                    break
        finally:
            sender.close()
        print(json.dumps(total, indent=2))
        return 0
    finally:
        services.close()


def cmd_run(args: argparse.Namespace) -> int:
    services = services_for(args)
    stop = threading.Event()

    def halt(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, halt)
    signal.signal(signal.SIGINT, halt)
    try:
        sender = OutboxSender.from_settings(services.settings, services.store)
        print(f"outbox sender {sender.worker} running; stop with Ctrl-C", flush=True)
        sender.run(stop, poll=services.settings.outbox_poll)
        return 0
    finally:
        services.close()


def cmd_status(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        db = Db(services.store)
        try:
            print(json.dumps(outbox.counts(db), indent=2, sort_keys=True))
        finally:
            db.close()
        return 0
    finally:
        services.close()


def cmd_requeue(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        db = Db(services.store)
        try:
            if not outbox.requeue(db, args.outbox_id, now=time.time()):
                return fail(f"no in-doubt or failed message {args.outbox_id} in the outbox")
        finally:
            db.close()
        print(f"requeued {args.outbox_id}: it is sent again with the same Message-ID")
        return 0
    finally:
        services.close()


def add_commands(sub: Any) -> None:
    """`outbox send|run|status|requeue`."""
    box = sub.add_parser("outbox", help="deliver the register's messages over SMTP")
    box_sub = box.add_subparsers(dest="outbox_command", required=True)
    box_sub.add_parser("send", help="catch the outbox up and send what is due, once").set_defaults(
        func=cmd_send
    )
    box_sub.add_parser("run", help="keep sending until stopped").set_defaults(func=cmd_run)
    box_sub.add_parser("status", help="messages per status").set_defaults(func=cmd_status)
    requeue = box_sub.add_parser(
        "requeue", help="send an in-doubt or failed message again (same Message-ID)"
    )
    requeue.add_argument("outbox_id")
    requeue.set_defaults(func=cmd_requeue)
