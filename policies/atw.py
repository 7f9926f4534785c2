"""The calendar of the Algemene termijnenwet (Atw, BWBR0002448): which days are not working days.

A statutory term that ends on a Saturday, a Sunday or a generally recognised public holiday is
extended to the next day that is none of these (Atw art. 1), and a term of at least three days
always holds two such working days (art. 2). This module says which days those are; the terms
themselves are counted in :mod:`policies.terms`.

Public holidays (art. 3(1)): New Year's Day, Easter Monday, Ascension Day, Whit Monday, Christmas
Day, Boxing Day, the day the King's birthday is celebrated (27 April, or 26 April when the 27th is
a Sunday: Wet van 2013 over de viering van Koningsdag) and 5 May, every year. Good Friday counts
as one (art. 3(2)). Further days are designated by royal decree (art. 3(3)), usually a Friday
after a Thursday holiday, a few years at a time: those are a versioned table naming the decree,
since the decrees, not a rule, decide them.

Easter is computed (the Gregorian computus of the Meeus/Jones/Butcher algorithm), not listed.
Pure: no clock, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Final

#: The law's identifier in the government's law database.
ATW_BWB_ID: Final = "BWBR0002448"
ATW_TITLE: Final = "Algemene termijnenwet"
_DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Holiday:
    """A day that is not a working day under the Atw, and why."""

    day: date
    name_nl: str
    name_en: str
    #: ``art. 3(1)``, ``art. 3(2)`` or ``art. 3(3)`` (designated by royal decree).
    article: str
    #: For a designated day: the decree that designated it.
    decree: str | None = None


@dataclass(frozen=True, slots=True)
class DesignatedDays:
    """A version of the table of days designated by royal decree (Atw art. 3(3))."""

    version: int
    #: Each day with the decree that designates it.
    days: tuple[tuple[date, str], ...]

    def holidays(self) -> tuple[Holiday, ...]:
        return tuple(
            Holiday(
                day,
                "bij koninklijk besluit gelijkgestelde dag",
                "day designated by royal decree",
                "art. 3(3)",
                decree,
            )
            for day, decree in self.days
        )


#: The decree of the years 2026 to 2028, as the register knows it; its Staatsblad number is
#: confirmed against wetten.overheid.nl before a new version of this table is adopted.
DECREE_2026_2028: Final = (
    "Besluit gelijkstelling dagen met algemeen erkende feestdagen 2026-2028 (Atw art. 3(3))"
)

#: Version 1 of the designated days (docs/domain.md, "Time and law").
DESIGNATED_V1: Final = DesignatedDays(
    version=1,
    days=(
        (date(2026, 1, 2), DECREE_2026_2028),
        (date(2026, 5, 15), DECREE_2026_2028),
        (date(2027, 5, 7), DECREE_2026_2028),
        (date(2028, 4, 28), DECREE_2026_2028),
        (date(2028, 5, 26), DECREE_2026_2028),
    ),
)
#: The table in force; a new decree is a new version appended here, the old one kept.
DESIGNATED: Final = DESIGNATED_V1


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (anonymous computus, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return date(year, month, day + 1)


def kings_day(year: int) -> date:
    """The day the King's birthday is celebrated: 27 April, or the 26th when the 27th is a
    Sunday."""
    day = date(year, 4, 27)
    return day - _DAY if day.weekday() == 6 else day


def statutory_holidays(year: int) -> tuple[Holiday, ...]:
    """The public holidays of Atw art. 3(1) and 3(2) in ``year``, in calendar order."""
    easter = easter_sunday(year)
    days = [
        Holiday(date(year, 1, 1), "Nieuwjaarsdag", "New Year's Day", "art. 3(1)"),
        Holiday(easter - 2 * _DAY, "Goede Vrijdag", "Good Friday", "art. 3(2)"),
        Holiday(easter + _DAY, "tweede Paasdag", "Easter Monday", "art. 3(1)"),
        Holiday(kings_day(year), "Koningsdag", "King's Day", "art. 3(1)"),
        Holiday(date(year, 5, 5), "vijfde mei", "5 May", "art. 3(1)"),
        Holiday(easter + 39 * _DAY, "Hemelvaartsdag", "Ascension Day", "art. 3(1)"),
        Holiday(easter + 50 * _DAY, "tweede Pinksterdag", "Whit Monday", "art. 3(1)"),
        Holiday(date(year, 12, 25), "eerste Kerstdag", "Christmas Day", "art. 3(1)"),
        Holiday(date(year, 12, 26), "tweede Kerstdag", "Boxing Day", "art. 3(1)"),
    ]
    return tuple(sorted(days, key=lambda h: h.day))


@lru_cache(maxsize=256)
def _statutory_by_day(year: int) -> dict[date, Holiday]:
    return {h.day: h for h in statutory_holidays(year)}


class AtwCalendar:
    """Working days under the Atw: the statutory holidays plus a table of designated days.

    ``extra`` adds days (a draft decree, or a test asking what a further holiday would do).
    """

    def __init__(
        self, designated: DesignatedDays = DESIGNATED, extra: Iterable[Holiday] = ()
    ) -> None:
        self.designated = designated
        self._designated = {h.day: h for h in designated.holidays()}
        for holiday in extra:
            self._designated.setdefault(holiday.day, holiday)

    def holiday(self, day: date) -> Holiday | None:
        """The holiday ``day`` is, if any (a statutory one before a designated one)."""
        return _statutory_by_day(day.year).get(day) or self._designated.get(day)

    def holidays(self, year: int) -> tuple[Holiday, ...]:
        """Every public holiday and designated day of ``year``, in calendar order."""
        days = {h.day: h for h in self._designated.values() if h.day.year == year}
        days.update(_statutory_by_day(year))
        return tuple(days[d] for d in sorted(days))

    def is_working_day(self, day: date) -> bool:
        """Neither a Saturday, a Sunday nor a holiday (Atw art. 1)."""
        return day.weekday() < 5 and self.holiday(day) is None

    def why_not_working(self, day: date) -> tuple[str, str] | None:
        """Why ``day`` is no working day, in Dutch and English; None for a working day."""
        if day.weekday() == 5:
            return "zaterdag", "Saturday"
        if day.weekday() == 6:
            return "zondag", "Sunday"
        holiday = self.holiday(day)
        if holiday is None:
            return None
        return holiday.name_nl, holiday.name_en

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += _DAY
        return day

    def working_days_between(self, first: date, last: date) -> int:
        """Working days in [first, last], both inclusive."""
        count = 0
        day = first
        while day <= last:
            count += self.is_working_day(day)
            day += _DAY
        return count


#: The calendar with the designated days in force.
CALENDAR: Final = AtwCalendar()
