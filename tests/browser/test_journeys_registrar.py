"""The registrar's work in headless Chromium against a running server: admitting a person
through the form, then deciding on their qualification."""

from __future__ import annotations

import random
import re
from datetime import date, timedelta
from typing import Any

import pytest

from api.demo import valid_bsn
from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser


def _admit(visit: Visit, family_name: str, registered_on: date, seed: int) -> Any:
    """Sign in as registrar, open the admission form from the home page and fill it in: a vo
    qualification on a diploma. Answers the page of the new file."""
    page = visit.sign_in("registrar")
    page.goto(visit.site.url + "/registrar")
    assert page.get_by_role("heading", level=1).inner_text() == "Registratie"
    page.get_by_role("link", name="Persoon inschrijven").click()
    page.get_by_label("BSN").fill(valid_bsn(random.Random(seed)))
    page.get_by_label("Voorletters").fill("R.")
    page.get_by_label("Achternaam").fill(family_name)
    page.get_by_label("Geboortedatum").fill("1984-03-12")
    # first send it without a qualification: the message stands beside the rows
    page.get_by_role("button", name="Persoon inschrijven").click()
    assert page.locator("#error-summary").is_visible()
    assert page.get_by_label("Achternaam").input_value() == family_name
    page.get_by_label("Ingeschreven op").fill(registered_on.isoformat())
    page.locator("#qualifications_0_sector").select_option("vo")
    page.locator("#qualifications_0_subject").fill("biologie")
    page.locator("#qualifications_0_basis").select_option("diploma")
    page.get_by_role("button", name="Persoon inschrijven").click()
    page.wait_for_url(re.compile(r"/teachers/[0-9a-f-]{36}\?saved=1$"))
    assert family_name in page.get_by_role("heading", level=1).inner_text()
    assert "biologie" in page.inner_text("main")
    return page


def test_registrar_admits_a_person_and_re_registers_them(visit: Visit) -> None:
    """Admitted with a period already over, the qualification is re-registered from the file:
    the decision is explained on its own page."""
    page = _admit(visit, "Zandvoort", date.today() - timedelta(days=5 * 365), seed=901)
    page.get_by_role("link", name=re.compile("^Beslissen")).first.click()
    assert "Beslissen over" in page.get_by_role("heading", level=1).inner_text()
    page.get_by_role("button", name="Herregistratie beslissen").click()
    page.wait_for_url(re.compile(r"/decisions/"))
    assert "herregistratie" in page.get_by_role("heading", level=1).inner_text()
    assert "Zandvoort" in page.inner_text("main")


def test_registrar_proposes_a_strike_off_and_sees_the_term(visit: Visit) -> None:
    """The proposal page shows the ground, the term for the teacher's view, and the forms to
    decide or withdraw."""
    page = _admit(visit, "Bergkamp", date.today() - timedelta(days=30), seed=902)
    page.get_by_role("link", name=re.compile("^Beslissen")).first.click()
    page.get_by_label("Grond").first.select_option("incorrect_data")
    page.get_by_label("Waarom de doorhaling wordt overwogen").fill("Diploma niet gevonden.")
    page.get_by_role("button", name="Voornemen vastleggen").click()
    page.wait_for_url(re.compile(r"/strike-off-proposals/[0-9a-f-]{36}\?saved=1$"))
    main = page.inner_text("main")
    assert "onjuiste gegevens" in main
    assert "Zienswijze uiterlijk" in main
    assert "Diploma niet gevonden." in main
    assert page.get_by_role("button", name="Voornemen intrekken").is_visible()
