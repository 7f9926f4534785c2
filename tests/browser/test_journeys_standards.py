"""The profession's work in the browser: a new criteria version drafted from the one in force,
its impact, its adoption with the consultation record; and the costs overview."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.browser.conftest import Site, Visit

pytestmark = pytest.mark.browser


def test_the_profession_drafts_assesses_and_adopts_a_version(visit: Visit, site: Site) -> None:
    """From the version in force: change a figure and the version number, save, look at the
    impact, adopt with a consultation record; the public criteria page lists the version."""
    page = visit.sign_in("standards")
    assert page.url.endswith("/standards")
    book = page.locator("section", has=page.locator("#book-reregistration"))
    book.get_by_role("link", name=re.compile("^Nieuw ontwerp")).click()
    field = page.get_by_label("Criteriadocument (JSON)")
    text = field.input_value()
    assert '"version": 1,' in text
    assert '"min_total_hours": 160,' in text
    assert "Pas het versienummer" in page.locator("#document-hint").inner_text()
    changed = text.replace('"version": 1,', '"version": 3,').replace(
        '"min_total_hours": 160,', '"min_total_hours": 150,'
    )
    field.fill(changed)
    page.get_by_role("button", name="Ontwerp opslaan").click()
    page.wait_for_load_state()
    assert "drafted=1" in page.url, page.inner_text("main")[:800]
    page.wait_for_url(re.compile(r"/standards/criteria/reregistration/3\?drafted=1$"))
    assert "Het ontwerp is opgeslagen." in page.get_by_role("status").inner_text()
    assert "ontwerp" in page.locator("dl.facts").inner_text()

    page.get_by_role("button", name="Gevolgen berekenen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/impact"), page.inner_text("main")[:800]
    counts = page.locator("table.impact-counts")
    assert counts.is_visible()
    assert "geherregistreerd" in counts.inner_text()
    page.get_by_role("link", name="Terug").click()

    page.get_by_role("button", name="Op de achtergrond laten berekenen").click()
    page.wait_for_url(re.compile(r"/standards/impact-runs/[0-9a-f-]+$"))
    # the serve process's worker runs it; the page refreshes itself until it has ended
    page.wait_for_selector("#run-status[data-status=completed]", timeout=30_000)
    assert page.locator("table.impact-counts").is_visible()
    page.get_by_role("link", name="Terug").click()
    assert "klaar" in page.locator("#last-run").inner_text()

    effective = date.today() + timedelta(days=800)
    page.get_by_label("Geldt vanaf").fill(effective.isoformat())
    page.get_by_label("Geraadpleegd").fill("AOb\nCNV Onderwijs\nVO-raad")
    page.get_by_label("Gehouden op").fill((date.today() - timedelta(days=7)).isoformat())
    page.get_by_label("Samenvatting").fill("Steun voor 150 uur.")
    page.get_by_role("button", name="Vaststellen").click()
    page.wait_for_load_state()
    assert "adopted=1" in page.url, page.inner_text("main")[-1500:]
    assert "vastgesteld" in page.get_by_role("status").inner_text()

    page = visit.go("/criteria")
    row = page.locator("#book-reregistration ~ .table-wrap tr", has_text="versie 3")
    assert "AOb, CNV Onderwijs, VO-raad" in row.inner_text()
    assert "vastgesteld" in row.inner_text()


def test_costs_and_the_profession_s_pages_fit_a_phone(site: Site) -> None:
    """At 360 pixels nothing scrolls sideways; the costs page shows euros the Dutch way."""
    v = Visit(site, viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        v.sign_in("standards")
        for path in (
            "/standards",
            "/standards/drafts/new?name=reregistration&from_version=1",
            "/standards/criteria/reregistration/2",
            "/costs",
        ):
            page = v.go(path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 1, f"{path} scrolls sideways by {overflow}px at 360px"
        assert re.search(r"€ \d", page.inner_text("main")) or "Geen kosten" in page.inner_text(
            "main"
        )
    finally:
        v.close()
    assert not v.problems, v.problems
