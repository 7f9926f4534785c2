"""Properties the engine must keep for any history (hypothesis)."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from policies.criteria import ReregistrationCriteria
from policies.engine import evaluate, period_end
from policies.facts import (
    ACTIVITY_KINDS,
    COMPETENCE_AREAS,
    ActivityFact,
    AppointmentFact,
    LeaveFact,
    QualificationFacts,
)
from policies.law import TRANSITION_DATE
from policies.verdict import Verdict
from tests.unit.policies.factories import criteria_with

FEW = settings(max_examples=100, deadline=None)
PERIOD_START = date(2022, 1, 1)
dates = st.dates(min_value=date(2021, 1, 1), max_value=date(2028, 12, 31))
hours = st.decimals(min_value=0, max_value=80, places=1)
refs = st.integers(min_value=1, max_value=10_000).map(lambda n: f"teacher-1/{n}")


@st.composite
def activities(draw: st.DrawFn) -> ActivityFact:
    return ActivityFact(
        activity_id=f"activity-{draw(st.uuids())}",
        event_ref=draw(refs),
        kind=draw(st.sampled_from(ACTIVITY_KINDS)),
        occurred_on=draw(dates),
        contact_hours=draw(hours),
        self_study_hours=draw(hours),
        competence_areas=tuple(draw(st.sets(st.sampled_from(COMPETENCE_AREAS), max_size=3))),
        validated=draw(st.booleans()),
        has_evidence=draw(st.booleans()),
        has_reflection=draw(st.booleans()),
        withdrawn=draw(st.booleans()),
    )


@st.composite
def leaves(draw: st.DrawFn) -> LeaveFact:
    start = draw(dates)
    length = draw(st.integers(min_value=0, max_value=400))
    return LeaveFact(f"leave-{draw(st.uuids())}", draw(refs), start, start + timedelta(days=length))


@st.composite
def appointments(draw: st.DrawFn) -> AppointmentFact:
    start = draw(st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 1, 1)))
    length = draw(st.none() | st.integers(min_value=0, max_value=3000))
    end = None if length is None else start + timedelta(days=length)
    fte = draw(st.decimals(min_value=0, max_value=1, places=2))
    return AppointmentFact(f"appointment-{draw(st.uuids())}", draw(refs), start, end, fte)


@st.composite
def qualifications(draw: st.DrawFn) -> QualificationFacts:
    return QualificationFacts(
        qualification_id="qualification-1",
        sector=draw(st.sampled_from(["po", "vo", "mbo"])),
        subject=None,
        basis="diploma",
        status="registered",
        period_start=PERIOD_START,
        activities=tuple(draw(st.lists(activities(), max_size=25))),
        appointments=tuple(draw(st.lists(appointments(), max_size=3))),
        leaves=tuple(draw(st.lists(leaves(), max_size=3))),
        admitted_on=PERIOD_START,
    )


@st.composite
def criteria(draw: st.DrawFn) -> ReregistrationCriteria:
    """The default document with the choices a profession might plausibly vary."""
    return criteria_with(
        min_total_hours=draw(st.integers(min_value=100, max_value=200)),
        counted_kinds=draw(st.sets(st.sampled_from(ACTIVITY_KINDS), min_size=1)),
        non_validated={
            "requires_evidence": draw(st.booleans()),
            "requires_reflection": draw(st.booleans()),
        },
        leave_extends_period=draw(st.booleans()),
        transition={"strike_off_from": draw(dates).isoformat()},
    )


evaluation_dates = st.dates(min_value=date(2025, 1, 1), max_value=date(2031, 12, 31))


def passed(verdict: Verdict) -> dict[str, bool]:
    return {result.criterion: result.passed for result in verdict.trace}


@FEW
@given(qualifications(), activities(), criteria(), evaluation_dates)
def test_adding_an_activity_never_turns_a_pass_into_a_fail(
    facts: QualificationFacts, extra: ActivityFact, rules: ReregistrationCriteria, on: date
) -> None:
    before = evaluate(facts, rules, on)
    after = evaluate(replace(facts, activities=(*facts.activities, extra)), rules, on)
    assert after.met or not before.met
    after_passed = passed(after)
    for criterion, ok in passed(before).items():
        assert after_passed[criterion] or not ok, criterion


@FEW
@given(qualifications(), criteria(), evaluation_dates, st.data())
def test_withdrawing_an_activity_never_turns_a_fail_into_a_pass(
    facts: QualificationFacts, rules: ReregistrationCriteria, on: date, data: st.DataObject
) -> None:
    if not facts.activities:
        return
    index = data.draw(st.integers(min_value=0, max_value=len(facts.activities) - 1))
    withdrawn = list(facts.activities)
    withdrawn[index] = replace(withdrawn[index], withdrawn=True)
    before = evaluate(facts, rules, on)
    after = evaluate(replace(facts, activities=tuple(withdrawn)), rules, on)
    assert before.met or not after.met
    before_passed = passed(before)
    for criterion, ok in passed(after).items():
        assert before_passed.get(criterion, True) or not ok, criterion


@FEW
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    st.lists(leaves(), max_size=4),
    leaves(),
)
def test_leave_never_shortens_a_period(
    start: date, existing: list[LeaveFact], extra: LeaveFact
) -> None:
    rules = criteria_with()
    without = period_end(start, rules, ())
    before = period_end(start, rules, existing)
    after = period_end(start, rules, [*existing, extra])
    assert without <= before <= after


@FEW
@given(st.lists(leaves(), max_size=4))
def test_period_grows_by_at_most_the_total_leave(spans: list[LeaveFact]) -> None:
    rules = criteria_with()
    base = period_end(PERIOD_START, rules, ())
    total = sum((leave.end - leave.start).days + 1 for leave in spans)
    assert period_end(PERIOD_START, rules, spans) <= base + timedelta(days=total)


@FEW
@given(qualifications(), criteria(), evaluation_dates, st.randoms(use_true_random=False))
def test_the_same_facts_always_give_the_same_verdict_and_trace(
    facts: QualificationFacts, rules: ReregistrationCriteria, on: date, shuffler: random.Random
) -> None:
    first = evaluate(facts, rules, on)
    assert evaluate(facts, rules, on) == first
    shuffled = list(facts.activities)
    shuffler.shuffle(shuffled)
    assert evaluate(replace(facts, activities=tuple(shuffled)), rules, on) == first
    assert Verdict.from_dict(first.to_dict()) == first


@FEW
@given(qualifications(), criteria(), evaluation_dates)
def test_outcome_follows_the_criteria_met_and_the_end_of_the_period(
    facts: QualificationFacts, rules: ReregistrationCriteria, on: date
) -> None:
    verdict = evaluate(facts, rules, on)
    assert verdict.met == all(result.passed for result in verdict.trace)
    if verdict.met:
        assert verdict.outcome == "re_registered"
    elif verdict.period_end < TRANSITION_DATE:
        assert verdict.outcome == "annotated"
    else:
        assert verdict.outcome == "struck_off"


@FEW
@given(qualifications(), criteria(), evaluation_dates, evaluation_dates)
def test_the_outcome_of_a_shortfall_never_depends_on_the_decision_date(
    facts: QualificationFacts, rules: ReregistrationCriteria, first: date, second: date
) -> None:
    """Decided on any two days after the period, the same facts give the same outcome."""
    end = evaluate(facts, rules, first).period_end
    late = max(first, second, end + timedelta(days=1))
    later = late + timedelta(days=(second - first).days % 400)
    assert evaluate(facts, rules, late).outcome == evaluate(facts, rules, later).outcome


@FEW
@given(qualifications(), criteria(), evaluation_dates)
def test_every_activity_is_either_counted_or_excluded_once(
    facts: QualificationFacts, rules: ReregistrationCriteria, on: date
) -> None:
    verdict = evaluate(facts, rules, on)
    counts = [
        int(result.actual)
        for result in verdict.trace
        if result.criterion.startswith(("activities_counted", "activities_excluded:"))
    ]
    assert sum(counts) == len(facts.activities)
    total = verdict.result("total_hours")
    assert total is not None
    assert Decimal(total.actual) >= 0
