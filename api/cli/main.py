"""The `lerarenregister` command line: the parser of every command group, and `main`.

Refusals print one plain line on stderr and exit with status 2; nothing prints a traceback
for bad input.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any

from api.cli import backup, core, decisions, ledger, outbox, privacy, samples, witness
from api.cli.common import fail
from domain.errors import RegisterError

#: Each command group is a module with an `add_commands(subparsers)`, added in this order.
COMMAND_GROUPS: tuple[Callable[[Any], None], ...] = (
    core.add_commands,
    backup.add_commands,
    decisions.add_commands,
    outbox.add_commands,
    ledger.add_commands,
    samples.add_commands,
    privacy.add_commands,
    witness.add_commands,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lerarenregister",
        description="The teachers' register: event-sourced, with an auditable decision history.",
    )
    parser.add_argument("--log-level", default=None, help="debug, info, warning (default info)")
    sub = parser.add_subparsers(dest="command", required=True)
    for add_commands in COMMAND_GROUPS:
        add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        result: int = args.func(args)
    except RegisterError as exc:
        return fail(exc.message)
    except ValueError as exc:
        return fail(str(exc))
    return result
