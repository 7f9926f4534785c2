"""What the law fixes and no criteria document can change.

The transition of the *Wet beroep leraar en lerarenregister* (Stb. 2017, 85): a shortfall in a
registration period that ended before 1 August 2027 gives an annotation without consequences;
a shortfall in a period that ended on or after that date leads to strike-off, through a proposal
and a hearing (Awb 4:8). The date is the law's: it follows the period judged, never the day the
registrar happens to decide, and the profession's criteria documents cannot move or remove it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from policies.messages import M

#: First day on which the end of a period makes a shortfall lead to strike-off.
TRANSITION_DATE: Final = date(2027, 8, 1)
#: Where the transition rule stands, as a receipt cites it.
TRANSITION_SOURCE: Final = (
    "Wet beroep leraar en lerarenregister (Stb. 2017, 85), overgangsrecht: tot 1 augustus 2027"
    " leidt het niet voldoen aan de herregistratie-eisen tot een aantekening, daarna tot"
    " doorhaling"
)


def shortfall_strikes_off(period_end: date) -> bool:
    """Whether a shortfall in a period ending on ``period_end`` leads to strike-off.

    Only the period decides: a period that ended on 31 July 2027 gives an annotation even when
    it is decided in September 2027.
    """
    return period_end >= TRANSITION_DATE


#: How far back a strike-off on the teacher's own request may take effect: the day asked for,
#: at most this many days before the decision (the register's own rule; see docs/decisions.md).
OWN_REQUEST_MAX_DAYS_BACK: Final = 30
#: The grounds on which a strike-off is decided without a proposal and a hearing (Awb 4:8 does
#: not apply: the teacher asked for it, or has died).
DIRECT_GROUNDS: Final = frozenset({"own_request", "deceased"})


@dataclass(frozen=True, slots=True)
class DateFault:
    """A date that breaks a rule of the law: the field it was given in, and why."""

    field: str
    message: str


def effective_date_faults(
    ground: str, effective_on: date, decided_on: date, admitted_on: date
) -> list[DateFault]:
    """What is wrong with ``effective_on`` as the effective date (*ingangsdatum*) of a strike-off.

    A strike-off never takes effect before the day it is decided, except on the teacher's own
    request (the day asked for, at most :data:`OWN_REQUEST_MAX_DAYS_BACK` days back) and on death
    (the date of death). Nor does it take effect after the decision (the register records a
    strike-off as in force from its effective date), or before the admission.
    """
    faults: list[DateFault] = []
    if effective_on < admitted_on:
        faults.append(DateFault("effective_on", M.STRIKE_OFF_BEFORE_ADMISSION()))
    if ground == "deceased":
        if effective_on > decided_on:
            faults.append(DateFault("effective_on", M.DEATH_DATE_IN_FUTURE()))
        return faults
    if ground == "own_request":
        earliest = decided_on - timedelta(days=OWN_REQUEST_MAX_DAYS_BACK)
        if effective_on > decided_on:
            faults.append(DateFault("effective_on", M.STRIKE_OFF_IN_FUTURE()))
        elif effective_on < earliest:
            faults.append(
                DateFault(
                    "effective_on",
                    M.STRIKE_OFF_TOO_FAR_BACK(
                        days=OWN_REQUEST_MAX_DAYS_BACK, from_date=earliest.isoformat()
                    ),
                )
            )
        return faults
    if effective_on != decided_on:
        faults.append(
            DateFault(
                "effective_on",
                M.STRIKE_OFF_BEFORE_DECISION(ground=ground, decided_date=decided_on.isoformat()),
            )
        )
    return faults
