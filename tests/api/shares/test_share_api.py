"""A development overview shared with the employer, by choice, through the API on both stores
(issue 18, item 2; docs/access.md, "A development overview shared by choice")."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from api.bootstrap import Services
from tests.api.shares.conftest import BOARD, OTHER_BOARD, Sharer
from tests.conftest import TODAY
from tests.decision_helpers import MovableClock

Tokens = Callable[..., dict[str, str]]
UNTIL = (TODAY + timedelta(days=60)).isoformat()


def _share(client: TestClient, who: Sharer, me: dict[str, str], **changes: Any) -> Any:
    body = {
        "board_number": BOARD,
        "qualification_ids": [who.qualification_id],
        "activity_ids": [who.shared_activity],
        "note": "Graag bespreken in het POP-gesprek",
        "until": UNTIL,
        **changes,
    }
    return client.post(f"/api/teachers/{who.teacher_id}/shares", json=body, headers=me)


def _looks(client: TestClient, who: Sharer, me: dict[str, str]) -> list[dict[str, Any]]:
    log = client.get(f"/api/teachers/{who.teacher_id}/access-log", headers=me).json()["data"]
    return [e for e in log if e["route"].startswith("/api/employers/")]


def test_nothing_is_shared_by_default(
    client: TestClient, services: Services, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    """A teacher employed by the board has shared nothing: the board's list is empty, the
    teacher's list is empty."""
    who = sharer()
    services.projections.catch_up_all()
    board = token_for("employer", BOARD)
    assert client.get(f"/api/employers/{BOARD}/shares", headers=board).json()["data"] == []
    me = token_for("teacher", who.teacher_id)
    assert client.get(f"/api/teachers/{who.teacher_id}/shares", headers=me).json()["data"] == []


