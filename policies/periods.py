"""The one calendar of periods: years from a date, days of overlap, leave extension.

Kept free of criteria so the same rule serves the registration period and the pre-register
term, for decisions, the teacher file, the read models and the pages alike (29 February plus a
year is 28 February; a period of N years ends the day before the anniversary, pushed back by
the leave inside it). Which leave counts (only approved leave) is the caller's filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

_DAY = timedelta(days=1)


def add_years(start: date, years: int) -> date:
    """The same calendar day ``years`` later; 29 February becomes 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def last_day(start: date, years: int) -> date:
    """Last day (inclusive) of a term of ``years`` beginning on ``start``."""
    return add_years(start, years) - _DAY


def overlap_days(first: date, last: date, start: date, end: date | None) -> int:
    """Days of [start, end] (``end`` None: open) that fall in [first, last], both inclusive."""
    low = max(first, start)
    high = last if end is None else min(last, end)
    return max(0, (high - low).days + 1)


def union_days(first: date, last: date, spans: Iterable[tuple[date, date]]) -> int:
    """Distinct days of the spans inside [first, last]: overlapping spans are not counted twice."""
    clipped = sorted(
        (max(first, start), min(last, end))
        for start, end in spans
        if start <= last and end >= first
    )
    total = 0
    current: tuple[date, date] | None = None
    for start, end in clipped:
        if current is not None and start <= current[1] + _DAY:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days + 1
        current = (start, end)
    if current is not None:
        total += (current[1] - current[0]).days + 1
    return total


def extended_end(base_end: date, start: date, spans: Iterable[tuple[date, date]]) -> date:
    """``base_end`` pushed back by the days of the spans inside the period, until stable.

    Leave that falls in the extension extends it too: a teacher on long leave when the period
    would have ended keeps that leave. Each round only moves the end later and the spans are
    finite, so the loop ends; the result is never before ``base_end``.
    """
    span_list = list(spans)
    end = base_end
    while True:
        extended = base_end + timedelta(days=union_days(start, end, span_list))
        if extended == end:
            return end
        end = extended


def period_end(start: date, years: int, leaves: Iterable[tuple[date, date]] = ()) -> date:
    """Last day of a period of ``years`` from ``start``, extended by the leave inside it."""
    return extended_end(last_day(start, years), start, leaves)
