"""Engine 2.0.0: the facts that count, per qualification, and the law's transition.

What changed from engine 1.0.0 (:mod:`policies.engines.v1`, kept for reproduction):

- **The transition follows the period.** A shortfall in a period that ended before the law's
  transition date (:data:`policies.law.TRANSITION_DATE`) gives ``annotated``, whenever it is
  decided; from that date on ``struck_off`` (which the domain turns into a proposal and a
  hearing). The criteria document's ``transition`` is not read: the date is the law's.
- **Per qualification.** An appointment counts for a qualification only when it is on it: the
  same sector and, in vo and mbo, the qualification's subject among the subjects taught. An
  appointment that does not state its sector (delivered before the field existed) counts for
  every qualification, one that states its sector but no subjects counts for every
  qualification of that sector; both are flagged ``not_stated`` in the trace. A disputed
  appointment does not count until the dispute is resolved. An activity that names the
  qualifications it serves counts only for those.
- **Checked facts.** Only approved leave extends a period, and only by its days inside it; an
  activity rejected in a sample check does not count.

Trace entries added (informational, ``required == "-"``): ``transition``,
``appointments_counted``, ``appointments_excluded:<reason>`` (reasons: disputed, other_sector,
other_subject), ``appointments_not_stated``, ``leave_pending``, and the activity exclusion
reasons ``other_qualification`` and ``rejected_in_sample``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from decimal import localcontext
from typing import Final

from policies.criteria import ReregistrationCriteria
from policies.engines.v1 import (
    _DECIMAL,
    _ZERO,
    ANNOTATED,
    DAYS_PER_WORK_YEAR,
    RE_REGISTERED,
    STRUCK_OFF,
    _exclusion,
    _hours_result,
    _info,
    _period_entries,
    _serving,
    evaluate_offering,
)
from policies.engines.v1 import EXCLUSION_REASONS as V1_EXCLUSION_REASONS
from policies.engines.v1 import evaluate_preregister as _v1_evaluate_preregister
from policies.engines.v1 import period_end as _v1_period_end
from policies.facts import ActivityFact, AppointmentFact, LeaveFact, QualificationFacts
from policies.law import TRANSITION_DATE, shortfall_strikes_off
from policies.periods import overlap_days
from policies.verdict import CriterionResult, Verdict, canonical_hours, refs, tenths_down

ENGINE_VERSION: Final = "2.0.0"

#: Activity exclusion reasons, in the order they are tested and reported.
EXCLUSION_REASONS: Final = (
    *V1_EXCLUSION_REASONS[:1],
    "rejected_in_sample",
    "other_qualification",
    *V1_EXCLUSION_REASONS[1:],
)
#: Why an appointment does not count for a qualification.
APPOINTMENT_EXCLUSIONS: Final = ("disputed", "other_sector", "other_subject")

__all__ = [
    "ANNOTATED",
    "ENGINE_VERSION",
    "RE_REGISTERED",
    "STRUCK_OFF",
    "appointment_exclusion",
    "approved_leaves",
    "evaluate",
    "evaluate_offering",
    "evaluate_preregister",
    "period_end",
]


def approved_leaves(leaves: Sequence[LeaveFact]) -> tuple[LeaveFact, ...]:
    """The leave that may extend a period: approved or delivered by the employer."""
    return tuple(leave for leave in leaves if leave.approved)


def period_end(
    period_start: date, criteria: ReregistrationCriteria, leaves: Sequence[LeaveFact]
) -> date:
    """Last day of the registration period: ``period_years`` on, plus the approved leave
    inside it. The one rule for the period's end: decisions, the file, the read models and the
    pages all ask here (through :func:`policies.period_end`)."""
    return _v1_period_end(period_start, criteria, approved_leaves(leaves))


def _same(a: str, b: str) -> bool:
    return a.strip().casefold() == b.strip().casefold()


def appointment_exclusion(
    appointment: AppointmentFact, sector: str, subject: str | None
) -> str | None:
    """Why an appointment does not count for a qualification of ``sector``/``subject``."""
    if appointment.disputed:
        return "disputed"
    if appointment.sector is None:
        return None
    if appointment.sector != sector:
        return "other_sector"
    if sector == "po" or subject is None or not appointment.subjects:
        return None
    if not any(_same(taught, subject) for taught in appointment.subjects):
        return "other_subject"
    return None


def _not_stated(appointment: AppointmentFact, sector: str) -> bool:
    return appointment.sector is None or (sector != "po" and not appointment.subjects)


def _activity_exclusion(
    activity: ActivityFact,
    qualification_id: str,
    criteria: ReregistrationCriteria,
    start: date,
    end: date,
    on: date,
) -> str | None:
    if activity.withdrawn:
        return "withdrawn"
    if activity.rejected:
        return "rejected_in_sample"
    if (
        activity.qualification_ids is not None
        and qualification_id not in activity.qualification_ids
    ):
        return "other_qualification"
    return _exclusion(activity, criteria, start, end, on)


def _work_experience(
    criteria: ReregistrationCriteria,
    facts: QualificationFacts,
    start: date,
    until: date,
) -> list[CriterionResult]:
    rule = criteria.work_experience
    if rule is None:
        return []
    fte_days = _ZERO
    used: list[str] = []
    excluded: dict[str, list[str]] = {reason: [] for reason in APPOINTMENT_EXCLUSIONS}
    not_stated: list[str] = []
    for appointment in facts.appointments:
        days = overlap_days(start, until, appointment.start, appointment.end)
        if not days or appointment.fte <= _ZERO:
            continue
        reason = appointment_exclusion(appointment, facts.sector, facts.subject)
        if reason is not None:
            excluded[reason].append(appointment.event_ref)
            continue
        if _not_stated(appointment, facts.sector):
            not_stated.append(appointment.event_ref)
        fte_days += appointment.fte * days
        used.append(appointment.event_ref)
    hours = tenths_down(fte_days * rule.hours_per_fte_year / DAYS_PER_WORK_YEAR)
    results = [
        CriterionResult(
            criterion="work_experience",
            required=canonical_hours(rule.min_hours),
            actual=canonical_hours(hours),
            passed=hours >= rule.min_hours,
            evidence=refs(used),
        ),
        _info("appointments_counted", str(len(used)), refs(used)),
    ]
    if not_stated:
        results.append(_info("appointments_not_stated", str(len(not_stated)), refs(not_stated)))
    for reason, excluded_refs in excluded.items():
        if excluded_refs:
            results.append(
                _info(
                    f"appointments_excluded:{reason}", str(len(excluded_refs)), refs(excluded_refs)
                )
            )
    return results


def _transition_entry(end: date) -> CriterionResult:
    relation = "before" if end < TRANSITION_DATE else "on_or_after"
    return _info(
        "transition", f"period_end {end.isoformat()} {relation} {TRANSITION_DATE.isoformat()}"
    )


def evaluate(facts: QualificationFacts, criteria: ReregistrationCriteria, on: date) -> Verdict:
    """Judge one qualification's period against the re-registration criteria, as of ``on``.

    ``re_registered`` when every criterion is met; otherwise ``annotated`` when the period ended
    before the law's transition date and ``struck_off`` when it ended on or after it. ``on``
    only bounds which facts have happened yet (activities and appointment days after it do not
    count); it never changes the outcome of a shortfall.
    """
    with localcontext(_DECIMAL):
        start = facts.period_start
        leaves = approved_leaves(facts.leaves)
        end = period_end(start, criteria, facts.leaves)
        trace = _period_entries(start, end, leaves, criteria.leave_extends_period)
        pending = [leave for leave in facts.leaves if not leave.approved]
        if pending:
            trace.append(
                _info(
                    "leave_pending", str(len(pending)), refs(leave.event_ref for leave in pending)
                )
            )
        counted: list[ActivityFact] = []
        excluded: dict[str, list[str]] = {reason: [] for reason in EXCLUSION_REASONS}
        for activity in facts.activities:
            reason = _activity_exclusion(activity, facts.qualification_id, criteria, start, end, on)
            if reason is None:
                counted.append(activity)
            else:
                excluded[reason].append(activity.event_ref)
        trace.append(_hours_result("total_hours", criteria.min_total_hours, counted))
        for area_minimum in criteria.area_minimums:
            name = "areas:" + "+".join(sorted(set(area_minimum.areas)))
            trace.append(
                _hours_result(name, area_minimum.min_hours, _serving(counted, area_minimum.areas))
            )
        for sector_minimum in criteria.sector_minimums:
            if sector_minimum.sector != facts.sector:
                continue
            name = f"sector:{sector_minimum.sector}:" + "+".join(sorted(set(sector_minimum.areas)))
            served = _serving(counted, sector_minimum.areas)
            trace.append(_hours_result(name, sector_minimum.min_hours, served))
        trace += _work_experience(criteria, facts, start, min(end, on))
        trace.append(
            _info("activities_counted", str(len(counted)), refs(a.event_ref for a in counted))
        )
        for reason, excluded_refs in excluded.items():
            if excluded_refs:
                trace.append(
                    _info(
                        f"activities_excluded:{reason}",
                        str(len(excluded_refs)),
                        refs(excluded_refs),
                    )
                )
        trace.append(_transition_entry(end))
    met = all(result.passed for result in trace)
    if met:
        outcome = RE_REGISTERED
    elif shortfall_strikes_off(end):
        outcome = STRUCK_OFF
    else:
        outcome = ANNOTATED
    return Verdict(outcome, met, start, end, tuple(trace))


def evaluate_preregister(
    facts: QualificationFacts, criteria: ReregistrationCriteria, on: date
) -> Verdict:
    """Engine 1.0.0's pre-register check, with only approved leave extending the stay."""
    return _v1_evaluate_preregister(
        replace(facts, leaves=approved_leaves(facts.leaves)), criteria, on
    )
