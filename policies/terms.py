"""Terms of the General Administrative Law Act (Awb) as pure date arithmetic.

A term of N weeks counted "from the day after" a date ends on that date plus N weeks: the day
after starts the count, and the last day of the term is the same weekday N weeks on (Awb 6:8,
decided 1 January 2026 -> last day 12 February 2026). Weekends are not special.

Out of scope: the Algemene termijnenwet, under which a term ending on a Saturday, Sunday or public
holiday is extended to the next working day. Callers that need it must apply it on top; these
functions then give the unextended last day.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final

#: Awb 6:7: the term for objection.
OBJECTION_WEEKS: Final = 6
#: Awb 7:10(1): deciding on an objection, with and without an advisory committee.
DECIDE_WEEKS_WITH_COMMITTEE: Final = 12
DECIDE_WEEKS_WITHOUT_COMMITTEE: Final = 6
#: Awb 7:10(3): one extension of the decision term.
EXTENSION_WEEKS: Final = 6
#: The hearing term before an adverse decision (Awb 4:8), as the register offers it.
HEARING_WEEKS: Final = 2
#: A provider's complaint or application is decided within two weeks (DOMAIN.md).
PROVIDER_DECISION_WEEKS: Final = 2


def weeks_after(day: date, weeks: int) -> date:
    """Last day of a term of ``weeks`` weeks counted from the day after ``day``."""
    if weeks < 0:
        raise ValueError("a term cannot be negative")
    return day + timedelta(weeks=weeks)


def objection_deadline(decided_on: date) -> date:
    """Last day to object to a decision sent on ``decided_on`` (Awb 6:7 and 6:8)."""
    return weeks_after(decided_on, OBJECTION_WEEKS)


def is_objection_in_time(decided_on: date, filed_on: date) -> bool:
    """Whether an objection filed on ``filed_on`` is within the term (on its last day counts).

    An objection filed before the decision date is not late (Awb 6:10 admits an early objection
    when the decision existed); whether there was a decision to object to is the caller's check.
    """
    return filed_on <= objection_deadline(decided_on)


def objection_decide_by(term_end: date, advisory_committee: bool = True) -> date:
    """Last day to decide on an objection, counted from the end of the objection term (Awb 7:10).

    Twelve weeks when an advisory committee hears it, six without.
    """
    weeks = DECIDE_WEEKS_WITH_COMMITTEE if advisory_committee else DECIDE_WEEKS_WITHOUT_COMMITTEE
    return weeks_after(term_end, weeks)


def extend_decide_by(decide_by: date) -> date:
    """The decision term extended by six weeks (Awb 7:10(3)).

    The law allows this once; the objection aggregate, which knows whether it was extended
    before, must refuse a second extension.
    """
    return weeks_after(decide_by, EXTENSION_WEEKS)


def hearing_deadline(proposed_on: date, weeks: int = HEARING_WEEKS) -> date:
    """Last day for the teacher's view on an intended adverse decision sent on ``proposed_on``."""
    return weeks_after(proposed_on, weeks)


def provider_decision_due(submitted_on: date) -> date:
    """Last day to decide on what a provider submitted on ``submitted_on`` (two weeks)."""
    return weeks_after(submitted_on, PROVIDER_DECISION_WEEKS)
