"""Engine 3.0.0: a peer activity confirmed by a colleague at the same board counts as
evidenced, and the trace names the confirmation."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from policies.engines import CURRENT, ENGINES, v2, v3
from policies.peers import expires_on, has_expired, shared_boards
from tests.unit.policies.factories import activity, criteria_with, sufficient

ON = date(2026, 11, 28)
STRICT = criteria_with(non_validated={"requires_evidence": True, "requires_reflection": False})


def _visit(*, confirmation: str | None, same_board: bool):  # type: ignore[no-untyped-def]
    return replace(
        activity(20, 8, kind="lesson_visit", validated=False, evidence=False),
        peer_confirmation=confirmation,
        peer_same_board=same_board,
    )


def _entry(verdict, name):  # type: ignore[no-untyped-def]
    return next((e for e in verdict.trace if e.criterion == name), None)


def test_engine_3_decides_today_and_2_stays_for_reproduction() -> None:
    """Both engines are importable by the version their receipts name."""
    assert CURRENT == "3.0.0"
    assert {"1.0.0", "2.0.0", "3.0.0"} <= set(ENGINES)


def test_a_confirmed_visit_without_evidence_counts_as_evidenced() -> None:
    """Engine 2.0.0 excludes it for want of evidence; engine 3.0.0 counts it and names the
    event that recorded the confirmation."""
    facts = sufficient()
    facts = replace(
        facts,
        activities=(
            *facts.activities,
            _visit(confirmation="teacher-1/30", same_board=True),
        ),
    )
    before = v2.evaluate(facts, STRICT, ON)
    assert _entry(before, "activities_excluded:no_evidence") is not None
    now = v3.evaluate(facts, STRICT, ON)
    assert "teacher-1/20" in _entry(now, "activities_counted").evidence
    confirmed = _entry(now, "activities_peer_confirmed")
    assert (confirmed.actual, confirmed.evidence) == ("1", ("teacher-1/30",))
    assert now.trace[-1].criterion == "transition"
    assert _entry(now, "total_hours").actual == "168.0"


def test_a_confirmation_not_at_the_same_board_counts_as_before() -> None:
    """Marked "not at the same board": the activity is judged on its own evidence, and the
    trace lists the marked confirmation apart."""
    facts = sufficient()
    facts = replace(
        facts,
        activities=(*facts.activities, _visit(confirmation="teacher-1/31", same_board=False)),
    )
    now = v3.evaluate(facts, STRICT, ON)
    assert "teacher-1/20" in _entry(now, "activities_excluded:no_evidence").evidence
    assert _entry(now, "activities_peer_confirmed") is None
    assert _entry(now, "activities_peer_not_same_board").evidence == ("teacher-1/31",)


def test_without_confirmations_engine_3_judges_as_engine_2() -> None:
    """Facts with no confirmation give the very verdict of engine 2.0.0."""
    facts = sufficient()
    assert v3.evaluate(facts, STRICT, ON) == v2.evaluate(facts, STRICT, ON)


def test_the_term_and_the_boards_in_common() -> None:
    """A request made on 28 November can be answered until 26 December, not after; boards
    count only where the appointments overlap in time."""
    last = expires_on(ON)
    assert last == date(2026, 12, 26)
    assert not has_expired(last, last)
    assert has_expired(last, date(2026, 12, 27))
    mine = [("41234", date(2015, 8, 1), None), ("47777", date(2010, 8, 1), date(2012, 7, 31))]
    theirs = [("47777", date(2013, 8, 1), None), ("41234", date(2020, 8, 1), date(2021, 7, 31))]
    assert shared_boards(mine, theirs) == ["41234"]
    assert shared_boards(mine, [("49999", date(2015, 8, 1), None)]) == []
