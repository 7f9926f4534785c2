"""The employer's bulk check over HTTP: matches, "not found" alike for a wrong date and an
unknown number, faulty rows, the row limit, and only the board's own check."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import valid_bsn
from domain.commands import AdmitTeacher, CorrectPersonalData
from domain.values import Name, new_register_number
from tests.projection_helpers import REGISTRAR

Tokens = Callable[..., dict[str, str]]
BOARD = "41234"
URL = f"/api/employers/{BOARD}/bulk-check"
CSV = {"Content-Type": "text/csv"}


def _admit(services: Services, name: Name, born: date, seed: int) -> dict[str, Any]:
    result = services.register.admit_teacher(
        AdmitTeacher(
            bsn=_bsn(seed),
            name=name,
            birth_date=born,
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    return {"teacher_id": str(result.aggregate_id), **result.data}


def _bsn(seed: int) -> str:
    return valid_bsn(random.Random(seed))


@pytest.fixture
def people(services: Services) -> dict[str, dict[str, Any]]:
    found = {
        "anna": _admit(services, Name("A.", "Anna", "de", "Vries"), date(1980, 5, 1), 1),
        "bram": _admit(services, Name("B.", "Bram", "", "Smit"), date(1975, 12, 31), 2),
    }
    services.projections.catch_up_all()
    return found


def _check(client: TestClient, token_for: Tokens, text: str, board: str = BOARD) -> Any:
    return client.post(
        f"/api/employers/{board}/bulk-check",
        content=text.encode(),
        headers={**CSV, **token_for("employer", board)},
    )


def _unknown_number(known: set[str]) -> str:
    rng = random.Random(42)
    while True:
        number = new_register_number(rng)
        if number not in known:
            return number


def test_a_right_pair_answers_the_public_entry_and_is_logged_for_the_teacher(
    client: TestClient, token_for: Tokens, people: dict[str, dict[str, Any]]
) -> None:
    """A board that knows the date of birth gets the public status; the teacher sees it."""
    anna = people["anna"]
    text = f"register_number,birth_date\n{anna['register_number']},1980-05-01\n"

    answer = _check(client, token_for, text)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["rows"], body["found"], body["not_found"], body["invalid"]) == (1, 1, 0, 0)
    row = body["data"][0]
    assert row["result"] == "found"
    assert row["registered"] is True
    assert row["name"]["display"] == "A. de Vries"
    assert row["qualifications"] == [
        {"sector": "vo", "subject": "wiskunde", "status": "registered", "since": "2022-09-01"}
    ]
    assert "1980" not in answer.text  # no date of birth in the answer
    log = client.get(
        f"/api/teachers/{anna['teacher_id']}/access-log",
        headers=token_for("teacher", anna["teacher_id"]),
    ).json()["data"]
    assert [(e["role"], e["subject"]) for e in log] == [("employer", BOARD)]


def test_a_wrong_date_answers_exactly_as_an_unknown_number(
    client: TestClient, token_for: Tokens, people: dict[str, dict[str, Any]]
) -> None:
    """A known number with another date and a number no one has give the same answer, and
    nothing reaches the teacher's access log."""
    bram = people["bram"]
    unknown = _unknown_number({p["register_number"] for p in people.values()})
    text = (
        "register_number,birth_date\n"
        f"{bram['register_number']},1975-12-30\n"  # one day off
        f"{unknown},1975-12-30\n"
    )

    answer = _check(client, token_for, text)

    assert answer.status_code == 200, answer.text
    wrong, nobody = answer.json()["data"]
    assert wrong["result"] == nobody["result"] == "not_found"
    same = ("register_number", "row", "line")
    assert {k: v for k, v in wrong.items() if k not in same} == {
        k: v for k, v in nobody.items() if k not in same
    }
    log = client.get(
        f"/api/teachers/{bram['teacher_id']}/access-log",
        headers=token_for("teacher", bram["teacher_id"]),
    ).json()["data"]
    assert log == []


