"""Statutory terms of the General Administrative Law Act (Awb), under the Algemene termijnenwet.

One function, :func:`statutory_term`, counts every statutory term the register computes: the
objection term (Awb 6:7, counted from the day after the decision was made known, 6:8), the
hearing term before an adverse decision (Awb 4:8), the term to decide on an objection
(Awb 7:10(1)) and its deferral (7:10(3)), and the terms to decide on what a provider submitted.

A term of N weeks counted from the day after a date ends, unextended, on that date plus N weeks
(decided Thursday 1 January 2026 -> Thursday 12 February 2026). The Algemene termijnenwet
(:mod:`policies.atw`) then applies:

- art. 1: a term ending on a Saturday, Sunday or public holiday is extended to the next day that
  is none of these;
- art. 2: a term of at least three days is extended so that it holds at least two such working
  days (the day it is counted from does not count);
- art. 4: not for terms longer than 90 days, 12 weeks or 3 months (a term of exactly twelve
  weeks, such as the decision term of Awb 7:10(1), is extended; a longer one is not);
- art. 1(2): not for terms counted backwards (the register counts none).

:func:`statutory_term` returns a :class:`Term`: the last day and, when the Atw moved it, what it
skipped and on which article, so that a receipt can name the extension and its legal basis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Final

from policies.atw import ATW_BWB_ID, ATW_TITLE, CALENDAR, AtwCalendar

#: Awb 6:7: the term for objection (and for appeal to the court, Awb 6:7 with 8:1).
OBJECTION_WEEKS: Final = 6
APPEAL_WEEKS: Final = 6
#: Awb 7:10(1): deciding on an objection, with and without an advisory committee.
DECIDE_WEEKS_WITH_COMMITTEE: Final = 12
DECIDE_WEEKS_WITHOUT_COMMITTEE: Final = 6
#: Awb 7:10(3): one deferral of the decision term.
EXTENSION_WEEKS: Final = 6
#: The hearing term before an adverse decision (Awb 4:8), as the register offers it.
HEARING_WEEKS: Final = 2
#: A provider's complaint or application is decided within two weeks (docs/domain.md, "Validation
#: of offerings"; the register's own term).
PROVIDER_DECISION_WEEKS: Final = 2
#: Atw art. 4: the law does not apply to terms longer than these.
ATW_MAX_DAYS: Final = 90
ATW_MAX_WEEKS: Final = 12
#: Atw art. 2 applies to terms of at least this many days, and asks this many working days.
ATW_ART2_MIN_DAYS: Final = 3
ATW_ART2_WORKING_DAYS: Final = 2
_DAY: Final = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class SkippedDay:
    """A day the Atw moved a term past, and why it is no working day."""

    day: date
    nl: str
    en: str


@dataclass(frozen=True, slots=True)
class Term:
    """A statutory term: counted from the day after ``after``, its unextended and its last day."""

    after: date
    weeks: int
    days: int
    #: The last day as the counting law alone gives it.
    nominal_end: date
    #: The last day after the Atw: on this day the term still runs.
    last_day: date
    #: ``None``: not extended; ``"1"`` or ``"2"``: the Atw article that extended it.
    article: str | None
    #: The days the extension went past, in order.
    skipped: tuple[SkippedDay, ...]
    #: False when Atw art. 4 keeps the law out (a term longer than 12 weeks or 90 days).
    atw_applies: bool

    @property
    def extended(self) -> bool:
        return self.last_day != self.nominal_end

    def length_words(self) -> tuple[str, str]:
        """The term's length in Dutch and English (``zes weken``, ``six weeks``)."""
        if self.weeks:
            return _count_nl(self.weeks, "week", "weken"), _count_en(self.weeks, "week", "weeks")
        return _count_nl(self.days, "dag", "dagen"), _count_en(self.days, "day", "days")

    def explanation(self) -> tuple[str, str] | None:
        """Why the last day is later than the count gives, in Dutch and English; None when
        the term was not extended."""
        if not self.extended:
            return None
        length_nl, length_en = self.length_words()
        skipped_nl = [f"{s.day.isoformat()} ({s.nl})" for s in self.skipped]
        skipped_en = [f"{s.day.isoformat()} ({s.en})" for s in self.skipped]
        many = len(self.skipped) > 1
        verb_nl = "geen werkdagen zijn" if many else "geen werkdag is"
        verb_en = "are no working days" if many else "is no working day"
        if self.article == "1":
            return (
                f"De termijn van {length_nl} zou eindigen op {self.nominal_end.isoformat()};"
                f" omdat {_listed(skipped_nl, 'en')} {verb_nl}, loopt hij door tot en met"
                f" {self.last_day.isoformat()} (Algemene termijnenwet art. 1).",
                f"The term of {length_en} would end on {self.nominal_end.isoformat()}; since"
                f" {_listed(skipped_en, 'and')} {verb_en}, it runs until"
                f" {self.last_day.isoformat()} inclusive (Algemene termijnenwet art. 1).",
            )
        return (
            f"De termijn van {length_nl} bevatte minder dan twee werkdagen en loopt daarom door"
            f" tot en met {self.last_day.isoformat()} (Algemene termijnenwet art. 2).",
            f"The term of {length_en} held fewer than two working days and therefore runs until"
            f" {self.last_day.isoformat()} inclusive (Algemene termijnenwet art. 2).",
        )

    def to_dict(self) -> dict[str, Any]:
        """The term as a receipt states it: plain JSON values, with the Atw article relied on."""
        words = self.explanation()
        return {
            "counted_from": (self.after + _DAY).isoformat(),
            "weeks": self.weeks,
            "days": self.days,
            "nominal_end": self.nominal_end.isoformat(),
            "last_day": self.last_day.isoformat(),
            "extended": self.extended,
            "atw_applies": self.atw_applies,
            "extension": None
            if words is None
            else {
                "law": ATW_TITLE,
                "bwb_id": ATW_BWB_ID,
                "article": self.article,
                "skipped": [
                    {"day": s.day.isoformat(), "nl": s.nl, "en": s.en} for s in self.skipped
                ],
                "nl": words[0],
                "en": words[1],
            },
        }


