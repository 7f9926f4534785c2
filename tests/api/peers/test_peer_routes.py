"""A colleague confirms a peer activity, over HTTP on both stores (issue 18, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands import RecordAppointment
from domain.commands.deliveries import DisputeAppointment
from domain.commands.facts import DrawSample
from domain.register import Context
from domain.values import Actor
from tests.decision_helpers import (
    EVIDENCE,
    REGISTRAR,
    START_DAY,
    Admitted,
    MovableClock,
    admit,
    demo_like_teacher,
    entry,
)

Headers = dict[str, str]
VISIT = {
    "kind": "lesson_visit",
    "title": "Lesbezoek bij de wiskundesectie",
    "occurred_on": "2024-06-12",
    "contact_hours": 2,
    "self_study_hours": 1,
    "competence_areas": ["didactics"],
    "evidence": EVIDENCE,
    "reflection": "Mijn vragen in de les zijn te gesloten.",
}


def _number(services: Services, teacher: Admitted) -> str:
    return services.register.get_teacher(teacher.teacher_id).register_number


def _me(token_for: Callable[..., Headers], teacher: Admitted) -> Headers:
    return token_for("teacher", str(teacher.teacher_id))


def _visit(client: TestClient, teacher: Admitted, me: Headers, **changes: Any) -> str:
    answer = client.post(
        f"/api/teachers/{teacher.teacher_id}/activities", json={**VISIT, **changes}, headers=me
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["activity_id"])


def _ask(client: TestClient, teacher: Admitted, activity_id: str, number: str, me: Headers) -> Any:
    return client.post(
        f"/api/teachers/{teacher.teacher_id}/activities/{activity_id}/peer-confirmation",
        json={"colleague_register_number": number},
        headers=me,
    )


def _open(client: TestClient, services: Services, colleague: Admitted, me: Headers) -> Any:
    services.projections.catch_up_all()
    answer = client.get(f"/api/teachers/{colleague.teacher_id}/peer-requests", headers=me)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]


def _answer(
    client: TestClient, colleague: Admitted, request_id: str, me: Headers, **body: Any
) -> Any:
    return client.post(
        f"/api/teachers/{colleague.teacher_id}/peer-requests/{request_id}/answer",
        json=body,
        headers=me,
    )


def _activity(client: TestClient, teacher: Admitted, me: Headers, activity_id: str) -> Any:
    file = client.get(f"/api/teachers/{teacher.teacher_id}", headers=me).json()
    return next(a for a in file["activities"] if a["activity_id"] == activity_id)


def _elsewhere(services: Services) -> Admitted:
    """A teacher who only ever worked at another board."""
    teacher = admit(services.register)
    register = services.register
    appointment = next(iter(register.get_teacher(teacher.teacher_id).appointments))
    register.dispute_appointment(
        teacher.teacher_id,
        DisputeAppointment(appointment_id=appointment),
        ctx=_teacher_ctx(teacher, reason="ik werk niet bij dit bestuur"),
    )
    register.record_appointment(
        teacher.teacher_id,
        RecordAppointment(
            board_number="49999",
            brin="07XY",
            start=date(2010, 8, 1),
            end=None,
            fte=Decimal("0.8"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    return teacher


def _teacher_ctx(teacher: Admitted, reason: str | None = None) -> Context:
    return Context(Actor("teacher", str(teacher.teacher_id)), reason=reason)


def test_a_colleague_confirms_a_lesson_visit(
    client: TestClient, services: Services, token_for: Callable[..., Headers]
) -> None:
    """The request is on both files; the colleague sees only name, kind, title and date,
    confirms with a remark, and the teacher's file shows the confirmation as evidence."""
    anna, bram = admit(services.register), admit(services.register)
    anna_me, bram_me = _me(token_for, anna), _me(token_for, bram)
    visit = _visit(client, anna, anna_me)
    asked = _ask(client, anna, visit, _number(services, bram), anna_me)
    assert asked.status_code == 201, asked.text
    request = asked.json()
    assert request["status"] == "open"
    assert request["colleague"] == {
        "register_number": _number(services, bram),
        "name": "A. de Vries",
    }
    assert request["expires_on"] == (START_DAY + timedelta(days=28)).isoformat()
    assert request["term"]["days"] == 28
    assert "policies/peers.py" in request["term"]["source"]
    assert asked.headers["etag"] == f'"{request["version"]}"'

    (shown,) = _open(client, services, bram, bram_me)
    assert shown["requester_name"] == "A. de Vries"
    assert shown["activity"] == {
        "kind": "lesson_visit",
        "title": VISIT["title"],
        "occurred_on": VISIT["occurred_on"],
    }
    text = str(shown)
    for private in (EVIDENCE, str(VISIT["reflection"]), str(anna.teacher_id), "didactics"):
        assert private not in text

    answered = _answer(
        client, bram, request["request_id"], bram_me, answer="confirmed", remark="Ik was erbij."
    )
    assert answered.status_code == 201, answered.text
    assert answered.json()["status"] == "confirmed"
    assert answered.json()["same_board"] is True
    assert _open(client, services, bram, bram_me) == []

    mine = _activity(client, anna, anna_me, visit)["peer_confirmation"]
    assert mine["status"] == "confirmed"
    assert mine["remark"] == "Ik was erbij."
    assert mine["counts_as_evidenced"] is True
    anna_file = services.register.get_teacher(anna.teacher_id)
    bram_file = services.register.get_teacher(bram.teacher_id)
    assert [type(e).__name__ for e in services.register.events.get(anna.teacher_id)][-2:] == [
        "PeerConfirmationRequested",
        "PeerConfirmationAnswered",
    ]
    assert [type(e).__name__ for e in services.register.events.get(bram.teacher_id)][-2:] == [
        "PeerRequestReceived",
        "PeerRequestAnswered",
    ]
    assert anna_file.activities[visit].peer_confirmed
    assert bram_file.received_peer_requests[request["request_id"]].status == "confirmed"
    again = _answer(client, bram, request["request_id"], bram_me, answer="declined")
    assert again.status_code == 409


