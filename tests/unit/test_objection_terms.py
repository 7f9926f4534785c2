"""When an objection must be ruled on: twelve weeks from the end of the objection term, or
from the day a late (excused) objection arrived."""

from __future__ import annotations

from datetime import date

import pytest

from domain.objection import decide_by_for
from policies.terms import extend_decide_by, objection_deadline


@pytest.mark.parametrize(
    ("decided_on", "filed_on", "decide_by"),
    [
        pytest.param(date(2026, 1, 1), date(2026, 1, 2), date(2026, 5, 7), id="in-time-early"),
        pytest.param(date(2026, 1, 1), date(2026, 2, 12), date(2026, 5, 7), id="last-day"),
        pytest.param(date(2026, 1, 1), date(2026, 2, 13), date(2026, 5, 8), id="late-by-a-day"),
        pytest.param(date(2024, 1, 18), date(2024, 2, 29), date(2024, 5, 23), id="leap-day-end"),
        pytest.param(date(2026, 11, 19), date(2026, 12, 31), date(2027, 3, 25), id="new-year"),
    ],
)
def test_decide_by_counts_from_the_end_of_the_term_or_a_late_arrival(
    decided_on: date, filed_on: date, decide_by: date
) -> None:
    assert decide_by_for(objection_deadline(decided_on), filed_on) == decide_by


def test_one_extension_adds_six_weeks_to_the_decide_by_day() -> None:
    assert extend_decide_by(date(2026, 5, 7)) == date(2026, 6, 18)