def _listed(items: list[str], conjunction: str) -> str:
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def _count_nl(n: int, one: str, many: str) -> str:
    words = {1: "een", 2: "twee", 4: "vier", 6: "zes", 12: "twaalf"}
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def _count_en(n: int, one: str, many: str) -> str:
    words = {1: "one", 2: "two", 4: "four", 6: "six", 12: "twelve"}
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def statutory_term(
    after: date, *, weeks: int = 0, days: int = 0, calendar: AtwCalendar = CALENDAR
) -> Term:
    """The statutory term of ``weeks`` weeks plus ``days`` days counted from the day after
    ``after``, extended under the Algemene termijnenwet where it applies.

    ``calendar`` holds the public holidays and the designated days (the table in force unless
    another is given).
    """
    if weeks < 0 or days < 0:
        raise ValueError("a term cannot be negative")
    nominal = after + timedelta(weeks=weeks, days=days)
    total = weeks * 7 + days
    # Atw art. 4: a term longer than twelve weeks or ninety days is out of the law's reach.
    applies = total > 0 and (weeks <= ATW_MAX_WEEKS if days == 0 else total <= ATW_MAX_DAYS)
    last = nominal
    article: str | None = None
    if applies:
        last = calendar.next_working_day(nominal)  # art. 1
        if last != nominal:
            article = "1"
        if total >= ATW_ART2_MIN_DAYS:  # art. 2: two working days after the day counted from
            while calendar.working_days_between(after + _DAY, last) < ATW_ART2_WORKING_DAYS:
                last = calendar.next_working_day(last + _DAY)
                article = "2"
    skipped: list[SkippedDay] = []
    day = nominal
    while day < last:
        why = calendar.why_not_working(day)
        if why is not None:
            skipped.append(SkippedDay(day, *why))
        day += _DAY
    return Term(after, weeks, days, nominal, last, article, tuple(skipped), applies)


def weeks_after(day: date, weeks: int) -> date:
    """Unextended last day of a term of ``weeks`` weeks counted from the day after ``day``.

    Counting only: use :func:`statutory_term` for a term the law sets.
    """
    if weeks < 0:
        raise ValueError("a term cannot be negative")
    return day + timedelta(weeks=weeks)


def objection_term(decided_on: date) -> Term:
    """The term to object to a decision made known on ``decided_on`` (Awb 6:7, 6:8; Atw)."""
    return statutory_term(decided_on, weeks=OBJECTION_WEEKS)


def objection_deadline(decided_on: date) -> date:
    """Last day to object to a decision made known on ``decided_on`` (Awb 6:7, 6:8; Atw)."""
    return objection_term(decided_on).last_day


def appeal_term(decided_on: date) -> Term:
    """The term to appeal to the court against a decision on an objection (Awb 8:1 with 6:7)."""
    return statutory_term(decided_on, weeks=APPEAL_WEEKS)


def is_objection_in_time(decided_on: date, filed_on: date) -> bool:
    """Whether an objection filed on ``filed_on`` is within the term (on its last day counts).

    An objection filed before the decision date is not late (Awb 6:10 admits an early objection
    when the decision existed); whether there was a decision to object to is the caller's check.
    """
    return filed_on <= objection_deadline(decided_on)


def objection_decide_term(term_end: date, advisory_committee: bool = True) -> Term:
    """The term to decide on an objection, counted from the day after the objection term
    ended (Awb 7:10(1)): twelve weeks when an advisory committee hears it, six without."""
    weeks = DECIDE_WEEKS_WITH_COMMITTEE if advisory_committee else DECIDE_WEEKS_WITHOUT_COMMITTEE
    return statutory_term(term_end, weeks=weeks)


def objection_decide_by(term_end: date, advisory_committee: bool = True) -> date:
    """Last day to decide on an objection (Awb 7:10(1); Atw)."""
    return objection_decide_term(term_end, advisory_committee).last_day


def extension_term(decide_by: date) -> Term:
    """The deferral of the decision on an objection by six weeks (Awb 7:10(3)), counted from
    the day after the decision term ended; a term of its own, so the Atw applies to it."""
    return statutory_term(decide_by, weeks=EXTENSION_WEEKS)


def extend_decide_by(decide_by: date) -> date:
    """The decision term deferred by six weeks (Awb 7:10(3); Atw).

    The law allows this once; the objection aggregate, which knows whether it was deferred
    before, refuses a second deferral without the objector's consent (7:10(4)).
    """
    return extension_term(decide_by).last_day


def hearing_term(proposed_on: date, weeks: int = HEARING_WEEKS) -> Term:
    """The term for the teacher's view on an intended adverse decision (Awb 4:8; Atw)."""
    return statutory_term(proposed_on, weeks=weeks)


def hearing_deadline(proposed_on: date, weeks: int = HEARING_WEEKS) -> date:
    """Last day for the teacher's view on an intended adverse decision sent on ``proposed_on``."""
    return hearing_term(proposed_on, weeks).last_day


def provider_decision_due(submitted_on: date) -> date:
    """Last day to decide on what a provider submitted on ``submitted_on`` (two weeks; Atw)."""
    return statutory_term(submitted_on, weeks=PROVIDER_DECISION_WEEKS).last_day
