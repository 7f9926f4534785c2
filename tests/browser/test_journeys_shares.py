"""A teacher shares a development overview with their employer and revokes it, in headless
Chromium against a running server (issue 18, item 2)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.browser.conftest import Site, Visit

pytestmark = pytest.mark.browser
BOARD = "41234"


def _received(page: Any, site: Site) -> Any:
    """The board's list, reloaded until the read model (caught up by the server) shows it."""
    for _ in range(50):
        page.goto(f"{site.url}/employers/{BOARD}/shares")
        if "Heuvelrug" in page.inner_text("main"):
            return page
        time.sleep(0.2)
    raise AssertionError(page.inner_text("main")[:1500])


def test_teacher_shares_with_the_employer_and_revokes_it(visit: Visit, site: Site) -> None:
    page = visit.sign_in("teacher")
    tid = site.story.teacher_id
    page.goto(f"{site.url}/teachers/{tid}")
    page.get_by_role("link", name="Delen met mijn werkgever").click()
    assert "U deelt niets met uw werkgever." in page.inner_text("main")
    assert "Bevestig eerst uw aanstelling" in page.inner_text("main")
    page.goto(f"{site.url}/teachers/{tid}")
    page.get_by_role("button", name="Klopt").first.click()  # confirm the appointment first
    page.get_by_role("link", name="Delen met mijn werkgever").click()
    page.locator('input[name="qualification_ids"]').first.check()
    page.get_by_label("Intervisie sectie wiskunde", exact=False).check()
    page.get_by_label("Toelichting").fill("Graag bespreken in het POP-gesprek.")
    page.get_by_role("button", name="Delen", exact=True).click()
    main = page.inner_text("main")
    assert "Opgeslagen" in main or "gedeeld" in main, main[:1500]
    assert page.get_by_role("button", name="Intrekken").count() == 1

    board = Visit(site)
    try:
        employer = board.sign_in("employer")
        _received(employer, site)
        employer.get_by_role("link", name="M. van Heuvelrug").click()
        overview = employer.inner_text("main")
        assert "Graag bespreken in het POP-gesprek." in overview
        assert "Intervisie sectie wiskunde" in overview
        assert "Lesbezoek bij een collega" not in overview  # not shared
        url = employer.url

        page.goto(f"{site.url}/teachers/{tid}/access-log")
        assert "/employers/{board_number}/shares/{share_id}" in page.inner_text("main")
        page.goto(f"{site.url}/teachers/{tid}/shares")
        page.get_by_role("button", name="Intrekken").click()
        assert "ingetrokken" in page.inner_text("main")

        answer = employer.goto(url)
        assert answer is not None
        assert answer.status == 404  # at once
        assert not board.problems, board.problems
    finally:
        board.close()
