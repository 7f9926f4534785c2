"""The pages by keyboard alone: signing in, and a form filled in and sent without a mouse."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Site, Visit

pytestmark = pytest.mark.browser


def _focused(page) -> str:  # type: ignore[no-untyped-def]
    """The focused element: its id, or name=value for a radio button or check box."""
    return str(
        page.evaluate(
            "(e => e.id || (e.name ? e.name + '=' + e.value : e.tagName))(document.activeElement)"
        )
    )


def _tab_to(page, element_id: str, limit: int = 60) -> None:  # type: ignore[no-untyped-def]
    """Press Tab until the element has the focus; fails when it is never reached."""
    for _ in range(limit):
        if _focused(page) == element_id:
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"#{element_id} is not reachable with Tab (stuck at {_focused(page)})")


def test_sign_in_and_record_a_peer_activity_by_keyboard(visit: Visit, site: Site) -> None:
    """Tab reaches every field in order; Space picks a kind; Enter sends; the focus lands on
    the error summary when something is missing, and the activity is recorded after."""
    page = visit.go("/sign-in")
    _tab_to(page, "token")
    page.keyboard.type(site.story.tokens["teacher"])
    with page.expect_navigation(url=re.compile(r"/teachers/")):
        page.keyboard.press("Enter")
    page = visit.go(f"/teachers/{site.story.teacher_id}/activities/new")
    _tab_to(page, "kind=peer_consultation")  # peer consultation is the first choice
    page.keyboard.press("Space")
    assert page.is_checked("input[name=kind][value=peer_consultation]")
    _tab_to(page, "title")
    page.keyboard.type("Intervisie per toetsenbord")
    with page.expect_navigation():
        page.keyboard.press("Enter")  # sent without the required fields
    assert _focused(page) == "error-summary"  # the summary takes the focus
    _tab_to(page, "occurred_on")
    page.keyboard.type("01102026")  # typed into the date field as a person would
    _tab_to(page, "contact_hours")
    page.keyboard.type("2")
    _tab_to(page, "competence_areas=didactics")
    page.keyboard.press("Space")
    _tab_to(page, "evidence")
    page.keyboard.type("Verslag gemaakt van wat ik deed en leerde.")
    _tab_to(page, "BUTTON")  # Enter in a text area is a new line: on to the form's button
    assert page.evaluate("document.activeElement.textContent").strip() == "Vastleggen"
    with page.expect_navigation(url=re.compile(r"/progress\?recorded=1")):
        page.keyboard.press("Enter")
    assert "De activiteit is vastgelegd" in page.inner_text("main")
    page = visit.go(f"/teachers/{site.story.teacher_id}")
    assert "Intervisie per toetsenbord" in page.inner_text("main")
