"""`erase` and `keys`: erasure of a person's personal data, and the key store's upkeep."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any
from uuid import UUID

from api.access_log import AccessLog, purge_past_retention
from api.cli.common import fail, services_for
from api.privacy_setup import journal_file, kek_of
from domain.commands.erasure import ErasePersonalData
from domain.keystore import UnknownKekError, read_journal
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
        result = services.register.erase_personal_data(
            teacher_id, ErasePersonalData(), ctx=_ctx(args.reason)
        )
    finally:
        services.close()
    print(
        f"erased: {teacher_id} (register number {result.data['register_number']}) on "
        f"{result.data['erased_on']}; version {result.version}, position {result.position}"
    )
    return 0


def cmd_keys(args: argparse.Namespace) -> int:
    """`keys destroyed`, `keys reapply`, `keys migrate`, `keys rotate-kek`."""

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
        if args.keys_command == "rotate-kek":
            return _rotate_kek(args, keys, services.settings)
        made = register.migrate_keys()
        print(f"keys made: {made} (personal data written from now on are encrypted)")
        return 0
    finally:
        services.close()


def _rotate_kek(args: argparse.Namespace, keys: Any, settings: Any) -> int:
    """Wrap every data key by the new KEK; says what is left for another run."""
    if args.new_kek_file:
        path = Path(args.new_kek_file)
        if not path.is_file():
            return fail(f"no new key-encryption key at {path}")
        text = path.read_text()
    elif settings.new_kek:
        text = settings.new_kek
    else:
        return fail("give the new key-encryption key: --new-kek-file FILE or LR_NEW_KEK")
    try:
        new = kek_of(text, "the new key-encryption key")
    except ValueError as exc:
        return fail(str(exc))
    if args.batch < 1:
        return fail("--batch must be at least 1")
    try:
        done = keys.rotate_kek(new, batch=args.batch)
    except UnknownKekError as exc:
        return fail(str(exc))
    print(
        f"data keys wrapped by the new KEK: {done.rewrapped} now, {done.already} already; "
        f"still under another KEK: {done.left}"
    )
    if done.left:
        print(
            "  some process still wraps new keys with the old KEK: give every process the new"
            " KEK as LR_KEK (the old one in LR_KEK_OTHERS) and run this again"
        )
        return 1
    return 0


def add_commands(sub: Any) -> None:
    """`erase` and `keys`."""
    erase = sub.add_parser("erase", help="erase a person's personal data (AVG art. 17)")
    erase.add_argument("teacher_id")
    erase.add_argument("--reason", required=True, help="why (on record; no personal data)")
    erase.set_defaults(func=cmd_erase)

    keys = sub.add_parser(
        "keys", help="persons' data keys: destroyed list, reapply, migrate, rotate-kek"
    )
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    ksub.add_parser("destroyed", help="list every destroyed key: person, when, why")
    reapply = ksub.add_parser(
        "reapply", help="after a restore: destroy again every key in the journal"
    )
    reapply.add_argument("--journal", default=None, help="default LR_DATA_DIR/destroyed-keys.txt")
    reapply.add_argument("--reason", default=None)
    ksub.add_parser("migrate", help="give every person on file a key (stores made before keys)")
    rotate = ksub.add_parser(
        "rotate-kek",
        help="wrap every data key by a new key-encryption key (resumable; docs/privacy.md)",
    )
    rotate.add_argument(
        "--new-kek-file", default=None, help="file of the new KEK (64 hex); or LR_NEW_KEK"
    )
    rotate.add_argument(
        "--batch", type=int, default=500, help="data keys per transaction (default 500)"
    )
    keys.set_defaults(func=cmd_keys)
