"""A colleague confirms a lesson visit through the pages, on both stores: the teacher asks
from their file, the colleague answers on their own page (CSRF like every form), in Dutch and
English; self-confirmation, an expired request and another board are handled as in the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID

import pytest

from api.bootstrap import Services
from api.settings import Settings
from domain.commands import RecordActivity, RecordAppointment
from domain.commands.deliveries import DisputeAppointment
from domain.register import Context
from domain.values import Actor
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import REGISTRAR, Person, admit, text_of
from tests.decision_helpers import EVIDENCE, MovableClock, clocked_services


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def services(settings: Settings, clock: MovableClock) -> Iterator[Services]:
    svc = clocked_services(settings, clock)
    yield svc
    svc.close()


def _visit(services: Services, person: Person) -> str:
    result = services.register.record_activity(
        UUID(person.teacher_id),
        RecordActivity(
            kind="lesson_visit",
            title="Lesbezoek in 3 havo",
            occurred_on=date(2026, 10, 7),
            contact_hours=Decimal(2),
            self_study_hours=Decimal(1),
            competence_areas=["didactics"],
            evidence=EVIDENCE,
            reflection="Meer wachttijd na een vraag.",
        ),
        ctx=Context(Actor("teacher", person.teacher_id)),
    )
    return str(result.data["activity_id"])


def _request_id(services: Services, colleague: Person) -> str:
    (request_id,) = services.register.get_teacher(UUID(colleague.teacher_id)).received_peer_requests
    return str(request_id)


def test_a_colleague_confirms_a_lesson_visit_through_the_pages(
    services: Services, signed_in
) -> None:
    """Ask from the file, answer on the colleague's page; the file then says who confirmed
    it and that it counts as evidenced; in English too."""
    anna = admit(services, "Heuvelrug", seed=1)
    bram = admit(services, "Jansen", seed=2)
    visit = _visit(services, anna)
    teacher: Browser = signed_in("teacher", anna.teacher_id)
    file = teacher.get(f"/teachers/{anna.teacher_id}").text
    assert "Laat een collega bevestigen" in file
    assert f"/activities/{visit}/peer-confirmation" in file
    asked = teacher.post(
        f"/teachers/{anna.teacher_id}/activities/{visit}/peer-confirmation",
        {"colleague_register_number": bram.register_number},
    )
    assert asked.status_code == 303
    page = text_of(teacher.get(f"/teachers/{anna.teacher_id}").text)
    assert "Bevestiging gevraagd aan: A. Jansen" in page

    services.projections.catch_up_all()
    colleague: Browser = signed_in("teacher", bram.teacher_id)
    mine = colleague.get(f"/teachers/{bram.teacher_id}/peer-requests")
    assert mine.status_code == 200
    shown = text_of(mine.text)
    assert "A. Heuvelrug: lesbezoek" in shown
    assert "Lesbezoek in 3 havo" in shown
    assert "7 oktober 2026" in shown
    for private in (EVIDENCE, "Meer wachttijd", anna.register_number, "didactiek"):
        assert private not in shown
    request_id = _request_id(services, bram)
    without_csrf = colleague.client.post(
        f"/teachers/{bram.teacher_id}/peer-requests/{request_id}/answer",
        data={"answer": "confirmed"},
        follow_redirects=False,
    )
    assert without_csrf.status_code == 403
    done = colleague.post(
        f"/teachers/{bram.teacher_id}/peer-requests/{request_id}/answer",
        {"answer": "confirmed", "remark": "Ik was erbij."},
    )
    assert done.status_code == 303
    assert "answered=confirmed" in done.headers["location"]
    services.projections.catch_up_all()
    after = text_of(colleague.get(done.headers["location"]).text)
    assert "Bevestigd. Het staat in uw dossier" in after
    assert "Er staan geen verzoeken voor u open." in after

    teacher = signed_in("teacher", anna.teacher_id)
    page = text_of(teacher.get(f"/teachers/{anna.teacher_id}").text)
    assert "Bevestigd door: A. Jansen" in page
    assert "telt als onderbouwd, buiten de steekproef" in page
    teacher.client.cookies.set("lr_lang", "en")
    english = text_of(teacher.get(f"/teachers/{anna.teacher_id}").text)
    assert "Confirmed by: A. Jansen" in english
    assert "counts as evidenced, exempt from sample checks" in english


def test_self_confirmation_is_refused_on_the_page_in_dutch(services: Services, signed_in) -> None:
    """One's own register number: the refusal in Dutch, nothing recorded."""
    anna = admit(services, "Heuvelrug", seed=1)
    visit = _visit(services, anna)
    teacher: Browser = signed_in("teacher", anna.teacher_id)
    refused = teacher.post(
        f"/teachers/{anna.teacher_id}/activities/{visit}/peer-confirmation",
        {"colleague_register_number": anna.register_number},
    )
    assert refused.status_code == 422
    assert "u kunt die niet zelf bevestigen" in text_of(refused.text)
    assert not services.register.get_teacher(UUID(anna.teacher_id)).peer_requests


