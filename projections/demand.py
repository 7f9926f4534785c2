"""The rows the demand signal reads (issue 18, item 4), from read models only.

Periods, approved leave and activities come from the portfolio (:mod:`projections.portfolio`),
the validity of offerings from the catalogue (:mod:`projections.catalogue`); both are written
only by their projections. :class:`domain.demand.DemandSignal` builds the engine's facts from
these rows and aggregates; nothing here decides what counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Final

from domain.demand import ActivityRow, PeriodRow
from domain.offering import Validity
from policies import LeaveFact
from projections.catalogue import Catalogue
from projections.common import hours_text
from projections.db import Db
from projections.portfolio import Portfolio

#: The read models the signal reads: a request's X-Min-Position waits for both.
READ_MODELS: Final = (Portfolio.name, Catalogue.name)


class ReadModelDemand:
    """A :class:`domain.demand.DemandSource` over the portfolio and catalogue read models."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def periods(self, started_by: date) -> Sequence[PeriodRow]:
        rows = self.db.fetchall(
            "SELECT teacher_id, qualification_id, sector, subject, basis, status, admitted_on, "
            "period_start FROM portfolio_qualification "
            "WHERE status = 'registered' AND period_start <= ? "
            "ORDER BY teacher_id, seq",
            (started_by.isoformat(),),
        )
        return [
            PeriodRow(
                str(r[0]),
                str(r[1]),
                r[2],
                r[3],
                r[4],
                r[5],
                date.fromisoformat(r[6]),
                date.fromisoformat(r[7]),
            )
            for r in rows
        ]

    def leaves(self, teacher_ids: Iterable[str]) -> Mapping[str, Sequence[LeaveFact]]:
        found: dict[str, list[LeaveFact]] = defaultdict(list)
        for tid, leave_id, start, end, ref in self.db.fetch_in(
            "SELECT teacher_id, leave_id, start_on, end_on, event_ref FROM portfolio_leave "
            "WHERE status = 'approved' AND teacher_id IN ({keys}) ORDER BY start_on, leave_id",
            teacher_ids,
        ):
            found[str(tid)].append(
                LeaveFact(str(leave_id), ref, date.fromisoformat(start), date.fromisoformat(end))
            )
        return found

    def activities(self, teacher_ids: Iterable[str]) -> Mapping[str, Sequence[ActivityRow]]:
        found: dict[str, list[ActivityRow]] = defaultdict(list)
        for r in self.db.fetch_in(
            "SELECT teacher_id, activity_id, event_ref, kind, occurred_on, contact_hours, "
            "self_study_hours, competence_areas, offering_id, has_evidence, has_reflection, "
            "withdrawn, qualification_ids, peer_confirmation, peer_same_board "
            "FROM portfolio_activity WHERE teacher_id IN ({keys})",
            teacher_ids,
        ):
            tid = str(r[0])
            found[tid].append(
                ActivityRow(
                    teacher_id=tid,
                    activity_id=str(r[1]),
                    event_ref=r[2],
                    kind=r[3],
                    occurred_on=date.fromisoformat(r[4]),
                    contact_hours=hours_text(int(r[5])),
                    self_study_hours=hours_text(int(r[6])),
                    competence_areas=tuple(r[7].split(",")) if r[7] else (),
                    offering_id=r[8],
                    has_evidence=bool(r[9]),
                    has_reflection=bool(r[10]),
                    withdrawn=bool(r[11]),
                    qualification_ids=tuple(r[12].split(",")) if r[12] else None,
                    peer_confirmation=r[13],
                    peer_same_board=bool(r[14]),
                )
            )
        return found

    def validities(self, offering_ids: Iterable[str]) -> Mapping[str, Validity]:
        return {
            str(offering_id): Validity(
                date.fromisoformat(valid_from),
                date.fromisoformat(valid_until),
                date.fromisoformat(revoked_on) if revoked_on else None,
            )
            for offering_id, valid_from, valid_until, revoked_on in self.db.fetch_in(
                "SELECT offering_id, valid_from, valid_until, revoked_on FROM catalogue_offering "
                "WHERE valid_from IS NOT NULL AND offering_id IN ({keys})",
                offering_ids,
            )
        }