def test_nobody_confirms_for_themselves(
    client: TestClient, services: Services, token_for: Callable[..., Headers]
) -> None:
    """One's own register number is refused (422), and so is answering a request on another
    teacher's page (403); an unknown number and an activity of another kind are 422."""
    anna, bram = admit(services.register), admit(services.register)
    anna_me = _me(token_for, anna)
    visit = _visit(client, anna, anna_me)
    own = _ask(client, anna, visit, _number(services, anna), anna_me)
    assert own.status_code == 422
    assert own.json()["errors"][0]["field"] == "colleague_register_number"
    unknown = _ask(client, anna, visit, "999999999", anna_me)
    assert unknown.status_code == 422
    course = _visit(client, anna, anna_me, kind="course")
    assert _ask(client, anna, course, _number(services, bram), anna_me).status_code == 422

    request = _ask(client, anna, visit, _number(services, bram), anna_me).json()
    assert _ask(client, anna, visit, _number(services, bram), anna_me).status_code == 409
    as_anna = _answer(client, bram, request["request_id"], anna_me, answer="confirmed")
    assert as_anna.status_code == 403
    on_own_page = _answer(client, anna, request["request_id"], anna_me, answer="confirmed")
    assert on_own_page.status_code == 404
    listed = client.get(f"/api/teachers/{bram.teacher_id}/peer-requests", headers=anna_me)
    assert listed.status_code == 403
    assert _activity(client, anna, anna_me, visit)["peer_confirmation"]["status"] == "open"


def test_an_expired_request_cannot_be_answered(
    client: TestClient,
    services: Services,
    clock: MovableClock,
    token_for: Callable[..., Headers],
) -> None:
    """On its last day the request is answerable; the day after, 409, it leaves the list,
    the teacher's file shows it expired, and a new request may be made."""
    anna, bram = admit(services.register), admit(services.register)
    anna_me, bram_me = _me(token_for, anna), _me(token_for, bram)
    visit = _visit(client, anna, anna_me)
    request = _ask(client, anna, visit, _number(services, bram), anna_me).json()
    clock.today = date.fromisoformat(request["expires_on"])
    assert len(_open(client, services, bram, bram_me)) == 1
    clock.today += timedelta(days=1)
    assert _open(client, services, bram, bram_me) == []
    late = _answer(client, bram, request["request_id"], bram_me, answer="confirmed")
    assert late.status_code == 409
    assert "expired" in late.json()["detail"]
    assert _activity(client, anna, anna_me, visit)["peer_confirmation"]["status"] == "expired"
    # the teacher's own copy says the same as the file
    export = client.get(f"/api/teachers/{anna.teacher_id}/export", headers=anna_me).json()
    exported = next(a for a in export["file"]["activities"] if a["activity_id"] == visit)
    assert exported["peer_confirmation"]["status"] == "expired"
    anew = _ask(client, anna, visit, _number(services, bram), anna_me)
    assert anew.status_code == 201
    assert anew.json()["expires_on"] == (clock.today + timedelta(days=28)).isoformat()


def test_a_colleague_declines(
    client: TestClient, services: Services, token_for: Callable[..., Headers]
) -> None:
    """A declined request is recorded on both files with the remark; the activity counts as
    before (not evidenced by a colleague) and may be sampled."""
    anna, bram = admit(services.register), admit(services.register)
    anna_me, bram_me = _me(token_for, anna), _me(token_for, bram)
    visit = _visit(client, anna, anna_me)
    request = _ask(client, anna, visit, _number(services, bram), anna_me).json()
    bad = _answer(client, bram, request["request_id"], bram_me, answer="maybe")
    assert bad.status_code == 422
    declined = _answer(
        client, bram, request["request_id"], bram_me, answer="declined", remark="Niet bij geweest."
    )
    assert declined.status_code == 201, declined.text
    mine = _activity(client, anna, anna_me, visit)["peer_confirmation"]
    assert (mine["status"], mine["remark"], mine["counts_as_evidenced"]) == (
        "declined",
        "Niet bij geweest.",
        False,
    )
    assert not services.register.get_teacher(anna.teacher_id).activities[visit].peer_confirmed
    sample = services.register.draw_sample(
        DrawSample(
            seed=1, size=1000, occurred_from=date(2024, 6, 12), occurred_until=date(2024, 6, 12)
        ),
        ctx=REGISTRAR,
    )
    assert services.register.get_sample(str(sample.aggregate_id)).holds(str(anna.teacher_id), visit)


