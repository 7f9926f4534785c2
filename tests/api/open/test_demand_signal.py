"""The demand signal over HTTP (issue 18, item 4): per sector and hours criterion, how many
teachers whose period ends in the next twelve months fall short and by how much, counted as a
decision counts, with no cell under ten persons; on both stores."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands import RecordActivity, RecordLeave, WithdrawActivity
from domain.commands.offerings import ValidateOffering
from domain.commands.peers import AnswerPeerRequest, RequestPeerConfirmation
from domain.register import Context
from domain.teacher import Teacher
from domain.values import Actor, Name
from policies.periods import add_years
from tests.api.web.conftest import Browser
from tests.api.web.test_standards_pages import english
from tests.conftest import TODAY
from tests.decision_helpers import EVIDENCE
from tests.procedure_helpers import VALIDATOR, admitted_provider, offering
from tests.projection_helpers import REGISTRAR, admit, appointment

URL = "/api/demand-signal"
UNTIL = add_years(TODAY, 1) - timedelta(days=1)
#: A period from this day ends on 2027-02-28: inside the window.
IN_WINDOW = date(2023, 3, 1)
TokenFor = Callable[..., dict[str, str]]
_names = iter(range(1_000_000))


@pytest.fixture
def browser(client: TestClient, services: Services) -> Browser:
    return Browser(client, services)


def _teacher(
    services: Services,
    *,
    sector: str = "vo",
    subjects: tuple[str, ...] = ("wiskunde",),
    registered_on: date = IN_WINDOW,
) -> tuple[UUID, list[str]]:
    quals = [
        {"sector": sector, "basis": "diploma", **({"subject": s} if sector != "po" else {})}
        for s in subjects
    ]
    n = next(_names)
    answer = admit(
        services.register,
        name=Name("B.", "Bram", "", f"Vraag{n}"),
        qualifications=quals,
        registered_on=registered_on,
        rng=random.Random(1000 + n),
    )
    return answer.aggregate_id, [q["qualification_id"] for q in answer.data["qualifications"]]


def _activity(
    services: Services,
    teacher_id: UUID,
    hours: str,
    areas: list[str],
    *,
    on: date = date(2024, 5, 1),
    evidence: str | None = EVIDENCE,
    offering_id: str | None = None,
    qualification_ids: list[str] | None = None,
) -> str:
    answer = services.register.record_activity(
        teacher_id,
        RecordActivity(
            kind="course",
            title="Cursus",
            occurred_on=on,
            contact_hours=Decimal(hours),
            self_study_hours=Decimal(0),
            competence_areas=areas,
            offering_id=offering_id,
            evidence=evidence,
            qualification_ids=qualification_ids,
        ),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )
    return str(answer.data["activity_id"])


def _signal(client: TestClient, token_for: TokenFor, **headers: str) -> dict[str, Any]:
    response = client.get(URL, headers={**token_for("provider", "acme-academie"), **headers})
    assert response.status_code == 200, response.text
    return dict(response.json())


def _cell(doc: dict[str, Any], sector: str, criterion: str) -> dict[str, Any]:
    return next(c for c in doc["cells"] if (c["sector"], c["criterion"]) == (sector, criterion))


def _expected_from_progress(services: Services, teacher_ids: list[UUID]) -> dict[tuple, Any]:
    """The cells as each teacher's own progress (the engine through the event store) gives
    them: per sector and hours criterion, each person's largest shortfall."""
    cells: dict[tuple[str, str], dict[UUID, Decimal]] = defaultdict(dict)
    for tid in teacher_ids:
        for q in services.register.progress(tid)["qualifications"]:
            if q["status"] != "registered":
                continue
            if not TODAY <= date.fromisoformat(q["period_end"]) <= UNTIL:
                continue
            shortfalls = {
                r["criterion"]: Decimal(r["shortfall"])
                for r in q["requirements"]
                if r["criterion"] != "work_experience"
            }
            shortfalls["any"] = max(shortfalls.values())
            for criterion, short in shortfalls.items():
                cell = cells[(q["sector"], criterion)]
                cell[tid] = max(cell.get(tid, Decimal(0)), short)
    expected = {}
    for key, persons in cells.items():
        short = sorted(v for v in persons.values() if v > 0)
        shown = len(persons) >= 10 and len(short) >= 10
        total = sum(short, Decimal(0))
        middle = len(short) // 2
        median = (
            Decimal(0)  # nobody short: withheld anyway
            if not short
            else short[middle]
            if len(short) % 2
            else (short[middle - 1] + short[middle]) / 2
        )
        expected[key] = {
            "teachers": len(persons) if len(persons) >= 10 else None,
            "falling_short": len(short) if shown else None,
            "hours_short_total": total if shown else None,
            "hours_short_mean": (total / len(short)).quantize(Decimal("0.1")) if shown else None,
            "hours_short_median": median.quantize(Decimal("0.1")) if shown else None,
            "suppressed": not shown,
        }
    return expected