def test_an_expired_request_cannot_be_answered_on_the_page(
    services: Services, clock: MovableClock, signed_in
) -> None:
    """After its last day the request leaves the colleague's page and an answer is refused;
    the teacher's file says it expired and offers to ask again."""
    anna = admit(services, "Heuvelrug", seed=1)
    bram = admit(services, "Jansen", seed=2)
    visit = _visit(services, anna)
    teacher: Browser = signed_in("teacher", anna.teacher_id)
    teacher.post(
        f"/teachers/{anna.teacher_id}/activities/{visit}/peer-confirmation",
        {"colleague_register_number": bram.register_number},
    )
    request_id = _request_id(services, bram)
    clock.today += timedelta(days=29)
    services.projections.catch_up_all()
    colleague: Browser = signed_in("teacher", bram.teacher_id)
    page = text_of(colleague.get(f"/teachers/{bram.teacher_id}/peer-requests").text)
    assert "Er staan geen verzoeken voor u open." in page
    late = colleague.post(
        f"/teachers/{bram.teacher_id}/peer-requests/{request_id}/answer", {"answer": "confirmed"}
    )
    assert late.status_code == 409
    assert "Het verzoek is verlopen op" in text_of(late.text)
    teacher = signed_in("teacher", anna.teacher_id)
    file = teacher.get(f"/teachers/{anna.teacher_id}").text
    assert "Verzoek verlopen bij: A. Jansen" in text_of(file)
    assert "Laat een collega bevestigen" in file


def test_a_decline_and_a_confirmation_from_another_board_on_the_pages(
    services: Services, signed_in
) -> None:
    """A decline shows its remark on the file; a confirmation by a colleague the appointments
    never show at the same board is marked so."""
    anna = admit(services, "Heuvelrug", seed=1)
    bram = admit(services, "Jansen", seed=2)
    carla = admit(services, "Visser", seed=3)
    register = services.register
    (appointment,) = register.get_teacher(UUID(carla.teacher_id)).appointments
    register.dispute_appointment(
        UUID(carla.teacher_id),
        DisputeAppointment(appointment_id=appointment),
        ctx=Context(Actor("teacher", carla.teacher_id), reason="ik werk elders"),
    )
    register.record_appointment(
        UUID(carla.teacher_id),
        RecordAppointment(
            board_number="49999",
            brin="07XY",
            start=date(2010, 8, 1),
            end=None,
            fte=Decimal("0.8"),
            basis="diploma",
        ),
        ctx=REGISTRAR,
    )
    first, second = _visit(services, anna), _visit(services, anna)
    teacher: Browser = signed_in("teacher", anna.teacher_id)
    for visit, colleague in ((first, bram), (second, carla)):
        teacher.post(
            f"/teachers/{anna.teacher_id}/activities/{visit}/peer-confirmation",
            {"colleague_register_number": colleague.register_number},
        )
    declined = signed_in("teacher", bram.teacher_id).post(
        f"/teachers/{bram.teacher_id}/peer-requests/{_request_id(services, bram)}/answer",
        {"answer": "declined", "remark": "Niet bij geweest."},
    )
    assert declined.status_code == 303
    confirmed = signed_in("teacher", carla.teacher_id).post(
        f"/teachers/{carla.teacher_id}/peer-requests/{_request_id(services, carla)}/answer",
        {"answer": "confirmed"},
    )
    assert confirmed.status_code == 303
    page = text_of(signed_in("teacher", anna.teacher_id).get(f"/teachers/{anna.teacher_id}").text)
    assert "Afgewezen door: A. Jansen" in page
    assert "Niet bij geweest." in page
    assert "Bevestigd door: A. Visser" in page
    assert "niet bij hetzelfde bestuur: telt als voorheen" in page
