"""Over HTTP: the registrar erases (or is told why not), the teacher downloads their own copy."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.bootstrap import Services
from api.settings import Settings
from tests.api.test_teachers import ADMISSION, admit
from tests.decision_helpers import MovableClock, clocked_services

Tokens = Callable[..., dict[str, str]]


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    """The composition root with a clock the tests move."""
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as c:
        yield c


def _struck_off(client: TestClient, token_for: Tokens) -> tuple[str, str]:
    created = admit(client, token_for)
    tid, qid = created["teacher_id"], created["qualifications"][0]["qualification_id"]
    answer = client.post(
        f"/api/teachers/{tid}/qualifications/{qid}/strike-off",
        json={"ground": "own_request", "effective_on": "2026-11-28", "reason": "op verzoek"},
        headers=token_for("registrar"),
    )
    assert answer.status_code == 201, answer.text
    return str(tid), str(created["register_number"])


def _public(client: TestClient, services: Services) -> str:
    services.projections.catch_up_all()
    family = ADMISSION["name"]["family_name"]
    answer = client.get("/api/public/register", params={"name": family})
    assert answer.status_code == 200, answer.text
    return answer.text


def test_erasure_is_the_registrars_and_names_why_it_must_wait(
    client: TestClient, token_for: Tokens, clock: MovableClock, services: Services
) -> None:
    tid, number = _struck_off(client, token_for)
    assert number in _public(client, services)
    url = f"/api/teachers/{tid}/erasure"
    body = {"reason": "verzoek van betrokkene"}
    assert client.post(url, json=body, headers=token_for("teacher", tid)).status_code == 403
    assert client.post(url, json={}, headers=token_for("registrar")).status_code == 422
    early = client.post(url, json=body, headers=token_for("registrar"))
    assert early.status_code == 409
    assert early.headers["content-type"].startswith("application/problem+json")
    assert "retention period runs until 2031-11-28" in early.json()["detail"]

    clock.today = date(2031, 11, 28)
    done = client.post(url, json=body, headers=token_for("registrar"))

    assert done.status_code == 200, done.text
    assert done.json()["erased_on"] == "2031-11-28"
    assert number not in _public(client, services)
    again = client.post(url, json=body, headers=token_for("registrar"))
    assert again.status_code == 200  # erasing again repairs, and answers as before


def test_teacher_downloads_their_own_export(client: TestClient, token_for: Tokens) -> None:
    """Everything held, machine-readable; the BSN only in the registrar's copy."""
    created = admit(client, token_for)
    tid = str(created["teacher_id"])
    client.get(f"/api/teachers/{tid}", headers=token_for("registrar"))  # an access to log
    mine = client.get(f"/api/teachers/{tid}/export", headers=token_for("teacher", tid))

    assert mine.status_code == 200, mine.text
    assert "attachment" in mine.headers["content-disposition"]
    export = mine.json()
    assert export["schema"] == "lerarenregister-export/1"
    assert export["file"]["name"]["family_name"] == ADMISSION["name"]["family_name"]
    assert export["history"][0]["type"] == "Teacher.Admitted"
    assert any(a["role"] == "registrar" for a in export["access_log"])
    assert {r["recipient"] for r in export["shared_with"]} == {"public"}
    assert ADMISSION["bsn"] not in mine.text
    registrar = client.get(f"/api/teachers/{tid}/export", headers=token_for("registrar"))
    assert ADMISSION["bsn"] in registrar.text


def test_export_is_refused_to_others(client: TestClient, token_for: Tokens) -> None:
    tid = str(admit(client, token_for)["teacher_id"])
    other = str(admit(client, token_for, bsn="123456782")["teacher_id"])
    url = f"/api/teachers/{tid}/export"
    assert client.get(url, headers=token_for("teacher", other)).status_code == 403
    assert client.get(url, headers=token_for("employer", "41234")).status_code == 403
    assert client.get(url).status_code == 401
