"""Staff lists for employers and the costs overview, over HTTP, read from read models."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.teacher import Teacher
from domain.values import Cost, Name
from tests.projection_helpers import activity, admit, appointment, decide, qualification_ids

Tokens = Callable[..., dict[str, str]]


@pytest.fixture
def staffed(services: Services) -> dict[str, str]:
    """Two teachers at board 60001 (one struck off on maths), one at 60002, with costs."""
    reg = services.register
    rng = random.Random(21)
    anna = admit(reg, name=Name("A.", "Anna", "", "Aalders"), rng=rng).aggregate_id
    bert = admit(
        reg,
        name=Name("B.", "Bert", "", "Bos"),
        qualifications=[{"sector": "po", "basis": "diploma"}],
        rng=rng,
    ).aggregate_id
    carla = admit(reg, name=Name("C.", "Carla", "", "Claes"), rng=rng).aggregate_id
    appointment(reg, anna, "60001", start=date(2020, 1, 1))
    appointment(reg, bert, "60001", start=date(2019, 1, 1), end=date(2021, 12, 31))
    appointment(reg, carla, "60002", start=date(2020, 1, 1))
    decide(
        reg,
        anna,
        Teacher.StruckOff,
        qualification_ids(reg, anna)[0],
        decision_id="x1",
        decided_on=date(2026, 2, 1),
        ground="criteria_not_met",
        effective_on=date(2026, 2, 1),
    )
    activity(reg, anna, occurred_on=date(2024, 5, 1), cost=Cost(Decimal("250.00"), "employer"))
    activity(reg, carla, occurred_on=date(2024, 6, 1), cost=Cost(Decimal("100.00"), "fund"))
    activity(reg, carla, occurred_on=date(2025, 6, 1), cost=Cost(Decimal("50.25"), "employer"))
    services.projections.catch_up_all()
    return {"anna": str(anna), "bert": str(bert), "carla": str(carla)}


def test_employer_sees_its_staff_and_who_may_teach(
    client: TestClient, token_for: Tokens, staffed: dict[str, str]
) -> None:
    """Names, register numbers, and per qualification whether they may teach; no BSN."""
    response = client.get("/api/employers/60001/staff", headers=token_for("employer", "60001"))
    assert response.status_code == 200, response.text
    people = response.json()["data"]
    assert [p["name"]["family_name"] for p in people] == ["Aalders", "Bos"]
    anna, bert = people
    assert anna["teacher_id"] == staffed["anna"]
    assert anna["may_teach"] is False
    assert [(q["status"], q["may_teach"]) for q in anna["qualifications"]] == [
        ("struck_off", False)
    ]
    assert bert["may_teach"] is True
    assert [a["current"] for a in bert["appointments"]] == [False]
    assert "bsn" not in response.text
    assert "1985-05-01" not in response.text


@pytest.mark.parametrize(
    ("role", "subject"),
    [
        pytest.param("employer", "60002", id="other-employer"),
        pytest.param("teacher", None, id="teacher"),
        pytest.param("registrar", None, id="registrar"),
    ],
)
def test_only_that_employer_sees_its_staff(
    client: TestClient, token_for: Tokens, staffed: dict[str, str], role: str, subject: str | None
) -> None:
    """Another board, or another role, is refused."""
    subject = subject or (staffed["anna"] if role == "teacher" else None)
    response = client.get("/api/employers/60001/staff", headers=token_for(role, subject))
    assert response.status_code == 403


def test_staff_list_needs_a_token(client: TestClient) -> None:
    """No token, no staff list."""
    assert client.get("/api/employers/60001/staff").status_code == 401


def test_the_profession_sees_who_pays_what(
    client: TestClient, token_for: Tokens, staffed: dict[str, str]
) -> None:
    """Totals per year, sector, employer and payer, with sums per year, sector and payer."""
    response = client.get("/api/costs", headers=token_for("standards"))
    assert response.status_code == 200, response.text
    body = response.json()
    assert {
        (r["year"], r["board_number"], r["payer"], r["total"], r["count"]) for r in body["data"]
    } == {
        (2024, "60001", "employer", "250.00", 1),
        (2024, "60002", "fund", "100.00", 1),
        (2025, "60002", "employer", "50.25", 1),
    }
    assert body["totals"]["by_year"] == [
        {"key": 2024, "total": "350.00", "count": 2},
        {"key": 2025, "total": "50.25", "count": 1},
    ]
    assert body["totals"]["by_payer"] == [
        {"key": "employer", "total": "300.25", "count": 2},
        {"key": "fund", "total": "100.00", "count": 1},
    ]
    filtered = client.get("/api/costs", params={"year": 2024}, headers=token_for("registrar"))
    assert [r["year"] for r in filtered.json()["data"]] == [2024, 2024]


def test_an_employer_sees_only_its_own_costs(
    client: TestClient, token_for: Tokens, staffed: dict[str, str]
) -> None:
    """An employer's view is its own board; asking for another board is refused."""
    headers = token_for("employer", "60002")
    own = client.get("/api/costs", headers=headers).json()
    assert {r["board_number"] for r in own["data"]} == {"60002"}
    assert own["totals"]["by_sector"] == [{"key": "vo", "total": "150.25", "count": 2}]
    other = client.get("/api/costs", params={"board_number": "60001"}, headers=headers)
    assert other.status_code == 403
    assert (
        client.get("/api/costs", headers=token_for("teacher", staffed["anna"])).status_code == 403
    )


def test_costs_page_with_a_cursor(
    client: TestClient, token_for: Tokens, staffed: dict[str, str]
) -> None:
    """Cost rows come in pages; the totals cover every row."""
    headers = token_for("standards")
    first = client.get("/api/costs", params={"limit": 2}, headers=headers).json()
    assert len(first["data"]) == 2
    second = client.get(
        "/api/costs", params={"limit": 2, "cursor": first["next_cursor"]}, headers=headers
    ).json()
    assert len(second["data"]) == 1
    assert second["next_cursor"] is None
    assert first["totals"] == second["totals"]
