"""A training provider and a validator do their work through the pages alone, in headless
Chromium against a running server: apply, admit, submit, validate, and the offering is in the
public catalogue."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import Site, Visit

pytestmark = pytest.mark.browser

TITLE = "Differentiëren in de bovenbouw"


def _until(page: Any, path: str, text: str, seconds: float = 15) -> None:
    """Open `path` until it shows `text` (lists read the read models, which follow the
    writes within moments)."""
    deadline = time.monotonic() + seconds
    while True:
        page.goto(path)
        if text in page.inner_text("main") or time.monotonic() > deadline:
            break
        time.sleep(0.3)
    assert text in page.inner_text("main"), f"{path} does not show {text!r}"


def test_provider_is_admitted_and_its_offering_validated(site: Site) -> None:
    """The provider applies; the validator finds the application on the work list and admits
    it; the provider submits an offering (it was refused before admission); the validator
    validates it and the answer explains each criterion; the catalogue shows it."""
    provider = Visit(site)
    validator = Visit(site)
    try:
        page = provider.sign_in("provider")
        assert page.url.endswith("/provider")
        page.get_by_role("link", name="Aanmelden als aanbieder").click()
        page.get_by_label("Naam van de aanbieder").fill("Nieuwe Academie")
        page.get_by_label("KvK-nummer").fill("24681357")
        page.get_by_label("hbo").check()
        page.get_by_label("Aansluiting op de praktijk").fill("Elke cursus met twee scholen.")
        page.get_by_label("Kwaliteitsbewaking").fill("Evaluatie na elke bijeenkomst.")
        page.locator("#complaints_procedure_in_place").get_by_label("ja").check()
        page.get_by_label("Binnen hoeveel dagen").fill("10")
        page.get_by_role("button", name="Aanmelding versturen").click()
        assert "Uw aanmelding is ontvangen" in page.get_by_role("status").inner_text()
        assert "wacht op besluit" in page.inner_text("main")

        page.get_by_role("link", name="Aanbod indienen").click()
        page.get_by_label("Titel").fill(TITLE)
        page.get_by_label("didactiek").check()
        page.get_by_label("Contacturen").fill("10,5")
        page.get_by_label("Zelfstudie").fill("6")
        page.get_by_label("Prijs in euro").fill("395,00")
        page.get_by_role("button", name="Aanbod indienen").click()
        refusal = page.get_by_role("alert").first.inner_text()
        assert "Het register weigert dit" in refusal
        assert "niet toegelaten" in refusal

        desk = validator.sign_in("validator")
        assert desk.url.endswith("/validation")
        _until(desk, site.url + "/validation", "Nieuwe Academie")
        desk.get_by_role("link", name="Nieuwe Academie").click()
        assert "Elke cursus met twee scholen." in desk.inner_text("main")
        desk.locator("#practice_alignment_sufficient").get_by_label("ja, voldoende").check()
        desk.locator("#quality_monitoring_sufficient").get_by_label("ja, voldoende").check()
        desk.get_by_label("Toelichting").fill("Goed onderbouwd.")
        desk.get_by_role("button", name="Besluit nemen").click()
        record = desk.locator("section.decision-record").first.inner_text()
        assert "Besluit over de toelating: toegelaten" in record
        assert "Goed onderbouwd." in record

        page.goto(site.url + "/provider/offerings/new")
        page.get_by_label("Titel").fill(TITLE)
        page.get_by_label("didactiek").check()
        page.get_by_label("Contacturen").fill("10,5")
        page.get_by_label("Zelfstudie").fill("6")
        page.get_by_label("Prijs in euro").fill("395,00")
        page.get_by_role("button", name="Aanbod indienen").click()
        assert "Het aanbod is ingediend" in page.get_by_role("status").inner_text()
        offering_url = page.url.split("?")[0]

        _until(desk, site.url + "/validation", TITLE)
        desk.get_by_role("link", name=TITLE).click()
        desk.get_by_role("button", name="Aanbod toetsen en besluiten").click()
        record = desk.locator("section.decision-record").first.inner_text()
        assert "Besluit over de validering: gevalideerd" in record
        assert "Omvang" in record
        assert "16,5 uur" in record
        assert "Geldig" in record

        page.goto(offering_url)
        assert "gevalideerd" in page.inner_text("main")
        _until(page, site.url + "/offerings", TITLE)
        page.get_by_role("link", name=TITLE).click()
        assert "Nieuwe Academie" in page.inner_text("main")
    finally:
        problems = provider.problems + validator.problems
        provider.close()
        validator.close()
    assert not problems, f"the pages reported problems: {problems}"
