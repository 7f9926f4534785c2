"""`backup FILE` and `restore FILE`: the store in one file, and back (see `api/backup.py`).

After a restore the list of destroyed keys is re-applied (`keys reapply`), unless told not to,
and the read models and ledger are brought up to the restored log; then `verify` can hold the
restored events to the checkpoints kept outside. Refusals print one plain line and exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from api.backup import BackupError, backup, kek_opens_keys, restore
from api.cli.common import fail, services_for
from api.privacy_setup import journal_file
from api.settings import Settings
from domain.keystore import read_journal
from domain.register import Context
from domain.values import Actor

REAPPLY_REASON = "re-applied after a restore"


def cmd_backup(args: argparse.Namespace) -> int:

    settings = Settings()
    target = Path(args.file)
    try:
        kind = backup(settings, target, force=args.force)
    except BackupError as exc:
        return fail(str(exc))
    size = target.stat().st_size
    print(f"backup of the {kind} store written to {target} ({size:,} bytes)")
    print(
        "not in it, keep apart: the key-encryption key, the ledger's signing key, the BSN-hash "
        "secret and the journal of destroyed keys"
    )
    return 0


def cmd_restore(args: argparse.Namespace) -> int:

    settings = Settings()
    try:
        done = restore(settings, Path(args.file), force=args.force)
    except BackupError as exc:
        return fail(str(exc))
    replaced = " (the store's former content is replaced)" if done.replaced else ""
    print(
        f"restored {done.events} events and {done.person_keys} person keys into the "
        f"{done.kind} store{replaced}"
    )
    if kek_opens_keys(settings) is False:
        message = (
            "the key-encryption key does not open the restored person keys: set LR_KEK or "
            "LR_KEK_FILE to the KEK of the register the backup was made from; until then no "
            "personal data can be read (nothing re-applied)"
        )
        return fail(message)
    services = services_for(args)
    try:
        if args.no_reapply:
            print(
                "destroyed keys NOT re-applied: run `lerarenregister keys reapply` before "
                "serving, or persons erased after this backup are readable again"
            )
        else:
            journal = Path(args.journal) if args.journal else journal_file(settings)
            if not journal.exists():
                print(
                    f"no journal of destroyed keys at {journal}: nothing re-applied; if anyone "
                    "was erased after this backup, run `lerarenregister keys reapply --journal "
                    "FILE` with the journal kept outside the database"
                )
            else:
                persons = read_journal(journal)
                assert services.register.keys is not None
                services.register.keys.forget_cache()
                counts = services.register.reapply_erasures(
                    persons, ctx=Context(Actor("registrar", "cli"), reason=REAPPLY_REASON)
                )
                print(
                    f"journal {journal}: {len(persons)} destroyed keys re-applied; "
                    + ", ".join(f"{k} {v}" for k, v in counts.items())
                )
        positions = services.projections.catch_up_all()
        print(f"read models and ledger at position {min(positions.values(), default=0)}")
    finally:
        services.close()
    print(
        "next: `lerarenregister verify --trusted-checkpoint FILE` with checkpoints kept "
        "outside, then start the servers and wait for /readyz"
    )
    return 0


def add_commands(sub: Any) -> None:
    """Register `backup` and `restore` on the main parser."""
    made = sub.add_parser(
        "backup", help="write the store to one file (pg_dump -Fc, or SQLite's online backup)"
    )
    made.add_argument("file", help="the backup file to write")
    made.add_argument("--force", action="store_true", help="overwrite an existing file")
    made.set_defaults(func=cmd_backup)

    back = sub.add_parser(
        "restore", help="put a backup into an empty store, re-apply destroyed keys, catch up"
    )
    back.add_argument("file", help="a file written by `backup`")
    back.add_argument(
        "--force", action="store_true", help="replace a store that already holds events"
    )
    back.add_argument(
        "--no-reapply", action="store_true", help="leave `keys reapply` to the operator"
    )
    back.add_argument(
        "--journal", default=None, help="journal of destroyed keys (default LR_DATA_DIR's)"
    )
    back.set_defaults(func=cmd_restore)
