"""The teacher's correspondence: the e-mail address the register writes to, whether they want
reminders, and the period-end reminders issued.

One aggregate per teacher, its id derived from the teacher's id, so it is found without an
index and a second one cannot be made. It is kept beside the file rather than in it: it says
nothing about the registration, and run-due reads it only for the few teachers who gave an
address.

What is sent is decided here and recorded as events; the outbox (projections/outbox.py) turns
these events and the file's decision and hearing events into messages to send:

- ``AddressSet`` / ``AddressRemoved``: the address (personal data, sealed with the teacher's
  key, domain/personal.py) and the name the messages greet (the file's name at the time);
- ``RemindersDeclined`` / ``RemindersAccepted``: reminders only; decisions and hearings are
  always sent to an address that is set (they need the teacher);
- ``PeriodEndReminderIssued``: six or three months before a period ends (run-due), once per
  period and threshold; a period whose end moves (leave) is a new period end.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

from domain.errors import InvalidInputError
from domain.values import Actor, Name
from policies.messages import M

NAMESPACE: Final = UUID("8b0f3c52-6e1d-4a7f-9c2b-3d5e7a1f0c94")
#: Months before a period's end at which a reminder is issued, furthest first.
REMINDER_MONTHS: Final = (6, 3)
#: RFC 5321 limits a path to 256 octets, so an address to 254 characters.
MAX_ADDRESS = 254
#: A deliberately plain address: one @, no spaces or control characters, a dotted domain.
_ADDRESS: Final = re.compile(
    r"^[A-Za-z0-9.!#$%&'*+/=^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"
)


def correspondence_id_for(teacher_id: UUID) -> UUID:
    """One correspondence per teacher."""
    return uuid5(NAMESPACE, f"correspondence:{teacher_id}")


def checked_address(value: str) -> str:
    """The address as stored (trimmed, domain in lower case), or a clear refusal."""
    address = value.strip()
    if len(address) > MAX_ADDRESS or not _ADDRESS.match(address):
        raise InvalidInputError.of("address", M.EMAIL_ADDRESS_INVALID())
    local, domain = address.rsplit("@", 1)
    return f"{local}@{domain.lower()}"


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (earlier if negative), or the month's last
    day when it has no such day (31 August minus six months is 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)  # pragma: no cover


def reminder_due(period_end: date, on: date) -> int | None:
    """The threshold (months before the end) whose reminder is due on `on`, or None.

    The nearest threshold passed wins: a run that finds a period three months from its end
    issues the three-month reminder only. Nothing is due once the period has ended (run-due
    decides it then).
    """
    if on > period_end:
        return None
    due = [m for m in REMINDER_MONTHS if on >= add_months(period_end, -m)]
    return min(due) if due else None


class Correspondence(Aggregate):
    """Where and whether the register writes to a teacher, and the reminders issued."""

    class Event(Aggregate.Event):
        """Whose correspondence, who made the change, why, in which request."""

        teacher_id: UUID
        actor: Actor
        reason: str | None
        correlation_id: str

    class Opened(Event, Aggregate.Created):
        """The teacher's correspondence began (with the first address or choice)."""

    class AddressSet(Event):
        """The teacher set the address the register writes to; `name` is how messages greet
        them (the file's name then)."""

        address: str
        name: Name

        def apply(self, aggregate: Correspondence) -> None:
            aggregate.address = self.address
            aggregate.name = self.name

    class AddressRemoved(Event):
        """The teacher removed their address: nothing is sent any more."""

        def apply(self, aggregate: Correspondence) -> None:
            aggregate.address = None

    class RemindersDeclined(Event):
        """The teacher wants no reminders (decisions and hearings are still sent)."""

        def apply(self, aggregate: Correspondence) -> None:
            aggregate.reminders = False

    class RemindersAccepted(Event):
        """The teacher wants reminders again."""

        def apply(self, aggregate: Correspondence) -> None:
            aggregate.reminders = True

    class PeriodEndReminderIssued(Event):
        """A reminder is due: the period of `qualification_id` ending `period_end` ends in
        about `months_before` months."""

        qualification_id: str
        period_end: date
        months_before: int
        issued_on: date

        def apply(self, aggregate: Correspondence) -> None:
            key = f"{self.qualification_id}/{self.period_end.isoformat()}"
            aggregate.issued[key] = min(self.months_before, aggregate.issued.get(key, 99))

    def __init__(self, teacher_id: UUID) -> None:
        self.teacher_id = teacher_id
        self.address: str | None = None
        self.name: Name | None = None
        self.reminders = True
        #: "qualification/period end" -> the nearest threshold issued (months before).
        self.issued: dict[str, int] = {}

    @classmethod
    def open(cls, teacher_id: UUID, actor: Actor, correlation_id: str) -> Correspondence:
        return cls._create(
            cls.Opened,
            id=correspondence_id_for(teacher_id),
            teacher_id=teacher_id,
            actor=actor,
            reason=None,
            correlation_id=correlation_id,
        )

    # -- commands -----------------------------------------------------------------------------

    def _meta(self, actor: Actor, reason: str | None, correlation_id: str) -> dict[str, Any]:
        return {
            "teacher_id": self.teacher_id,
            "actor": actor,
            "reason": reason,
            "correlation_id": correlation_id,
        }

    def set_address(
        self, address: str, name: Name, actor: Actor, reason: str | None, correlation_id: str
    ) -> bool:
        """Set the address (checked); False when it is already the one on record."""
        address = checked_address(address)
        if address == self.address and name == self.name:
            return False
        self.trigger_event(
            self.AddressSet, address=address, name=name, **self._meta(actor, reason, correlation_id)
        )
        return True

    def remove_address(self, actor: Actor, reason: str | None, correlation_id: str) -> bool:
        if self.address is None:
            return False
        self.trigger_event(self.AddressRemoved, **self._meta(actor, reason, correlation_id))
        return True

    def choose_reminders(
        self, wanted: bool, actor: Actor, reason: str | None, correlation_id: str
    ) -> bool:
        """Opt in or out of reminders; False when that is already the choice."""
        if wanted == self.reminders:
            return False
        event = self.RemindersAccepted if wanted else self.RemindersDeclined
        self.trigger_event(event, **self._meta(actor, reason, correlation_id))
        return True

    def issue_reminder(
        self,
        qualification_id: str,
        period_end: date,
        on: date,
        actor: Actor,
        correlation_id: str,
    ) -> int | None:
        """Issue the reminder due on `on` for one period, once; the threshold issued or None.

        Nothing is issued without an address or to a teacher who declined reminders: a later
        address or a renewed choice gets the next threshold, not the ones passed meanwhile.
        """
        if self.address is None or not self.reminders:
            return None
        months = reminder_due(period_end, on)
        key = f"{qualification_id}/{period_end.isoformat()}"
        if months is None or self.issued.get(key, 99) <= months:
            return None
        self.trigger_event(
            self.PeriodEndReminderIssued,
            qualification_id=qualification_id,
            period_end=period_end,
            months_before=months,
            issued_on=on,
            **self._meta(actor, f"period end in {months} months", correlation_id),
        )
        return months
