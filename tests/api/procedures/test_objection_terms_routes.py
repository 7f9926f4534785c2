"""Objection terms under the Algemene termijnenwet, late objections, deferral and a new
decision in place of a revoked one: over HTTP, on both stores (Awb 6:7, 6:8, 6:11, 7:10, 7:11)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date

from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.api.web.conftest import Browser, token_of
from tests.decision_helpers import MovableClock, admit

Tokens = Callable[..., dict[str, str]]
#: A Friday: six weeks on is Friday 25 December 2026, Christmas Day.
DECIDED_BEFORE_CHRISTMAS = date(2026, 11, 13)


def decided(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock, on: date
) -> tuple[dict[str, str], dict[str, object]]:
    """A teacher's own-request strike-off decided on ``on``: the teacher's headers, the record."""
    clock.today = on
    teacher = admit(services.register)
    path = f"/api/teachers/{teacher.teacher_id}/qualifications/{teacher.qualification_id}"
    made = client.post(
        f"{path}/strike-off",
        json={"ground": "own_request", "effective_on": on.isoformat(), "reason": "verzoek"},
        headers=token_for("registrar", "r1"),
    )
    assert made.status_code == 201, made.text
    return token_for("teacher", str(teacher.teacher_id)), made.json()


def object_(client: TestClient, me: dict[str, str], decision_id: str, **extra: str) -> dict:
    made = client.post(
        "/api/objections", json={"decision_id": decision_id, "grounds": "g", **extra}, headers=me
    )
    assert made.status_code == 201, made.text
    return made.json()


def test_an_objection_on_the_monday_after_a_term_ending_on_christmas_day_is_in_time(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    """The receipt names the extension and its legal basis; the Monday is in time."""
    me, record = decided(client, services, token_for, clock, DECIDED_BEFORE_CHRISTMAS)
    assert record["objection_deadline"] == "2026-12-28"
    term = record["objection_term"]
    assert term["nominal_end"] == "2026-12-25"
    assert term["extension"]["article"] == "1"
    assert term["extension"]["bwb_id"] == "BWBR0002448"
    assert {(r["short"], r["article"]) for r in term["legal_basis"]} >= {
        ("Awb", "6:7"),
        ("Atw", "1"),
    }
    assert any("Christmas Day" in line for line in record["reasons"]["en"])
    clock.today = date(2026, 12, 28)
    objection = object_(client, me, str(record["decision_id"]))
    assert objection["in_time"] is True
    assert objection["term_end"] == "2026-12-28"


def test_a_late_objection_is_recorded_and_declared_inadmissible_with_a_receipt(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    me, record = decided(client, services, token_for, clock, DECIDED_BEFORE_CHRISTMAS)
    appeals = token_for("appeals", "c")
    clock.today = date(2026, 12, 29)
    late = object_(client, me, str(record["decision_id"]))
    assert (late["in_time"], late["excuse"], late["admitted"]) == (False, None, False)
    url = f"/api/objections/{late['objection_id']}"
    on_merits = client.post(
        f"{url}/ruling", json={"outcome": "unfounded", "reasoning": "r"}, headers=appeals
    )
    assert on_merits.status_code == 409
    assert "6:11" in on_merits.json()["detail"]
    judged = client.post(
        f"{url}/lateness",
        json={"excusable": False, "reasoning": "geen reden opgegeven"},
        headers=appeals,
    )
    assert judged.status_code == 201, judged.text
    ruling = judged.json()
    assert ruling["outcome"] == "inadmissible"
    assert ruling["late"] is True
    assert ruling["objection"]["status"] == "ruled"
    assert {(r["short"], r["article"]) for r in ruling["legal_basis"]} >= {
        ("Awb", "6:11"),
        ("Awb", "8:1"),
    }
    assert ruling["remedy"]["kind"] == "appeal"
    # ruled on 29 December 2026: six weeks on is Tuesday 9 February 2027
    assert ruling["remedy"]["term"]["last_day"] == "2027-02-09"
    assert any("niet-ontvankelijk" in line for line in ruling["reasons"]["nl"])
    assert any("appeal" in line and "2027-02-09" in line for line in ruling["reasons"]["en"])
    case = client.get(url, headers=me).json()
    assert case["objection"]["ruling"]["outcome"] == "inadmissible"
    decision = client.get(f"/api/decisions/{record['decision_id']}", headers=me).json()
    assert decision["revoked"] is False


def test_an_excused_late_objection_is_ruled_on_its_merits(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    me, record = decided(client, services, token_for, clock, DECIDED_BEFORE_CHRISTMAS)
    appeals = token_for("appeals", "c")
    clock.today = date(2027, 1, 5)
    late = object_(client, me, str(record["decision_id"]), excuse="in het ziekenhuis")
    url = f"/api/objections/{late['objection_id']}"
    excused = client.post(
        f"{url}/lateness", json={"excusable": True, "reasoning": "opname"}, headers=appeals
    )
    assert excused.status_code == 200, excused.text
    assert (excused.json()["lateness_excused"], excused.json()["admitted"]) == (True, True)
    again = client.post(
        f"{url}/lateness", json={"excusable": True, "reasoning": "nog eens"}, headers=appeals
    )
    assert again.status_code == 409
    ruled = client.post(
        f"{url}/ruling", json={"outcome": "unfounded", "reasoning": "r"}, headers=appeals
    )
    assert ruled.status_code == 201, ruled.text
    assert ruled.json()["late"] is False


def test_the_lateness_of_an_objection_in_time_is_not_judged(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    me, record = decided(client, services, token_for, clock, DECIDED_BEFORE_CHRISTMAS)
    objection = object_(client, me, str(record["decision_id"]))
    judged = client.post(
        f"/api/objections/{objection['objection_id']}/lateness",
        json={"excusable": True, "reasoning": "r"},
        headers=token_for("appeals", "c"),
    )
    assert judged.status_code == 409
    not_excusable = client.post(
        f"/api/objections/{objection['objection_id']}/lateness",
        json={"excusable": False, "reasoning": "r"},
        headers=token_for("appeals", "c"),
    )
    assert not_excusable.status_code == 409
    assert (
        client.post(
            f"/api/objections/{objection['objection_id']}/lateness",
            json={"excusable": True, "reasoning": "r"},
            headers=me,
        ).status_code
        == 403
    )


def test_deferral_once_by_six_weeks_then_only_with_written_consent(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    me, record = decided(client, services, token_for, clock, date(2026, 1, 1))
    appeals = token_for("appeals", "c")
    clock.today = date(2026, 1, 2)
    objection = object_(client, me, str(record["decision_id"]))
    assert objection["decide_by"] == "2026-05-07"  # twelve weeks from the term's end
    url = f"/api/objections/{objection['objection_id']}/extension"
    first = client.post(url, json={"reason": "advies"}, headers=appeals)
    assert first.status_code == 200, first.text
    assert first.json()["decide_by"] == "2026-06-18"  # Awb 7:10(3)
    without = client.post(url, json={"reason": "nog eens"}, headers=appeals)
    assert without.status_code == 409
    assert "7:10(4)" in without.json()["detail"]
    no_day = client.post(
        url,
        json={"reason": "hoorzitting", "consent": {"given_on": "2026-01-02", "statement": "ja"}},
        headers=appeals,
    )
    assert no_day.status_code == 422
    assert no_day.json()["errors"][0]["field"] == "until"
    future = client.post(
        url,
        json={
            "reason": "hoorzitting",
            "consent": {"given_on": "2026-02-01", "statement": "akkoord"},
            "until": "2026-07-31",
        },
        headers=appeals,
    )
    assert future.status_code == 422
    consented = client.post(
        url,
        json={
            "reason": "hoorzitting",
            "consent": {"given_on": "2026-01-02", "statement": "akkoord tot eind juli"},
            "until": "2026-07-31",
        },
        headers=appeals,
    )
    assert consented.status_code == 200, consented.text
    assert consented.json()["decide_by"] == "2026-07-31"
    assert consented.json()["deferrals_with_consent"] == 1
    services.projections.catch_up_all()
    listed = client.get("/api/objections", headers=appeals).json()["data"]
    assert [o["decide_by"] for o in listed] == ["2026-07-31"]
    events = client.get(
        f"/api/audit/teachers/{record['teacher_id']}/events", headers=token_for("auditor", "a")
    )
    assert events.status_code == 200


def test_a_well_founded_objection_revokes_and_a_new_decision_takes_its_place(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    me, record = decided(client, services, token_for, clock, date(2026, 1, 1))
    appeals = token_for("appeals", "c")
    clock.today = date(2026, 1, 2)
    objection = object_(client, me, str(record["decision_id"]))
    ruled = client.post(
        f"/api/objections/{objection['objection_id']}/ruling",
        json={"outcome": "well_founded", "reasoning": "het verzoek was ingetrokken"},
        headers=appeals,
    )
    assert ruled.status_code == 201, ruled.text
    ruling = ruled.json()
    new_id = ruling["replacement"]["decision_id"]
    assert new_id != record["decision_id"]
    old = client.get(f"/api/decisions/{record['decision_id']}", headers=me).json()
    assert old["revoked"] is True
    new = client.get(f"/api/decisions/{new_id}", headers=me)
    assert new.status_code == 200, new.text
    receipt = new.json()
    assert receipt["kind"] == "replacement"
    assert receipt["outcome"] == "registered"
    assert receipt["inputs"]["replaces"] == record["decision_id"]
    assert receipt["inputs"]["ruling_id"] == ruling["ruling_id"]
    assert ("Awb", "7:11") in {(r["short"], r["article"]) for r in receipt["legal_basis"]}
    assert receipt["remedy"]["kind"] == "appeal"
    assert any("takes the place" in line for line in receipt["reasons"]["en"])
    file = client.get(f"/api/teachers/{record['teacher_id']}", headers=me).json()
    assert file["qualifications"][0]["status"] == "registered"
    no_objection = client.post(
        "/api/objections", json={"decision_id": new_id, "grounds": "g"}, headers=me
    )
    assert no_objection.status_code == 409
    assert "8:1" in no_objection.json()["detail"]
    reproduced = client.post(f"/api/decisions/{new_id}/reproduction", json={}, headers=appeals)
    assert reproduced.status_code == 409


def test_the_committee_judges_the_lateness_on_the_case_page(
    client: TestClient, services: Services, token_for: Tokens, clock: MovableClock
) -> None:
    """The decision page names the Atw extension; the case of a late objection offers the
    judgement of the lateness, not a ruling on the merits; not excusable, the page shows the
    inadmissibility with its remedy."""
    me, record = decided(client, services, token_for, clock, DECIDED_BEFORE_CHRISTMAS)
    b = Browser(client, services)
    b.sign_in_with(token_of(me))
    page = b.get(f"/decisions/{record['decision_id']}")
    assert page.status_code == 200
    assert "Algemene termijnenwet art. 1" in page.text
    clock.today = date(2026, 12, 29)
    objection = object_(client, me, str(record["decision_id"]))
    case_path = f"/objections/{objection['objection_id']}"
    b.sign_in_with(token_of(token_for("appeals", "c")))
    case = b.get(case_path)
    assert f'action="{case_path}/lateness"' in case.text
    assert f'action="{case_path}/ruling"' not in case.text
    judged = b.post(
        f"{case_path}/lateness",
        {"excusable": "false", "reasoning": "Geen reden gegeven.", "idempotency_key": "l1"},
    )
    assert judged.status_code == 303, judged.text
    after = html.unescape(b.get(case_path).text)
    assert "niet-ontvankelijk" in after
    assert "9 februari 2027" in after  # the appeal term's last day
