"""The re-registration engine read as a specification of the default criteria."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from policies.engine import ENGINE_VERSION, evaluate, period_end
from policies.verdict import Verdict
from tests.unit.policies.factories import (
    END,
    START,
    activity,
    appointment,
    criteria_with,
    default_criteria,
    leave,
    qualification,
    sufficient,
)

BEFORE_TRANSITION = date(2026, 9, 1)
AFTER_TRANSITION = date(2030, 9, 1)


def test_engine_version_is_semantic() -> None:
    """Receipts record the engine version; it must look like one."""
    assert len(ENGINE_VERSION.split(".")) == 3


def test_teacher_meeting_every_criterion_is_re_registered() -> None:
    verdict = evaluate(sufficient(), default_criteria(), BEFORE_TRANSITION)
    assert verdict.outcome == "re_registered"
    assert verdict.met
    assert verdict.shortfalls == ()
    assert (verdict.period_start, verdict.period_end) == (START, END)


def test_shortfall_before_transition_is_annotated() -> None:
    verdict = evaluate(
        sufficient(activities=(activity(10, 100),)), default_criteria(), BEFORE_TRANSITION
    )
    assert verdict.outcome == "annotated"
    assert not verdict.met


def test_shortfall_in_a_period_ending_before_the_transition_is_annotated_when_decided_later() -> (
    None
):
    """The period decides, not the decision date: ended 31 July 2027, decided in September."""
    facts = sufficient(activities=(activity(10, 100),), period_start=date(2023, 8, 1))
    verdict = evaluate(facts, default_criteria(), date(2027, 9, 15))
    assert verdict.period_end == date(2027, 7, 31)
    assert verdict.outcome == "annotated"
    entry = verdict.result("transition")
    assert entry is not None
    assert "before 2027-08-01" in entry.actual


def test_shortfall_in_a_period_ending_on_the_transition_date_is_struck_off() -> None:
    """A period whose last day is the transition date itself already leads to strike-off."""
    facts = sufficient(activities=(activity(10, 100),), period_start=date(2023, 8, 2))
    verdict = evaluate(facts, default_criteria(), date(2027, 8, 2))
    assert verdict.period_end == date(2027, 8, 1)
    assert verdict.outcome == "struck_off"


def test_the_document_cannot_move_the_transition() -> None:
    """A document without a transition rule (or with another date) changes nothing."""
    facts = sufficient(activities=(), period_start=date(2022, 9, 1))
    for criteria in (
        criteria_with(transition=None),
        criteria_with(transition={"strike_off_from": "2024-01-01"}),
    ):
        assert evaluate(facts, criteria, date(2030, 1, 1)).outcome == "annotated"


def test_trace_names_the_missing_hours_and_the_activities_counted() -> None:
    verdict = evaluate(
        sufficient(activities=(activity(10, 100),)), default_criteria(), BEFORE_TRANSITION
    )
    total = verdict.result("total_hours")
    assert total is not None
    assert (total.required, total.actual, total.passed) == ("160.0", "100.0", False)
    assert total.evidence == ("teacher-1/10",)
    assert [r.criterion for r in verdict.shortfalls] == ["total_hours"]


def test_hundred_hours_must_serve_subject_matter_didactics_or_pedagogy() -> None:
    facts = sufficient(
        activities=(
            activity(10, 60, areas=("didactics",)),
            activity(11, 100, areas=("professional",)),
        )
    )
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    areas = verdict.result("areas:didactics+pedagogy+subject_matter")
    assert areas is not None
    assert (areas.actual, areas.passed, areas.evidence) == ("60.0", False, ("teacher-1/10",))


def test_activity_serving_several_areas_counts_fully_for_each() -> None:
    facts = sufficient(activities=(activity(10, 160, areas=("professional", "pedagogy")),))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    areas = verdict.result("areas:didactics+pedagogy+subject_matter")
    assert areas is not None
    assert areas.actual == "160.0"


def test_vo_needs_forty_hours_on_subject_matter() -> None:
    facts = sufficient(activities=(activity(10, 160, areas=("didactics",)),))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    sector = verdict.result("sector:vo:subject_matter")
    assert sector is not None
    assert (sector.required, sector.actual, sector.passed) == ("40.0", "0.0", False)


def test_po_has_no_subject_matter_minimum() -> None:
    facts = sufficient(sector="po", activities=(activity(10, 160, areas=("didactics",)),))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    assert verdict.result("sector:vo:subject_matter") is None
    assert verdict.outcome == "re_registered"


def test_contact_and_self_study_hours_both_count() -> None:
    facts = sufficient(activities=(activity(10, 100, self_study=60),))
    total = evaluate(facts, default_criteria(), BEFORE_TRANSITION).result("total_hours")
    assert total is not None
    assert total.actual == "160.0"


def test_fractional_hours_are_shown_exactly() -> None:
    facts = sufficient(activities=(activity(10, "159.75"),))
    total = evaluate(facts, default_criteria(), BEFORE_TRANSITION).result("total_hours")
    assert total is not None
    assert (total.actual, total.passed) == ("159.75", False)


@pytest.mark.parametrize(
    ("changed", "reason"),
    [
        pytest.param({"withdrawn": True}, "withdrawn", id="withdrawn"),
        pytest.param({"occurred_on": date(2022, 8, 31)}, "outside_period", id="day-before-period"),
        pytest.param({"occurred_on": date(2026, 9, 1)}, "outside_period", id="day-after-period"),
        pytest.param({"validated": False, "has_evidence": False}, "no_evidence", id="no-evidence"),
    ],
)
def test_activity_that_does_not_count_is_named_with_its_reason(
    changed: dict[str, Any], reason: str
) -> None:
    facts = sufficient(activities=(replace(activity(10, 160), **changed),))
    verdict = evaluate(facts, default_criteria(), date(2026, 9, 2))
    excluded = verdict.result(f"activities_excluded:{reason}")
    assert excluded is not None
    assert (excluded.actual, excluded.evidence) == ("1", ("teacher-1/10",))
    assert verdict.outcome == "annotated"


def test_activities_on_the_first_and_last_day_of_the_period_count() -> None:
    facts = sufficient(activities=(activity(10, 80, on=START), activity(11, 80, on=END)))
    assert evaluate(facts, default_criteria(), BEFORE_TRANSITION).met


def test_activity_after_the_evaluation_date_does_not_count_yet() -> None:
    facts = sufficient(activities=(activity(10, 160, on=date(2025, 6, 1)),))
    verdict = evaluate(facts, default_criteria(), date(2025, 1, 1))
    assert verdict.result("activities_excluded:after_evaluation_date") is not None


def test_non_validated_activity_with_evidence_counts_without_reflection() -> None:
    facts = sufficient(activities=(activity(10, 160, validated=False, reflection=False),))
    assert evaluate(facts, default_criteria(), BEFORE_TRANSITION).met


def test_reflection_is_needed_when_the_criteria_ask_for_it() -> None:
    criteria = criteria_with(non_validated={"requires_evidence": True, "requires_reflection": True})
    facts = sufficient(activities=(activity(10, 160, validated=False, reflection=False),))
    verdict = evaluate(facts, criteria, BEFORE_TRANSITION)
    assert verdict.result("activities_excluded:no_reflection") is not None


def test_validated_activity_needs_no_evidence() -> None:
    facts = sufficient(activities=(activity(10, 160, evidence=False, reflection=False),))
    assert evaluate(facts, default_criteria(), BEFORE_TRANSITION).met


def test_kinds_left_out_of_the_document_do_not_count() -> None:
    criteria = criteria_with(counted_kinds=["course"])
    facts = sufficient(activities=(activity(10, 160, kind="peer_consultation"),))
    verdict = evaluate(facts, criteria, BEFORE_TRANSITION)
    assert verdict.result("activities_excluded:kind_not_counted") is not None


def test_lesson_visits_and_peer_consultation_count_by_default() -> None:
    """The employers' letter asked for these to be recognised."""
    facts = sufficient(
        activities=(
            activity(10, 80, kind="peer_consultation"),
            activity(11, 80, kind="lesson_visit"),
        )
    )
    assert evaluate(facts, default_criteria(), BEFORE_TRANSITION).met


