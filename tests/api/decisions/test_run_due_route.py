"""POST /api/decisions/run-due on both stores: every re-registration due, decided once."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.decision_helpers import REGISTRAR, demo_like_teacher

Tokens = Callable[..., dict[str, str]]
RUN_DUE = "/api/decisions/run-due"


def test_run_due_decides_every_due_re_registration_and_a_second_call_none(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    register = services.register
    short = [demo_like_teacher(register, registered_on=date(2022, 1, 10 + i)) for i in range(2)]
    ok = demo_like_teacher(register, registered_on=date(2022, 2, 1), extra_hours=40)
    later = demo_like_teacher(register, registered_on=date(2023, 7, 1))
    headers = {**token_for("registrar"), "Idempotency-Key": "run-due-1"}
    answer = client.post(RUN_DUE, json={}, headers=headers)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["on"] == "2026-11-28"
    assert report["decided"] == 3
    assert report["outcomes"] == {"annotated": 2, "re_registered": 1}
    assert report["files_read"] == 4
    assert report["conflicts"] == 0
    assert report["writes"] >= 1
    assert report["seconds"] >= 0
    assert report["position"] == register.head_position()
    for admitted in (*short, ok):
        decisions = register.get_teacher(admitted.teacher_id).decisions
        assert [d["kind"] for d in decisions] == ["re_registration"]
        assert decisions[0]["decided_on"] == "2026-11-28"
    assert not register.get_teacher(later.teacher_id).decisions
    again = client.post(RUN_DUE, headers=token_for("registrar"))  # no body: today
    assert again.status_code == 200, again.text
    assert again.json()["decided"] == 0
    assert again.json()["files_read"] == 4
    assert len(register.get_teacher(ok.teacher_id).decisions) == 1


def test_run_due_decides_on_the_registers_date_only(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    """Decisions are dated the day they are taken: `on` may name that day or be left out;
    any other day is refused, so no objection term starts in the past."""
    register = services.register
    early = demo_like_teacher(register, registered_on=date(2021, 1, 10))
    for day in ("2025-06-01", "2026-11-29"):
        refused = client.post(RUN_DUE, json={"on": day}, headers=token_for("registrar"))
        assert refused.status_code == 422
        assert refused.headers["content-type"].startswith("application/problem+json")
        assert "register's date (2026-11-28)" in refused.text
    assert not register.get_teacher(early.teacher_id).decisions
    answer = client.post(RUN_DUE, json={"on": "2026-11-28"}, headers=token_for("registrar"))
    assert answer.status_code == 200, answer.text
    assert answer.json()["decided"] == 1
    assert register.get_teacher(early.teacher_id).decisions[0]["decided_on"] == "2026-11-28"


def test_run_due_refuses_bad_bodies_and_other_roles(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    demo_like_teacher(services.register, registered_on=date(2021, 1, 10))
    for body in ({"on": "yesterday"}, {"x": 1}):
        assert client.post(RUN_DUE, json=body, headers=token_for("registrar")).status_code == 422
    for role in ("appeals", "auditor", "standards"):
        assert client.post(RUN_DUE, json={}, headers=token_for(role)).status_code == 403
    assert client.post(RUN_DUE, json={}).status_code == 401
    assert services.register.run_due(date(2026, 11, 28), ctx=REGISTRAR).decided == 1


def test_a_decision_date_in_the_body_is_refused(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    teacher = demo_like_teacher(services.register, registered_on=date(2021, 1, 10))
    path = (
        f"/api/teachers/{teacher.teacher_id}/qualifications/{teacher.qualification_id}"
        "/re-registration"
    )
    answer = client.post(path, json={"decided_on": "2026-01-01"}, headers=token_for("registrar"))
    assert answer.status_code == 422
    assert "decided_on is not accepted" in answer.text
    assert not services.register.get_teacher(teacher.teacher_id).decisions


def test_the_due_list_pages_through_every_due_period_and_empties_after_run_due(
    services: Services, client: TestClient, token_for: Tokens
) -> None:
    """GET /api/re-registrations/due: the periods that ended and await a decision, oldest
    first, paged by cursor without gaps or repeats; none after run-due; a later period
    never."""
    register = services.register
    due = [demo_like_teacher(register, registered_on=date(2022, 1, 10 + i)) for i in range(5)]
    later = demo_like_teacher(register, registered_on=date(2025, 7, 1))
    services.projections.catch_up_all()
    headers = token_for("registrar")
    seen: list[str] = []
    cursor = None
    for _ in range(5):
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        answer = client.get("/api/re-registrations/due", params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        body = answer.json()
        assert body["total"] == 5
        seen += [row["teacher_id"] for row in body["data"]]
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert seen == [str(t.teacher_id) for t in due]  # oldest period end first, each once
    assert str(later.teacher_id) not in seen
    assert client.post(RUN_DUE, json={}, headers=headers).status_code == 200
    services.projections.catch_up_all()
    empty = client.get("/api/re-registrations/due", headers=headers).json()
    assert empty == {"data": [], "total": 0, "next_cursor": None}
    foreign = client.get("/api/re-registrations/due?cursor=bm90LW91cnM", headers=headers)
    assert foreign.status_code == 400
