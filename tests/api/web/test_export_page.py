"""The teacher downloads their own copy from their file's page."""

from __future__ import annotations

from api.bootstrap import Services
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import admit


def test_teacher_downloads_their_own_data_from_the_file_page(services: Services, signed_in) -> None:
    person = admit(services, "Boomkruiper", seed=12)
    other = admit(services, "Goudhaan", seed=13)
    t: Browser = signed_in("teacher", person.teacher_id)
    page = t.get(f"/teachers/{person.teacher_id}")
    assert f'href="/teachers/{person.teacher_id}/export"' in page.text

    download = t.get(f"/teachers/{person.teacher_id}/export")

    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    data = download.json()
    assert data["schema"] == "lerarenregister-export/1"
    assert data["file"]["name"]["family_name"] == "Boomkruiper"
    assert t.get(f"/teachers/{other.teacher_id}/export").status_code == 403