def test_a_confirmation_from_another_board_is_marked(
    client: TestClient, services: Services, token_for: Callable[..., Headers]
) -> None:
    """The appointments never show the two at one board: the confirmation is recorded,
    marked "not at the same board", and does not make the activity evidenced."""
    anna, carla = admit(services.register), _elsewhere(services)
    anna_me, carla_me = _me(token_for, anna), _me(token_for, carla)
    visit = _visit(client, anna, anna_me)
    request = _ask(client, anna, visit, _number(services, carla), anna_me).json()
    answered = _answer(client, carla, request["request_id"], carla_me, answer="confirmed")
    assert answered.status_code == 201, answered.text
    assert answered.json()["same_board"] is False
    mine = _activity(client, anna, anna_me, visit)["peer_confirmation"]
    assert (mine["status"], mine["same_board"], mine["counts_as_evidenced"]) == (
        "confirmed",
        False,
        False,
    )
    judged = services.register.get_teacher(anna.teacher_id).activities[visit]
    assert judged.peer_confirmed_at_version is not None
    assert not judged.peer_confirmed


def test_the_confirmed_visit_passes_the_sample_check_in_a_decision(
    client: TestClient, services: Services, token_for: Callable[..., Headers]
) -> None:
    """Drawn before the confirmation, the visit can no longer be rejected once confirmed; a
    later sample does not draw it; the re-registration's receipt names the confirmation."""
    anna = demo_like_teacher(services.register, extra_hours=40)
    bram, carla = admit(services.register), _elsewhere(services)
    anna_me = _me(token_for, anna)
    visit = _visit(client, anna, anna_me)
    other = _visit(client, anna, anna_me, title="Lesbezoek bij een andere school")
    registrar = token_for("registrar")
    window = {"size": 1000, "occurred_from": "2024-06-12", "occurred_until": "2024-06-12"}
    before = client.post("/api/activity-samples", json={**window, "seed": 3}, headers=registrar)
    assert {"teacher_id": str(anna.teacher_id), "activity_id": visit} in before.json()["drawn"]

    for colleague, activity in ((bram, visit), (carla, other)):
        request = _ask(client, anna, activity, _number(services, colleague), anna_me).json()
        answer = _answer(
            client, colleague, request["request_id"], _me(token_for, colleague), answer="confirmed"
        )
        assert answer.status_code == 201

    judged = client.post(
        f"/api/activity-samples/{before.json()['sample_id']}/judgements",
        json={
            "teacher_id": str(anna.teacher_id),
            "activity_id": visit,
            "outcome": "rejected",
            "reason": "Geen verslag.",
        },
        headers=registrar,
    )
    assert judged.status_code == 409
    assert "confirmed by a colleague" in judged.json()["detail"]
    after = client.post("/api/activity-samples", json={**window, "seed": 4}, headers=registrar)
    drawn = {(d["teacher_id"], d["activity_id"]) for d in after.json()["drawn"]}
    assert (str(anna.teacher_id), visit) not in drawn
    assert (str(anna.teacher_id), other) in drawn  # marked "not at the same board"
    redraw = client.post(
        f"/api/activity-samples/{after.json()['sample_id']}/redraw", headers=registrar
    )
    assert redraw.json()["reproduced"] is True

    decided = client.post(
        f"/api/teachers/{anna.teacher_id}/qualifications/{anna.qualification_id}/re-registration",
        json={},
        headers=registrar,
    )
    assert decided.status_code == 201, decided.text
    record = decided.json()
    assert record["engine_version"] == "3.0.0"
    file = services.register.get_teacher(anna.teacher_id)
    confirmed_at = file.activities[visit].peer_confirmed_at_version
    marked_at = file.activities[other].peer_confirmed_at_version
    assert entry(record["trace"], "activities_peer_confirmed")["evidence"] == [
        f"{anna.teacher_id}/{confirmed_at}"
    ]
    assert entry(record["trace"], "activities_peer_not_same_board")["evidence"] == [
        f"{anna.teacher_id}/{marked_at}"
    ]
    counted = entry(record["trace"], "activities_counted")["evidence"]
    assert f"{anna.teacher_id}/{file.activities[visit].recorded_at_version}" in counted
    reproduced = client.post(
        f"/api/decisions/{record['decision_id']}/reproduction", headers=token_for("auditor")
    )
    assert reproduced.json()["reproduced"] is True
    assert UUID(record["teacher_id"]) == anna.teacher_id
