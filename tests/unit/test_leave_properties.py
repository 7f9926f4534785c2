"""Properties of checked leave on the teacher file (no database): a teacher's own report,
until the registrar approves it, changes no period end and no fact a decision uses."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from domain.assessment import leave_facts
from domain.commands import RecordLeave
from domain.teacher import Teacher
from domain.values import Actor
from tests.unit.test_teacher import REGISTRAR, TODAY, admit

FEW = settings(max_examples=60, deadline=None)
KINDS = ("pregnancy_and_maternity", "parental", "sickness", "care")
days = st.dates(min_value=date(2012, 1, 1), max_value=TODAY)


@st.composite
def spans(draw: st.DrawFn) -> tuple[str, date, date]:
    start = draw(days)
    length = draw(st.integers(min_value=0, max_value=800))
    return draw(st.sampled_from(KINDS)), start, start + timedelta(days=length)


def _file(registered_on: date, approved: list[tuple[str, date, date]]) -> Teacher:
    teacher = admit(
        registered_on=registered_on,
        qualifications=[
            {"qualification_id": "q1", "sector": "po", "basis": "diploma"},
            {
                "qualification_id": "q2",
                "sector": "vo",
                "subject": "natuurkunde",
                "basis": "in_training",
            },
        ],
    )
    for i, (kind, start, end) in enumerate(approved):
        teacher.record_leave(
            RecordLeave(kind=kind, start=start, end=end),
            leave_id=f"approved-{i}",
            today=TODAY,
            actor=REGISTRAR,
            reason=None,
            correlation_id="c",
        )
    return teacher


def _ends(teacher: Teacher) -> dict[str, date]:
    return {qid: teacher.period_end(qid) for qid in teacher.qualifications}


@FEW
@given(
    st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 1, 1)),
    st.lists(spans(), max_size=3),
    st.lists(spans(), min_size=1, max_size=3),
    st.booleans(),
)
def test_adding_an_unapproved_leave_never_changes_a_period_end(
    registered_on: date,
    approved: list[tuple[str, date, date]],
    reported: list[tuple[str, date, date]],
    reject: bool,
) -> None:
    """However much leave a teacher reports, pending or rejected it moves no period end and
    adds nothing to the facts a decision is made on."""
    teacher = _file(registered_on, approved)
    before, facts_before = _ends(teacher), leave_facts(teacher)
    me = Actor("teacher", str(teacher.id))
    for i, (kind, start, end) in enumerate(reported):
        teacher.record_leave(
            RecordLeave(kind=kind, start=start, end=end),
            leave_id=f"reported-{i}",
            today=TODAY,
            actor=me,
            reason="gemeld",
            correlation_id="c",
        )
        if reject:
            teacher.reject_leave(
                leave_id=f"reported-{i}",
                actor=REGISTRAR,
                reason="geen verklaring",
                correlation_id="c",
            )
    assert _ends(teacher) == before
    assert [f for f in leave_facts(teacher) if f.approved] == list(facts_before)


@FEW
@given(st.dates(min_value=date(2012, 1, 1), max_value=date(2026, 1, 1)), spans())
def test_approval_extends_by_the_overlap_only(
    registered_on: date, reported: tuple[str, date, date]
) -> None:
    """Approved, the leave extends the period by at most its own length, and not at all when
    it lies wholly outside the period it could reach."""
    teacher = _file(registered_on, [])
    before = teacher.period_end("q1")
    kind, start, end = reported
    teacher.record_leave(
        RecordLeave(kind=kind, start=start, end=end),
        leave_id="l",
        today=TODAY,
        actor=Actor("teacher", str(teacher.id)),
        reason=None,
        correlation_id="c",
    )
    teacher.approve_leave(leave_id="l", actor=REGISTRAR, reason=None, correlation_id="c")
    after = teacher.period_end("q1")
    assert before <= after <= before + timedelta(days=(end - start).days + 1)
    if end < registered_on or start > after:
        assert after == before
