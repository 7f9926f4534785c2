"""Progress of one teacher, and the impact of a draft criteria document on the whole register.

Both evaluate the pure engine on facts folded from the files, without writing anything:
progress shows a teacher what counts, what is short and by when; the impact analysis shows
the profession and the schools how many outcomes a draft would change before it is adopted.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final
from uuid import UUID

from domain.assessment import leave_facts
from domain.criteria_book import document_errors
from domain.decisions import CRITERIA
from domain.errors import InvalidInputError
from domain.teacher_scan import PAGE_ROWS, TeacherScan
from domain.values import QualificationStatus
from policies import (
    CriteriaDocumentError,
    document_sha256,
    evaluate,
    parse_reregistration,
    period_end,
)
from policies.messages import M
from policies.periods import add_years
from policies.verdict import INFORMATIONAL, canonical_hours

if TYPE_CHECKING:
    from domain.register.base import RegisterBase

#: Changed files listed in one impact answer at most (the counts are always complete).
MAX_CHANGES_LISTED: Final = 1000
#: The longest window an impact analysis may span.
MAX_WINDOW_DAYS: Final = 366 * 10
_DAY: Final = timedelta(days=1)
_ZERO: Final = Decimal(0)
#: Outcomes from worst to best, to tell a better change from a worse one.
_RANK: Final = {"struck_off": 0, "annotated": 1, "re_registered": 2}


def _shortfall(required: str, actual: str) -> str | None:
    try:
        short = Decimal(required.lstrip(">")) - Decimal(actual)
    except ArithmeticError:
        return None
    return canonical_hours(max(short, _ZERO))


class Evaluations:
    """Reads that evaluate the criteria without deciding: progress and impact. Built once by
    `RegisterBase` (``register.evaluations``): a teacher's overview shows progress, adopting
    criteria asks the impact analysis."""

    def __init__(self, register: RegisterBase) -> None:
        self._register = register

    def progress(self, teacher_id: UUID, on: date | None = None) -> dict[str, Any]:
        """Per qualification: hours by category, what the criteria that govern its period
        require (``policy`` per qualification), the shortfall and the period end. The top-level
        ``policy`` is the version in force today."""
        today = on or self._register.clock()
        teacher = self._register.get_teacher(teacher_id)
        version = self._register.criteria.in_force(CRITERIA, today)
        book = self._register.criteria.book(CRITERIA)
        qualifications = []
        for q in teacher.qualifications.values():
            entry: dict[str, Any] = {
                "qualification_id": q.qualification_id,
                "sector": q.sector,
                "subject": q.subject,
                "status": q.status,
            }
            if q.status == QualificationStatus.STRUCK_OFF:
                qualifications.append(entry)
                continue
            facts = self._register.decider.facts_for(teacher, q.qualification_id)
            governing = self._register.criteria.of_period(book, q.period_start, facts.leaves, today)
            verdict = evaluate(facts, governing.criteria, today)
            counted_refs = set(
                next((r.evidence for r in verdict.trace if r.criterion == "activities_counted"), ())
            )
            counted = [a for a in facts.activities if a.event_ref in counted_refs]
            by_area: dict[str, Decimal] = defaultdict(Decimal)
            by_kind: dict[str, Decimal] = defaultdict(Decimal)
            for activity in counted:
                by_kind[activity.kind] += activity.hours
                for area in activity.competence_areas:
                    by_area[area] += activity.hours
            requirements = [
                {
                    "criterion": r.criterion,
                    "required": r.required,
                    "actual": r.actual,
                    "shortfall": _shortfall(r.required, r.actual),
                    "met": r.passed,
                    "evidence": list(r.evidence),
                }
                for r in verdict.trace
                if r.required != INFORMATIONAL
            ]
            excluded = {
                r.criterion.split(":", 1)[1]: int(r.actual)
                for r in verdict.trace
                if r.criterion.startswith("activities_excluded:")
            }
            entry.update(
                {
                    "period_start": verdict.period_start.isoformat(),
                    "period_end": verdict.period_end.isoformat(),
                    "days_left": max(0, (verdict.period_end - today).days),
                    "on_track": verdict.met,
                    "hours_total": canonical_hours(sum((a.hours for a in counted), _ZERO)),
                    "hours_by_area": {k: canonical_hours(v) for k, v in sorted(by_area.items())},
                    "hours_by_kind": {k: canonical_hours(v) for k, v in sorted(by_kind.items())},
                    "requirements": requirements,
                    "activities_counted": len(counted),
                    "activities_excluded": excluded,
                    "policy": {
                        "name": governing.version.name,
                        "version": governing.version.version,
                        "sha256": governing.version.sha256,
                        "governs": governing.governs,
                    },
                }
            )
            qualifications.append(entry)
        return {
            "teacher_id": str(teacher.id),
            "on": today.isoformat(),
            "policy": {"name": version.name, "version": version.version, "sha256": version.sha256},
            "qualifications": qualifications,
            "version": teacher.version,
        }

    def impact(
        self,
        raw: bytes,
        *,
        due_from: date,
        due_to: date,
        effective_from: date | None = None,
        page_rows: int = PAGE_ROWS,
        progress: Callable[[int, int], None] | None = None,
    ) -> dict[str, Any]:
        """Evaluate a draft over every registered qualification whose period ends in the
        window, beside the criteria that govern it now, and count the outcomes that would
        change, split into better and worse.

        A period is judged by the version that governs it (:meth:`criteria_of_period`): the
        one in force on the day it began. The draft, taking effect on ``effective_from``
        (default tomorrow), would govern the periods that begin on or after that day and,
        when it declares ``governs_running_periods``, those running on it; every other period
        keeps its outcome. Each document judges the period as it defines it, on the day after
        it ends (when `run-due` would decide it), with the facts on file now.
        """
        try:
            draft = parse_reregistration(raw)
        except CriteriaDocumentError as exc:
            raise document_errors(exc) from None
        if due_to < due_from:
            raise InvalidInputError.of("due_to", M.IMPACT_WINDOW_ENDS_BEFORE_START())
        if (due_to - due_from).days > MAX_WINDOW_DAYS:
            raise InvalidInputError.of("due_to", M.IMPACT_WINDOW_TOO_LONG())
        started = time.perf_counter()
        takes_effect = effective_from or self._register.clock() + _DAY
        version = self._register.criteria.in_force(CRITERIA, self._register.clock())
        book = self._register.criteria.book(CRITERIA)
        current_counts: Counter[str] = Counter()
        draft_counts: Counter[str] = Counter()
        transitions: Counter[str] = Counter()
        direction: Counter[str] = Counter()
        changes: list[dict[str, Any]] = []
        considered = governed = 0
        scan = TeacherScan(self._register)
        total = scan.count_files() if progress is not None else 0
        files = 0
        for page in scan.pages(page_rows):
            for teacher in page:
                leaves = None
                for q in teacher.qualifications.values():
                    if q.status != QualificationStatus.REGISTERED:
                        continue
                    leaves = leaves if leaves is not None else leave_facts(teacher)
                    now_rules = self._register.criteria.of_period(
                        book, q.period_start, leaves, due_to
                    )
                    end = period_end(q.period_start, now_rules.criteria, leaves)
                    if not due_from <= end <= due_to:
                        continue
                    considered += 1
                    facts = self._register.decider.facts_for(teacher, q.qualification_id)
                    now = evaluate(facts, now_rules.criteria, end + _DAY)
                    current_counts[now.outcome] += 1
                    starts_after = q.period_start >= takes_effect
                    running = draft.governs_running_periods and q.period_start < takes_effect <= end
                    if not (starts_after or running):
                        draft_counts[now.outcome] += 1
                        continue
                    governed += 1
                    draft_end = period_end(q.period_start, draft, leaves)
                    then = evaluate(facts, draft, draft_end + _DAY)
                    draft_counts[then.outcome] += 1
                    if now.outcome == then.outcome:
                        continue
                    transitions[f"{now.outcome}->{then.outcome}"] += 1
                    way = "better" if _RANK[then.outcome] > _RANK[now.outcome] else "worse"
                    direction[way] += 1
                    if len(changes) < MAX_CHANGES_LISTED:
                        changes.append(
                            {
                                "teacher_id": str(teacher.id),
                                "register_number": teacher.register_number,
                                "qualification_id": q.qualification_id,
                                "sector": q.sector,
                                "period_start": q.period_start.isoformat(),
                                "period_end": end.isoformat(),
                                "current": now.outcome,
                                "draft": then.outcome,
                                "direction": way,
                                "draft_shortfalls": [r.criterion for r in then.shortfalls],
                            }
                        )
            files += len(page)
            if progress is not None:
                progress(files, max(total, files))
        outcomes = ("re_registered", "annotated", "struck_off")
        changed = sum(transitions.values())
        return {
            "window": {"from": due_from.isoformat(), "to": due_to.isoformat()},
            "draft": {"name": draft.name, "version": draft.version, "sha256": document_sha256(raw)},
            "in_force": {
                "name": version.name,
                "version": version.version,
                "sha256": version.sha256,
            },
            "effective_from": takes_effect.isoformat(),
            "governs_running_periods": draft.governs_running_periods,
            "files_read": files,
            "qualifications": considered,
            "governed": governed,
            "current": {o: current_counts.get(o, 0) for o in outcomes},
            "with_draft": {o: draft_counts.get(o, 0) for o in outcomes},
            "changed": changed,
            "better": direction.get("better", 0),
            "worse": direction.get("worse", 0),
            "transitions": dict(sorted(transitions.items())),
            "changes": changes,
            "changes_truncated": changed > len(changes),
            "seconds": round(time.perf_counter() - started, 3),
        }

    def worse_for_running_periods(self, raw: bytes, effective_from: date) -> list[dict[str, Any]]:
        """The registrations a draft that governs running periods would make worse if it took
        effect on ``effective_from``: every period running on that day is judged (lex mitior)."""
        draft = parse_reregistration(raw)
        horizon = add_years(effective_from, draft.period_years + 2)
        window_end = min(horizon, effective_from + timedelta(days=MAX_WINDOW_DAYS))
        found = self.impact(
            raw, due_from=effective_from, due_to=window_end, effective_from=effective_from
        )
        return [c for c in found["changes"] if c["direction"] == "worse"]
