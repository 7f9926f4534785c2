"""The register extract on the pages: the teacher downloads it from their file's page, and a
visitor checks it on `/extract` (pasted or uploaded), in Dutch or English; a changed extract
is refused with its reason."""

from __future__ import annotations

import json

import pytest

from api.bootstrap import Services
from api.settings import Settings
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import admit, text_of


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """A checkpoint after every batch, so an entry is under one as soon as it is projected."""
    return settings.model_copy(update={"ledger_checkpoint_every": 1})


def test_a_teacher_downloads_an_extract_and_a_visitor_checks_it(
    services: Services, signed_in, browser: Browser
) -> None:
    person = admit(services, "Boomkruiper", seed=12)
    other = admit(services, "Goudhaan", seed=13)
    services.projections.catch_up_all()
    teacher: Browser = signed_in("teacher", person.teacher_id)
    page = teacher.get(f"/teachers/{person.teacher_id}")
    assert f'href="/teachers/{person.teacher_id}/extract"' in page.text
    download = teacher.get(f"/teachers/{person.teacher_id}/extract")
    assert download.status_code == 200, download.text
    assert download.headers["content-disposition"] == (
        f'attachment; filename="uittreksel-{person.register_number}.json"'
    )
    extract = download.text
    assert teacher.get(f"/teachers/{other.teacher_id}/extract").status_code == 403

    browser.sign_out()
    form = browser.get("/extract")
    assert form.status_code == 200
    assert 'name="csrf"' in form.text
    assert "Uittreksel uit het register controleren" in form.text

    pasted = browser.post("/extract", {"extract": extract})
    assert pasted.status_code == 200, pasted.text
    shown = text_of(pasted.text)
    assert "Dit uittreksel is echt" in shown
    assert person.register_number in shown
    assert "A. Boomkruiper" in shown
    assert "zoals zij was op de dag van uitgifte" in shown

    uploaded = browser.post(
        "/extract", files={"file": ("uittreksel.json", extract.encode(), "application/json")}
    )
    assert "Dit uittreksel is echt" in text_of(uploaded.text)

    document = json.loads(extract)
    document["proofs"][0]["hashes"][0] = "A" * 43 + "="
    refused = browser.post("/extract", {"extract": json.dumps(document)})
    assert refused.status_code == 200
    shown = text_of(refused.text)
    assert "Dit uittreksel klopt niet" in shown
    assert "Een bewijs dat een gebeurtenis in het logboek staat, klopt niet." in shown
    assert "its inclusion proof does not hold" in shown

    browser.get("/language?to=en&next=/extract")
    altered = json.loads(extract)
    altered["checkpoint"] = altered["checkpoint"].replace("\n\n", "\nx\n\n", 1)
    shown = text_of(browser.post("/extract", {"extract": json.dumps(altered)}).text)
    assert "This extract does not verify" in shown
    assert "The checkpoint in the extract is not signed by this register." in shown
    assert "This extract is genuine" in text_of(browser.post("/extract", {"extract": extract}).text)


def test_the_check_asks_for_an_extract_and_needs_the_forms_token(
    services: Services, browser: Browser
) -> None:
    empty = browser.post("/extract", {"extract": "  "})
    assert empty.status_code == 422
    assert "Plak een uittreksel of kies een bestand." in text_of(empty.text)
    garbage = browser.post("/extract", {"extract": "niet een uittreksel"})
    assert "Het bestand is geen uittreksel uit het register" in text_of(garbage.text)
    forged = browser.client.post(
        "/extract", data={"extract": "{}", "csrf": "0" * 64}, follow_redirects=False
    )
    assert forged.status_code == 403
