"""The calendar of the Algemene termijnenwet: public holidays, designated days, Easter."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policies.atw import CALENDAR, DESIGNATED, AtwCalendar, easter_sunday, kings_day

#: Easter Sunday as the church calendars publish it (a table, not a computation).
EASTER = {
    1818: date(1818, 3, 22),
    1943: date(1943, 4, 25),
    2000: date(2000, 4, 23),
    2008: date(2008, 3, 23),
    2011: date(2011, 4, 24),
    2019: date(2019, 4, 21),
    2024: date(2024, 3, 31),
    2025: date(2025, 4, 20),
    2026: date(2026, 4, 5),
    2027: date(2027, 3, 28),
    2028: date(2028, 4, 16),
    2029: date(2029, 4, 1),
    2030: date(2030, 4, 21),
    2038: date(2038, 4, 25),
    2285: date(2285, 3, 22),
}

#: Atw art. 3(1) and (2) for 2025-2030, as the law lists them: New Year's Day, Good Friday,
#: Easter Monday, King's Day, 5 May, Ascension Day, Whit Monday, Christmas Day, Boxing Day.
LAW: dict[int, list[str]] = {
    2025: ["01-01", "04-18", "04-21", "04-26", "05-05", "05-29", "06-09", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "04-27", "05-05", "05-14", "05-25", "12-25", "12-26"],
    2027: ["01-01", "03-26", "03-29", "04-27", "05-05", "05-06", "05-17", "12-25", "12-26"],
    2028: ["01-01", "04-14", "04-17", "04-27", "05-05", "05-25", "06-05", "12-25", "12-26"],
    2029: ["01-01", "03-30", "04-02", "04-27", "05-05", "05-10", "05-21", "12-25", "12-26"],
    2030: ["01-01", "04-19", "04-22", "04-27", "05-05", "05-30", "06-10", "12-25", "12-26"],
}
DESIGNATED_DAYS = {
    date(2026, 1, 2),
    date(2026, 5, 15),
    date(2027, 5, 7),
    date(2028, 4, 28),
    date(2028, 5, 26),
}


@pytest.mark.parametrize("year", sorted(EASTER))
def test_easter_is_computed_as_the_calendars_publish_it(year: int) -> None:
    assert easter_sunday(year) == EASTER[year]


@pytest.mark.parametrize("year", sorted(LAW))
def test_the_holidays_of_atw_article_3_for_2025_to_2030(year: int) -> None:
    """Every holiday of the law and every designated day, and no other day."""
    expected = {date.fromisoformat(f"{year}-{d}") for d in LAW[year]}
    expected |= {d for d in DESIGNATED_DAYS if d.year == year}
    assert {h.day for h in CALENDAR.holidays(year)} == expected


def test_kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() -> None:
    assert kings_day(2025) == date(2025, 4, 26)  # 27 April 2025 is a Sunday
    assert kings_day(2031) == date(2031, 4, 26)
    assert kings_day(2026) == date(2026, 4, 27)
    assert not CALENDAR.is_working_day(date(2025, 4, 26))
    assert CALENDAR.holiday(date(2025, 4, 27)) is None  # a Sunday, but not King's Day


def test_designated_days_name_their_decree_and_the_table_its_version() -> None:
    for day in DESIGNATED_DAYS:
        holiday = CALENDAR.holiday(day)
        assert holiday is not None
        assert holiday.article == "art. 3(3)"
        assert holiday.decree
        assert "2026-2028" in holiday.decree
    assert DESIGNATED.version == 1
    without = AtwCalendar(designated=type(DESIGNATED)(version=0, days=()))
    assert without.is_working_day(date(2026, 5, 15))
    assert not CALENDAR.is_working_day(date(2026, 5, 15))


def test_good_friday_counts_as_a_holiday_under_article_3_paragraph_2() -> None:
    holiday = CALENDAR.holiday(date(2026, 4, 3))
    assert holiday is not None
    assert holiday.article == "art. 3(2)"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1900, max_value=2400))
def test_easter_is_a_sunday_between_22_march_and_25_april(year: int) -> None:
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)))
def test_the_next_working_day_is_a_working_day_and_never_earlier(day: date) -> None:
    nxt = CALENDAR.next_working_day(day)
    assert nxt >= day
    assert CALENDAR.is_working_day(nxt)
    assert all(
        not CALENDAR.is_working_day(day + timedelta(days=i)) for i in range((nxt - day).days)
    )
