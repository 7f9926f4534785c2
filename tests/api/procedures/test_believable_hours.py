"""Hours that are believable (issue 13, item 2), over HTTP on both stores: an offering's hours
cap a claim, other activities need evidence, providers deliver participation that the teacher
confirms with one click, and a sampled activity the registrar rejects stops counting."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands.offerings import ValidateOffering
from tests.decision_helpers import EVIDENCE, START_DAY, admit
from tests.procedure_helpers import PROVIDER_ID, VALIDATOR, admitted_provider, offering

Tokens = Callable[..., dict[str, str]]
TODAY = START_DAY.isoformat()


def _validated_offering(
    services: Services, provider_id: str = PROVIDER_ID, kvk: str = "12345678"
) -> str:
    """An offering of 8 contact hours and 4 of self-study, validated from today."""
    admitted_provider(services.register, provider_id, kvk)
    oid = offering(services.register, provider_id)
    services.register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
    return oid


def admit_id(teacher_id: str) -> UUID:
    return UUID(teacher_id)


def _teacher(services: Services) -> str:
    return str(admit(services.register, registered_on=date(2024, 9, 1)).teacher_id)


def _activity(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "kind": "course",
        "title": "Formatief evalueren in de wiskundeles",
        "occurred_on": TODAY,
        "contact_hours": 6,
        "self_study_hours": 2,
        "competence_areas": ["didactics"],
        "evidence": EVIDENCE,
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def _post_activity(client: TestClient, token_for: Tokens, tid: str, body: dict[str, Any]) -> Any:
    return client.post(
        f"/api/teachers/{tid}/activities", json=body, headers=token_for("teacher", tid)
    )


def _file(client: TestClient, token_for: Tokens, tid: str) -> dict[str, Any]:
    answer = client.get(f"/api/teachers/{tid}", headers=token_for("teacher", tid))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _hours(client: TestClient, token_for: Tokens, tid: str) -> str:
    answer = client.get(f"/api/teachers/{tid}/progress", headers=token_for("teacher", tid))
    assert answer.status_code == 200, answer.text
    return str(Decimal(answer.json()["qualifications"][0]["hours_total"]).normalize())


def test_an_offerings_hours_cap_what_a_teacher_can_claim_on_it(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """160 hours on an offering validated for 8 + 4 is refused, naming the maximum; fewer
    hours (partial attendance) are recorded as claimed, without further evidence."""
    oid = _validated_offering(services)
    tid = _teacher(services)
    refused = _post_activity(
        client, token_for, tid, _activity(offering_id=oid, contact_hours=160, evidence=None)
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    faults = {e["field"]: e["message"] for e in refused.json()["errors"]}
    assert faults == {"contact_hours": "the offering was validated for at most 8 contact hours"}
    partial = _post_activity(
        client, token_for, tid, _activity(offering_id=oid, contact_hours=6, evidence=None)
    )
    assert partial.status_code == 201, partial.text
    assert _hours(client, token_for, tid) == "8"


def test_an_activity_not_from_a_validated_offering_is_refused_without_evidence(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """Evidence is a sentence of what was done and learned; a file name is not enough."""
    tid = _teacher(services)
    for evidence in (None, "certificaat.pdf"):
        refused = _post_activity(client, token_for, tid, _activity(evidence=evidence))
        assert refused.status_code == 422, refused.text
        assert {e["field"] for e in refused.json()["errors"]} == {"evidence"}
    made = _post_activity(client, token_for, tid, _activity(evidence_reference="certificaat.pdf"))
    assert made.status_code == 201, made.text
    (activity,) = _file(client, token_for, tid)["activities"]
    assert (activity["evidence"], activity["evidence_reference"]) == (EVIDENCE, "certificaat.pdf")


def test_an_activity_names_the_qualifications_it_serves(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    admitted = admit(services.register, registered_on=date(2024, 9, 1))
    tid, qid = str(admitted.teacher_id), admitted.qualification_id
    unknown = _post_activity(client, token_for, tid, _activity(qualification_ids=["elders"]))
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["errors"][0]["field"] == "qualification_ids[0]"
    named = _post_activity(client, token_for, tid, _activity(qualification_ids=[qid]))
    assert named.status_code == 201, named.text
    (activity,) = _file(client, token_for, tid)["activities"]
    assert activity["qualification_ids"] == [qid]


def test_a_provider_delivers_participation_and_the_teacher_confirms_it_with_one_click(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """Valid rows wait in the file; faults are named per row; the same delivery id again
    changes nothing; one confirmation records the activity, a second is a conflict."""
    oid = _validated_offering(services)
    other = _validated_offering(services, "ander-instituut", "87654321")
    tid = _teacher(services)
    bsn = services.register.get_teacher(admit_id(tid)).bsn
    rows = [
        {"bsn": bsn, "offering_id": oid, "completed_on": TODAY, "contact_hours": "5"},
        {"bsn": bsn, "offering_id": other, "completed_on": TODAY},
        {"bsn": "123456782", "offering_id": oid, "completed_on": TODAY},
        {"bsn": bsn, "offering_id": oid, "completed_on": TODAY, "contact_hours": "80"},
    ]
    path = f"/api/providers/{PROVIDER_ID}/participation"
    body = {"delivery_id": "cohort-1", "participants": rows}
    headers = token_for("provider", PROVIDER_ID)
    answer = client.post(path, json=body, headers=headers)
    assert answer.status_code == 200, answer.text
    data = answer.json()
    assert (data["accepted"], data["reported"]) == (1, 1)
    faults = {r["row"]: r["errors"][0]["field"] for r in data["rejected"]}
    assert faults == {2: "offering_id", 3: "bsn", 4: "contact_hours"}
    head = services.register.head_position()
    again = client.post(path, json=body, headers=headers).json()
    assert again["repeated"] is True
    assert services.register.head_position() == head
    (reported,) = _file(client, token_for, tid)["participations"]
    assert (reported["offering_id"], reported["contact_hours"], reported["confirmed"]) == (
        oid,
        "5",
        False,
    )
    confirm = f"/api/teachers/{tid}/participations/{reported['participation_id']}/confirmation"
    done = client.post(confirm, headers=token_for("teacher", tid))
    assert done.status_code == 201, done.text
    file = _file(client, token_for, tid)
    (activity,) = file["activities"]
    assert activity["activity_id"] == done.json()["activity_id"]
    assert (activity["offering_id"], activity["participation_id"]) == (
        oid,
        reported["participation_id"],
    )
    assert (activity["contact_hours"], activity["self_study_hours"]) == ("5", "4")
    assert file["participations"][0]["confirmed"] is True
    twice = client.post(confirm, headers=token_for("teacher", tid))
    assert twice.status_code == 409, twice.text
    stranger = client.post(confirm, headers=token_for("teacher", _teacher(services)))
    assert stranger.status_code == 403


def test_participation_as_csv_forgives_a_spreadsheet(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """A CSV with Dutch dates is read like the employers' delivery."""
    oid = _validated_offering(services)
    tid = _teacher(services)
    bsn = services.register.get_teacher(admit_id(tid)).bsn
    day = START_DAY.strftime("%d-%m-%Y")
    body = f"bsn;offering_id;completed_on\n{bsn};{oid};{day}\n".encode()
    answer = client.post(
        f"/api/providers/{PROVIDER_ID}/participation",
        content=body,
        headers={
            **token_for("provider", PROVIDER_ID),
            "Content-Type": "text/csv",
            "Delivery-Id": "csv-1",
        },
    )
    assert answer.status_code == 200, answer.text
    assert (answer.json()["accepted"], answer.json()["rejected"]) == (1, [])
    (reported,) = _file(client, token_for, tid)["participations"]
    assert reported["completed_on"] == TODAY


