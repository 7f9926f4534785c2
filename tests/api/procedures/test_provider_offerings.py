"""A provider's own offerings over HTTP, on both stores: `GET /api/providers/{id}/offerings`."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands.offerings import ValidateOffering
from tests.procedure_helpers import VALIDATOR, admitted_provider, offering

Tokens = Callable[..., dict[str, str]]


def test_a_provider_lists_its_offerings_with_status_and_validity(
    client: TestClient, services: Services, token_for: Tokens
) -> None:
    """Every status shows, newest first, a page at a time; only its own; validators and
    auditors see them too."""
    register = services.register
    admitted_provider(register, "eigen-academie", kvk="11112222")
    admitted_provider(register, "andere-academie", kvk="33334444")
    validated = offering(register, "eigen-academie", title="Gevalideerd")
    register.validate_offering(validated, ValidateOffering(), ctx=VALIDATOR)
    refused = offering(
        register,
        "eigen-academie",
        title="Te kort",
        contact_hours=Decimal(1),
        self_study_hours=Decimal(0),
    )
    register.validate_offering(refused, ValidateOffering(), ctx=VALIDATOR)
    waiting = offering(register, "eigen-academie", title="Wacht")
    offering(register, "andere-academie", title="Van een ander")
    services.projections.catch_up_all()

    path = "/api/providers/eigen-academie/offerings"
    own = token_for("provider", "eigen-academie")
    first = client.get(path, params={"limit": 2}, headers=own)
    assert first.status_code == 200, first.text
    assert first.json()["next_cursor"]
    second = client.get(
        path, params={"limit": 2, "cursor": first.json()["next_cursor"]}, headers=own
    )
    rows = first.json()["data"] + second.json()["data"]
    assert second.json()["next_cursor"] is None
    by_id = {r["offering_id"]: r for r in rows}
    assert set(by_id) == {validated, refused, waiting}
    assert by_id[validated]["status"] == "validated"
    assert by_id[validated]["valid_from"]
    assert by_id[validated]["valid_until"]
    assert by_id[refused]["status"] == "refused"
    assert by_id[refused]["valid_until"] is None
    assert by_id[waiting]["status"] == "submitted"
    assert by_id[waiting]["price"] == "250.00"

    for role in ("validator", "auditor"):
        seen = client.get(path, headers=token_for(role)).json()["data"]
        assert {r["offering_id"] for r in seen} == set(by_id)
    other = client.get(path, headers=token_for("provider", "andere-academie"))
    assert other.status_code == 403
    assert other.headers["content-type"].startswith("application/problem+json")
    assert client.get(path, headers=token_for("registrar")).status_code == 403
    assert client.get(path).status_code == 401
    foreign = client.get(path, params={"cursor": "bm90LW91cnM"}, headers=own)
    assert foreign.status_code == 400
    nothing = client.get(
        "/api/providers/nog-niet/offerings", headers=token_for("provider", "nog-niet")
    )
    assert nothing.json() == {"data": [], "next_cursor": None}
