"""End-to-end fixtures: one running `lerarenregister serve` per test module on a temporary
store, and headless Chromium from the system's packages.

Without Chromium or the Playwright client the tests skip with a notice; with
LR_REQUIRE_BROWSER=1 (as in CI) they fail instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.harness import Story, browser_missing, chromium, prepare_store, running_server

REQUIRE_BROWSER = os.environ.get("LR_REQUIRE_BROWSER") == "1"


def pytest_report_header(config: pytest.Config) -> str:
    missing = browser_missing()
    if missing is None:
        return "browser: headless Chromium (tests marked browser run)"
    return f"browser: NOT AVAILABLE ({missing}); browser tests are skipped" + (
        " -- but LR_REQUIRE_BROWSER=1" if REQUIRE_BROWSER else ""
    )


@dataclass
class Site:
    """The running register and the browser that visits it."""

    url: str
    story: Story
    browser: Any


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    missing = browser_missing()
    if missing is not None:
        if REQUIRE_BROWSER:
            pytest.fail(f"browser tests are required (LR_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    root = tmp_path_factory.mktemp("browser")
    data = root / "data"
    data.mkdir()
    story = prepare_store(data, demo_teachers=40)
    with running_server(data, root / "server.log") as url, chromium() as browser:
        yield Site(url, story, browser)


class Visit:
    """A browser tab that records script errors and Content-Security-Policy violations."""

    def __init__(self, site: Site, **options: Any) -> None:
        self.site = site
        self.context = site.browser.new_context(locale="nl-NL", **options)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)
        self.page.on("response", self._response)

    def _console(self, message: Any) -> None:
        # A page answered 4xx on purpose (a form with errors) is logged as "Failed to load
        # resource"; what matters are refused scripts and styles (CSP) and script errors.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.problems.append(f"console: {message.text}")

    def _response(self, response: Any) -> None:
        if response.status >= 500:
            self.problems.append(f"{response.status} from {response.url}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def go(self, path: str) -> Any:
        self.page.goto(self.site.url + path)
        return self.page

    def sign_in(self, role: str) -> Any:
        page = self.go("/sign-in")
        page.get_by_label("Toegangstoken").fill(self.site.story.tokens[role])
        page.get_by_role("button", name="Inloggen").click()
        page.wait_for_load_state()
        return page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(site: Site) -> Iterator[Visit]:
    """A fresh browser context (no cookies); fails the test on script errors or CSP reports."""
    v = Visit(site)
    yield v
    v.close()
    assert not v.problems, f"the pages reported problems: {v.problems}"
    assert not v.dialogs, f"a page opened a dialog (injected script?): {v.dialogs}"
