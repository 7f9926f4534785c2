"""A colleague confirms a peer activity (issue 18, item 1): which activities, for how long.

The four peer kinds of professional development (docs/domain.md, "The lifecycle of a registration",
step 3: peer consultation, lesson visit, lesson development, lesson evaluation) can be confirmed by
a colleague the teacher names. A request the colleague does not answer lapses after
:data:`REQUEST_TERM_DAYS` days.

The term is the register's own policy value, not a statutory one: no law sets how long a
colleague has to answer, so the Algemene termijnenwet does not apply and the term is counted in
calendar days. Four weeks follows the rhythm of a school: a colleague seen weekly answers well
within it, and it spans a school holiday of up to two weeks. The term and this source are
recorded in every request (:data:`TERM`), so a later change never alters a request
already made.

Whether colleague and teacher worked at the same board is read from the appointments the
employers delivered: :func:`shared_boards` over (board, start, end) spans.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, Final

#: The activity kinds a colleague can confirm.
PEER_KINDS: Final = frozenset(
    {"peer_consultation", "lesson_visit", "lesson_development", "lesson_evaluation"}
)
#: Days a colleague has to answer, the day of the request not counted.
REQUEST_TERM_DAYS: Final = 28
#: The policy's name and version, recorded in every request with the term.
POLICY_NAME: Final = "peer_confirmation"
POLICY_VERSION: Final = 1
SOURCE: Final = (
    "policy of the register (policies/peers.py, version 1): no statutory term; calendar days,"
    " the Algemene termijnenwet does not apply"
)
#: The answers a colleague can give.
ANSWERS: Final = ("confirmed", "declined")
MAX_REMARK: Final = 2000

#: (board number, first day, last day or None while it runs)
Span = tuple[str, date, date | None]


def term() -> dict[str, Any]:
    """The term as recorded in a request: days, policy name and version, and its source."""
    return {
        "days": REQUEST_TERM_DAYS,
        "policy": POLICY_NAME,
        "version": POLICY_VERSION,
        "source": SOURCE,
    }


def expires_on(requested_on: date, days: int = REQUEST_TERM_DAYS) -> date:
    """The last day the colleague can answer a request made on ``requested_on``."""
    return requested_on + timedelta(days=days)


def has_expired(expiry: date, today: date) -> bool:
    """Whether a request whose last day is ``expiry`` can no longer be answered ``today``."""
    return today > expiry


def _overlap(a: Span, b: Span) -> bool:
    a_end = a[2] or date.max
    b_end = b[2] or date.max
    return a[1] <= b_end and b[1] <= a_end


def shared_boards(mine: Iterable[Span], theirs: Iterable[Span]) -> list[str]:
    """The boards where both people had an appointment at the same time, sorted; empty when
    the appointments do not show that they ever worked at the same board together."""
    theirs = list(theirs)
    return sorted(
        {a[0] for a in mine for b in theirs if a[0] == b[0] and _overlap(a, b)},
    )
