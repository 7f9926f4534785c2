"""Statutory terms: Awb counting, extended under the Algemene termijnenwet."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.atw import CALENDAR, AtwCalendar, Holiday
from policies.terms import (
    appeal_term,
    extend_decide_by,
    hearing_deadline,
    is_objection_in_time,
    objection_deadline,
    objection_decide_by,
    objection_term,
    provider_decision_due,
    statutory_term,
    weeks_after,
)

any_date = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
term_weeks = st.sampled_from([1, 2, 4, 6, 12])


def test_objection_term_counts_six_weeks_from_the_day_after_the_decision() -> None:
    assert objection_deadline(date(2026, 1, 1)) == date(2026, 2, 12)


@pytest.mark.parametrize(
    ("decided_on", "deadline"),
    [
        pytest.param(date(2024, 1, 18), date(2024, 2, 29), id="ends-on-leap-day"),
        pytest.param(date(2023, 1, 18), date(2023, 3, 1), id="no-leap-day"),
        pytest.param(date(2025, 12, 31), date(2026, 2, 11), id="across-new-year"),
        pytest.param(date(2027, 11, 20), date(2028, 1, 3), id="new-years-day-on-a-saturday"),
        pytest.param(date(2024, 2, 29), date(2024, 4, 11), id="from-leap-day"),
        pytest.param(date(2026, 1, 31), date(2026, 3, 16), id="ends-on-a-saturday"),
        pytest.param(date(2026, 11, 13), date(2026, 12, 28), id="ends-on-christmas-day"),
        pytest.param(date(2027, 11, 14), date(2027, 12, 27), id="ends-on-boxing-day-sunday"),
        pytest.param(date(2025, 11, 20), date(2026, 1, 5), id="new-year-then-designated"),
        pytest.param(date(2026, 2, 20), date(2026, 4, 7), id="ends-on-good-friday"),
        pytest.param(date(2026, 4, 3), date(2026, 5, 18), id="ascension-and-designated-friday"),
        pytest.param(date(2028, 3, 16), date(2028, 5, 1), id="kings-day-and-designated"),
    ],
)
def test_objection_deadline_on_edge_dates(decided_on: date, deadline: date) -> None:
    assert objection_deadline(decided_on) == deadline


def test_the_christmas_term_names_its_extension_and_the_law() -> None:
    term = objection_term(date(2026, 11, 13)).to_dict()
    assert term["nominal_end"] == "2026-12-25"
    assert term["last_day"] == "2026-12-28"
    extension = term["extension"]
    assert extension["bwb_id"] == "BWBR0002448"
    assert extension["article"] == "1"
    assert [s["en"] for s in extension["skipped"]] == ["Christmas Day", "Saturday", "Sunday"]
    assert "eerste Kerstdag" in extension["nl"]
    assert "art. 1" in extension["en"]


def test_a_term_ending_on_a_working_day_is_not_extended() -> None:
    term = objection_term(date(2026, 1, 1))
    assert not term.extended
    assert term.to_dict()["extension"] is None


def test_article_2_asks_two_working_days_in_a_short_term() -> None:
    """Three days from Wednesday 23 December 2026: 24 is a working day, 25 and 26 are not;
    article 1 gives Monday 28, which makes two; a day term over New Year gives more."""
    assert statutory_term(date(2026, 12, 23), days=3).last_day == date(2026, 12, 28)
    # From Thursday 24 December 2026, three days: 25, 26, 27 none working -> art. 1 gives
    # Monday 28 (one working day), art. 2 adds Tuesday 29.
    term = statutory_term(date(2026, 12, 24), days=3)
    assert term.last_day == date(2026, 12, 29)
    assert term.article == "2"
    assert "art. 2" in term.to_dict()["extension"]["en"]


def test_article_4_keeps_terms_over_twelve_weeks_out_but_not_twelve_weeks_itself() -> None:
    # 12 weeks from 2026-10-02 ends Friday 25 December 2026: extended.
    assert statutory_term(date(2026, 10, 2), weeks=12).last_day == date(2026, 12, 28)
    # 13 weeks from 2026-09-25 ends on the same Christmas Day: out of the law's reach.
    longer = statutory_term(date(2026, 9, 25), weeks=13)
    assert longer.last_day == date(2026, 12, 25)
    assert not longer.atw_applies
    assert not statutory_term(date(2026, 9, 26), days=91).atw_applies
    assert statutory_term(date(2026, 9, 26), days=90).atw_applies


def test_objection_on_the_last_day_is_in_time_and_a_day_later_is_not() -> None:
    assert is_objection_in_time(date(2026, 1, 1), date(2026, 2, 12))
    assert not is_objection_in_time(date(2026, 1, 1), date(2026, 2, 13))
    # the Monday after a term that ended on Christmas Day
    assert is_objection_in_time(date(2026, 11, 13), date(2026, 12, 28))
    assert not is_objection_in_time(date(2026, 11, 13), date(2026, 12, 29))


def test_decision_on_objection_is_due_twelve_weeks_after_the_term_with_a_committee() -> None:
    assert objection_decide_by(date(2026, 2, 12)) == date(2026, 5, 7)
    assert objection_decide_by(date(2026, 2, 12), advisory_committee=False) == date(2026, 3, 26)


def test_decision_term_defers_by_six_weeks_as_a_term_of_its_own() -> None:
    assert extend_decide_by(date(2026, 5, 7)) == date(2026, 6, 18)
    # six weeks after 13 November 2026 is Christmas Day: the deferral runs to the Monday
    assert extend_decide_by(date(2026, 11, 13)) == date(2026, 12, 28)


def test_hearing_appeal_and_provider_terms() -> None:
    assert hearing_deadline(date(2026, 2, 20)) == date(2026, 3, 6)
    assert hearing_deadline(date(2026, 2, 20), weeks=4) == date(2026, 3, 20)
    assert hearing_deadline(date(2026, 12, 11)) == date(2026, 12, 28)
    assert provider_decision_due(date(2028, 2, 22)) == date(2028, 3, 7)
    assert appeal_term(date(2026, 11, 13)).last_day == date(2026, 12, 28)


def test_negative_terms_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        weeks_after(date(2026, 1, 1), -1)
    with pytest.raises(ValueError, match="negative"):
        statutory_term(date(2026, 1, 1), days=-1)


@settings(max_examples=300, deadline=None)
@given(any_date, term_weeks)
def test_every_computed_deadline_is_a_working_day(after: date, weeks: int) -> None:
    term = statutory_term(after, weeks=weeks)
    assert CALENDAR.is_working_day(term.last_day)
    assert term.last_day >= term.nominal_end
    assert CALENDAR.working_days_between(after + timedelta(days=1), term.last_day) >= 2
    # nothing between the count's end and the last day was a working day, unless art. 2
    if term.article != "2":
        gap = (term.last_day - term.nominal_end).days
        assert all(
            not CALENDAR.is_working_day(term.nominal_end + timedelta(days=i)) for i in range(gap)
        )


@settings(max_examples=300, deadline=None)
@given(any_date, term_weeks, st.lists(any_date, max_size=6))
def test_a_deadline_never_moves_earlier_when_a_holiday_is_added(
    after: date, weeks: int, extra: list[date]
) -> None:
    more = AtwCalendar(extra=[Holiday(d, "extra", "extra", "art. 3(3)", "test") for d in extra])
    before = statutory_term(after, weeks=weeks)
    later = statutory_term(after, weeks=weeks, calendar=more)
    assert later.last_day >= before.last_day
    assert more.is_working_day(later.last_day)


@settings(max_examples=200, deadline=None)
@given(any_date)
def test_objection_term_is_six_weeks_or_a_few_days_more(decided_on: date) -> None:
    deadline = objection_deadline(decided_on)
    assert 42 <= (deadline - decided_on).days <= 42 + 9
    assert is_objection_in_time(decided_on, deadline)
    assert not is_objection_in_time(decided_on, deadline + timedelta(days=1))


@settings(max_examples=100, deadline=None)
@given(any_date, st.booleans())
def test_decide_by_is_twelve_or_six_weeks_on_at_least(term_end: date, committee: bool) -> None:
    decide_by = objection_decide_by(term_end, advisory_committee=committee)
    assert (decide_by - term_end).days >= (84 if committee else 42)
    assert CALENDAR.is_working_day(decide_by)
    assert extend_decide_by(decide_by) - decide_by >= timedelta(weeks=6)