def test_exactly_point_two_fte_for_the_whole_period_meets_work_experience() -> None:
    facts = sufficient(appointments=(appointment(5, "0.2", START, END),))
    work = evaluate(facts, default_criteria(), BEFORE_TRANSITION).result("work_experience")
    assert work is not None
    assert (work.required, work.actual, work.passed) == ("1328.0", "1328.1", True)


def test_just_under_point_two_fte_fails_work_experience() -> None:
    facts = sufficient(appointments=(appointment(5, "0.19", START, END),))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    assert [r.criterion for r in verdict.shortfalls] == ["work_experience"]


def test_concurrent_appointments_add_up_and_are_all_evidence() -> None:
    facts = sufficient(
        appointments=(appointment(5, "0.1", START, END), appointment(6, "0.1", START, END))
    )
    work = evaluate(facts, default_criteria(), BEFORE_TRANSITION).result("work_experience")
    assert work is not None
    assert (work.actual, work.evidence) == ("1328.1", ("teacher-1/5", "teacher-1/6"))


def test_appointments_outside_the_period_are_not_evidence() -> None:
    facts = sufficient(appointments=(appointment(5, "1", date(2010, 1, 1), date(2022, 8, 31)),))
    work = evaluate(facts, default_criteria(), BEFORE_TRANSITION).result("work_experience")
    assert work is not None
    assert (work.actual, work.evidence, work.passed) == ("0.0", (), False)


