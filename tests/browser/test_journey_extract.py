"""End to end in Chromium: a teacher downloads their register extract from their file's page,
and a new employer, with no account, uploads it on `/extract` and reads that it is genuine;
the same file verifies with the command line and the register's verifier key alone."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import REQUIRE_BROWSER, Site, Visit
from tests.browser.harness import browser_missing, chromium, prepare_store, running_server

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The register, signing a checkpoint after every batch (LR_LEDGER_CHECKPOINT_SECONDS=0),
    so that an entry is under a checkpoint as soon as the server has taken its events in."""
    missing = browser_missing()
    if missing is not None:
        if REQUIRE_BROWSER:
            pytest.fail(f"browser tests are required (LR_REQUIRE_BROWSER=1) but {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    root = tmp_path_factory.mktemp("browser-extract")
    data = root / "data"
    data.mkdir()
    story = prepare_store(data, demo_teachers=5)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("LR_LEDGER_CHECKPOINT_SECONDS", "0")
        with running_server(data, root / "server.log") as url, chromium() as browser:
            yield Site(url, story, browser)


def test_a_teacher_hands_over_an_extract_and_an_employer_checks_it(
    site: Site, visit: Visit, tmp_path: Path
) -> None:
    page = visit.sign_in("teacher")
    page.goto(f"{site.url}/teachers/{site.story.teacher_id}")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Uittreksel uit het register downloaden").click()
    download = waiting.value
    assert download.suggested_filename == f"uittreksel-{site.story.register_number}.json"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    employer = Visit(site)
    try:
        page = employer.go("/")
        page.get_by_role("link", name="Een uittreksel uit het register controleren").click()
        page.get_by_label("Of kies het bestand").set_input_files(str(saved))
        page.get_by_role("button", name="Controleren").click()
        result = page.get_by_role("status").first.inner_text()
        assert "Dit uittreksel is echt" in result, page.inner_text("main")[:1500]
        main = page.inner_text("main")
        assert site.story.register_number in main
        assert site.story.family_name in main
        assert "zoals zij was op de dag van uitgifte" in main
        assert not employer.problems, employer.problems
    finally:
        employer.close()

    with urllib.request.urlopen(f"{site.url}/api/ledger/key") as answer:
        vkey = answer.read().decode().strip()
    checked = subprocess.run(
        [sys.executable, "-m", "projections.ledger", "verify-extract", str(saved), "--key", vkey],
        cwd=ROOT,
        env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"Register number {site.story.register_number}" in checked.stdout
