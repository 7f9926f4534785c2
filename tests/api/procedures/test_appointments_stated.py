"""Appointments state what is taught, and deliveries forgive what spreadsheets do (issue 13,
items 1 and 6), over HTTP on both stores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from api.bootstrap import Services
from domain.commands import AdmitTeacher
from domain.register import Register
from domain.values import Name
from tests.decision_helpers import REGISTRAR
from tests.procedure_helpers import BOARD, csv_of, new_bsn, row

Tokens = Callable[..., dict[str, str]]
DELIVERIES = f"/api/employers/{BOARD}/deliveries"
#: A BSN with a leading zero, which a spreadsheet shows as 8 digits.
ZERO_BSN = "012345672"


def _admit(register: Register, bsn: str) -> str:
    result = register.admit_teacher(
        AdmitTeacher(
            bsn=bsn,
            name=Name("J.", "Jan", "de", "Boer"),
            birth_date=date(1980, 5, 1),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2024, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    return str(result.aggregate_id)


def _file(client: TestClient, token_for: Tokens, teacher_id: str) -> dict[str, Any]:
    answer = client.get(f"/api/teachers/{teacher_id}", headers=token_for("teacher", teacher_id))
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _csv(client: TestClient, token_for: Tokens, body: bytes, delivery_id: str) -> Any:
    answer = client.post(
        DELIVERIES,
        content=body,
        headers={
            **token_for("employer", BOARD),
            "Content-Type": "text/csv",
            "Delivery-Id": delivery_id,
        },
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_a_delivered_sector_and_subjects_stand_on_the_file_and_unstated_ones_are_flagged(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """A row with sector and subjects is stated; one without is flagged on file and staff view."""
    stated, unstated = new_bsn(), new_bsn()
    stated_id = _admit(services.register, stated)
    unstated_id = _admit(services.register, unstated)
    rows = [
        row(stated, sector="vo", subjects=["wiskunde", "natuurkunde"]),
        row(unstated, brin="02CD"),
    ]
    answer = client.post(
        DELIVERIES,
        json={"delivery_id": "s-1", "appointments": rows},
        headers=token_for("employer", BOARD),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["accepted"] == 2
    (appointment,) = _file(client, token_for, stated_id)["appointments"]
    assert (appointment["sector"], appointment["subjects"], appointment["stated"]) == (
        "vo",
        ["wiskunde", "natuurkunde"],
        True,
    )
    (bare,) = _file(client, token_for, unstated_id)["appointments"]
    assert (bare["sector"], bare["subjects"], bare["stated"]) == (None, None, False)
    services.projections.catch_up_all()
    staff = client.get(f"/api/employers/{BOARD}/staff", headers=token_for("employer", BOARD))
    assert staff.status_code == 200, staff.text
    shown = {m["teacher_id"]: m["appointments"][0] for m in staff.json()["data"]}
    assert shown[stated_id]["stated"] is True
    assert shown[stated_id]["subjects"] == ["wiskunde", "natuurkunde"]
    assert shown[unstated_id]["stated"] is False


def test_a_vo_appointment_without_a_subject_is_not_stated(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """In vo and mbo the subject belongs to what an appointment states."""
    bsn = new_bsn()
    teacher_id = _admit(services.register, bsn)
    data = {"delivery_id": "s-2", "appointments": [row(bsn, sector="vo")]}
    client.post(DELIVERIES, json=data, headers=token_for("employer", BOARD))
    (appointment,) = _file(client, token_for, teacher_id)["appointments"]
    assert (appointment["sector"], appointment["stated"]) == ("vo", False)


def test_the_registrar_records_sector_and_subjects_and_a_po_subject_is_refused(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """The registrar's appointment route takes the same fields by the same rules."""
    teacher_id = _admit(services.register, new_bsn())
    base = {"board_number": BOARD, "brin": "01AB", "start": "2024-08-01", "fte": "0.5"}
    path = f"/api/teachers/{teacher_id}/appointments"
    refused = client.post(
        path,
        json={**base, "basis": "diploma", "sector": "po", "subjects": ["rekenen"]},
        headers=token_for("registrar"),
    )
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == "application/problem+json"
    assert "subjects" in {e["field"] for e in refused.json()["errors"]}
    made = client.post(
        path,
        json={**base, "basis": "diploma", "sector": "mbo", "subjects": ["techniek"]},
        headers=token_for("registrar"),
    )
    assert made.status_code == 201, made.text
    (appointment,) = _file(client, token_for, teacher_id)["appointments"]
    assert (appointment["sector"], appointment["subjects"], appointment["stated"]) == (
        "mbo",
        ["techniek"],
        True,
    )


def test_a_csv_with_an_eight_digit_bsn_and_dutch_dates_is_read_and_the_answer_says_so(
    client: TestClient, token_for: Tokens, services: Services
) -> None:
    """The lost leading zero is restored (with a warning) and `dd-mm-jjjj` dates are read."""
    teacher_id = _admit(services.register, ZERO_BSN)
    columns = [*row("111222333"), "sector", "subjects"]
    shaped = {
        **row(ZERO_BSN[1:], start="01-08-2024", contract_start="01-08-2024"),
        "sector": "vo",
        "subjects": "wiskunde|natuurkunde",
    }
    body = ",".join(columns) + "\n" + ",".join(str(shaped[c] or "") for c in columns) + "\n"
    answer = _csv(client, token_for, body.encode(), "zero-1")
    assert (answer["accepted"], answer["rejected"]) == (1, [])
    (warning,) = answer["warnings"]
    assert (warning["row"], warning["field"]) == (1, "bsn")
    assert "leading zero" in warning["message"]
    (appointment,) = _file(client, token_for, teacher_id)["appointments"]
    assert appointment["start"] == "2024-08-01"
    assert appointment["subjects"] == ["wiskunde", "natuurkunde"]


def test_an_eight_digit_bsn_in_json_is_not_guessed(client: TestClient, token_for: Tokens) -> None:
    """Only a spreadsheet drops zeros: JSON carries the BSN as sent, so 8 digits is a fault."""
    data = {"delivery_id": "zero-2", "appointments": [row(ZERO_BSN[1:])]}
    answer = client.post(DELIVERIES, json=data, headers=token_for("employer", BOARD)).json()
    assert answer["accepted"] == 0
    assert answer["rejected"][0]["errors"][0]["field"] == "bsn"


def test_an_appointment_shorter_than_a_month_is_refused_by_row_with_the_reason(
    client: TestClient, token_for: Tokens
) -> None:
    """Appointments shorter than one month are out of scope; the other rows still count."""
    rows = [row(new_bsn(), end="2024-08-20"), row(new_bsn(), end="2024-08-31")]
    answer = _csv(client, token_for, csv_of(rows), "short-1")
    assert answer["accepted"] == 1
    (rejected,) = answer["rejected"]
    assert rejected["row"] == 1
    assert rejected["errors"][0]["field"] == "end"
    assert "less than one month" in rejected["errors"][0]["message"]
