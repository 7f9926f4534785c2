"""Every role's pages at phone width: signed in as each role, the start page and the pages it
links to fit 360 pixels without scrolling sideways (wide tables scroll inside their own box)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import Site, Visit

pytestmark = pytest.mark.browser

#: How many pages linked from a role's start page are opened.
LINKS = 8
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


@pytest.mark.parametrize(
    "role",
    [
        "teacher",
        "employer",
        "registrar",
        "validator",
        "provider",
        "standards",
        "appeals",
        "auditor",
    ],
)
def test_each_roles_pages_fit_a_phone(site: Site, role: str) -> None:
    v = Visit(site, viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = v.sign_in(role)
        start = page.url
        links = page.eval_on_selector_all(
            "main a[href^='/']:not([download])", "els => els.map(e => e.getAttribute('href'))"
        )
        paths = [start.removeprefix(site.url), *list(dict.fromkeys(links))[:LINKS]]
        for path in paths:
            answer = v.go(path)
            assert page.evaluate(OVERFLOW) <= 1, f"{role}: {path} scrolls sideways at 360px"
            assert answer is not None
    finally:
        v.close()
    assert not v.problems, v.problems


def test_the_demand_page_fits_a_phone(site: Site) -> None:
    """The demand signal's wide table scrolls inside its own box, as the profession and the
    providers open it from their menu."""
    v = Visit(site, viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        page = v.sign_in("provider")
        assert page.locator("nav a[href='/demand']").count() == 1
        v.go("/demand")
        assert "tekortkomen" in page.locator("main h1").inner_text()
        assert page.evaluate(OVERFLOW) <= 1, "/demand scrolls sideways at 360px"
    finally:
        v.close()
    assert not v.problems, v.problems
