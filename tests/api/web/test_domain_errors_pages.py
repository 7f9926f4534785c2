"""The register's refusals on the pages in the page's language, and unchanged in the API.

The domain refuses in English (the API's problem+json says so); a Dutch page shows the same
refusal in Dutch, beside the field it concerns or as the refusal page.
"""

from __future__ import annotations

import html
import random
import re
from datetime import date, timedelta
from uuid import UUID, uuid4

from fastapi.testclient import TestClient

from api.bootstrap import Services
from api.demo import valid_bsn
from api.web.security import LANG_COOKIE
from domain.commands import AdmitTeacher
from domain.register import Context
from domain.values import Actor, Name
from tests.api.web.conftest import Browser
from tests.conftest import TODAY

REGISTRAR = Context(Actor("registrar", "tests"), reason="test set-up")
FUTURE = (TODAY + timedelta(days=30)).isoformat()
FUTURE_EN = "the activity cannot lie in the future"
FUTURE_NL = "De activiteit kan niet in de toekomst liggen."


def admit(services: Services) -> str:
    result = services.register.admit_teacher(
        AdmitTeacher(
            bsn=valid_bsn(random.Random(41)),
            name=Name("J.", "Jan", "", "Veldhoven"),
            birth_date=date(1981, 2, 3),
            qualifications=[{"sector": "vo", "subject": "wiskunde", "basis": "diploma"}],
            registered_on=date(2022, 9, 1),
        ),
        ctx=REGISTRAR,
    )
    return str(result.aggregate_id)


def field_error(page: str, name: str) -> str:
    """The message shown beside a field (without the hidden "error" prefix)."""
    found = re.search(rf'<p class="field-error" id="{name}-error">(.*?)</p>', page, re.S)
    assert found is not None, f"no error beside {name}"
    text = re.sub(r'<span class="visually-hidden">.*?</span>', "", found.group(1))
    return html.unescape(text).strip()


def detail(page: str) -> str:
    found = re.search(r'<p class="detail">(.*?)</p>', page, re.S)
    assert found is not None, "no refusal on the page"
    return html.unescape(found.group(1)).strip()


ACTIVITY = {
    "kind": "course",
    "title": "Later",
    "occurred_on": FUTURE,
    "contact_hours": "3",
    "competence_areas": "didactics",
}


def test_a_refusal_beside_a_field_is_in_the_page_language(
    services: Services, signed_in, client: TestClient, token_for
) -> None:
    """An activity in the future: the domain's refusal beside the date, in Dutch on a Dutch
    page and in English on an English one; the API still answers in English; nothing was
    recorded."""
    teacher_id = admit(services)
    b: Browser = signed_in("teacher", teacher_id)
    dutch = b.post(f"/teachers/{teacher_id}/activities", ACTIVITY)
    assert dutch.status_code == 422
    assert field_error(dutch.text, "occurred_on") == FUTURE_NL
    assert FUTURE_EN not in dutch.text
    assert 'value="Later"' in dutch.text

    b.client.cookies.set(LANG_COOKIE, "en")
    english = b.post(f"/teachers/{teacher_id}/activities", ACTIVITY)
    assert english.status_code == 422
    assert field_error(english.text, "occurred_on") == FUTURE_EN

    b.sign_out()
    api = client.post(
        f"/api/teachers/{teacher_id}/activities",
        json={**ACTIVITY, "competence_areas": ["didactics"]},
        headers=token_for("teacher", teacher_id),
    )
    assert api.status_code == 422
    assert api.headers["content-type"].startswith("application/problem+json")
    problem = api.json()
    assert {
        "field": "occurred_on",
        "message": FUTURE_EN,
        "code": "activity_in_future",
    } in problem["errors"]
    assert "toekomst" not in api.text
    assert services.register.get_teacher(UUID(teacher_id)).activities == {}


def test_a_refusal_page_is_in_the_page_language(
    services: Services, signed_in, client: TestClient, token_for
) -> None:
    """A file that does not exist: the refusal page in Dutch, the id as it was asked for; in
    English with the English cookie; the API's problem+json detail in English."""
    missing = str(uuid4())
    b: Browser = signed_in("registrar")
    dutch = b.get(f"/teachers/{missing}")
    assert dutch.status_code == 404
    assert detail(dutch.text) == f"Er is geen dossier van een leraar met id {missing}."

    b.client.cookies.set(LANG_COOKIE, "en")
    english = b.get(f"/teachers/{missing}")
    assert english.status_code == 404
    assert detail(english.text) == f"no teacher file with id {missing}"

    b.sign_out()
    api = client.get(f"/api/teachers/{missing}", headers=token_for("registrar"))
    assert api.status_code == 404
    assert api.json()["detail"] == f"no teacher file with id {missing}"
