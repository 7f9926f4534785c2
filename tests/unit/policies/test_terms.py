"""Awb terms on ordinary and edge dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.terms import (
    extend_decide_by,
    hearing_deadline,
    is_objection_in_time,
    objection_deadline,
    objection_decide_by,
    provider_decision_due,
    weeks_after,
)

any_date = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))


def test_objection_term_counts_six_weeks_from_the_day_after_the_decision() -> None:
    assert objection_deadline(date(2026, 1, 1)) == date(2026, 2, 12)


@pytest.mark.parametrize(
    ("decided_on", "deadline"),
    [
        pytest.param(date(2024, 1, 18), date(2024, 2, 29), id="ends-on-leap-day"),
        pytest.param(date(2023, 1, 18), date(2023, 3, 1), id="no-leap-day"),
        pytest.param(date(2025, 12, 31), date(2026, 2, 11), id="across-new-year"),
        pytest.param(date(2027, 11, 20), date(2028, 1, 1), id="ends-on-new-years-day"),
        pytest.param(date(2024, 2, 29), date(2024, 4, 11), id="from-leap-day"),
        pytest.param(date(2026, 1, 31), date(2026, 3, 14), id="from-month-end"),
    ],
)
def test_objection_deadline_on_edge_dates(decided_on: date, deadline: date) -> None:
    assert objection_deadline(decided_on) == deadline


def test_objection_on_the_last_day_is_in_time_and_a_day_later_is_not() -> None:
    assert is_objection_in_time(date(2026, 1, 1), date(2026, 2, 12))
    assert not is_objection_in_time(date(2026, 1, 1), date(2026, 2, 13))


def test_decision_on_objection_is_due_twelve_weeks_after_the_term_with_a_committee() -> None:
    assert objection_decide_by(date(2026, 2, 12)) == date(2026, 5, 7)
    assert objection_decide_by(date(2026, 2, 12), advisory_committee=False) == date(2026, 3, 26)


def test_decision_term_extends_by_six_weeks() -> None:
    assert extend_decide_by(date(2026, 5, 7)) == date(2026, 6, 18)


def test_hearing_and_provider_terms_are_two_weeks() -> None:
    assert hearing_deadline(date(2026, 2, 20)) == date(2026, 3, 6)
    assert hearing_deadline(date(2026, 2, 20), weeks=4) == date(2026, 3, 20)
    assert provider_decision_due(date(2028, 2, 22)) == date(2028, 3, 7)


def test_negative_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        weeks_after(date(2026, 1, 1), -1)


@settings(max_examples=100, deadline=None)
@given(any_date)
def test_objection_term_ends_on_the_same_weekday_six_weeks_on(decided_on: date) -> None:
    deadline = objection_deadline(decided_on)
    assert deadline - decided_on == timedelta(days=42)
    assert deadline.weekday() == decided_on.weekday()
    assert is_objection_in_time(decided_on, deadline)
    assert not is_objection_in_time(decided_on, deadline + timedelta(days=1))


@settings(max_examples=100, deadline=None)
@given(any_date, st.booleans())
def test_decide_by_is_never_before_the_term_end_and_extension_adds_six_weeks(
    term_end: date, committee: bool
) -> None:
    decide_by = objection_decide_by(term_end, advisory_committee=committee)
    assert (decide_by - term_end).days == (84 if committee else 42)
    assert extend_decide_by(decide_by) - decide_by == timedelta(weeks=6)
