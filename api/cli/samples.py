"""Command line for sample checks of activities: `sample redraw SAMPLE_ID`.

An auditor redoes a recorded draw from its seed and parameters, without the API: the answer
says whether the same activities come out, and the exit status is 0 only when they do.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from api.cli.common import services_for


def cmd_sample_redraw(args: argparse.Namespace) -> int:
    services = services_for(args)
    try:
        answer = services.register.redraw_sample(args.sample_id)
    finally:
        services.close()
    print(json.dumps(answer, indent=2, ensure_ascii=False))
    return 0 if answer["reproduced"] else 1


def add_commands(sub: Any) -> None:
    sample = sub.add_parser("sample", help="sample checks of activities")
    sample_sub = sample.add_subparsers(dest="sample_command", required=True)
    redraw = sample_sub.add_parser(
        "redraw", help="redo a recorded draw from its seed; exit 1 if it does not reproduce"
    )
    redraw.add_argument("sample_id")
    redraw.set_defaults(func=cmd_sample_redraw)