def test_faulty_rows_are_reported_each_and_the_others_checked(
    client: TestClient, token_for: Tokens, people: dict[str, dict[str, Any]]
) -> None:
    """Every faulty row names its faults; the valid rows are checked all the same."""
    anna = people["anna"]["register_number"]
    text = (
        "birth_date;register_number\n"  # another order and separator are read too
        "1980-05-01;12345\n"  # row 1: not a register number
        "01-05-1980;" + people["bram"]["register_number"] + "\n"  # row 2: not ISO
        "2030-01-01;" + _unknown_number({anna}) + "\n"  # row 3: born in the future
        "1980-05-01;" + anna + "\n"  # row 4: found
        "1980-05-02;" + anna + "\n"  # row 5: the same number again
        "1980-05-01\n"  # row 6: a field short
    )

    answer = _check(client, token_for, text)

    assert answer.status_code == 200, answer.text
    body = answer.json()
    results = [(r["row"], r["line"], r["result"]) for r in body["data"]]
    assert results == [
        (1, 2, "invalid"),
        (2, 3, "invalid"),
        (3, 4, "invalid"),
        (4, 5, "found"),
        (5, 6, "invalid"),
        (6, 7, "invalid"),
    ]
    fields = {r["row"]: {e["field"] for e in r["errors"]} for r in body["data"]}
    assert fields == {
        1: {"register_number"},
        2: {"birth_date"},
        3: {"birth_date"},
        4: set(),
        5: {"register_number"},
        6: {"(row)", "register_number"},
    }
    assert (body["found"], body["not_found"], body["invalid"]) == (1, 0, 5)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        pytest.param("nummer,geboortedatum\n1,2\n", "nummer", id="unknown-columns"),
        pytest.param("register_number\n1234567897\n", "birth_date", id="missing-column"),
        pytest.param("", "(header)", id="empty"),
    ],
)
def test_a_file_without_the_checks_header_is_refused(
    client: TestClient, token_for: Tokens, text: str, field: str
) -> None:
    answer = _check(client, token_for, text)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert field in {e["field"] for e in answer.json()["errors"]}


def test_more_rows_than_the_setting_allows_are_refused_whole(
    client: TestClient, token_for: Tokens, services: Services, people: dict[str, Any]
) -> None:
    services.settings.bulk_check_max_rows = 2
    number = people["anna"]["register_number"]
    text = "register_number,birth_date\n" + f"{number},1980-05-01\n" * 3

    answer = _check(client, token_for, text)

    assert answer.status_code == 422, answer.text
    assert answer.json()["errors"] == [
        {"field": "(rows)", "message": "a check has at most 2 rows; this file has 3"}
    ]


def test_a_board_checks_only_as_itself_and_only_csv(
    client: TestClient, token_for: Tokens, people: dict[str, Any]
) -> None:
    """Another board's path is refused (403), as are other roles; JSON is not a check file."""
    text = f"register_number,birth_date\n{people['anna']['register_number']},1980-05-01\n"
    other = client.post(
        URL, content=text.encode(), headers={**CSV, **token_for("employer", "49999")}
    )
    assert other.status_code == 403
    registrar = client.post(URL, content=text.encode(), headers={**CSV, **token_for("registrar")})
    assert registrar.status_code == 403
    anonymous = client.post(URL, content=text.encode(), headers=CSV)
    assert anonymous.status_code == 401
    json_body = client.post(URL, json={"rows": []}, headers=token_for("employer", BOARD))
    assert json_body.status_code == 415
    assert json_body.headers["content-type"].startswith("application/problem+json")


def test_a_corrected_date_of_birth_is_the_one_that_matches(
    client: TestClient, token_for: Tokens, services: Services, people: dict[str, Any]
) -> None:
    """After the registrar corrects the date, the old pair is "not found" and the new found."""
    anna = people["anna"]
    services.register.correct_personal_data(
        UUID(anna["teacher_id"]),
        CorrectPersonalData(name=None, birth_date=date(1980, 6, 1)),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()
    number = anna["register_number"]
    text = f"register_number,birth_date\n{number},1980-05-01\n"
    assert _check(client, token_for, text).json()["data"][0]["result"] == "not_found"
    text = f"register_number,birth_date\n{number},1980-06-01\n"
    assert _check(client, token_for, text).json()["data"][0]["result"] == "found"
