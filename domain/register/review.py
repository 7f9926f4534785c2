"""Past decisions that today's rules would decide otherwise: a read-only list for the registrar.

Stored decisions are history: they are never rewritten, and they reproduce on the engine and
criteria of their receipt. But a decision taken before a rule was corrected may have been
unlawful (a strike-off for a period that ended before the transition, criteria that did not
govern the period). ``review_past_decisions`` lists those, with why, so that the registrar can
act on them (for instance by a new decision in their place, or ex officio revocation); it
writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from uuid import UUID

from domain.assessment import RE_REGISTRATION, STRIKE_OFF, qualification_facts
from domain.decisions import CRITERIA
from domain.errors import ConflictError
from domain.register.base import RegisterBase
from domain.teacher_scan import PAGE_ROWS, TeacherScan
from domain.values import StrikeOffGround
from policies.engines import CURRENT, engine
from policies.law import TRANSITION_DATE, shortfall_strikes_off

#: The kinds a review recomputes: the ones that rest on the criteria and the transition.
REVIEWED_KINDS = (RE_REGISTRATION, STRIKE_OFF)


class PastDecisionReview(RegisterBase):
    """The registrar's list of past decisions that today's rules would decide otherwise."""

    def review_past_decisions(self, *, page_rows: int = PAGE_ROWS) -> Iterator[dict[str, Any]]:
        """Each stored re-registration or criteria strike-off whose outcome, or whose
        governing criteria version, differs under today's engine and rules; with the reasons.

        Decisions already taken by today's engine are skipped: they follow today's rules.
        """
        book = self.criteria_book(CRITERIA)
        rules = engine()
        for page in TeacherScan(self).pages(page_rows):
            for teacher in page:
                for summary in teacher.decisions:
                    if summary["kind"] not in REVIEWED_KINDS:
                        continue
                    record = self.get_decision(summary["decision_id"])
                    if record.get("engine_version") == CURRENT:
                        continue
                    if record["kind"] == STRIKE_OFF and (
                        (record.get("inputs") or {}).get("ground")
                        != StrikeOffGround.CRITERIA_NOT_MET
                    ):
                        continue
                    found = self._review_one(teacher.register_number, record, book, rules)
                    if found is not None:
                        yield found

    def _review_one(
        self, register_number: str, record: dict[str, Any], book: Any, rules: Any
    ) -> dict[str, Any] | None:
        then = self.get_teacher(UUID(record["teacher_id"]), version=record["as_of_version"])
        qualification_id = record["qualification_id"]
        period = record.get("period")
        decided_on = date.fromisoformat(record["decided_on"])
        start = (
            date.fromisoformat(period["start"])
            if period
            else then.qualification(qualification_id).period_start
        )
        facts = qualification_facts(
            then, qualification_id, validated=self.activity_validated, period_start=start
        )
        try:
            governing = self.criteria_of_period(book, start, facts.leaves, decided_on)
        except ConflictError:
            return None
        verdict = rules.evaluate(facts, governing.criteria, decided_on)
        why: list[str] = []
        recorded = record["outcome"]
        now = verdict.outcome
        if now == "struck_off":  # today a shortfall after the transition is proposed first
            now = "strike_off_proposed" if record["kind"] == RE_REGISTRATION else "struck_off"
        elif record["kind"] == STRIKE_OFF and not verdict.met:
            now = "annotated"
        if recorded != now:
            if not shortfall_strikes_off(verdict.period_end) and recorded == "struck_off":
                why.append(
                    f"the period ended on {verdict.period_end.isoformat()}, before the"
                    f" transition date {TRANSITION_DATE.isoformat()}: a shortfall gives an"
                    " annotation, never a strike-off"
                )
            else:
                why.append(f"today's engine {CURRENT} decides {now}, not {recorded}")
        policy = record.get("policy") or {}
        if policy and policy.get("version") != governing.version.version:
            why.append(
                f"criteria version {governing.version.version} governs the period"
                f" ({governing.governs['rule']}), not version {policy.get('version')}"
            )
        if not why:
            return None
        return {
            "decision_id": record["decision_id"],
            "teacher_id": record["teacher_id"],
            "register_number": register_number,
            "qualification_id": qualification_id,
            "kind": record["kind"],
            "decided_on": record["decided_on"],
            "engine_version": record.get("engine_version"),
            "recorded_outcome": recorded,
            "outcome_today": now,
            "criteria_version_recorded": policy.get("version"),
            "criteria_version_today": governing.version.version,
            "period_end": verdict.period_end.isoformat(),
            "why": why,
        }
