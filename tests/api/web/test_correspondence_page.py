"""The teacher's messages page: set the address, opt out of reminders, in Dutch and English."""

from __future__ import annotations

from collections.abc import Callable

from api.bootstrap import Services
from tests.api.web.conftest import Browser
from tests.decision_helpers import admit


def test_the_teacher_sets_an_address_and_opts_out_on_the_page(
    services: Services, signed_in: Callable[..., Browser]
) -> None:
    anna = admit(services.register)
    browser = signed_in("teacher", str(anna.teacher_id))
    path = f"/teachers/{anna.teacher_id}/correspondence"
    page = browser.get(path)
    assert page.status_code == 200
    assert "Berichten per e-mail" in page.text
    assert 'name="csrf"' in page.text
    saved = browser.post(
        path, {"address": "anna@example.nl", "reminders": "no", "idempotency_key": "k1"}
    )
    assert saved.status_code == 303
    assert saved.headers["location"].endswith("/correspondence?saved=1")
    found = services.register.correspondence_of(anna.teacher_id)
    assert found is not None
    assert (found.address, found.reminders) == ("anna@example.nl", False)
    again = browser.get(path + "?saved=1")
    assert 'value="anna@example.nl"' in again.text
    assert "Opgeslagen." in again.text


def test_a_bad_address_is_shown_next_to_the_field_in_the_visitors_language(
    services: Services, signed_in: Callable[..., Browser]
) -> None:
    anna = admit(services.register)
    browser = signed_in("teacher", str(anna.teacher_id))
    path = f"/teachers/{anna.teacher_id}/correspondence"
    refused = browser.post(path, {"address": "<script>@x", "reminders": "yes"})
    assert refused.status_code == 422
    assert "geen e-mailadres waar het register naar kan schrijven" in refused.text
    assert "<script>@x" not in refused.text  # escaped
    assert "&lt;script&gt;@x" in refused.text
    browser.client.cookies.set("lr_lang", "en")
    english = browser.post(path, {"address": "niet goed", "reminders": "yes"})
    assert "not an e-mail address the register can write to" in english.text
    assert services.register.correspondence_of(anna.teacher_id) is None


def test_a_form_without_its_csrf_token_is_refused(
    services: Services, signed_in: Callable[..., Browser]
) -> None:
    anna = admit(services.register)
    browser = signed_in("teacher", str(anna.teacher_id))
    answer = browser.client.post(
        f"/teachers/{anna.teacher_id}/correspondence",
        data={"address": "anna@example.nl", "reminders": "no"},
        follow_redirects=False,
    )
    assert answer.status_code in (400, 403)
    assert services.register.correspondence_of(anna.teacher_id) is None
