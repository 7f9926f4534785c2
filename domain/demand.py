"""The demand signal: where teachers fall short, for providers and the profession.

Issue 18, item 4: per sector and hours criterion, how many teachers whose registration period
ends in the next twelve months fall short today, and by how many hours, with no cell under ten
persons (:mod:`policies.disclosure`). Providers make their offering follow it; the profession
sees where the register's criteria bite.

**Counted as a decision counts.** The rows come from read models (a :class:`DemandSource`:
the portfolio's periods, leave and activities, the catalogue's validity of offerings); this
module builds the engine's facts from them exactly as :func:`domain.assessment.qualification_facts`
builds them from a file, picks the criteria that govern each period
(:meth:`DecisionCommands.criteria_of_period`) and runs the decision engine as of the register's
date with the engine that decides today (:data:`policies.engines.CURRENT`, engine 3.0.0), as a
decision taken today would. What the engine would not count (withdrawn or sample-rejected
activities, activities outside the period, without evidence, of kinds not counted, naming
another qualification, an offering not validated on the activity's day) is not counted here
either; a peer activity a colleague confirmed at the same board counts as evidenced, as in a
decision, and one marked "not at the same board" is judged on its own evidence. Work
experience is left out: no provider offers it.

Per sector, one cell per hours criterion of the governing criteria (``total_hours``,
``areas:…``, ``sector:<sector>:…``) and a cell ``any`` (short on at least one of them, by the
largest shortfall: the hours still needed at least). A person counts once per cell: with two
periods of one sector in the window, the larger shortfall.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, Final, Protocol

from domain.offering import Validity
from policies import (
    ActivityFact,
    LeaveFact,
    ReregistrationCriteria,
    disclosure,
)
from policies.verdict import canonical_hours

#: The cell of every sector that counts a person short on at least one hours criterion.
ANY: Final = "any"
#: How far ahead the signal looks: periods ending within this many years of the register's date.
HORIZON_YEARS: Final = 1
_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
_TENTH: Final = Decimal("0.1")


@dataclass(frozen=True, slots=True)
class PeriodRow:
    """One qualification and the start of its current period, as a read model holds it."""

    teacher_id: str
    qualification_id: str
    sector: str
    subject: str | None
    basis: str
    status: str
    admitted_on: date
    period_start: date


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One recorded activity, as a read model holds it (``withdrawn`` also when rejected in
    a sample check: neither counts). ``peer_confirmation``: the event that recorded a
    colleague's confirmation, if any; ``peer_same_board``: whether the appointments showed
    both at one board (engine 3.0.0 counts only such a confirmation as evidence)."""

    teacher_id: str
    activity_id: str
    event_ref: str
    kind: str
    occurred_on: date
    contact_hours: Decimal
    self_study_hours: Decimal
    competence_areas: tuple[str, ...]
    offering_id: str | None
    has_evidence: bool
    has_reflection: bool
    withdrawn: bool
    qualification_ids: tuple[str, ...] | None
    peer_confirmation: str | None
    peer_same_board: bool


class DemandSource(Protocol):
    """What the demand signal reads: rows of read models, never a file."""

    def periods(self, started_by: date) -> Sequence[PeriodRow]:
        """Registered qualifications whose current period began on or before ``started_by``."""
        ...

    def leaves(self, teacher_ids: Iterable[str]) -> Mapping[str, Sequence[LeaveFact]]:
        """Approved leave (it alone extends a period) per teacher."""
        ...

    def activities(self, teacher_ids: Iterable[str]) -> Mapping[str, Sequence[ActivityRow]]:
        """Every recorded activity per teacher."""
        ...

    def validities(self, offering_ids: Iterable[str]) -> Mapping[str, Validity]:
        """The validity of each validated offering (absent: never validated)."""
        ...


@dataclass(frozen=True, slots=True)
class HoursCriterion:
    """One hours minimum of a criteria document, named as the engine names it in a trace."""

    name: str
    competence_areas: tuple[str, ...]


def hours_criteria(criteria: ReregistrationCriteria, sector: str) -> list[HoursCriterion]:
    """The hours minimums that apply to a qualification of ``sector``, in the engine's order
    and under its names (:func:`policies.engines.v2.evaluate`); ``total_hours`` counts every
    competence area."""
    found = [HoursCriterion("total_hours", ())]
    for area in criteria.area_minimums:
        areas = tuple(sorted(set(area.areas)))
        found.append(HoursCriterion("areas:" + "+".join(areas), areas))
    for minimum in criteria.sector_minimums:
        if minimum.sector == sector:
            areas = tuple(sorted(set(minimum.areas)))
            found.append(HoursCriterion(f"sector:{sector}:" + "+".join(areas), areas))
    return found


def activity_fact(row: ActivityRow, validities: Mapping[str, Validity]) -> ActivityFact:
    """The engine's fact for an activity row: validated when its offering was validated on the
    activity's day (as :meth:`OfferingCommands.activity_validated` decides it)."""
    validity = validities.get(row.offering_id) if row.offering_id is not None else None
    return ActivityFact(
        activity_id=row.activity_id,
        event_ref=row.event_ref,
        kind=row.kind,
        occurred_on=row.occurred_on,
        contact_hours=row.contact_hours,
        self_study_hours=row.self_study_hours,
        competence_areas=row.competence_areas,
        validated=validity is not None and validity.covers(row.occurred_on),
        has_evidence=row.has_evidence,
        has_reflection=row.has_reflection,
        withdrawn=row.withdrawn,
        qualification_ids=row.qualification_ids,
        peer_confirmation=row.peer_confirmation,
        peer_same_board=row.peer_same_board,
    )


@dataclass
class _Cell:
    competence_areas: tuple[str, ...]
    #: Per person, the largest shortfall over their periods in the cell (zero: not short).
    short: dict[str, Decimal]


def _hours(value: Decimal) -> str:
    return canonical_hours(value.quantize(_TENTH, rounding=ROUND_HALF_EVEN))


def _published(sector: str, criterion: str, cell: _Cell) -> dict[str, Any]:
    """A cell as published: a count of fewer than ten persons, and every figure resting on
    it, is withheld (:mod:`policies.disclosure`)."""
    shortfalls = sorted(v for v in cell.short.values() if v > _ZERO)
    teachers = disclosure.shown(len(cell.short))
    short = disclosure.shown(len(shortfalls)) if teachers is not None else None
    total = sum(shortfalls, _ZERO)
    figures = short is not None
    return {
        "sector": sector,
        "criterion": criterion,
        "competence_areas": list(cell.competence_areas),
        "teachers": teachers,
        "falling_short": short,
        "hours_short_total": _hours(total) if figures else None,
        "hours_short_mean": _hours(total / len(shortfalls)) if figures else None,
        "hours_short_median": _hours(statistics.median(shortfalls)) if figures else None,
        "suppressed": not figures,
    }


def _count(
    cells: dict[tuple[str, str], _Cell],
    row: PeriodRow,
    criterion: str,
    areas: tuple[str, ...],
    short: Decimal,
) -> None:
    cell = cells.setdefault((row.sector, criterion), _Cell(areas, defaultdict(Decimal)))
    cell.short[row.teacher_id] = max(cell.short[row.teacher_id], short)


def _cell_order(key: tuple[str, str]) -> tuple[str, int, str]:
    sector, criterion = key
    rank = 0 if criterion == "total_hours" else 3 if criterion == ANY else 1
    if criterion.startswith("sector:"):
        rank = 2
    return (sector, rank, criterion)
