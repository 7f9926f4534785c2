"""Registration periods: four years from admission, extended by leave.

Kept apart so that the aggregate, the criteria engine and the read models agree on one rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta


def add_years(start: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return start.replace(year=start.year + years)
    except ValueError:
        return start.replace(year=start.year + years, day=28)


def leave_days_within(start: date, end: date, leaves: Iterable[tuple[date, date]]) -> int:
    """Days of leave that overlap [start, end], counting overlapping leaves once."""
    days: set[date] = set()
    for leave_start, leave_end in leaves:
        first = max(start, leave_start)
        last = min(end, leave_end)
        day = first
        while day <= last:
            days.add(day)
            day += timedelta(days=1)
    return len(days)


def period_end(start: date, years: int, leaves: Iterable[tuple[date, date]] = ()) -> date:
    """Last day of a period of `years` from `start`, extended by the leave inside it.

    Leave that falls in the extension itself extends it further, until stable: a teacher on
    long leave at the end of a period should not lose that leave.
    """
    leave_list = list(leaves)
    base_end = add_years(start, years) - timedelta(days=1)
    end = base_end
    for _ in range(100):
        extended = base_end + timedelta(days=leave_days_within(start, end, leave_list))
        if extended == end:
            break
        end = extended
    return end
