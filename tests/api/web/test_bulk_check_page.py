"""The board's bulk check page: upload a CSV, read the answer per row, in Dutch and English."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date

from api.bootstrap import Services
from api.demo import valid_bsn
from domain.commands import AdmitTeacher
from domain.values import Name
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import text_of
from tests.projection_helpers import REGISTRAR

BOARD = "41234"


def _admitted(services: Services) -> str:
    result = services.register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(random.Random(5)),
            name=Name("H.", "Hanna", "", "Heuvelrug"),
            birth_date=date(1979, 3, 4),
            qualifications=[{"sector": "po", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    services.projections.catch_up_all()
    return str(result.data["register_number"])


def _upload(b: Browser, content: bytes) -> str:
    answer = b.client.post(
        f"/employers/{BOARD}/check",
        data={"csrf": b.csrf()},
        files={"file": ("controle.csv", content, "text/csv")},
        follow_redirects=False,
    )
    assert answer.status_code == 200, answer.text
    return text_of(answer.text)


def test_a_board_checks_a_file_and_reads_each_row(
    services: Services, signed_in: Callable[..., Browser]
) -> None:
    """Found, not found and a faulty line, each in the table, in the page's language."""
    number = _admitted(services)
    b = signed_in("employer", BOARD)
    assert "Registratie controleren" in b.get(f"/employers/{BOARD}/staff").text
    form = b.get(f"/employers/{BOARD}/check")
    assert form.status_code == 200
    content = (
        f"register_number,birth_date\n{number},1979-03-04\n1234567897,1979-03-04\n1234,1979-03-04\n"
    ).encode()

    text = _upload(b, content)

    assert "Gevonden: 1" in text
    assert "Niet gevonden: 1" in text
    assert "H. Heuvelrug" in text
    assert "Een registernummer heeft tien cijfers met een geldig controlecijfer." in text
    assert "1979" not in text.replace("1979-03-04", "")  # no date of birth shown back
    b.client.cookies.set("lr_lang", "en")
    english = _upload(b, content)
    assert "Found: 1" in english
    assert "Not found: 1" in english


def test_a_file_without_the_header_is_shown_as_the_fields_fault(
    services: Services, signed_in: Callable[..., Browser]
) -> None:
    b = signed_in("employer", BOARD)
    answer = b.client.post(
        f"/employers/{BOARD}/check",
        data={"csrf": b.csrf()},
        files={"file": ("controle.csv", b"nummer\n1\n", "text/csv")},
        follow_redirects=False,
    )
    assert answer.status_code == 422
    assert 'aria-invalid="true"' in answer.text
