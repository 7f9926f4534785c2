"""`erase` and `keys`: erasure of a person's personal data, and the key store's upkeep."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from api.access_log import AccessLog, purge_past_retention
from api.cli.common import fail, services_for
from api.privacy_setup import journal_file
from domain.keystore import read_journal
from domain.register import Context
from domain.values import Actor


def _ctx(reason: str | None) -> Context:
    return Context(Actor("registrar", "cli"), reason=reason)


def print_retention(services: Any, data: dict[str, Any], on: date) -> None:
    """The due-retention part of `run-due`: its report, and the access log's purge."""
    retention = data.get("retention") or {}
    access = AccessLog(services.store)
    try:
        access.prepare()
        purged = purge_past_retention(access, services.register, on)
    finally:
        access.close()
    policy = retention.get("policy") or {}
    print(
        f"retention (policy v{policy.get('version', '?')}): "
        f"{retention.get('annotations_expired', 0)} annotations and "
        f"{retention.get('strike_offs_expired', 0)} strike-off grounds left the public view; "
        f"{purged['access_log_deleted']} access-log entries older than "
        f"{purged['access_log_before']} deleted"
    )
    erasable = retention.get("erasable") or []
    print(f"  files whose personal data may now be erased ({len(erasable)}):")
    for teacher_id in erasable:
        print(f"    {teacher_id}")


def cmd_erase(args: argparse.Namespace) -> int:
    """Erase a person's personal data (refused, with every reason, while they must be kept)."""

    try:
        teacher_id = UUID(args.teacher_id)
    except ValueError:
        return fail(f"{args.teacher_id!r} is not a teacher id")
    services = services_for(args)
    try:
        result = services.register.erase_personal_data(teacher_id, ctx=_ctx(args.reason))
    finally:
        services.close()
    print(
        f"erased: {teacher_id} (register number {result.data['register_number']}) on "
        f"{result.data['erased_on']}; version {result.version}, position {result.position}"
    )
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """`keys destroyed`, `keys reapply`, `keys migrate`."""

    services = services_for(args)
    try:
        register = services.register
        keys = register.keys
        assert keys is not None
        if args.keys_command == "destroyed":
            for person, when, reason in keys.destroyed():
                print(f"{person} {when} {reason}")
            return 0
        if args.keys_command == "reapply":
            journal = Path(args.journal) if args.journal else journal_file(services.settings)
            persons = read_journal(journal)
            counts = register.reapply_erasures(
                persons, ctx=_ctx(args.reason or "re-applied after a restore")
            )
            print(
                f"journal {journal}: {len(persons)} destroyed keys; "
                + ", ".join(f"{k} {v}" for k, v in counts.items())
            )
            return 0
        made = register.migrate_keys()
        print(f"keys made: {made} (personal data written from now on are encrypted)")
        return 0
    finally:
        services.close()


def add_commands(sub: Any) -> None:
    """`erase` and `keys`."""
    erase = sub.add_parser("erase", help="erase a person's personal data (AVG art. 17)")
    erase.add_argument("teacher_id")
    erase.add_argument("--reason", required=True, help="why (on record; no personal data)")
    erase.set_defaults(func=cmd_erase)

    keys = sub.add_parser("keys", help="persons' data keys: destroyed list, reapply, migrate")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    ksub.add_parser("destroyed", help="list every destroyed key: person, when, why")
    reapply = ksub.add_parser(
        "reapply", help="after a restore: destroy again every key in the journal"
    )
    reapply.add_argument("--journal", default=None, help="default LR_DATA_DIR/destroyed-keys.txt")
    reapply.add_argument("--reason", default=None)
    ksub.add_parser("migrate", help="give every person on file a key (stores made before keys)")
    keys.set_defaults(func=cmd_keys)
