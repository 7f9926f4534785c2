"""The register's date: one clock for every rule, in Europe/Amsterdam.

docs/domain.md, "Time and law": "today" is one clock. A decision is dated the day it is taken, a
term is counted from it, a period is due after it. Every process (the server and each CLI command)
builds its clock here, from the settings: the real date in Europe/Amsterdam, or, for test and
acceptance environments, the date fixed by ``LR_TODAY``. Nothing compares a domain date with the
wall clock of the events' recorded timestamps, so a store can be carried forward in time by
restarting with a later ``LR_TODAY``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Final
from zoneinfo import ZoneInfo

AMSTERDAM: Final = ZoneInfo("Europe/Amsterdam")

Clock = Callable[[], date]


def amsterdam_today() -> date:
    """Today's date in Europe/Amsterdam (around midnight UTC it differs from ``date.today()``)."""
    return datetime.now(AMSTERDAM).date()


class FixedClock:
    """A clock that always answers the same day (``LR_TODAY``)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day

    def __repr__(self) -> str:
        return f"FixedClock({self.day.isoformat()})"


def register_clock(fixed: date | None) -> Clock:
    """The clock a process runs on: the fixed day when one is set, else Amsterdam's today."""
    return FixedClock(fixed) if fixed is not None else amsterdam_today