def _figures(cell: dict[str, Any]) -> dict[str, Any]:
    hours = ("hours_short_total", "hours_short_mean", "hours_short_median")
    return {
        **{k: cell[k] for k in ("teachers", "falling_short", "suppressed")},
        **{k: None if cell[k] is None else Decimal(cell[k]) for k in hours},
    }


def test_the_figures_equal_each_teachers_own_progress(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Withdrawn, other-qualification and not-yet-validated activities, leave,
    two periods in one sector: the signal counts each as the engine counts the teacher's own
    progress from the event store."""
    register = services.register
    admitted_provider(register)
    validated = offering(register)
    register.validate_offering(validated, ValidateOffering(), ctx=VALIDATOR)
    rng = random.Random(18)
    ids: list[UUID] = []
    areas = ["subject_matter", "didactics", "pedagogy", "professional"]
    for i in range(14):
        tid, quals = _teacher(
            services, subjects=("wiskunde", "natuurkunde") if i < 3 else ("wiskunde",)
        )
        ids.append(tid)
        for _ in range(rng.randint(1, 4)):
            _activity(services, tid, str(rng.randint(5, 45)), rng.sample(areas, rng.randint(1, 2)))
        if i % 3 == 0:  # withdrawn: no longer counts
            withdrawn = _activity(services, tid, "60", ["subject_matter"])
            register.withdraw_activity(tid, WithdrawActivity(activity_id=withdrawn), ctx=REGISTRAR)
        if i % 4 == 2:  # the offering was not yet validated on that day: counts on evidence
            _activity(services, tid, "8", ["didactics"], offering_id=validated)
        if i % 5 == 0:  # validated on the activity's day: counts without evidence
            _activity(
                services,
                tid,
                "8",
                ["subject_matter"],
                on=TODAY,
                evidence=None,
                offering_id=validated,
            )
        if len(quals) == 2:  # counts for natuurkunde only: wiskunde is short by more
            _activity(services, tid, "50", ["subject_matter"], qualification_ids=[quals[1]])
        if i == 5:  # 200 hours of everything: meets every hours criterion
            _activity(services, tid, "200", ["subject_matter", "didactics"])
        if i == 6:  # approved leave lengthens the period, still inside the window
            register.record_leave(
                tid,
                RecordLeave(kind="sickness", start=date(2024, 1, 1), end=date(2024, 2, 29)),
                ctx=REGISTRAR,
            )
            _activity(services, tid, "20", ["pedagogy"], on=date(2024, 3, 1))
    for _ in range(11):
        tid, _quals = _teacher(services, sector="po", subjects=("",))
        ids.append(tid)
        _activity(services, tid, str(rng.randint(10, 150)), rng.sample(areas, 2))
    services.projections.catch_up_all()

    doc = _signal(client, token_for)

    expected = _expected_from_progress(services, ids)
    assert {(c["sector"], c["criterion"]) for c in doc["cells"]} == set(expected)
    for cell in doc["cells"]:
        assert _figures(cell) == expected[(cell["sector"], cell["criterion"])], cell
    vo_total = _cell(doc, "vo", "total_hours")
    assert (vo_total["teachers"], vo_total["suppressed"]) == (14, False)
    assert vo_total["falling_short"] == 12  # two reach the 160 hours
    assert _cell(doc, "vo", "sector:vo:subject_matter")["competence_areas"] == ["subject_matter"]
    assert _cell(doc, "po", "any")["teachers"] == 11
    assert doc["periods"] == 14 + 3 + 11
    assert (doc["on"], doc["periods_ending_until"]) == (TODAY.isoformat(), UNTIL.isoformat())
    assert "Vraag" not in str(doc)


BOARD = "40001"


def _stored_visit(services: Services, teacher_id: UUID, hours: str) -> str:
    """A lesson visit without evidence, as stored before issue 13 made evidence required when
    recording (the event is triggered directly: today's command refuses it)."""
    activity_id = str(uuid4())

    def change(t: Teacher) -> dict[str, Any]:
        t.trigger_event(
            Teacher.ActivityRecorded,
            activity_id=activity_id,
            kind="lesson_visit",
            title="Lesbezoek",
            occurred_on=date(2024, 6, 12),
            contact_hours=Decimal(hours),
            self_study_hours=Decimal(0),
            competence_areas=["didactics"],
            offering_id=None,
            evidence=None,
            reflection=None,
            cost=None,
            actor=Actor("teacher", str(teacher_id)),
            reason=None,
            correlation_id="test",
        )
        return {}

    services.register._change_teacher(
        teacher_id, REGISTRAR, {"visit": activity_id}, change, commutes=False, event_name="x"
    )
    return activity_id


def _peer_teachers(
    services: Services, count: int, visit_hours: str, *, board: str = BOARD
) -> list[tuple[UUID, str]]:
    """Teachers in the window at ``board`` with 100 evidenced hours and a lesson visit of
    ``visit_hours`` without evidence: it counts only once a colleague at the same board
    confirms it (engine 3.0.0)."""
    made = []
    for _ in range(count):
        tid, _quals = _teacher(services)
        appointment(services.register, tid, board)
        _activity(services, tid, "100", ["subject_matter"])
        made.append((tid, _stored_visit(services, tid, visit_hours)))
    return made


def _colleague(services: Services, board: str) -> UUID:
    """A colleague at ``board`` whose own period ends outside the window."""
    tid, _ = _teacher(services, registered_on=date(2024, 6, 1))
    appointment(services.register, tid, board)
    return tid


def _confirm(services: Services, teacher_id: UUID, visit: str, colleague_id: UUID) -> int:
    """The teacher asks the colleague to confirm the visit and the colleague confirms: the
    position of the answer."""
    register = services.register
    number = register.get_teacher(colleague_id).register_number
    asked = register.request_peer_confirmation(
        teacher_id,
        RequestPeerConfirmation(activity_id=visit, colleague_register_number=number),
        ctx=Context(Actor("teacher", str(teacher_id))),
    )
    answered = register.answer_peer_request(
        colleague_id,
        AnswerPeerRequest(
            request_id=str(asked.data["request_id"]), answer="confirmed", remark=None
        ),
        ctx=Context(Actor("teacher", str(colleague_id))),
    )
    return int(answered.position)


def test_a_peer_activity_confirmed_at_the_same_board_counts_as_in_a_decision(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Ten lesson visits of 10 hours without evidence do not count; once a colleague at the
    same board confirms each (after the read model had the visits), they count as evidenced,
    as in each teacher's own progress and a decision taken today (engine 3.0.0)."""
    teachers = _peer_teachers(services, 10, "10")
    colleague = _colleague(services, BOARD)
    services.projections.catch_up_all()
    before = _cell(_signal(client, token_for), "vo", "total_hours")
    assert (before["falling_short"], before["hours_short_total"]) == (10, "600.0")

    position = 0
    for tid, visit in teachers:
        position = _confirm(services, tid, visit, colleague)
    services.projections.catch_up_all()
    doc = _signal(client, token_for, **{"X-Min-Position": str(position)})

    total = _cell(doc, "vo", "total_hours")
    assert (total["teachers"], total["falling_short"]) == (10, 10)
    assert (total["hours_short_total"], total["hours_short_mean"]) == ("500.0", "50.0")
    ids = [tid for tid, _ in teachers]
    expected = _expected_from_progress(services, ids)
    for cell in doc["cells"]:
        assert _figures(cell) == expected[(cell["sector"], cell["criterion"])], cell


def test_a_confirmation_not_at_the_same_board_does_not_count(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Ten visits of 10 hours confirmed at the same board and ten of 7 hours confirmed by a
    colleague at another board (marked "not at the same board"): only the first ten count,
    as in each teacher's own progress."""
    same = _peer_teachers(services, 10, "10")
    other = _peer_teachers(services, 10, "7")
    here, elsewhere = _colleague(services, BOARD), _colleague(services, "49999")
    for tid, visit in same:
        _confirm(services, tid, visit, here)
    for tid, visit in other:
        _confirm(services, tid, visit, elsewhere)
    services.projections.catch_up_all()

    doc = _signal(client, token_for)

    total = _cell(doc, "vo", "total_hours")
    assert (total["teachers"], total["falling_short"]) == (20, 20)
    # 10 x (160 - 110) + 10 x (160 - 100): the 7-hour visits do not count
    assert total["hours_short_total"] == "1100.0"
    expected = _expected_from_progress(services, [tid for tid, _ in same + other])
    for cell in doc["cells"]:
        assert _figures(cell) == expected[(cell["sector"], cell["criterion"])], cell


def test_a_cell_under_ten_persons_is_suppressed_and_says_so(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Nine po teachers: nothing shown. Twelve vo teachers of whom nine fall short: the count
    of twelve is shown, who falls short and by how much is not."""
    for _ in range(9):
        _teacher(services, sector="po", subjects=("",))
    for i in range(12):
        tid, _ = _teacher(services)
        if i < 3:
            _activity(services, tid, "160", ["subject_matter"])
    services.projections.catch_up_all()

    doc = _signal(client, token_for)

    assert doc["min_cell"] == 10
    po = _cell(doc, "po", "any")
    figures = ("teachers", "falling_short", "hours_short_total", "hours_short_mean")
    assert [po[k] for k in figures] == [None] * len(figures)
    assert po["suppressed"] is True
    vo = _cell(doc, "vo", "total_hours")
    assert (vo["teachers"], vo["falling_short"], vo["suppressed"]) == (12, None, True)
    assert (vo["hours_short_mean"], vo["hours_short_median"]) == (None, None)


def test_only_periods_ending_in_the_next_twelve_months_are_counted(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Ending today and on the window's last day count; ended yesterday (overdue), a day after
    the window and in 2028 do not; leave that moves an ended period into the window counts."""
    inside = [date(2022, 11, 29), date(2023, 11, 28)] + [date(2023, m, 10) for m in range(1, 9)]
    outside = [date(2022, 11, 28), date(2023, 11, 29), date(2024, 6, 1)]
    for day in inside + outside:
        _teacher(services, registered_on=day)
    extended, _ = _teacher(services, registered_on=date(2022, 11, 1))
    services.register.record_leave(
        extended,
        RecordLeave(kind="sickness", start=date(2023, 1, 1), end=date(2023, 2, 28)),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()

    doc = _signal(client, token_for)

    total = _cell(doc, "vo", "total_hours")
    assert (total["teachers"], total["falling_short"]) == (11, 11)
    assert total["hours_short_total"] == str(Decimal(160 * 11)) + ".0"
    assert doc["periods"] == 11


def test_withdrawn_activities_are_not_counted(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Ten teachers who met every hours criterion fall short by all of it once each withdraws
    the activity; the answer waits for the withdrawal's position."""
    recorded = []
    for _ in range(10):
        tid, _ = _teacher(services)
        recorded.append((tid, _activity(services, tid, "160", ["subject_matter"])))
    services.projections.catch_up_all()
    before = _cell(_signal(client, token_for), "vo", "total_hours")
    assert (before["teachers"], before["falling_short"], before["suppressed"]) == (10, None, True)

    position = 0
    for tid, activity_id in recorded:
        position = services.register.withdraw_activity(
            tid, WithdrawActivity(activity_id=activity_id), ctx=REGISTRAR
        ).position
    services.projections.catch_up_all()
    doc = _signal(client, token_for, **{"X-Min-Position": str(position)})

    after = _cell(doc, "vo", "total_hours")
    assert (after["falling_short"], after["hours_short_total"]) == (10, "1600.0")
    assert (after["hours_short_mean"], after["hours_short_median"]) == ("160.0", "160.0")
    assert _cell(doc, "vo", "sector:vo:subject_matter")["hours_short_mean"] == "40.0"
    assert _cell(doc, "vo", "any")["hours_short_mean"] == "160.0"


def test_providers_the_profession_validators_and_the_registrar_may_read_it(
    client: TestClient, services: Services, token_for: TokenFor
) -> None:
    """Teachers, employers, appeals and auditors are refused; without a token, 401."""
    teacher, _ = _teacher(services)
    for role, subject in (
        ("provider", "p-1"),
        ("standards", None),
        ("validator", None),
        ("registrar", None),
    ):
        assert client.get(URL, headers=token_for(role, subject)).status_code == 200, role
    for role, subject in (
        ("teacher", str(teacher)),
        ("employer", "40000"),
        ("appeals", None),
        ("auditor", None),
    ):
        answer = client.get(URL, headers=token_for(role, subject))
        assert answer.status_code == 403, role
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert client.get(URL).status_code == 401


def test_the_page_shows_the_cells_in_dutch_and_english(
    services: Services, browser: Browser, token_for: TokenFor
) -> None:
    """A provider finds the page in the menu; suppressed cells say so, in either language."""
    for _ in range(10):
        _teacher(services)
    for _ in range(3):
        _teacher(services, sector="mbo", subjects=("zorg",))
    services.projections.catch_up_all()
    browser.sign_in_with(token_for("provider", "p-1")["Authorization"].split(" ", 1)[1])

    page = browser.get("/demand")
    assert page.status_code == 200, page.text
    assert 'href="/demand"' in page.text
    assert "Waar leraren uren tekortkomen" in page.text
    assert "afgeschermd (&lt; 10)" in page.text
    assert "uren aan vakinhoud in het voortgezet onderwijs" in page.text
    assert "1600" in page.text  # ten vo teachers, 160 hours short each

    english(browser)
    page = browser.get("/demand")
    assert "Where teachers fall short" in page.text
    assert "suppressed (&lt; 10)" in page.text


def test_the_profession_finds_the_page_in_its_menu(browser: Browser, token_for: TokenFor) -> None:
    browser.sign_in_with(token_for("standards")["Authorization"].split(" ", 1)[1])
    page = browser.get("/demand")
    assert page.status_code == 200
    assert 'href="/demand" aria-current="page"' in page.text
    assert "Er lopen de komende twaalf maanden geen registratieperiodes af." in page.text
