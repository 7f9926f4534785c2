"""What the command groups share: the progress bar, the plain refusal, the CLI's actor and the
composition root opened with the process's settings.

Light on purpose: the composition root is imported when a command opens it, so the offline
checks (`verify-bundle`, `verify-proof`, `verify-extract`) never load the register.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING

from domain.values import Actor, Role

if TYPE_CHECKING:
    from api.bootstrap import Services


class Progress:
    """A one-line progress bar on stderr: done/total, rate and time left."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.started = time.perf_counter()
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-9)
        rate = done / elapsed
        width = 30
        filled = int(width * done / total) if total else width
        left = (total - done) / rate if rate > 0 else 0
        sys.stderr.write(
            f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
            f"{rate:,.0f}/s {left:,.0f}s left "
        )
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def fail(message: str) -> int:
    """One plain line on stderr and exit status 2: how every refusal ends."""
    sys.stderr.write(f"lerarenregister: {message}\n")
    return 2


CLI_ACTOR = Actor(Role.SYSTEM, "cli")


def services_for(args: argparse.Namespace, *, start_projections: bool = False) -> Services:
    """The composition root, with logging configured from the settings and `--log-level`."""
    from api.bootstrap import build_services  # noqa: PLC0415
    from api.logging import configure_logging  # noqa: PLC0415
    from api.settings import Settings  # noqa: PLC0415

    settings = Settings()
    configure_logging(settings.log_format, getattr(args, "log_level", None) or settings.log_level)
    return build_services(settings, start_projections=start_projections)
