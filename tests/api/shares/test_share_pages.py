"""Sharing an overview with the employer through the pages, on both stores: the teacher's form
and list with revoke buttons (CSRF, Dutch and English), the board's received shares and the
overview page, and every look in the teacher's access-log page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from api.bootstrap import Services
from api.web.security import LANG_COOKIE
from tests.api.shares.conftest import BOARD, OTHER_BOARD, Sharer
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import text_of
from tests.conftest import TODAY
from tests.decision_helpers import MovableClock

UNTIL = (TODAY + timedelta(days=30)).isoformat()
_SHARE_ID = re.compile(r"/employers/\d+/shares/([0-9a-f-]{36})")


def _form(who: Sharer, **changes: str) -> dict[str, object]:
    return {
        "board_number": BOARD,
        "qualification_ids": who.qualification_id,
        "activity_ids": who.shared_activity,
        "note": "Graag bespreken in het POP-gesprek",
        "until": UNTIL,
        **changes,
    }


def test_share_look_revoke_through_the_pages(
    services: Services, signed_in: Callable[..., Browser], sharer: Callable[..., Sharer]
) -> None:
    who = sharer()
    teacher = signed_in("teacher", who.teacher_id)
    file = teacher.get(f"/teachers/{who.teacher_id}")
    assert f'href="/teachers/{who.teacher_id}/shares"' in file.text
    page = teacher.get(f"/teachers/{who.teacher_id}/shares")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Delen met mijn werkgever" in text
    assert "U deelt niets met uw werkgever." in text  # nothing shared by default
    assert f'<option value="{BOARD}"' in page.text

    made = teacher.post(f"/teachers/{who.teacher_id}/shares", _form(who))
    assert made.status_code == 303, made.text
    listed = teacher.get(made.headers["location"])
    assert "gedeeld" in text_of(listed.text)
    assert "/revocation" in listed.text

    services.projections.catch_up_all()
    board = signed_in("employer", BOARD)
    received = board.get(f"/employers/{BOARD}/shares")
    assert received.status_code == 200
    assert "Vries" in text_of(received.text)
    (share_id,) = set(_SHARE_ID.findall(received.text))
    overview = board.get(f"/employers/{BOARD}/shares/{share_id}")
    assert overview.status_code == 200
    seen = text_of(overview.text)
    assert "Graag bespreken in het POP-gesprek" in seen
    assert "course 30" in seen  # the shared activity
    assert "study_day 8" not in seen  # the other one is not shared
    assert "Voortgang berekend op" in seen

    other = signed_in("employer", OTHER_BOARD)
    assert other.get(f"/employers/{BOARD}/shares").status_code == 403
    assert other.get(f"/employers/{BOARD}/shares/{share_id}").status_code == 403
    assert other.get(f"/employers/{OTHER_BOARD}/shares/{share_id}").status_code == 404

    teacher = signed_in("teacher", who.teacher_id)
    log = text_of(teacher.get(f"/teachers/{who.teacher_id}/access-log").text)
    assert "/employers/{board_number}/shares/{share_id}" in log
    assert BOARD in log

    url = f"/teachers/{who.teacher_id}/shares/{share_id}/revocation"
    assert teacher.client.post(url, data={}, follow_redirects=False).status_code == 403  # CSRF
    revoked = teacher.post(url)
    assert revoked.status_code == 303
    assert "ingetrokken" in text_of(teacher.get(revoked.headers["location"]).text)
    board = signed_in("employer", BOARD)
    assert board.get(f"/employers/{BOARD}/shares/{share_id}").status_code == 404  # at once


def test_refusals_on_the_form_in_dutch_and_english(
    services: Services, signed_in: Callable[..., Browser], sharer: Callable[..., Sharer]
) -> None:
    who = sharer()
    teacher = signed_in("teacher", who.teacher_id)
    url = f"/teachers/{who.teacher_id}/shares"
    too_long = (TODAY + timedelta(days=400)).isoformat()
    dutch = teacher.post(url, _form(who, until=too_long))
    assert dutch.status_code == 422
    assert "U kunt ten hoogste 365 dagen delen" in text_of(dutch.text)
    stranger = teacher.post(url, _form(who, board_number=OTHER_BOARD))
    assert stranger.status_code == 409
    assert f"bestuur {OTHER_BOARD} heeft die niet in uw dossier" in text_of(stranger.text)
    teacher.client.cookies.set(LANG_COOKIE, "en")
    english = teacher.post(url, _form(who, until=too_long))
    assert english.status_code == 422
    assert "a share runs at most 365 days" in text_of(english.text)
    assert "Share with my employer" in text_of(teacher.get(url).text)
    assert teacher.client.post(url, data=_form(who), follow_redirects=False).status_code == 403


def test_a_teacher_without_a_confirmed_appointment_is_told_to_confirm_first(
    services: Services, signed_in: Callable[..., Browser], sharer: Callable[..., Sharer]
) -> None:
    who = sharer(confirmed=False)
    teacher = signed_in("teacher", who.teacher_id)
    page = text_of(teacher.get(f"/teachers/{who.teacher_id}/shares").text)
    assert "Bevestig eerst uw aanstelling" in page


def test_the_board_page_forgets_a_share_after_its_last_day(
    services: Services,
    clock: MovableClock,
    signed_in: Callable[..., Browser],
    sharer: Callable[..., Sharer],
) -> None:
    who = sharer()
    teacher = signed_in("teacher", who.teacher_id)
    assert teacher.post(f"/teachers/{who.teacher_id}/shares", _form(who)).status_code == 303
    services.projections.catch_up_all()
    board = signed_in("employer", BOARD)
    (share_id,) = set(_SHARE_ID.findall(board.get(f"/employers/{BOARD}/shares").text))
    clock.today = TODAY + timedelta(days=31)
    assert board.get(f"/employers/{BOARD}/shares/{share_id}").status_code == 404
    assert "Geen leraar deelt" in text_of(board.get(f"/employers/{BOARD}/shares").text)
    teacher = signed_in("teacher", who.teacher_id)
    assert "afgelopen" in text_of(teacher.get(f"/teachers/{who.teacher_id}/shares").text)