def test_a_sampled_activity_rejected_by_the_registrar_stops_counting(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """The registrar draws a seeded sample, rejects a drawn activity with a reason: it no
    longer counts, the teacher sees why, and the draw redoes to the same activities."""
    tid = _teacher(services)
    kept = _post_activity(client, token_for, tid, _activity(occurred_on="2026-10-01"))
    doubtful = _post_activity(client, token_for, tid, _activity(occurred_on="2026-10-02"))
    assert kept.status_code == doubtful.status_code == 201
    assert _hours(client, token_for, tid) == "16"
    registrar = token_for("registrar")
    window = {"occurred_from": "2026-10-02", "occurred_until": "2026-10-02"}
    drawn = client.post(
        "/api/activity-samples", json={"size": 5, "seed": 42, **window}, headers=registrar
    )
    assert drawn.status_code == 201, drawn.text
    sample = drawn.json()
    assert (sample["seed"], sample["population_size"]) == (42, 1)
    doubtful_id = doubtful.json()["activity_id"]
    assert sample["drawn"] == [{"teacher_id": tid, "activity_id": doubtful_id}]
    judgements = f"/api/activity-samples/{sample['sample_id']}/judgements"
    not_drawn = client.post(
        judgements,
        json={
            "teacher_id": tid,
            "activity_id": kept.json()["activity_id"],
            "outcome": "rejected",
            "reason": "x",
        },
        headers=registrar,
    )
    assert not_drawn.status_code == 404, not_drawn.text
    reason = "Het genoemde verslag is niet te vinden."
    judged = client.post(
        judgements,
        json={
            "teacher_id": tid,
            "activity_id": doubtful_id,
            "outcome": "rejected",
            "reason": reason,
        },
        headers=registrar,
    )
    assert judged.status_code == 201, judged.text
    assert _hours(client, token_for, tid) == "8"
    shown = {a["activity_id"]: a for a in _file(client, token_for, tid)["activities"]}
    assert (shown[doubtful_id]["sample_outcome"], shown[doubtful_id]["sample_reason"]) == (
        "rejected",
        reason,
    )
    again = client.post(
        judgements,
        json={"teacher_id": tid, "activity_id": doubtful_id, "outcome": "accepted", "reason": "ok"},
        headers=registrar,
    )
    assert again.status_code == 409, again.text
    _post_activity(client, token_for, tid, _activity(occurred_on="2026-10-02"))  # after the draw
    redraw = client.post(
        f"/api/activity-samples/{sample['sample_id']}/redraw", headers=token_for("auditor")
    )
    assert redraw.status_code == 200, redraw.text
    assert redraw.json()["reproduced"] is True
    assert redraw.json()["recomputed"]["drawn"] == [[tid, doubtful_id]]


def test_the_same_seed_draws_the_same_sample(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """Two draws with one seed over the same activities draw the same ones."""
    tid = _teacher(services)
    for day in range(1, 9):
        _post_activity(client, token_for, tid, _activity(occurred_on=f"2026-10-0{day}"))
    body = {"size": 3, "seed": 7, "occurred_from": "2026-10-01", "occurred_until": "2026-10-31"}
    first = client.post("/api/activity-samples", json=body, headers=token_for("registrar"))
    second = client.post("/api/activity-samples", json=body, headers=token_for("registrar"))
    assert first.json()["drawn"] == second.json()["drawn"]
    assert len(first.json()["drawn"]) == 3
    other = client.post(
        "/api/activity-samples", json={**body, "seed": 8}, headers=token_for("registrar")
    )
    assert other.status_code == 201
    assert other.json()["population_size"] == 8
