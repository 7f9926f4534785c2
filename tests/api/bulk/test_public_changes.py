"""The public register's change feed over HTTP: paging through every change agrees with the
public register, private changes leave no trace, an erasure is a removal without a name."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api import ratelimit
from api.app import create_app
from api.bootstrap import Services
from api.demo import valid_bsn
from api.settings import Settings
from domain.commands import AdmitTeacher, CorrectPersonalData, StrikeOff
from domain.values import Name
from projections.ledger import sql as ledger_sql
from tests.decision_helpers import MovableClock, clocked_services
from tests.projection_helpers import REGISTRAR

Tokens = Callable[..., dict[str, str]]
URL = "/api/public/changes"


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock(date(2026, 11, 28))


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


@pytest.fixture
def client(services: Services) -> Iterator[TestClient]:
    with TestClient(create_app(services)) as c:
        yield c


def _admit(services: Services, name: Name, seed: int) -> tuple[UUID, str, str]:
    result = services.register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(random.Random(seed)),
            name=name,
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    quals = result.data["qualifications"]
    return result.aggregate_id, result.data["register_number"], quals[0]["qualification_id"]


def _all_changes(client: TestClient, limit: int) -> list[dict[str, Any]]:
    """Every change, a page of `limit` at a time, following next_position."""
    out: list[dict[str, Any]] = []
    after = 0
    while True:
        page = client.get(URL, params={"after": after, "limit": limit})
        assert page.status_code == 200, page.text
        body = page.json()
        assert len(body["data"]) <= limit
        out += body["data"]
        after = body["next_position"]
        if not body["more"]:
            return out


def test_paging_through_every_change_gives_the_public_register(
    client: TestClient, services: Services
) -> None:
    """Folding the feed (last entry per number) gives every public entry as the register
    answers it; positions rise; each change names its event's ledger leaf."""
    anna, anna_no, anna_q = _admit(services, Name("A.", "Anna", "de", "Vries"), 1)
    bram, bram_no, _ = _admit(services, Name("B.", "Bram", "", "Smit"), 2)
    _, cees_no, _ = _admit(services, Name("C.", "Cees", "van", "Dam"), 3)
    services.register.strike_off(
        anna,
        StrikeOff(
            qualification_id=anna_q,
            ground="own_request",
            effective_on=date(2026, 11, 28),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )
    services.register.correct_personal_data(
        bram,
        CorrectPersonalData(name=Name("B.", "Bram", "", "Smit-Jansen"), birth_date=None),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()

    changes = _all_changes(client, limit=2)

    positions = [c["position"] for c in changes]
    assert positions == sorted(set(positions))
    assert [c["register_number"] for c in changes] == [anna_no, bram_no, cees_no, anna_no, bram_no]
    latest = {c["register_number"]: c["entry"] for c in changes}
    for number in (anna_no, bram_no, cees_no):
        entry = client.get(f"/api/public/register/{number}").json()
        assert latest[number] == entry
    assert latest[anna_no]["qualifications"][0]["status"] == "struck_off"
    assert latest[bram_no]["name"]["family_name"] == "Smit-Jansen"
    with services.projections.readers.connection() as db:
        for c in changes:
            leaf = ledger_sql.leaf_at_position(db, c["position"])
            assert leaf is not None
            assert c["leaf_index"] == leaf.leaf_index
    tail = client.get(URL, params={"after": positions[-1]}).json()
    assert tail == {"data": [], "next_position": positions[-1], "more": False}


def test_a_change_the_public_does_not_see_is_not_in_the_feed(
    client: TestClient, services: Services
) -> None:
    """A corrected date of birth changes nothing public: no change, so no hint of it."""
    anna, _, _ = _admit(services, Name("A.", "Anna", "de", "Vries"), 1)
    services.projections.catch_up_all()
    before = _all_changes(client, limit=100)
    services.register.correct_personal_data(
        anna, CorrectPersonalData(name=None, birth_date=date(1980, 6, 1)), ctx=REGISTRAR
    )
    services.projections.catch_up_all()
    assert _all_changes(client, limit=100) == before


def test_an_erasure_is_a_removal_without_a_name(
    client: TestClient, services: Services, clock: MovableClock, token_for: Tokens
) -> None:
    """The erased person's earlier changes leave the feed; one removal names only the number,
    and the bulk check no longer finds them."""
    anna, anna_no, anna_q = _admit(services, Name("A.", "Anna", "de", "Vries"), 1)
    _, bram_no, _ = _admit(services, Name("B.", "Bram", "", "Smit"), 2)
    services.register.strike_off(
        anna,
        StrikeOff(
            qualification_id=anna_q,
            ground="own_request",
            effective_on=date(2026, 11, 28),
            heard_on=None,
        ),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()
    assert "Vries" in client.get(URL).text
    clock.today = date(2031, 11, 28)
    erased = client.post(
        f"/api/teachers/{anna}/erasure",
        json={"reason": "verzoek van betrokkene"},
        headers=token_for("registrar"),
    )
    assert erased.status_code == 200, erased.text
    services.projections.catch_up_all()

    answer = client.get(URL, headers={"X-Min-Position": str(erased.json()["position"])})

    assert answer.status_code == 200, answer.text
    assert "Vries" not in answer.text
    assert "Anna" not in answer.text
    rows = [c for c in answer.json()["data"] if c["register_number"] == anna_no]
    assert rows == [
        {
            "position": erased.json()["position"],
            "leaf_index": rows[0]["leaf_index"],
            "register_number": anna_no,
            "change": "removed",
            "entry": None,
        }
    ]
    assert [c["register_number"] for c in answer.json()["data"]] == [bram_no, anna_no]
    check = client.post(
        "/api/employers/41234/bulk-check",
        content=f"register_number,birth_date\n{anna_no},1980-05-01\n".encode(),
        headers={"Content-Type": "text/csv", **token_for("employer", "41234")},
    )
    assert check.json()["data"][0]["result"] == "not_found"


@pytest.mark.parametrize(
    ("params", "status"),
    [
        pytest.param({"after": -1}, 422, id="negative-position"),
        pytest.param({"after": "x"}, 422, id="not-a-position"),
        pytest.param({"limit": 0}, 422, id="no-rows"),
        pytest.param({"limit": 1001}, 422, id="too-many-rows"),
    ],
)
def test_a_wrong_position_or_limit_is_a_problem(
    client: TestClient, params: dict[str, Any], status: int
) -> None:
    answer = client.get(URL, params=params)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_position_beyond_the_log_is_refused(client: TestClient, services: Services) -> None:
    """X-Min-Position is honoured: a position no write answered with is refused."""
    answer = client.get(URL, headers={"X-Min-Position": "999999"})
    assert answer.status_code == 422
    assert answer.json()["type"].endswith("position-beyond-log")


def test_the_feed_counts_under_the_public_rate_limit(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Like every public route: past LR_PUBLIC_RATE_LIMIT a minute, 429 with Retry-After."""
    monkeypatch.setattr(ratelimit, "wall_clock", lambda: 1_790_000_010.0)
    services.settings.public_rate_limit = 2
    with TestClient(create_app(services), client=("192.0.2.7", 40000)) as limited:
        assert [limited.get(URL).status_code for _ in range(2)] == [200, 200]
        refused = limited.get(URL, params={"after": 5})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "30"
