"""The facts that count on the pages, on both stores: appointments that do not state what is
taught are flagged, a reported participation is confirmed with one click, and a rejection in a
sample shows its reason."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.bootstrap import Services
from domain.commands import RecordAppointment
from domain.commands.facts import DeliverParticipation, DrawSample, JudgeSampledActivity
from domain.commands.offerings import ValidateOffering
from domain.register import Context
from domain.values import Actor
from tests.api.web.conftest import Browser
from tests.api.web.test_pages import BOARD, REGISTRAR, admit, text_of
from tests.conftest import TODAY
from tests.procedure_helpers import PROVIDER_ID, VALIDATOR, admitted_provider, offering


def test_an_appointment_that_states_nothing_is_flagged_on_file_and_staff_view(
    services: Services, signed_in
) -> None:
    """The registrar's and teacher's file and the employer's staff list say "niet opgegeven"
    for an appointment without sector; a stated one shows its sector and subjects."""
    person = admit(services, "Heuvelrug", seed=1)
    registrar: Browser = signed_in("registrar")
    page = text_of(registrar.get(f"/teachers/{person.teacher_id}").text)
    assert "niet opgegeven" in page
    services.register.record_appointment(
        UUID(person.teacher_id),
        RecordAppointment(
            board_number=BOARD,
            brin="01AB",
            start=date(2012, 8, 1),
            end=None,
            fte=Decimal("0.8"),
            basis="diploma",
            appointment_id=next(
                iter(services.register.get_teacher(UUID(person.teacher_id)).appointments)
            ),
            sector="vo",
            subjects=["wiskunde"],
        ),
        ctx=REGISTRAR,
    )
    page = text_of(registrar.get(f"/teachers/{person.teacher_id}").text)
    assert "niet opgegeven" not in page
    assert "voortgezet onderwijs: wiskunde" in page
    services.projections.catch_up_all()
    employer: Browser = signed_in("employer", BOARD)
    staff = text_of(employer.get(f"/employers/{BOARD}/staff").text)
    assert "voortgezet onderwijs: wiskunde" in staff
    assert "niet opgegeven" not in staff


def test_the_teacher_confirms_a_reported_participation_with_one_click(
    services: Services, signed_in
) -> None:
    register = services.register
    person = admit(services, "Heuvelrug", seed=1)
    admitted_provider(register)
    oid = offering(register)
    register.validate_offering(oid, ValidateOffering(), ctx=VALIDATOR)
    bsn = register.get_teacher(UUID(person.teacher_id)).bsn
    register.deliver_participation(
        PROVIDER_ID,
        DeliverParticipation(
            delivery_id="cohort-1",
            rows=[{"bsn": bsn, "offering_id": oid, "completed_on": TODAY.isoformat()}],
        ),
        ctx=Context(Actor("provider", PROVIDER_ID)),
    )
    (reported,) = register.get_teacher(UUID(person.teacher_id)).participations
    teacher: Browser = signed_in("teacher", person.teacher_id)
    page = teacher.get(f"/teachers/{person.teacher_id}")
    assert "Gemelde deelname" in page.text
    assert f"/participations/{reported}/confirmation" in page.text
    done = teacher.post(f"/teachers/{person.teacher_id}/participations/{reported}/confirmation")
    assert done.status_code == 303
    file = register.get_teacher(UUID(person.teacher_id))
    assert [a.participation_id for a in file.activities.values() if a.participation_id] == [
        reported
    ]
    again = teacher.get(f"/teachers/{person.teacher_id}")
    assert f"/participations/{reported}/confirmation" not in again.text
    assert "bevestigd" in again.text


def test_a_rejection_in_a_sample_shows_its_reason_to_the_teacher(
    services: Services, signed_in
) -> None:
    register = services.register
    person = admit(services, "Heuvelrug", seed=1)
    activity_id = next(iter(register.get_teacher(UUID(person.teacher_id)).activities))
    sample = register.draw_sample(
        DrawSample(
            seed=1, size=10, occurred_from=date(2024, 3, 1), occurred_until=date(2024, 3, 1)
        ),
        ctx=REGISTRAR,
    ).data
    register.judge_sampled_activity(
        sample["sample_id"],
        UUID(person.teacher_id),
        JudgeSampledActivity(activity_id=activity_id, outcome="rejected"),
        ctx=replace(REGISTRAR, reason="Geen certificaat gevonden."),
    )
    teacher: Browser = signed_in("teacher", person.teacher_id)
    page = text_of(teacher.get(f"/teachers/{person.teacher_id}").text)
    assert "afgekeurd in een steekproef, telt niet mee" in page
    assert "Geen certificaat gevonden." in page
