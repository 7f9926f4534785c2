"""run-due, progress and impact analysis on both stores."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from api.bootstrap import Services
from domain.commands.criteria import AdoptCriteria, DraftCriteria
from domain.errors import InvalidInputError
from policies import period_end
from tests.decision_helpers import (
    REGISTRAR,
    STANDARDS,
    MovableClock,
    admit,
    demo_like_teacher,
    document,
    lower_minimum,
)


def _register_cohort(services: Services) -> dict[str, list[object]]:
    """Three due and short, two due and sufficient, one not yet due, one pre-registered."""
    register = services.register
    return {
        "short": [
            demo_like_teacher(register, registered_on=date(2022, 1, 10 + i)) for i in range(3)
        ],
        "ok": [
            demo_like_teacher(register, registered_on=date(2022, 2, 1 + i), extra_hours=40)
            for i in range(2)
        ],
        "not_due": [demo_like_teacher(register, registered_on=date(2023, 7, 1))],
        "pre": [admit(register, basis="in_training", registered_on=date(2021, 1, 1))],
    }


def test_run_due_decides_every_due_qualification_once(services: Services) -> None:
    _register_cohort(services)
    seen: list[tuple[int, int]] = []
    report = services.register.run_due(
        date(2026, 11, 28), ctx=REGISTRAR, page_rows=7, progress=lambda d, t: seen.append((d, t))
    )
    assert report.outcomes == {"annotated": 3, "re_registered": 2}
    assert report.decided == 5
    assert report.files_read == 7
    assert seen[-1] == (7, 7)
    again = services.register.run_due(date(2026, 11, 28), ctx=REGISTRAR, page_rows=7)
    assert again.decided == 0
    assert again.files_read == 7


def test_run_due_catches_up_on_periods_years_overdue(services: Services) -> None:
    """A file two periods behind is decided period after period in one run."""
    teacher = demo_like_teacher(services.register, registered_on=date(2018, 1, 1))
    report = services.register.run_due(date(2026, 11, 28), ctx=REGISTRAR)
    assert report.outcomes == {"annotated": 2}
    file = services.register.get_teacher(teacher.teacher_id)
    assert file.qualifications[teacher.qualification_id].period_start == date(2026, 1, 1)
    assert services.register.run_due(date(2026, 11, 28), ctx=REGISTRAR).decided == 0
    for decision in file.decisions:
        assert services.register.reproduce(decision["decision_id"])["reproduced"]


def test_run_due_refuses_any_date_but_the_registers(services: Services) -> None:
    for day in (date(2026, 11, 29), date(2026, 11, 27)):
        with pytest.raises(InvalidInputError, match="register's date"):
            services.register.run_due(day, ctx=REGISTRAR)


def test_run_due_after_the_transition_date_proposes_strike_offs_and_then_waits(
    services: Services, clock: MovableClock
) -> None:
    """Decided in September 2027, each period is judged by when it ended: short in a period
    that ended before 1 August 2027 (also the one ending 31 July 2027) is annotated, short in
    a period that ended later gets a strike-off proposal (the teacher is heard first), no
    strike-off; the next run leaves those periods alone and counts them."""
    _register_cohort(services)
    register = services.register
    edge = demo_like_teacher(register, registered_on=date(2023, 8, 1))
    for day in (10, 11):
        demo_like_teacher(register, registered_on=date(2023, 8, day))
    clock.today = date(2027, 9, 1)
    report = register.run_due(date(2027, 9, 1), ctx=REGISTRAR)
    assert report.outcomes == {"annotated": 5, "re_registered": 2}
    assert (report.decided, report.proposed, report.awaiting_hearing) == (7, 2, 0)
    decided = register.get_teacher(edge.teacher_id).decisions
    assert [d["outcome"] for d in decided] == ["annotated"]
    again = register.run_due(date(2027, 9, 1), ctx=REGISTRAR)
    assert (again.decided, again.proposed, again.awaiting_hearing) == (0, 0, 2)
    assert again.to_dict()["awaiting_hearing"] == 2


def test_progress_shows_hours_by_category_requirements_and_shortfall(services: Services) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2023, 7, 1))
    answer = services.register.progress(teacher.teacher_id)
    (q,) = answer["qualifications"]
    assert (q["period_end"], q["hours_total"]) == ("2027-06-30", "120.0")
    assert q["hours_by_area"]["subject_matter"] == "60.0"
    assert q["hours_by_kind"]["course"] == "24.0"
    total = next(r for r in q["requirements"] if r["criterion"] == "total_hours")
    assert (total["required"], total["shortfall"], total["met"]) == ("160.0", "40.0", False)
    assert answer["policy"]["version"] == 1


def test_impact_of_a_draft_counts_the_outcomes_that_would_change(services: Services) -> None:
    cohort = _register_cohort(services)
    analysis = services.register.impact(
        lower_minimum(),
        due_from=date(2021, 1, 1),
        due_to=date(2027, 12, 31),
        effective_from=date(2021, 1, 1),
        page_rows=9,
    )
    assert analysis["qualifications"] == 6
    assert (analysis["governed"], analysis["better"], analysis["worse"]) == (6, 4, 0)
    assert analysis["current"] == {"re_registered": 2, "annotated": 4, "struck_off": 0}
    assert analysis["with_draft"] == {"re_registered": 6, "annotated": 0, "struck_off": 0}
    assert analysis["changed"] == 4
    assert analysis["transitions"] == {"annotated->re_registered": 4}
    changed = {c["teacher_id"] for c in analysis["changes"]}
    short = {str(t.teacher_id) for t in cohort["short"] + cohort["not_due"]}  # type: ignore[attr-defined]
    assert changed == short
    assert services.register.head_position() > 0


def test_a_draft_governs_only_periods_that_begin_after_it_unless_it_says_otherwise(
    services: Services,
) -> None:
    """Taking effect tomorrow, a draft governs no period already running; declaring
    ``governs_running_periods`` it governs those running on its effective date, and the
    analysis splits the changes into better and worse."""
    _register_cohort(services)
    register = services.register
    plain = register.impact(lower_minimum(), due_from=date(2021, 1, 1), due_to=date(2027, 12, 31))
    assert (plain["governed"], plain["changed"]) == (0, 0)
    assert plain["with_draft"] == plain["current"]
    milder = document(
        version=2,
        min_total_hours=100,
        area_minimums=[{"areas": ["subject_matter", "didactics", "pedagogy"], "min_hours": 80}],
        governs_running_periods=True,
    )
    running = register.impact(milder, due_from=date(2027, 1, 1), due_to=date(2027, 12, 31))
    assert (running["governed"], running["better"], running["worse"]) == (1, 1, 0)
    stricter = document(version=2, min_total_hours=300, governs_running_periods=True)
    worse = register.impact(stricter, due_from=date(2027, 1, 1), due_to=date(2027, 12, 31))
    assert (worse["governed"], worse["worse"]) == (1, 0)


def test_impact_window_selects_by_period_end(services: Services) -> None:
    _register_cohort(services)
    analysis = services.register.impact(
        document(version=2, min_total_hours=200),
        due_from=date(2027, 1, 1),
        due_to=date(2027, 12, 31),
    )
    assert analysis["qualifications"] == 1
    assert analysis["changed"] == 0


def test_impact_refuses_a_faulty_draft_or_window(services: Services) -> None:
    with pytest.raises(InvalidInputError):
        services.register.impact(
            document(version=2, counted_kinds=[]),
            due_from=date(2026, 1, 1),
            due_to=date(2027, 1, 1),
        )
    with pytest.raises(InvalidInputError):
        services.register.impact(
            lower_minimum(), due_from=date(2027, 1, 1), due_to=date(2026, 1, 1)
        )


def test_the_version_that_governs_a_period_never_depends_on_the_decision_date(
    services: Services, clock: MovableClock
) -> None:
    """For every period start and every two decision days after the period's end, the same
    version governs (a version that declares it governs running periods included)."""
    register = services.register
    consulted = {"with": ["AOb"], "held_on": "2026-11-20"}
    register.draft_criteria(
        DraftCriteria(raw=document(version=2, governs_running_periods=True)), ctx=STANDARDS
    )
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=2, effective_from=date(2026, 12, 1), consultation=consulted),
        ctx=STANDARDS,
    )
    register.draft_criteria(DraftCriteria(raw=document(version=3)), ctx=STANDARDS)
    register.adopt_criteria(
        "reregistration",
        AdoptCriteria(version=3, effective_from=date(2027, 6, 1), consultation=consulted),
        ctx=STANDARDS,
    )
    book = register.criteria_book("reregistration")

    @settings(max_examples=60, deadline=None)
    @given(
        st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 1, 1)),
        st.integers(min_value=1, max_value=3000),
        st.integers(min_value=1, max_value=3000),
    )
    def check(start: date, first: int, second: int) -> None:
        end = register.criteria_of_period(book, start, (), date(2040, 1, 1)).criteria
        last = period_end(start, end, ())
        one = register.criteria_of_period(book, start, (), last + timedelta(days=first))
        two = register.criteria_of_period(book, start, (), last + timedelta(days=second))
        assert (one.version.version, one.governs) == (two.version.version, two.governs)

    check()