def test_the_board_reads_only_what_is_shared_and_the_teacher_sees_every_look(
    client: TestClient, services: Services, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    who = sharer()
    me, board = token_for("teacher", who.teacher_id), token_for("employer", BOARD)
    made = _share(client, who, me)
    assert made.status_code == 201, made.text
    share = made.json()
    assert made.headers["etag"] == f'"{share["version"]}"'
    assert made.headers["location"].endswith(share["share_id"])
    assert share["status"] == "in_force"
    assert share["until"] == UNTIL

    services.projections.catch_up_all()  # the server's runner does this (projections off here)
    received = client.get(
        f"/api/employers/{BOARD}/shares",
        headers={**board, "X-Min-Position": str(share["position"])},
    )
    assert received.status_code == 200, received.text
    (listed,) = received.json()["data"]
    assert listed["share_id"] == share["share_id"]
    assert listed["register_number"]
    assert listed["name"]["family_name"] == "Vries"

    assert _looks(client, who, me) == []
    url = f"/api/employers/{BOARD}/shares/{share['share_id']}"
    overview = client.get(url, headers=board)
    assert overview.status_code == 200, overview.text
    seen = overview.json()
    assert seen["note"] == "Graag bespreken in het POP-gesprek"
    assert [a["activity_id"] for a in seen["activities"]] == [who.shared_activity]
    (progress,) = seen["qualifications"]
    assert progress["qualification_id"] == who.qualification_id
    assert progress["hours_total"]
    assert progress["requirements"]
    assert "evidence" not in progress["requirements"][0]
    text = overview.text
    assert who.private_activity not in text
    assert "study_day 8" not in text
    assert "bsn" not in seen
    assert "appointments" not in seen
    assert "birth_date" not in seen

    client.get(url, headers=board)
    looks = _looks(client, who, me)
    assert len(looks) == 2
    assert {(e["role"], e["subject"], e["route"]) for e in looks} == {
        ("employer", BOARD, "/api/employers/{board_number}/shares/{share_id}")
    }
    export = client.get(f"/api/teachers/{who.teacher_id}/export", headers=me).json()
    (development,) = [r for r in export["shared_with"] if "development" in r["what"]]
    assert development["board_number"] == BOARD
    assert (development["since"], development["until"]) == (TODAY.isoformat(), UNTIL)


def test_another_board_gets_403_or_404(
    client: TestClient, services: Services, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    who = sharer()
    me = token_for("teacher", who.teacher_id)
    share = _share(client, who, me).json()
    services.projections.catch_up_all()
    other = token_for("employer", OTHER_BOARD)
    theirs = f"/api/employers/{BOARD}/shares"
    assert client.get(theirs, headers=other).status_code == 403
    assert client.get(f"{theirs}/{share['share_id']}", headers=other).status_code == 403
    mine = client.get(f"/api/employers/{OTHER_BOARD}/shares/{share['share_id']}", headers=other)
    assert mine.status_code == 404
    assert mine.headers["content-type"].startswith("application/problem+json")
    assert client.get(f"/api/employers/{OTHER_BOARD}/shares", headers=other).json()["data"] == []
    # the teacher's own file stays closed to a board it was not shared with
    assert client.get(f"/api/teachers/{who.teacher_id}/shares", headers=other).status_code == 403
    assert _looks(client, who, me) == []


def test_only_a_board_with_a_confirmed_appointment_and_within_the_term(
    client: TestClient, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    """Refused with a clear problem: an unconfirmed appointment, a board without one, a day
    beyond the policy's term or past, an unknown activity, nothing to show."""
    unconfirmed = sharer(confirmed=False)
    refused = _share(client, unconfirmed, token_for("teacher", unconfirmed.teacher_id))
    assert refused.status_code == 409
    assert "confirmed" in refused.json()["detail"]
    who = sharer()
    me = token_for("teacher", who.teacher_id)
    stranger = _share(client, who, me, board_number=OTHER_BOARD)
    assert stranger.status_code == 409
    assert OTHER_BOARD in stranger.json()["detail"]
    too_long = _share(client, who, me, until=(TODAY + timedelta(days=366)).isoformat())
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "until"
    past = _share(client, who, me, until=(TODAY - timedelta(days=1)).isoformat())
    assert past.status_code == 422
    unknown = _share(client, who, me, activity_ids=["no-such-activity"])
    assert unknown.status_code == 422
    empty = _share(client, who, me, qualification_ids=[], activity_ids=[], note=None)
    assert empty.status_code == 422
    at_most = _share(client, who, me, until=(TODAY + timedelta(days=365)).isoformat())
    assert at_most.status_code == 201
    again = _share(client, who, me)
    assert again.status_code == 409
    assert "revoke" in again.json()["detail"]
    other_teacher = client.post(
        f"/api/teachers/{who.teacher_id}/shares",
        json={"board_number": BOARD, "note": "x", "until": UNTIL},
        headers=token_for("teacher", unconfirmed.teacher_id),
    )
    assert other_teacher.status_code == 403
    as_board = client.post(
        f"/api/teachers/{who.teacher_id}/shares",
        json={"board_number": BOARD, "note": "x", "until": UNTIL},
        headers=token_for("employer", BOARD),
    )
    assert as_board.status_code == 403


def test_a_revocation_takes_effect_at_once(
    client: TestClient, services: Services, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    """Revoked: the board's next read is 404 even before the read model caught up; the list
    drops it once caught up; the revocation answers an ETag and is idempotent by key."""
    who = sharer()
    me, board = token_for("teacher", who.teacher_id), token_for("employer", BOARD)
    share = _share(client, who, me).json()
    services.projections.catch_up_all()
    url = f"/api/employers/{BOARD}/shares/{share['share_id']}"
    assert client.get(url, headers=board).status_code == 200
    revoke = f"/api/teachers/{who.teacher_id}/shares/{share['share_id']}/revocation"
    stale = client.post(revoke, headers={**me, "If-Match": '"1"'})
    assert stale.status_code == 412
    keyed = {**me, "Idempotency-Key": "revoke-once"}
    revoked = client.post(revoke, headers=keyed)
    assert revoked.status_code == 200, revoked.text
    assert revoked.headers["etag"] == f'"{revoked.json()["version"]}"'
    assert revoked.json()["status"] == "revoked"
    assert client.post(revoke, headers=keyed).json() == revoked.json()
    assert client.post(revoke, headers=me).status_code == 409
    gone = client.get(url, headers=board)  # the read model still lists it
    assert gone.status_code == 404
    assert len(_looks(client, who, me)) == 1  # the refused read disclosed nothing
    services.projections.catch_up_all()
    assert client.get(f"/api/employers/{BOARD}/shares", headers=board).json()["data"] == []
    mine = client.get(f"/api/teachers/{who.teacher_id}/shares", headers=me).json()["data"]
    assert [(s["share_id"], s["status"]) for s in mine] == [(share["share_id"], "revoked")]
    assert _share(client, who, me).status_code == 201  # shared anew after revoking


def test_a_share_ends_after_its_last_day(
    client: TestClient,
    services: Services,
    clock: MovableClock,
    token_for: Tokens,
    sharer: Callable[..., Sharer],
) -> None:
    """On its last day the board reads it; the day after, nothing, with no event needed."""
    who = sharer()
    me, board = token_for("teacher", who.teacher_id), token_for("employer", BOARD)
    share = _share(client, who, me).json()
    services.projections.catch_up_all()
    url = f"/api/employers/{BOARD}/shares/{share['share_id']}"
    clock.today = TODAY + timedelta(days=60)
    assert client.get(url, headers=board).status_code == 200
    assert len(client.get(f"/api/employers/{BOARD}/shares", headers=board).json()["data"]) == 1
    clock.today = TODAY + timedelta(days=61)
    assert client.get(url, headers=board).status_code == 404
    assert client.get(f"/api/employers/{BOARD}/shares", headers=board).json()["data"] == []
    mine = client.get(f"/api/teachers/{who.teacher_id}/shares", headers=me).json()["data"]
    assert mine[0]["status"] == "ended"
    ended = client.post(
        f"/api/teachers/{who.teacher_id}/shares/{share['share_id']}/revocation", headers=me
    )
    assert ended.status_code == 409


def test_a_share_closes_when_the_teacher_disputes_the_appointment(
    client: TestClient, services: Services, token_for: Tokens, sharer: Callable[..., Sharer]
) -> None:
    """The board reads a share only while it employs the teacher by the access rule."""
    who = sharer()
    me, board = token_for("teacher", who.teacher_id), token_for("employer", BOARD)
    share = _share(client, who, me).json()
    services.projections.catch_up_all()
    url = f"/api/employers/{BOARD}/shares/{share['share_id']}"
    assert client.get(url, headers=board).status_code == 200
    disputed = client.post(
        f"/api/teachers/{who.teacher_id}/appointments/{who.appointment_id}/dispute",
        json={"reason": "ik werk hier niet meer"},
        headers=me,
    )
    assert disputed.status_code == 200
    assert client.get(url, headers=board).status_code == 404
