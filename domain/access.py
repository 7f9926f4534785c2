"""Who may see a teacher's file through an employment relationship (docs/access.md).

An employer delivers appointments; delivering one must not by itself open a file, or anyone
who knows a BSN could read the file of that person by delivering an appointment for it. A
board sees a file only through an appointment that has not ended and that the teacher either
confirmed, or left undisputed for :data:`UNDISPUTED_TERM` after it was recorded in their file
(where the teacher sees it and is asked to check it). A disputed appointment opens nothing.

Legal basis: purpose limitation and data minimisation, AVG (Regulation (EU) 2016/679,
CELEX 32016R0679) art. 5(1)(b) and (c), and data protection by design, art. 25(1): an employer
needs the file of the people it actually employs, and only the teacher can tell whether it does.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol

#: How long a delivered appointment must stand undisputed before it opens the file to the
#: board without the teacher's confirmation: four weeks to look at it and object.
UNDISPUTED_TERM = timedelta(days=28)


class Relationship(Protocol):
    """What the rule reads of an appointment (read-only, so frozen records fit too)."""

    @property
    def board_number(self) -> str: ...
    @property
    def end(self) -> date | None: ...
    @property
    def confirmation(self) -> str: ...
    @property
    def recorded_on(self) -> date | None: ...


def opens_file(appointment: Relationship, today: date) -> bool:
    """Whether this appointment lets its board see the file on `today`."""
    if appointment.end is not None and appointment.end < today:
        return False  # a former employer no longer sees the file
    if appointment.confirmation == "confirmed":
        return True
    if appointment.confirmation != "unconfirmed" or appointment.recorded_on is None:
        return False  # disputed, or of unknown age: wait for the teacher
    return today >= appointment.recorded_on + UNDISPUTED_TERM


def board_sees_file(appointments: Iterable[Relationship], board_number: str, today: date) -> bool:
    """Whether `board_number` has a confirmed (or long undisputed) current appointment."""
    return any(a.board_number == board_number and opens_file(a, today) for a in appointments)
