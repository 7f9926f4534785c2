"""The demand signal, the command: where the register's rules ask for hours that teachers have
not yet recorded (the rows, cells and their publication are in :mod:`domain.demand`).
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from domain.decisions import CRITERIA
from domain.demand import (
    _DAY,
    _ZERO,
    ANY,
    HORIZON_YEARS,
    DemandSource,
    _Cell,
    _cell_order,
    _count,
    _published,
    activity_fact,
    hours_criteria,
)
from domain.register.base import RegisterBase
from domain.values import QualificationStatus
from policies import (
    ActivityFact,
    QualificationFacts,
    disclosure,
)
from policies.engines import engine
from policies.periods import add_years


class DemandSignal(RegisterBase):
    """The demand signal: the engine run over read-model rows, aggregated and suppressed."""

    def demand_signal(self, source: DemandSource) -> dict[str, Any]:
        """Per sector and hours criterion (and ``any``), the persons whose registration period
        ends in the next twelve months (from the register's date), how many of them fall
        short today and by how many hours; cells under ten persons suppressed."""
        started = time.perf_counter()
        today = self.clock()
        rules = engine()  # the engine that decides today (policies.engines.CURRENT)
        until = add_years(today, HORIZON_YEARS) - _DAY
        book = self.criteria_book(CRITERIA)
        adopted = [self.parsed_reregistration(v) for v in book.adopted_versions()]
        # A period that began after this day ends after `until` under every adopted version
        # (leave only lengthens a period): a filter that keeps the read exact.
        shortest = min((c.period_years for c in adopted), default=1)
        started_by = add_years(until + _DAY, -shortest)
        candidates = [
            row
            for row in source.periods(started_by)
            if row.status == QualificationStatus.REGISTERED
        ]
        leaves = source.leaves({row.teacher_id for row in candidates})
        due = []
        for row in candidates:
            own_leave = tuple(leaves.get(row.teacher_id, ()))
            governing = self.criteria_of_period(book, row.period_start, own_leave, today)
            end = rules.period_end(row.period_start, governing.criteria, list(own_leave))
            if today <= end <= until:
                due.append((row, governing.criteria, own_leave))
        activities = source.activities({row.teacher_id for row, _, _ in due})
        validities = source.validities(
            {
                a.offering_id
                for rows in activities.values()
                for a in rows
                if a.offering_id is not None
            }
        )
        cells: dict[tuple[str, str], _Cell] = {}
        facts_of: dict[str, tuple[ActivityFact, ...]] = {}  # one teacher, several periods
        for row, criteria, own_leave in due:
            done = facts_of.get(row.teacher_id)
            if done is None:
                done = tuple(
                    activity_fact(a, validities) for a in activities.get(row.teacher_id, ())
                )
                facts_of[row.teacher_id] = done
            facts = QualificationFacts(
                qualification_id=row.qualification_id,
                sector=row.sector,
                subject=row.subject,
                basis=row.basis,
                status=row.status,
                period_start=row.period_start,
                activities=done,
                appointments=(),
                leaves=own_leave,
                admitted_on=row.admitted_on,
            )
            trace = {r.criterion: r for r in rules.evaluate(facts, criteria, today).trace}
            largest = _ZERO
            for criterion in hours_criteria(criteria, row.sector):
                result = trace[criterion.name]
                short = max(Decimal(result.required) - Decimal(result.actual), _ZERO)
                largest = max(largest, short)
                _count(cells, row, criterion.name, criterion.competence_areas, short)
            _count(cells, row, ANY, (), largest)
        published = [
            _published(sector, criterion, cells[(sector, criterion)])
            for sector, criterion in sorted(cells, key=_cell_order)
        ]
        return {
            "on": today.isoformat(),
            "periods_ending_from": today.isoformat(),
            "periods_ending_until": until.isoformat(),
            "min_cell": disclosure.MIN_CELL,
            "suppression": (
                f"a cell counting fewer than {disclosure.MIN_CELL} persons, or in which fewer "
                f"than {disclosure.MIN_CELL} fall short, has its figures withheld (null) and "
                f"suppressed true. {disclosure.SOURCE}"
            ),
            "periods": len(due),
            "cells": published,
            "seconds": round(time.perf_counter() - started, 3),
        }