def test_leave_extends_the_period_by_its_days() -> None:
    facts = sufficient(leaves=(leave(7, date(2024, 1, 1), date(2024, 1, 10)),))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    assert verdict.period_end == date(2026, 9, 10)
    days = verdict.result("leave_days")
    assert days is not None
    assert (days.actual, days.evidence) == ("10", ("teacher-1/7",))


def test_overlapping_leaves_are_not_counted_twice() -> None:
    leaves = (
        leave(7, date(2024, 1, 1), date(2024, 1, 10)),
        leave(8, date(2024, 1, 6), date(2024, 1, 15)),
    )
    assert period_end(START, default_criteria(), leaves) == date(2026, 9, 15)


def test_leave_in_the_extension_extends_it_further() -> None:
    leaves = (leave(7, date(2026, 8, 1), date(2026, 9, 30)),)
    # 31 days inside the base period push the end to 1 October, which takes in all 61 days.
    assert period_end(START, default_criteria(), leaves) == date(2026, 10, 31)


def test_leave_does_not_extend_when_the_criteria_say_so() -> None:
    criteria = criteria_with(leave_extends_period=False)
    leaves = (leave(7, date(2024, 1, 1), date(2024, 1, 10)),)
    assert period_end(START, criteria, leaves) == END


def test_period_from_leap_day_ends_on_the_day_before_the_anniversary() -> None:
    assert period_end(date(2024, 2, 29), default_criteria(), ()) == date(2028, 2, 28)
    three_years = criteria_with(
        period_years=3,
        work_experience={"min_fte": 0.2, "hours_per_fte_year": 1659, "min_hours": 996},
    )
    assert period_end(date(2024, 2, 29), three_years, ()) == date(2027, 2, 27)


def test_verdict_round_trips_through_json() -> None:
    facts = sufficient(activities=(activity(10, 100), activity(11, 1, withdrawn=True)))
    verdict = evaluate(facts, default_criteria(), BEFORE_TRANSITION)
    assert Verdict.from_dict(json.loads(json.dumps(verdict.to_dict()))) == verdict


def test_order_of_facts_does_not_change_the_verdict() -> None:
    facts = sufficient()
    reversed_facts = replace(facts, activities=facts.activities[::-1])
    criteria = default_criteria()
    assert evaluate(facts, criteria, BEFORE_TRANSITION) == evaluate(
        reversed_facts, criteria, BEFORE_TRANSITION
    )


def test_a_new_version_with_other_minimums_changes_the_outcome() -> None:
    stricter = criteria_with(version=2, min_total_hours=200)
    assert evaluate(sufficient(), default_criteria(), AFTER_TRANSITION).outcome == "re_registered"
    after = sufficient(period_start=date(2026, 9, 1))
    assert evaluate(after, stricter, AFTER_TRANSITION).outcome == "struck_off"


def test_no_work_experience_rule_leaves_no_trace_entry() -> None:
    criteria = criteria_with(work_experience=None)
    verdict = evaluate(qualification(activities=(activity(10, 160),)), criteria, BEFORE_TRANSITION)
    assert verdict.result("work_experience") is None
    assert verdict.met


def test_impossible_facts_are_refused_at_construction() -> None:
    with pytest.raises(ValueError, match="ends before it starts"):
        leave(1, date(2024, 1, 2), date(2024, 1, 1))
    with pytest.raises(ValueError, match="contact hours"):
        activity(1, -1)
    with pytest.raises(ValueError, match="fte"):
        appointment(1, "-0.1")
    assert Decimal(0) == activity(1, 0).hours
