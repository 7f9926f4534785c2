"""The demand signal's hours criteria are the engine's: same names, same minimums, for any
criteria document the profession may adopt."""

from __future__ import annotations

from datetime import date

import pytest

from domain.demand import hours_criteria
from policies import evaluate
from policies.verdict import INFORMATIONAL
from tests.unit.policies.factories import criteria_with, qualification

CRITERIA = criteria_with(
    area_minimums=[
        {"areas": ["subject_matter", "didactics", "pedagogy"], "min_hours": 100},
        {"areas": ["professional"], "min_hours": 10},
    ],
    sector_minimums=[
        {"sector": "vo", "areas": ["subject_matter"], "min_hours": 40},
        {"sector": "po", "areas": ["pedagogy", "didactics"], "min_hours": 30},
    ],
)


@pytest.mark.parametrize("sector", ["po", "vo", "mbo"])
def test_every_hours_criterion_the_engine_judges_is_a_cell(sector: str) -> None:
    """The names are the trace's hours entries, in its order; work experience is left out."""
    verdict = evaluate(qualification(sector=sector), CRITERIA, date(2026, 1, 1))
    judged = [
        r.criterion
        for r in verdict.trace
        if r.required != INFORMATIONAL and r.criterion != "work_experience"
    ]
    assert [c.name for c in hours_criteria(CRITERIA, sector)] == judged


def test_a_cell_names_the_competence_areas_that_count_for_it() -> None:
    found = {c.name: c.competence_areas for c in hours_criteria(CRITERIA, "po")}
    assert found == {
        "total_hours": (),
        "areas:didactics+pedagogy+subject_matter": ("didactics", "pedagogy", "subject_matter"),
        "areas:professional": ("professional",),
        "sector:po:didactics+pedagogy": ("didactics", "pedagogy"),
    }
