"""Each read model folds the log into what its readers need, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest

from api.bootstrap import Services
from domain.commands import CorrectPersonalData, RecordLeave, WithdrawActivity
from domain.errors import InvalidInputError
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor, Cost, Name
from projections import costs, decisions, portfolio, public_register_queries, staff
from tests.projection_helpers import (
    REGISTRAR,
    activity,
    admit,
    appointment,
    decide,
    qualification_ids,
    revoke,
)


def test_public_register_finds_by_prefix_case_and_accents(services: Services) -> None:
    """ "ünal" finds Ünal, "vries" finds de Vries, and "ber" finds van den Berg."""
    reg = services.register
    admit(reg, name=Name("E.", "Elif", "", "Ünal"))
    admit(reg, name=Name("J.", "Jan", "de", "Vries"))
    admit(reg, name=Name("K.", "Kees", "van den", "Berg"))
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:

        def names(query: str) -> list[str]:
            return [
                e["name"]["family_name"] for e in public_register_queries.search(db, name=query)
            ]

        assert names("ünal") == ["Ünal"]
        assert names("UNAL") == ["Ünal"]
        assert names("vries") == ["Vries"]
        assert names("de vries") == ["Vries"]
        assert names("van der vries") == []
        assert names("ber") == ["Berg"]
        assert names("van den Berg") == ["Berg"]
        with pytest.raises(InvalidInputError):
            public_register_queries.search(db, name="de v")


def test_public_register_keeps_dated_history_and_annotations(services: Services) -> None:
    """Strike-off, reinstatement and a revoked decision appear as dated intervals."""
    reg = services.register
    tid = admit(reg, registered_on=date(2020, 8, 1)).aggregate_id
    qid = qualification_ids(reg, tid)[0]
    decide(
        reg,
        tid,
        Teacher.Annotated,
        qid,
        decision_id="d1",
        decided_on=date(2024, 8, 1),
        new_period_start=date(2024, 8, 1),
    )
    decide(
        reg,
        tid,
        Teacher.StruckOff,
        qid,
        decision_id="d2",
        decided_on=date(2025, 1, 10),
        ground="own_request",
        effective_on=date(2025, 2, 1),
    )
    decide(
        reg,
        tid,
        Teacher.Reinstated,
        qid,
        decision_id="d3",
        decided_on=date(2025, 9, 1),
        new_period_start=date(2025, 9, 1),
    )
    services.projections.catch_up_all()
    number = reg.get_teacher(tid).register_number
    with services.projections.readers.connection() as db:
        found = public_register_queries.entry(db, number)
        assert found is not None
        q = found["qualifications"][0]
        assert q["status"] == "registered"
        # A new period of the same status is no public change (its first day would reveal
        # the period end, and with it leave): the intervals change with the status only.
        assert [(h["status"], h["from"], h["to"]) for h in q["history"]] == [
            ("registered", "2020-08-01", "2025-01-31"),
            ("struck_off", "2025-02-01", "2025-08-31"),
            ("registered", "2025-09-01", None),
        ]
        assert q["since"] == "2025-09-01"
        assert [(a["kind"], a["on"], a["ground"]) for a in q["annotations"]] == [
            ("annotation", "2024-08-01", None),
            ("strike_off", "2025-02-01", "own_request"),
        ]
        then = public_register_queries.entry(db, number, on=date(2025, 3, 1))
        assert then is not None
        assert then["qualifications"][0]["status"] == "struck_off"
        assert public_register_queries.entry(db, number, on=date(2019, 1, 1)) is None
    # A well-founded objection against the strike-off removes it from history.
    revoke(
        reg,
        tid,
        qid,
        "d2",
        status="registered",
        period_start=date(2024, 8, 1),
        on=date(2024, 8, 1),
    )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        found = public_register_queries.entry(db, number)
        assert found is not None
        q = found["qualifications"][0]
        assert all(h["status"] == "registered" for h in q["history"])
        assert [a["kind"] for a in q["annotations"]] == ["annotation"]


def test_approved_leave_moves_the_work_list_period_end_but_the_public_entry_shows_none(
    services: Services,
) -> None:
    """Approved leave moves the period end the registrar's work list uses; the public entry
    carries no period end at all, and the teacher's pending report moves nothing."""
    reg = services.register
    tid = admit(reg, registered_on=date(2022, 9, 1)).aggregate_id
    reg.record_leave(
        tid,
        RecordLeave(kind="parental", start=date(2023, 1, 1), end=date(2023, 1, 10)),
        ctx=REGISTRAR,
    )
    own = Context(Actor("teacher", str(tid)), reason="ziek gemeld")
    reg.record_leave(
        tid, RecordLeave(kind="sickness", start=date(2024, 1, 1), end=date(2024, 3, 1)), ctx=own
    )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        found = public_register_queries.entry(db, reg.get_teacher(tid).register_number)
        assert found is not None
        assert "period_end" not in json.dumps(found)
        (row,) = db.fetchall("SELECT period_end FROM public_register_qualification")
        assert row[0] == "2026-09-10"


