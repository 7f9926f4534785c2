"""What people do on the register's pages, in headless Chromium against a running server."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.browser.conftest import Site, Visit
from tests.browser.harness import APOSTROPHE_NAME, SCRIPT_NAME

pytestmark = pytest.mark.browser


def _total_hours(page) -> str:
    """The hours found for the first requirement (the total) of the first qualification."""
    row = page.locator("table.requirements tbody tr").first
    return row.locator("td").first.inner_text().strip()


def test_visitor_finds_a_teacher_and_sees_their_history(visit: Visit, site: Site) -> None:
    """A visitor searches by family name, opens the entry and sees each status with its dates."""
    page = visit.go("/")
    page.get_by_label("Achternaam of registernummer").fill("heuvelrug")
    page.get_by_role("button", name="Zoeken").click()
    page.get_by_role("link", name="M. van Heuvelrug").click()
    assert page.get_by_role("heading", level=1).inner_text() == "M. van Heuvelrug"
    assert site.story.register_number in page.inner_text("main")
    history = page.locator("ol.timeline li")
    # Re-registered with an annotation: no change of status, so one public interval (a new
    # period's first day would reveal the period end, and with it leave).
    assert history.count() == 1
    assert "geregistreerd" in history.first.inner_text()
    assert "aantekening" in page.inner_text("main")


def test_visitor_sees_the_entry_as_it_stood_on_a_day(visit: Visit, site: Site) -> None:
    """The "as it stood on" form shows the entry of that day, and says so."""
    page = visit.go(f"/register/{site.story.register_number}")
    day = date(date.today().year - 1, 1, 15)
    page.get_by_label("Zoals het stond op").fill(day.isoformat())
    page.get_by_role("button", name="Toon die dag").click()
    assert f"on={day.isoformat()}" in page.url
    notice = page.get_by_role("status").inner_text()
    assert "zoals die stond op" in notice
    assert "aantekening" not in page.locator("ol.timeline").inner_text()


def test_visitor_finds_a_teacher_by_register_number(visit: Visit, site: Site) -> None:
    """A register number leads straight to the entry."""
    page = visit.go("/")
    page.get_by_label("Achternaam of registernummer").fill(site.story.apostrophe_register_number)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/register/\d{10}$"))
    assert APOSTROPHE_NAME in page.get_by_role("heading", level=1).inner_text()


def test_teacher_records_peer_consultation_and_sees_progress_change(visit: Visit) -> None:
    """Peer consultation is one click among the kinds; the progress page shows the new hours."""
    page = visit.sign_in("teacher")
    page.get_by_role("link", name="Voortgang").first.click()
    before = _total_hours(page)
    page.get_by_role("link", name="Activiteit vastleggen").click()
    page.get_by_label("intervisie").check()
    page.get_by_label("Titel of onderwerp").fill("Intervisie: differentiëren in 3 havo")
    page.get_by_label("Datum").fill(date.today().isoformat())
    page.get_by_label("Contacturen").fill("3,5")
    page.get_by_label("didactiek").check()
    page.get_by_label("Wat u deed en leerde").fill(
        "Casus besproken met de sectie en geleerd hoe ik opdrachten differentieer."
    )
    page.get_by_label("Vindplaats van het bewijs").fill("Verslag in het sectiedossier.")
    page.get_by_role("button", name="Vastleggen").click()
    assert "/progress" in page.url, page.inner_text("main")[:1500]
    assert "De activiteit is vastgelegd" in page.get_by_role("status").first.inner_text()
    after = _total_hours(page)
    assert float(after.replace(",", ".")) == float(before.replace(",", ".")) + 3.5
    assert "intervisie" in page.inner_text("main")


def test_teacher_sees_errors_next_to_the_fields(visit: Visit) -> None:
    """A form sent incomplete comes back with each message beside its field, nothing saved."""
    page = visit.sign_in("teacher")
    page.get_by_role("link", name="Mijn dossier", exact=True).click()
    page.get_by_role("link", name="Activiteit vastleggen").first.click()
    page.get_by_label("lesbezoek").check()
    page.get_by_role("button", name="Vastleggen").click()
    summary = page.locator("#error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#title-error").is_visible()
    assert page.locator("#contact_hours-error").is_visible()
    assert page.get_by_label("lesbezoek").is_checked()


def test_teacher_objects_to_a_decision(visit: Visit) -> None:
    """From the file, the teacher opens the decision, reads why, and objects within the term."""
    page = visit.sign_in("teacher")
    page.get_by_role("link", name=re.compile("^Uitleg")).first.click()
    assert "aantekening" in page.get_by_role("heading", level=1).inner_text()
    assert page.get_by_role("heading", name="Waarom").is_visible()
    page.get_by_label("Gronden van het bezwaar").fill(
        "Mijn lesbezoeken van dit jaar zijn niet meegeteld."
    )
    page.get_by_role("button", name="Bezwaar indienen").click()
    assert "/objections/" in page.url
    text = page.inner_text("main")
    assert "Uw bezwaar is ingediend" in text
    assert "in behandeling" in text
    assert "Mijn lesbezoeken van dit jaar zijn niet meegeteld." in text


def test_committee_opens_the_explanation_and_reproduces_it(visit: Visit, site: Site) -> None:
    """The appeals committee finds the file, opens the decision and reproduces it."""
    page = visit.sign_in("appeals")
    assert page.url.endswith("/review")
    page.get_by_label("Registernummer").fill(site.story.register_number)
    page.get_by_role("button", name="Dossier openen").click()
    page.get_by_role("link", name=re.compile("^Uitleg")).first.click()
    trace = page.locator("table.trace")
    assert "uren professionalisering in totaal" in trace.inner_text()
    assert "Vakdidactiek wiskunde" in trace.inner_text()
    page.get_by_role("button", name="Opnieuw berekenen").click()
    verdict = page.locator(".verdict").inner_text()
    assert "Gereproduceerd" in verdict
    assert "Niet" not in verdict


def test_auditor_filters_the_timeline_and_opens_an_old_version(visit: Visit, site: Site) -> None:
    """The complete timeline filters by kind; each event opens the file as it then stood."""
    page = visit.sign_in("auditor")
    page.goto(f"{site.url}/teachers/{site.story.teacher_id}/events")
    page.get_by_label("Soort gebeurtenis").select_option("ActivityRecorded")
    page.get_by_role("button", name="Filter toepassen").click()
    kinds = page.locator("li.event strong").all_inner_texts()
    assert kinds
    assert set(kinds) == {"activiteit vastgelegd"}
    first = page.locator("li.event").first
    version = first.locator(".version").inner_text().lstrip("v")
    first.get_by_role("link", name=re.compile("^Dossier bij deze versie")).click()
    heading = page.get_by_role("heading", level=1).inner_text()
    assert f"versie {version}" in heading
    assert "Vakdidactiek wiskunde" in page.inner_text("main")


def test_employer_sees_who_may_teach(visit: Visit, site: Site) -> None:
    """The employer's staff list says per qualification whether the person may teach."""
    page = visit.sign_in("employer")
    assert "/employers/41234/staff" in page.url
    row = page.locator("tr", has_text="M. van Heuvelrug")
    assert "ja" in row.inner_text()


