"""`make screenshots`: a PNG of each main page in docs/screenshots/, from a real server and
headless Chromium, on a fresh temporary store (nothing of the working store is touched).

    .venv/bin/python -m tests.browser.make_screenshots [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.browser.harness import (
    browser_missing,
    chromium,
    prepare_store,
    running_server,
)

WIDTH = 1200


def sign_in(page: Any, url: str, token: str) -> None:
    page.goto(f"{url}/sign-in")
    page.fill("#token", token)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


#: Pages with long lists: the first screenful says enough.
FIRST_SCREEN = {"17-registrar-desk", "19-costs"}


def shoot(page: Any, out: Path, name: str) -> None:
    path = out / f"{name}.png"
    page.screenshot(path=str(path), full_page=name not in FIRST_SCREEN)
    print(f"wrote {path} ({path.stat().st_size // 1024} KiB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    args = parser.parse_args()
    missing = browser_missing()
    if missing:
        print(f"cannot take screenshots: {missing}", file=sys.stderr)
        return 1
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lr-shots-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        print("preparing a demo store ...")
        story = prepare_store(data, demo_teachers=300, procedures=True)
        with running_server(data, Path(tmp) / "server.log") as url, chromium() as browser:
            context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="nl-NL")
            page = context.new_page()
            page.goto(url + "/")
            shoot(page, out, "01-home")
            page.fill("#q", story.family_name)
            page.click("main button[type=submit]")
            shoot(page, out, "02-search")
            page.goto(f"{url}/register/{story.register_number}")
            shoot(page, out, "03-public-entry")
            page.goto(f"{url}/criteria")
            shoot(page, out, "04-criteria")
            page.goto(f"{url}/criteria/reregistration/compare?older=1&newer=2")
            shoot(page, out, "05-criteria-compare")
            page.goto(f"{url}/offerings")
            shoot(page, out, "06-offerings")
            page.goto(f"{url}/ledger")
            shoot(page, out, "07-ledger")

            sign_in(page, url, story.tokens["teacher"])
            shoot(page, out, "08-teacher-file")
            page.goto(f"{url}/teachers/{story.teacher_id}/activities/new")
            page.check("input[value=peer_consultation]")
            page.fill("#title", "Intervisie: differentiëren in 3 havo")
            shoot(page, out, "09-record-activity")
            page.goto(f"{url}/teachers/{story.teacher_id}/progress")
            shoot(page, out, "10-progress")
            page.goto(f"{url}/decisions/{story.decision_id}")
            shoot(page, out, "11-decision-explained")
            page.goto(f"{url}/teachers/{story.teacher_id}/access-log")
            shoot(page, out, "12-access-log")
            context.close()

            context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="nl-NL")
            page = context.new_page()
            sign_in(page, url, story.tokens["appeals"])
            page.goto(f"{url}/decisions/{story.decision_id}")
            page.click("form[action$='/reproduction'] button")
            page.wait_for_load_state()
            shoot(page, out, "13-reproduction")
            page.goto(f"{url}/teachers/{story.teacher_id}/events")
            shoot(page, out, "14-timeline")
            context.close()

            context = browser.new_context(viewport={"width": WIDTH, "height": 900}, locale="nl-NL")
            page = context.new_page()
            sign_in(page, url, story.tokens["employer"])
            shoot(page, out, "15-staff")
            context.close()

            def role_pages(role: str, shots: list[tuple[str, str]]) -> Any:
                context = browser.new_context(
                    viewport={"width": WIDTH, "height": 900}, locale="nl-NL"
                )
                page = context.new_page()
                sign_in(page, url, story.tokens[role])
                for name, path in shots:
                    page.goto(url + path)
                    shoot(page, out, name)
                return context, page

            context, page = role_pages(
                "registrar",
                [
                    ("17-registrar-desk", "/registrar"),
                    ("18-registrar-admission", "/registrar/admission"),
                    ("19-costs", "/costs"),
                ],
            )
            page.goto(f"{url}/teachers/{story.teacher_id}")
            page.click("a[href*='/decide']")
            page.wait_for_load_state()
            shoot(page, out, "20-registrar-decide")
            context.close()
            context, page = role_pages("validator", [("21-validator-work-list", "/validation")])
            page.click("a[href^='/validation/providers/']")
            page.wait_for_load_state()
            shoot(page, out, "22-validator-application")
            context.close()
            context, _ = role_pages(
                "provider",
                [("23-provider-home", "/provider"), ("24-provider-apply", "/provider/application")],
            )
            context.close()
            context, page = role_pages(
                "standards",
                [
                    ("25-standards-home", "/standards"),
                    (
                        "26-standards-draft",
                        "/standards/drafts/new?name=reregistration&from_version=2",
                    ),
                ],
            )
            page.goto(f"{url}/standards/criteria/reregistration/2")
            page.click("form[action$='/impact'] button[type=submit]")
            page.wait_for_load_state()
            shoot(page, out, "27-standards-impact")
            context.close()

            phone = browser.new_context(
                viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True
            )
            page = phone.new_page()
            page.goto(f"{url}/register/{story.register_number}")
            shoot(page, out, "16-phone-public-entry")
            phone.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
