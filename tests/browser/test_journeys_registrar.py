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


def test_the_desk_lists_the_proposal_and_decides_everything_due(visit: Visit) -> None:
    """An intended strike-off shows on the registrar's desk with a link to it; "decide
    everything due" decides the ended periods and shows the report; a second run decides
    nothing more."""
    page = _admit(visit, "Oranjewoud", date.today() - timedelta(days=40), seed=903)
    page.get_by_role("link", name=re.compile("^Beslissen")).first.click()
    page.get_by_label("Grond").first.select_option("incorrect_data")
    page.get_by_label("Waarom de doorhaling wordt overwogen").fill("Diploma niet gevonden.")
    page.get_by_role("button", name="Voornemen vastleggen").click()
    page.wait_for_url(re.compile(r"/strike-off-proposals/"))
    proposal = page.url.split("?")[0].removeprefix(visit.site.url)
    listed = page.locator(f"#h-proposals ~ div a[href='{proposal}']")
    for _ in range(60):  # the list is a read model: it follows the write within moments
        page.goto(visit.site.url + "/registrar")
        if listed.count():
            break
        page.wait_for_timeout(250)
    assert listed.count() == 1
    listed.click()
    page.wait_for_url(re.compile(proposal))
    page.goto(visit.site.url + "/registrar")
    page.get_by_role("button", name="Alles beslissen wat aan de beurt is").click()
    page.wait_for_load_state()
    first = page.locator("#h-report ~ p").first.inner_text()
    decided = int(re.search(r"(\d+)", first).group(1))  # type: ignore[union-attr]
    assert decided > 0  # the demo files whose period ended
    page.goto(visit.site.url + "/registrar")
    page.get_by_role("button", name="Alles beslissen wat aan de beurt is").click()
    page.wait_for_load_state()
    assert re.search(r"Besluiten genomen:\s*0\b", page.inner_text("main"))