def test_names_that_look_like_code_are_shown_as_text(visit: Visit, site: Site) -> None:
    """A family name made of a script tag is shown as those characters and never runs."""
    page = visit.go(f"/register/{site.story.script_register_number}")
    assert SCRIPT_NAME in page.get_by_role("heading", level=1).inner_text()
    assert page.locator("main script").count() == 0


def test_pages_fit_a_phone_and_start_with_a_skip_link(site: Site) -> None:
    """At phone width nothing scrolls sideways; the first Tab reaches "skip to content"."""
    v = Visit(site, viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        for path in ("/", f"/register/{site.story.register_number}", "/criteria", "/offerings"):
            page = v.go(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 360px"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        page.keyboard.press("Enter")
        assert page.evaluate("location.hash") == "#main"
        v.sign_in("teacher")
        story = site.story
        for path in (
            f"/teachers/{story.teacher_id}",
            f"/teachers/{story.teacher_id}/progress",
            f"/teachers/{story.teacher_id}/activities/new",
            f"/decisions/{story.decision_id}",
        ):
            page = v.go(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 360px"
    finally:
        v.close()
    assert not v.problems, v.problems


def test_language_switch_keeps_the_page(visit: Visit, site: Site) -> None:
    """English is one click away and stays chosen; the page is the same page."""
    page = visit.go(f"/register/{site.story.register_number}")
    page.get_by_role("link", name="Switch to English").click()
    assert page.url.endswith(f"/register/{site.story.register_number}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="History", exact=True).is_visible()
    page = visit.go("/criteria")
    assert "Effective from" in page.inner_text("main")
