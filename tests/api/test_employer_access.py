"""An employer sees a file only through an appointment the teacher confirmed (docs/access.md).

The red team read any teacher's file knowing only a BSN: one delivered appointment opened it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from domain.access import UNDISPUTED_TERM, opens_file
from domain.teacher import Appointment
from tests.api.test_teachers import admit
from tests.procedure_helpers import BOARD, new_bsn, row

Tokens = Callable[..., dict[str, str]]


def _deliver(client: TestClient, board: dict[str, str], delivery_id: str, bsn: str) -> dict:  # type: ignore[type-arg]
    answer = client.post(
        f"/api/employers/{BOARD}/deliveries",
        json={"delivery_id": delivery_id, "appointments": [row(bsn, birth_date="1991-01-01")]},
        headers=board,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def test_a_delivery_alone_does_not_open_a_file_the_teachers_confirmation_does(
    client: TestClient, token_for: Tokens
) -> None:
    """Delivered: 403. Confirmed by the teacher: 200. Disputed afterwards: 403 again."""
    bsn = new_bsn()
    tid = admit(client, token_for, bsn=bsn)["teacher_id"]
    board, me = token_for("employer", BOARD), token_for("teacher", tid)
    _deliver(client, board, "probe", bsn)
    assert client.get(f"/api/teachers/{tid}", headers=board).status_code == 403
    assert client.get(f"/api/teachers/{tid}/progress", headers=board).status_code == 403
    (appointment,) = client.get(f"/api/teachers/{tid}", headers=me).json()["appointments"]
    url = f"/api/teachers/{tid}/appointments/{appointment['appointment_id']}"
    assert client.post(f"{url}/confirmation", headers=me).status_code == 200
    assert client.get(f"/api/teachers/{tid}", headers=board).status_code == 200
    disputed = client.post(f"{url}/dispute", json={"reason": "I never worked there"}, headers=me)
    assert disputed.status_code == 200
    assert client.get(f"/api/teachers/{tid}", headers=board).status_code == 403


def test_the_delivery_answer_does_not_tell_a_stranger_board_whether_a_bsn_is_on_file(
    client: TestClient, token_for: Tokens
) -> None:
    """The same delivery for a BSN on file (with another birth date) and for one that is not
    answers alike: no `new` versus `not_on_file`, no birth-date warning."""
    on_file = new_bsn()
    admit(client, token_for, bsn=on_file)
    board = token_for("employer", BOARD)
    answers = [_deliver(client, board, f"probe-{i}", b) for i, b in enumerate([on_file, new_bsn()])]
    for answer in answers:
        del answer["delivery_id"], answer["position"]
    assert answers[0] == answers[1]
    assert answers[0]["warnings"] == []


def _appointment(
    confirmation: str, recorded_on: date | None, end: date | None = None
) -> Appointment:
    return Appointment(
        appointment_id="a",
        board_number=BOARD,
        brin="01AB",
        start=date(2024, 8, 1),
        end=end,
        fte=None,  # type: ignore[arg-type]
        basis="diploma",
        contract_start=None,
        contract_end=None,
        recorded_at_version=2,
        confirmation=confirmation,
        recorded_on=recorded_on,
    )


DELIVERED = date(2026, 10, 1)


@pytest.mark.parametrize(
    ("confirmation", "recorded_on", "end", "today", "opens"),
    [
        pytest.param("confirmed", DELIVERED, None, DELIVERED, True, id="confirmed"),
        pytest.param("unconfirmed", DELIVERED, None, DELIVERED, False, id="just-delivered"),
        pytest.param(
            "unconfirmed", DELIVERED, None, DELIVERED + UNDISPUTED_TERM, True, id="stood-the-term"
        ),
        pytest.param(
            "unconfirmed",
            DELIVERED,
            None,
            DELIVERED + UNDISPUTED_TERM - timedelta(days=1),
            False,
            id="a-day-short",
        ),
        pytest.param("disputed", DELIVERED, None, date(2030, 1, 1), False, id="disputed"),
        pytest.param("unconfirmed", None, None, date(2030, 1, 1), False, id="age-unknown"),
        pytest.param(
            "confirmed", DELIVERED, date(2026, 11, 1), date(2026, 11, 2), False, id="ended"
        ),
    ],
)
def test_which_appointments_open_the_file_to_their_board(
    confirmation: str, recorded_on: date | None, end: date | None, today: date, opens: bool
) -> None:
    assert opens_file(_appointment(confirmation, recorded_on, end), today) is opens
