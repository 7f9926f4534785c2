"""Engine 1.0.0: the rules engine as it decided until engine 2.0.0 (frozen; never change it).

Decisions whose receipt names ``engine_version`` 1.0.0 reproduce on this module, so its
behaviour is history: a fix or a new rule goes into a new engine version
(:mod:`policies.engines`), never here. Engine 2.0.0 reuses the helpers below that it did not
change, and the offering and pre-register evaluations, which it left as they were.

What this version did that the law does not allow, kept for reproduction only: the transition
rule was read from the criteria document and compared with the *decision* date, and every
appointment and activity of the file counted for every qualification.

No I/O and no clock: the evaluation date is passed in, so a decision can be reproduced years
later from the recorded facts and document.

Choices the criteria documents leave open, fixed here:

- The period runs from ``period_start`` to :func:`period_end`, both inclusive. Activities and
  appointment days count up to ``min(period_end, on)``: facts dated after the evaluation date
  have not happened yet.
- An activity's full hours (contact plus self-study) count towards every area minimum whose
  areas it serves; hours are not split across its areas.
- Work experience in hours is the sum over appointments of ``fte * hours_per_fte_year * days /
  365``, with ``days`` the appointment's days inside the period, truncated to tenths. Dividing
  by 365 rather than 365.25 means 0.2 FTE held for a whole four-year period (1,461 days) gives
  1,328.1 hours and meets the published 1,328; with 365.25 it would give 1,327.2 and fail a
  teacher who works exactly the required 0.2 FTE. Concurrent appointments add up.
- Trace entries with ``required == "-"`` only inform: the period, leave days, activities counted
  and, per reason, the activities left out (reasons: withdrawn, outside_period,
  after_evaluation_date, kind_not_counted, no_evidence, no_reflection).

Outcomes: ``re_registered`` / ``annotated`` / ``struck_off`` (:func:`evaluate`), ``validated`` /
``refused`` (:func:`evaluate_offering`), ``within_term`` / ``term_exceeded``
(:func:`evaluate_preregister`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Context, Decimal, localcontext
from typing import Final

from policies.criteria import ReregistrationCriteria, ValidationCriteria
from policies.facts import (
    COMPETENCE_AREAS,
    ActivityFact,
    AppointmentFact,
    LeaveFact,
    OfferingFacts,
    QualificationFacts,
)
from policies.periods import extended_end, last_day, overlap_days, union_days
from policies.verdict import (
    INFORMATIONAL,
    CriterionResult,
    Verdict,
    canonical_hours,
    refs,
    tenths_down,
)

ENGINE_VERSION: Final = "1.0.0"

RE_REGISTERED: Final = "re_registered"
ANNOTATED: Final = "annotated"
STRUCK_OFF: Final = "struck_off"
VALIDATED: Final = "validated"
REFUSED: Final = "refused"
WITHIN_TERM: Final = "within_term"
TERM_EXCEEDED: Final = "term_exceeded"

#: Days of a year of appointment in the work-experience sum (see the module docstring).
DAYS_PER_WORK_YEAR: Final = 365
#: Exclusion reasons, in the order they are tested and reported.
EXCLUSION_REASONS: Final = (
    "withdrawn",
    "outside_period",
    "after_evaluation_date",
    "kind_not_counted",
    "no_evidence",
    "no_reflection",
)
#: A fixed decimal context, so a caller's context can never change an outcome.
_DECIMAL: Final = Context(prec=28)
_ZERO: Final = Decimal(0)


def _leave_spans(leaves: Iterable[LeaveFact]) -> list[tuple[date, date]]:
    return [(leave.start, leave.end) for leave in leaves]


def period_end(
    period_start: date, criteria: ReregistrationCriteria, leaves: Sequence[LeaveFact]
) -> date:
    """Last day of the registration period: ``period_years`` on, plus the leave inside it.

    Leave never shortens a period; with ``leave_extends_period`` off it does not lengthen it.
    """
    base = last_day(period_start, criteria.period_years)
    if not criteria.leave_extends_period:
        return base
    return extended_end(base, period_start, _leave_spans(leaves))


def _info(criterion: str, actual: str, evidence: tuple[str, ...] = ()) -> CriterionResult:
    return CriterionResult(criterion, INFORMATIONAL, actual, passed=True, evidence=evidence)


def _period_entries(
    start: date, end: date, leaves: Sequence[LeaveFact], extends: bool
) -> list[CriterionResult]:
    """The period judged over, and the leave that lengthened it."""
    inside = [leave for leave in leaves if leave.start <= end and leave.end >= start]
    days = union_days(start, end, _leave_spans(inside)) if extends else 0
    entries = [_info("period", f"{start.isoformat()}/{end.isoformat()}")]
    if days:
        entries.append(_info("leave_days", str(days), refs(leave.event_ref for leave in inside)))
    return entries


def _exclusion(
    activity: ActivityFact, criteria: ReregistrationCriteria, start: date, end: date, on: date
) -> str | None:
    """Why an activity does not count, or None when it does."""
    rules = criteria.non_validated
    if activity.withdrawn:
        return "withdrawn"
    if not start <= activity.occurred_on <= end:
        return "outside_period"
    if activity.occurred_on > on:
        return "after_evaluation_date"
    if activity.kind not in criteria.counted_kinds:
        return "kind_not_counted"
    if not activity.validated and rules.requires_evidence and not activity.has_evidence:
        return "no_evidence"
    if not activity.validated and rules.requires_reflection and not activity.has_reflection:
        return "no_reflection"
    return None


def _hours_result(
    criterion: str, minimum: Decimal, activities: Sequence[ActivityFact]
) -> CriterionResult:
    actual = sum((activity.hours for activity in activities), _ZERO)
    return CriterionResult(
        criterion=criterion,
        required=canonical_hours(minimum),
        actual=canonical_hours(actual),
        passed=actual >= minimum,
        evidence=refs(activity.event_ref for activity in activities),
    )


def _serving(activities: Sequence[ActivityFact], areas: Iterable[str]) -> list[ActivityFact]:
    wanted = set(areas)
    return [a for a in activities if wanted.intersection(a.competence_areas)]


def _work_experience(
    criteria: ReregistrationCriteria,
    appointments: Sequence[AppointmentFact],
    start: date,
    until: date,
) -> CriterionResult | None:
    rule = criteria.work_experience
    if rule is None:
        return None
    fte_days = _ZERO
    used: list[str] = []
    for appointment in appointments:
        days = overlap_days(start, until, appointment.start, appointment.end)
        if days and appointment.fte > _ZERO:
            fte_days += appointment.fte * days
            used.append(appointment.event_ref)
    hours = tenths_down(fte_days * rule.hours_per_fte_year / DAYS_PER_WORK_YEAR)
    return CriterionResult(
        criterion="work_experience",
        required=canonical_hours(rule.min_hours),
        actual=canonical_hours(hours),
        passed=hours >= rule.min_hours,
        evidence=refs(used),
    )


def evaluate(facts: QualificationFacts, criteria: ReregistrationCriteria, on: date) -> Verdict:
    """Judge one qualification's period against the re-registration criteria, as of ``on``.

    ``re_registered`` when every criterion is met; otherwise ``annotated`` before the transition
    rule's ``strike_off_from`` and ``struck_off`` from that date (always ``struck_off`` when the
    document has no transition rule).
    """
    with localcontext(_DECIMAL):
        start = facts.period_start
        end = period_end(start, criteria, facts.leaves)
        trace = _period_entries(start, end, facts.leaves, criteria.leave_extends_period)
        counted: list[ActivityFact] = []
        excluded: dict[str, list[str]] = {reason: [] for reason in EXCLUSION_REASONS}
        for activity in facts.activities:
            reason = _exclusion(activity, criteria, start, end, on)
            if reason is None:
                counted.append(activity)
            else:
                excluded[reason].append(activity.event_ref)
        trace.append(_hours_result("total_hours", criteria.min_total_hours, counted))
        for area_minimum in criteria.area_minimums:
            name = "areas:" + "+".join(sorted(set(area_minimum.areas)))
            served = _serving(counted, area_minimum.areas)
            trace.append(_hours_result(name, area_minimum.min_hours, served))
        for sector_minimum in criteria.sector_minimums:
            if sector_minimum.sector != facts.sector:
                continue
            name = f"sector:{sector_minimum.sector}:" + "+".join(sorted(set(sector_minimum.areas)))
            served = _serving(counted, sector_minimum.areas)
            trace.append(_hours_result(name, sector_minimum.min_hours, served))
        work = _work_experience(criteria, facts.appointments, start, min(end, on))
        if work is not None:
            trace.append(work)
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
    met = all(result.passed for result in trace)
    transition = criteria.transition
    if met:
        outcome = RE_REGISTERED
    elif transition is not None and on < transition.strike_off_from:
        outcome = ANNOTATED
    else:
        outcome = STRUCK_OFF
    return Verdict(outcome, met, start, end, tuple(trace))


def evaluate_offering(offering: OfferingFacts, criteria: ValidationCriteria, on: date) -> Verdict:
    """Judge a training offering; a validation holds from ``on`` for ``validity_years``.

    Entries: ``total_hours`` (strictly more than the minimum), ``hours_split`` (both parts
    stated), ``assessment`` (required only when self-study exceeds contact hours),
    ``competence_areas`` (at least one known area) and ``sector`` (among the allowed ones; an
    offering without a sector is open to all). Switched-off rules leave no entry.
    """
    evidence = refs([offering.event_ref])
    trace: list[CriterionResult] = []
    with localcontext(_DECIMAL):
        minimum = criteria.min_hours_exclusive
        trace.append(
            CriterionResult(
                "total_hours",
                f">{canonical_hours(minimum)}",
                canonical_hours(offering.hours),
                offering.hours > minimum,
                evidence,
            )
        )
        split = offering.contact_hours is not None and offering.self_study_hours is not None
        if criteria.requires_hours_split:
            actual = "stated" if split else "missing"
            trace.append(CriterionResult("hours_split", "stated", actual, split, evidence))
        if criteria.assessment_when_self_study_exceeds_contact:
            mostly_self_study = (offering.self_study_hours or _ZERO) > (
                offering.contact_hours or _ZERO
            )
            passed = offering.has_assessment or not mostly_self_study
            required = "yes" if mostly_self_study else "no"
            actual = "yes" if offering.has_assessment else "no"
            trace.append(CriterionResult("assessment", required, actual, passed, evidence))
    if criteria.requires_competence_area:
        known = sorted(set(offering.competence_areas).intersection(COMPETENCE_AREAS))
        actual = "+".join(known) or "none"
        trace.append(
            CriterionResult("competence_areas", "at least one", actual, bool(known), evidence)
        )
    allowed = "+".join(criteria.sectors)
    sector_ok = offering.sector is None or offering.sector in criteria.sectors
    trace.append(CriterionResult("sector", allowed, offering.sector or "all", sector_ok, evidence))
    met = all(result.passed for result in trace)
    end = last_day(on, criteria.validity_years)
    return Verdict(VALIDATED if met else REFUSED, met, on, end, tuple(trace))


def evaluate_preregister(
    facts: QualificationFacts, criteria: ReregistrationCriteria, on: date
) -> Verdict:
    """Is a pre-registered qualification still within the pre-register's maximum stay on ``on``?

    The stay runs from ``admitted_on`` for the years its basis allows, extended by leave as a
    period is. ``within_term`` on or before its last day, ``term_exceeded`` after. Raises
    ValueError for a ``diploma`` basis: such a qualification belongs in the register.
    """
    stay = criteria.preregister.max_stay_years
    years = {
        "suitability_declaration": stay.suitability_declaration,
        "in_training": stay.in_training,
    }.get(facts.basis)
    if years is None:
        raise ValueError(f"basis {facts.basis!r} does not place a teacher in the pre-register")
    start = facts.admitted_on
    end = last_day(start, years)
    if criteria.leave_extends_period:
        end = extended_end(end, start, _leave_spans(facts.leaves))
    trace = _period_entries(start, end, facts.leaves, criteria.leave_extends_period)
    passed = on <= end
    trace.append(
        CriterionResult(f"max_stay:{facts.basis}", end.isoformat(), on.isoformat(), passed, ())
    )
    return Verdict(WITHIN_TERM if passed else TERM_EXCEEDED, passed, start, end, tuple(trace))