def test_portfolio_counts_hours_of_the_current_period(services: Services) -> None:
    """Hours by kind, area and validation, withdrawn and out-of-period activities excluded."""
    reg = services.register
    tid = admit(reg, registered_on=date(2022, 9, 1)).aggregate_id
    activity(reg, tid, hours="4", kind="course", areas=["didactics", "pedagogy"])
    activity(reg, tid, hours="2.5", kind="lesson_visit", offering_id="off-1")
    gone = activity(reg, tid, hours="8").data["activity_id"]
    activity(reg, tid, hours="16", occurred_on=date(2021, 1, 1))
    reg.withdraw_activity(tid, WithdrawActivity(activity_id=gone), ctx=REGISTRAR)
    appointment(reg, tid, "10001")
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        found = portfolio.summary(db, str(tid))
    assert found is not None
    hours = found["qualifications"][0]["hours"]
    assert str(hours["total"]) == "6.5"
    assert str(hours["validated"]) == "2.5"
    assert {k: str(v) for k, v in hours["by_kind"].items()} == {
        "course": "4",
        "lesson_visit": "2.5",
    }
    assert str(hours["by_area"]["didactics"]) == "6.5"
    assert str(hours["by_area"]["pedagogy"]) == "4"
    assert len(found["activities"]) == 4
    assert found["appointments"][0]["board_number"] == "10001"


def test_staff_shows_who_may_teach(services: Services) -> None:
    """A struck-off qualification may not be taught on; the employer sees it."""
    reg = services.register
    tid = admit(
        reg,
        qualifications=[
            {"sector": "vo", "subject": "wiskunde", "basis": "diploma"},
            {"sector": "vo", "subject": "natuurkunde", "basis": "in_training"},
        ],
    ).aggregate_id
    other = admit(reg, name=Name("B.", "Bram", "", "Bakker")).aggregate_id
    appointment(reg, tid, "20001")
    appointment(reg, other, "20002")
    maths = qualification_ids(reg, tid)[0]
    decide(
        reg,
        tid,
        Teacher.StruckOff,
        maths,
        decision_id="s1",
        decided_on=date(2026, 1, 5),
        ground="incorrect_data",
        effective_on=date(2026, 1, 5),
    )
    reg.correct_personal_data(
        tid,
        CorrectPersonalData(name=Name("A.", "Anna", "", "Visser"), birth_date=None),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        rows = staff.staff(db, "20001", on=date(2026, 11, 28))
    assert [r["name"]["family_name"] for r in rows] == ["Visser"]
    assert [(q["subject"], q["status"], q["may_teach"]) for q in rows[0]["qualifications"]] == [
        ("wiskunde", "struck_off", False),
        ("natuurkunde", "preregistered", True),
    ]
    assert rows[0]["appointments"][0]["current"] is True


def test_decisions_are_kept_by_teacher_kind_and_deadline(services: Services) -> None:
    """Every receipt is kept; a revoked decision is marked, not removed."""
    reg = services.register
    tid = admit(reg).aggregate_id
    qid = qualification_ids(reg, tid)[0]
    decide(
        reg,
        tid,
        Teacher.StruckOff,
        qid,
        decision_id="k1",
        decided_on=date(2026, 11, 1),
        ground="own_request",
        effective_on=date(2026, 11, 1),
    )
    revoke(
        reg, tid, qid, "k1", status="registered", period_start=date(2022, 9, 1), on=date(2022, 9, 1)
    )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        record = decisions.get(db, "k1")
        assert record is not None
        assert record["receipt"]["outcome"] == "struck_off"
        assert record["objection_deadline"] == "2026-12-13"
        assert record["revoked"] is True
        assert [d["decision_id"] for d in decisions.of_teacher(db, str(tid))] == ["k1"]
        assert [d["decision_id"] for d in decisions.of_kind(db, "strike_off")] == ["k1"]
        assert decisions.open_for_objection(db, date(2026, 11, 28)) == []


def test_costs_follow_the_employer_at_the_activity_date(services: Services) -> None:
    """Costs count per year, sector, employer and payer; a later appointment moves them."""
    reg = services.register
    tid = admit(reg).aggregate_id
    activity(reg, tid, occurred_on=date(2023, 3, 1), cost=_cost("250.00", "employer"))
    activity(reg, tid, occurred_on=date(2024, 3, 1), cost=_cost("99.50", "teacher"))
    withdrawn = activity(reg, tid, occurred_on=date(2024, 4, 1), cost=_cost("10.00", "teacher"))
    reg.withdraw_activity(
        tid, WithdrawActivity(activity_id=withdrawn.data["activity_id"]), ctx=REGISTRAR
    )
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        rows, _ = costs.totals(db)
    assert {
        (r["year"], r["board_number"], r["payer"], r["total_cents"], r["count"]) for r in rows
    } == {
        (2023, None, "employer", 25000, 1),
        (2024, None, "teacher", 9950, 1),
    }
    appointment(reg, tid, "30001", start=date(2024, 1, 1))
    services.projections.catch_up_all()
    with services.projections.readers.connection() as db:
        rows, sums = costs.totals(db)
        own, _ = costs.totals(db, board_number="30001")
    assert {(r["year"], r["board_number"]) for r in rows} == {(2023, None), (2024, "30001")}
    assert [(r["year"], r["total_cents"]) for r in own] == [(2024, 9950)]
    assert sums["payer"] == [
        {"payer": "employer", "total_cents": 25000, "count": 1},
        {"payer": "teacher", "total_cents": 9950, "count": 1},
    ]
    assert sums["sector"] == [{"sector": "vo", "total_cents": 34950, "count": 2}]


def _cost(amount: str, payer: str) -> Cost:
    return Cost(Decimal(amount), payer)
