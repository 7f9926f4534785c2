"""The teacher sets the address and opts out of reminders over HTTP, on both stores."""

from __future__ import annotations

from collections.abc import Callable

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.correspondence import Correspondence
from tests.decision_helpers import admit

Headers = Callable[..., dict[str, str]]


def test_the_teacher_sets_the_address_and_opts_out_in_one_write(
    client: TestClient, services: Services, token_for: Headers
) -> None:
    anna = admit(services.register)
    me = token_for("teacher", str(anna.teacher_id))
    path = f"/api/teachers/{anna.teacher_id}/correspondence"
    assert client.get(path, headers=me).json() == {"address": None, "reminders": True}
    put = client.put(path, json={"address": " anna@Example.NL ", "reminders": False}, headers=me)
    assert put.status_code == 200, put.text
    body = put.json()
    assert (body["address"], body["reminders"], body["version"]) == (
        "anna@example.nl",
        False,
        3,  # opened, address set, reminders declined
    )
    assert put.headers["ETag"] == '"3"'
    assert body["position"] == services.register.head_position()
    again = client.put(path, json={"address": "anna@example.nl", "reminders": False}, headers=me)
    assert again.json()["version"] == 3  # nothing changed: no event
    registrar = token_for("registrar", "r1")
    assert client.get(path, headers=registrar).json() == {
        "address": "anna@example.nl",
        "reminders": False,
    }
    found = services.register.correspondence_of(anna.teacher_id)
    assert isinstance(found, Correspondence)
    events = services.register.events.get(found.id)
    assert [type(e).__name__ for e in events] == ["Opened", "AddressSet", "RemindersDeclined"]
    assert all(e.actor.subject == str(anna.teacher_id) for e in events)  # type: ignore[attr-defined]
    removed = client.put(path, json={"address": None, "reminders": True}, headers=me)
    assert removed.json()["address"] is None


def test_a_bad_address_is_a_clear_422_and_changes_nothing(
    client: TestClient, services: Services, token_for: Headers
) -> None:
    anna = admit(services.register)
    me = token_for("teacher", str(anna.teacher_id))
    path = f"/api/teachers/{anna.teacher_id}/correspondence"
    refused = client.put(path, json={"address": "geen adres", "reminders": True}, headers=me)
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["errors"][0]["field"] == "address"
    assert services.register.correspondence_of(anna.teacher_id) is None
    missing = client.put(path, json={"address": "a@example.nl"}, headers=me)
    assert missing.status_code in (400, 422)
    assert services.register.correspondence_of(anna.teacher_id) is None


def test_no_one_else_sets_or_reads_a_teachers_address(
    client: TestClient, services: Services, token_for: Headers
) -> None:
    anna = admit(services.register)
    bert = admit(services.register)
    path = f"/api/teachers/{anna.teacher_id}/correspondence"
    other = token_for("teacher", str(bert.teacher_id))
    body = {"address": "kwaad@example.nl", "reminders": True}
    assert client.put(path, json=body, headers=other).status_code == 403
    assert client.get(path, headers=other).status_code == 403
    assert client.get(path, headers=token_for("employer", "41234")).status_code == 403
    assert client.put(path, json=body, headers=token_for("registrar", "r1")).status_code == 403
    assert services.register.correspondence_of(anna.teacher_id) is None
